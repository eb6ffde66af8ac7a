-- ildsjel.lua - dependence on enthusiasts and key persons, and whether the
-- cooperation lasts after a project ends (ildsjeler, sustainment)
--
-- Sources (see the research brief): the article on establishing and
-- sustaining cooperation across boundaries (St. Olavs/RSSO): enthusiasts
-- (ildsjeler, also boundary spanners, grensearbeidere) are "cultivators and
-- catalysts", "often seen as irreplaceable", and cooperation "can wither"
-- when they leave; problems come "when project money runs out or key people
-- disappear"; the advice is a mix of enthusiasts and "stayers" and a deputy
-- facilitator. The systematic review of learning networks (Kunnskapssenteret)
-- on what lasts after a programme ends.
--
-- Measures (actor level; groups are organisations):
--   cross-boundary brokerage  Gould-Fernandez brokerage across groups
--                   (itinerant, representative, gatekeeper and liaison); its
--                   concentration: the top_k actors' share and the Gini
--   sole bridge     for each pair of organisations with at least
--                   min_contacts contacts, an actor who is the only one on
--                   its side with ties to the other; its dependency is the
--                   contact of the pairs it alone carries, also as a share of
--                   all contact between organisations
--   removal         what removing it costs (net:removal): reachable pairs
--                   lost, ties between organisations lost, organisation
--                   pairs cut off; also for the top_k together
--   spanners        boundary spanners per organisation, and the partner
--                   organisations it reaches through one person only
--   sustainment     with --param ildsjel.end=DATE: each key person's contact
--                   between organisations per day after the end over before
--                   it, and its half-life after the end (exponential decay,
--                   stats.half_life)
-- Labels (parameters): actors (the top key persons, most dependency first,
-- then most brokerage) nøkkelperson when their dependency share is at least
-- dependency_share, else grensearbeider; organisations with at least
-- min_actors actors sårbar when a partner is reached through one person on
-- either side, else robust; the network sårbar when its top key person's
-- dependency share reaches dependency_share or the top_k hold at least
-- concentration_high of the brokerage, else robust; sustainment
-- vedlikeholdt when after / before >= after_min and the half-life (if any)
-- is at least half_life_min days, else visner (withering); uavklart without
-- an end date or data after it.

local C = require "lib.common"

local ROLES = {"itinerant", "representative", "gatekeeper", "liaison"}

local function brokerage(v)
  local n = 0
  if v.brokerage then
    for _, r in ipairs(ROLES) do n = n + (v.brokerage[r] or 0) end
  end
  return n
end

local function measure(net, P)
  local node = C.nodes(net)
  local nodes, ties = net:columns{"organisation"}
  local ids, org = nodes.id, nodes.organisation
  local pairs_, cross_total = {}, 0
  local from, to, contacts = ties.from, ties.to, ties.contacts
  for k = 1, #from do
    local oa, ob = org[from[k]], org[to[k]]
    if oa and ob and oa ~= ob then
      local c = contacts[k]
      cross_total = cross_total + c
      local a, b, va, vb = oa, ob, ids[from[k]], ids[to[k]]
      if b < a then a, b, va, vb = b, a, vb, va end
      local by_a = pairs_[a]
      if not by_a then
        by_a = {}
        pairs_[a] = by_a
      end
      local p = by_a[b]
      if not p then
        p = {a = a, b = b, contacts = 0, side = {[a] = {}, [b] = {}}}
        by_a[b] = p
      end
      p.contacts = p.contacts + c
      p.side[a][va] = (p.side[a][va] or 0) + c
      p.side[b][vb] = (p.side[b][vb] or 0) + c
    end
  end
  local flat = {}
  for _, by_a in pairs(pairs_) do
    for _, p in pairs(by_a) do flat[#flat + 1] = p end
  end
  pairs_ = flat
  -- sole bridges and spanners per organisation
  local dep, sole, orgs = {}, {}, {}
  for _, p in ipairs(pairs_) do
    for org, spanners in pairs(p.side) do
      local o = orgs[org] or {name = org, spanners = {}, partners = 0, single = {}}
      orgs[org] = o
      local n, only = 0, nil
      for id in pairs(spanners) do
        n = n + 1
        only = id
        o.spanners[id] = true
      end
      if p.contacts >= P.min_contacts then
        o.partners = o.partners + 1
        local other = org == p.a and p.b or p.a
        local n_other = 0
        for _ in pairs(p.side[other]) do n_other = n_other + 1 end
        if n == 1 then
          dep[only] = (dep[only] or 0) + p.contacts
          sole[only] = sole[only] or {}
          sole[only][#sole[only] + 1] = other
        end
        if n == 1 or n_other == 1 then o.single[#o.single + 1] = other end
      end
    end
  end
  return node, dep, sole, orgs, cross_total
end

-- Contact between organisations of one actor before and after the end date.
local function sustainment(net, id, node, t_end, org_of)
  local before, after, offsets = 0, 0, {}
  local first, last
  local my_org = node[id] and node[id].organisation
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

return {
  name = "ildsjel",
  title = {
    en = "Enthusiasts, key persons and sustainment",
    nb = "Ildsjeler, nøkkelpersoner og varighet",
  },
  description = {
    en = "How much the cooperation between organisations depends on a few people "
         .. "(ildsjeler): concentration of brokerage, sole bridges, the cost of losing them, "
         .. "spanners per organisation, and whether contact lasts after a project's end.",
    nb = "Hvor avhengig samarbeidet mellom organisasjoner er av noen få personer "
         .. "(ildsjeler): konsentrasjon av megling, eneste bro, hva det koster å miste dem, "
         .. "grensearbeidere per organisasjon, og om kontakten varer etter et prosjekts slutt.",
  },
  concept = "ildsjeler og varighet",
  params = {
    top = {type = "integer", default = 5, min = 1,
           doc = "how many key persons to report (and remove one by one)"},
    top_k = {type = "integer", default = 3, min = 1,
             doc = "the top k of the brokerage concentration and the joint removal"},
    min_contacts = {type = "integer", default = 20, min = 1,
                    doc = "an organisation pair counts for sole bridges from this many contacts"},
    dependency_share = {type = "number", default = 0.02, min = 0, max = 1,
                        doc = "nøkkelperson: carries alone at least this share of the contact "
                              .. "between organisations"},
    concentration_high = {type = "number", default = 0.5, min = 0, max = 1,
                          doc = "sårbar (network): the top k hold at least this share of "
                                .. "cross-boundary brokerage"},
    min_actors = {type = "integer", default = 3, min = 1,
                  doc = "organisations with fewer actors get no finding of their own"},
    ["end"] = {type = "string", default = "",
               doc = "the end of a project or programme (a date); empty: no sustainment "
                     .. "measure"},
    after_min = {type = "number", default = 0.5, min = 0,
                 doc = "vedlikeholdt: contact per day after the end at least this share of "
                       .. "before it"},
    half_life_min = {type = "number", default = 365, min = 0,
                     doc = "visner: a half-life after the end shorter than this many days"},
  },

  run = function(net, params)
    local P = params
    if net.level ~= "actor" then
      return {C.finding("network", "network", "uavklart", {},
        "Key persons need the actor level; this analysis is at the " .. net.level .. " level.",
        "Nøkkelpersoner trenger aktørnivået; denne analysen er på " .. net.level .. "-nivå.")}
    end
    local node, dep, sole, orgs, cross_total = measure(net, P)
    -- brokerage concentration
    local br, all = {}, {}
    local total_br = 0
    for id, v in pairs(node) do
      local b = brokerage(v)
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
    local gini = stats.gini(all)
    -- key persons: most dependency, then most brokerage
    local cand, seen = {}, {}
    for id in pairs(dep) do
      cand[#cand + 1] = id
      seen[id] = true
    end
    for i = 1, math.min(P.top, #br) do
      if not seen[br[i].id] then cand[#cand + 1] = br[i].id end
    end
    local bro = {}
    for _, x in ipairs(br) do bro[x.id] = x.b end
    table.sort(cand, function(x, y)
      local dx, dy = dep[x] or 0, dep[y] or 0
      if dx ~= dy then return dx > dy end
      if (bro[x] or 0) ~= (bro[y] or 0) then return (bro[x] or 0) > (bro[y] or 0) end
      return x < y
    end)
    local key = {}
    for i = 1, math.min(P.top, #cand) do key[i] = cand[i] end

    local t_end
    if P["end"] ~= "" then
      t_end = C.utc(P["end"])
      if not t_end then
        error(string.format("ildsjel: end must be a date such as 2020-12-01; got '%s'",
                            P["end"]), 0)
      end
    end

    local actor_fs, sustain_fs, org_of = {}, {}, {}
    if t_end then
      for a in net:actors() do org_of[a.id] = a.organisation end
    end
    for rank, id in ipairs(key) do
      local v = node[id]
      local d = dep[id] or 0
      local share = cross_total > 0 and d / cross_total or 0
      local r = net:removal(id)
      local cut = {}
      for _, c in ipairs(r.cut) do cut[#cut + 1] = c.from .. " -> " .. c.to end
      local label = share >= P.dependency_share and "nøkkelperson" or "grensearbeider"
      local partners = sole[id] or {}
      table.sort(partners)
      local scores = {rank = rank, dependency = d, dependency_share = share,
                      sole_bridge_pairs = #partners, cross_brokerage = bro[id] or 0,
                      brokerage_share = total_br > 0 and (bro[id] or 0) / total_br or 0,
                      pairs_lost = r.pairs_lost, cross_ties_lost = r.cross_ties_lost,
                      ties_lost = r.ties_lost, organisation_pairs_cut = #r.cut}
      local who = string.format("%s (%s, %s)", id, v.profession or v.type or "?",
                                v.organisation or "?")
      local en, nb
      if #partners > 0 then
        local shown = {}
        for i = 1, math.min(4, #partners) do shown[i] = partners[i] end
        local more = #partners > 4 and string.format(" and %d more", #partners - 4) or ""
        local more_nb = #partners > 4 and string.format(" og %d til", #partners - 4) or ""
        en = string.format("%s is the only link of %s to %d organisation%s (%s%s), carrying "
                           .. "%d contacts alone, %s of all contact between organisations (%s "
                           .. "%s)", who, v.organisation or "its organisation", #partners,
                           #partners == 1 and "" or "s", table.concat(shown, ", "), more, d,
                           C.pct(share), share >= P.dependency_share and ">=" or "<",
                           C.pct(P.dependency_share))
        nb = string.format("%s er eneste forbindelse fra %s til %d organisasjon%s (%s%s) og "
                           .. "bærer alene %d kontakter, %s av all kontakt mellom "
                           .. "organisasjoner (%s %s)", who, v.organisation or "sin organisasjon",
                           #partners, #partners == 1 and "" or "er", table.concat(shown, ", "),
                           more_nb, d, C.pct_nb(share),
                           share >= P.dependency_share and ">=" or "<",
                           C.pct_nb(P.dependency_share))
      else
        en = string.format("%s is no sole link between organisations", who)
        nb = string.format("%s er ingen eneste forbindelse mellom organisasjoner", who)
      end
      en = en .. string.format("; it brokers %s of the cross-boundary paths; removing it loses "
                               .. "%d of %d ties between organisations and %d reachable pairs",
                               C.pct(scores.brokerage_share), r.cross_ties_lost,
                               r.cross_ties_before, math.floor(r.pairs_lost + 0.5))
      nb = nb .. string.format("; den megler %s av stiene på tvers; uten den forsvinner %d av "
                               .. "%d bånd mellom organisasjoner og %d par som når hverandre",
                               C.pct_nb(scores.brokerage_share), r.cross_ties_lost,
                               r.cross_ties_before, math.floor(r.pairs_lost + 0.5))
      if #cut > 0 then
        en = en .. string.format(", and cuts %d organisation pairs off", #cut)
        nb = nb .. string.format(", og %d organisasjonspar blir avskåret", #cut)
      end
      actor_fs[#actor_fs + 1] = C.finding("actor", id, label, scores,
        en .. string.format(": %s (%s).", label, label == "nøkkelperson" and "key person"
                            or "boundary spanner"), nb .. ": " .. label .. ".")
      if t_end then
        local before, after, offsets, first, last = sustainment(net, id, node, t_end, org_of)
        local s_scores = {before = before, after = after}
        local days_before = first and math.max(1, (math.min(t_end, last + 1) - first) / 86400)
        local days_after = last and last >= t_end and math.max(1, (last - t_end) / 86400) or nil
        local T = days_after
        local hl = (T and #offsets >= 3) and stats.half_life(offsets, T) or nil
        s_scores.half_life_days = hl
        local scope = id .. " | " .. P["end"]
        if before == 0 or after == 0 and last and last < t_end then
          sustain_fs[#sustain_fs + 1] = C.finding("actor", scope, "uavklart", s_scores,
            string.format("%s: %d contacts between organisations before %s and %d after; the "
                          .. "data cannot show establishment against maintenance.", id, before,
                          P["end"], after),
            string.format("%s: %d kontakter mellom organisasjoner før %s og %d etter; dataene "
                          .. "kan ikke vise etablering mot vedlikehold.", id, before, P["end"],
                          after))
        else
          local rb = before / days_before
          local ra = days_after and after / days_after or 0
          local ratio = rb > 0 and ra / rb or 0
          s_scores.rate_before, s_scores.rate_after, s_scores.ratio = rb, ra, ratio
          local kept = ratio >= P.after_min and (hl == nil or hl >= P.half_life_min)
          local l = kept and "vedlikeholdt" or "visner"
          sustain_fs[#sustain_fs + 1] = C.finding("actor", scope, l, s_scores,
            string.format("%s: %.2f contacts a day between organisations before %s and %.2f "
                          .. "after (%s of before, %s %s); half-life after the end %s days: %s "
                          .. "(%s).", id, rb, P["end"], ra, C.pct(ratio),
                          ratio >= P.after_min and ">=" or "<", C.pct(P.after_min),
                          hl and string.format("%.0f", hl) or "n/a", l,
                          kept and "maintained" or "withering"),
            string.format("%s: %.2f kontakter om dagen mellom organisasjoner før %s og %.2f "
                          .. "etter (%s av før, %s %s); halveringstid etter slutten %s dager: "
                          .. "%s.", id, rb, P["end"], ra, C.pct_nb(ratio),
                          ratio >= P.after_min and ">=" or "<", C.pct_nb(P.after_min),
                          hl and string.format("%.0f", hl) or "i.t.", l))
        end
      end
    end

    -- all the top k removed together
    local joint
    if #key >= 2 then
      local ids = {}
      for i = 1, math.min(P.top_k, #key) do ids[i] = key[i] end
      joint = net:removal(ids)
    end

    -- organisations
    local org_fs = {}
    local size = {}
    for _, v in pairs(node) do
      if v.organisation then size[v.organisation] = (size[v.organisation] or 0) + 1 end
    end
    for _, name in ipairs(C.keys(orgs)) do
      local o = orgs[name]
      if (size[name] or 0) >= P.min_actors and o.partners > 0 then
        local n = 0
        for _ in pairs(o.spanners) do n = n + 1 end
        table.sort(o.single)
        local l = #o.single > 0 and "sårbar" or "robust"
        local sc = {spanners = n, actors = size[name], partners = o.partners,
                    single_person_partners = #o.single}
        local list = {}
        for i = 1, math.min(4, #o.single) do list[i] = o.single[i] end
        org_fs[#org_fs + 1] = C.finding("group", name, l, sc,
          string.format("%s has %d boundary spanners among %d actors; %d of its %d partner "
                        .. "organisations are reached through one person only%s: %s (%s).",
                        name, n, size[name], #o.single, o.partners,
                        #list > 0 and " (" .. table.concat(list, ", ")
                          .. (#o.single > 4 and ", ..." or "") .. ")" or "",
                        l, l == "sårbar" and "vulnerable" or "sound"),
          string.format("%s har %d grensearbeidere blant %d aktører; %d av dens %d "
                        .. "partnerorganisasjoner nås bare gjennom én person%s: %s.", name, n,
                        size[name], #o.single, o.partners,
                        #list > 0 and " (" .. table.concat(list, ", ")
                          .. (#o.single > 4 and ", ..." or "") .. ")" or "", l))
      end
    end
    table.sort(org_fs, function(x, y)
      if x.label ~= y.label then return x.label == "sårbar" end
      if x.scores.single_person_partners ~= y.scores.single_person_partners then
        return x.scores.single_person_partners > y.scores.single_person_partners
      end
      return x.scope < y.scope
    end)

    -- the network
    local first = key[1]
    local fshare = first and cross_total > 0 and (dep[first] or 0) / cross_total or 0
    local vulnerable = fshare >= P.dependency_share
      or (topk_share or 0) >= P.concentration_high
    local head_scores = {cross_contacts = cross_total, top_dependency_share = fshare,
                         topk_brokerage_share = topk_share, brokerage_gini = gini,
                         key_persons = #key}
    local en = string.format("The top %d actors hold %s of the cross-boundary brokerage "
                             .. "(Gini %s)", math.min(P.top_k, #br), C.pct(topk_share),
                             C.f(gini))
    local nb = string.format("De %d øverste aktørene har %s av meglingen på tvers (Gini %s)",
                             math.min(P.top_k, #br), C.pct_nb(topk_share), C.f(gini))
    if first then
      en = en .. string.format("; the top key person, %s, alone carries %s of the contact "
                               .. "between organisations", first, C.pct(fshare))
      nb = nb .. string.format("; den viktigste nøkkelpersonen, %s, bærer alene %s av "
                               .. "kontakten mellom organisasjoner", first, C.pct_nb(fshare))
    end
    if joint then
      head_scores.joint_cross_ties_lost = joint.cross_ties_lost
      head_scores.joint_pairs_lost = joint.pairs_lost
      en = en .. string.format("; without the top %d, %d of %d ties between organisations "
                               .. "are lost", joint.removed, joint.cross_ties_lost,
                               joint.cross_ties_before)
      nb = nb .. string.format("; uten de %d øverste forsvinner %d av %d bånd mellom "
                               .. "organisasjoner", joint.removed, joint.cross_ties_lost,
                               joint.cross_ties_before)
    end
    local label = vulnerable and "sårbar" or "robust"
    if not t_end then
      en = en .. " (no end date given: --param ildsjel.end=DATE measures establishment against "
               .. "maintenance)"
      nb = nb .. " (ingen sluttdato gitt: --param ildsjel.end=DATO måler etablering mot "
               .. "vedlikehold)"
    end
    local out = {C.finding("network", "network", #br == 0 and "uavklart" or label, head_scores,
      en .. (vulnerable and ": sårbar (vulnerable to losing key persons)." or ": robust."),
      nb .. ": " .. label .. ".")}
    C.append(out, actor_fs)
    C.append(out, sustain_fs)
    C.append(out, org_fs)
    return out
  end,
}
