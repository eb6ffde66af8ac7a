-- ildsjel.lua - dependence on enthusiasts and key persons, judged pair by
-- pair of organisations, and whether the cooperation lasts after a project
-- ends (ildsjeler, sustainment)
--
-- Sources (see the research brief): the article on establishing and
-- sustaining cooperation across boundaries (St. Olavs/RSSO): enthusiasts
-- (ildsjeler, also boundary spanners, grensearbeidere) are "cultivators and
-- catalysts", "often seen as irreplaceable", and cooperation "can wither"
-- when they leave; problems come "when project money runs out or key people
-- disappear". Brokerage roles: Gould and Fernandez 1989.
--
-- Dependency is judged locally, per pair of organisations A and B:
--   judged pair     at least min_contacts contacts over at least min_links
--                   person-to-person links (pairs of actors in contact), and
--                   at least min_pair_share of the contact A or B has with
--                   other organisations (the pair matters to one of them)
--   share           on each side, the share of the pair's contacts one
--                   person carries (the person who carries most)
--   test            binomial, one-sided: of the pair's links, how many have
--                   that person at A's end, against the person's share of
--                   A's links with all other organisations, with one
--                   pseudo-link per actor of A (1 / A's actors when A has
--                   no other). Links, not contacts, are the
--                   trials: the contacts of one link are not independent.
--                   Every judged side is tested; the p-values are corrected
--                   together (Holm by default, `correction`)
--   nøkkelperson    the pair (scope "A <-> B", the key person's side first)
--                   and the person (scope the actor id): share >=
--                   sole_share (a sole bridge stays one when stray contacts
--                   go past it) and p (corrected) < alpha; a side with share
--                   >= sole_share that the test does not carry is uavklart
--                   (ikke signifikant)
--   removal         for each key person, net:removal: reachable pairs lost
--                   between the others (not counting the person's own) and
--                   organisation pairs cut off (not counting organisations
--                   the removal empties)
-- Organisations with at least min_actors actors: sårbar when they are in a
-- key-person pair, robust when they have judged pairs and none depends on
-- one person, uavklart otherwise. The network: sårbar when some pair
-- depends on one person, robust when pairs were judged and none does,
-- uavklart (for lite data) when no pair could be judged. Brokerage
-- concentration (the top_k actors' share of cross-boundary brokerage, Gini)
-- is reported, not labelled. Actors of the types in `exclude_types`
-- (users, relatives) are left out of the pairs.
--
-- Sustainment (with --param ildsjel.end=DATE), for the key persons, then the
-- top brokers and those with most links to other organisations (at most
-- `top`): contact between organisations per day before and after the end;
-- visner when the rate after is below after_min of the rate before,
-- vedlikeholdt when it is above, each by a one-sided binomial test of the
-- contacts after among all (the days after and before weighting the null);
-- uavklart below min_contacts or without a result.

local C = require "lib.common"

-- The test's method, draws and correction in short ("binomial test, Holm, 82
-- tests"); the p-value and the source follow in the report's tail.
local function method_text(test, lang)
  return C.test_text({method = test.method, draws = test.draws, correction = test.correction,
                      tests = test.tests}, lang)
end

local ROLES = {"itinerant", "representative", "gatekeeper", "liaison"}
local SOURCE = "St. Olavs/RSSO article on cross-boundary cooperation"
local BROKERAGE = "Gould and Fernandez 1989"
local CONCEPT = "ildsjeler"

local function brokerage(v)
  local n = 0
  if v.brokerage then
    for _, r in ipairs(ROLES) do n = n + (v.brokerage[r] or 0) end
  end
  return n
end

-- The same roles as node columns (net:columns), and each node's sum of them.
local ROLE_COLUMNS = {}
for i, r in ipairs(ROLES) do ROLE_COLUMNS[i] = "brokerage." .. r end

local function brokerage_of(nodes, i)
  local n = 0
  for _, c in ipairs(ROLE_COLUMNS) do n = n + (nodes[c][i] or 0) end
  return n
end

local function cmp(x, lang, t)
  local _ = lang
  if x >= t then return ">=" end
  return "<"
end

-- A finding with the fields every ildsjel finding carries.
local made = C.maker(CONCEPT, SOURCE)

local function make(f, P)
  if f.test and f.test.correction == nil and f.test.p_adjusted then
    f.test.correction = P.correction
  end
  return made(f)
end

-- The pairs of organisations: contacts, links and what each person carries.
local function measure(net, P)
  local nodes, ties = net:columns({"organisation", "type"}, ROLE_COLUMNS)
  local ids, org, typ = nodes.id, nodes.organisation, nodes.type
  local skip = C.set(P.exclude_types)
  local size = {}
  for i = 1, #ids do
    if org[i] then size[org[i]] = (size[org[i]] or 0) + 1 end
  end
  -- links: unordered actor pairs a < b across organisations (key a * 2^20 + b), with
  -- their contacts
  local links = {}
  local from, to, contacts = ties.from, ties.to, ties.contacts
  for k = 1, #from do
    local a, b = from[k], to[k]
    local oa, ob = org[a], org[b]
    if oa and ob and oa ~= ob and not skip[typ[a] or ""] and not skip[typ[b] or ""] then
      if b < a then a, b = b, a end
      local key = a * 1048576 + b
      links[key] = (links[key] or 0) + contacts[k]
    end
  end
  local pairs_, cross, xlinks, olinks = {}, {}, {}, {}
  -- the contacts c of link v's side in organisation o of pair p
  local function side(p, o, v, c)
    p.carried[o][v] = (p.carried[o][v] or 0) + c
    p.nlinks[o][v] = (p.nlinks[o][v] or 0) + 1
    cross[o] = (cross[o] or 0) + c
    olinks[o] = (olinks[o] or 0) + 1
    xlinks[v] = (xlinks[v] or 0) + 1
  end
  for key, c in pairs(links) do
    local va, vb = key // 1048576, key % 1048576
    local A, B = org[va], org[vb]
    if B < A then A, B, va, vb = B, A, vb, va end
    local by_a = pairs_[A]
    if not by_a then
      by_a = {}
      pairs_[A] = by_a
    end
    local p = by_a[B]
    if not p then
      p = {a = A, b = B, contacts = 0, links = 0, carried = {[A] = {}, [B] = {}},
           nlinks = {[A] = {}, [B] = {}}}
      by_a[B] = p
    end
    p.contacts = p.contacts + c
    p.links = p.links + 1
    side(p, A, va, c)
    side(p, B, vb, c)
  end
  local list = {}
  for _, by_a in pairs(pairs_) do
    for _, p in pairs(by_a) do list[#list + 1] = p end
  end
  table.sort(list, function(x, y)
    if x.a ~= y.a then return x.a < y.a end
    return x.b < y.b
  end)
  return {ids = ids, org = org, size = size, pairs = list, cross = cross, xlinks = xlinks,
          olinks = olinks, nodes = nodes}
end

-- Judge every side of every pair with enough contact; returns the sides
-- (tested) and counts.
local function judge(M, P)
  local sides, too_small, judged = {}, 0, 0
  for _, p in ipairs(M.pairs) do
    local matters = math.max(p.contacts / M.cross[p.a], p.contacts / M.cross[p.b])
    p.matters = matters
    if p.contacts < P.min_contacts or p.links < P.min_links or matters < P.min_pair_share then
      too_small = too_small + 1
    else
      judged = judged + 1
      p.judged = true
      for _, A in ipairs{p.a, p.b} do
        local B = A == p.a and p.b or p.a
        if (M.size[A] or 0) >= 2 then
          local best, best_c = nil, -1
          for v, c in pairs(p.carried[A]) do
            if best == nil or c > best_c or (c == best_c and M.ids[v] < M.ids[best]) then
              best, best_c = v, c
            end
          end
          local k = p.nlinks[A][best]
          local other_links = M.olinks[A] - p.links
          -- one pseudo-link per actor of A: 1 / A's actors when A has no other
          local p0 = (M.xlinks[best] - k + 1) / (other_links + M.size[A])
          p0 = math.min(1, p0)
          local pv = stats.binom_test(k, p.links, p0, "greater")
          local partners = 0
          for _ in pairs(p.carried[B]) do partners = partners + 1 end
          sides[#sides + 1] = {pair = p, org = A, other = B, who = best, id = M.ids[best],
                               carried = best_c, share = best_c / p.contacts, k = k,
                               n = p.links, p0 = p0, p = pv, partners = partners}
        end
      end
    end
  end
  local ps = {}
  for i, s in ipairs(sides) do ps[i] = s.p end
  local qs = #ps > 0 and stats.p_adjust(ps, P.correction) or {}
  for i, s in ipairs(sides) do s.q = qs[i] end
  return sides, judged, too_small
end

local function pair_scope(s)
  return s.org .. " <-> " .. s.other
end

-- Reachable pairs and organisation pairs a removal costs, not counting the
-- removed persons' own: pairs with a removed end, and organisations emptied.
local function removal(net, ids, M, members)
  local r = net:removal(ids)
  local gone = {}
  for _, id in ipairs(ids) do
    local o = members[id]
    if o then gone[o] = (gone[o] or 0) + 1 end
  end
  local cut = {}
  for _, c in ipairs(r.cut) do
    local emptied = (gone[c.from] or 0) >= (M.size[c.from] or 0)
      or (gone[c.to] or 0) >= (M.size[c.to] or 0)
    if not emptied then cut[#cut + 1] = c.from .. " -> " .. c.to end
  end
  table.sort(cut)
  return {pairs_lost = math.floor(r.pairs_lost_between_remaining + 0.5), cut = cut,
          cross_ties_lost = r.cross_ties_lost, cross_ties_before = r.cross_ties_before}
end

-- Contact between organisations of one actor before and after the end date.
local function sustainment(net, id, my_org, t_end, org_of)
  local before, after, offsets = 0, 0, {}
  local first, last
  for time, from, to in net:events{actor = id} do
    local other = org_of[from == id and to or from]
    if other and other ~= my_org then
      first = first and math.min(first, time) or time
      last = last and math.max(last, time) or time
      if time < t_end then
        before = before + 1
      else
        after = after + 1
        offsets[#offsets + 1] = (time - t_end) / 86400
      end
    end
  end
  return before, after, offsets, first, last
end

local function sustain_finding(net, id, node, t_end, org_of, P)
  local before, after, offsets, first, last = sustainment(net, id, node.organisation, t_end,
                                                          org_of)
  local scope = id .. " | " .. P["end"]
  local sc = {before = before, after = after}
  local total = before + after
  if total < P.min_contacts or not first or first >= t_end or last < t_end then
    local why_en, why_nb
    if total < P.min_contacts then
      why_en = string.format("%s contacts between organisations, %d short of %d", C.num(total),
                             P.min_contacts - total, P.min_contacts)
      why_nb = string.format("%s kontakter mellom organisasjoner, %d for få til %d",
                             C.num(total, "nb"), P.min_contacts - total, P.min_contacts)
    else
      why_en = string.format("%d contacts before %s and %d after: no span on both sides",
                             before, P["end"], after)
      why_nb = string.format("%d kontakter før %s og %d etter: ikke tid på begge sider",
                             before, P["end"], after)
    end
    return C.uavklart("actor", scope, "for lite data", sc,
      string.format("%s: %s; establishment against maintenance cannot be judged (for lite "
                    .. "data).", id, why_en),
      string.format("%s: %s; etablering mot vedlikehold kan ikke vurderes.",
                    id, why_nb),
      {concept = "varighet", source = SOURCE,
       test = {method = "binomial", missing = math.max(0, P.min_contacts - total)},
       uses = {"min_contacts"}})
  end
  local days_before = math.max(1, (t_end - first) / 86400)
  local days_after = math.max(1, (last - t_end) / 86400)
  local rb, ra = before / days_before, after / days_after
  local ratio = rb > 0 and ra / rb or 0
  -- under "after rate = after_min x before rate", a contact falls after the
  -- end with probability q
  local q = P.after_min * days_after / (days_before + P.after_min * days_after)
  local p_less = stats.binom_test(after, total, q, "less")
  local p_greater = stats.binom_test(after, total, q, "greater")
  local hl = #offsets >= 3 and stats.half_life(offsets, days_after) or nil
  sc.rate_before, sc.rate_after, sc.ratio, sc.half_life_days = rb, ra, ratio, hl
  local label, p
  if p_less < P.alpha then
    label, p = "visner", p_less
  elseif p_greater < P.alpha then
    label, p = "vedlikeholdt", p_greater
  else
    label, p = "uavklart", math.min(p_less, p_greater)
  end
  sc.p = p
  local en = string.format("%s: %s contacts a day between organisations before %s and %s "
                           .. "after (%s of before; %s %s)%s",
                           id, C.num(rb, "en", 2), P["end"], C.num(ra, "en", 2),
                           C.pct(ratio, "en", P.after_min), cmp(ratio, "en", P.after_min),
                           C.pct(P.after_min, "en"),
                           hl and ", half-life after the end " .. C.num(hl, "en", 0) .. " days"
                             or "")
  local nb = string.format("%s: %s kontakter om dagen mellom organisasjoner før %s og %s "
                           .. "etter (%s av før; %s %s)%s",
                           id, C.num(rb, "nb", 2), P["end"], C.num(ra, "nb", 2),
                           C.pct(ratio, "nb", P.after_min), cmp(ratio, "nb", P.after_min),
                           C.pct(P.after_min, "nb"),
                           hl and ", halveringstid etter slutten " .. C.num(hl, "nb", 0)
                             .. " dager" or "")
  local test = {method = "binomial", p = p, correction = "none", effect = ratio,
                null_mean = P.after_min}
  local uses = {"alpha", "after_min", "min_contacts"}
  if label == "uavklart" then
    return C.uavklart("actor", scope, "ikke signifikant", sc,
      en .. string.format(": the rate after differs from %s of before by no more than chance "
                          .. "(%s): uavklart.", C.pct(P.after_min, "en"), C.p(p, "en", P.alpha)),
      nb .. string.format(": raten etter skiller seg ikke fra %s av før mer enn tilfeldig "
                          .. "(%s): uavklart.", C.pct(P.after_min, "nb"), C.p(p, "nb", P.alpha)),
      {concept = "varighet", source = SOURCE, test = test, uses = uses})
  end
  return make({level = "actor", scope = scope, label = label, scores = sc, concept = "varighet",
               test = test, uses = uses,
               en = en .. string.format(" (%s): %s (%s).", C.p(p, "en", P.alpha), label,
                                        label == "visner" and "withering" or "maintained"),
               nb = nb .. string.format(" (%s): %s.", C.p(p, "nb", P.alpha), label)}, P)
end

return {
  name = "ildsjel",
  title = {
    en = "Enthusiasts, key persons and sustainment",
    nb = "Ildsjeler, nøkkelpersoner og varighet",
  },
  description = {
    en = "How much the contact between two organisations depends on one person (ildsjeler): "
         .. "for each pair of organisations, the share of its contact one person carries, "
         .. "tested against that person's part in the organisation's other cross-boundary "
         .. "contact; what losing them cuts off; and whether contact lasts after a "
         .. "project's end.",
    nb = "Hvor avhengig kontakten mellom to organisasjoner er av én person (ildsjeler): for "
         .. "hvert par av organisasjoner andelen av kontakten én person bærer, testet mot "
         .. "personens del av organisasjonens øvrige kontakt på tvers; hva det kutter å miste "
         .. "dem; og om kontakten varer etter et prosjekts slutt.",
  },
  concept = {en = "enthusiasts and key persons (ildsjeler)", nb = CONCEPT},
  sources = {SOURCE, BROKERAGE},
  -- reads no cases or meetings: starts while samnett still builds them
  cases_and_meetings = false,
  -- reads single contacts or their times: not run on a tie table (analyze --ties)
  single_contacts = true,
  detects = {
    {pattern = "bridge", level = "actor", labels = {"nøkkelperson"}},
    {pattern = "bridge", level = "group", labels = {"nøkkelperson"}},
  },
  params = {
    alpha = C.alpha_param,
    correction = {type = "string", default = "holm", values = {"holm", "bh", "none"},
                  doc = "correction for the many pair sides tested: holm (the chance of any "
                        .. "false key person) or bh (the share of false ones)"},
    sole_share = {type = "number", default = 0.9, min = 0, max = 1,
                  doc = "nøkkelperson: one person carries at least this share of a pair's "
                        .. "contacts (the minimum effect)"},
    min_contacts = C.min_param(20, "a pair of organisations is judged from this many contacts "
                                   .. "(and sustainment from this many)"),
    min_links = C.min_param(5, "a pair of organisations is judged from this many "
                               .. "person-to-person links"),
    min_pair_share = {type = "number", default = 0.05, min = 0, max = 1,
                      doc = "a pair is judged when it is at least this share of one "
                            .. "organisation's contact with other organisations"},
    exclude_types = {type = "string", default = "user,relative",
                     doc = "actor types left out of the pairs (comma list)"},
    top = {type = "integer", default = 5, min = 1,
           doc = "sustainment: at most this many actors (key persons, then top brokers)"},
    top_k = {type = "integer", default = 3, min = 1,
             doc = "the top k of the brokerage concentration (reported, not labelled)"},
    min_actors = {type = "integer", default = 3, min = 1,
                  doc = "organisations with fewer actors get no finding of their own"},
    max_pairs = {type = "integer", default = 40, min = 0,
                 doc = "pair findings reported, key persons first (0 = all)"},
    ["end"] = {type = "string", default = "",
               doc = "the end of a project or programme (a date); empty: no sustainment "
                     .. "measure"},
    after_min = {type = "number", default = 0.5, min = 0,
                 doc = "visner / vedlikeholdt: contact per day after the end below / above "
                       .. "this share of before it"},
  },

  run = function(net, params)
    local P = params
    if net.level ~= "actor" then
      return {C.uavklart("network", "network", "for lite data", {},
        "Key persons need the actor level; this analysis is at the " .. net.level .. " level.",
        "Nøkkelpersoner trenger aktørnivået; denne analysen er på " .. net.level .. "-nivå.",
        {concept = CONCEPT, source = SOURCE})}
    end
    local t_end
    if P["end"] ~= "" then
      t_end = C.utc(P["end"])
      if not t_end then
        error(string.format("ildsjel: end must be a date such as 2020-12-01; got '%s'",
                            P["end"]), 0)
      end
    end
    local M = measure(net, P)
    local sides, judged, too_small = judge(M, P)

    -- candidates: a side with one person carrying at least sole_share
    local cands = {}
    for _, s in ipairs(sides) do
      if s.share >= P.sole_share then cands[#cands + 1] = s end
    end
    table.sort(cands, function(x, y)
      local kx, ky = x.q < P.alpha, y.q < P.alpha
      if kx ~= ky then return kx end
      if x.q ~= y.q then return x.q < y.q end
      return pair_scope(x) < pair_scope(y)
    end)
    local key, key_order, org_state = {}, {}, {}
    for _, s in ipairs(cands) do
      if s.q < P.alpha then
        if not key[s.id] then
          key[s.id] = {}
          key_order[#key_order + 1] = s.id
        end
        table.insert(key[s.id], s)
        org_state[s.org] = "sårbar"
        org_state[s.other] = "sårbar"
      else
        for _, o in ipairs{s.org, s.other} do
          if org_state[o] ~= "sårbar" then org_state[o] = "uavklart" end
        end
      end
    end
    local n_tests = #sides
    local function test_of(s)
      return {method = "binomial", p = s.p, p_adjusted = s.q, correction = P.correction,
              effect = s.share, null_mean = s.p0, tests = n_tests}
    end
    local uses = {"alpha", "sole_share", "min_contacts", "min_links", "min_pair_share"}

    -- pair findings
    local pair_fs = {}
    for i, s in ipairs(cands) do
      if P.max_pairs == 0 or i <= P.max_pairs then
        local sc = {share = s.share, contacts = s.pair.contacts, carried = s.carried,
                    links = s.n, links_through = s.k, expected_share = s.p0, p = s.p,
                    p_adjusted = s.q, partners = s.partners}
        local en = string.format(
          "%s carries %s of the %s contacts between %s and %s (%s %s): %d of the pair's %d "
          .. "links, against %s of %s's other links across the boundary",
          s.id, C.pct(s.share, "en", P.sole_share), C.num(s.pair.contacts, "en"), s.org,
          s.other, cmp(s.share, "en", P.sole_share), C.pct(P.sole_share, "en"), s.k, s.n,
          C.pct(s.p0, "en"), s.org)
        local nb = string.format(
          "%s bærer %s av de %s kontaktene mellom %s og %s (%s %s): %d av parets %d "
          .. "forbindelser, mot %s av de andre forbindelsene %s har på tvers",
          s.id, C.pct(s.share, "nb", P.sole_share), C.num(s.pair.contacts, "nb"), s.org,
          s.other, cmp(s.share, "nb", P.sole_share), C.pct(P.sole_share, "nb"), s.k, s.n,
          C.pct(s.p0, "nb"), s.org)
        if s.q < P.alpha then
          pair_fs[#pair_fs + 1] = make({level = "group", scope = pair_scope(s),
            label = "nøkkelperson", scores = sc, test = test_of(s), uses = uses,
            en = en .. ": nøkkelperson (the pair depends on one key person).",
            nb = nb .. ": nøkkelperson."}, P)
        else
          pair_fs[#pair_fs + 1] = C.uavklart("group", pair_scope(s), "ikke signifikant", sc,
            en .. ": no more than that person's part in the organisation's other contact "
                 .. "explains.",
            nb .. ": ikke mer enn personens del av organisasjonens øvrige kontakt forklarer.",
            {concept = CONCEPT, source = SOURCE, test = test_of(s), uses = uses})
        end
      end
    end

    -- actor findings: each key person, with what removing them cuts off
    -- every node's organisation and cross-boundary brokerage; the key persons' nodes
    local node, members, broker = {}, {}, {}
    for i, id in ipairs(M.ids) do
      if M.org[i] then members[id] = M.org[i] end
      broker[id] = brokerage_of(M.nodes, i)
    end
    for id in pairs(key) do node[id] = net:node(id) end
    local actor_fs = {}
    for _, id in ipairs(key_order) do
      local list = key[id]
      local v = node[id] or {}
      local r = removal(net, {id}, M, members)
      local best = list[1]
      local names = {}
      for i = 1, math.min(4, #list) do names[i] = list[i].other end
      local more_en = #list > 4 and string.format(" and %d more", #list - 4) or ""
      local more_nb = #list > 4 and string.format(" og %d til", #list - 4) or ""
      local sc = {pairs = #list, share = best.share, p_adjusted = best.q,
                  pairs_lost = r.pairs_lost, organisation_pairs_cut = #r.cut,
                  cross_ties_lost = r.cross_ties_lost,
                  cross_brokerage = brokerage(v)}
      local cut_en = #r.cut > 0 and string.format("cuts %s off (%s%s)",
        C.plural(#r.cut, "organisation pair", "organisation pairs", "en"),
        table.concat(r.cut, ", ", 1, math.min(3, #r.cut)), #r.cut > 3 and ", ..." or "")
        or "cuts no organisation pair off (other paths remain)"
      local cut_nb = #r.cut > 0 and string.format("skiller %s (%s%s)",
        C.plural(#r.cut, "organisasjonspar", "organisasjonspar", "nb"),
        table.concat(r.cut, ", ", 1, math.min(3, #r.cut)), #r.cut > 3 and ", ..." or "")
        or "skiller ingen organisasjonspar (andre veier finnes)"
      actor_fs[#actor_fs + 1] = make({level = "actor", scope = id, label = "nøkkelperson",
        scores = sc, test = test_of(best), uses = uses,
        en = string.format("%s (%s, %s) carries at least %s of the contact between %s and %s "
                           .. "(%s%s); without %s, %s pairs of other actors can no longer "
                           .. "reach each other and it %s: nøkkelperson (key person).",
                           id, v.profession or C.type_label(v.type, "en"), v.organisation or "?",
                           C.pct(P.sole_share, "en"), v.organisation or "its organisation",
                           C.plural(#list, "organisation", "organisations", "en"),
                           table.concat(names, ", "), more_en,
                           id, C.num(r.pairs_lost, "en"),
                           cut_en),
        nb = string.format("%s (%s, %s) bærer minst %s av kontakten mellom %s og %s (%s%s); "
                           .. "uten %s mister %s par av andre aktører forbindelsen, og den "
                           .. "%s: nøkkelperson.",
                           id, v.profession or C.type_label(v.type, "nb"), v.organisation or "?",
                           C.pct(P.sole_share, "nb"), v.organisation or "sin organisasjon",
                           C.plural(#list, "organisasjon", "organisasjoner", "nb"),
                           table.concat(names, ", "), more_nb,
                           id, C.num(r.pairs_lost, "nb"),
                           cut_nb)}, P)
    end

    -- organisations
    local org_pairs = {}
    for _, p in ipairs(M.pairs) do
      if p.judged then
        org_pairs[p.a] = (org_pairs[p.a] or 0) + 1
        org_pairs[p.b] = (org_pairs[p.b] or 0) + 1
      end
    end
    local org_fs, counts = {}, {}
    local key_pairs_of = {}
    for _, s in ipairs(cands) do
      if s.q < P.alpha then
        for _, o in ipairs{s.org, s.other} do
          key_pairs_of[o] = key_pairs_of[o] or {}
          table.insert(key_pairs_of[o], s)
        end
      end
    end
    for _, name in ipairs(C.keys(M.cross)) do
      if (M.size[name] or 0) >= P.min_actors then
        local n = org_pairs[name] or 0
        local state = org_state[name] or (n > 0 and "robust" or "lite")
        local sc = {judged_pairs = n, actors = M.size[name],
                    key_person_pairs = key_pairs_of[name] and #key_pairs_of[name] or 0}
        local f
        if state == "sårbar" then
          local kp = key_pairs_of[name]
          local s = kp[1]
          f = make({level = "group", scope = name, label = "sårbar", scores = sc,
            test = test_of(s), uses = uses,
            en = string.format("%s: %d of its %s %s on one person (%s between %s and %s): "
                               .. "sårbar (vulnerable).", name, #kp,
                               C.plural(n, "judged partner organisation",
                                        "judged partner organisations", "en"),
                               #kp == 1 and "depends" or "depend", s.id, s.org, s.other),
            nb = string.format("%s: %d av dens %s avhenger av én person (%s mellom %s og %s): "
                               .. "sårbar.", name, #kp,
                               C.plural(n, "vurderte partnerorganisasjon",
                                        "vurderte partnerorganisasjoner", "nb"),
                               s.id, s.org, s.other)}, P)
        elseif state == "robust" then
          f = make({level = "group", scope = name, label = "robust", scores = sc, uses = uses,
            en = string.format("%s: none of its %s depends on one person (%s of the "
                               .. "contact or more): robust.", name,
                               C.plural(n, "judged partner organisation",
                                        "judged partner organisations", "en"),
                               C.pct(P.sole_share, "en")),
            nb = string.format("%s: ingen av dens %s avhenger av én person (%s av kontakten "
                               .. "eller mer): robust.", name,
                               C.plural(n, "vurderte partnerorganisasjon",
                                        "vurderte partnerorganisasjoner", "nb"),
                               C.pct(P.sole_share, "nb"))}, P)
        elseif state == "uavklart" then
          f = C.uavklart("group", name, "ikke signifikant", sc,
            string.format("%s: one person carries %s or more of a partner's contact, but no "
                          .. "more than their part in the organisation's other contact "
                          .. "explains.", name, C.pct(P.sole_share, "en")),
            string.format("%s: én person bærer %s eller mer av kontakten med en partner, men "
                          .. "ikke mer enn personens del av den øvrige kontakten forklarer "
                          .. ".", name, C.pct(P.sole_share, "nb")),
            {concept = CONCEPT, source = SOURCE, uses = uses})
        else
          f = C.uavklart("group", name, "for lite data", sc,
            string.format("%s: no partner organisation with %d contacts over %d links and %s "
                          .. "of its contact across the boundary.", name,
                          P.min_contacts, P.min_links, C.pct(P.min_pair_share, "en")),
            string.format("%s: ingen partnerorganisasjon med %d kontakter over %d "
                          .. "forbindelser og %s av kontakten på tvers.", name,
                          P.min_contacts, P.min_links, C.pct(P.min_pair_share, "nb")),
            {concept = CONCEPT, source = SOURCE, uses = uses,
             test = {method = "binomial", missing = 1}})
        end
        counts[f.label] = (counts[f.label] or 0) + 1
        org_fs[#org_fs + 1] = f
      end
    end
    table.sort(org_fs, function(x, y)
      local rank = {["sårbar"] = 1, uavklart = 2, robust = 3}
      if x.label ~= y.label then return rank[x.label] < rank[y.label] end
      return x.scope < y.scope
    end)

    -- brokerage concentration (reported, not labelled)
    local br, all, total_br = {}, {}, 0
    for id, b in pairs(broker) do
      if b > 0 then
        br[#br + 1] = {id = id, b = b}
        all[#all + 1] = b
        total_br = total_br + b
      end
    end
    C.sort_desc(br, function(x) return x.b end, function(x) return x.id end)
    local topk = 0
    for i = 1, math.min(P.top_k, #br) do topk = topk + br[i].b end
    local topk_share = total_br > 0 and topk / total_br or nil

    -- the network, consistent with the organisations
    local n_key_pairs = 0
    for _, list in pairs(key) do n_key_pairs = n_key_pairs + #list end
    local head_sc = {judged_pairs = judged, pairs_too_small = too_small,
                     key_person_pairs = n_key_pairs, key_persons = #key_order,
                     tests = n_tests, topk_brokerage_share = topk_share,
                     brokerage_gini = stats.gini(all),
                     vulnerable = counts["sårbar"] or 0, robust = counts.robust or 0,
                     unresolved = counts.uavklart or 0}
    local orgs_en = string.format("organisations with %d actors or more: %d sårbar, %d robust, "
                                  .. "%d uavklart", P.min_actors, head_sc.vulnerable,
                                  head_sc.robust, head_sc.unresolved)
    local orgs_nb = string.format("organisasjoner med minst %d aktører: %d sårbare, %d "
                                  .. "robuste, %d uavklart", P.min_actors, head_sc.vulnerable,
                                  head_sc.robust, head_sc.unresolved)
    local k_top = math.min(P.top_k, #br)
    local conc_en = string.format("%s %s of the cross-boundary brokerage",
                                  k_top == 1 and "the top broker holds"
                                    or string.format("the top %d brokers hold", k_top),
                                  C.pct(topk_share, "en"))
    local conc_nb = string.format("%s %s av meglingen på tvers",
                                  k_top == 1 and "den største megleren har"
                                    or string.format("de %d største meglerne har", k_top),
                                  C.pct(topk_share, "nb"))
    local out = {}
    if judged == 0 then
      out[1] = C.uavklart("network", "network", "for lite data", head_sc,
        string.format("No pair of organisations has %d contacts over %d links (%s too "
                      .. "small); %s; %s.", P.min_contacts, P.min_links,
                      C.plural(too_small, "pair", "pairs", "en"), orgs_en, conc_en),
        string.format("Ingen par av organisasjoner har %d kontakter over %d forbindelser (%d "
                      .. "par for små); %s; %s.", P.min_contacts, P.min_links,
                      too_small, orgs_nb, conc_nb),
        {concept = CONCEPT, source = SOURCE, uses = uses,
         test = {method = "binomial", missing = 1}})
    else
      local label = n_key_pairs > 0 and "sårbar" or "robust"
      local best = key_order[1] and key[key_order[1]][1]
      out[1] = make({level = "network", scope = "network", label = label, scores = head_sc,
        test = best and test_of(best) or {method = "binomial", correction = P.correction,
                                          tests = n_tests},
        uses = uses,
        en = string.format("%d of %s %s on one person (%s of the contact or more, "
                           .. "beyond the person's part in their organisation's other contact; "
                           .. "%s); %s; %s; %s too small to judge%s: %s.",
                           n_key_pairs, C.plural(judged, "judged pair of organisations",
                                                 "judged pairs of organisations", "en"),
                           n_key_pairs == 1 and "depends" or "depend",
                           C.pct(P.sole_share, "en"),
                           C.plural(#key_order, "key person", "key persons", "en"), orgs_en,
                           conc_en, C.plural(too_small, "pair", "pairs", "en"),
                           t_end and "" or "; no end date (--param ildsjel.end=DATE measures "
                             .. "establishment against maintenance)",
                           label == "sårbar" and "sårbar (vulnerable to losing key persons)"
                             or "robust"),
        nb = string.format("%d av %s avhenger av én person (%s av kontakten eller mer, ut over "
                           .. "personens del av organisasjonens øvrige kontakt; %s); %s; %s; %d "
                           .. "par for små til å vurderes%s: %s.",
                           n_key_pairs, C.plural(judged, "vurdert par av organisasjoner",
                                                 "vurderte par av organisasjoner", "nb"),
                           C.pct(P.sole_share, "nb"),
                           C.plural(#key_order, "nøkkelperson", "nøkkelpersoner", "nb"),
                           orgs_nb, conc_nb, too_small,
                           t_end and "" or "; ingen sluttdato (--param ildsjel.end=DATO måler "
                             .. "etablering mot vedlikehold)", label)}, P)
    end

    -- sustainment: key persons, then the top brokers
    local sustain_fs = {}
    if t_end then
      local org_of = {}
      for a in net:actors() do org_of[a.id] = a.organisation end
      local who, seen = {}, {}
      for _, id in ipairs(key_order) do
        if #who < P.top then
          who[#who + 1] = id
          seen[id] = true
        end
      end
      -- then by cross-boundary brokerage, then by links to other organisations
      local rest = {}
      for i = 1, #M.ids do
        if (M.xlinks[i] or 0) > 0 and not seen[M.ids[i]] then
          rest[#rest + 1] = {id = M.ids[i], b = broker[M.ids[i]] or 0,
                             l = M.xlinks[i]}
        end
      end
      table.sort(rest, function(x, y)
        if x.b ~= y.b then return x.b > y.b end
        if x.l ~= y.l then return x.l > y.l end
        return x.id < y.id
      end)
      for _, x in ipairs(rest) do
        if #who >= P.top then break end
        who[#who + 1] = x.id
      end
      for _, id in ipairs(who) do
        sustain_fs[#sustain_fs + 1] = sustain_finding(net, id, node[id] or net:node(id), t_end, org_of, P)
      end
    end

    C.append(out, actor_fs)
    C.append(out, pair_fs)
    C.append(out, sustain_fs)
    C.append(out, org_fs)
    return out
  end,
}
