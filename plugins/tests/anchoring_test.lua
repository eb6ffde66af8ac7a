-- anchoring_test.lua - the cases of lenses/anchoring.lua, each a small network
-- whose anchoring is known by construction.
--   samnett lens test plugins/lenses/anchoring.lua

-- Alfa kommune: l1 (top), l2 (middle), f1..f4 (frontline); Beta sykehus: b1..b3;
-- Gamma kommune: g1 (middle), g2 (frontline).
local actors = {
  {id = "l1", organisation = "Alfa kommune", rank = "top", profession = "rådmann"},
  {id = "l2", organisation = "Alfa kommune", rank = "middle", profession = "kommunalsjef"},
  {id = "f1", organisation = "Alfa kommune", rank = "frontline"},
  {id = "f2", organisation = "Alfa kommune", rank = "frontline"},
  {id = "f3", organisation = "Alfa kommune", rank = "frontline"},
  {id = "f4", organisation = "Alfa kommune", rank = "frontline"},
  {id = "b1", organisation = "Beta sykehus", rank = "top"},
  {id = "b2", organisation = "Beta sykehus", rank = "middle"},
  {id = "b3", organisation = "Beta sykehus", rank = "frontline"},
  {id = "g1", organisation = "Gamma kommune", rank = "middle"},
  {id = "g2", organisation = "Gamma kommune", rank = "frontline"},
  {id = "g3", organisation = "Gamma kommune", rank = "frontline"},
}

-- Inside Alfa: l1 -> l2 -> f1..f4 (directives down), f4 -> l2 once (an escalation).
local inside = {
  {time = "2024-01-02", from = "l1", to = "l2", channel = "meeting", n = 4},
  {time = "2024-01-03", from = "l2", to = "f1", n = 2},
  {time = "2024-01-03", from = "l2", to = "f2", n = 2},
  {time = "2024-01-03", from = "l2", to = "f3", n = 2},
  {time = "2024-01-03", from = "l2", to = "f4", n = 1},
  {time = "2024-01-04", from = "f4", to = "l2", n = 1},
}

local function with(list)
  local out = {}
  for _, c in ipairs(inside) do out[#out + 1] = c end
  for _, c in ipairs(list) do out[#out + 1] = c end
  return out
end

return {
  cases = {
    {
      -- Only the leaders l1 and l2 start Alfa's 30 cross-boundary contacts:
      -- leader share 100% >= 15%, frontline 0% < 30%: ovenfra og ned; both of
      -- its spanners are leaders (100% >= 50%): topptung. Inside, 11 of 12
      -- contacts across ranks go down.
      name = "only leaders work across: ovenfra og ned and topptung",
      actors = actors,
      contacts = with{
        {time = "2024-02-01", from = "l1", to = "b1", channel = "meeting", n = 10},
        {time = "2024-02-02", from = "l2", to = "b2", channel = "phone", n = 20},
      },
      expect = {
        {level = "group", scope = "Alfa kommune", label = "ovenfra og ned",
         scores = {leader_start_share = 1, frontline_start_share = 0, cross_contacts = 30,
                   directives_down = 11, escalations_up = 1, down_share = 11 / 12},
         evidence = {en = "leaders started 100% of its 30 cross-boundary contacts (>= 15%)",
                     nb = "ledere tok 100 % av dens 30 kontakter på tvers (>= 15 %)"}},
        {level = "group", scope = "Alfa kommune", label = "topptung",
         scores = {leader_spanners = 2, spanners = 2}},
      },
    },
    {
      -- Frontline staff f1..f3 start every cross-boundary contact; f4 is two
      -- steps from them through l2: reach 4 of 4. No leader works across:
      -- nedenfra og opp (the professionals' pathway).
      name = "the frontline works across, leaders do not: nedenfra og opp",
      actors = actors,
      contacts = with{
        {time = "2024-02-01", from = "f1", to = "b3", channel = "e-message", n = 10},
        {time = "2024-02-02", from = "f2", to = "b3", channel = "e-message", n = 10},
        {time = "2024-02-03", from = "f3", to = "g2", channel = "phone", n = 10},
      },
      expect = {
        {level = "group", scope = "Alfa kommune", label = "nedenfra og opp",
         scores = {leader_start_share = 0, frontline_start_share = 1, reach = 1,
                   frontline_reached = 4}},
      },
      absent = {{level = "group", scope = "Alfa kommune", label = "topptung"}},
    },
    {
      -- Leaders start 10 of 40 (25%) and the frontline 30 (75%), and reach every
      -- frontline worker: begge.
      name = "leaders and frontline both: begge",
      actors = actors,
      contacts = with{
        {time = "2024-02-01", from = "l2", to = "b2", channel = "meeting", n = 10},
        {time = "2024-02-02", from = "f1", to = "b3", channel = "e-message", n = 15},
        {time = "2024-02-03", from = "f2", to = "g2", channel = "phone", n = 15},
      },
      expect = {
        {level = "group", scope = "Alfa kommune", label = "begge",
         scores = {leader_start_share = 0.25, frontline_start_share = 0.75}},
      },
    },
    {
      -- Gamma: one frontline worker, g2, carries everything across, and nobody
      -- inside Gamma is tied to anyone: the leader g1 takes no part and the
      -- other frontline worker g3 is out of reach: reach 1 of 2 = 50% < 60%
      -- (reach_min 0.6): uforankret.
      name = "no leaders and no reach: uforankret",
      actors = actors,
      contacts = {
        {time = "2024-02-01", from = "g2", to = "b3", channel = "phone", n = 25},
      },
      params = {reach_min = 0.6},
      expect = {
        {level = "group", scope = "Gamma kommune", label = "uforankret",
         scores = {frontline_start_share = 1, reach = 0.5, frontline = 2}},
      },
    },
    {
      -- Too few cross-boundary contacts to judge.
      name = "too few contacts: uavklart",
      actors = actors,
      contacts = with{{time = "2024-02-01", from = "f1", to = "b3", n = 5}},
      expect = {
        {level = "group", scope = "Alfa kommune", label = "uavklart",
         evidence = {en = "started only 5 cross-boundary contacts"}},
        {level = "network", label = "uavklart"},
      },
    },
    {
      -- A gathering of the leaders of three organisations, four times: an
      -- initiative anchored in the line only, and top-heavy.
      name = "a gathering of leaders: ovenfra og ned and topptung",
      actors = actors,
      contacts = (function()
        local out = {}
        for q, day in ipairs{"2024-01-15", "2024-04-15", "2024-07-15", "2024-10-15"} do
          for _, who in ipairs{"l2", "b2", "g1"} do
            out[#out + 1] = {time = day, from = "l1", to = who, channel = "meeting",
                             meeting = "ps" .. q}
          end
        end
        return out
      end)(),
      expect = {
        {level = "group", scope = "ps (ps1–ps4)", label = "ovenfra og ned",
         scores = {participants = 4, leaders = 4, frontline = 0, organisations = 3}},
        {level = "group", scope = "ps (ps1–ps4)", label = "topptung"},
      },
    },
    {
      -- At the organisation level there are no ranks to read.
      name = "organisation level: uavklart",
      actors = actors,
      contacts = with{{time = "2024-02-01", from = "f1", to = "b3", n = 30}},
      options = {level = "organisation"},
      count = 1,
      expect = {{level = "network", label = "uavklart",
                 evidence = {en = "needs the actor level"}}},
    },
  },
}
