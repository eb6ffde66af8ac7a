#!/usr/bin/python3
"""Write the export corpus: one set of contacts as four files.

  iso/        the clean form: UTF-8, commas, ISO 8601 times with offsets,
              the canonical column and channel names
  excel1252/  Excel's "CSV (semikolondelt)": Windows-1252, semicolons,
              Norwegian headers and channel names, dd.mm.yyyy HH:MM in
              Norwegian local time (Europe/Oslo)
  utf8bom/    the same as excel1252 as UTF-8 with a byte-order mark and
              CRLF line ends
  mapped/     a system export with its own column names (read with --map)
              and one local channel name (read with --channel-map),
              dd.mm.yyyy HH:MM:SS local time

The local times cross both daylight-saving changes of 2023 (26 March and
29 October), including the repeated hour of 29 October (read as its first
occurrence, summer time), and midnight at the end of a quarter and a year.
Run from this folder (tests/e2e/data/exports); the files are committed and
this script says how they were made. tests/e2e/check_exports.py reads them.
"""
import datetime as dt
import os
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

ACTORS = [
    # id, name, organisation, unit, type
    ("k-øst-1", "Åse Ødegård", "Ås kommune", "Tildelingskontoret", "coordinator"),
    ("k-øst-2", "Bjørn Sæther", "Ås kommune", "Hjemmetjenesten", "nurse"),
    ("k-øst-3", "Ærle Strøm", "Ås kommune", "Hjemmetjenesten", "nurse"),
    ("k-vest-1", "Kåre Brå", "Frogn kommune", "Helse og omsorg", "coordinator"),
    ("k-vest-2", "Øystein Lie", "Frogn kommune", "Legevakt", "physician"),
    ("h-med-1", "Dr. Søren Håland", "Akershus universitetssykehus", "Medisinsk klinikk", "physician"),
    ("h-med-2", "Tove Næss", "Akershus universitetssykehus", "Medisinsk klinikk", "nurse"),
    ("h-kir-1", "Pål Fjære", "Akershus universitetssykehus", "Kirurgisk klinikk", "physician"),
    ("g-1", "Legesenteret på Ås", "Ås legesenter", "", "gp"),
    ("g-2", "Frogn legekontor", "Frogn legekontor", "", "gp"),
]

# (local time as written, from, to, canonical channel, Norwegian channel)
C = []
pairs = [(a[0], b[0]) for a in ACTORS for b in ACTORS if a[0] != b[0]]
CHANNELS = [
    ("e-message", "PLO-melding"),
    ("phone", "Telefon"),
    ("meeting", "Møte"),
    ("referral", "Henvisning"),
    ("discharge", "Epikrise"),
    ("video", "Videomøte"),
    ("job-shadowing", "Hospitering"),
]
SPECIAL = [
    dt.datetime(2023, 1, 2, 0, 5),     # new year, winter time
    dt.datetime(2023, 3, 26, 1, 30),   # the hour before summer time starts
    dt.datetime(2023, 3, 26, 3, 0),    # the first minute of summer time
    dt.datetime(2023, 3, 26, 3, 45),
    dt.datetime(2023, 3, 31, 23, 30),  # the last half hour of Q1 (21:30Z)
    dt.datetime(2023, 4, 1, 0, 15),    # Q2 (31 March 22:15Z)
    dt.datetime(2023, 6, 30, 23, 59),  # the last minute of Q2
    dt.datetime(2023, 10, 29, 1, 59),  # the hour before the repeated hour
    dt.datetime(2023, 10, 29, 2, 0),   # repeated hour: first occurrence, 00:00Z
    dt.datetime(2023, 10, 29, 2, 30),  # repeated hour: first occurrence, 00:30Z
    dt.datetime(2023, 10, 29, 3, 0),   # winter time again, 02:00Z
    dt.datetime(2023, 12, 31, 23, 45), # the last quarter hour of the year
    dt.datetime(2024, 1, 1, 0, 30),    # 2023-12-31T23:30Z
]
t = dt.datetime(2023, 1, 9, 8, 0)
times = list(SPECIAL)
while len(times) < 60:
    times.append(t)
    t += dt.timedelta(days=5, hours=7, minutes=13)
times.sort()
for i, when in enumerate(times):
    # the first 50 contacts each have a tie of their own, so the tie's first
    # and last time show the contact's time; the last 10 repeat ties
    a, b = pairs[(i * 7) % len(pairs)] if i < 50 else pairs[((i - 50) * 7) % len(pairs)]
    canon, nb = CHANNELS[i % len(CHANNELS)]
    C.append((when, a, b, canon, nb))


def iso(when):
    aware = when.replace(tzinfo=OSLO, fold=0)  # fold=0: the first occurrence
    return aware.isoformat()


def nb_time(when, seconds=False):
    return when.strftime("%d.%m.%Y %H:%M:%S" if seconds else "%d.%m.%Y %H:%M")


def write(path, rows, sep, encoding, newline="\n", bom=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = newline.join(sep.join(r) for r in rows) + newline
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


def quote(s, sep):
    return '"' + s.replace('"', '""') + '"' if (sep in s or '"' in s) else s


actors_en = [("id", "name", "organisation", "unit", "type")] + ACTORS
actors_nb = [("Aktør", "Navn", "Organisasjon", "Enhet", "Type")] + ACTORS
write("iso/actors.csv", [[quote(x, ",") for x in r] for r in actors_en], ",", "utf-8")
write("iso/contacts.csv",
      [("time", "from", "to", "channel")] + [(iso(w), a, b, c) for w, a, b, c, _ in C],
      ",", "utf-8")

nb_rows = [("Tidspunkt", "Avsender", "Mottaker", "Kanal")] + \
    [(nb_time(w), a, b, n) for w, a, b, _, n in C]
write("excel1252/actors.csv", actors_nb, ";", "cp1252", "\r\n")
write("excel1252/contacts.csv", nb_rows, ";", "cp1252", "\r\n")
write("utf8bom/actors.csv", actors_nb, ";", "utf-8", "\r\n", bom=True)
write("utf8bom/contacts.csv", nb_rows, ";", "utf-8", "\r\n", bom=True)

# a case-system export: its own column names, seconds, one local channel name
mapped = [("Registrert", "Fra enhet", "Til enhet", "Meldingstype")]
for i, (w, a, b, _, n) in enumerate(C):
    local = "Samhandlingsmelding" if n == "PLO-melding" else n
    mapped.append((nb_time(w, seconds=True), a, b, local))
write("mapped/actors.csv", actors_nb, ";", "utf-8")
write("mapped/contacts.csv", [[quote(x, ",") for x in r] for r in mapped], ",", "utf-8")
with open("mapped/columns.map", "w", encoding="utf-8") as f:
    f.write("# the case system's column names\n"
            "time=Registrert\nfrom=Fra enhet\nto=Til enhet\nchannel=Meldingstype\n")
with open("mapped/channels.map", "w", encoding="utf-8") as f:
    f.write("# local channel names\nSamhandlingsmelding=e-message\n")
