-- coordinator_test.lua - the cases of lenses/coordinator.lua, each a small
-- network whose junction boxes and buffers are known by construction, with
-- a null twin.
--   samnett lens test plugins/lenses/coordinator.lua

-- Alfa kommune: the allocation office t1 and home nursing h1..h8. Beta
-- sykehus: ward staff b1..b8. Gamma kommune: g1..g40, who keep to
-- themselves (the rest of the region, so that a tie placed at random seldom
-- lands in Alfa).
local actors = {
  {id = "t1", organisation = "Alfa kommune", unit = "Tildelingskontoret", type = "municipality"},
}
for i = 1, 8 do
  actors[#actors + 1] = {id = "h" .. i, organisation = "Alfa kommune",
                         unit = "Hjemmesykepleien", type = "municipality"}
  actors[#actors + 1] = {id = "b" .. i, organisation = "Beta sykehus", unit = "Medisinsk",
                         type = "hospital_unit"}
end
for i = 1, 40 do
  actors[#actors + 1] = {id = "g" .. i, organisation = "Gamma kommune", unit = "Sykehjemmet",
                         type = "municipality"}
end

local function add(list, from, to, n)
  list[#list + 1] = {time = "2024-01-10", from = from, to = to, channel = "e-message", n = n}
end

-- Rings inside each organisation (both ways): h1..h8, b1..b8, g1..g40.
local function rings()
  local out = {}
  for _, r in ipairs{{"h", 8}, {"b", 8}, {"g", 40}} do
    for i = 1, r[2] do
      local x, y = r[1] .. i, r[1] .. (i % r[2] + 1)
      add(out, x, y, 2)
      add(out, y, x, 2)
    end
  end
  return out
end

-- Planted: all of Alfa's contact with Beta goes via t1 (h_i <-> t1 <-> b_i).
local function junction()
  local out = rings()
  for i = 1, 8 do
    add(out, "h" .. i, "t1", 3)
    add(out, "t1", "h" .. i, 3)
    add(out, "t1", "b" .. i, 4)
    add(out, "b" .. i, "t1", 4)
  end
  return out
end

-- The null twin: home nursing talks to the wards directly (h_i <-> b_i);
-- t1 deals with home nursing and now and then with b1.
local function direct()
  local out = rings()
  for i = 1, 8 do
    add(out, "h" .. i, "t1", 3)
    add(out, "t1", "h" .. i, 3)
    add(out, "h" .. i, "b" .. i, 4)
    add(out, "b" .. i, "h" .. i, 4)
  end
  add(out, "t1", "b1", 1)
  return out
end

return {
  cases = {
    {
      -- t1 carries all 64 contacts between Alfa and Beta (8 links). It
      -- brokers 8 x 8 gatekeeper paths (b -> t1 -> h) and 8 x 8 representative
      -- paths (h -> t1 -> b), where a random graph of the same density (57
      -- actors, 144 ties: d = 0.045) expects under one (q (N - n) (n - 1) =
      -- 0.0019 x 48 x 8): koblingsboks. Home nursing's 16 ties with Alfa's
      -- coordinator and none with another organisation: buffer index 1, binomial p = 0.5^16 against
      -- an even split: bufret. Half of t1's 32 tie ends cross to Beta, against
      -- 16 of the other staff's 256 (b_i's ends with t1): paradox 1 påvist and
      -- paradox 2 (the reverse) ikke påvist. One coordinator: no tie can link
      -- two, and none is expected: paradox 3 uavklart.
      name = "everything through the allocation office: koblingsboks and bufret",
      actors = actors,
      contacts = junction(),
      expect = {
        {level = "actor", scope = "t1", label = "koblingsboks",
         scores = {share = 1, partner_contacts = 64, gatekeeper = 64, representative = 64}},
        {level = "network", scope = "network", label = "koblingsboks",
         scores = {coordinators = 1, candidates = 1, junction_boxes = 1}},
        {level = "group", scope = "Alfa kommune / Hjemmesykepleien", label = "bufret",
         scores = {coordinator_links = 16, external_links = 0, buffer_index = 1}},
        {level = "network", scope = "1: bevarer differensiering", label = "påvist",
         scores = {coordinator_cross_share = 0.5, staff_cross_share = 16 / 256,
                   coordinator_tie_ends = 32}},
        {level = "network", scope = "2: forsterker delsystemene", label = "ikke påvist"},
        {level = "network", scope = "3: koordinering av koordinatorene", label = "uavklart",
         scores = {coordinator_ties = 0}},
      },
    },
    {
      -- The null twin: t1 carries 1 of Alfa's 65 contacts with Beta: no
      -- coordinator reaches 90% of a partner's contact: fordelt; home nursing
      -- has 16 ties with t1 and 16 with Beta: buffer index 0.5, not beyond an
      -- even split: uavklart.
      name = "units deal directly: fordelt, no koblingsboks",
      actors = actors,
      contacts = direct(),
      expect = {
        {level = "network", scope = "network", label = "fordelt",
         scores = {candidates = 0, junction_boxes = 0}},
        {level = "group", scope = "Alfa kommune / Hjemmesykepleien", label = "uavklart",
         scores = {coordinator_links = 16, external_links = 16}},
      },
      absent = {{level = "actor", label = "koblingsboks"},
                {level = "network", label = "koblingsboks"},
                {level = "network", scope = "1: bevarer differensiering", label = "påvist"}},
    },
    {
      -- Five coordinators (t1, t2, t3 of Alfa's allocation office, Beta's c1,
      -- c2) all tied to each other, 20 ties, while the 40 staff of Gamma keep
      -- their ring (80 ties): the coordinators' degrees give (20 x 20 - 5 x 4 x
      -- 4) / 100 = 3.2 such ties at random; 20 is 6.25 times that: påvist.
      name = "coordinators coordinating each other: paradox 3",
      actors = (function()
        local out = {}
        for _, a in ipairs(actors) do
          if a.id:match("^g") then out[#out + 1] = a end
        end
        for i = 1, 3 do
          out[#out + 1] = {id = "t" .. i, organisation = "Alfa kommune",
                           unit = "Tildelingskontoret", type = "municipality"}
        end
        for i = 1, 2 do
          out[#out + 1] = {id = "c" .. i, organisation = "Beta sykehus", unit = "Samhandling",
                           type = "coordinator"}
        end
        return out
      end)(),
      contacts = (function()
        local out = {}
        for i = 1, 40 do
          local x, y = "g" .. i, "g" .. (i % 40 + 1)
          add(out, x, y, 2)
          add(out, y, x, 2)
        end
        local cs = {"t1", "t2", "t3", "c1", "c2"}
        for _, x in ipairs(cs) do
          for _, y in ipairs(cs) do
            if x ~= y then add(out, x, y, 2) end
          end
        end
        return out
      end)(),
      expect = {
        {level = "network", scope = "3: koordinering av koordinatorene", label = "påvist",
         scores = {coordinator_ties = 20, expected = 3.2, ratio = 6.25}},
      },
    },
    {
      name = "the organisation level: uavklart",
      actors = actors,
      contacts = junction(),
      options = {level = "organisation"},
      count = 1,
      expect = {{level = "network", label = "uavklart"}},
    },
  },
}
