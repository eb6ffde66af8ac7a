# Writes contacts.csv: 30 good rows and 5,000 rows with a bad time (99% rejected).
with open("contacts.csv", "w") as f:
    f.write("time,from,to\n")
    for i in range(30):
        f.write("2024-03-01T12:%02d:00Z,a1,a2\n" % i)
    for i in range(5000):
        f.write("bad%d,a1,a2\n" % i)
