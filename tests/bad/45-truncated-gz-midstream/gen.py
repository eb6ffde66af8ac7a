# Writes contacts.csv.gz cut in the middle of its data. Stored (level 0)
# deflate blocks hold the bytes as they are, so the cut point is exact: the
# data ends after '2024-03-01T11:00' on line 3.
import gzip, os
data = open("contacts.csv", "rb").read()
z = gzip.compress(data, compresslevel=0, mtime=0)
start = z.find(data)
assert start > 0
keep = len(b"time,from,to,channel\n2024-03-01T10:00:00Z,a1,a2,phone\n2024-03-01T11:00")
open("contacts.csv.gz", "wb").write(z[:start + keep])
os.remove("contacts.csv")
