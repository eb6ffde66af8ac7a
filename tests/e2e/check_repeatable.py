#!/usr/bin/python3
"""check_repeatable.py SAMNETT

The same input and options give the same bytes on every run. A network of
4,000 actors (preferential attachment, generated here with a fixed seed) is
analysed five times as JSON; every run must equal the first byte for byte.
igraph's PRPACK PageRank summed over OpenMP threads in a changing order, so
its last digits changed from run to run on networks this size.
"""
import os
import random
import subprocess
import sys
import tempfile


def main():
    sn = sys.argv[1]
    rng = random.Random(16)
    with tempfile.TemporaryDirectory(prefix="samnett-repeat.") as tmp:
        path = os.path.join(tmp, "contacts.csv")
        ends = [0, 1]
        with open(path, "w") as f:
            f.write("time,from,to,channel\n")
            t = 1577836800
            for v in range(2, 4000):
                for _ in range(3):
                    u = rng.choice(ends)
                    a, b = (v, u) if rng.random() < 0.5 else (u, v)
                    t += rng.randint(1, 600)
                    f.write("%d,a%d,a%d,e-message\n" % (t, a, b))
                    ends += [u, v]
        runs = []
        for _ in range(5):
            r = subprocess.run([sn, "analyze", path, "--format", "json", "--quiet"],
                               capture_output=True)
            if r.returncode != 0:
                print("FAIL: samnett exited %d: %s" % (r.returncode, r.stderr.decode()[-300:]))
                return 1
            runs.append(r.stdout)
        diff = [i for i in range(1, 5) if runs[i] != runs[0]]
        if diff:
            a, b = runs[0].split(b"\n"), runs[diff[0]].split(b"\n")
            line = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            print("FAIL: runs %s differ from the first; first difference on line %d: %r != %r"
                  % (diff, line + 1, a[line] if line < len(a) else b"",
                     b[line] if line < len(b) else b""))
            return 1
        print("ok: 5 runs, %d bytes each, identical" % len(runs[0]))
        return 0


if __name__ == "__main__":
    sys.exit(main())
