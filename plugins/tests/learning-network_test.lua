-- learning-network_test.lua - the cases of lenses/learning-network.lua: a
-- learning network of four organisations built so that its regularity and
-- the afterlife of its ties are known by construction.
--   samnett lens test plugins/lenses/learning-network.lua

local DAY = 86400
local Q = 7889400 -- a quarter, 91.3125 days, as the meeting series measure it
local T0 = 1641772800 -- 2022-01-10T00:00:00Z

local actors = {
  {id = "a1", organisation = "Alfa sjukehus", unit = "Samhandling", type = "coordinator",
   rank = "middle"},
  {id = "a2", organisation = "Alfa sjukehus", unit = "Medisinsk", type = "hospital_unit",
   rank = "frontline"},
  {id = "a3", organisation = "Alfa sjukehus", unit = "Medisinsk", type = "hospital_unit",
   rank = "frontline"},
  {id = "b1", organisation = "Beta kommune", unit = "Heimetenesta", type = "municipality",
   rank = "middle"},
  {id = "b2", organisation = "Beta kommune", unit = "Heimetenesta", type = "municipality",
   rank = "frontline"},
  {id = "c1", organisation = "Gamma kommune", unit = "Sjukeheimen", type = "municipality",
   rank = "frontline"},
  {id = "c2", organisation = "Gamma kommune", unit = "Sjukeheimen", type = "municipality",
   rank = "frontline"},
  {id = "d1", organisation = "Delta kommune", unit = "Tenestekontoret", type = "municipality",
   rank = "frontline"},
  {id = "d2", organisation = "Delta kommune", unit = "Tenestekontoret", type = "municipality",
   rank = "frontline"},
  {id = "x1", organisation = "Epsilon legesenter", type = "gp", rank = "frontline"},
  {id = "x2", organisation = "Epsilon legesenter", type = "gp", rank = "frontline"},
}

local members = {"a2", "b1", "b2", "c1", "c2", "d1", "d2"}
-- pairs who meet at the gatherings and then keep in touch directly
local friends = {{"a2", "b1"}, {"b2", "c1"}, {"c2", "d1"}, {"d2", "a2"}}

-- n gatherings at the given day offsets, organised by a1; direct contacts of
-- the friends: 6 a quarter during, then `after` contacts in each quarter
-- after the last gathering (spread evenly); a last, unrelated contact at
-- `data_end` days after the last gathering marks the end of the data.
local function network(days, after, data_end)
  local out = {}
  for k, d in ipairs(days) do
    for _, m in ipairs(members) do
      out[#out + 1] = {time = T0 + d * DAY, from = "a1", to = m, channel = "meeting",
                       meeting = string.format("ln%02d", k)}
    end
  end
  local first, last = T0 + days[1] * DAY, T0 + days[#days] * DAY
  for i, p in ipairs(friends) do
    for t = first + DAY + i * 3600, last - DAY, Q // 6 do
      out[#out + 1] = {time = t, from = p[1], to = p[2], channel = "phone"}
    end
    for q, n in ipairs(after) do
      local per = n // #friends
      for j = 1, per do
        out[#out + 1] = {time = last + (q - 1) * Q + j * (Q // (per + 1)) + i * 60,
                         from = p[2], to = p[1], channel = "phone"}
      end
    end
  end
  out[#out + 1] = {time = last + data_end * DAY, from = "x1", to = "x2", channel = "phone"}
  table.sort(out, function(x, y) return x.time < y.time end)
  return out
end

local quarterly = {0, 91, 182, 273, 364, 455}
-- the fixture network has 8 participants; a learning network needs 15 by default
local small = {min_participants = 8}

return {
  cases = {
    {
      -- Six gatherings 91 days apart (CV 0): regelmessig, and beyond random
      -- times (no random series of 5 gaps has CV 0: p = 1 / 1001). 8
      -- participants from 4 organisations, no GP. After the last gathering the
      -- friends' contact falls quarter by quarter (40, 20, 12, 4): the later two
      -- quarters have 16 of the earlier two's 60 (27% <= 50%), one-sided
      -- binomial p = 1.93e-7 (R: binom.test(16, 76, 0.5, alternative =
      -- "less")); a Poisson fit of the decay gives a half-life of 91.85 days,
      -- 95% likelihood-ratio interval 67.25 to 138.80 (R: glm(k ~ q, poisson)
      -- and the deviance profile): falmer.
      name = "a regular learning network whose ties fade: falmer, with its interval",
      actors = actors,
      contacts = network(quarterly, {40, 20, 12, 4}, 420),
      params = small,
      tolerance = 1e-3,
      expect = {
        {level = "group", scope = "ln (ln01–ln06)", label = "regelmessig",
         scores = {meetings = 6, regularity = 0, interval_median_days = 91, organisations = 4,
                   participants = 8, gps = 0, leaders = 2, p = 1 / 1001}},
        {level = "group", scope = "ln (ln01–ln06)", label = "falmer",
         source = "Institute for Healthcare Improvement 2003",
         test = {method = "binomial", correction = "holm"},
         scores = {first_quarter_after = 40, last_quarter_after = 4, early = 60, late = 16,
                   quarters_after = 4, p = 1.925489e-07, half_life_days = 91.85069,
                   half_life_low = 67.25287, half_life_high = 138.7964},
         evidence = {en = "in the 4 quarters after it: 40, 20, 12, 4. Half-life 92 days (95% "
                          .. "interval 67 to 139)",
                     nb = "i de 4 kvartalene etterpå: 40; 20; 12; 4. Halveringstid 92 dager (95 % "
                          .. "intervall 67 til 139)"}},
        {level = "network", scope = "network", label = "falmer", scores = {networks = 1},
         evidence = {en = "went from 40 in the first quarter after",
                     nb = "gikk fra 40 i første kvartal etter"}},
      },
    },
    {
      -- The friends keep 100 contacts every quarter for 8 quarters: the
      -- half-life's interval starts at 2093 days (R, as above), above 730: varig.
      name = "ties that last after the network: varig",
      actors = actors,
      contacts = network(quarterly, {100, 100, 100, 100, 100, 100, 100, 100}, 760),
      params = small,
      tolerance = 1e-3,
      expect = {
        {level = "group", scope = "ln (ln01–ln06)", label = "varig",
         scores = {ratio = 1, half_life_low = 2092.579}},
        {level = "network", scope = "network", label = "varig"},
      },
      absent = {{level = "group", label = "falmer"}},
    },
    {
      -- 20 contacts a quarter for 4 quarters: no decline (p = 0.54), but too
      -- little to rule out a half-life under 730 days (the interval starts at
      -- 322): uavklart, not significant.
      name = "a flat but short afterlife: uavklart (ikke signifikant)",
      actors = actors,
      contacts = network(quarterly, {20, 20, 20, 20}, 370),
      params = small,
      expect = {
        {level = "group", scope = "ln (ln01–ln06)", label = "uavklart", scores = {ratio = 1},
         reason = "ikke signifikant",
         evidence = {en = "(not significant)", nb = "(ikke signifikant)"}},
      },
      absent = {{level = "group", label = "falmer"}, {level = "group", label = "varig"}},
    },
    {
      -- 4 and 2 contacts in the two quarters after: 6 < 10, for lite data.
      name = "too few contacts after the end: uavklart (for lite data)",
      actors = actors,
      contacts = network(quarterly, {4, 4}, 200),
      params = small,
      expect = {
        {level = "group", scope = "ln (ln01–ln06)", label = "uavklart", scores = {contacts_after = 8},
         reason = "for lite data",
         evidence = {en = "for lite data, 2 short", nb = "for lite data, 2 mangler"}},
      },
    },
    {
      -- The data end 30 days after the last gathering: still running.
      name = "a network still running: pågår",
      actors = actors,
      contacts = network(quarterly, {}, 30),
      params = small,
      expect = {
        {level = "group", scope = "ln (ln01–ln06)", label = "pågår", scores = {quarters_after = 0}},
      },
    },
    {
      -- Gaps of 10, 300, 20 and 250 days: CV 0.91 > 0.5: uregelmessig.
      name = "irregular gatherings: uregelmessig",
      actors = actors,
      contacts = network({0, 10, 310, 330, 580}, {8, 4}, 200),
      params = small,
      expect = {
        {level = "group", scope = "ln (ln01–ln05)", label = "uregelmessig"},
      },
    },
    {
      -- Gaps of 60, 120 and 60 days: CV 0.35 <= 0.5, but three random gaps
      -- have a CV that low often: uavklart, not significant.
      name = "regular-looking but few gatherings: uavklart (ikke signifikant)",
      actors = actors,
      contacts = network({0, 60, 180, 240}, {8, 4}, 200),
      params = small,
      expect = {
        {level = "group", scope = "ln (ln01–ln04)", label = "uavklart", reason = "ikke signifikant",
         test = {method = "monte-carlo", correction = "holm"},
         evidence = {en = "random times give as low a CV too often",
                     nb = "tilfeldige tidspunkt gir like lav CV for ofte"}},
      },
      absent = {{level = "group", label = "regelmessig"}},
    },
    {
      -- With the default of 15 participants the 8 of the fixture make no learning
      -- network (a committee or a team).
      name = "too few participants for a learning network: uavklart",
      actors = actors,
      contacts = network(quarterly, {40, 20, 12, 4}, 420),
      count = 1,
      expect = {{level = "network", label = "uavklart",
                 evidence = {en = "No recurring gathering series has 3 organisations, 4 "
                                  .. "meetings and 15 participants"}}},
    },
    {
      -- Three organisations only (a, b, c), with min_orgs 4: nothing to judge,
      -- and nothing claimed (no falmer, varig or regelmessig).
      name = "no learning network: uavklart (for lite data)",
      actors = actors,
      contacts = (function()
        local out = {}
        for k, d in ipairs(quarterly) do
          for _, m in ipairs{"a2", "a3", "b1", "b2", "c1", "c2", "b1"} do
            out[#out + 1] = {time = T0 + d * DAY, from = "a1", to = m, channel = "meeting",
                             meeting = "m" .. k}
          end
        end
        return out
      end)(),
      params = {min_orgs = 4, min_participants = 8},
      count = 1,
      expect = {{level = "network", label = "uavklart", scores = {networks = 0},
                 reason = "for lite data",
                 evidence = {en = "(for lite data)", nb = "(for lite data)"}}},
    },
  },
}
