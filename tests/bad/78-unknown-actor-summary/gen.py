# Writes contacts.csv: 324 contacts, each naming one of 40 actors the actors
# file lacks (x1..x40), besides a1 and a2; the first unknown is on line 3.
with open("contacts.csv", "w") as f:
    f.write("time,from,to\n")
    f.write("2024-03-01T12:00:00Z,a1,a2\n")
    for i in range(324):
        f.write("2024-03-02T12:00:00Z,a1,x%d\n" % (i % 40 + 1))
