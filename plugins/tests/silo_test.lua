-- silo_test.lua - the cases of lenses/silo.lua, each a small organisation
-- whose silos and integration rungs are known by construction.
--   samnett lens test plugins/lenses/silo.lua

-- Alfa kommune: the head of services k (Adm) and three units, each with a
-- manager (middle) and two frontline workers.
local actors = {
  {id = "k", organisation = "Alfa kommune", unit = "Adm", rank = "top",
   profession = "kommunalsjef"},
  {id = "l1", organisation = "Alfa kommune", unit = "Heimetenesta", rank = "middle",
   profession = "leiar"},
  {id = "f1", organisation = "Alfa kommune", unit = "Heimetenesta", rank = "frontline",
   profession = "sjukepleiar"},
  {id = "f2", organisation = "Alfa kommune", unit = "Heimetenesta", rank = "frontline",
   profession = "helsefagarbeidar"},
  {id = "l2", organisation = "Alfa kommune", unit = "Sjukeheimen", rank = "middle",
   profession = "leiar"},
  {id = "f3", organisation = "Alfa kommune", unit = "Sjukeheimen", rank = "frontline",
   profession = "sjukepleiar"},
  {id = "f4", organisation = "Alfa kommune", unit = "Sjukeheimen", rank = "frontline",
   profession = "helsefagarbeidar"},
  {id = "l3", organisation = "Alfa kommune", unit = "Tenestekontoret", rank = "middle",
   profession = "leiar"},
  {id = "f5", organisation = "Alfa kommune", unit = "Tenestekontoret", rank = "frontline",
   profession = "sakshandsamar"},
  {id = "f6", organisation = "Alfa kommune", unit = "Tenestekontoret", rank = "frontline",
   profession = "sakshandsamar"},
  {id = "h1", organisation = "Beta sykehus", unit = "Medisinsk", rank = "frontline",
   profession = "sykepleier"},
  {id = "h2", organisation = "Beta sykehus", unit = "Medisinsk", rank = "frontline",
   profession = "lege"},
  {id = "b1", organisation = "Beta sykehus", unit = "BUP", rank = "frontline",
   profession = "psykolog"},
  {id = "v1", organisation = "Alfa barnevern", unit = "Barnevernet", rank = "frontline",
   profession = "barnevernspedagog"},
}

-- Inside each unit: the manager and the two workers talk (6 ties a unit).
local function units_inside(out)
  for _, u in ipairs{{"l1", "f1", "f2"}, {"l2", "f3", "f4"}, {"l3", "f5", "f6"}} do
    out[#out + 1] = {time = "2024-01-05", from = u[1], to = u[2], n = 2}
    out[#out + 1] = {time = "2024-01-05", from = u[2], to = u[1], n = 2}
    out[#out + 1] = {time = "2024-01-06", from = u[1], to = u[3], n = 2}
    out[#out + 1] = {time = "2024-01-06", from = u[3], to = u[1], n = 2}
    out[#out + 1] = {time = "2024-01-07", from = u[2], to = u[3], n = 2}
    out[#out + 1] = {time = "2024-01-07", from = u[3], to = u[2], n = 2}
  end
  return out
end

return {
  cases = {
    {
      -- Every contact between two units goes through k: f1 -> k -> f3, f4 -> k
      -- -> f5, and the managers report to k. 10 ties between units, all with k
      -- (a leader) at one end: 100% >= 95%: silo; k is the go-between.
      name = "units that meet only through the head of services: silo",
      actors = actors,
      contacts = units_inside{
        {time = "2024-02-01", from = "f1", to = "k", channel = "e-message", n = 5},
        {time = "2024-02-01", from = "k", to = "f3", channel = "e-message", n = 5},
        {time = "2024-02-02", from = "f4", to = "k", channel = "e-message", n = 4},
        {time = "2024-02-02", from = "k", to = "f5", channel = "e-message", n = 4},
        {time = "2024-02-03", from = "f6", to = "k", n = 3},
        {time = "2024-02-03", from = "k", to = "f2", n = 3},
        {time = "2024-02-04", from = "l1", to = "k", n = 2},
        {time = "2024-02-04", from = "l2", to = "k", n = 2},
        {time = "2024-02-04", from = "l3", to = "k", n = 2},
        {time = "2024-02-05", from = "k", to = "l1", n = 1},
      },
      expect = {
        {level = "group", scope = "Alfa kommune", label = "silo",
         scores = {between_units = 10, inside_units = 18, leader_bridges = 10,
                   frontline_bridges = 0, leader_bridge_share = 1, go_between_share = 1,
                   ei_unit = (10 - 18) / 28},
         evidence = {en = "k is at an end of 10 of them", nb = "k er i enden av 10 av dem"}},
        {level = "network", label = "silo", scores = {silos = 1},
         evidence = {en = "1 organisation is a silo (Alfa kommune)"}},
      },
    },
    {
      -- The frontline talks across units directly (f1 <-> f3, f2 -> f5, f4 -> f6)
      -- next to the managers' ties to k: 4 of 9 ties between units have no
      -- leader: integrert.
      name = "frontline bridges between units: integrert",
      actors = actors,
      contacts = units_inside{
        {time = "2024-02-01", from = "f1", to = "f3", n = 5},
        {time = "2024-02-01", from = "f3", to = "f1", n = 5},
        {time = "2024-02-02", from = "f2", to = "f5", n = 4},
        {time = "2024-02-02", from = "f4", to = "f6", n = 4},
        {time = "2024-02-04", from = "l1", to = "k", n = 2},
        {time = "2024-02-04", from = "l2", to = "k", n = 2},
        {time = "2024-02-04", from = "l3", to = "k", n = 2},
        {time = "2024-02-05", from = "k", to = "l1", n = 1},
        {time = "2024-02-05", from = "k", to = "l2", n = 1},
      },
      expect = {
        {level = "group", scope = "Alfa kommune", label = "integrert",
         scores = {between_units = 9, frontline_bridges = 4, leader_bridge_share = 5 / 9}},
      },
      absent = {{level = "network", label = "silo"}},
    },
    {
      -- Three unit pairs with a known rung:
      --   Heimetenesta -> Medisinsk one way (30, 0): sekvensiell;
      --   Sjukeheimen <-> Medisinsk both ways, f3 only (15 and 15): 2 of the
      --     3 x 2 staff pairs tied (density 0.33 >= 0.3) and both ties mutual:
      --     tverrfaglig;
      --   Tenestekontoret <-> Medisinsk both ways but sparse: f5 -> h1 20 and
      --     h2 -> f6 10: 2 of 6 pairs (0.33), no mutual tie: interfaglig.
      name = "the integration ladder: sekvensiell, interfaglig, tverrfaglig",
      actors = actors,
      contacts = {
        {time = "2024-02-01", from = "f1", to = "h1", channel = "e-message", n = 20},
        {time = "2024-02-01", from = "f2", to = "h2", channel = "e-message", n = 10},
        {time = "2024-02-02", from = "f3", to = "h1", channel = "phone", n = 10},
        {time = "2024-02-02", from = "h1", to = "f3", channel = "phone", n = 10},
        {time = "2024-02-02", from = "f3", to = "h2", channel = "phone", n = 5},
        {time = "2024-02-02", from = "h2", to = "f3", channel = "phone", n = 5},
        {time = "2024-02-03", from = "f5", to = "h1", channel = "e-message", n = 20},
        {time = "2024-02-03", from = "h2", to = "f6", channel = "e-message", n = 10},
      },
      expect = {
        {level = "group", scope = "Alfa kommune / Heimetenesta <-> Beta sykehus / Medisinsk",
         label = "sekvensiell", scores = {contacts_ab = 30, contacts_ba = 0, balance = 0},
         evidence = {en = "contact runs one way, from Alfa kommune / Heimetenesta to Beta "
                          .. "sykehus / Medisinsk"}},
        {level = "group", scope = "Alfa kommune / Sjukeheimen <-> Beta sykehus / Medisinsk",
         label = "tverrfaglig", scores = {balance = 1, density = 2 / 6, mutual_share = 1}},
        {level = "group",
         scope = "Alfa kommune / Tenestekontoret <-> Beta sykehus / Medisinsk",
         label = "interfaglig", scores = {balance = 0.5, density = 2 / 6, mutual_share = 0}},
        {level = "network", label = "sekvensiell", scores = {sekvensiell = 1, interfaglig = 1,
                                                             tverrfaglig = 1}},
      },
    },
    {
      -- BUP (b1) and child welfare (v1) work on the same four cases, but every
      -- contact runs through the coordinator f5; b1 and v1 never meet:
      -- flerfaglig, side by side without contact.
      name = "parallel work on the same cases: flerfaglig",
      actors = actors,
      contacts = (function()
        local out = {}
        for c = 1, 4 do
          local day = string.format("2024-03-%02d", c * 3)
          out[#out + 1] = {time = day, from = "b1", to = "f5", channel = "e-message",
                           case = "s" .. c}
          out[#out + 1] = {time = day, from = "f5", to = "v1", channel = "e-message",
                           case = "s" .. c}
          out[#out + 1] = {time = day, from = "v1", to = "f5", channel = "phone",
                           case = "s" .. c}
        end
        return out
      end)(),
      params = {min_pair_contacts = 100},
      expect = {
        {level = "group", scope = "Alfa barnevern / Barnevernet <-> Beta sykehus / BUP",
         label = "flerfaglig", scores = {contacts = 0, co_serving_pairs = 1, shared_cases = 4},
         evidence = {en = "no direct contact, but 1 pair of their staff serves the same cases "
                          .. "(4 shared cases)"}},
      },
    },
    {
      -- Two units but only the two ties inside one of them: too few to judge.
      name = "too few internal ties: uavklart",
      actors = actors,
      contacts = {
        {time = "2024-02-01", from = "h1", to = "h2", n = 12},
        {time = "2024-02-01", from = "h2", to = "h1", n = 12},
      },
      expect = {
        {level = "group", scope = "Beta sykehus", label = "uavklart",
         evidence = {en = "Beta sykehus has 2 units and 2 internal ties (needs 2 units and 10"}},
      },
    },
    {
      name = "the unit level: uavklart",
      actors = actors,
      contacts = {{time = "2024-02-01", from = "f1", to = "f3", n = 12}},
      options = {level = "unit"},
      count = 1,
      expect = {{level = "network", label = "uavklart",
                 evidence = {en = "Silos need the actor level"}}},
    },
  },
}
