-- silo_test.lua - the cases of lenses/silo.lua, each a small organisation
-- whose silos and integration rungs are known by construction. The p-values
-- come from R, not from samnett:
--   R> fisher.test(matrix(c(16, 0, 12, 6), 2, byrow = TRUE), alternative = "greater")$p.value
--        # 0.0138032156942057
--   R> binom.test(5, 10, 0.9, alternative = "less")$p.value      # 0.0016349374
--   R> p <- c(binom.test(30, 30, 0.5)$p.value,                    # 1.86264514923096e-09
--             binom.test(15, 30, 1/6, alternative = "greater")$p.value,  # 2.6198022364826e-05
--             binom.test(10, 30, 1/6, alternative = "greater")$p.value)  # 0.0197062837689678
--   R> p.adjust(p, "BH")         # 5.58793544769289e-09 3.92970335472391e-05 0.0197062837689678
--   R> fisher.test(matrix(c(1, 5, 14, 4), 2, byrow = TRUE), alternative = "less")$p.value
--        # 0.0146661119201165
--   samnett lens test plugins/lenses/silo.lua

-- Alfa kommune: the head of services k (Adm) and three units, each with a
-- manager (middle) and two frontline workers.
-- Alfa kommune: the head of services k (Adm) and three units, each with a
-- manager (middle) and two frontline workers; Beta sykehus with a medical
-- ward and child psychiatry (BUP, three staff); child welfare (two staff).
local function A(id, org, unit, rank, prof, typ)
  return {id = id, organisation = org, unit = unit, rank = rank, profession = prof, type = typ}
end
local K, B, V = "Alfa kommune", "Beta sykehus", "Alfa barnevern"
local actors = {
  A("k", K, "Adm", "top", "kommunalsjef", "municipality"),
  A("l1", K, "Heimetenesta", "middle", "leiar", "municipality"),
  A("f1", K, "Heimetenesta", "frontline", "sjukepleiar", "municipality"),
  A("f2", K, "Heimetenesta", "frontline", "helsefagarbeidar", "municipality"),
  A("l2", K, "Sjukeheimen", "middle", "leiar", "municipality"),
  A("f3", K, "Sjukeheimen", "frontline", "sjukepleiar", "municipality"),
  A("f4", K, "Sjukeheimen", "frontline", "helsefagarbeidar", "municipality"),
  A("l3", K, "Tenestekontoret", "middle", "leiar", "municipality"),
  A("f5", K, "Tenestekontoret", "frontline", "sakshandsamar", "municipality"),
  A("f6", K, "Tenestekontoret", "frontline", "sakshandsamar", "municipality"),
  A("h1", B, "Medisinsk", "frontline", "sykepleier", "hospital_unit"),
  A("h2", B, "Medisinsk", "frontline", "lege", "hospital_unit"),
  A("b1", B, "BUP", "frontline", "psykolog", "hospital_unit"),
  A("b2", B, "BUP", "frontline", "psykolog", "hospital_unit"),
  A("b3", B, "BUP", "frontline", "lege", "hospital_unit"),
  A("v1", V, "Barnevernet", "frontline", "barnevernspedagog", "other"),
  A("v2", V, "Barnevernet", "frontline", "barnevernspedagog", "other"),
}

local function t(from, to, n, day, channel, case)
  return {time = day or "2024-02-01", from = from, to = to, n = n, channel = channel,
          case = case}
end

-- Inside each unit: the manager and the two workers talk (6 ties a unit, 4 of
-- them with the manager); with star = true only the manager talks to the two
-- workers (4 ties a unit, all with the manager).
local function units_inside(out, star)
  for _, u in ipairs{{"l1", "f1", "f2"}, {"l2", "f3", "f4"}, {"l3", "f5", "f6"}} do
    out[#out + 1] = t(u[1], u[2], 2, "2024-01-05")
    out[#out + 1] = t(u[2], u[1], 2, "2024-01-05")
    out[#out + 1] = t(u[1], u[3], 2, "2024-01-06")
    out[#out + 1] = t(u[3], u[1], 2, "2024-01-06")
    if not star then
      out[#out + 1] = t(u[2], u[3], 2, "2024-01-07")
      out[#out + 1] = t(u[3], u[2], 2, "2024-01-07")
    end
  end
  return out
end

-- Every contact between two units goes through k: 16 ties between units, all
-- with k at one end.
local function through_k(out)
  for _, x in ipairs{{"f1", "k"}, {"k", "f3"}, {"f4", "k"}, {"k", "f5"}, {"f6", "k"},
                     {"k", "f2"}, {"l1", "k"}, {"l2", "k"}, {"l3", "k"}, {"k", "l1"},
                     {"k", "f1"}, {"f3", "k"}, {"k", "f4"}, {"f5", "k"}, {"k", "f6"},
                     {"f2", "k"}} do
    out[#out + 1] = t(x[1], x[2], 3, "2024-02-01", "e-message")
  end
  return out
end

-- Four children served by BUP (b1, b2, b3) and child welfare (v1, v2); with
-- direct = false every contact between them runs through the coordinator f5.
local function children(direct)
  local out = {}
  for c = 1, 4 do
    local day, case = string.format("2024-03-%02d", c * 3), "s" .. c
    for _, b in ipairs{"b1", "b2", "b3"} do
      for _, v in ipairs{"v1", "v2"} do
        if direct then
          out[#out + 1] = t(b, v, 1, day, "e-message", case)
          out[#out + 1] = t(v, b, 1, day, "phone", case)
        else
          out[#out + 1] = t(b, "f5", 1, day, "e-message", case)
          out[#out + 1] = t("f5", v, 1, day, "e-message", case)
          out[#out + 1] = t(v, "f5", 1, day, "phone", case)
        end
      end
    end
  end
  return out
end

local function C_append(out, more)
  for _, x in ipairs(more) do out[#out + 1] = x end
  return out
end

return {
  cases = {
    {
      -- The planted silo: the 16 ties between units all have k (a leader) at an
      -- end (100% >= 90%), against 12 of the 18 ties inside units (the managers'):
      -- Fisher p = 0.0138, one organisation tested (Holm the same): silo.
      name = "units that meet only through the head of services: silo",
      actors = actors,
      contacts = through_k(units_inside({})),
      expect = {
        {level = "group", scope = "Alfa kommune", label = "silo",
         scores = {between_units = 16, inside_units = 18, leader_bridges = 16,
                   frontline_bridges = 0, leader_bridge_share = 1, go_between_share = 1,
                   leader_share_inside = 12 / 18, ei_unit = (16 - 18) / 34,
                   p = 0.0138032156942057, p_adjusted = 0.0138032156942057},
         evidence = {en = "k is at an end of 16 of them", nb = "k er i enden av 16 av dem"}},
        {level = "network", label = "silo", scores = {silos = 1},
         evidence = {en = "1 organisation is a silo (Alfa kommune)"}},
      },
    },
    {
      -- Its null twin: leaders are at an end of every tie, inside units too (the
      -- workers talk only to their manager): the ties between units are no more
      -- leader ties than those inside (16 of 16 against 12 of 12, Fisher p = 1):
      -- uavklart, not significant; never silo.
      name = "leaders everywhere, not only between units: uavklart",
      actors = actors,
      contacts = through_k(units_inside({}, true)),
      expect = {
        {level = "group", scope = "Alfa kommune", label = "uavklart",
         scores = {leader_bridge_share = 1, leader_share_inside = 1, p = 1},
         evidence = {en = "not beyond chance"}},
      },
      absent = {{label = "silo"}},
    },
    {
      -- The frontline talks across units directly (f1 <-> f3, f2 -> f5, f4 -> f6,
      -- f6 -> f1) next to the managers' ties to k: 5 of 10 ties between units have a
      -- leader at an end; 5 of 10 against 0.9: p = 0.0016349374: integrert.
      name = "frontline bridges between units: integrert",
      actors = actors,
      contacts = units_inside{
        t("f1", "f3", 5), t("f3", "f1", 5), t("f2", "f5", 4), t("f4", "f6", 4), t("f6", "f1", 3),
        t("l1", "k", 2), t("l2", "k", 2), t("l3", "k", 2), t("k", "l1", 1), t("k", "l2", 1),
      },
      expect = {
        {level = "group", scope = "Alfa kommune", label = "integrert",
         scores = {between_units = 10, frontline_bridges = 5, leader_bridge_share = 0.5,
                   p = 0.0016349374}},
      },
      absent = {{label = "silo"}},
    },
    {
      -- Three unit pairs with a known rung, BH over the three:
      --   Heimetenesta -> Medisinsk one way (30, 0): p = 1.86e-9: sekvensiell;
      --   Sjukeheimen <-> Medisinsk both ways, f3 only (15 and 15): 15 of 30
      --     against 1/6, p = 2.6e-5; 2 of the 3 x 2 staff pairs tied (0.33 >= 0.3)
      --     and both ties mutual: tverrfaglig;
      --   Tenestekontoret <-> Medisinsk: f5 -> h1 20 and h2 -> f6 10: 10 of 30
      --     against 1/6, p = 0.0197; no mutual tie: interfaglig.
      name = "the integration ladder: sekvensiell, interfaglig, tverrfaglig",
      actors = actors,
      contacts = {
        t("f1", "h1", 20, nil, "e-message"), t("f2", "h2", 10, nil, "e-message"),
        t("f3", "h1", 10, nil, "phone"), t("h1", "f3", 10, nil, "phone"),
        t("f3", "h2", 5, nil, "phone"), t("h2", "f3", 5, nil, "phone"),
        t("f5", "h1", 20, nil, "e-message"), t("h2", "f6", 10, nil, "e-message"),
      },
      params = {pairs = "all"},
      expect = {
        {level = "group", scope = "Alfa kommune / Heimetenesta <-> Beta sykehus / Medisinsk",
         label = "sekvensiell", scores = {contacts_ab = 30, contacts_ba = 0, balance = 0,
                                          p_adjusted = 5.58793544769289e-09},
         evidence = {en = "contact runs one way, from Alfa kommune / Heimetenesta to Beta "
                          .. "sykehus / Medisinsk"}},
        {level = "group", scope = "Alfa kommune / Sjukeheimen <-> Beta sykehus / Medisinsk",
         label = "tverrfaglig", scores = {balance = 1, density = 2 / 6, mutual_share = 1,
                                          p_adjusted = 3.92970335472391e-05}},
        {level = "group",
         scope = "Alfa kommune / Tenestekontoret <-> Beta sykehus / Medisinsk",
         label = "interfaglig", scores = {balance = 0.5, density = 2 / 6, mutual_share = 0,
                                          p_adjusted = 0.0197062837689678}},
        {level = "network", scores = {sekvensiell = 1, interfaglig = 1, tverrfaglig = 1,
                                      unit_pairs = 3}},
      },
    },
    {
      -- The same three pairs by default: they cross the organisation boundary, and
      -- the ladder (pairs = "inside") places only units of one organisation.
      name = "unit pairs across organisations are left out by default",
      actors = actors,
      contacts = {
        t("f1", "h1", 20, nil, "e-message"), t("f2", "h2", 10, nil, "e-message"),
        t("f3", "h1", 10, nil, "phone"), t("h1", "f3", 10, nil, "phone"),
        t("f3", "h2", 5, nil, "phone"), t("h2", "f3", 5, nil, "phone"),
        t("f5", "h1", 20, nil, "e-message"), t("h2", "f6", 10, nil, "e-message"),
      },
      expect = {{level = "network", scores = {unit_pairs = 0, unit_pairs_across = 3}}},
      absent = {{label = "sekvensiell"}, {label = "interfaglig"}, {label = "tverrfaglig"}},
    },
    {
      -- Two one-way unit pairs (Heimetenesta -> Medisinsk 30, Sjukeheimen -> Medisinsk
      -- 25) with max_pairs = 1: the list shows the busier one, the network counts both.
      name = "max_pairs bounds the list, not the count",
      actors = actors,
      contacts = {t("f1", "h1", 30), t("f3", "h1", 25)},
      params = {max_pairs = 1, pairs = "all"},
      expect = {
        {level = "group", scope = "Alfa kommune / Heimetenesta <-> Beta sykehus / Medisinsk",
         label = "sekvensiell"},
        {level = "network", scores = {sekvensiell = 2, unit_pairs = 2}},
      },
      absent = {{scope = "Alfa kommune / Sjukeheimen <-> Beta sykehus / Medisinsk"}},
    },
    {
      -- Planted parallel work: BUP (b1, b2, b3) and child welfare (v1, v2) serve the
      -- same four children, but every contact runs through f5: 6 pairs of their
      -- staff share 4 cases without a tie, none in contact, against the other type
      -- pairs' 12 ties and no co-serving: flerfaglig for hospital_unit <-> other.
      name = "parallel work on the same cases: flerfaglig",
      actors = actors,
      contacts = children(false),
      expect = {
        {level = "group", scope = "hospital_unit <-> other", label = "flerfaglig",
         scores = {co_serving_pairs = 6, pairs_in_contact = 0, contact_share = 0},
         evidence = {en = "6 pairs of staff serve the same cases (24 shared cases) without "
                          .. "contact and 0 are in contact",
                     nb = "sykehusavdeling <-> annen: 6 par av ansatte"}},
        {level = "network", scores = {flerfaglig_type_pairs = 1}},
      },
    },
    {
      -- Its null twin: BUP and child welfare talk directly on the same cases: no
      -- pair of them serves without contact, and nothing is flerfaglig.
      name = "the same children, in direct contact: not flerfaglig",
      actors = actors,
      contacts = children(true),
      absent = {{label = "flerfaglig"}},
      expect = {{level = "network", scores = {flerfaglig_type_pairs = 0}}},
    },
    {
      -- As planted, but b1 and v2 also talk directly: 5 co-serving pairs without
      -- contact and 1 in contact (1 of 6, above 2 %). Fewer contacts than the other
      -- type pairs (14 pairs in contact; 4 co-serving without contact: the BUP staff
      -- among themselves and the two child welfare workers; Fisher p = 0.0147) but
      -- not "without direct contact": uavklart.
      name = "parallel work with some contact: not flerfaglig",
      actors = actors,
      contacts = units_inside(C_append(children(false),
                                       {t("b1", "v2", 1, "2024-03-20", "phone")})),
      expect = {
        {level = "group", scope = "hospital_unit <-> other", label = "uavklart",
         scores = {co_serving_pairs = 5, pairs_in_contact = 1, contact_share = 1 / 6,
                   p = 0.0146661119201165}},
      },
      absent = {{label = "flerfaglig"}},
    },
    {
      -- Too few co-serving pairs: only b1 and v1 share cases (1 of 5 needed).
      name = "one co-serving pair: uavklart, for lite data",
      actors = actors,
      contacts = (function()
        local out = {}
        for c = 1, 4 do
          local day, case = string.format("2024-03-%02d", c * 3), "s" .. c
          out[#out + 1] = t("b1", "f5", 1, day, "e-message", case)
          out[#out + 1] = t("f5", "v1", 1, day, "e-message", case)
        end
        return out
      end)(),
      expect = {
        {level = "group", scope = "hospital_unit <-> other", label = "uavklart",
         scores = {co_serving_pairs = 1, missing = 4},
         evidence = {en = "1 pair of staff serves the same cases without contact (needs 5, "
                          .. "4 missing)"}},
      },
      absent = {{label = "flerfaglig"}},
    },
    {
      -- Two units but only the two ties inside one of them: too few to judge.
      name = "too few internal ties: uavklart, for lite data",
      actors = actors,
      contacts = {t("h1", "h2", 12), t("h2", "h1", 12)},
      expect = {
        {level = "group", scope = "Beta sykehus", label = "uavklart",
         scores = {missing = 8},
         evidence = {en = "Beta sykehus has 2 units, 0 ties between them and 2 inside them "
                          .. "(needs 10, 8 missing)"}},
      },
    },
    {
      name = "the unit level: uavklart",
      actors = actors,
      contacts = {t("f1", "f3", 12)},
      options = {level = "unit"},
      count = 1,
      expect = {{level = "network", label = "uavklart",
                 evidence = {en = "Silos need the actor level"}}},
    },
  },
}
