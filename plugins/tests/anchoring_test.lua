-- anchoring_test.lua - the cases of lenses/anchoring.lua, each a small
-- network whose anchoring is known by construction, with a null twin.
--   samnett lens test plugins/lenses/anchoring.lua

-- Alfa kommune: leaders l1 (top), l2, l3 (middle) and frontline f1..f9.
-- Beta sykehus: frontline staff b1..b8 only (so it is never judged: no
-- leader to compare).
local actors = {
  {id = "l1", organisation = "Alfa kommune", type = "municipality", rank = "top"},
  {id = "l2", organisation = "Alfa kommune", type = "municipality", rank = "middle"},
  {id = "l3", organisation = "Alfa kommune", type = "municipality", rank = "middle"},
}
for i = 1, 9 do
  actors[#actors + 1] = {id = "f" .. i, organisation = "Alfa kommune", type = "municipality",
                         rank = "frontline"}
end
for i = 1, 8 do
  actors[#actors + 1] = {id = "b" .. i, organisation = "Beta sykehus", type = "hospital_unit",
                         rank = "frontline"}
end

local function add(list, from, to, n)
  list[#list + 1] = {time = "2024-01-10", from = from, to = to, channel = "phone", n = n or 3}
end

-- Inside Alfa the frontline reports to the leaders (f_i -> l_(i mod 3 + 1)).
local function inside()
  local out = {}
  for i = 1, 9 do add(out, "f" .. i, "l" .. (i % 3 + 1)) end
  return out
end

-- Planted: the leaders start every one of Alfa's cross-boundary ties: each
-- of l1..l3 starts ties to b1..b7 (21 ties).
local function top_down()
  local out = inside()
  for l = 1, 3 do
    for b = 1, 7 do add(out, "l" .. l, "b" .. b) end
  end
  return out
end

-- The null twin: each of Alfa's 12 actors starts two cross-boundary ties
-- (24): the leaders start 6 of 24, 25%, as do any 3 of the 12.
local function even()
  local out = inside()
  local ids = {"l1", "l2", "l3", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"}
  for k, id in ipairs(ids) do
    add(out, id, "b" .. ((k - 1) % 8 + 1))
    add(out, id, "b" .. (k % 8 + 1))
  end
  return out
end

return {
  cases = {
    {
      -- The leaders (3 of 12) start all 21 ties: 100% against 25% when the
      -- ranks are shuffled within Alfa (a draw reaches 100% only when the
      -- three leader labels land on l1..l3: 1 in C(12, 3) = 220): difference
      -- 0.75 >= 0.25, p about 0.01: ovenfra og ned.
      name = "leaders start the cross-boundary ties: ovenfra og ned",
      actors = actors,
      contacts = top_down(),
      expect = {
        {level = "group", scope = "Alfa kommune", label = "ovenfra og ned",
         scores = {cross_ties_started = 21, leader_share = 1, null_mean = 0.25, effect = 0.75}},
        {level = "network", scope = "network", scores = {top_down = 1, judged = 1}},
      },
      tolerance = 0.05,
    },
    {
      -- Every actor starts two: the share is 25% in every shuffle (sd 0), so a
      -- tilt of 0.25 is ruled out: begge; never ovenfra og ned.
      name = "ties started in proportion to rank: begge, not ovenfra og ned",
      actors = actors,
      contacts = even(),
      expect = {
        {level = "group", scope = "Alfa kommune", label = "begge",
         scores = {cross_ties_started = 24, leader_share = 0.25, effect = 0}},
      },
      absent = {{level = "group", label = "ovenfra og ned"}},
    },
    {
      -- Only 6 cross-boundary ties (l1 -> b1..b6): 14 short of 20: uavklart.
      name = "too few ties: uavklart, for lite data",
      actors = actors,
      contacts = (function()
        local out = inside()
        for b = 1, 6 do add(out, "l1", "b" .. b) end
        return out
      end)(),
      expect = {
        {level = "group", scope = "Alfa kommune", label = "uavklart",
         scores = {cross_ties_started = 6},
         evidence = {en = "14 short of 20", nb = "14 for få til 20"}},
      },
      absent = {{level = "group", label = "ovenfra og ned"}},
    },
    {
      name = "the unit level: uavklart",
      actors = actors,
      contacts = top_down(),
      options = {level = "unit"},
      count = 1,
      expect = {{level = "network", label = "uavklart"}},
    },
  },
}
