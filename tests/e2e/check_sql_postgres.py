#!/usr/bin/python3
"""check_sql_postgres.py SAMNETT

The SQL reduce (`samnett sql --dialect postgres`) on a real PostgreSQL
server: a throw-away cluster in a temporary folder (initdb and pg_ctl, a Unix
socket in that folder, no TCP; as an unprivileged user when run as root),
a generated region's contacts (`samnett synth --scale small`, with rows added
for the edge cases: Norwegian channel aliases in any case, ids with spaces
around them and in decomposed Unicode, weights that are not whole, empty and
unknown channels, empty cases, contacts on both sides of the daylight-saving
changes and at a month's edge in Oslo) loaded with COPY, the query run for
every --bucket and with --privacy shared --pseudonym-key, its result exported
with COPY ... TO STDOUT (CSV HEADER) and compared byte for byte with an
independent reduce of the same CSV in Python (csv, zoneinfo, hmac). One
larger region (synth --volume) for the month buckets.

The tie tables PostgreSQL made (month buckets, both regions) are then
analysed with `samnett analyze --ties` (ties_check): the network, the
actors' measures, the ties, brokerage and silos must equal those of
`samnett analyze` on the raw contacts.

Prints `ok NAME` or `FAIL NAME: why`; exits 1 when any check failed or no
server can be run here (SKIP, and exit 0, only with SAMNETT_SKIP_POSTGRES=1).
"""
import base64
import collections
import csv
import datetime as dt
import glob
import hashlib
import hmac
import io
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import unicodedata
from zoneinfo import ZoneInfo

SN = os.path.abspath(sys.argv[1])
failed = 0


def check(name, ok, why=""):
    global failed
    if ok:
        print(f"ok {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL {name}: {why}", flush=True)


# ---- the reference reduce (README, "Input"; docs/ties-columns.md) ----

# samnett's channel names and aliases (README, "Input": channel), lower case
CHANNELS = {
    "e-message": ["e-message", "emessage", "e-melding", "emelding", "plo", "plo-melding",
                  "plo melding", "plomelding", "elektronisk melding",
                  "elektronisk meldingsutveksling", "melding", "epost", "e-post", "email",
                  "e-mail", "dialogmelding", "pleie- og omsorgsmelding", "message"],
    "phone": ["phone", "telephone", "telefon", "telefonsamtale", "tlf"],
    "meeting": ["meeting", "møte", "mote", "samling", "fysisk møte", "møte fysisk",
                "ansvarsgruppemøte"],
    "video": ["video", "teams", "videomøte", "videokonsultasjon", "videokonferanse",
              "digitalt møte"],
    "referral": ["referral", "henvisning", "tilvising", "tilvisning", "henvising"],
    "discharge": ["discharge", "discharge-summary", "epikrise"],
    "visit": ["visit", "besøk", "hjemmebesøk"],
    "job-shadowing": ["job-shadowing", "job shadowing", "hospitering"],
    "other": ["other", "annet", "annen", "anna"],
}
ALIAS = {a: ch for ch, names in CHANNELS.items() for a in names}
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def is_space(c):
    return c in "\t\n\x0b\x0c\r \x85" or unicodedata.category(c) in ("Zs", "Zl", "Zp")


def norm_id(s):
    a, b = 0, len(s)
    while a < b and is_space(s[a]):
        a += 1
    while b > a and is_space(s[b - 1]):
        b -= 1
    return unicodedata.normalize("NFC", s[a:b])


def channel(raw):
    if raw == "":
        return "other"
    return ALIAS.get(unicodedata.normalize("NFC", raw).casefold(), raw)


def bucket_start(t, unit, zone):
    d = t.astimezone(zone).date()
    if unit == "week":
        d -= dt.timedelta(days=d.weekday())
    elif unit == "month":
        d = d.replace(day=1)
    elif unit == "quarter":
        d = d.replace(month=3 * ((d.month - 1) // 3) + 1, day=1)
    return d.isoformat()


def pseudonym(key, ident):
    mac = hmac.new(key, b"actor:" + ident.encode(), hashlib.sha256).digest()[:16]
    return "a-" + base64.b32encode(mac).decode()[:26].translate(str.maketrans(B32, CROCKFORD))


def fmt_weight(w):
    return str(int(w)) if w == int(w) and abs(w) < 1e15 else repr(w)


def reference(path, unit, zone="Europe/Oslo", key=None, min_cell=3):
    tz = ZoneInfo(zone)
    ties = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            t = dt.datetime.fromisoformat(r["time"].replace("Z", "+00:00")).astimezone(dt.timezone.utc)
            a, b = norm_id(r["from"]), norm_id(r["to"])
            if not a or not b:
                continue
            w = struct.unpack("f", struct.pack("f", float(r["weight"]) if r["weight"] else 1.0))[0]
            k = (a, b, channel(r["channel"]), bucket_start(t, unit, tz))
            x = ties.setdefault(k, [0, 0.0, set(), t, t])
            x[0] += 1
            x[1] += w
            if r["case"]:
                x[2].add(r["case"])
            x[3] = min(x[3], t)
            x[4] = max(x[4], t)
    if key is not None:
        ties = {(pseudonym(key, k[0]), pseudonym(key, k[1])) + k[2:]: v for k, v in ties.items()}
        per_tie = collections.Counter()
        for k, v in ties.items():
            per_tie[k[:2]] += v[0]
        ties = {k: v for k, v in ties.items() if per_tie[k[:2]] >= min_cell}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["from", "to", "channel", "bucket", "contacts", "weight", "cases", "first", "last"])
    utc = "%Y-%m-%dT%H:%M:%SZ"
    for k in sorted(ties, key=lambda k: tuple(s.encode() for s in k)):
        v = ties[k]
        w.writerow(list(k) + [v[0], fmt_weight(v[1]), len(v[2]), v[3].strftime(utc), v[4].strftime(utc)])
    return out.getvalue().encode()


# ---- the edge cases, added to the generated contacts ----

EDGE_ROWS = [
    # Norwegian aliases in any case, NFC and NFD spellings of ø
    ("2021-03-28T00:59:59Z", "sql-a", "sql-b", "MØTE", "c1", "", "2"),
    ("2021-03-28T01:00:00Z", "sql-a", "sql-b", "m\u00f8TE", "c1", "", "1"),
    ("2021-03-28T01:30:00Z", "sql-a", "sql-b", "m\u00d8te", "", "", ""),
    ("2021-03-28T01:30:00Z", "sql-a", "sql-b", "Mo\u0308te", "", "", "1"),  # ö, not ø: unknown
    ("2021-03-28T02:30:00Z", "sql-a", "sql-b", "PLO", "c2", "", "0.1"),
    ("2021-03-28T02:30:00Z", "sql-a", "sql-b", "e-Melding", "c2", "", "2.5"),
    ("2021-03-29T00:00:00Z", "sql-a", "sql-b", "Tilvising", " c3 ", "", "4"),
    ("2021-03-29T00:00:00Z", "sql-a", "sql-b", "Hospitering", "c3", "", ""),
    # ids with white space around them, and in decomposed form (NFD)
    ("2021-10-31T00:30:00Z", "  sql-a ", "\tsql-b\u00a0", "Telefon", "", "", "1"),
    ("2021-10-31T01:30:00Z", "sql-a", "sql-o\u0308", "telefon", "", "", "1"),
    ("2021-10-31T02:30:00Z", "sql-\u00f6", "sql-a", "videomøte", "", "", "3"),
    ("2021-10-31T02:30:00Z", "sql-\u00f6", "sql-a", "Teams", "", "", "3"),
    # empty and unknown channels, kept as samnett keeps them
    ("2021-12-31T22:59:59Z", "sql-a", "sql-c", "", "", "", ""),
    ("2021-12-31T23:00:00Z", "sql-a", "sql-c", "Brevpost", "", "", ""),
    ("2021-12-31T23:00:00Z", "sql-a", "sql-c", " Phone ", "", "", ""),
    ("2022-03-31T21:59:59Z", "sql-a", "sql-c", "epikrise", "", "", "1"),
    ("2022-03-31T22:00:00Z", "sql-a", "sql-c", "Epikrise", "", "", "1"),
    # a self-contact is a row too
    ("2022-01-03T12:00:00Z", "sql-c", " sql-c", "besøk", "c9", "", "7"),
]


def write_contacts(src, dst, extra):
    with open(src, newline="", encoding="utf-8") as f, open(dst, "w", newline="", encoding="utf-8") as g:
        g.write(f.read())
        w = csv.writer(g, lineterminator="\n")
        for r in extra:
            w.writerow(r)


# ---- the server ----

def pg_bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


class Server:
    def __init__(self, tmp, bindir):
        self.tmp, self.bin = tmp, bindir
        self.data = os.path.join(tmp, "pgdata")
        self.sock = tmp
        self.prefix = []
        if os.geteuid() == 0:
            user = "postgres" if _user_exists("postgres") else "nobody"
            self.prefix = ["runuser", "-u", user, "--"]
            shutil.chown(tmp, user)
        os.chmod(tmp, 0o755)

    def run(self, args, **kw):
        return subprocess.run(self.prefix + args, **kw)

    def start(self):
        r = self.run([os.path.join(self.bin, "initdb"), "-D", self.data, "-U", "sn", "-A", "trust",
                      "-E", "UTF8", "--no-locale", "--no-sync"], capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError("initdb: " + r.stderr.strip())
        opts = f"-c listen_addresses='' -k {self.sock} -F -c fsync=off"
        r = self.run([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-o", opts, "-w",
                      "-l", os.path.join(self.tmp, "server.log"), "start"],
                     capture_output=True, text=True)
        if r.returncode:
            log = open(os.path.join(self.tmp, "server.log")).read()[-2000:]
            raise RuntimeError("pg_ctl start: " + r.stderr.strip() + "\n" + log)

    def stop(self):
        self.run([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "immediate", "stop"],
                 capture_output=True)

    def psql(self, sql=None, file=None, stdin=None, env=None):
        """Run SQL (a string or a file); returns stdout bytes."""
        args = [os.path.join(self.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.sock,
                "-U", "sn", "-d", "postgres"]
        args += ["-f", file] if file else ["-c", sql]
        r = subprocess.run(self.prefix + args, stdin=stdin, capture_output=True,
                           env=dict(os.environ, **(env or {})))
        if r.returncode:
            raise RuntimeError("psql: " + r.stderr.decode(errors="replace").strip()[-2000:])
        return r.stdout


def _user_exists(name):
    import pwd
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def load(srv, path, table="contacts"):
    srv.psql(f'DROP TABLE IF EXISTS {table}; CREATE TABLE {table} ("time" timestamptz, "from" text, '
             '"to" text, channel text, "case" text, meeting text, weight double precision)')
    with open(path, "rb") as f:
        srv.psql(f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)", stdin=f)


def sql_query(args, tmp):
    r = subprocess.run([SN, "sql", "--dialect", "postgres"] + args, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError("samnett sql: " + r.stderr.strip())
    return r.stdout


def export(srv, query, tmp, env=None):
    body = query.rstrip().rstrip(";")
    path = os.path.join(tmp, "export.sql")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"COPY (\n{body}\n) TO STDOUT WITH (FORMAT csv, HEADER true);\n")
    os.chmod(path, 0o644)
    return srv.psql(file=path, env=env)


def first_diff(a, b):
    la, lb = a.decode().split("\n"), b.decode().split("\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}: postgres {x!r}, python {y!r}"
    return f"{len(la)} lines from postgres, {len(lb)} from python"


# ---- analyze --ties on the server's tie table (when samnett has it) ----

def ties_check(name, contacts, actors, ties_csv, tmp):
    """analyze --ties on the PostgreSQL tie table equals analyze on the raw contacts."""
    raw = subprocess.run([SN, "analyze", "--actors", actors, "--contacts", contacts,
                          "--format", "json", "--quiet"], capture_output=True, text=True)
    tie = subprocess.run([SN, "analyze", "--actors", actors, "--ties", ties_csv,
                          "--format", "json", "--quiet"], capture_output=True, text=True)
    if raw.returncode or tie.returncode:
        check(name, False, (raw.stderr + tie.stderr).strip()[-500:])
        return
    a, b = json.loads(raw.stdout), json.loads(tie.stdout)
    diffs = []
    # every section the tie input supports (docs/ties-columns.md): the
    # network, each actor's measures, the ties, brokerage and silos
    # actors named only by contacts are made in the order first met, which a
    # sorted tie table changes: actors by id, ties by (from, to)
    for r in (a, b):
        r["actors"] = {x["id"]: x for x in r.get("actors", [])}
        r["ties"] = {(t["from"], t["to"]): t for t in r.get("ties", [])}
    for section in ("network", "actors", "ties", "brokerage", "silo"):
        if section not in a:
            diffs.append(section + ": not in the raw report")
            continue
        same(a[section], b.get(section), section, diffs)
    if b.get("input", {}).get("kind") != "ties":
        diffs.append("input.kind is not ties: %r" % b.get("input"))
    check(name, not diffs, "; ".join(diffs[:5]))


def same(a, b, path, out):
    """Equal JSON, reals within 1e-9 relative (the sums run in another order)."""
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            if not (math.isnan(a) and math.isnan(b)) and not math.isclose(a, b, rel_tol=1e-9,
                                                                          abs_tol=1e-12):
                out.append("%s: %r != %r" % (path, a, b))
        elif a != b:
            out.append("%s: %r != %r" % (path, a, b))
    elif isinstance(a, dict) and isinstance(b, dict):
        for k in set(a) | set(b):
            if k not in a or k not in b:
                out.append("%s.%s: only in one report" % (path, k))
            else:
                same(a[k], b[k], "%s.%s" % (path, k), out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: %d entries != %d" % (path, len(a), len(b)))
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                same(x, y, "%s[%d]" % (path, i), out)
    elif a != b:
        out.append("%s: %r != %r" % (path, a, b))


def main():
    tmp = tempfile.mkdtemp(prefix="samnett-sql-pg.")
    bindir = pg_bindir()
    if not bindir:
        print("SKIP postgres: no PostgreSQL server (Debian package postgresql)")
        return 0 if os.environ.get("SAMNETT_SKIP_POSTGRES") == "1" else 1
    srv = Server(tmp, bindir)
    try:
        srv.start()
    except (RuntimeError, OSError) as e:
        print(f"SKIP postgres: the server does not start here: {e}")
        shutil.rmtree(tmp, ignore_errors=True)
        return 0 if os.environ.get("SAMNETT_SKIP_POSTGRES") == "1" else 1
    try:
        srv.psql("CREATE EXTENSION pgcrypto")
        region = os.path.join(tmp, "small")
        subprocess.run([SN, "synth", "--scale", "small", "--output", region], check=True,
                       capture_output=True)
        contacts = os.path.join(tmp, "contacts.csv")
        write_contacts(os.path.join(region, "contacts.csv"), contacts, EDGE_ROWS)
        os.chmod(contacts, 0o644)
        t0 = time.monotonic()
        load(srv, contacts)
        print(f"# loaded {contacts} in {time.monotonic() - t0:.2f} s", flush=True)
        key_path = os.path.join(tmp, "key")
        subprocess.run([SN, "key", "new", key_path], check=True)
        key = open(key_path, "rb").read()
        ties_csv = None
        for unit in ("day", "week", "month", "quarter"):
            t0 = time.monotonic()
            # the session's own time zone must not matter
            got = export(srv, sql_query(["--bucket", unit], tmp), tmp, env={"PGTZ": "America/New_York"})
            secs = time.monotonic() - t0
            want = reference(contacts, unit)
            n = got.count(b"\n") - 1
            check(f"postgres_{unit} ({n} ties, {secs:.2f} s)", got == want,
                  first_diff(got, want))
            if unit == "month":
                ties_csv = os.path.join(tmp, "ties-month.csv")
                with open(ties_csv, "wb") as f:
                    f.write(got)
        got = export(srv, sql_query(["--bucket", "week", "--timezone", "UTC"], tmp), tmp)
        want = reference(contacts, "week", zone="UTC")
        check("postgres_week_utc", got == want, first_diff(got, want))
        for unit, k in (("month", 3), ("quarter", 5)):
            args = ["--bucket", unit, "--privacy", "shared", "--pseudonym-key", key_path]
            if k != 3:
                args += ["--min-cell", str(k)]
            got = export(srv, sql_query(args, tmp), tmp)
            want = reference(contacts, unit, key=key, min_cell=k)
            check(f"postgres_shared_{unit}_min_cell_{k}", got == want, first_diff(got, want))
            if k == 3:  # the same pseudonyms as samnett's own --privacy shared
                r = subprocess.run([SN, "analyze", "--contacts", contacts, "--format", "json",
                                    "--quiet", "--privacy", "shared", "--pseudonym-key", key_path],
                                   capture_output=True, text=True)
                mine = {x for line in got.decode().split("\n")[1:] if line for x in line.split(",")[:2]}
                missing = [x for x in mine if f'"{x}"' not in r.stdout]
                check("postgres_shared_pseudonyms_as_samnett", r.returncode == 0 and mine and not missing,
                      f"{len(missing)} of {len(mine)} not in samnett's report, e.g. {missing[:2]}")
        # the edge rows themselves are in the result (not dropped on the way)
        got = export(srv, sql_query(["--bucket", "day"], tmp), tmp).decode()
        for want_row in ("sql-a,sql-b,meeting,2021-03-28,3,4,1,2021-03-28T00:59:59Z,2021-03-28T01:30:00Z",
                         "sql-a,sql-c,other,2021-12-31,1,1,0,2021-12-31T22:59:59Z,2021-12-31T22:59:59Z",
                         "sql-c,sql-c,visit,2022-01-03,1,7,1,2022-01-03T12:00:00Z,2022-01-03T12:00:00Z"):
            check(f"postgres_row {want_row[:40]}", want_row in got.split("\n"), "not in the result")
        # no weight and no case column
        srv.psql('CREATE TABLE bare AS SELECT "time", "from", "to", channel FROM contacts')
        got = export(srv, sql_query(["--table", "bare", "--no-case", "--no-weight"], tmp), tmp)
        want = reference(contacts, "month")
        want_bare = io.StringIO()
        wr = csv.writer(want_bare, lineterminator="\n")
        for i, row in enumerate(csv.reader(io.StringIO(want.decode()))):
            if i:
                row[5], row[6] = row[4], "0"
            wr.writerow(row)
        check("postgres_no_case_no_weight", got == want_bare.getvalue().encode(),
              first_diff(got, want_bare.getvalue().encode()))
        ties_check("postgres_ties_analyze", contacts, os.path.join(region, "actors.csv"),
                   ties_csv, tmp)
        # a larger region: 3 times the contacts
        big = os.path.join(tmp, "big")
        subprocess.run([SN, "synth", "--scale", "small", "--volume", "3", "--output", big],
                       check=True, capture_output=True)
        big_csv = os.path.join(big, "contacts.csv")
        os.chmod(big, 0o755)
        t0 = time.monotonic()
        load(srv, big_csv)
        t1 = time.monotonic()
        got = export(srv, sql_query([], tmp), tmp)
        t2 = time.monotonic()
        want = reference(big_csv, "month")
        n = sum(1 for _ in open(big_csv)) - 1
        check(f"postgres_volume3 ({n} contacts: load {t1 - t0:.2f} s, query {t2 - t1:.2f} s)",
              got == want, first_diff(got, want))
        big_ties = os.path.join(tmp, "big-ties-month.csv")
        with open(big_ties, "wb") as f:
            f.write(got)
        ties_check("postgres_volume3_ties_analyze", big_csv, os.path.join(big, "actors.csv"),
                   big_ties, tmp)
    except (RuntimeError, subprocess.CalledProcessError) as e:
        check("postgres", False, str(e))
    finally:
        srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
