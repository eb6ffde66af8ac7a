-- equality_test.lua - the cases of lenses/equality.lua, each a small network
-- whose answer is counted by hand in the comments. The p-values come from R
-- (binom.test, fisher.test, p.adjust), not from samnett:
--   R> binom.test(10, 10, 0.5)$p.value                            # 0.001953125
--   R> binom.test(20, 50, 1/3, alternative = "greater")$p.value   # 0.196413864788919
--   R> p.adjust(c(0.001953125, 0.196413864788919), "holm")       # 0.00390625 0.196413864788919
--   R> binom.test(5, 10, 0.2, alternative = "greater")$p.value    # 0.0327934976
--   R> binom.test(25, 50, 1/3, alternative = "greater")$p.value   # 0.010826684448816
--   R> binom.test(5, 5, 0.5)$p.value                              # 0.0625
--   R> binom.test(40, 40, 0.5)$p.value                            # 1.81898940354586e-12
--   R> binom.test(26, 56, 1/3, alternative = "greater")$p.value   # 0.0284540258734271
--   R> binom.test(50, 120, 1/3, alternative = "greater")$p.value  # 0.034516752403598
--   R> fisher.test(matrix(c(30, 10, 0, 40), 2, byrow = TRUE))$p.value  # 1.9109933726360e-13
--   R> binom.test(6, 6, 0.5)$p.value                              # 0.03125 (sign test)
--   R> p <- c(binom.test(6, 12, 0.2, alternative = "greater")$p.value,   # 0.019405279232
--             binom.test(26, 52, 1/3, alternative = "greater")$p.value)  # 0.00946320507392863
--   R> p.adjust(p, "holm")                                  # 0.019405279232 0.0189264101478573
--   samnett lens test plugins/lenses/equality.lua

-- Two municipalities, a GP office and a coordinator office around one hospital.
local actors = {
  {id = "m1", organisation = "Alfa kommune", type = "municipality"},
  {id = "m2", organisation = "Alfa kommune", type = "municipality"},
  {id = "n1", organisation = "Delta kommune", type = "municipality"},
  {id = "h1", organisation = "Beta sykehus", type = "hospital_unit"},
  {id = "h2", organisation = "Beta sykehus", type = "hospital_unit"},
  {id = "g1", organisation = "Gamma legesenter", type = "gp"},
  {id = "c1", organisation = "Koordinatorkontoret", type = "coordinator"},
}

local function talk(from, to, n, time, channel)
  return {time = time or "2024-01-10", from = from, to = to, channel = channel or "e-message",
          n = n}
end

return {
  cases = {
    {
      -- The planted pattern: job shadowing only municipality -> hospital, 6 + 4 = 10 and
      -- none back: p = 0.001953125, two tests (who starts, shadowing), Holm 0.00390625:
      -- enveis hospitering, scoped municipality -> hospital_unit. Who starts: the
      -- municipality side 20 e-messages + 10 visits = 30, the hospital 20: balance 2/3 >=
      -- 0.5, the smaller share 20/50 against 1/3: p = 0.196 (Holm the same): uavklart.
      name = "job shadowing one way: enveis hospitering",
      actors = actors,
      contacts = {
        talk("m1", "h1", 20), talk("h1", "m1", 20),
        talk("m1", "h1", 6, "2024-02-01", "hospitering"),
        talk("n1", "h2", 4, "2024-02-02", "job-shadowing"),
      },
      expect = {
        {level = "group", scope = "municipality -> hospital_unit",
         label = "enveis hospitering",
         scores = {shadowing = 10, shadowing_a = 0, shadowing_b = 10, share_back = 0,
                   p = 0.001953125, p_adjusted = 0.00390625},
         evidence = {en = "10 contacts from municipality to hospital unit and 0 back",
                     nb = "10 kontakter fra kommune til sykehusavdeling og 0 tilbake"}},
        {level = "group", scope = "hospital_unit <-> municipality", label = "uavklart",
         scores = {started_a = 20, started_b = 30, p = 0.196413864788919,
                   p_adjusted = 0.196413864788919}},
        {level = "network", scores = {one_way_shadowing = 1}},
      },
    },
    {
      -- The null twin: 5 visits each way. The share back 5/10 is above 20 %, and 5 of 10
      -- against 0.2 gives p = 0.0328; who starts (25 and 25 against 1/3) p = 0.0108;
      -- Holm: 0.0328 and 0.0217: toveis hospitering and likeverdig, never enveis.
      name = "job shadowing both ways: toveis, not enveis",
      actors = actors,
      contacts = {
        talk("m1", "h1", 20), talk("h1", "m1", 20),
        talk("m1", "h1", 5, "2024-02-01", "job-shadowing"),
        talk("h1", "m1", 5, "2024-02-02", "job-shadowing"),
      },
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality",
         label = "toveis hospitering",
         scores = {share_back = 0.5, p = 0.0327934976, p_adjusted = 0.0327934976}},
        {level = "group", scope = "hospital_unit <-> municipality", label = "likeverdig",
         scores = {balance = 1, p = 0.010826684448816, p_adjusted = 0.021653368897632}},
      },
      absent = {{label = "enveis hospitering"}},
    },
    {
      -- Kinds of organisation, not actor types: the hospital's coordinator hc hosts 6
      -- visits from m1 and the ward's h1 visits m1 6 times. By actor type that would be
      -- two one-way pairs (municipality -> coordinator, hospital_unit -> municipality);
      -- Beta sykehus is a hospital (2 of its 3 actors are hospital units), so it is 6
      -- and 6 between municipality and hospital: 6 of 12 back against 0.2, p = 0.0194;
      -- who starts 26 and 26, against 1/3 p = 0.00946; Holm 0.0194 and 0.0189.
      name = "a hospital's coordinator counts as the hospital",
      actors = {
        {id = "m1", organisation = "Alfa kommune", type = "municipality"},
        {id = "h1", organisation = "Beta sykehus", type = "hospital_unit"},
        {id = "h2", organisation = "Beta sykehus", type = "hospital_unit"},
        {id = "hc", organisation = "Beta sykehus", type = "coordinator"},
      },
      contacts = {
        talk("m1", "h1", 20), talk("h1", "m1", 20),
        talk("m1", "hc", 6, "2024-02-01", "job-shadowing"),
        talk("h1", "m1", 6, "2024-02-02", "job-shadowing"),
      },
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality",
         label = "toveis hospitering",
         scores = {shadowing = 12, share_back = 0.5, p = 0.019405279232,
                   p_adjusted = 0.019405279232}},
        {level = "group", scope = "hospital_unit <-> municipality", label = "likeverdig",
         scores = {started_a = 26, started_b = 26, p_adjusted = 0.0189264101478573}},
      },
      absent = {{label = "enveis hospitering"}, {scope = "coordinator <-> municipality"},
                {scope = "municipality -> coordinator"}},
    },
    {
      -- Three visits one way (the old rule said enveis from 3): fewer than
      -- min_shadowing = 6, 3 missing: uavklart, for lite data.
      name = "three visits: uavklart, for lite data",
      actors = actors,
      contacts = {
        talk("m1", "h1", 20), talk("h1", "m1", 20),
        talk("m1", "h1", 3, "2024-02-01", "job-shadowing"),
      },
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality", label = "uavklart",
         scores = {shadowing = 3, missing = 3},
         evidence = {en = "3 job-shadowing contacts run from municipality to hospital unit "
                          .. "and 0 back (needs 6, 3 missing)",
                     nb = "3 hospiteringskontakter fra kommune til sykehusavdeling"}},
      },
      absent = {{label = "enveis hospitering"}},
    },
    {
      -- Five to none with min_shadowing = 5: enough data, but p = 0.0625 (the
      -- research brief's example): uavklart, not significant.
      name = "five visits one way: uavklart, ikke signifikant",
      actors = actors,
      contacts = {
        talk("m1", "h1", 20), talk("h1", "m1", 20),
        talk("m1", "h1", 5, "2024-02-01", "job-shadowing"),
      },
      params = {min_shadowing = 5},
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality", label = "uavklart",
         scores = {shadowing = 5, share_back = 0, p = 0.0625},
         evidence = {en = "not beyond chance", nb = "ikke utover tilfeldighet"}},
      },
      absent = {{label = "enveis hospitering"}},
    },
    {
      -- Only the municipality side starts (40 e-messages, none back): balance 0,
      -- p = 1.82e-12: skjev, started mostly by the municipality side. One skjev
      -- pair alone does not make the network skjev (sign test 1 of 1: p = 1).
      name = "orders one way only: skjev",
      actors = actors,
      contacts = {talk("m1", "h1", 25), talk("m2", "h2", 15, "2024-01-11", "referral")},
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality", label = "skjev",
         scores = {balance = 0, reciprocity = 0, order_share = 1, p = 1.81898940354586e-12},
         evidence = {en = "contact is started mostly by the municipality side",
                     nb = "kontakten tas mest av kommune"}},
        {level = "network", label = "uavklart", scores = {skewed = 1, p = 1}},
      },
    },
    {
      -- Both sides start and answer: m1 <-> h1 20 and 16, n1 <-> h2 10 and 10:
      -- the municipality side 30, the hospital 26, balance 26/30; 26 of 56
      -- against 1/3: p = 0.0285 (one test): likeverdig. The hospital deals with 2
      -- municipalities, each municipality with 1 hospital: asymmetry 2.
      name = "both sides start and answer: likeverdig",
      actors = actors,
      contacts = {
        talk("m1", "h1", 20), talk("h1", "m1", 16, "2024-01-11", "phone"),
        talk("n1", "h2", 10, "2024-01-12"), talk("h2", "n1", 10, "2024-01-13", "meeting"),
      },
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality", label = "likeverdig",
         scores = {started_a = 26, started_b = 30, balance = 26 / 30, reciprocity = 1,
                   partners_a = 2, partners_b = 1, asymmetry = 2, order = 30, dialogue = 26,
                   p = 0.0284540258734271, p_adjusted = 0.0284540258734271},
         evidence = {en = "each hospital unit organisation deals with 2.0 municipality",
                     nb = "balanse 0,87"}},
      },
    },
    {
      -- Six type pairs, each one way only (40 contacts): six skjev pairs, a sign
      -- test of 6 of 6 gives p = 0.03125 < 0.05: the network is skjev.
      name = "every type pair one way: the network is skjev",
      actors = actors,
      contacts = {
        talk("m1", "h1", 40), talk("g1", "m1", 40), talk("g1", "h1", 40),
        talk("c1", "m1", 40), talk("c1", "h1", 40), talk("c1", "g1", 40),
      },
      expect = {
        {level = "network", label = "skjev", scores = {skewed = 6, equal = 0, p = 0.03125}},
      },
    },
    {
      -- 2021: 40 e-messages; 2022: 20 and 20 calls; 2023: 10 and 30 meetings:
      -- the early half (2021) has dialogue share 0, the late half (2023) 0.75:
      -- change +75 points; Fisher p = 1.91e-13, who starts p = 0.0345; Holm
      -- 3.82e-13 and 0.0345: mot dialog.
      name = "from orders to dialogue: mot dialog",
      actors = actors,
      contacts = {
        talk("m1", "h1", 20, "2021-03-01"), talk("h1", "m1", 20, "2021-03-02"),
        talk("m1", "h1", 20, "2022-03-01"), talk("h1", "m1", 20, "2022-03-02", "phone"),
        talk("m1", "h1", 10, "2023-03-01"), talk("h1", "m1", 30, "2023-03-02", "meeting"),
      },
      expect = {
        {level = "group", scope = "hospital_unit <-> municipality", label = "mot dialog",
         scores = {windows = 3, dialogue_early = 0, dialogue_late = 0.75, change = 0.75,
                   p = 1.9109933726360e-13, p_adjusted = 3.8219867452720e-13},
         evidence = {en = "the dialogue share went from 0% in 2021 to 75% in 2023",
                     nb = "fra 0 % i 2021 til 75 % i 2023"}},
        {level = "group", scope = "hospital_unit <-> municipality", label = "likeverdig",
         scores = {p_adjusted = 0.034516752403598}},
      },
    },
    {
      -- The GP office and the hospital exchange 12 contacts: 18 short of 30.
      name = "too few contacts: uavklart, for lite data",
      actors = actors,
      contacts = {
        talk("g1", "h1", 8, "2024-01-10", "referral"),
        talk("h1", "g1", 4, "2024-01-20", "discharge"),
      },
      count = 2,
      expect = {
        {level = "network", label = "uavklart"},
        {level = "group", scope = "gp <-> hospital_unit", label = "uavklart",
         scores = {contacts = 12, missing = 18},
         evidence = {en = "12 contacts between organisations (needs 30, 18 missing)",
                     nb = "fastlege <-> sykehusavdeling: 12 kontakter"}},
      },
    },
    {
      -- Contacts inside one organisation and between two municipalities are
      -- no type pair.
      name = "same organisation or same type: no pair",
      actors = actors,
      contacts = {talk("m1", "m2", 50, "2024-01-10", "phone"),
                  talk("m1", "n1", 50, "2024-01-11", "phone")},
      count = 1,
      expect = {{level = "network", label = "uavklart",
                 scores = {pairs = 0, same_type_contacts = 50}}},
    },
  },
}
