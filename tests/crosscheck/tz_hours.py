#!/usr/bin/env python3
"""Every hour of two years in a zone, as Python's zoneinfo reads it.

  tz_hours.py ZONE FIRST_YEAR

prints, for each wall-clock hour (and half hour) of FIRST_YEAR and the year
after, "L local utc kind" (local: the wall-clock reading in seconds counted as
if it were UTC; utc: the instant with fold=0, i.e. the first occurrence of a
repeated time and, for a skipped one, the offset before the jump; kind: 0
normal, 1 ambiguous, 2 non-existent), and for each UTC hour "O utc offset".
"""
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

zone, year = ZoneInfo(sys.argv[1]), int(sys.argv[2])
epoch = datetime(1970, 1, 1)
t = datetime(year, 1, 1)
end = datetime(year + 2, 1, 1)
while t < end:
    a = t.replace(tzinfo=zone, fold=0)
    b = t.replace(tzinfo=zone, fold=1)
    o0, o1 = a.utcoffset(), b.utcoffset()
    kind = 0 if o0 == o1 else (1 if o0 > o1 else 2)
    local = int((t - epoch).total_seconds())
    print("L", local, int(a.timestamp()), kind)
    t += timedelta(minutes=30)
u = datetime(year, 1, 1, tzinfo=timezone.utc)
uend = datetime(year + 2, 1, 1, tzinfo=timezone.utc)
while u < uend:
    print("O", int(u.timestamp()), int(u.astimezone(zone).utcoffset().total_seconds()))
    u += timedelta(hours=1)
