# Writes contacts.csv whose first line has no line end in its first 64 KiB.
with open("contacts.csv", "w") as f:
    f.write("time,from,to," + "x" * 70000 + "\n")
    f.write("2024-03-01T10:00:00Z,a1,a2,y\n")
