-- reciprocity.lua - do organisations answer each other? (likeverd: equality)
--
-- Source: Steinsland 2021 (equality as the balance between what a party
-- invests and what it gets back; job shadowing only from municipality to
-- hospital, and "orders" rather than dialogue).
--
-- For every pair of groups (organisations by default) with contact between
-- them, A started ab contacts and B started ba; n = ab + ba, the balance is
-- min / max (1 when both start as often, 0 when all contact runs one way).
--   ensidig    (one-sided) the balance is below `threshold` (the minimum
--              effect) and an exact two-sided binomial test of max(ab, ba)
--              of n against 0.5 rejects;
--   gjensidig  (mutual) the balance is at least `threshold` and a one-sided
--              binomial test says the smaller side's share is above
--              threshold / (1 + threshold) (1/3 for 0.5): the pair is
--              balanced beyond chance, not merely not shown one-sided;
--   uavklart   with fewer than min_contacts contacts ("for lite data", with
--              how many are missing) or when the test does not reject
--              ("ikke signifikant", with the p-value).
-- The pairs' p-values are corrected together with Benjamini and Hochberg's
-- method (the expected share of false labels among the pairs' labels stays
-- below alpha).
--
-- The network: gjensidig when the reciprocity of the groups' own graph (the
-- organisation or unit level; the share of ties whose reverse tie exists) is
-- above its null under degree-preserving rewiring (net:null_rewire,
-- one-sided, p_greater < alpha: ties answered more often than the groups'
-- in- and out-degrees explain) and at least as many pairs are gjensidig as
-- ensidig (the minimum effect); ensidig when more pairs are ensidig than
-- gjensidig beyond chance (a two-sided sign test over the pairs' labels).
-- Otherwise uavklart. The rewiring's p-value does not depend on the data's
-- volume once the groups' graph is fixed, so the label does not flip with
-- the seed of the same process.

local C = require "lib.common"

local SOURCE = "Steinsland 2021"
local BY_NB = {organisation = "organisasjon", unit = "enhet", type = "type", rank = "nivå",
               profession = "profesjon"}
local EN = {gjensidig = "mutual", ensidig = "one-sided", uavklart = "unresolved"}

local function clamp01(p)
  return math.max(0, math.min(1, p))
end

local function F(level, scope, label, scores, en, nb, extra)
  local f = {level = level, scope = scope, label = label, scores = scores,
             evidence = {en = en, nb = C.nb(nb)}, source = SOURCE, concept = "likeverd"}
  for k, v in pairs(extra or {}) do f[k] = v end
  return finding(f)
end

local function claim(p, P)
  local n = p.ab + p.ba
  p.n = n
  if n < P.min_contacts then
    p.missing = P.min_contacts - n
    return
  end
  local big, small = math.max(p.ab, p.ba), math.min(p.ab, p.ba)
  p.balance = small / big
  p.s0 = P.threshold / (1 + P.threshold)
  if p.balance < P.threshold then
    p.claim = "ensidig"
    p.p = stats.binom_test(big, n, 0.5, "two-sided")
  else
    p.claim = "gjensidig"
    p.p = stats.binom_test(small, n, p.s0, "greater")
  end
end

local function pair_finding(p, P, ntests)
  local scope = p.a .. " <-> " .. p.b
  local scores = {contacts_ab = p.ab, contacts_ba = p.ba, contacts = p.n}
  if p.missing then
    scores.missing = p.missing
    return C.uavklart("group", scope, "for lite data", scores,
      string.format("Only %s between %s and %s (needs %d, %s missing): reciprocity cannot be "
                    .. "judged.", C.plural(p.n, "contact", "contacts", "en"), p.a, p.b,
                    P.min_contacts, C.count(p.missing, "en")),
      string.format("Bare %s mellom %s og %s (trenger %d, mangler %s): gjensidighet kan ikke "
                    .. "vurderes.", C.plural(p.n, "kontakt", "kontakter", "nb"), p.a, p.b,
                    P.min_contacts, C.count(p.missing, "nb")),
      {source = SOURCE, concept = "likeverd", uses = {"min_contacts"},
       test = {method = "binomial", missing = p.missing}})
  end
  scores.balance, scores.p, scores.p_adjusted = p.balance, clamp01(p.p), clamp01(p.q)
  local test = {method = "binomial", p = clamp01(p.p), p_adjusted = clamp01(p.q),
                correction = "bh", tests = ntests, effect = p.balance}
  local extra = {source = SOURCE, concept = "likeverd",
                 uses = {"min_contacts", "threshold", "alpha"}, test = test}
  local first, second = p.a, p.b
  if p.ba > p.ab then first, second = p.b, p.a end
  local below = p.balance < P.threshold
  local head_en = string.format("%s started %s with %s and %s started %s: balance %s (%s %s)",
    p.a, C.plural(p.ab, "contact", "contacts", "en"), p.b, p.b, C.count(p.ba, "en"),
    C.num(p.balance, "en"), below and "<" or ">=", C.num(P.threshold, "en"))
  local head_nb = string.format("%s tok %s med %s og %s tok %s: balanse %s (%s %s)",
    p.a, C.plural(p.ab, "kontakt", "kontakter", "nb"), p.b, p.b, C.count(p.ba, "nb"),
    C.num(p.balance, "nb"), below and "<" or ">=", C.num(P.threshold, "nb"))
  if p.q >= P.alpha then
    return C.uavklart("group", scope, "ikke signifikant", scores,
      string.format("%s; not beyond chance: uavklart.", head_en),
      string.format("%s; ikke utover tilfeldighet: uavklart.", head_nb), extra)
  end
  if p.claim == "ensidig" then
    return F("group", scope, "ensidig", scores,
      string.format("%s; beyond even shares: contact runs mostly from %s to %s: ensidig "
                    .. "(one-sided).", head_en, first, second),
      string.format("%s; utover like andeler: kontakten går mest fra %s til %s: ensidig.",
                    head_nb, first, second), extra)
  end
  return F("group", scope, "gjensidig", scores,
    string.format("%s; the smaller side's share is above %s beyond chance: both sides start "
                  .. "contact: gjensidig (mutual).", head_en, C.pct(p.s0, "en")),
    string.format("%s; den minste sidens andel er over %s utover tilfeldighet: begge sider tar "
                  .. "kontakt: gjensidig.", head_nb, C.pct(p.s0, "nb")), extra)
end

return {
  name = "reciprocity",
  title = {
    en = "Reciprocity between organisations",
    nb = "Gjensidighet mellom organisasjoner",
  },
  description = {
    en = "Whether each pair of organisations starts contact with the other about as often "
         .. "as the other way round (equality, likeverd), by an exact binomial test with "
         .. "Benjamini-Hochberg correction.",
    nb = "Om hvert par av organisasjoner tar kontakt med hverandre omtrent like ofte begge "
         .. "veier (likeverd), prøvd med en eksakt binomialtest og Benjamini-Hochbergs "
         .. "korreksjon.",
  },
  concept = {en = "equality (likeverd): reciprocity", nb = "likeverd: gjensidighet"},
  sources = {SOURCE},
  -- reads no cases or meetings: starts while samnett still builds them
  cases_and_meetings = false,
  -- Its findings are pairs of organisations, not the type pair of the planted one-way job
  -- shadowing ("municipality -> hospital_unit"): it declares no planted pattern.
  detects = {},
  params = {
    alpha = C.alpha_param,
    by = {type = "string", default = "organisation",
          doc = "the actor attribute that makes the groups (organisation, unit, type, ...)"},
    min_contacts = C.min_param(10, "a pair with fewer contacts in both directions together "
                                   .. "is uavklart (for lite data)"),
    threshold = {type = "number", default = 0.5, min = 0, max = 1,
                 doc = "minimum effect: ensidig below this balance (smaller direction / "
                       .. "larger), gjensidig when the balance is beyond it"},
    draws = {type = "integer", default = 200, min = 99, max = 100000,
             doc = "draws of the degree-preserving rewiring null for the network's "
                   .. "reciprocity (200: p-values down to 0.005)"},
  },

  run = function(net, params)
    local P = params
    local of = net:partition(P.by).of
    local nodes, ties = net:columns{}
    local group = {}
    for i, id in ipairs(nodes.id) do group[i] = of[id] end
    local pairs_by_key, list = {}, {}
    local from, to, contacts = ties.from, ties.to, ties.contacts
    for k = 1, #from do
      local g, h = group[from[k]], group[to[k]]
      if g and h and g ~= "" and h ~= "" and g ~= h then
        local a, b = g, h
        if b < a then a, b = b, a end
        local key = a .. "\0" .. b
        local p = pairs_by_key[key]
        if not p then
          p = {a = a, b = b, ab = 0, ba = 0}
          pairs_by_key[key] = p
          list[#list + 1] = p
        end
        if g == a then p.ab = p.ab + contacts[k] else p.ba = p.ba + contacts[k] end
      end
    end
    table.sort(list, function(x, y)
      if x.a ~= y.a then return x.a < y.a end
      return x.b < y.b
    end)
    local tested, ps = {}, {}
    for _, p in ipairs(list) do
      claim(p, P)
      if p.p then
        tested[#tested + 1] = p
        ps[#ps + 1] = clamp01(p.p)
      end
    end
    if #ps > 0 then
      local qs = stats.p_adjust(ps, "bh")
      for i, p in ipairs(tested) do p.q = qs[i] end
    end
    local findings, counts = {}, {gjensidig = 0, ensidig = 0, uavklart = 0}
    for _, p in ipairs(list) do
      local f = pair_finding(p, P, #ps)
      counts[f.label] = counts[f.label] + 1
      findings[#findings + 1] = f
    end
    -- the most one-sided pairs first, then the mutual ones, then the unresolved;
    -- within a label, more contacts first
    local rank = {ensidig = 1, gjensidig = 2, uavklart = 3}
    table.sort(findings, function(x, y)
      if x.label ~= y.label then return rank[x.label] < rank[y.label] end
      if x.label == "ensidig" and x.scores.balance ~= y.scores.balance then
        return x.scores.balance < y.scores.balance
      end
      if x.scores.contacts ~= y.scores.contacts then
        return x.scores.contacts > y.scores.contacts
      end
      return x.scope < y.scope
    end)

    -- the network: the groups' graph against degree-preserving rewiring, and a sign test
    -- over the pairs' labels
    local g, e = counts.gjensidig, counts.ensidig
    local resolved = g + e
    local scores = {pairs = #list, mutual = g, one_sided = e, unresolved = counts.uavklart,
                    mutual_share = resolved > 0 and g / resolved or nil, tests = #ps}
    local by_en, by_nb = P.by, BY_NB[P.by] or P.by
    local label, reason, en, nb, test
    if resolved == 0 then
      reason = #ps > 0 and "ikke signifikant" or "for lite data"
      en = string.format("None of the %s pairs with contact (%d) is labelled gjensidig or "
                         .. "ensidig (%d tested, %d with too little data): reciprocity cannot "
                         .. "be judged.", by_en, #list, #ps, #list - #ps)
      nb = string.format("Ingen av de %d parene (%s) med kontakt er merket gjensidig eller "
                         .. "ensidig (%d prøvd, %d med for lite data): gjensidighet kan ikke "
                         .. "vurderes.", #list, by_nb, #ps, #list - #ps)
      test = {method = "binomial", missing = #ps == 0 and 1 or nil}
    else
      local big = math.max(g, e)
      local p = stats.binom_test(big, resolved, 0.5, "two-sided")
      scores.p = clamp01(p)
      -- the graph of the groups themselves when the engine has that level, else the
      -- analysis level
      local level = (P.by == "organisation" or P.by == "unit") and P.by or net.level
      local gnet = level == net.level and net or net:subnet{level = level}
      local rw = gnet:null_rewire{stats = {"reciprocity"}, draws = P.draws}
      local r = rw.reciprocity
      scores.reciprocity, scores.reciprocity_null_mean = r.observed, r.mean
      scores.reciprocity_p, scores.reciprocity_draws = r.p_greater, rw.draws
      local lvl_nb = BY_NB[level] or level
      local head_en = string.format("Between %ss, %s of the ties have their reverse, against %s "
        .. "under degree-preserving rewiring (%s, %s); %d of %d labelled %s pairs are mutual "
        .. "(%s) and %d one-sided (%d uavklart)", level, C.pct(r.observed, "en"),
        C.pct(r.mean, "en"), C.p(r.p_greater, "en", P.alpha),
        C.plural(rw.draws, "draw", "draws", "en"), g, resolved, by_en,
        C.pct(g / resolved, "en"), e, counts.uavklart)
      local head_nb = string.format("Mellom %s (nivå) har %s av båndene et bånd tilbake, mot %s "
        .. "ved omkobling som bevarer gradene (%s, %s); %d av %d merkede par (%s) er gjensidige "
        .. "(%s) og %d ensidige (%d uavklarte)", lvl_nb, C.pct(r.observed, "nb"),
        C.pct(r.mean, "nb"), C.p(r.p_greater, "nb", P.alpha),
        C.plural(rw.draws, "trekk", "trekk", "nb"), g, resolved, by_nb,
        C.pct(g / resolved, "nb"), e, counts.uavklart)
      if r.p_greater < P.alpha and g >= e then
        label = "gjensidig"
        test = {method = "rewiring", p = clamp01(r.p_greater), correction = "none",
                draws = rw.draws, null_mean = r.mean, null_sd = r.sd, effect = r.observed}
        en = head_en .. ": ties are answered beyond chance and most pairs are mutual: "
             .. "gjensidig (mutual)."
        nb = head_nb .. ": båndene besvares utover tilfeldighet, og de fleste parene er "
             .. "gjensidige: gjensidig."
      elseif e > g and p < P.alpha then
        label = "ensidig"
        test = {method = "binomial", p = clamp01(p), correction = "none", effect = e / resolved}
        en = head_en .. string.format("; most pairs are one-sided beyond chance (a sign test, "
                                      .. "%s): ensidig (one-sided).", C.p(p, "en", P.alpha))
        nb = head_nb .. string.format("; de fleste parene er ensidige utover tilfeldighet (en "
                                      .. "fortegnstest, %s): ensidig.", C.p(p, "nb", P.alpha))
      else
        reason = "ikke signifikant"
        test = {method = "rewiring", p = clamp01(r.p_greater), correction = "none",
                draws = rw.draws, null_mean = r.mean, null_sd = r.sd, effect = r.observed}
        en = head_en .. string.format("; a sign test over the pairs gives %s: neither beyond "
                                      .. "chance: uavklart.", C.p(p, "en", P.alpha))
        nb = head_nb .. string.format("; en fortegnstest over parene gir %s: ingen av delene "
                                      .. "utover tilfeldighet: uavklart.", C.p(p, "nb", P.alpha))
      end
    end
    local extra = {source = SOURCE, concept = "likeverd", test = test,
                   uses = {"min_contacts", "threshold", "alpha"}}
    if label then
      table.insert(findings, 1, F("network", "network", label, scores, en, nb, extra))
    else
      table.insert(findings, 1, C.uavklart("network", "network", reason, scores, en, nb, extra))
    end
    return findings
  end,
}
