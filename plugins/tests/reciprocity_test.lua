-- reciprocity_test.lua - the cases of lenses/reciprocity.lua, each a small
-- hand-built network whose answer is counted by hand in the comments.
--   samnett lens test plugins/lenses/reciprocity.lua

local actors = {
  {id = "a1", organisation = "Alfa kommune", type = "municipality", unit = "Tildelingskontoret"},
  {id = "a2", organisation = "Alfa kommune", type = "municipality", unit = "Heimetenesta"},
  {id = "b1", organisation = "Beta sykehus", type = "hospital_unit", unit = "Medisinsk"},
  {id = "c1", organisation = "Gamma legesenter", type = "gp"},
  {id = "d1", organisation = "Delta kommune", type = "municipality"},
}

return {
  cases = {
    {
      -- Alfa-Beta 8 and 6: balance 6/8 = 0.75, gjensidig.
      -- Alfa-Gamma 9 and 1: balance 1/9, ensidig, mostly from Alfa.
      -- Alfa-Delta 5 and 5: balance 1, gjensidig.
      -- Beta-Gamma 2: under 10 contacts, uavklart.
      -- Alfa's internal contacts (a1 -> a2) are no pair.
      -- Network: 2 of 3 resolved pairs are mutual (67%): gjensidig.
      name = "organisation pairs with a known answer",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "a1", to = "b1", channel = "e-message", n = 5},
        {time = "2024-01-11", from = "a2", to = "b1", channel = "phone", n = 3},
        {time = "2024-01-12", from = "b1", to = "a1", channel = "discharge", n = 6},
        {time = "2024-02-01", from = "a1", to = "c1", channel = "referral", n = 9},
        {time = "2024-02-02", from = "c1", to = "a2", channel = "phone", n = 1},
        {time = "2024-03-01", from = "a1", to = "d1", channel = "meeting", n = 5},
        {time = "2024-03-01", from = "d1", to = "a1", channel = "meeting", n = 5},
        {time = "2024-03-05", from = "b1", to = "c1", channel = "e-message", n = 2},
        {time = "2024-03-06", from = "a1", to = "a2", channel = "phone", n = 4},
      },
      count = 5,
      expect = {
        {level = "network", label = "gjensidig",
         scores = {pairs = 4, mutual = 2, one_sided = 1, unresolved = 1, mutual_share = 2 / 3},
         evidence = {en = "2 of 3 organisation pairs", nb = "2 av 3 par"}},
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "gjensidig",
         scores = {contacts_ab = 8, contacts_ba = 6, balance = 0.75}},
        {level = "group", scope = "Alfa kommune <-> Gamma legesenter", label = "ensidig",
         scores = {contacts_ab = 9, contacts_ba = 1, balance = 1 / 9},
         evidence = {en = "mostly from Alfa kommune to Gamma legesenter",
                     nb = "balanse 0,11"}},
        {level = "group", scope = "Alfa kommune <-> Delta kommune", label = "gjensidig",
         scores = {balance = 1}},
        {level = "group", scope = "Beta sykehus <-> Gamma legesenter", label = "uavklart",
         scores = {contacts = 2}},
      },
    },
    {
      -- The same network with a stricter threshold: only Alfa-Delta (1.0)
      -- stays mutual; 1 of 3 is under a half, so the network is ensidig.
      name = "a stricter threshold turns the network ensidig",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "a1", to = "b1", n = 8},
        {time = "2024-01-12", from = "b1", to = "a1", n = 6},
        {time = "2024-02-01", from = "a1", to = "c1", n = 9},
        {time = "2024-02-02", from = "c1", to = "a1", n = 1},
        {time = "2024-03-01", from = "a1", to = "d1", n = 5},
        {time = "2024-03-01", from = "d1", to = "a1", n = 5},
      },
      params = {threshold = 0.8},
      expect = {
        {level = "network", label = "ensidig", scores = {mutual = 1, one_sided = 2}},
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "ensidig"},
      },
    },
    {
      -- Too little contact anywhere: every pair and the network are uavklart.
      name = "too little contact: uavklart",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "a1", to = "b1", n = 3},
        {time = "2024-01-11", from = "b1", to = "a1", n = 3},
      },
      count = 2,
      expect = {
        {level = "network", label = "uavklart", scores = {pairs = 1, unresolved = 1}},
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "uavklart"},
      },
    },
    {
      -- Grouping by unit instead (a parameter): Tildelingskontoret and
      -- Heimetenesta are now two groups, so a1 -> a2 is a pair (12 and 0).
      name = "groups by another attribute",
      actors = actors,
      contacts = {
        {time = "2024-03-06", from = "a1", to = "a2", n = 12},
      },
      params = {by = "unit"},
      expect = {
        {level = "group", scope = "Heimetenesta <-> Tildelingskontoret", label = "ensidig",
         scores = {contacts_ab = 0, contacts_ba = 12, balance = 0}},
      },
    },
    {
      -- At the organisation level the ties are between organisations already.
      name = "the organisation level gives the same pairs",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "a1", to = "b1", n = 8},
        {time = "2024-01-12", from = "b1", to = "a2", n = 6},
      },
      options = {level = "organisation"},
      expect = {
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "gjensidig",
         scores = {contacts_ab = 8, contacts_ba = 6}},
      },
    },
  },
}
