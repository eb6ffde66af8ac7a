# Writes contacts.csv with a line of 2,000,000 commas (2 MB) at line 3.
with open("contacts.csv", "w") as f:
    f.write("time,from,to,channel\n")
    f.write("2024-03-01T10:00:00Z,a1,a2,phone\n")
    f.write("2024-03-01T11:00:00Z,a2" + "," * 2000000 + "\n")
    f.write("2024-03-01T12:00:00Z,a1,a9,phone\n")
