-- silo.lua - silos and the integration ladder (flerfaglig, sekvensiell,
-- interfaglig, tverrfaglig)
--
-- Sources: Krackhardt and Stern 1988 (the E-I index, tested as UCINET does
-- by permuting the group labels over the same graph); the ladder of Jantsch
-- and Heldal (flerfaglig, parallel work "side by side without direct
-- contact"; interfaglig, interaction; tverrfaglig, integrated teams), as the
-- MBA thesis on home-based services uses it; Thompson 1967 for
-- interdependence (sequential hand-offs against reciprocal ones).
--
-- Per organisation with at least two units (actor level), over its internal
-- ties (a tie counts once, whatever its contacts):
--   leader share  the share of the ties between two of its units that have a
--                 leader (rank top or middle) at one end. silo when it is at
--                 least silo_leader_share (the minimum effect) and beyond
--                 chance: Fisher's exact test (one-sided) says ties between
--                 units have a leader at an end more often than ties inside
--                 units (the organisation's own rate). (Permuting the leader
--                 label over the graph cannot see a silo run by one hub: the
--                 hub is a leader in leaders / actors of the draws, so its
--                 p-value never falls below that.) integrert when the share
--                 is below silo_leader_share beyond chance (a one-sided exact
--                 binomial test of the leader ties against silo_leader_share):
--                 frontline staff meet across units. An organisation whose
--                 units have no tie between them at all is silo when its E-I
--                 by unit is below its permutation null.
--   E-I by unit   (E - I) / (E + I), E the ties between two of its units and I
--                 the ties inside one, against the unit labels permuted among
--                 its actors (reported with its p-value; in most organisations
--                 units are far more inward than random sets of the same sizes,
--                 so it is evidence, not the silo test).
-- Needs min_ties ties between units (for lite data otherwise). The
-- organisations' p-values are corrected together with Holm's method; the
-- draws are raised so that the smallest permutation p-value can pass it.
--
-- Per pair of units (organisation / unit) of the same organisation (`pairs`
-- = "all": across organisations too), with at least min_pair_contacts
-- contacts (Thompson's interdependence):
--   sekvensiell   contact runs one way: the balance (smaller direction over
--                 larger) is below reciprocal_balance and an exact two-sided
--                 binomial test against 0.5 rejects;
--   interfaglig   contact both ways: the balance is at least
--                 reciprocal_balance and a one-sided binomial test says the
--                 smaller direction's share is above rb / (1 + rb);
--   tverrfaglig   interfaglig and dense: at least `dense` of the pairs of their
--                 staff are tied and at least mutual_min of the ties mutual.
-- The unit pairs' p-values are corrected with Benjamini and Hochberg's method.
-- Every tested pair is reported (max_pairs = 0, the default), so the report's
-- counts are the true counts; max_pairs > 0 bounds the list per rung, most
-- contacts first (the network finding counts them all).
--
-- Per pair of actor types that are services (users and relatives left out:
-- not_services), flerfaglig, side by side without contact: the pairs of
-- their staff that serve the same cases without a tie (net:co_serving, the
-- analysis' --co-serving-min shared cases) against the pairs of their staff
-- in contact (a tie). flerfaglig when at most flerfaglig_contact of those
-- staff pairs are in contact (the minimum effect: "without direct contact")
-- and Fisher's exact test (one-sided) says the share in contact is below that
-- of the other type pairs; needs min_co_pairs co-serving staff pairs. The
-- type pairs' p-values are corrected with Holm's method. The unit pairs of
-- the two types with shared cases and no contact are named as examples.

local C = require "lib.common"

local SOURCES = {"Krackhardt and Stern 1988", "Jantsch 1972", "Thompson 1967"}
local SRC_EI, SRC_LADDER, SRC_THOMPSON = SOURCES[1], SOURCES[2], SOURCES[3]
local EN = {silo = "silo", integrert = "integrated", uavklart = "unresolved",
            flerfaglig = "parallel, no contact", sekvensiell = "sequential hand-offs",
            interfaglig = "reciprocal", tverrfaglig = "integrated team"}

local LEADER = {top = true, middle = true}

local function clamp01(p)
  return math.max(0, math.min(1, p))
end

-- A share as a whole percent (descriptive shares, not compared with a threshold).
local function pct(x, lang)
  return C.pct(x and math.floor(100 * x + 0.5) / 100, lang)
end

local function ei(e, i)
  return e + i > 0 and (e - i) / (e + i) or nil
end

local function F(level, scope, label, scores, en, nb, extra)
  local f = {level = level, scope = scope, label = label, scores = scores,
             evidence = {en = en, nb = C.nb(nb)}}
  for k, v in pairs(extra or {}) do f[k] = v end
  return finding(f)
end

local function U(level, scope, reason, scores, en, nb, extra)
  return C.uavklart(level, scope, reason, scores, en, nb, extra)
end

-- Organisations, units and unit pairs, from the nodes and ties as columns (returned too).
local function measure(net)
  local nodes, ties = net:columns{"organisation", "unit", "rank", "profession", "type"}
  local ids, org, un, rank, prof, typ = nodes.id, nodes.organisation, nodes.unit, nodes.rank,
                                        nodes.profession, nodes.type
  local orgs, units, unit, leader = {}, {}, {}, {}
  for i = 1, #ids do
    leader[i] = LEADER[rank[i]] or false
    if org[i] and un[i] then
      local u = org[i] .. " / " .. un[i]
      unit[i] = u
      local rec = units[u]
      if not rec then
        rec = {name = u, size = 0, types = {}, org = org[i]}
        units[u] = rec
      end
      rec.size = rec.size + 1
      if typ[i] then rec.types[typ[i]] = (rec.types[typ[i]] or 0) + 1 end
      local o = orgs[org[i]]
      if not o then
        o = {name = org[i], units = {}, n_units = 0, e = 0, i = 0, pe = 0, pi = 0,
             leader_bridges = 0, frontline_bridges = 0, ends = {}, members = {},
             leaders = 0, i_leader = 0}
        orgs[org[i]] = o
      end
      o.members[#o.members + 1] = i
      if leader[i] then o.leaders = o.leaders + 1 end
      if not o.units[un[i]] then
        o.units[un[i]] = true
        o.n_units = o.n_units + 1
      end
    end
  end
  -- a unit's type: the type most of its actors have
  for _, rec in pairs(units) do
    local best, n = nil, 0
    for t, k in pairs(rec.types) do
      if k > n or (k == n and t < best) then best, n = t, k end
    end
    rec.type = best
  end
  -- units numbered in name order, so that a pair's ends compare as numbers
  local names = C.keys(units)
  local index, nu = {}, #names + 1
  for k, u in ipairs(names) do index[u] = k end
  local uix = {}
  for i = 1, #ids do uix[i] = unit[i] and index[unit[i]] end
  local upairs = {}
  -- the pair of the units numbered ia and ib, and whether ia is its first unit (a)
  local function upair(ia, ib)
    local lo, hi = ia, ib
    if hi < lo then lo, hi = hi, lo end
    local key = lo * nu + hi
    local p = upairs[key]
    if not p then
      local a, b = names[lo], names[hi]
      p = {name = a .. " <-> " .. b, a = a, b = b, ab = 0, ba = 0, ties = 0, mutual = 0,
           co_pairs = 0, co_cases = 0}
      upairs[key] = p
    end
    return p, ia == lo
  end
  local from, to, contacts, mutual = ties.from, ties.to, ties.contacts, ties.mutual
  for k = 1, #from do
    local a, b = from[k], to[k]
    local ia, ib = uix[a], uix[b]
    local oa = org[a]
    if oa and oa == org[b] and orgs[oa] then
      local o = orgs[oa]
      if ia and ib and ia ~= ib then
        o.e = o.e + 1
        if leader[a] or leader[b] then
          o.leader_bridges = o.leader_bridges + 1
        else
          o.frontline_bridges = o.frontline_bridges + 1
        end
        o.ends[ids[a]] = (o.ends[ids[a]] or 0) + 1
        o.ends[ids[b]] = (o.ends[ids[b]] or 0) + 1
      elseif ia and ia == ib then
        o.i = o.i + 1
        if leader[a] or leader[b] then o.i_leader = o.i_leader + 1 end
      end
      if prof[a] and prof[b] then
        if prof[a] ~= prof[b] then o.pe = o.pe + 1 else o.pi = o.pi + 1 end
      end
    end
    if ia and ib and ia ~= ib then
      local p, forward = upair(ia, ib)
      if forward then p.ab = p.ab + contacts[k] else p.ba = p.ba + contacts[k] end
      p.ties = p.ties + 1
      if mutual[k] then p.mutual = p.mutual + 1 end
    end
  end
  for _, c in ipairs(net:co_serving{by = {"organisation", "unit"}}) do
    local p = upair(index[c.a], index[c.b])
    p.co_pairs = p.co_pairs + c.pairs
    p.co_cases = p.co_cases + c.cases
  end
  -- the pairs (in no particular order); a mutual pair of ties links one pair of staff
  local list = {}
  for _, p in pairs(upairs) do
    p.n_links = p.ties - p.mutual / 2
    list[#list + 1] = p
  end
  return orgs, units, list, ids, rank, unit, nodes, ties
end

-- Records sorted by their (distinct) names.
local function by_name(list)
  local of, names = {}, {}
  for k, x in ipairs(list) do
    of[x.name] = x
    names[k] = x.name
  end
  table.sort(names)
  for k, name in ipairs(names) do list[k] = of[name] end
  return list
end

------------------------------------------------------------------------------
-- Organisations

-- The claim of one organisation (its p-value is corrected with the others').
local function org_claim(o, P, draws, ids, rank, unit_of, net)
  o.ei = ei(o.e, o.i)
  if o.n_units < 2 then return end
  if (o.e == 0 and o.i < P.min_ties) or (o.e > 0 and o.e < P.min_ties) then
    o.missing = P.min_ties - (o.e > 0 and o.e or o.i)
    return
  end
  -- E-I by unit against the unit labels permuted among the organisation's actors
  local labels = {}
  for _, i in ipairs(o.members) do labels[ids[i]] = unit_of[i] end
  -- (evidence only, unless no tie links its units: then it is the silo test, with the
  -- draws that let it pass Holm's correction)
  local r = net:null_groups{labels = labels, ties = "all", weight = "ties",
                            draws = o.e == 0 and draws or P.draws, groups = false}
  o.ei_null = r.ei
  if o.e == 0 then
    -- no tie between its units at all: silo when that is beyond chance
    o.claim, o.method = "silo", "permutation"
    o.p = r.ei.p_less
    o.effect = -1
    return
  end
  o.share = o.leader_bridges / o.e
  o.effect = o.share
  if o.share >= P.silo_leader_share then
    -- are the ties between units leader ties more often than the ties inside units?
    o.claim, o.method = "silo", "fisher"
    o.p = stats.fisher_test(o.leader_bridges, o.frontline_bridges, o.i_leader,
                            o.i - o.i_leader, "greater")
  else
    o.claim, o.method = "integrert", "binomial"
    o.p = stats.binom_test(o.leader_bridges, o.e, P.silo_leader_share, "less")
  end
end

local function org_finding(o, P, ntests)
  local scores = {units = o.n_units, between_units = o.e, inside_units = o.i,
                  ei_unit = o.ei, ei_profession = ei(o.pe, o.pi),
                  leader_bridges = o.leader_bridges, frontline_bridges = o.frontline_bridges,
                  leader_bridge_share = o.share}
  local top, top_n = nil, 0
  for id, n in pairs(o.ends) do
    if n > top_n or (n == top_n and id < top) then top, top_n = id, n end
  end
  scores.go_between_share = o.e > 0 and top_n / o.e or nil
  if o.missing then
    scores.missing = o.missing
    local en, nb
    do
      en = string.format("%s has %s, %d ties between them and %d inside them (needs %d, %d "
                         .. "missing): its silos cannot be judged.", o.name,
                         C.plural(o.n_units, "unit", "units", "en"), o.e, o.i, P.min_ties,
                         o.missing)
      nb = string.format("%s har %s, %d bånd mellom dem og %d innad (trenger %d, mangler %d): "
                         .. "siloene kan ikke vurderes.", o.name,
                         C.plural(o.n_units, "enhet", "enheter", "nb"), o.e, o.i, P.min_ties,
                         o.missing)
    end
    return U("group", o.name, "for lite data", scores, en, nb,
             {source = SRC_EI, concept = "silo", uses = {"min_ties"},
              test = {method = "permutation", missing = o.missing}})
  end
  scores.p, scores.p_adjusted = clamp01(o.p), clamp01(o.q)
  local test = {method = o.method, p = clamp01(o.p), p_adjusted = clamp01(o.q),
                correction = "holm", tests = ntests, effect = o.effect}
  local ei_en, ei_nb = "", ""
  if o.ei_null then
    scores.ei_unit_null_mean, scores.ei_unit_p = o.ei_null.mean, o.ei_null.p_less
    ei_en = string.format("; E-I by unit %s against %s for random units of the same sizes "
                          .. "(%s)", C.num(o.ei, "en"), C.num(o.ei_null.mean, "en"),
                          C.p(o.ei_null.p_less, "en"))
    ei_nb = string.format("; E-I etter enhet %s mot %s for tilfeldige enheter av samme "
                          .. "størrelse (%s)", C.num(o.ei, "nb"), C.num(o.ei_null.mean, "nb"),
                          C.p(o.ei_null.p_less, "nb"))
  end
  local en, nb
  if o.e == 0 then
    test.draws, test.null_mean, test.null_sd = o.ei_null.draws, o.ei_null.mean, o.ei_null.sd
    test.effect = o.ei
    en = string.format("%s: its %s have no ties between them (%d inside)%s", o.name,
                       C.plural(o.n_units, "unit", "units", "en"), o.i, ei_en)
    nb = string.format("%s: de %s har ingen bånd seg imellom (%d innad)%s", o.name,
                       C.plural(o.n_units, "enheten", "enhetene", "nb"), o.i, ei_nb)
  else
    local within = o.i > 0 and o.i_leader / o.i or nil
    scores.leader_share_inside = within
    local null_en = string.format(", against %s of the %d ties inside units", pct(within, "en"),
                                  o.i)
    local null_nb = string.format(", mot %s av de %d båndene innad i enhetene",
                                  pct(within, "nb"), o.i)
    local cmp = o.share >= P.silo_leader_share and ">=" or "<"
    en = string.format("%s: %d of the %d ties between its %s have a leader at one end (%s, %s "
                       .. "%s%s) and %d link frontline staff directly; %s is at an end of %d "
                       .. "of them%s", o.name, o.leader_bridges, o.e,
                       C.plural(o.n_units, "unit", "units", "en"),
                       C.pct(o.share, "en", P.silo_leader_share), cmp,
                       C.pct(P.silo_leader_share, "en"), null_en, o.frontline_bridges, top,
                       top_n, ei_en)
    nb = string.format("%s: %d av de %d båndene mellom de %s har en leder i den ene enden "
                       .. "(%s, %s %s%s) og %d knytter ansatte i førstelinjen direkte; %s er i "
                       .. "enden av %d av dem%s", o.name, o.leader_bridges, o.e,
                       C.plural(o.n_units, "enhetene", "enhetene", "nb"),
                       C.pct(o.share, "nb", P.silo_leader_share), cmp,
                       C.pct(P.silo_leader_share, "nb"), null_nb, o.frontline_bridges, top,
                       top_n, ei_nb)
  end
  local extra = {source = SRC_EI, concept = "silo", test = test,
                 uses = {"min_ties", "silo_leader_share", "alpha", "draws"}}
  if o.q >= P.alpha then
    return U("group", o.name, "ikke signifikant", scores,
             string.format("%s: not beyond chance: uavklart.", en),
             string.format("%s: ikke utover tilfeldighet: uavklart.", nb), extra)
  end
  if o.claim == "silo" then
    return F("group", o.name, "silo", scores,
             string.format("%s: more than inside units, beyond chance: the units meet only "
                           .. "through their leaders: silo.", en),
             string.format("%s: mer enn innad i enhetene, utover tilfeldighet: enhetene møtes "
                           .. "bare gjennom lederne: silo.", nb), extra)
  end
  return F("group", o.name, "integrert", scores,
           string.format("%s: below %s beyond chance: frontline staff meet across units: "
                         .. "integrert (integrated).", en, C.pct(P.silo_leader_share, "en")),
           string.format("%s: under %s utover tilfeldighet: ansatte i førstelinjen møtes på "
                         .. "tvers av enhetene: integrert.", nb, C.pct(P.silo_leader_share, "nb")),
           extra)
end

------------------------------------------------------------------------------
-- Unit pairs (Thompson's sequential against reciprocal interdependence)

local function pair_claim(p, P)
  local n = p.ab + p.ba
  p.n = n
  local big, small = math.max(p.ab, p.ba), math.min(p.ab, p.ba)
  p.balance = small / big
  p.s0 = P.reciprocal_balance / (1 + P.reciprocal_balance)
  if p.balance < P.reciprocal_balance then
    p.claim = "sekvensiell"
    p.p = stats.binom_test(big, n, 0.5, "two-sided")
  else
    p.claim = "interfaglig"
    p.p = stats.binom_test(small, n, p.s0, "greater")
  end
end

-- The label of a tested unit pair (without building its finding).
local function pair_label(p, units, P)
  if p.q >= P.alpha then return "uavklart" end
  if p.claim == "sekvensiell" then return "sekvensiell" end
  local density = p.n_links / (units[p.a].size * units[p.b].size)
  local mutual = p.ties > 0 and p.mutual / p.ties or 0
  return (density >= P.dense and mutual >= P.mutual_min) and "tverrfaglig" or "interfaglig"
end

local function pair_finding(p, units, P, ntests)
  local sa, sb = units[p.a].size, units[p.b].size
  local density = p.n_links / (sa * sb)
  local mutual = p.ties > 0 and p.mutual / p.ties or 0
  local scores = {contacts = p.n, contacts_ab = p.ab, contacts_ba = p.ba, ties = p.ties,
                  mutual_ties = p.mutual, size_a = sa, size_b = sb, balance = p.balance,
                  density = density, mutual_share = mutual, p = clamp01(p.p),
                  p_adjusted = clamp01(p.q)}
  local test = {method = "binomial", p = clamp01(p.p), p_adjusted = clamp01(p.q),
                correction = "bh", tests = ntests, effect = p.balance}
  local first = p.ab >= p.ba and p.a or p.b
  local second = first == p.a and p.b or p.a
  local cmp = p.balance < P.reciprocal_balance and "<" or ">="
  local en = string.format("%s: %s from %s and %s back (balance %s, %s %s); %s tied, of %s "
    .. "of their staff (density %s), and %s of the ties are mutual", p.name,
    C.plural(math.max(p.ab, p.ba), "contact", "contacts", "en"), first,
    C.count(math.min(p.ab, p.ba), "en"), C.num(p.balance, "en"), cmp,
    C.num(P.reciprocal_balance, "en"), C.count(p.n_links, "en"),
    C.plural(sa * sb, "pair", "pairs", "en"), C.num(density, "en"),
    C.pct(mutual, "en", P.mutual_min))
  local nb = string.format("%s: %s fra %s og %s tilbake (balanse %s, %s %s); %s har bånd, av "
    .. "%s av de ansatte (tetthet %s), og %s av båndene er gjensidige", p.name,
    C.plural(math.max(p.ab, p.ba), "kontakt", "kontakter", "nb"), first,
    C.count(math.min(p.ab, p.ba), "nb"), C.num(p.balance, "nb"), cmp,
    C.num(P.reciprocal_balance, "nb"), C.count(p.n_links, "nb"),
    C.plural(sa * sb, "par", "par", "nb"), C.num(density, "nb"),
    C.pct(mutual, "nb", P.mutual_min))
  local extra = {source = SRC_THOMPSON, concept = "silo",
                 uses = {"min_pair_contacts", "reciprocal_balance", "alpha"}, test = test}
  local label = pair_label(p, units, P)
  if label == "uavklart" then
    return U("group", p.name, "ikke signifikant", scores,
             string.format("%s: not beyond chance: uavklart.", en),
             string.format("%s: ikke utover tilfeldighet: uavklart.", nb), extra)
  end
  if label == "sekvensiell" then
    return F("group", p.name, "sekvensiell", scores,
      string.format("%s; beyond even shares: contact runs one way, from %s to %s: "
                    .. "sekvensiell (%s).", en, first, second, EN.sekvensiell),
      string.format("%s; utover like andeler: kontakten går én vei, fra %s til %s: "
                    .. "sekvensiell.", nb, first, second), extra)
  end
  if label == "tverrfaglig" then
    extra.source = SRC_LADDER
    extra.uses = {"min_pair_contacts", "reciprocal_balance", "dense", "mutual_min", "alpha"}
    return F("group", p.name, label, scores,
      string.format("%s; the smaller direction's share is above %s beyond chance: both ways "
                    .. "and dense (density >= %s, mutual >= %s): tverrfaglig (%s).", en,
                    C.pct(p.s0, "en"), C.num(P.dense, "en"), C.pct(P.mutual_min, "en"),
                    EN.tverrfaglig),
      string.format("%s; den minste retningens andel er over %s utover tilfeldighet: begge "
                    .. "veier og tett (tetthet >= %s, gjensidig >= %s): tverrfaglig.", nb,
                    C.pct(p.s0, "nb"), C.num(P.dense, "nb"), C.pct(P.mutual_min, "nb")), extra)
  end
  return F("group", p.name, label, scores,
    string.format("%s; the smaller direction's share is above %s beyond chance: contact runs "
                  .. "both ways: interfaglig (%s).", en, C.pct(p.s0, "en"), EN.interfaglig),
    string.format("%s; den minste retningens andel er over %s utover tilfeldighet: kontakten "
                  .. "går begge veier: interfaglig.", nb, C.pct(p.s0, "nb")), extra)
end

------------------------------------------------------------------------------
-- Type pairs: co-serving without contact (flerfaglig)

-- Staff pairs between two actor types: co-serving without contact (net:co_serving,
-- at least the analysis' co-serving minimum of shared cases and no tie) and in contact
-- (a tie either way); unit pairs of those types with shared cases and no contact, as
-- examples.
local function type_pairs(net, nodes, ties, upairs, units, P)
  local skip = C.set(P.not_services)
  local typ = nodes.type
  local tps, list = {}, {} -- tps[x][y], x < y
  local function tp(ta, tb)
    if not ta or not tb or skip[ta] or skip[tb] then return nil end
    if tb < ta then ta, tb = tb, ta end
    local row = tps[ta]
    if not row then
      row = {}
      tps[ta] = row
    end
    local t = row[tb]
    if not t then
      t = {name = ta .. " <-> " .. tb, x = ta, y = tb, untied = 0, tied = 0, cases = 0,
           examples = {}}
      row[tb] = t
      list[#list + 1] = t
    end
    return t
  end
  -- staff pairs in contact by the types of their ends (a mutual pair counts once)
  local tied = {}
  local from, to, mutual = ties.from, ties.to, ties.mutual
  for k = 1, #from do
    local a, b = from[k], to[k]
    local ta, tb = typ[a], typ[b]
    if ta and tb and (not mutual[k] or a <= b) then
      local row = tied[ta]
      if not row then
        row = {}
        tied[ta] = row
      end
      row[tb] = (row[tb] or 0) + 1
    end
  end
  for ta, row in pairs(tied) do
    for tb, n in pairs(row) do
      local t = tp(ta, tb)
      if t then t.tied = t.tied + n end
    end
  end
  for _, c in ipairs(net:co_serving{by = "type", inside = true}) do
    local t = tp(c.a, c.b)
    if t then
      t.untied = t.untied + c.pairs
      t.cases = t.cases + c.cases
    end
  end
  for _, p in ipairs(upairs) do
    if p.ab + p.ba == 0 and p.co_cases > 0 then
      local ta, tb = units[p.a].type, units[p.b].type
      if ta and tb then
        if tb < ta then ta, tb = tb, ta end
        local t = tps[ta] and tps[ta][tb]
        if t then t.examples[#t.examples + 1] = p end
      end
    end
  end
  local all_tied, all_untied = 0, 0
  for _, t in ipairs(list) do
    all_tied, all_untied = all_tied + t.tied, all_untied + t.untied
  end
  local out = {}
  for _, t in ipairs(list) do
    if t.untied > 0 then
      t.n = t.tied + t.untied
      if t.untied < P.min_co_pairs then
        t.missing = P.min_co_pairs - t.untied
      else
        t.contact = t.tied / t.n
        local rest_tied, rest_untied = all_tied - t.tied, all_untied - t.untied
        t.rest_contact = rest_tied + rest_untied > 0
          and rest_tied / (rest_tied + rest_untied) or nil
        t.p = stats.fisher_test(t.tied, t.untied, rest_tied, rest_untied, "less")
      end
      C.sort_desc(t.examples, function(p) return p.co_cases end, function(p) return p.name end)
      out[#out + 1] = t
    end
  end
  table.sort(out, function(x, y)
    if x.untied ~= y.untied then return x.untied > y.untied end
    return x.name < y.name
  end)
  return out
end

local function type_finding(t, P, ntests)
  local xe, ye = C.type_label(t.x, "en"), C.type_label(t.y, "en")
  local xn, yn = C.type_label(t.x, "nb"), C.type_label(t.y, "nb")
  local scores = {co_serving_pairs = t.untied, pairs_in_contact = t.tied, shared_cases = t.cases}
  local extra = {source = SRC_LADDER, concept = "flerfaglig"}
  if t.missing then
    scores.missing = t.missing
    extra.uses, extra.test = {"min_co_pairs"}, {method = "fisher", missing = t.missing}
    return U("group", t.name, "for lite data", scores,
      string.format("%s <-> %s: %s of staff %s the same cases without contact (needs %d, "
                    .. "%d missing): parallel work cannot be judged.", xe, ye,
                    C.plural(t.untied, "pair", "pairs", "en"),
                    t.untied == 1 and "serves" or "serve", P.min_co_pairs, t.missing),
      string.format("%s <-> %s: %s av ansatte arbeider med de samme sakene uten kontakt "
                    .. "(trenger %d, mangler %d): parallellarbeid kan ikke vurderes.", xn, yn,
                    C.plural(t.untied, "par", "par", "nb"), P.min_co_pairs, t.missing), extra)
  end
  scores.contact_share, scores.contact_share_elsewhere = t.contact, t.rest_contact
  scores.p, scores.p_adjusted = clamp01(t.p), clamp01(t.q)
  extra.uses = {"min_co_pairs", "flerfaglig_contact", "alpha"}
  extra.test = {method = "fisher", p = clamp01(t.p), p_adjusted = clamp01(t.q),
                correction = "holm", tests = ntests, effect = t.contact}
  local ex_en, ex_nb = {}, {}
  for i = 1, math.min(3, #t.examples) do
    local p = t.examples[i]
    ex_en[#ex_en + 1] = string.format("%s, %s", p.name,
                                      C.plural(p.co_cases, "shared case", "shared cases", "en"))
    ex_nb[#ex_nb + 1] = string.format("%s, %s", p.name,
                                      C.plural(p.co_cases, "delt sak", "delte saker", "nb"))
  end
  local cmp = t.contact <= P.flerfaglig_contact and "<=" or ">"
  local en = string.format("%s <-> %s: %s of staff %s the same cases (%s) without contact "
    .. "and %d are in contact: %s in contact (%s %s), against %s elsewhere",
    xe, ye, C.plural(t.untied, "pair", "pairs", "en"), t.untied == 1 and "serves" or "serve",
    C.plural(t.cases, "shared case", "shared cases", "en"), t.tied,
    C.pct(t.contact, "en", P.flerfaglig_contact), cmp, C.pct(P.flerfaglig_contact, "en"),
    pct(t.rest_contact, "en"))
  local nb = string.format("%s <-> %s: %s av ansatte arbeider med de samme sakene (%s) uten "
    .. "kontakt og %d har kontakt: %s har kontakt (%s %s), mot %s ellers",
    xn, yn, C.plural(t.untied, "par", "par", "nb"),
    C.plural(t.cases, "delt sak", "delte saker", "nb"), t.tied,
    C.pct(t.contact, "nb", P.flerfaglig_contact), cmp, C.pct(P.flerfaglig_contact, "nb"),
    pct(t.rest_contact, "nb"))
  if #ex_en > 0 then
    en = en .. "; units without contact: " .. table.concat(ex_en, "; ")
    nb = nb .. "; enheter uten kontakt: " .. table.concat(ex_nb, "; ")
  end
  if t.q < P.alpha and t.contact <= P.flerfaglig_contact then
    return F("group", t.name, "flerfaglig", scores,
      string.format("%s; fewer contacts than elsewhere, beyond chance: side by side on the "
                    .. "same cases without contact: flerfaglig (%s).", en, EN.flerfaglig),
      string.format("%s; færre kontakter enn ellers, utover tilfeldighet: side om side på de "
                    .. "samme sakene, uten kontakt: flerfaglig.", nb), extra)
  end
  if t.q < P.alpha then
    return U("group", t.name, "ikke signifikant", scores,
      string.format("%s; fewer contacts than elsewhere, but more than %s: uavklart.", en,
                    C.pct(P.flerfaglig_contact, "en")),
      string.format("%s; færre kontakter enn ellers, men mer enn %s: uavklart.", nb,
                    C.pct(P.flerfaglig_contact, "nb")), extra)
  end
  return U("group", t.name, "ikke signifikant", scores,
    string.format("%s: not beyond chance: uavklart.", en),
    string.format("%s: ikke utover tilfeldighet: uavklart.", nb), extra)
end

local function correct(list, method)
  local ps, tested = {}, {}
  for _, x in ipairs(list) do
    if x.p then
      tested[#tested + 1] = x
      ps[#ps + 1] = clamp01(x.p)
    end
  end
  if #ps > 0 then
    local qs = stats.p_adjust(ps, method)
    for i, x in ipairs(tested) do x.q = qs[i] end
  end
  return #ps
end

return {
  name = "silo",
  title = {
    en = "Silos and the integration ladder",
    nb = "Siloer og integrasjonsstigen",
  },
  description = {
    en = "Labels organisations whose units meet only through their leaders as silos (against "
         .. "the leader label shuffled within the organisation), pairs of actor types that "
         .. "serve the same cases without contact flerfaglig, and each pair of units "
         .. "sekvensiell (one-way hand-offs), interfaglig (reciprocal) or tverrfaglig "
         .. "(reciprocal and dense), each label tested.",
    nb = "Merker organisasjoner der enhetene bare møtes gjennom lederne som siloer (mot "
         .. "lederrollen stokket innad i organisasjonen), par av aktørtyper som arbeider med de "
         .. "samme sakene uten kontakt som flerfaglige, og hvert par av enheter som sekvensiell "
         .. "(enveis overlevering), interfaglig (gjensidig) eller tverrfaglig (gjensidig og "
         .. "tett), hver merkelapp prøvd.",
  },
  concept = {en = "silos and the integration ladder (flerfaglig, interfaglig, tverrfaglig)",
             nb = "silo og integrasjon (flerfaglig, interfaglig, tverrfaglig)"},
  sources = SOURCES,
  detects = {
    {pattern = "silo", level = "group", labels = {"silo"}},
    {pattern = "parallel_work", level = "group", labels = {"flerfaglig"}},
  },
  params = {
    alpha = C.alpha_param,
    silo_leader_share = {type = "number", default = 0.9, min = 0, max = 1,
                         doc = "minimum effect: silo when at least this share of the ties "
                               .. "between units has a leader at one end (and beyond its "
                               .. "null); integrert when the share is below it beyond chance"},
    min_ties = C.min_param(10, "an organisation with fewer ties between units (or, without "
                               .. "any, inside them) is uavklart (for lite data)"),
    draws = {type = "integer", default = 1000, min = 99, max = 100000,
             doc = "permutation draws per organisation (raised to 2 x organisations / alpha "
                   .. "when that is more, so that Holm's correction can pass)"},
    min_pair_contacts = C.min_param(20, "a unit pair is judged from this many contacts"),
    reciprocal_balance = {type = "number", default = 0.2, min = 0.01, max = 1,
                          doc = "minimum effect: sekvensiell below this balance (smaller / "
                                .. "larger direction), interfaglig beyond it"},
    dense = {type = "number", default = 0.3, min = 0, max = 1,
             doc = "tverrfaglig: at least this share of the staff pairs tied"},
    mutual_min = {type = "number", default = 0.5, min = 0, max = 1,
                  doc = "tverrfaglig: at least this share of the ties mutual"},
    min_co_pairs = C.min_param(5, "a type pair is judged from this many pairs of staff that "
                                  .. "serve the same cases without contact"),
    flerfaglig_contact = {type = "number", default = 0.02, min = 0, max = 1,
                          doc = "minimum effect: flerfaglig when at most this share of the type "
                                .. "pair's staff pairs (co-serving or in contact) are in contact"},
    pairs = {type = "string", default = "inside", values = {"inside", "all"},
             doc = "the unit pairs placed on the ladder: inside an organisation (its silos "
                   .. "and teams) or all, across organisations too"},
    max_pairs = {type = "integer", default = 0, min = 0,
                 doc = "unit pairs reported per rung, most contacts first (0 = all, the "
                       .. "default, so that the report counts them all); the network finding "
                       .. "counts them all either way"},
    not_services = {type = "string", default = "user,relative",
                    doc = "actor types that are no service (left out of flerfaglig)"},
  },

  run = function(net, params)
    local P = params
    if net.level ~= "actor" then
      return {U("network", "network", "for lite data", {},
        "Silos need the actor level (units, ranks and professions of actors); this analysis "
          .. "is at the " .. net.level .. " level.",
        "Siloer trenger aktørnivået (enhet, nivå og profesjon for hver aktør); denne analysen "
          .. "er på " .. net.level .. "-nivå.",
        {source = SRC_EI, concept = "silo", test = {method = "permutation", missing = 1}})}
    end
    local orgs, units, upairs, ids, rank, unit_of, nodes, ties = measure(net)
    -- organisations: those with at least two units
    local olist = {}
    for _, name in ipairs(C.keys(orgs)) do
      local o = orgs[name]
      if o.n_units >= 2 then olist[#olist + 1] = o end
    end
    local draws = math.max(P.draws, math.ceil(2 * #olist / math.max(P.alpha, 1e-6)))
    draws = math.min(draws, 100000)
    for _, o in ipairs(olist) do org_claim(o, P, draws, ids, rank, unit_of, net) end
    local n_org_tests = correct(olist, "holm")
    local org_fs, silos, integrated = {}, {}, 0
    for _, o in ipairs(olist) do
      local f = org_finding(o, P, n_org_tests)
      org_fs[#org_fs + 1] = f
      if f.label == "silo" then silos[#silos + 1] = o.name end
      if f.label == "integrert" then integrated = integrated + 1 end
    end
    local rank_of = {silo = 1, integrert = 2, uavklart = 3}
    table.sort(org_fs, function(x, y)
      if x.label ~= y.label then return rank_of[x.label] < rank_of[y.label] end
      local ex, ey = x.scores.between_units + x.scores.inside_units,
                     y.scores.between_units + y.scores.inside_units
      if ex ~= ey then return ex > ey end
      return x.scope < y.scope
    end)
    -- type pairs: co-serving without contact
    local tlist = type_pairs(net, nodes, ties, upairs, units, P)
    local n_type_tests = correct(tlist, "holm")
    local type_fs, flerfaglig = {}, 0
    for _, t in ipairs(tlist) do
      local f = type_finding(t, P, n_type_tests)
      type_fs[#type_fs + 1] = f
      if f.label == "flerfaglig" then flerfaglig = flerfaglig + 1 end
    end
    table.sort(type_fs, function(x, y)
      if x.label ~= y.label then return x.label == "flerfaglig" end
      return false
    end)
    -- unit pairs with enough contact
    local judged, short, across = {}, 0, 0
    for _, p in ipairs(upairs) do
      local n = p.ab + p.ba
      if P.pairs == "inside" and units[p.a].org ~= units[p.b].org then
        if n > 0 then across = across + 1 end
      elseif n >= P.min_pair_contacts then
        pair_claim(p, P)
        judged[#judged + 1] = p
      elseif n > 0 then
        short = short + 1
      end
    end
    local n_pair_tests = correct(by_name(judged), "bh")
    local pair_fs, rungs, shown = {}, {}, {}
    C.sort_desc(judged, function(p) return p.n end, function(p) return p.name end)
    for _, p in ipairs(judged) do
      local label = pair_label(p, units, P)
      rungs[label] = (rungs[label] or 0) + 1
      shown[label] = (shown[label] or 0) + 1
      if P.max_pairs == 0 or shown[label] <= P.max_pairs then
        pair_fs[#pair_fs + 1] = pair_finding(p, units, P, n_pair_tests)
      end
    end
    local order = {sekvensiell = 1, interfaglig = 2, tverrfaglig = 3, uavklart = 4}
    table.sort(pair_fs, function(x, y)
      if x.label ~= y.label then return order[x.label] < order[y.label] end
      if x.scores.contacts ~= y.scores.contacts then
        return x.scores.contacts > y.scores.contacts
      end
      return x.scope < y.scope
    end)
    -- the network: silo when an organisation is (Holm keeps the chance of any false silo
    -- below alpha), integrert when one is integrert and none is a silo
    local scores = {organisations = #olist, silos = #silos, integrated = integrated,
                    organisation_tests = n_org_tests, draws = draws,
                    flerfaglig_type_pairs = flerfaglig, unit_pairs = #judged,
                    sekvensiell = rungs.sekvensiell or 0, interfaglig = rungs.interfaglig or 0,
                    tverrfaglig = rungs.tverrfaglig or 0,
                    unit_pairs_unresolved = rungs.uavklart or 0,
                    unit_pairs_below_min = short, unit_pairs_across = across}
    local silo_en = #silos > 0 and string.format("%s %s a silo (%s)",
      C.plural(#silos, "organisation", "organisations", "en"), #silos == 1 and "is" or "are",
      table.concat(silos, ", ")) or "no organisation is a silo"
    local silo_nb = #silos > 0 and string.format("%s er %s (%s)",
      C.plural(#silos, "organisasjon", "organisasjoner", "nb"), #silos == 1 and "silo"
      or "siloer", table.concat(silos, ", ")) or "ingen organisasjon er silo"
    local tail_en = string.format("%d integrert, of %s tested (Holm); %s with co-serving "
      .. "without contact; of %s%s with %d contacts or more: %d sekvensiell, %d "
      .. "interfaglig, %d tverrfaglig, %d uavklart (BH); %s with fewer contacts", integrated,
      C.plural(n_org_tests, "organisation", "organisations", "en"),
      C.plural(flerfaglig, "flerfaglig type pair", "flerfaglig type pairs", "en"),
      C.plural(#judged, "unit pair", "unit pairs", "en"),
      P.pairs == "inside" and " inside an organisation" or "", P.min_pair_contacts,
      rungs.sekvensiell or 0, rungs.interfaglig or 0, rungs.tverrfaglig or 0,
      rungs.uavklart or 0, C.plural(short, "unit pair", "unit pairs", "en"))
    local tail_nb = string.format("%d integrert, av %s prøvd (Holm); %s med parallellarbeid "
      .. "uten kontakt; av %s%s med %d kontakter eller flere: %d sekvensiell, %d "
      .. "interfaglig, %d tverrfaglig, %d uavklart (BH); %s med færre kontakter", integrated,
      C.plural(n_org_tests, "organisasjon", "organisasjoner", "nb"),
      C.plural(flerfaglig, "flerfaglig typepar", "flerfaglige typepar", "nb"),
      C.plural(#judged, "par av enheter", "par av enheter", "nb"),
      P.pairs == "inside" and " i samme organisasjon" or "", P.min_pair_contacts,
      rungs.sekvensiell or 0, rungs.interfaglig or 0, rungs.tverrfaglig or 0,
      rungs.uavklart or 0, C.plural(short, "par av enheter", "par av enheter", "nb"))
    local en = string.format("%s; %s.", silo_en, tail_en)
    local nb = string.format("%s; %s.", silo_nb, tail_nb)
    local extra = {source = SRC_EI, concept = "silo", uses = {"alpha", "min_ties"},
                   test = {method = "permutation", correction = "holm", tests = n_org_tests,
                           draws = draws}}
    local head
    if #silos > 0 then
      head = F("network", "network", "silo", scores, en, nb, extra)
    elseif integrated > 0 then
      head = F("network", "network", "integrert", scores, en, nb, extra)
    else
      local reason = n_org_tests > 0 and "ikke signifikant" or "for lite data"
      if reason == "for lite data" then extra.test.missing = 1 end
      head = U("network", "network", reason, scores, en, nb, extra)
    end
    local out = {head}
    C.append(out, org_fs)
    C.append(out, type_fs)
    C.append(out, pair_fs)
    return out
  end,
}
