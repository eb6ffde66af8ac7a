#!/usr/bin/python3
"""check_store_file.py SAMNETT [--valgrind]

The store file (README, "Store files"; docs/store-format.md): `samnett
analyze CONTACTS --save-store FILE` writes the event store, and `samnett
analyze --store FILE` analyses it without reading the contacts again.

The differential check: the report of a fresh ingest and the report read
from the store file must be the same bytes, on a generated region (`samnett
synth --scale small`) and another (--volume 0.5 --seed 3), with --format json
(also --window month, --privacy shared with a key, and --lens all with the
lens timings left out: they are wall-clock seconds and differ on every run),
and --format csv (the folders compared file by file). The contacts are moved
away before the store file is read, so it cannot read them again. Also a
store of 64-bit times (a contact in 1920, which takes the time64 column: the
header's section table says so) and `samnett check --save-store`. A tie
table cannot be saved: --save-store with --ties is refused (exit 2).

--valgrind: only the small 1920 case, each run under valgrind memcheck
(errors and definite leaks fail).

Prints each problem and exits 1 when there is one.
"""
import filecmp
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
VALGRIND = "--valgrind" in sys.argv[2:]
problems = []
if VALGRIND and not shutil.which("valgrind"):
    print("skip: valgrind is not installed")
    sys.exit(0)


def run(*args, expect=0):
    cmd = [BIN, *args]
    if VALGRIND:
        cmd = ["valgrind", "--quiet", "--leak-check=full",
               "--errors-for-leak-kinds=definite,indirect", "--error-exitcode=99", *cmd]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != expect:
        problems.append("samnett %s: exit %d, expected %d: %s" %
                        (" ".join(args), p.returncode, expect, p.stderr.strip()[-2000:]))
    return p


def drop_seconds(v):
    if isinstance(v, dict):
        return {k: drop_seconds(x) for k, x in v.items() if k != "seconds"}
    if isinstance(v, list):
        return [drop_seconds(x) for x in v]
    return v


def same(label, a, b):
    if a != b:
        al, bl = a.splitlines(), b.splitlines()
        for i, (x, y) in enumerate(zip(al, bl)):
            if x != y:
                problems.append("%s: the reports differ at line %d: %r vs %r" % (label, i + 1, x, y))
                return
        problems.append("%s: the reports differ in length (%d vs %d lines)" % (label, len(al), len(bl)))


# the header up to its section table (docs/store-format.md): magic, version,
# byte order, file size, 6 counts, 3 message counts, 6 string counts, 4 times
# and the bucket, 9 ingest statistics, has_id_variants, n_sections
SEC_TABLE = 8 + 4 + 4 + 8 + 6 * 8 + 3 * 8 + 6 * 8 + 4 * 8 + 9 * 8 + 8 + 8


def sections(path):
    """The header's section table: [(offset, length)]."""
    with open(path, "rb") as f:
        head = f.read(SEC_TABLE + 16 * 64)
    if head[:8] != b"SNSTORE1":
        problems.append("%s: no SNSTORE1 magic" % path)
        return []
    n_sections = struct.unpack_from("<Q", head, SEC_TABLE - 8)[0]
    return [struct.unpack_from("<QQ", head, SEC_TABLE + 16 * k) for k in range(n_sections)]


def differential(tmp, name, data, runs, csv_too=True):
    """data: a folder of contacts.csv (+ actors.csv); runs: lists of extra options."""
    store = os.path.join(tmp, name + ".snst")
    fresh = {}
    for i, opts in enumerate(runs):
        p = run("analyze", data, "--format", "json", *opts,
                *(["--save-store", store] if i == 0 else []))
        fresh[i] = p.stdout
    if csv_too:
        run("analyze", data, "--format", "csv", "--output", os.path.join(tmp, name + "-csv-a"))
    # the contacts go away: the store file must hold all the report needs
    moved = data + ".away"
    os.rename(data, moved)
    try:
        for i, opts in enumerate(runs):
            p = run("analyze", "--store", store, "--format", "json", *opts)
            a, b = fresh[i], p.stdout
            if "--lens" in opts:
                a = json.dumps(drop_seconds(json.loads(a)), indent=1)
                b = json.dumps(drop_seconds(json.loads(b)), indent=1)
            same("%s %s" % (name, " ".join(opts) or "(default)"), a, b)
        if csv_too:
            ca, cb = os.path.join(tmp, name + "-csv-a"), os.path.join(tmp, name + "-csv-b")
            run("analyze", "--store", store, "--format", "csv", "--output", cb)
            names = sorted(os.listdir(ca))
            if names != sorted(os.listdir(cb)):
                problems.append("%s --format csv: other files: %s vs %s" % (name, names, sorted(os.listdir(cb))))
            match, mismatch, errors = filecmp.cmpfiles(ca, cb, names, shallow=False)
            if mismatch or errors:
                problems.append("%s --format csv: %s differ" % (name, mismatch + errors))
    finally:
        os.rename(moved, data)
    return store


def main():
    tmp = tempfile.mkdtemp(prefix="samnett-store-")
    try:
        # 64-bit times: a contact in 1920 is outside the 32-bit offsets from 2000
        old = os.path.join(tmp, "old")
        os.mkdir(old)
        with open(os.path.join(old, "contacts.csv"), "w") as f:
            f.write("time,from,to,channel,case\n")
            rows = [("1920-03-01T10:00:00Z", "a", "b", "phone", "k1"),
                    ("2021-05-02T09:30:00Z", "b", "c", "e-melding", "k1"),
                    ("2021-05-03T09:30:00Z", "c", "a", "meeting", ""),
                    ("2021-06-04T12:00:00+02:00", "a", "c", "PLO", "k2"),
                    ("2021-07-01T08:00:00Z", "d", "a", "video", "k2")]
            for r in rows:
                f.write(",".join(r) + "\n")
        store = differential(tmp, "old", old, [[], ["--window", "month"]], csv_too=not VALGRIND)
        secs = sections(store)
        if len(secs) < 2 or not (secs[0][1] == 0 and secs[1][1] == 5 * 8):
            problems.append("old: expected only a time64 column of 5 times, got time32 %d and time64 %d bytes"
                            % (secs[0][1], secs[1][1]))
        if VALGRIND:
            return
        small = os.path.join(tmp, "small")
        run("synth", "--scale", "small", "--output", small)
        os.remove(os.path.join(small, "truth.json"))
        key = os.path.join(tmp, "k.key")
        run("key", "new", key)
        store = differential(tmp, "small", small,
                             [[], ["--window", "month"], ["--privacy", "shared", "--pseudonym-key", key],
                              ["--lens", "all"]])
        secs = sections(store)
        if len(secs) < 2 or not (secs[0][1] > 0 and secs[1][1] == 0):
            problems.append("small: expected a time32 column only")
        vol = os.path.join(tmp, "vol")
        run("synth", "--scale", "small", "--volume", "0.5", "--seed", "3", "--output", vol)
        os.remove(os.path.join(vol, "truth.json"))
        differential(tmp, "vol", vol, [[], ["--window", "month"]], csv_too=False)
        # samnett check saves one too, and it reads back as the analyze one does
        chk = os.path.join(tmp, "check.snst")
        run("check", vol, "--save-store", chk)
        a = run("analyze", vol, "--format", "json").stdout
        b = run("analyze", "--store", chk, "--format", "json").stdout
        same("check --save-store", a, b)
        # a tie table is not saved
        ties = os.path.join(tmp, "ties.csv")
        run("reduce", vol, "--output", ties)
        p = run("analyze", "--ties", ties, "--save-store", os.path.join(tmp, "t.snst"), expect=2)
        if "--save-store writes the contacts as read" not in p.stderr:
            problems.append("--ties --save-store: no clear refusal: %r" % p.stderr)
        if os.path.exists(os.path.join(tmp, "t.snst")):
            problems.append("--ties --save-store wrote a file")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
for p in problems:
    print("FAIL:", p)
print("%s: %d problem(s)" % (os.path.basename(sys.argv[0]), len(problems)))
sys.exit(1 if problems else 0)
