# Writes contacts.csv with a 1 MiB value in the case column of line 3.
with open("contacts.csv", "w") as f:
    f.write("time,from,to,channel,case\n")
    f.write("2024-03-01T10:00:00Z,a1,a2,phone,k1\n")
    f.write("2024-03-01T11:00:00Z,a2,a1,phone," + "x" * 1048576 + "\n")
    f.write("2024-03-01T12:00:00Z,a1,a9,phone,k3\n")
