-- cynefin_test.lua - the cases of lenses/cynefin.lua: small networks built so
-- that the domain of each month is known by construction (monthly windows,
-- window = "month"). Run: samnett lens test plugins/lenses/cynefin.lua

local DAY, HOUR = 86400, 3600
local T0 = 1704067200 -- 2024-01-01T00:00:00Z

-- Alfa kommune a1..a4, Beta sykehus b1..b4, and a coordinator at Beta.
local actors = {
  {id = "a1", organisation = "Alfa kommune", type = "municipality", unit = "Heimetenesta",
   profession = "sykepleier"},
  {id = "a2", organisation = "Alfa kommune", type = "municipality", unit = "Heimetenesta",
   profession = "sykepleier"},
  {id = "a3", organisation = "Alfa kommune", type = "municipality", unit = "Sjukeheimen",
   profession = "sykepleier"},
  {id = "a4", organisation = "Alfa kommune", type = "municipality", unit = "Sjukeheimen",
   profession = "helsefagarbeider"},
  {id = "b1", organisation = "Beta sykehus", type = "hospital_unit", unit = "Medisinsk",
   profession = "sykepleier"},
  {id = "b2", organisation = "Beta sykehus", type = "hospital_unit", unit = "Medisinsk",
   profession = "sykepleier"},
  {id = "b3", organisation = "Beta sykehus", type = "hospital_unit", unit = "Kirurgisk",
   profession = "sykepleier"},
  {id = "b4", organisation = "Beta sykehus", type = "hospital_unit", unit = "Kirurgisk",
   profession = "sykepleier"},
  {id = "c1", organisation = "Beta sykehus", type = "coordinator", unit = "Samhandling",
   profession = "samhandlingskoordinator"},
}

-- The start of month m of 2024 in UTC epoch seconds (m = 1 .. 12).
local MONTH_START = {}
do
  local days = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
  local t = T0
  for m = 1, 12 do
    MONTH_START[m] = t
    t = t + days[m] * DAY
  end
end
local function month(m) return MONTH_START[m] end

-- Regular, persistent, formal: a1->b1, a2->b2, a3->b3 every 8 hours on days 1..28
-- of each month, as e-messages. Persistence 1, novelty 0, CV 0, formal 100%.
local function regular(out, m)
  for d = 0, 27 do
    for k = 0, 2 do
      local from, to = ({"a1", "a2", "a3"})[k + 1], ({"b1", "b2", "b3"})[k + 1]
      out[#out + 1] = {time = month(m) + d * DAY + k * 8 * HOUR, from = from, to = to,
                       channel = "e-message"}
    end
  end
end

-- A burst: 10 bursts of 30 phone calls a second apart, 4 hours between the
-- bursts, over new pairs (a4, b4, c1): many contacts, new ties, bursty times.
local function burst(out, m)
  local pairs_ = {{"a4", "b4"}, {"b4", "a4"}, {"a4", "c1"}, {"c1", "a4"}, {"b3", "a4"}}
  for k = 0, 9 do
    for j = 0, 29 do
      local p = pairs_[(j % #pairs_) + 1]
      out[#out + 1] = {time = month(m) + 2 * DAY + k * 4 * HOUR + j, from = p[1], to = p[2],
                       channel = "phone"}
    end
  end
end

-- Hub and spoke through the coordinator c1: a1..a4 and b1..b4 each call c1 and
-- are called back, at irregular hours, by phone. c1 carries all of it.
local function hub(out, m)
  local spokes = {"a1", "a2", "a3", "a4"}
  for d = 0, 27 do
    local a = spokes[(d % 4) + 1]
    local t = month(m) + d * DAY + ((d * 7) % 9) * HOUR
    out[#out + 1] = {time = t, from = a, to = "c1", channel = "phone"}
    out[#out + 1] = {time = t + (d % 3 + 1) * HOUR, from = "c1", to = a, channel = "phone"}
  end
end

-- A web: a core of a1, a2 <-> b1, b2 (both ways) with a1-a2 and b1-b2 (closing
-- triangles), plus three new cross pairs each month (both ways), by phone.
local NEW = {{"a3", "b3"}, {"a3", "b4"}, {"a4", "b3"}, {"a4", "b4"}, {"a1", "b3"},
             {"a2", "b4"}, {"a3", "b1"}, {"a4", "b2"}, {"a1", "b4"}, {"a2", "b3"},
             {"a3", "b2"}, {"a4", "b1"}}
local function web(out, m, round)
  local core = {{"a1", "b1"}, {"a1", "b2"}, {"a2", "b1"}, {"a2", "b2"}, {"a1", "a2"},
                {"b1", "b2"}}
  local list = {}
  for _, p in ipairs(core) do list[#list + 1] = p end
  for k = 1, 3 do list[#list + 1] = NEW[((round - 1) * 3 + k - 1) % #NEW + 1] end
  local t = month(m) + HOUR
  for d = 0, 26, 3 do
    for i, p in ipairs(list) do
      local at = t + d * DAY + i * 2 * HOUR
      out[#out + 1] = {time = at, from = p[1], to = p[2], channel = "phone"}
      out[#out + 1] = {time = at + HOUR, from = p[2], to = p[1], channel = "phone"}
    end
  end
end

local function build(plan)
  local out = {}
  for m, kind in ipairs(plan) do
    if kind == "regular" then regular(out, m)
    elseif kind == "burst" then burst(out, m)
    elseif kind == "hub" then hub(out, m)
    elseif kind == "web" then web(out, m, m)
    elseif kind == "webhub" then
      web(out, m, m)
      for k = 0, 3 do -- four times the hub's calls, a few minutes apart
        local h = {}
        hub(h, m)
        for _, c in ipairs(h) do
          c.time = c.time + k * 300
          out[#out + 1] = c
        end
      end
    end
  end
  table.sort(out, function(x, y) return x.time < y.time end)
  return out
end

local monthly = {window = "month", top_pairs = 5, cases = 0}

return {
  cases = {
    {
      -- Six regular months: opplagt in every month (persistence 1, novelty 0,
      -- CV 0, 100% formal); after 4 months in a row the complacency alert.
      name = "regular, persistent and formal: opplagt, then selvtilfredshet",
      actors = actors,
      contacts = build{"regular", "regular", "regular", "regular", "regular", "regular"},
      params = monthly,
      expect = {
        {level = "network", scope = "network", label = "opplagt",
         scores = {windows = 6, opplagt = 6}},
        {level = "network", scope = "network | 2024-03", label = "opplagt",
         scores = {persistence = 1, novelty = 0, regularity = 0, formal_share = 1},
         evidence = {en = "regularity (CV) 0.00 <= 1.50", nb = "regularitet (CV) 0,00 <= 1,50"}},
        {level = "network", scope = "network | 2024-04", label = "selvtilfredshet",
         scores = {windows_in_clear = 4},
         evidence = {en = "opplagt (clear) for 4 windows in a row (2024-01 to 2024-04)"}},
        {level = "group", scope = "Alfa kommune <-> Beta sykehus | 2024-05", label = "opplagt"},
      },
      absent = {{level = "network", label = "kollaps"}},
    },
    {
      -- Four regular months, then a burst of 300 calls on new ties: kaotisk
      -- in May (rate far above the median, bursty, all ties new) and the
      -- collapse alert: opplagt followed by kaotisk.
      name = "opplagt followed by kaotisk: kollaps",
      actors = actors,
      contacts = build{"regular", "regular", "regular", "regular", "burst"},
      params = monthly,
      expect = {
        {level = "network", scope = "network | 2024-05", label = "kaotisk",
         scores = {novelty = 1, persistence = 0}},
        {level = "network", scope = "network | 2024-05", label = "kollaps",
         evidence = {en = "went from opplagt (clear) in 2024-04 to kaotisk (chaotic) in 2024-05",
                     nb = "gikk fra opplagt i 2024-04 til kaotisk i 2024-05"}},
        {level = "network", scope = "network", label = "kaotisk"},
      },
    },
    {
      -- Every contact has the coordinator c1 at one end: hub share 100% and the
      -- hub is a coordinator: komplisert (2 of 2 rules), although the calls are
      -- regular and persistent (opplagt holds 3 of its 4 rules: no formal channel).
      name = "hub and spoke through a coordinator: komplisert",
      actors = actors,
      contacts = build{"hub", "hub", "hub"},
      params = monthly,
      expect = {
        {level = "network", scope = "network | 2024-02", label = "komplisert",
         scores = {top_share = 1, hub_expert = 1, gini = 0.3, support = 1},
         evidence = {en = "hub share 100% >= 50%, hub is an expert or coordinator"}},
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "komplisert",
         scores = {komplisert = 3}},
        {level = "network", scope = "network | 2024-03", label = "komplisert"},
      },
    },
    {
      -- A web with a persistent core and three new pairs a month: hub share
      -- below a half, the 6 core pairs of 9 in a triangle (clustering 2/3),
      -- persistence 12/24 and novelty 6/18: kompleks from the second month on.
      name = "distributed web with a persistent core: kompleks",
      actors = actors,
      contacts = build{"web", "web", "web", "web"},
      params = monthly,
      expect = {
        {level = "network", scope = "network | 2024-02", label = "kompleks",
         scores = {clustering = 2 / 3, persistence = 0.5, novelty = 1 / 3}},
        {level = "network", scope = "network | 2024-04", label = "kompleks"},
        {level = "group", scope = "Alfa kommune <-> Beta sykehus | 2024-03", label = "kompleks"},
      },
    },
    {
      -- The web every month, and in every other month four times the hub's
      -- calls on top (c1 then carries 224 of 386 contacts, 58%): kompleks and
      -- komplisert in turn, four moves: the healthy oscillation.
      name = "kompleks and komplisert in turn: sunn veksling",
      actors = actors,
      contacts = build{"web", "webhub", "web", "webhub", "web"},
      params = monthly,
      expect = {
        {level = "network", scope = "network | 2024-02", label = "komplisert"},
        {level = "network", scope = "network | 2024-03", label = "kompleks"},
        {level = "network", scope = "network | 2024-04", label = "komplisert"},
        {level = "network", scope = "network", label = "sunn veksling",
         scores = {switches = 4}},
      },
    },
    {
      -- From the web to the hub: in February every tie is new (novelty 1,
      -- persistence 0), but there is no rate spike (56 calls against 162), so it
      -- is not chaos: the hub makes it komplisert.
      name = "all ties new without a rate spike: not kaotisk",
      actors = actors,
      contacts = build{"web", "hub"},
      params = monthly,
      expect = {
        {level = "network", scope = "network | 2024-02", label = "komplisert",
         scores = {novelty = 1, persistence = 0}},
      },
      absent = {{level = "network", label = "kaotisk"}},
    },
    {
      -- The hub months again, but with no demand on formal channels: in the first
      -- month opplagt (regular, formal share >= 0) and komplisert both hold all
      -- their rules (persistence and novelty are not defined yet): a conflict.
      name = "rules in conflict: uavklart",
      actors = actors,
      contacts = build{"hub", "hub"},
      params = {window = "month", top_pairs = 0, cases = 0, clear_min_formal = 0},
      expect = {
        {level = "network", scope = "network | 2024-01", label = "uavklart",
         evidence = {en = "rules in conflict: opplagt and komplisert each hold 100%",
                     nb = "reglene strider mot hverandre: opplagt og komplisert"}},
      },
    },
    {
      -- Five contacts in a month: too little data for any label (and too few
      -- for the pair to be labelled: min_pair_contacts 100).
      name = "too little data: uavklart",
      actors = actors,
      contacts = {
        {time = "2024-01-03", from = "a1", to = "b1", channel = "phone", n = 3},
        {time = "2024-01-09", from = "b1", to = "a1", channel = "phone", n = 2},
      },
      params = monthly,
      count = 3, -- the summary, the path and the one window
      expect = {
        {level = "network", scope = "network", label = "uavklart"},
        {level = "network", scope = "network | all windows", label = "uavklart",
         evidence = {en = "Domains of the network window by window: 2024-01 uavklart."}},
        {level = "network", scope = "network | 2024-01", label = "uavklart",
         scores = {contacts = 5}, evidence = {en = "only 5 contacts (< 20): too little data",
                                               nb = "bare 5 kontakter (< 20)"}},
      },
    },
    {
      -- A case bounced back and forth (discharge, referral, discharge within
      -- days) in bursts of 8 contacts a minute apart: kaotisk (bursty, and
      -- three ping-pongs: the first transfer is the entry).
      name = "a case with a ping-pong: kaotisk",
      actors = actors,
      contacts = (function()
        local out = {}
        local t = month(2)
        local seq = {{"b1", "a1", "discharge"}, {"a1", "b1", "referral"},
                     {"b1", "a1", "discharge"}, {"a1", "b1", "referral"},
                     {"b1", "a1", "discharge"}}
        for i, s in ipairs(seq) do
          for j = 0, 7 do
            out[#out + 1] = {time = t + (i - 1) * 3 * DAY + j * 60, from = s[1], to = s[2],
                             channel = j == 0 and s[3] or "phone", case = "s1"}
          end
        end
        return out
      end)(),
      params = {window = "month", cases = 1, min_case_contacts = 8},
      expect = {
        {level = "group", scope = "s1 | 2024-02", label = "kaotisk",
         scores = {pingpongs = 3}, evidence = {en = "ping-pong (kasteball)"}},
      },
    },
    {
      -- The analysis' own windows are used when window = "auto" (--window quarter).
      name = "the analysis' windows",
      actors = actors,
      contacts = build{"regular", "regular", "regular", "regular", "regular", "regular"},
      options = {window = "quarter"},
      params = {top_pairs = 0, cases = 0},
      expect = {
        {level = "network", scope = "network | 2024Q2", label = "opplagt"},
        {level = "network", scope = "network", label = "opplagt", scores = {windows = 2}},
      },
    },
  },
}
