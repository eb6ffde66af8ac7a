#!/usr/bin/python3
"""Measure `samnett watch` on the synth data (called by scripts/bench watch).

Usage: watch_bench.py SAMNETT DATA_DIR [--appends N] [--rescores N] [--bulk N] [--idle S]
                      [--out]

With --out the watcher also writes the full JSON report on every re-score
(the full analysis runs after each line).

DATA_DIR holds actors.csv and contacts.csv (`samnett synth`). In DATA_DIR/.watch:
  1. first load: `watch --once` over contacts.csv into a new state (durable
     ingest from scratch, then one analysis);
  2. a live watcher restores that state; its memory is sampled while idle;
  3. latency: N times, 1,000 contacts are appended in one write and the time
     until the watcher's JSON line reports them is taken (default debounce);
  4. throughput while watching: a file of --bulk contacts appears (renamed
     into the folder); contacts / the line's ingest seconds (read, parse and
     SQLite commit), and contacts / wall time until the line;
  5. --rescores times one contact is appended and its line awaited; the
     resident memory is sampled along the way.
"""
import os
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time
import json


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    args = sys.argv[1:]
    opts = {"--appends": 20, "--rescores": 1000, "--bulk": 1000000, "--idle": 10}
    for k in list(opts):
        if k in args:
            i = args.index(k)
            opts[k] = int(args[i + 1])
            del args[i:i + 2]
    report = "--out" in args
    if report:
        args.remove("--out")
    samnett, data = args
    work = os.path.join(data, ".watch")
    shutil.rmtree(work, ignore_errors=True)
    logs = os.path.join(work, "logs")
    os.makedirs(logs)
    try:
        os.link(os.path.join(data, "contacts.csv"), os.path.join(logs, "contacts.csv"))
    except OSError:
        shutil.copyfile(os.path.join(data, "contacts.csv"), os.path.join(logs, "contacts.csv"))
    with open(os.path.join(data, "contacts.csv"), encoding="utf-8") as f:
        header = f.readline()
        # rows from the middle of the file: a file that began with the same bytes as
        # contacts.csv would be a copy of it (known content) and not be read
        for _ in range(100000):
            f.readline()
        pool = [f.readline() for _ in range(opts["--bulk"] + 1000 * opts["--appends"])]
    cmd = [samnett, "watch", "--actors", os.path.join(data, "actors.csv"), "--logs", logs,
           "--state", os.path.join(work, "state.db"), "--quiet"]
    live = cmd + (["--out", os.path.join(work, "report.json")] if report else [])

    t0 = time.monotonic()
    p = subprocess.run(cmd + ["--once"], capture_output=True, check=True)
    first = json.loads(p.stdout.decode().splitlines()[-1])
    t_first = time.monotonic() - t0
    n = first["totals"]["contacts"]
    print("first load (--once, new state): %d contacts in %.2f s: %.0f contacts/s durable "
          "ingest (%.2f s), then one analysis (%.2f s)"
          % (n, t_first, n / first["seconds"]["ingest"], first["seconds"]["ingest"],
             first["seconds"]["analysis"]))
    print("state file: %.1f MB" % (os.path.getsize(os.path.join(work, "state.db")) / 1e6))

    proc = subprocess.Popen(live, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = queue.Queue()

    def reader():
        for raw in proc.stdout:
            lines.put((time.monotonic(), json.loads(raw)))

    threading.Thread(target=reader, daemon=True).start()
    t0 = time.monotonic()
    at, line = lines.get(timeout=600)
    print("restart: %d contacts restored and scored in %.2f s (restore and ingest %.2f s, "
          "analysis %.2f s)" % (line["restored"], at - t0, line["seconds"]["ingest"],
                                line["seconds"]["analysis"]))

    samples = []
    for _ in range(max(1, opts["--idle"] * 2)):
        time.sleep(0.5)
        samples.append(rss_kb(proc.pid))
    print("idle %d s: resident memory %.1f .. %.1f MB (%d samples)"
          % (opts["--idle"], min(samples) / 1024, max(samples) / 1024, len(samples)))

    def wait_for(count, t_write):
        got, ingest, analysis, last = 0, [], [], t_write
        while got < count:
            at, line = lines.get(timeout=600)
            got += line["contacts_added"]
            ingest.append(line["seconds"]["ingest"])
            analysis.append(line["seconds"]["analysis"])
            last = at
        return last - t_write, sum(ingest), sum(analysis)

    append = os.path.join(logs, "append.csv")
    with open(append, "w", encoding="utf-8") as f:
        f.write(header)
    time.sleep(0.5)
    while not lines.empty():
        lines.get()
    lat, ing, ana = [], [], []
    for i in range(opts["--appends"]):
        chunk = "".join(pool[i * 1000:(i + 1) * 1000])
        t_write = time.monotonic()
        with open(append, "a", encoding="utf-8") as f:
            f.write(chunk)
        wall, si, sa = wait_for(1000, t_write)
        lat.append(wall)
        ing.append(si)
        ana.append(sa)
        time.sleep(0.3)
    q = statistics.quantiles(lat, n=10)
    print("latency, 1,000 contacts appended -> JSON line (%d appends): median %.0f ms, "
          "p90 %.0f ms, min %.0f ms, max %.0f ms; of which ingest %.0f ms and analysis %.0f ms "
          "(medians), the rest debounce and output"
          % (len(lat), statistics.median(lat) * 1e3, q[-1] * 1e3, min(lat) * 1e3,
             max(lat) * 1e3, statistics.median(ing) * 1e3, statistics.median(ana) * 1e3))

    bulk = pool[1000 * opts["--appends"]:]  # not the rows appended before: new content
    tmp = os.path.join(work, "bulk.csv")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(header)
        f.writelines(bulk)
    t_write = time.monotonic()
    os.rename(tmp, os.path.join(logs, "bulk.csv"))
    wall, si, sa = wait_for(len(bulk), t_write)
    print("throughput while watching: %d contacts durably ingested in %.2f s = %.0f contacts/s "
          "(read, parse, SQLite commit); %.0f contacts/s to the JSON line (%.2f s, analysis "
          "%.2f s)" % (len(bulk), si, len(bulk) / si, len(bulk) / wall, wall, sa))

    rss = []
    marks = {}
    one = pool[0]
    for k in range(1, opts["--rescores"] + 1):
        t_write = time.monotonic()
        with open(append, "a", encoding="utf-8") as f:
            f.write(one)
        wait_for(1, t_write)
        if k % 10 == 0:
            rss.append(rss_kb(proc.pid))
        if k in (10, 100, 500, 1000) or k == opts["--rescores"]:
            marks[k] = rss_kb(proc.pid)
    print("resident memory across %d re-scores: %s; growth after the first 100: %+.1f MB"
          % (opts["--rescores"],
             ", ".join("%d: %.1f MB" % (k, v / 1024) for k, v in sorted(marks.items())),
             (max(rss[9:] or rss) - (marks.get(100) or rss[0])) / 1024))
    proc.terminate()
    rc = proc.wait(timeout=60)
    print("SIGTERM: exit status %d" % rc)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
