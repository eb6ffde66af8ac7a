-- cynefin_test.lua - the cases of lenses/cynefin.lua: small networks with a
-- known daily channel mix, built so that whether and when the mix shifts is
-- known by construction (monthly windows, window = "month").
--   samnett lens test plugins/lenses/cynefin.lua

local DAY = 86400
local T0 = 1704067200 -- 2024-01-01T00:00:00Z
local SHIFT = 1715558400 -- 2024-05-13T00:00:00Z

local actors = {
  {id = "a1", organisation = "Alfa kommune", type = "municipality", unit = "Heimetenesta"},
  {id = "a2", organisation = "Alfa kommune", type = "municipality", unit = "Sjukeheimen"},
  {id = "b1", organisation = "Beta sykehus", type = "hospital_unit", unit = "Medisinsk"},
  {id = "b2", organisation = "Beta sykehus", type = "hospital_unit", unit = "Kirurgisk"},
  {id = "c1", organisation = "Beta sykehus", type = "coordinator", unit = "Samhandling"},
}

-- Contacts every day from T0 for `days` days: mix(t) gives {channel = n a
-- day}; each channel's rows go between a fixed pair, at a fixed hour, times
-- `scale` (the same process at a larger volume).
local PAIRS = {["e-message"] = {"a1", "b1", 9}, meeting = {"a2", "b2", 11},
               video = {"a2", "b2", 13}, phone = {"b1", "c1", 15}}
-- other pairs, none of them a pair above: the ties of the network change
local MOVED = {["e-message"] = {"a2", "c1", 9}, meeting = {"a1", "b2", 11},
               video = {"a1", "b2", 13}, phone = {"b2", "c1", 15}}
local function build(days, mix, scale, moved_from)
  local out = {}
  for d = 0, days - 1 do
    local t = T0 + d * DAY
    for ch, n in pairs(mix(t)) do
      local p = (moved_from and t >= moved_from) and MOVED[ch] or PAIRS[ch]
      if n > 0 then
        out[#out + 1] = {time = t + p[3] * 3600, from = p[1], to = p[2], channel = ch,
                         n = n * (scale or 1)}
      end
    end
  end
  table.sort(out, function(x, y) return x.time < y.time or (x.time == y.time and x.channel < y.channel) end)
  return out
end

local function steady() return {["e-message"] = 10, meeting = 6, phone = 4, video = 0} end
-- the March 2020 pattern: on 2024-05-13 meetings stop and video takes over
local function to_video(t)
  if t < SHIFT then return steady() end
  return {["e-message"] = 10, meeting = 0, phone = 4, video = 6}
end
-- one channel alone moves: phone calls go from 2 to 12 a day
local function more_phone(t)
  return {["e-message"] = 10, meeting = 6, phone = t < SHIFT and 2 or 12, video = 0}
end

local monthly = {window = "month"}

return {
  cases = {
    {
      -- Meetings (6 a day, 30% of 20) stop and video (0) takes their place
      -- on the same day: two signals within a day, both shares changing far
      -- more than 3 times and by 30 points: kaotisk in 2024-05, the other
      -- windows stabil (the first three uavklart: under 80 days of history).
      name = "meetings collapse and video takes over within days: kaotisk",
      actors = actors,
      contacts = build(244, to_video),
      options = monthly,
      expect = {
        {level = "network", scope = "network | 2024-05", label = "kaotisk",
         scores = {signals = 2, change_points = 2}, source = "Snowden and Boone 2007",
         test = {method = "fisher", correction = "holm"},
         evidence = {en = "2 channels or rates changed within 0 days of each other",
                     nb = "møte falt fra 30,0 % av kontaktene"}},
        {level = "network", scope = "network | 2024-05",
         evidence = {en = "video rose from 0.0% of the contacts"}},
        {level = "network", scope = "network | 2024-05",
         scores = {persistence = 1, persistence_null = 1},
         evidence = {en = "0% below (< 25%)", nb = "båndene fortsatte"}},
        {level = "network", scope = "network", label = "skifte",
         scores = {kaotisk = 1, overgang = 0, stabil = 4, uavklart = 3, windows = 8}},
        {level = "network", scope = "network | 2024-07", label = "stabil"},
        {level = "network", scope = "network | 2024-02", label = "uavklart",
         reason = "for lite data", evidence = {en = "31 days of history before it", nb = "for lite data, 49 dager mangler"}},
      },
      absent = {{level = "network", label = "overgang"}},
    },
    {
      -- The same mix every day: no change point, nothing shifts.
      name = "a steady mix: stabil, no kaotisk or overgang",
      actors = actors,
      contacts = build(244, steady),
      options = monthly,
      expect = {
        {level = "network", scope = "network", label = "stabil",
         scores = {kaotisk = 0, overgang = 0, stabil = 5}},
        {level = "network", scope = "network | 2024-05", label = "stabil"},
      },
      absent = {{level = "network", label = "kaotisk"}, {level = "network", label = "overgang"},
                {level = "network", label = "skifte"}},
    },
    {
      -- The shift at five times the volume: the same window labels.
      name = "the same shift at five times the contacts: the same labels",
      actors = actors,
      contacts = build(244, to_video, 5),
      options = monthly,
      expect = {
        {level = "network", scope = "network | 2024-05", label = "kaotisk"},
        {level = "network", scope = "network", label = "skifte",
         scores = {kaotisk = 1, overgang = 0, stabil = 4, uavklart = 3}},
      },
    },
    {
      -- Only the phone moves (2 to 12 a day; its share 11.1% to 42.9%):
      -- one signal, a transition, not chaos.
      name = "one channel shifts: overgang",
      actors = actors,
      contacts = build(244, more_phone),
      options = monthly,
      expect = {
        {level = "network", scope = "network | 2024-05", label = "overgang",
         scores = {signals = 1}, test = {method = "fisher", correction = "holm"},
         evidence = {en = "phone rose from 11.1% of the contacts", nb = "telefon steg fra 11,1 %"}},
      },
      absent = {{level = "network", label = "kaotisk"}},
    },
    {
      -- The phone moves as above, and on the same day every contact moves to
      -- other pairs: May shares 3 of its 6 ties with April (persistence 0.5),
      -- where shuffling the times over April and May puts every tie in both
      -- (persistence 1): 50% below (>= 25%), p = 1/101 (no draw that low): the
      -- ties broke, a second signal: kaotisk.
      name = "one channel shifts and the ties break: kaotisk",
      actors = actors,
      contacts = build(244, more_phone, 1, SHIFT),
      options = monthly,
      tolerance = 1e-6,
      expect = {
        {level = "network", scope = "network | 2024-05", label = "kaotisk",
         scores = {signals = 1, persistence = 0.5, persistence_null = 1, persistence_p = 1 / 101},
         evidence = {en = "1 channel or rate changed and the ties broke (>= 2 signals within "
                          .. "14 days)",
                     nb = "telefon steg fra 11,1 % av kontaktene"}},
        {level = "network", scope = "network | 2024-05",
         evidence = {en = "ties: persistence 0.500 from 2024-04 to 2024-05 against 1.000 (sd 0.000)",
                     nb = "50 % under (>= 25 %), p = 0,010 (tidsstokking, 100 trekk, Holm, 1 test), "
                          .. "under det laveste i de 400 dagene før (1,000): båndene brøt"}},
      },
    },
    {
      -- The same without the time shuffle: one signal, overgang.
      name = "the ties break, but no time shuffle: overgang",
      actors = actors,
      contacts = build(244, more_phone, 1, SHIFT),
      options = monthly,
      params = {shuffle_draws = 0},
      expect = {{level = "network", scope = "network | 2024-05", label = "overgang"}},
    },
    {
      -- The same, with shift_ratio 4 (42.9 / 11.1 = 3.9 < 4): the change is
      -- below the minimum effect, the window stays stabil.
      name = "a change below the minimum effect: stabil",
      actors = actors,
      contacts = build(244, more_phone),
      options = monthly,
      params = {shift_ratio = 4},
      expect = {{level = "network", scope = "network | 2024-05", label = "stabil"}},
      absent = {{level = "network", label = "overgang"}},
    },
    {
      -- The correction is a parameter: Benjamini-Hochberg.
      name = "Benjamini-Hochberg instead of Holm",
      actors = actors,
      contacts = build(244, more_phone),
      options = monthly,
      params = {correction = "bh"},
      expect = {{level = "network", scope = "network | 2024-05", label = "overgang",
                 test = {method = "fisher", correction = "bh"},
                 evidence = {en = "(Fisher's test, BH, "}}},
    },
    {
      -- Five contacts in a month: too little data, 15 short of 20.
      name = "too little data: uavklart (for lite data)",
      actors = actors,
      contacts = {
        {time = "2024-01-03", from = "a1", to = "b1", channel = "phone", n = 3},
        {time = "2024-01-09", from = "b1", to = "a1", channel = "phone", n = 2},
      },
      options = monthly,
      count = 2, -- the summary and the one window
      expect = {
        {level = "network", scope = "network", label = "uavklart"},
        {level = "network", scope = "network | 2024-01", label = "uavklart",
         scores = {contacts = 5}, reason = "for lite data",
         evidence = {en = "only 5 contacts (< 20): for lite data, 15 short",
                     nb = "bare 5 kontakter (< 20): for lite data, 15 mangler"}},
      },
    },
    {
      -- Quarters by default (no --window): the shift is in 2024Q2.
      name = "quarters without --window",
      actors = actors,
      contacts = build(365, to_video),
      expect = {
        {level = "network", scope = "network | 2024Q2", label = "kaotisk"},
        {level = "network", scope = "network | 2024Q1", label = "uavklart"},
      },
    },
  },
}
