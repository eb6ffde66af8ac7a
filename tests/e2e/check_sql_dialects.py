#!/usr/bin/python3
"""check_sql_dialects.py SAMNETT

The queries of `samnett sql` for the engines this machine does not have
(DuckDB, Spark SQL, Trino; PostgreSQL runs for real in check_sql_postgres.py):
for every dialect and bucket, the query is one statement with balanced
parentheses and quotes, quotes its identifiers in the dialect's way, truncates
dates and converts time zones with the dialect's own functions, uses none of
PostgreSQL's own functions or syntax, maps every channel alias, and refuses a
pseudonym key where the engine cannot compute HMAC. Also the usage errors.
Prints `ok NAME` or `FAIL NAME: why`; exits 1 when any check failed.
"""
import os
import re
import subprocess
import sys
import tempfile

SN = sys.argv[1]
failed = 0


def check(name, ok, why=""):
    global failed
    if ok:
        print(f"ok {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {why}")


def sql(*args):
    return subprocess.run([SN, "sql"] + list(args), capture_output=True, text=True)


def strip(q, ident_quote):
    """The query without comments, string literals and quoted identifiers; None when unbalanced."""
    out, i, n = [], 0, len(q)
    while i < n:
        c = q[i]
        if q.startswith("--", i):
            j = q.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "'\"`":
            j = i + 1
            while True:
                if j >= n:
                    return None
                if q[j] == "\\" and c != ident_quote and DIALECT == "spark":
                    j += 2
                    continue
                if q[j] == c:
                    if j + 1 < n and q[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            out.append(" S " if c == "'" else " I ")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def balanced(s):
    depth = 0
    for c in s:
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
    return depth == 0


# what each dialect must use, and what only PostgreSQL has
TRUNC = {
    "postgres": "to_char(date_trunc('{u}', t AT TIME ZONE 'Europe/Oslo'), 'YYYY-MM-DD')",
    "duckdb": "strftime(date_trunc('{u}', timezone('Europe/Oslo', t)), '%Y-%m-%d')",
    "spark": "date_format(date_trunc('{u}', from_utc_timestamp(t, 'Europe/Oslo')), 'yyyy-MM-dd')",
    "trino": "CAST(CAST(date_trunc('{u}', t AT TIME ZONE 'Europe/Oslo') AS DATE) AS VARCHAR)",
}
PG_ONLY = [r"::", r"\bbtrim\(", r"\bto_char\(", r"\bCOLLATE\b", r"\bconvert_to\(", r"\bencode\(",
           r"\bdecode\(", r"\bhmac\(", r"\bDOUBLE PRECISION\b", r"\bTEXT\b", r"\bbit\(",
           r"\bsubstring\([^)]* FROM "]
MUST = {
    "duckdb": [r"\bnfc_normalize\(", r"\btrim\(\"from\", \(chr\(9\)", r"\bstrftime\(timezone\('UTC', first_t\)"],
    "spark": [r"`from`", r"`to`", r"`case`", r"trim\(BOTH '\\u0009", r"\bCAST\(CAST\(w AS FLOAT\) AS DOUBLE\)"],
    "trino": [r"\bnormalize\(trim\(BOTH U&'\\0009", r"date_format\(first_t AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%i:%sZ'\)"],
    "postgres": [r"\bnormalize\(btrim\(\"from\", U&'\\0009"],
}
MUST_NOT = {
    "duckdb": PG_ONLY + [r"`", r"U&'", r"\bnormalize\("],
    "spark": PG_ONLY + [r"\"from\"", r"U&'", r"\bnormalize\(", r"\bnfc_normalize\(", r"\bVARCHAR\b",
                        r"\bREAL\b"],
    "trino": PG_ONLY + [r"`", r"\bnfc_normalize\(", r"\bstrftime\(", r"\bSTRING\b"],
    "postgres": [r"`", r"\bnfc_normalize\(", r"\bstrftime\(", r"\bfrom_utc_timestamp\("],
}
ALIASES = ["e-melding", "plo", "telefon", "møte", "henvisning", "tilvising", "epikrise",
           "hospitering", "besøk", "annet", "videomøte", "teams"]

for DIALECT in ("postgres", "duckdb", "spark", "trino"):
    for unit in ("day", "week", "month", "quarter"):
        r = sql("--dialect", DIALECT, "--bucket", unit)
        name = f"{DIALECT}_{unit}"
        if r.returncode:
            check(name, False, r.stderr.strip())
            continue
        q = r.stdout
        body = strip(q, "`" if DIALECT == "spark" else '"')
        check(f"{name}_quotes", body is not None, "an unclosed quote")
        if body is None:
            continue
        check(f"{name}_parentheses", balanced(body), "unbalanced parentheses")
        check(f"{name}_one_statement", body.count(";") == 1 and body.rstrip().endswith(";"),
              f"{body.count(';')} semicolons")
        check(f"{name}_select", re.match(r"\s*WITH\b", body) is not None and
              not re.search(r"\b(CREATE|INSERT|UPDATE|DELETE|DROP|ALTER)\b", body, re.I),
              "not a plain WITH ... SELECT")
        check(f"{name}_truncation", TRUNC[DIALECT].format(u=unit) in q, "no " + TRUNC[DIALECT].format(u=unit))
        for pat in MUST[DIALECT]:
            check(f"{name}_has {pat}", re.search(pat, q) is not None, "missing")
        for pat in MUST_NOT[DIALECT]:
            where = body if pat != "`" else re.sub(r"--[^\n]*", "", q)
            found = re.search(pat, where)
            check(f"{name}_not {pat}", found is None, f"found {found.group(0) if found else ''}")
        for a in ALIASES:
            check(f"{name}_alias {a}", f"'{a}'" in q, "not mapped")
        cols = re.search(r"\nSELECT (.*?)\nFROM ", q, re.S).group(1)
        order = [re.findall(r"AS ([`\"]?)(\w+)\1", c)[-1][1] if " AS " in c else c.strip()
                 for c in re.split(r",(?![^()]*\))", re.sub(r"\s+", " ", cols))]
        want = ["from", "to", "channel", "bucket", "contacts", "weight", "cases", "first", "last"]
        check(f"{name}_columns", order == want, f"{order}")

with tempfile.TemporaryDirectory() as tmp:
    key = os.path.join(tmp, "key")
    subprocess.run([SN, "key", "new", key], check=True)
    hexkey = open(key, "rb").read().hex()
    for d in ("duckdb", "spark"):
        r = sql("--dialect", d, "--privacy", "shared", "--pseudonym-key", key)
        check(f"{d}_refuses_key", r.returncode == 2 and r.stdout == "" and
              "samnett analyze --ties FILE --privacy shared --pseudonym-key KEY" in r.stderr and
              "HMAC" in r.stderr, f"status {r.returncode}: {r.stderr.strip()}")
    for d, fn in (("postgres", f"decode('{hexkey}', 'hex')"), ("trino", f"from_hex('{hexkey}')")):
        r = sql("--dialect", d, "--privacy", "shared", "--pseudonym-key", key, "--min-cell", "4")
        check(f"{d}_key", r.returncode == 0 and fn in r.stdout and "tie_contacts >= 4" in r.stdout and
              "HOLDS THE PSEUDONYM KEY" in r.stdout and "holds the pseudonym key" in r.stderr,
              f"status {r.returncode}: {r.stderr.strip()}")
    r = sql("--dialect", "trino", "--privacy", "shared", "--pseudonym-key", key)
    check("trino_hmac", "hmac_sha256(to_utf8('actor:' || id)" in r.stdout and
          "'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', '0123456789abcdefghjkmnpqrstvwxyz'" in r.stdout, "")
    out = os.path.join(tmp, "q.sql")
    r = sql("--dialect", "duckdb", "--output", out, "--table", 'my"schema.contacts', "--timezone", "UTC")
    q = open(out).read() if os.path.exists(out) else ""
    check("output_file_table_timezone", r.returncode == 0 and r.stdout == "" and
          'FROM "my""schema"."contacts"' in q and "timezone('UTC', t)" in q, r.stderr)
    for args, what in ((["--dialect", "oracle"], "unknown dialect 'oracle'"),
                       ([], "no --dialect given"),
                       (["--dialect", "trino", "--bucket", "year"], "unknown bucket 'year'"),
                       (["--dialect", "trino", "--timezone", "Mars/Olympus"], "Mars/Olympus"),
                       (["--dialect", "trino", "--privacy", "shared"], "needs --pseudonym-key"),
                       (["--dialect", "trino", "--pseudonym-key", key], "--privacy shared as well"),
                       (["--dialect", "trino", "--min-cell", "5"], "--min-cell is for --privacy shared"),
                       (["--dialect", "trino", "--privacy", "shared", "--pseudonym-key", key,
                         "--min-cell", "1"], "bad --min-cell '1'"),
                       (["--dialect", "trino", "--privacy", "shared", "--pseudonym-key",
                         os.path.join(tmp, "nokey")], "cannot open"),
                       (["--dialect", "trino", "--table", "a..b"], "bad --table"),
                       (["--dialect", "trino", "stray"], "unexpected argument 'stray'")):
        r = sql(*args)
        check(f"usage {' '.join(args)[:50]}", r.returncode == 2 and what in r.stderr and r.stdout == "",
              f"status {r.returncode}: {r.stderr.strip()}")

sys.exit(1 if failed else 0)
