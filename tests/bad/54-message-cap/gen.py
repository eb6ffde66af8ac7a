# Writes contacts.csv with 5,000 rows whose time is bad, and one good row.
with open("contacts.csv", "w") as f:
    f.write("time,from,to\n")
    for i in range(5000):
        f.write("bad%d,a1,a2\n" % i)
    f.write("2024-03-01T12:00:00Z,a1,a2\n")
