-- equality_test.lua - the cases of lenses/equality.lua, each a small network
-- whose answer is counted by hand in the comments.
--   samnett lens test plugins/lenses/equality.lua

-- Two municipalities and a GP office around one hospital.
local actors = {
  {id = "m1", organisation = "Alfa kommune", type = "municipality"},
  {id = "m2", organisation = "Alfa kommune", type = "municipality"},
  {id = "n1", organisation = "Delta kommune", type = "municipality"},
  {id = "h1", organisation = "Beta sykehus", type = "hospital_unit"},
  {id = "h2", organisation = "Beta sykehus", type = "hospital_unit"},
  {id = "g1", organisation = "Gamma legesenter", type = "gp"},
}

return {
  cases = {
    {
      -- m1 <-> h1 both ways (20 and 16), n1 <-> h2 both ways (10 and 10): the
      -- municipality side started 30 and the hospital side 26: balance 26/30;
      -- all 4 ties mutual: likeverdig. The hospital deals with 2
      -- municipalities, each municipality with 1 hospital: asymmetry 2.
      name = "both sides start and answer: likeverdig",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "m1", to = "h1", channel = "e-message", n = 20},
        {time = "2024-01-11", from = "h1", to = "m1", channel = "phone", n = 16},
        {time = "2024-01-12", from = "n1", to = "h2", channel = "e-message", n = 10},
        {time = "2024-01-13", from = "h2", to = "n1", channel = "meeting", n = 10},
      },
      expect = {
        {level = "network", label = "likeverdig", scores = {equal = 1, skewed = 0}},
        {level = "group", scope = "hospital_unit <-> municipality", label = "likeverdig",
         scores = {started_a = 26, started_b = 30, balance = 26 / 30, reciprocity = 1,
                   partners_a = 2, partners_b = 1, asymmetry = 2, order = 30, dialogue = 26},
         evidence = {en = "each hospital_unit organisation deals with 2.0 municipality",
                     nb = "balanse 0,87"}},
      },
    },
    {
      -- Only the municipality side starts (40 e-messages, no answers): balance
      -- 0, no mutual tie: skjev, started mostly by municipality.
      name = "orders one way only: skjev",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "m1", to = "h1", channel = "e-message", n = 25},
        {time = "2024-01-11", from = "m2", to = "h2", channel = "referral", n = 15},
      },
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality", label = "skjev",
         scores = {balance = 0, reciprocity = 0, order_share = 1},
         evidence = {en = "contact is started mostly by municipality",
                     nb = "kontakten tas mest av municipality"}},
        {level = "network", label = "skjev"},
      },
    },
    {
      -- Job shadowing only from the municipalities to the hospital (6 and 0):
      -- enveis hospitering; with 2 of 8 back it would be two-way.
      name = "job shadowing one way: enveis hospitering",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "m1", to = "h1", channel = "e-message", n = 20},
        {time = "2024-01-11", from = "h1", to = "m1", channel = "e-message", n = 20},
        {time = "2024-02-01", from = "m1", to = "h1", channel = "hospitering", n = 4},
        {time = "2024-02-02", from = "n1", to = "h2", channel = "job-shadowing", n = 2},
      },
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality",
         label = "enveis hospitering", scores = {shadowing = 6, shadowing_a = 0,
                                                  shadowing_b = 6},
         evidence = {en = "6 job-shadowing contacts from municipality to hospital_unit and 0 back",
                     nb = "6 hospiteringskontakter fra municipality til hospital_unit"}},
        {level = "network", scores = {one_way_shadowing = 1}},
      },
    },
    {
      name = "job shadowing both ways: toveis hospitering",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "m1", to = "h1", channel = "e-message", n = 20},
        {time = "2024-01-11", from = "h1", to = "m1", channel = "e-message", n = 20},
        {time = "2024-02-01", from = "m1", to = "h1", channel = "job-shadowing", n = 6},
        {time = "2024-02-02", from = "h1", to = "m1", channel = "job-shadowing", n = 2},
      },
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality",
         label = "toveis hospitering", scores = {share_back = 0.25}},
      },
    },
    {
      -- 2021: 40 e-messages; 2022: 20 and 20 calls; 2023: 10 and 30 meetings:
      -- dialogue share 0, 0.5, 0.75: fitted change +75 points: mot dialog.
      name = "from orders to dialogue: mot dialog",
      actors = actors,
      contacts = {
        {time = "2021-03-01", from = "m1", to = "h1", channel = "e-message", n = 20},
        {time = "2021-03-02", from = "h1", to = "m1", channel = "e-message", n = 20},
        {time = "2022-03-01", from = "m1", to = "h1", channel = "e-message", n = 20},
        {time = "2022-03-02", from = "h1", to = "m1", channel = "phone", n = 20},
        {time = "2023-03-01", from = "m1", to = "h1", channel = "e-message", n = 10},
        {time = "2023-03-02", from = "h1", to = "m1", channel = "meeting", n = 30},
      },
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality", label = "mot dialog",
         scores = {windows = 3, dialogue_first = 0, dialogue_last = 0.75, change = 0.75},
         evidence = {en = "the dialogue share went from 0% in 2021 to 75% in 2023"}},
      },
    },
    {
      -- The GP office and the hospital exchange 12 contacts: too few.
      name = "too few contacts: uavklart",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "g1", to = "h1", channel = "referral", n = 8},
        {time = "2024-01-20", from = "h1", to = "g1", channel = "discharge", n = 4},
      },
      count = 2,
      expect = {
        {level = "network", label = "uavklart"},
        {level = "group", scope = "gp <-> hospital_unit", label = "uavklart",
         scores = {contacts = 12}},
      },
    },
    {
      -- Contacts inside one organisation and between two municipalities are
      -- no type pair.
      name = "same organisation or same type: no pair",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "m1", to = "m2", channel = "phone", n = 50},
        {time = "2024-01-11", from = "m1", to = "n1", channel = "phone", n = 50},
      },
      count = 1,
      expect = {{level = "network", label = "uavklart",
                 scores = {pairs = 0, same_type_contacts = 50}}},
    },
  },
}
