-- cited_test.lua - the test runner compares a finding's reason, concept,
-- source and test method and correction when an expectation names them.
local actors = {
  {id = "a1", organisation = "Alfa kommune", type = "municipality"},
  {id = "b1", organisation = "Beta sykehus", type = "hospital_unit"},
}
local contacts = {{time = "2024-01-10", from = "a1", to = "b1", channel = "phone"}}

return {
  cases = {
    {name = "each finding's citation and test as given",
     actors = actors, contacts = contacts,
     expect = {
       {level = "group", scope = "Bergen kommune <-> Haukeland", label = "enveis hospitering",
        concept = "likeverd", source = "Krackhardt and Stern 1988",
        test = {method = "binomial", correction = "holm"}},
       {level = "group", scope = "Legesenter Nord", label = "uavklart",
        reason = "for lite data", test = {method = "binomial"}},
       {level = "network", label = "likeverdig", concept = "likeverd"},
     },
     absent = {
       {level = "group", label = "uavklart", reason = "ikke signifikant"},
       {level = "group", label = "enveis hospitering", source = "Steinsland 2021"},
       {level = "group", label = "enveis hospitering", test = {correction = "bh"}},
       {level = "network", label = "likeverdig", test = {}},
     },
     count = 3},
  },
}
