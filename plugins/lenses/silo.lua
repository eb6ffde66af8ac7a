-- silo.lua - silos and the integration ladder (flerfaglig, sekvensiell,
-- interfaglig, tverrfaglig)
--
-- Sources (see the research brief): the MBA thesis on home-based services
-- moving from silos to interdisciplinary teams, with the ladder of Jantsch
-- and Heldal: flerfaglig, parallel work "side by side without direct
-- contact"; interfaglig, interaction with a sense of belonging; tverrfaglig,
-- integrated teams where roles blur around the user's goal; silo thinking as
-- "a one-sided focus on what is best for one's own unit". Thompson's
-- interdependence (pooled, sequential, reciprocal) from the book on
-- coordination (2019). The contrast between Sørkommunen (a reciprocal team,
-- two-way job shadowing, dense) and Nordkommunen (a purchaser-provider
-- chain with one-way learning).
--
-- Per organisation with at least two units (actor level):
--   E-I by unit        (E - I) / (E + I) over its internal ties, E between
--                      two of its units and I inside one; the same by
--                      profession
--   leader bridges     share of the ties between its units that have a
--                      leader (rank top or middle) at one end; the other
--                      ties are frontline bridges
--   the go-between     the actor at an end of most of those ties
-- silo when its units have no ties between them, or when at least
-- silo_leader_share of those ties run through leaders (no frontline
-- bridges to speak of: units meet only through their leaders); else
-- integrert; uavklart with fewer than min_ties internal ties.
--
-- Per pair of units (organisation / unit), inside and across
-- organisations, with at least min_pair_contacts contacts or min_co_cases
-- cases served together:
--   flerfaglig    no tie between them, but their staff serve the same cases
--                 (co-serving without contact)
--   sekvensiell   contact runs one way: the smaller direction is below
--                 reciprocal_balance of the larger (Thompson's sequential
--                 hand-off)
--   interfaglig   contact both ways
--   tverrfaglig   both ways and dense: at least dense of the pairs of their
--                 staff are tied, and at least mutual_min of the ties mutual
-- At most max_pairs unit pairs per rung are reported (the network finding
-- counts them all).

local C = require "lib.common"

local EN = {silo = "silo", integrert = "integrated", uavklart = "unresolved",
            flerfaglig = "parallel, no contact", sekvensiell = "sequential hand-offs",
            interfaglig = "reciprocal", tverrfaglig = "integrated team"}

local function ei(e, i)
  return e + i > 0 and (e - i) / (e + i) or nil
end

local LEADER = {top = true, middle = true}

-- Organisations, units and unit pairs, from the nodes and ties as columns.
local function measure(net)
  local nodes, ties = net:columns{"organisation", "unit", "rank", "profession"}
  local ids, org, un, rank, prof = nodes.id, nodes.organisation, nodes.unit, nodes.rank,
                                   nodes.profession
  local orgs, units, unit = {}, {}, {}
  for i = 1, #ids do
    if org[i] and un[i] then
      local u = org[i] .. " / " .. un[i]
      unit[i] = u
      units[u] = units[u] or {name = u, size = 0}
      units[u].size = units[u].size + 1
      local o = orgs[org[i]]
      if not o then
        o = {name = org[i], units = {}, n_units = 0, e = 0, i = 0, pe = 0, pi = 0,
             leader_bridges = 0, frontline_bridges = 0, ends = {}}
        orgs[org[i]] = o
      end
      if not o.units[un[i]] then
        o.units[un[i]] = true
        o.n_units = o.n_units + 1
      end
    end
  end
  local upairs = {}
  local function upair(ua, ub)
    local a, b = ua, ub
    if b < a then a, b = b, a end
    local by_a = upairs[a]
    if not by_a then
      by_a = {}
      upairs[a] = by_a
    end
    local p = by_a[b]
    if not p then
      p = {name = a .. " <-> " .. b, a = a, b = b, ab = 0, ba = 0, ties = 0, mutual = 0,
           co_pairs = 0, co_cases = 0}
      by_a[b] = p
    end
    return p, ua == a
  end
  local from, to, contacts, mutual = ties.from, ties.to, ties.contacts, ties.mutual
  for k = 1, #from do
    local a, b = from[k], to[k]
    local ua, ub = unit[a], unit[b]
    local oa = org[a]
    if oa and oa == org[b] and orgs[oa] then
      local o = orgs[oa]
      if ua and ub and ua ~= ub then
        o.e = o.e + 1
        if LEADER[rank[a]] or LEADER[rank[b]] then
          o.leader_bridges = o.leader_bridges + 1
        else
          o.frontline_bridges = o.frontline_bridges + 1
        end
        o.ends[ids[a]] = (o.ends[ids[a]] or 0) + 1
        o.ends[ids[b]] = (o.ends[ids[b]] or 0) + 1
      elseif ua and ua == ub then
        o.i = o.i + 1
      end
      if prof[a] and prof[b] then
        if prof[a] ~= prof[b] then o.pe = o.pe + 1 else o.pi = o.pi + 1 end
      end
    end
    if ua and ub and ua ~= ub then
      local p, forward = upair(ua, ub)
      if forward then p.ab = p.ab + contacts[k] else p.ba = p.ba + contacts[k] end
      p.ties = p.ties + 1
      if mutual[k] then p.mutual = p.mutual + 1 end
    end
  end
  for _, c in ipairs(net:co_serving{by = {"organisation", "unit"}}) do
    local p = upair(c.a, c.b)
    p.co_pairs = p.co_pairs + c.pairs
    p.co_cases = p.co_cases + c.cases
  end
  -- a mutual pair of ties links one pair of staff
  local list = {}
  for _, by_a in pairs(upairs) do
    for _, p in pairs(by_a) do
      p.n_links = p.ties - p.mutual / 2
      list[#list + 1] = p
    end
  end
  return orgs, units, list
end

local function org_finding(o, P)
  local scores = {units = o.n_units, between_units = o.e, inside_units = o.i,
                  ei_unit = ei(o.e, o.i), ei_profession = ei(o.pe, o.pi),
                  leader_bridges = o.leader_bridges, frontline_bridges = o.frontline_bridges}
  if o.n_units < 2 or o.e + o.i < P.min_ties then
    return C.finding("group", o.name, "uavklart", scores,
      string.format("%s has %d units and %d internal ties (needs 2 units and %d ties): its "
                    .. "silos cannot be judged.", o.name, o.n_units, o.e + o.i, P.min_ties),
      string.format("%s har %d enheter og %d interne bånd (trenger 2 enheter og %d bånd): "
                    .. "siloene kan ikke vurderes.", o.name, o.n_units, o.e + o.i, P.min_ties))
  end
  local share = o.e > 0 and o.leader_bridges / o.e or nil
  scores.leader_bridge_share = share
  local top, top_n = nil, 0
  for id, n in pairs(o.ends) do
    if n > top_n or (n == top_n and id < top) then top, top_n = id, n end
  end
  scores.go_between_share = o.e > 0 and top_n / o.e or nil
  local silo = o.e == 0 or share >= P.silo_leader_share
  local label = silo and "silo" or "integrert"
  local en, nb
  if o.e == 0 then
    en = string.format("%s: its %d units have no ties between them (%d ties inside units)",
                       o.name, o.n_units, o.i)
    nb = string.format("%s: dens %d enheter har ingen bånd seg imellom (%d bånd innad i "
                       .. "enhetene)", o.name, o.n_units, o.i)
  else
    en = string.format("%s: %d of the %d ties between its %d units have a leader at one end "
                       .. "(%s %s %s) and %d link frontline staff directly; %s is at an end "
                       .. "of %d of them; E-I by unit %s, by profession %s", o.name,
                       o.leader_bridges, o.e, o.n_units, C.pct(share), silo and ">=" or "<",
                       C.pct(P.silo_leader_share), o.frontline_bridges, top, top_n,
                       C.f(scores.ei_unit), C.f(scores.ei_profession))
    nb = string.format("%s: %d av de %d båndene mellom dens %d enheter har en leder i den ene "
                       .. "enden (%s %s %s) og %d knytter ansatte i førstelinjen direkte; %s er "
                       .. "i enden av %d av dem; E-I etter enhet %s, etter profesjon %s",
                       o.name, o.leader_bridges, o.e, o.n_units, C.pct_nb(share),
                       silo and ">=" or "<", C.pct_nb(P.silo_leader_share), o.frontline_bridges,
                       top, top_n, C.f(scores.ei_unit), C.f(scores.ei_profession))
  end
  if silo then
    en = en .. ": the units meet only through their leaders: silo."
    nb = nb .. ": enhetene møtes bare gjennom lederne: silo."
  else
    en = en .. ": integrert (integrated)."
    nb = nb .. ": integrert."
  end
  return C.finding("group", o.name, label, scores, en, nb)
end

-- The rung of a unit pair (cheap: the finding is built only for reported pairs).
local function rung_of(p, units, P)
  local total = p.ab + p.ba
  if total == 0 then return "flerfaglig" end
  local balance = math.min(p.ab, p.ba) / math.max(p.ab, p.ba)
  if balance < P.reciprocal_balance then return "sekvensiell" end
  local density = p.n_links / (units[p.a].size * units[p.b].size)
  local mutual = p.ties > 0 and p.mutual / p.ties or 0
  if density >= P.dense and mutual >= P.mutual_min then return "tverrfaglig" end
  return "interfaglig"
end

local function pair_finding(p, units, P)
  local total = p.ab + p.ba
  local sa, sb = units[p.a].size, units[p.b].size
  local scores = {contacts = total, contacts_ab = p.ab, contacts_ba = p.ba, ties = p.ties,
                  mutual_ties = p.mutual, co_serving_pairs = p.co_pairs,
                  shared_cases = p.co_cases, size_a = sa, size_b = sb}
  if total == 0 then
    return C.finding("group", p.name, "flerfaglig", scores,
      string.format("%s: no direct contact, but %d pair%s of their staff serve%s the same "
                    .. "cases (%d shared cases): side by side without contact, flerfaglig (%s).",
                    p.name, p.co_pairs, p.co_pairs == 1 and "" or "s",
                    p.co_pairs == 1 and "s" or "", p.co_cases, EN.flerfaglig),
      string.format("%s: ingen direkte kontakt, men %d par av de ansatte arbeider med de samme "
                    .. "sakene (%d delte saker): side om side uten kontakt, flerfaglig.",
                    p.name, p.co_pairs, p.co_cases))
  end
  local balance = math.min(p.ab, p.ba) / math.max(p.ab, p.ba)
  local density = p.n_links / (sa * sb)
  local mutual = p.ties > 0 and p.mutual / p.ties or 0
  scores.balance, scores.density, scores.mutual_share = balance, density, mutual
  local label
  if balance < P.reciprocal_balance then
    label = "sekvensiell"
  elseif density >= P.dense and mutual >= P.mutual_min then
    label = "tverrfaglig"
  else
    label = "interfaglig"
  end
  local first = p.ab >= p.ba and p.a or p.b
  local second = first == p.a and p.b or p.a
  local en = string.format("%s: %d contacts from %s and %d back (balance %.2f, %s %.2f); %d of "
                           .. "the %d pairs of their staff are tied (density %.2f) and %s of "
                           .. "the ties are mutual", p.name, math.max(p.ab, p.ba), first,
                           math.min(p.ab, p.ba), balance,
                           balance < P.reciprocal_balance and "<" or ">=", P.reciprocal_balance,
                           p.n_links, sa * sb, density, C.pct(mutual))
  local nb = string.format("%s: %d kontakter fra %s og %d tilbake (balanse %.2f, %s %.2f); %d "
                           .. "av de %d parene av ansatte har bånd (tetthet %.2f) og %s av "
                           .. "båndene er gjensidige", p.name, math.max(p.ab, p.ba), first,
                           math.min(p.ab, p.ba), balance,
                           balance < P.reciprocal_balance and "<" or ">=", P.reciprocal_balance,
                           p.n_links, sa * sb, density, C.pct_nb(mutual))
  local why_en = {sekvensiell = string.format("contact runs one way, from %s to %s", first,
                                              second),
                  interfaglig = "contact runs both ways",
                  tverrfaglig = string.format("both ways and dense (>= %.2f, mutual >= %s)",
                                              P.dense, C.pct(P.mutual_min))}
  local why_nb = {sekvensiell = string.format("kontakten går én vei, fra %s til %s", first,
                                              second),
                  interfaglig = "kontakten går begge veier",
                  tverrfaglig = string.format("begge veier og tett (>= %.2f, gjensidig >= %s)",
                                              P.dense, C.pct_nb(P.mutual_min))}
  return C.finding("group", p.name, label, scores,
                   string.format("%s: %s, %s (%s).", en, why_en[label], label, EN[label]),
                   string.format("%s: %s, %s.", nb, why_nb[label], label))
end

return {
  name = "silo",
  title = {
    en = "Silos and the integration ladder",
    nb = "Siloer og integrasjonsstigen",
  },
  description = {
    en = "Labels organisations whose units meet only through their leaders as silos, and "
         .. "each pair of units flerfaglig (parallel, no contact), sekvensiell (one-way "
         .. "hand-offs), interfaglig (reciprocal) or tverrfaglig (reciprocal and dense).",
    nb = "Merker organisasjoner der enhetene bare møtes gjennom lederne som siloer, og hvert "
         .. "par av enheter som flerfaglig (parallelt, uten kontakt), sekvensiell (enveis "
         .. "overlevering), interfaglig (gjensidig) eller tverrfaglig (gjensidig og tett).",
  },
  concept = "silo og integrasjon (flerfaglig, interfaglig, tverrfaglig)",
  params = {
    silo_leader_share = {type = "number", default = 0.95, min = 0, max = 1,
                         doc = "silo: at least this share of the ties between units has a "
                               .. "leader at one end"},
    min_ties = {type = "integer", default = 10, min = 1,
                doc = "an organisation with fewer internal ties is uavklart"},
    min_pair_contacts = {type = "integer", default = 20, min = 1,
                         doc = "a unit pair is labelled from this many contacts"},
    min_co_cases = {type = "integer", default = 4, min = 1,
                    doc = "a unit pair without contact is labelled from this many shared cases"},
    reciprocal_balance = {type = "number", default = 0.2, min = 0, max = 1,
                          doc = "sekvensiell below this balance (smaller / larger direction)"},
    dense = {type = "number", default = 0.3, min = 0, max = 1,
             doc = "tverrfaglig: at least this share of the staff pairs tied"},
    mutual_min = {type = "number", default = 0.5, min = 0, max = 1,
                  doc = "tverrfaglig: at least this share of the ties mutual"},
    max_pairs = {type = "integer", default = 40, min = 0,
                 doc = "unit pairs reported per rung, most contacts or shared cases first "
                       .. "(0 = all); the network finding counts them all"},
  },

  run = function(net, params)
    local P = params
    if net.level ~= "actor" then
      return {C.finding("network", "network", "uavklart", {},
        "Silos need the actor level (units, ranks and professions of actors); this analysis "
          .. "is at the " .. net.level .. " level.",
        "Siloer trenger aktørnivået (enhet, nivå og profesjon for hver aktør); denne analysen "
          .. "er på " .. net.level .. "-nivå.")}
    end
    local orgs, units, upairs = measure(net)
    local org_fs, silos = {}, {}
    for _, name in ipairs(C.keys(orgs)) do
      local o = orgs[name]
      if o.n_units >= 2 or o.e + o.i > 0 then
        local f = org_finding(o, P)
        org_fs[#org_fs + 1] = f
        if f.label == "silo" then silos[#silos + 1] = name end
      end
    end
    local rank = {silo = 1, integrert = 2, uavklart = 3}
    table.sort(org_fs, function(x, y)
      if x.label ~= y.label then return rank[x.label] < rank[y.label] end
      local ex, ey = x.scores.between_units + x.scores.inside_units,
                     y.scores.between_units + y.scores.inside_units
      if ex ~= ey then return ex > ey end
      return x.scope < y.scope
    end)
    local by_rung, rungs, skipped = {}, {}, 0
    for _, p in ipairs(upairs) do
      if p.ab + p.ba >= P.min_pair_contacts or (p.ab + p.ba == 0 and p.co_cases >= P.min_co_cases)
      then
        local r = rung_of(p, units, P)
        rungs[r] = (rungs[r] or 0) + 1
        p.value = p.ab + p.ba > 0 and p.ab + p.ba or p.co_cases
        by_rung[r] = by_rung[r] or {}
        table.insert(by_rung[r], p)
      else
        skipped = skipped + 1
      end
    end
    local pair_fs, n_pairs = {}, 0
    for _, r in ipairs{"flerfaglig", "sekvensiell", "interfaglig", "tverrfaglig"} do
      local list = by_rung[r] or {}
      n_pairs = n_pairs + #list
      C.sort_desc(list, function(p) return p.value end, function(p) return p.name end)
      local n = P.max_pairs == 0 and #list or math.min(P.max_pairs, #list)
      for i = 1, n do pair_fs[#pair_fs + 1] = pair_finding(list[i], units, P) end
    end
    local best, best_n = "uavklart", 0
    local parts_en, parts_nb = {}, {}
    for _, l in ipairs{"flerfaglig", "sekvensiell", "interfaglig", "tverrfaglig"} do
      local n = rungs[l] or 0
      parts_en[#parts_en + 1] = string.format("%d %s", n, l)
      parts_nb[#parts_nb + 1] = string.format("%d %s", n, l)
      if n > best_n then best, best_n = l, n end
    end
    local silo_en = #silos > 0 and string.format("%d organisation%s %s a silo (%s)", #silos,
      #silos == 1 and "" or "s", #silos == 1 and "is" or "are", table.concat(silos, ", "))
      or "no organisation is a silo"
    local silo_nb = #silos > 0 and string.format("%d organisasjon%s er silo%s (%s)", #silos,
      #silos == 1 and "" or "er", #silos == 1 and "" or "er", table.concat(silos, ", "))
      or "ingen organisasjoner er siloer"
    local head = C.finding("network", "network", #silos > 0 and "silo" or best,
      {organisations = #org_fs, silos = #silos, unit_pairs = n_pairs,
       flerfaglig = rungs.flerfaglig or 0, sekvensiell = rungs.sekvensiell or 0,
       interfaglig = rungs.interfaglig or 0, tverrfaglig = rungs.tverrfaglig or 0,
       unit_pairs_below_threshold = skipped},
      string.format("%s; of %d unit pairs with enough contact or shared cases: %s (most: %s).",
                    silo_en, n_pairs, table.concat(parts_en, ", "), best),
      string.format("%s; av %d par av enheter med nok kontakt eller delte saker: %s (flest: "
                    .. "%s).", silo_nb, n_pairs, table.concat(parts_nb, ", "), best))
    local out = {head}
    C.append(out, org_fs)
    C.append(out, pair_fs)
    return out
  end,
}
