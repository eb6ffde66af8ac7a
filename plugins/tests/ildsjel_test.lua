-- ildsjel_test.lua - the cases of lenses/ildsjel.lua, each a small network
-- whose key persons are known by construction.
--   samnett lens test plugins/lenses/ildsjel.lua

-- Beta sykehus: the collaboration coordinator c and ward staff b1, b2.
-- Alfa kommune a1..a3 and Gamma kommune g1..g3 around it.
local actors = {
  {id = "c", organisation = "Beta sykehus", type = "coordinator",
   profession = "samhandlingskoordinator"},
  {id = "b1", organisation = "Beta sykehus", type = "hospital_unit", profession = "sykepleier"},
  {id = "b2", organisation = "Beta sykehus", type = "hospital_unit", profession = "sykepleier"},
  {id = "a1", organisation = "Alfa kommune", type = "municipality"},
  {id = "a2", organisation = "Alfa kommune", type = "municipality"},
  {id = "a3", organisation = "Alfa kommune", type = "municipality"},
  {id = "g1", organisation = "Gamma kommune", type = "municipality"},
  {id = "g2", organisation = "Gamma kommune", type = "municipality"},
  {id = "g3", organisation = "Gamma kommune", type = "municipality"},
}

-- Alfa reaches Beta only through c, who passes things on to b1 and b2;
-- Gamma deals with b1 and b2 directly.
local bridged = {
  {time = "2024-01-10", from = "a1", to = "c", channel = "e-message", n = 20},
  {time = "2024-01-10", from = "a2", to = "c", channel = "e-message", n = 15},
  {time = "2024-01-11", from = "c", to = "a3", channel = "phone", n = 15},
  {time = "2024-01-11", from = "c", to = "b1", channel = "e-message", n = 10},
  {time = "2024-01-11", from = "c", to = "b2", channel = "e-message", n = 10},
  {time = "2024-01-12", from = "g1", to = "b1", channel = "e-message", n = 12},
  {time = "2024-01-12", from = "b2", to = "g2", channel = "e-message", n = 12},
  {time = "2024-01-12", from = "g3", to = "b2", channel = "phone", n = 10},
  {time = "2024-01-13", from = "a1", to = "a2", channel = "phone", n = 4},
  {time = "2024-01-13", from = "g1", to = "g2", channel = "phone", n = 4},
}

-- c's contact with Alfa: 20 a month January to June, then a fading trickle
-- after the project's end on 2024-07-01 (8, 4, 2, 1 and 1 contacts, one a
-- month apart), or the same 20 a month on.
local function project(fade)
  local out = {}
  local month_start = {"2024-01-", "2024-02-", "2024-03-", "2024-04-", "2024-05-", "2024-06-",
                       "2024-07-", "2024-08-", "2024-09-", "2024-10-", "2024-11-"}
  local after = fade and {8, 4, 2, 1, 1} or {20, 20, 20, 20, 20}
  for m, prefix in ipairs(month_start) do
    local n = m <= 6 and 20 or after[m - 6]
    for k = 1, n do
      out[#out + 1] = {time = string.format("%s%02dT10:00:00Z", prefix, (k - 1) % 28 + 1),
                       from = k % 2 == 0 and "c" or "a1", to = k % 2 == 0 and "a1" or "c",
                       channel = "phone"}
    end
  end
  return out
end

return {
  cases = {
    {
      -- c is the only Beta person with ties to Alfa: it alone carries Alfa-Beta's
      -- 50 contacts of the 84 between organisations (60%): the top key person.
      -- Removing it loses its 3 ties to Alfa and cuts Alfa off from Beta both ways
      -- and from Gamma (reached through c -> b2 -> g2): 3 organisation pairs.
      name = "a single bridge is the top key person",
      actors = actors,
      contacts = bridged,
      expect = {
        {level = "actor", scope = "c", label = "nøkkelperson",
         scores = {rank = 1, dependency = 50, dependency_share = 50 / 84,
                   sole_bridge_pairs = 1, cross_ties_lost = 3, organisation_pairs_cut = 3},
         evidence = {en = "is the only link of Beta sykehus to 1 organisation (Alfa kommune), "
                          .. "carrying 50 contacts alone",
                     nb = "er eneste forbindelse fra Beta sykehus til 1 organisasjon"}},
        {level = "network", scope = "network", label = "sårbar",
         evidence = {en = "the top key person, c, alone carries 60%"}},
        {level = "group", scope = "Alfa kommune", label = "sårbar",
         scores = {single_person_partners = 1}},
        {level = "network", scope = "network",
         evidence = {en = "no end date given: --param ildsjel.end=DATE"}},
      },
    },
    {
      -- Two people on each side (a1-b1, a2-b2; g1-b1, g2-b2): nobody is a sole
      -- bridge; b1 and b2 broker two paths each, so the top one holds half of the
      -- brokerage (< 100%): robust.
      name = "redundant spanners: robust",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "a1", to = "b1", n = 15},
        {time = "2024-01-10", from = "b2", to = "a2", n = 15},
        {time = "2024-01-11", from = "g1", to = "b1", n = 15},
        {time = "2024-01-11", from = "b2", to = "g2", n = 15},
        {time = "2024-01-12", from = "b1", to = "b2", n = 5},
      },
      params = {concentration_high = 1, top_k = 1},
      expect = {
        {level = "network", scope = "network", label = "robust",
         scores = {top_dependency_share = 0}},
        {level = "group", scope = "Alfa kommune", label = "robust",
         scores = {spanners = 2, single_person_partners = 0}},
      },
      absent = {{level = "actor", label = "nøkkelperson"}},
    },
    {
      -- After the end (2024-07-01) c's contact with Alfa falls from 20 a month
      -- to 8, 4, 2, 1, 1: a fraction of before, and decaying: visner.
      name = "contact withers after the project's end: visner",
      actors = actors,
      contacts = project(true),
      params = {["end"] = "2024-07-01"},
      expect = {
        {level = "actor", scope = "c | 2024-07-01", label = "visner",
         scores = {before = 120, after = 16}},
      },
    },
    {
      -- The same project with contact kept at 20 a month: vedlikeholdt.
      name = "contact is maintained after the end: vedlikeholdt",
      actors = actors,
      contacts = project(false),
      params = {["end"] = "2024-07-01"},
      expect = {
        {level = "actor", scope = "c | 2024-07-01", label = "vedlikeholdt",
         scores = {before = 120, after = 100}},
      },
    },
    {
      name = "a bad end date is an error",
      actors = actors,
      contacts = bridged,
      params = {["end"] = "summer"},
      expect_error = "end must be a date such as 2020-12-01; got 'summer'",
    },
    {
      name = "the organisation level: uavklart",
      actors = actors,
      contacts = bridged,
      options = {level = "organisation"},
      count = 1,
      expect = {{level = "network", label = "uavklart"}},
    },
  },
}
