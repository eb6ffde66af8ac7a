-- ildsjel_test.lua - the cases of lenses/ildsjel.lua, each a small network
-- whose key persons are known by construction, with a null twin for each
-- planted pattern.
--   samnett lens test plugins/lenses/ildsjel.lua

-- Beta sykehus: the collaboration coordinator c and ward staff b1..b6, in a
-- ring. Alfa kommune a1..a6 and Gamma kommune g1..g6.
local actors = {
  {id = "c", organisation = "Beta sykehus", type = "coordinator",
   profession = "samhandlingskoordinator"},
}
for i = 1, 6 do
  actors[#actors + 1] = {id = "b" .. i, organisation = "Beta sykehus", type = "hospital_unit",
                         profession = "sykepleier"}
  actors[#actors + 1] = {id = "a" .. i, organisation = "Alfa kommune", type = "municipality"}
  actors[#actors + 1] = {id = "g" .. i, organisation = "Gamma kommune", type = "municipality"}
end

local function add(list, from, to, n)
  list[#list + 1] = {time = "2024-01-10", from = from, to = to, channel = "phone", n = n}
end

-- The common part: Beta's ring (c - b1 - ... - b6 - c, both ways) and Gamma
-- talking to the wards directly (g_i <-> b_i).
local function base()
  local out = {}
  local ring = {"c", "b1", "b2", "b3", "b4", "b5", "b6"}
  for i = 1, #ring do
    local x, y = ring[i], ring[i % #ring + 1]
    add(out, x, y, 3)
    add(out, y, x, 3)
  end
  for i = 1, 6 do
    add(out, "g" .. i, "b" .. i, 4)
    add(out, "b" .. i, "g" .. i, 2)
  end
  return out
end

-- Planted: Alfa reaches Beta only through c (a_i <-> c): c carries all 48
-- contacts of the pair over its 6 links.
local function bridged(stray)
  local out = base()
  for i = 1, 6 do
    add(out, "a" .. i, "c", 5)
    add(out, "c", "a" .. i, 3)
  end
  if stray then add(out, "b1", "a1", 2) end
  return out
end

-- The null twin: Alfa talks to the wards directly (a_i <-> b_i), and c
-- hears from a1 once in a while.
local function direct()
  local out = base()
  for i = 1, 6 do
    add(out, "a" .. i, "b" .. i, 5)
    add(out, "b" .. i, "a" .. i, 3)
  end
  add(out, "a1", "c", 2)
  return out
end

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

-- Four pair sides are judged (Alfa-Beta and Beta-Gamma, each side). On Beta's
-- side of Alfa-Beta, c holds 6 of the 6 links; its links with other
-- organisations are none of Beta's 6 others, so with one pseudo-link per
-- Beta actor (7) the null share is (0 + 1) / (6 + 7) = 1/13 and
-- p = (1/13)^6; Holm over 4 tests: 4 (1/13)^6.
local p1 = (1 / 13) ^ 6

return {
  cases = {
    {
      -- Removing c: Alfa's six are cut off from everyone (no ties among
      -- them); Beta and Gamma stay one strong component of 12. Before, all 19
      -- reached each other: among the 18 others 18 x 17 = 306 ordered pairs,
      -- after 12 x 11 = 132: 174 lost. Organisation pairs cut: Alfa -> Beta,
      -- Alfa -> Gamma, Beta -> Alfa, Gamma -> Alfa (4).
      name = "a sole bridge: nøkkelperson for the pair and the person",
      actors = actors,
      contacts = bridged(false),
      expect = {
        {level = "group", scope = "Beta sykehus <-> Alfa kommune", label = "nøkkelperson",
         scores = {share = 1, contacts = 48, links = 6, links_through = 6,
                   expected_share = 1 / 13, p = p1, p_adjusted = 4 * p1}},
        {level = "actor", scope = "c", label = "nøkkelperson",
         scores = {pairs = 1, pairs_lost = 174, organisation_pairs_cut = 4},
         evidence = {en = "174 pairs of other actors can no longer reach each other",
                     nb = "174 par av andre aktører"}},
        {level = "network", scope = "network", label = "sårbar",
         scores = {judged_pairs = 2, key_person_pairs = 1, key_persons = 1, tests = 4}},
        {level = "group", scope = "Alfa kommune", label = "sårbar"},
        {level = "group", scope = "Gamma kommune", label = "robust"},
      },
    },
    {
      -- Two stray contacts b1 -> a1 do not cancel the bridge: c carries 48 of
      -- 50 contacts (96% >= 90%) and 6 of the 7 links.
      name = "stray contacts do not cancel a sole bridge",
      actors = actors,
      contacts = bridged(true),
      expect = {
        {level = "group", scope = "Beta sykehus <-> Alfa kommune", label = "nøkkelperson",
         scores = {share = 48 / 50, links = 7, links_through = 6}},
        {level = "actor", scope = "c", label = "nøkkelperson"},
      },
    },
    {
      -- The null twin: the wards talk to Alfa directly; nobody carries 90%.
      name = "direct contact: no key person, robust",
      actors = actors,
      contacts = direct(),
      expect = {
        {level = "network", scope = "network", label = "robust",
         scores = {key_person_pairs = 0, judged_pairs = 2}},
        {level = "group", scope = "Alfa kommune", label = "robust"},
      },
      absent = {{level = "actor", label = "nøkkelperson"},
                {level = "group", label = "nøkkelperson"},
                {level = "group", label = "sårbar"}},
    },
    {
      -- Gamma also goes through c only: c carries all of Beta's contact with
      -- both. Its share of Beta's other links is then 6 of 6, null share
      -- (6 + 1) / (6 + 7) = 7/13, p = (7/13)^6 = 0.024, and Holm over 4 tests
      -- leaves 0.098: not beyond c's part in Beta's other contact.
      name = "a person who carries all of the organisation's contact: ikke signifikant",
      actors = actors,
      contacts = (function()
        local out = {}
        for i = 1, 6 do
          add(out, "a" .. i, "c", 5)
          add(out, "c", "a" .. i, 3)
          add(out, "g" .. i, "c", 4)
          add(out, "c", "g" .. i, 2)
          add(out, "c", "b" .. i, 3)
        end
        return out
      end)(),
      expect = {
        {level = "group", scope = "Beta sykehus <-> Alfa kommune", label = "uavklart",
         scores = {share = 1, expected_share = 7 / 13, p = (7 / 13) ^ 6}},
      },
      absent = {{level = "group", label = "nøkkelperson"}},
    },
    {
      -- Only three of Alfa's actors: 3 links (< 5): the pair is not judged,
      -- and no pair is: the network is uavklart (for lite data).
      name = "too few links: uavklart, for lite data",
      actors = actors,
      contacts = (function()
        local out = {}
        for i = 1, 3 do
          add(out, "a" .. i, "c", 10)
          add(out, "c", "a" .. i, 5)
        end
        return out
      end)(),
      expect = {
        {level = "network", scope = "network", label = "uavklart",
         scores = {judged_pairs = 0, pairs_too_small = 1},
         evidence = {en = "No pair of organisations has 20 contacts over 5 links"}},
      },
      absent = {{level = "actor", label = "nøkkelperson"}},
    },
    {
      -- After the end (2024-07-01) c's contact with Alfa falls from 20 a month
      -- to 8, 4, 2, 1, 1: well below half of before: visner.
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
      contacts = bridged(false),
      params = {["end"] = "summer"},
      expect_error = "end must be a date such as 2020-12-01; got 'summer'",
    },
    {
      name = "the organisation level: uavklart",
      actors = actors,
      contacts = bridged(false),
      options = {level = "organisation"},
      count = 1,
      expect = {{level = "network", label = "uavklart"}},
    },
  },
}
