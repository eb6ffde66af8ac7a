-- reciprocity_test.lua - the cases of lenses/reciprocity.lua, each a small
-- hand-built network whose answer is counted by hand in the comments. The
-- p-values come from R, not from samnett:
--   R> p <- c(binom.test(30, 70, 1/3, alternative = "greater")$p.value,  # 0.0609315639740415
--             binom.test(36, 40, 0.5)$p.value,                           # 1.857024471974e-07
--             binom.test(25, 50, 1/3, alternative = "greater")$p.value)  # 0.010826684448816
--   R> p.adjust(p, "BH")          # 0.0609315639740415 5.57107341592201e-07 0.016240026673224
--   R> binom.test(20, 40, 1/3, alternative = "greater")$p.value   # 0.021440733529787
--   R> binom.test(0, 20, 0.5)$p.value                             # 1.9073486328125e-06
--   R> binom.test(6, 6, 0.5)$p.value                              # 0.03125 (sign test)
--   R> binom.test(6, 12, 1/3, alternative = "greater")$p.value    # 0.177722456490937
--   samnett lens test plugins/lenses/reciprocity.lua

local actors = {
  {id = "a1", organisation = "Alfa kommune", type = "municipality", unit = "Tildelingskontoret"},
  {id = "a2", organisation = "Alfa kommune", type = "municipality", unit = "Heimetenesta"},
  {id = "b1", organisation = "Beta sykehus", type = "hospital_unit", unit = "Medisinsk"},
  {id = "c1", organisation = "Gamma legesenter", type = "gp"},
  {id = "d1", organisation = "Delta kommune", type = "municipality"},
}

-- Eight organisations of one actor each, o1 .. o8.
local eight = {}
for i = 1, 8 do
  eight[i] = {id = "o" .. i, organisation = "Org " .. i, type = "municipality"}
end
local PAIRS = {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {1, 3}, {5, 7}}

local function c(from, to, n, time)
  return {time = time or "2024-01-10", from = from, to = to, channel = "e-message", n = n}
end

return {
  cases = {
    {
      -- Alfa-Beta 25 + 15 = 40 against 30: balance 0.75 >= 0.5; 30 of 70 against 1/3
      --   p = 0.0609, BH 0.0609: uavklart, not significant.
      -- Alfa-Gamma 36 and 4: balance 1/9 < 0.5; p = 1.86e-7, BH 5.57e-7: ensidig.
      -- Alfa-Delta 25 and 25: balance 1; p = 0.0108, BH 0.0162: gjensidig.
      -- Beta-Gamma 2: 8 short of 10: uavklart, for lite data.
      -- Alfa's internal contacts (a1 -> a2) are no pair.
      -- Network: 1 gjensidig against 1 ensidig (sign test p = 1) and four organisations'
      -- ties: uavklart.
      name = "organisation pairs with a known answer",
      actors = actors,
      contacts = {
        c("a1", "b1", 25), c("a2", "b1", 15), c("b1", "a1", 30),
        c("a1", "c1", 36), c("c1", "a2", 4),
        c("a1", "d1", 25), c("d1", "a1", 25),
        c("b1", "c1", 2), c("a1", "a2", 4),
      },
      count = 5,
      expect = {
        {level = "network", label = "uavklart",
         scores = {pairs = 4, mutual = 1, one_sided = 1, unresolved = 2, p = 1, tests = 3},
         evidence = {en = "1 of 2 labelled organisation pairs", nb = "1 av 2 merkede par"}},
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "uavklart",
         scores = {contacts_ab = 40, contacts_ba = 30, balance = 0.75,
                   p = 0.0609315639740415, p_adjusted = 0.0609315639740415},
         evidence = {en = "not beyond chance", nb = "ikke utover tilfeldighet"}},
        {level = "group", scope = "Alfa kommune <-> Gamma legesenter", label = "ensidig",
         scores = {contacts_ab = 36, contacts_ba = 4, balance = 1 / 9,
                   p = 1.857024471974e-07, p_adjusted = 5.57107341592201e-07},
         evidence = {en = "mostly from Alfa kommune to Gamma legesenter",
                     nb = "balanse 0,11"}},
        {level = "group", scope = "Alfa kommune <-> Delta kommune", label = "gjensidig",
         scores = {balance = 1, p = 0.010826684448816, p_adjusted = 0.016240026673224}},
        {level = "group", scope = "Beta sykehus <-> Gamma legesenter", label = "uavklart",
         scores = {contacts = 2, missing = 8},
         evidence = {en = "needs 10, 8 missing", nb = "trenger 10, mangler 8"}},
      },
    },
    {
      -- The same pairs with threshold 0.8: Alfa-Beta's 0.75 is now below it, so it is
      -- tested for ensidig (40 of 70 against 0.5), which it is not: still uavklart, and
      -- never gjensidig.
      name = "a stricter threshold: no longer tested for gjensidig",
      actors = actors,
      contacts = {c("a1", "b1", 40), c("b1", "a1", 30)},
      params = {threshold = 0.8},
      expect = {
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "uavklart"},
      },
      absent = {{label = "gjensidig"}, {label = "ensidig"}},
    },
    {
      -- The null twin of a mutual pair with little data: 6 and 6 (12 >= 10), 6 of 12
      -- against 1/3: p = 0.178: uavklart, neither ensidig nor gjensidig.
      name = "balanced but small: uavklart",
      actors = actors,
      contacts = {c("a1", "b1", 6), c("b1", "a1", 6)},
      expect = {
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "uavklart",
         scores = {p = 0.177722456490937}},
      },
      absent = {{label = "gjensidig"}, {label = "ensidig"}},
    },
    {
      -- Six pairs of organisations, each 20 contacts one way only: each p = 1.91e-6
      -- (BH the same): ensidig; the sign test 6 of 6 gives p = 0.03125: the network is
      -- ensidig.
      name = "every pair one way: the network is ensidig",
      actors = eight,
      contacts = (function()
        local out = {}
        for _, p in ipairs(PAIRS) do out[#out + 1] = c("o" .. p[1], "o" .. p[2], 20) end
        return out
      end)(),
      expect = {
        {level = "network", label = "ensidig", scores = {one_sided = 6, mutual = 0, p = 0.03125}},
        {level = "group", scope = "Org 1 <-> Org 2", label = "ensidig",
         scores = {p = 1.9073486328125e-06, p_adjusted = 1.9073486328125e-06}},
      },
    },
    {
      -- The same six pairs answered 20 for 20: each 20 of 40 against 1/3, p = 0.0214
      -- (BH the same): gjensidig; every tie between the organisations is answered
      -- (reciprocity 1), which degree-preserving rewiring rarely keeps (p_greater <
      -- 0.05): gjensidig.
      name = "every pair both ways: the network is gjensidig",
      actors = eight,
      contacts = (function()
        local out = {}
        for _, p in ipairs(PAIRS) do
          out[#out + 1] = c("o" .. p[1], "o" .. p[2], 20)
          out[#out + 1] = c("o" .. p[2], "o" .. p[1], 20, "2024-01-11")
        end
        return out
      end)(),
      expect = {
        {level = "network", label = "gjensidig",
         scores = {mutual = 6, one_sided = 0, reciprocity = 1}},
        {level = "group", scope = "Org 3 <-> Org 4", label = "gjensidig",
         scores = {p = 0.021440733529787, p_adjusted = 0.021440733529787}},
      },
    },
    {
      -- One mutual pair (Alfa-Delta 25 and 25, gjensidig) is no mutual network: the
      -- graph of the two organisations cannot be rewired into anything else (the
      -- null's reciprocity is 1 too, p = 1): uavklart.
      name = "one mutual pair alone: the network is uavklart",
      actors = actors,
      contacts = {c("a1", "d1", 25), c("d1", "a1", 25)},
      expect = {
        {level = "group", scope = "Alfa kommune <-> Delta kommune", label = "gjensidig"},
        {level = "network", label = "uavklart",
         scores = {mutual = 1, reciprocity = 1, reciprocity_null_mean = 1, reciprocity_p = 1}},
      },
      absent = {{level = "network", label = "gjensidig"}},
    },
    {
      -- Too little contact anywhere: every pair and the network are uavklart.
      name = "too little contact: uavklart, for lite data",
      actors = actors,
      contacts = {c("a1", "b1", 3), c("b1", "a1", 3)},
      count = 2,
      expect = {
        {level = "network", label = "uavklart", scores = {pairs = 1, unresolved = 1}},
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "uavklart",
         scores = {missing = 4}},
      },
    },
    {
      -- Grouping by unit instead (a parameter): Tildelingskontoret and
      -- Heimetenesta are now two groups, so a1 -> a2 is a pair (20 and 0).
      name = "groups by another attribute",
      actors = actors,
      contacts = {c("a1", "a2", 20)},
      params = {by = "unit"},
      expect = {
        {level = "group", scope = "Heimetenesta <-> Tildelingskontoret", label = "ensidig",
         scores = {contacts_ab = 0, contacts_ba = 20, balance = 0}},
      },
    },
    {
      -- At the organisation level the ties are between organisations already.
      name = "the organisation level gives the same pairs",
      actors = actors,
      contacts = {c("a1", "b1", 25), c("b1", "a2", 25)},
      options = {level = "organisation"},
      expect = {
        {level = "group", scope = "Alfa kommune <-> Beta sykehus", label = "gjensidig",
         scores = {contacts_ab = 25, contacts_ba = 25}},
      },
    },
  },
}
