-- equality.lua - is the collaboration between kinds of services equal?
-- (likeverd)
--
-- Source: Steinsland 2021 (the article on establishing and sustaining
-- cooperation across boundaries, St. Olavs/RSSO; see the research brief):
-- equality is the balance between what a party invests and gets back, and
-- mutual respect for roles; hospital staff felt equal while municipal staff
-- felt "underestimated"; job shadowing (hospitering) ran only from
-- municipality to hospital; a hospital deals with many municipalities and a
-- municipality with one or two hospitals, an "asymmetry in the basis for
-- understanding each other"; the relationship moves from orders
-- (bestilling) to dialogue. The book on coordination (2019) calls written
-- exchange "a low-level form of collaboration".
--
-- Per pair of kinds of organisation (municipality, hospital_unit, gp, ...: the
-- actor type most of an organisation's actors have, so that a hospital's
-- coordinators count as the hospital; the research brief's "reciprocity by
-- organisation-type pair") over the contacts between organisations of
-- different kinds, three claims, each tested:
--
--   who starts    a = contacts started by one side, b by the other, balance
--                 = min / max. skjev (skewed) when the balance is below
--                 balance_min (the minimum effect) and an exact two-sided
--                 binomial test of max(a, b) of a + b against 0.5 rejects;
--                 likeverdig when the balance is at least balance_min and a
--                 one-sided binomial test says the smaller side's share is
--                 above balance_min / (1 + balance_min) (the share at which
--                 the balance is balance_min: 1/3 for 0.5). Needs
--                 min_contacts contacts.
--   hospitering   job-shadowing contacts each way, k of n back. enveis
--                 hospitering (scope "FROM -> TO", the side that visits
--                 first) when the share back is at most one_way_share and a
--                 two-sided binomial test against 0.5 rejects; toveis
--                 hospitering when the share back is above one_way_share and
--                 a one-sided binomial test against one_way_share says so.
--                 p0 = 0.5: equality is a relation between two parties, as
--                 many visits each way, whatever the number of staff on
--                 each side (the null generator of samnett synth plants
--                 equal rates each way too). Needs min_shadowing contacts.
--   the trend     order channels (e-message, referral, discharge) against
--                 dialogue channels (meeting, phone, video, visit, job
--                 shadowing) per trend_window; the windows with at least
--                 min_window_contacts are split into an early and a late
--                 half (the middle window left out when their number is
--                 odd); change = late dialogue share - early. mot dialog /
--                 mot bestilling when |change| >= trend_min and Fisher's
--                 exact test (two-sided) of the 2 x 2 table rejects; stabil
--                 when the test rejects but |change| < trend_min (a change
--                 too small to count). Needs two such windows.
--
-- Every p-value of the lens is corrected together with Holm's method (the
-- chance of any false label stays below alpha). Otherwise a claim is
-- uavklart, with the reason "for lite data" (and how much is missing) or
-- "ikke signifikant" (with the p-value). The order share and the
-- partner-count asymmetry (mean partner organisations of the other type,
-- each side) are reported as measures, not tested: the asymmetry follows
-- from the number of organisations on each side and is no sample.
-- The network is likeverdig or skjev when a sign test over the type pairs'
-- verdicts (likeverdig against skjev, two-sided at 0.5) rejects.

local C = require "lib.common"

local SOURCE = "Steinsland 2021"
local EN = {likeverdig = "equal", skjev = "skewed", uavklart = "unresolved",
            ["enveis hospitering"] = "one-way job shadowing",
            ["toveis hospitering"] = "two-way job shadowing",
            ["mot dialog"] = "toward dialogue", ["mot bestilling"] = "toward orders",
            stabil = "stable"}

local function pair_key(x, y)
  if y < x then x, y = y, x end
  return x .. " <-> " .. y, x, y
end

-- "municipality <-> hospital_unit" as a reader says it.
local function pair_text(x, y, lang, arrow)
  return C.type_label(x, lang) .. (arrow or " <-> ") .. C.type_label(y, lang)
end

-- A share as a whole percent (descriptive shares, not compared with a threshold).
local function pct(x, lang)
  return C.pct(x and math.floor(100 * x + 0.5) / 100, lang)
end

local WINDOW_NB = {year = {"år", "år"}, quarter = {"kvartal", "kvartaler"},
                   month = {"måned", "måneder"}, week = {"uke", "uker"}}

local function channels_text(set_text, lang)
  local out = {}
  for _, ch in ipairs(C.list(set_text)) do out[#out + 1] = C.channel_label(ch, lang) end
  return table.concat(out, ", ")
end

-- A finding with the lens's own fields (the bokmål sentence gets decimal commas).
local function F(level, scope, label, scores, en, nb, extra)
  local f = {level = level, scope = scope, label = label, scores = scores,
             evidence = {en = en, nb = C.nb(nb)}, source = SOURCE, concept = "likeverd"}
  for k, v in pairs(extra or {}) do f[k] = v end
  return finding(f)
end

local function clamp01(p)
  return math.max(0, math.min(1, p))
end

-- Each actor's organisation and type by actor id: from the nodes' columns at the actor
-- level (a node per actor), else from the actors.
local function actors_of(net, nodes)
  local org, typ = {}, {}
  if net.level == "actor" then
    for i, id in ipairs(nodes.id) do
      org[id], typ[id] = nodes.organisation[i] or nil, nodes.type[i] or nil
    end
  else
    for a in net:actors() do org[a.id], typ[a.id] = a.organisation, a.type end
  end
  return org, typ
end

-- The kind of each organisation: the actor type most of its actors have (a hospital's
-- coordinators belong to the hospital, a municipality's coordinating unit to the
-- municipality).
local function org_types(org, typ)
  local count = {}
  for id, o in pairs(org) do
    local t = typ[id]
    if t then
      local c = count[o]
      if not c then
        c = {}
        count[o] = c
      end
      c[t] = (c[t] or 0) + 1
    end
  end
  local kind = {}
  for o, c in pairs(count) do
    local best, n = nil, 0
    for t, k in pairs(c) do
      if k > n or (k == n and t < best) then best, n = t, k end
    end
    kind[o] = best
  end
  return kind
end

-- Per pair of organisation kinds: contacts started by each side, ties and mutual ties,
-- partner organisations (from the ties); job shadowing by direction (from the
-- job-shadowing contacts themselves).
local function measure(net)
  local nodes, ties = net:columns{"organisation", "type"}
  local actor_org, actor_type = actors_of(net, nodes)
  local kind = org_types(actor_org, actor_type)
  local org_of = nodes.organisation
  local pairs_, list, same = {}, {}, 0
  local by_kinds = {} -- by_kinds[x][y], x < y
  local function pair_of(tx, ty)
    local x, y = tx, ty
    if y < x then x, y = y, x end
    local row = by_kinds[x]
    if not row then
      row = {}
      by_kinds[x] = row
    end
    local p = row[y]
    if not p then
      local key = pair_key(x, y)
      p = {name = key, x = x, y = y, started = {[x] = 0, [y] = 0}, ties = 0, mutual = 0,
           order = 0, dialogue = 0, shadow = {[x] = 0, [y] = 0},
           partners = {[x] = {}, [y] = {}}, contacts = 0}
      pairs_[key] = p
      row[y] = p
      list[#list + 1] = p
    end
    return p
  end
  -- what the ties from organisation ox to oy count for, by_orgs[ox][oy]: "same" (one
  -- kind), false (a kind unknown) or {p = the pair of kinds, tx = the kind of ox}, which
  -- then has them as partners
  local by_orgs = {}
  local function org_pair(ox, oy)
    local row = by_orgs[ox]
    if not row then
      row = {}
      by_orgs[ox] = row
    end
    local e = row[oy]
    if e == nil then
      local tx, ty = kind[ox], kind[oy]
      if not (tx and ty) then
        e = false
      elseif tx == ty then
        e = "same"
      else
        local p = pair_of(tx, ty)
        p.partners[tx][ox] = p.partners[tx][ox] or {}
        p.partners[tx][ox][oy] = true
        p.partners[ty][oy] = p.partners[ty][oy] or {}
        p.partners[ty][oy][ox] = true
        e = {p = p, tx = tx}
      end
      row[oy] = e
    end
    return e
  end
  local from, to, contacts, mutual = ties.from, ties.to, ties.contacts, ties.mutual
  for k = 1, #from do
    local ox, oy = org_of[from[k]], org_of[to[k]]
    local e = ox and oy and ox ~= oy and org_pair(ox, oy)
    if e == "same" then
      same = same + contacts[k]
    elseif e then
      local p, c = e.p, contacts[k]
      p.started[e.tx] = p.started[e.tx] + c
      p.contacts = p.contacts + c
      p.ties = p.ties + 1
      if mutual[k] then p.mutual = p.mutual + 1 end
    end
  end
  -- job shadowing by direction, between organisations of different kinds
  for _, a_id, b_id in net:events{channel = "job-shadowing"} do
    local oa, ob = actor_org[a_id], actor_org[b_id]
    local ta, tb = oa and kind[oa], ob and kind[ob]
    if ta and tb and ta ~= tb and oa ~= ob then
      local p = pair_of(ta, tb)
      p.shadow[ta] = p.shadow[ta] + 1
    end
  end
  return list, same, pairs_, kind
end

local function mean_partners(side)
  local n, sum = 0, 0
  for _, set in pairs(side) do
    n = n + 1
    for _ in pairs(set) do sum = sum + 1 end
  end
  return n > 0 and sum / n or nil, n
end

-- Order and dialogue contacts of each pair of organisation kinds, per window and in
-- total (the organisation pairs of net:activity summed by their kinds).
local function channel_counts(net, P, order, dialogue, pairs_, kind)
  local act = net:activity{window = P.trend_window, by = "organisation", detail = false}
  local nw = #act.windows
  for _, s in ipairs(act.scopes) do
    local ka, kb = s.kind == "pair" and kind[s.a], s.kind == "pair" and kind[s.b]
    local p = ka and kb and ka ~= kb and pairs_[(pair_key(ka, kb))]
    if p then
      if not p.by_window then
        p.by_window = {}
        for w = 1, nw do p.by_window[w] = {0, 0} end
      end
      for ch, counts in pairs(s.channels) do
        local slot = order[ch] and 1 or dialogue[ch] and 2
        if slot then
          local bw = p.by_window
          for w = 1, nw do bw[w][slot] = bw[w][slot] + counts[w] end
        end
      end
    end
  end
  for _, p in pairs(pairs_) do
    for w = 1, p.by_window and nw or 0 do
      p.order, p.dialogue = p.order + p.by_window[w][1], p.dialogue + p.by_window[w][2]
    end
  end
  return act
end

------------------------------------------------------------------------------
-- The claims: each returns a table with either `missing` (for lite data) or
-- `p` (raw) and the claim it tests; the finding is made after the correction.

local function start_claim(p, P)
  local a, b = p.started[p.x], p.started[p.y]
  local n = a + b
  local c = {kind = "start", pair = p, n = n, a = a, b = b}
  if n < P.min_contacts then
    c.missing = P.min_contacts - n
    return c
  end
  local big, small = math.max(a, b), math.min(a, b)
  c.balance = small / big
  c.s0 = P.balance_min / (1 + P.balance_min)
  if c.balance < P.balance_min then
    c.claim = "skjev"
    c.p = stats.binom_test(big, n, 0.5, "two-sided")
  else
    c.claim = "likeverdig"
    c.p = stats.binom_test(small, n, c.s0, "greater")
  end
  return c
end

local function shadow_claim(p, P)
  local a, b = p.shadow[p.x], p.shadow[p.y]
  local n = a + b
  if n == 0 then return nil end
  local c = {kind = "shadow", pair = p, n = n}
  c.from, c.to, c.big, c.small = p.x, p.y, a, b
  if b > a then c.from, c.to, c.big, c.small = p.y, p.x, b, a end
  if n < P.min_shadowing then
    c.missing = P.min_shadowing - n
    return c
  end
  c.back = c.small / n
  if c.back <= P.one_way_share then
    c.claim = "enveis hospitering"
    c.p = stats.binom_test(c.big, n, 0.5, "two-sided")
  else
    c.claim = "toveis hospitering"
    c.p = stats.binom_test(c.small, n, P.one_way_share, "greater")
  end
  return c
end

local function trend_claim(p, act, P)
  local c = {kind = "trend", pair = p}
  local ws = {}
  for w = 1, #act.windows do
    local o, d = p.by_window[w][1], p.by_window[w][2]
    if o + d >= P.min_window_contacts then ws[#ws + 1] = {w = w, o = o, d = d} end
  end
  c.windows = #ws
  if #ws < 2 then
    c.missing = 2 - #ws
    return c
  end
  local half = #ws // 2
  local eo, ed, lo, ld = 0, 0, 0, 0
  for i = 1, half do eo, ed = eo + ws[i].o, ed + ws[i].d end
  for i = #ws - half + 1, #ws do lo, ld = lo + ws[i].o, ld + ws[i].d end
  c.early, c.late = ed / (eo + ed), ld / (lo + ld)
  c.change = c.late - c.early
  c.first_label = act.windows[ws[1].w].label
  c.last_label = act.windows[ws[#ws].w].label
  c.early_to = act.windows[ws[half].w].label
  c.late_from = act.windows[ws[#ws - half + 1].w].label
  c.p = stats.fisher_test(ld, lo, ed, eo, "two-sided")
  if c.change >= P.trend_min then
    c.claim = "mot dialog"
  elseif c.change <= -P.trend_min then
    c.claim = "mot bestilling"
  else
    c.claim = "stabil"
  end
  return c
end

------------------------------------------------------------------------------
-- Findings

local function test_of(c, method, ntests)
  return {method = method, p = clamp01(c.p), p_adjusted = clamp01(c.q), correction = "holm",
          tests = ntests, effect = c.effect}
end


local function start_finding(c, P, ntests)
  local p = c.pair
  local mx = mean_partners(p.partners[p.x])
  local my = mean_partners(p.partners[p.y])
  local nx, ny = 0, 0
  for _ in pairs(p.partners[p.x]) do nx = nx + 1 end
  for _ in pairs(p.partners[p.y]) do ny = ny + 1 end
  local recip = p.ties > 0 and p.mutual / p.ties or 0
  local od = p.order + p.dialogue
  local order_share = od > 0 and p.order / od or nil
  local scores = {contacts = c.n, started_a = c.a, started_b = c.b, ties = p.ties,
                  mutual_ties = p.mutual, reciprocity = recip, order = p.order,
                  dialogue = p.dialogue, order_share = order_share, partners_a = mx,
                  partners_b = my, organisations_a = nx, organisations_b = ny,
                  asymmetry = (mx and my and math.min(mx, my) > 0)
                    and math.max(mx, my) / math.min(mx, my) or nil}
  local uses = {"min_contacts", "balance_min", "alpha"}
  local tx_en, ty_en = C.type_label(p.x, "en"), C.type_label(p.y, "en")
  local tx_nb, ty_nb = C.type_label(p.x, "nb"), C.type_label(p.y, "nb")
  if c.missing then
    scores.missing = c.missing
    return C.uavklart("group", p.name, "for lite data", scores,
      string.format("%s: %s between organisations (needs %d, %d missing): who starts "
                    .. "contact cannot be judged.", pair_text(p.x, p.y, "en"),
                    C.plural(c.n, "contact", "contacts", "en"), P.min_contacts, c.missing),
      string.format("%s: %s mellom organisasjoner (trenger %d, mangler %d): hvem som tar "
                    .. "kontakt kan ikke vurderes.", pair_text(p.x, p.y, "nb"),
                    C.plural(c.n, "kontakt", "kontakter", "nb"), P.min_contacts, c.missing),
      {source = SOURCE, concept = "likeverd", uses = {"min_contacts"},
       test = {method = "binomial", missing = c.missing}})
  end
  scores.balance, scores.p, scores.p_adjusted = c.balance, clamp01(c.p), clamp01(c.q)
  c.effect = c.balance
  local more_en = c.a >= c.b and tx_en or ty_en
  local more_nb = c.a >= c.b and tx_nb or ty_nb
  local head_en = string.format("%s: the %s side started %s and the %s side %s (balance %s, "
    .. "%s %s)", pair_text(p.x, p.y, "en"), tx_en, C.num(c.a, "en"), ty_en, C.num(c.b, "en"),
    C.num(c.balance, "en"), c.balance < P.balance_min and "<" or ">=",
    C.num(P.balance_min, "en"))
  local head_nb = string.format("%s: %s tok %s kontakter og %s %s (balanse %s, %s %s)",
    pair_text(p.x, p.y, "nb"), tx_nb, C.num(c.a, "nb"), ty_nb, C.num(c.b, "nb"),
    C.num(c.balance, "nb"), c.balance < P.balance_min and "<" or ">=",
    C.num(P.balance_min, "nb"))
  local more_en_t = string.format("; %s of the %s ties are mutual; %s of the contacts are "
    .. "orders (%s)", pct(recip, "en"), C.num(p.ties, "en"), pct(order_share, "en"),
    channels_text(P.order_channels, "en"))
  local more_nb_t = string.format("; %s av de %s båndene er gjensidige; %s av kontaktene er "
    .. "bestillinger (%s)", pct(recip, "nb"), C.num(p.ties, "nb"), pct(order_share, "nb"),
    channels_text(P.order_channels, "nb"))
  if mx and my then
    more_en_t = more_en_t .. string.format("; each %s organisation deals with %s %s "
      .. "organisations on average and each %s organisation with %s", tx_en, C.num(mx, "en", 1),
      ty_en, ty_en, C.num(my, "en", 1))
    more_nb_t = more_nb_t .. string.format("; hver organisasjon av typen %s har i snitt %s "
      .. "partnere av typen %s, og hver av typen %s %s", tx_nb, C.num(mx, "nb", 1), ty_nb,
      ty_nb, C.num(my, "nb", 1))
  end
  local extra = {source = SOURCE, concept = "likeverd", uses = uses,
                 test = test_of(c, "binomial", ntests)}
  if c.q >= P.alpha then
    return C.uavklart("group", p.name, "ikke signifikant", scores,
      string.format("%s%s: not beyond chance: uavklart.", head_en, more_en_t),
      string.format("%s%s: ikke utover tilfeldighet: uavklart.", head_nb, more_nb_t), extra)
  end
  local why_en, why_nb
  if c.claim == "skjev" then
    why_en = string.format("; contact is started mostly by the %s side", more_en)
    why_nb = string.format("; kontakten tas mest av %s", more_nb)
  else
    why_en = string.format("; both sides start contact, the smaller side's share is above %s",
                           C.pct(c.s0, "en"))
    why_nb = string.format("; begge sider tar kontakt, den minste sidens andel er over %s",
                           C.pct(c.s0, "nb"))
  end
  return F("group", p.name, c.claim, scores,
           string.format("%s%s%s: %s (%s).", head_en, why_en, more_en_t, c.claim, EN[c.claim]),
           string.format("%s%s%s: %s.", head_nb, why_nb, more_nb_t, c.claim), extra)
end

local function shadow_finding(c, P, ntests)
  local p = c.pair
  local scores = {shadowing = c.n, shadowing_a = p.shadow[p.x], shadowing_b = p.shadow[p.y]}
  local fwd_en = pair_text(c.from, c.to, "en", " to ")
  local fwd_nb = pair_text(c.from, c.to, "nb", " til ")
  if c.missing then
    scores.missing = c.missing
    return C.uavklart("group", p.name, "for lite data", scores,
      string.format("%s %s from %s and %d back (needs %d, %d missing): its direction cannot "
                    .. "be judged.", C.plural(c.n, "job-shadowing contact",
                    "job-shadowing contacts", "en"), c.n == 1 and "runs" or "run", fwd_en,
                    c.small, P.min_shadowing, c.missing):gsub("^%l", string.upper),
      string.format("%s fra %s og %d tilbake (trenger %d, mangler %d): retningen kan ikke "
                    .. "vurderes.", C.plural(c.n, "hospiteringskontakt",
                    "hospiteringskontakter", "nb"), fwd_nb, c.small, P.min_shadowing,
                    c.missing):gsub("^%l", string.upper),
      {source = SOURCE, concept = "likeverd", uses = {"min_shadowing"},
       test = {method = "binomial", missing = c.missing}})
  end
  scores.share_back, scores.p, scores.p_adjusted = c.back, clamp01(c.p), clamp01(c.q)
  c.effect = c.back
  local extra = {source = SOURCE, concept = "likeverd",
                 uses = {"min_shadowing", "one_way_share", "alpha"},
                 test = test_of(c, "binomial", ntests)}
  local head_en = string.format("Job shadowing (hospitering): %s from %s and %d back (%s back, "
    .. "%s %s)", C.plural(c.big, "contact", "contacts", "en"), fwd_en, c.small,
    C.pct(c.back, "en", P.one_way_share), c.back <= P.one_way_share and "<=" or ">",
    C.pct(P.one_way_share, "en"))
  local head_nb = string.format("Hospitering: %s fra %s og %d tilbake (%s tilbake, %s %s)",
    C.plural(c.big, "kontakt", "kontakter", "nb"), fwd_nb, c.small,
    C.pct(c.back, "nb", P.one_way_share), c.back <= P.one_way_share and "<=" or ">",
    C.pct(P.one_way_share, "nb"))
  if c.q >= P.alpha then
    return C.uavklart("group", p.name, "ikke signifikant", scores,
      string.format("%s: not beyond chance: uavklart.", head_en),
      string.format("%s: ikke utover tilfeldighet: uavklart.", head_nb), extra)
  end
  if c.claim == "enveis hospitering" then
    return F("group", c.from .. " -> " .. c.to, c.claim, scores,
      string.format("%s; beyond even shares: one side learns the other's work, not both: "
                    .. "%s (%s).", head_en, c.claim, EN[c.claim]),
      string.format("%s; utover like andeler: den ene siden lærer den andres arbeid, ikke "
                    .. "begge: %s.", head_nb, c.claim), extra)
  end
  return F("group", p.name, c.claim, scores,
    string.format("%s; more than %s back beyond chance: both sides visit: %s (%s).", head_en,
                  C.pct(P.one_way_share, "en"), c.claim, EN[c.claim]),
    string.format("%s; mer enn %s tilbake utover tilfeldighet: begge sider hospiterer: %s.",
                  head_nb, C.pct(P.one_way_share, "nb"), c.claim), extra)
end

local function trend_finding(c, act, P, ntests)
  local p = c.pair
  local scores = {windows = c.windows}
  local wnb = WINDOW_NB[act.window]
  if c.missing then
    scores.missing = c.missing
    return C.uavklart("group", p.name, "for lite data", scores,
      string.format("%s: %s (%s) with %d order and dialogue contacts or more (needs 2, %d "
                    .. "missing): no trend from orders to dialogue can be read.",
                    pair_text(p.x, p.y, "en"), C.plural(c.windows, "window", "windows", "en"),
                    act.window, P.min_window_contacts, c.missing),
      string.format("%s: %s med %d bestillings- og dialogkontakter eller flere (trenger "
                    .. "2, mangler %d): ingen utvikling fra bestilling til dialog kan leses.",
                    pair_text(p.x, p.y, "nb"),
                    wnb and C.plural(c.windows, wnb[1], wnb[2], "nb")
                      or C.plural(c.windows, "vindu", "vinduer", "nb") .. " (" .. act.window .. ")",
                    P.min_window_contacts, c.missing),
      {source = SOURCE, concept = "likeverd", uses = {"min_window_contacts"},
       test = {method = "fisher", missing = c.missing}})
  end
  scores.dialogue_early, scores.dialogue_late, scores.change = c.early, c.late, c.change
  scores.p, scores.p_adjusted = clamp01(c.p), clamp01(c.q)
  c.effect = c.change
  local extra = {source = SOURCE, concept = "likeverd",
                 uses = {"min_window_contacts", "trend_min", "alpha"},
                 test = test_of(c, "fisher", ntests)}
  local span_en = c.early_to == c.first_label and c.first_label
    or c.first_label .. "-" .. c.early_to
  local span2 = c.late_from == c.last_label and c.last_label or c.late_from .. "-" .. c.last_label
  local sign = c.change > 0 and "+" or ""
  local head_en = string.format("%s: the dialogue share went from %s in %s to %s in %s, a "
    .. "change of %s%s points (minimum %s)", pair_text(p.x, p.y, "en"), pct(c.early, "en"),
    span_en, pct(c.late, "en"), span2, sign, C.num(100 * c.change, "en", 1),
    C.num(100 * P.trend_min, "en"))
  local head_nb = string.format("%s: dialogandelen gikk fra %s i %s til %s i %s, en endring "
    .. "på %s%s poeng (minst %s)", pair_text(p.x, p.y, "nb"), pct(c.early, "nb"), span_en,
    pct(c.late, "nb"), span2, sign, C.num(100 * c.change, "nb", 1),
    C.num(100 * P.trend_min, "nb"))
  if c.q >= P.alpha then
    return C.uavklart("group", p.name, "ikke signifikant", scores,
      head_en .. ": not beyond chance: uavklart.",
      head_nb .. ": ikke utover tilfeldighet: uavklart.", extra)
  end
  local tail_en = c.claim == "stabil" and "a change beyond chance but below the minimum"
    or "beyond chance and the minimum"
  local tail_nb = c.claim == "stabil" and "en endring utover tilfeldighet, men under minstekravet"
    or "utover tilfeldighet og minstekravet"
  return F("group", p.name, c.claim, scores,
           string.format("%s: %s: %s (%s).", head_en, tail_en, c.claim, EN[c.claim]),
           string.format("%s: %s: %s.", head_nb, tail_nb, c.claim), extra)
end

return {
  name = "equality",
  title = {
    en = "Equality between kinds of services",
    nb = "Likeverd mellom tjenestetyper",
  },
  description = {
    en = "For municipality-hospital, GP-hospital and other pairs of kinds of organisation: who "
         .. "starts "
         .. "contact, orders against dialogue and its trend, and one-way job shadowing "
         .. "(likeverd), each tested with an exact test and Holm's correction.",
    nb = "For kommune-sykehus, fastlege-sykehus og andre par av organisasjonstyper: hvem som tar "
         .. "kontakt, bestilling mot dialog og utviklingen, og enveis hospitering (likeverd), "
         .. "hver prøvd med en eksakt test og Holms korreksjon.",
  },
  concept = {en = "equality (likeverd)", nb = "likeverd"},
  sources = {SOURCE},
  -- reads no cases or meetings: starts while samnett still builds them
  cases_and_meetings = false,
  -- reads single contacts or their times: not run on a tie table (analyze --ties)
  single_contacts = true,
  detects = {{pattern = "one_way_shadowing", level = "group", labels = {"enveis hospitering"}}},
  params = {
    alpha = C.alpha_param,
    min_contacts = C.min_param(30, "a type pair with fewer contacts across organisations is "
                                   .. "uavklart (for lite data) on who starts contact"),
    balance_min = {type = "number", default = 0.5, min = 0.01, max = 1,
                   doc = "minimum effect: skjev below this start balance (fewer / more), "
                         .. "likeverdig when the balance is beyond it"},
    order_channels = {type = "string", default = "e-message,referral,discharge",
                      doc = "channels that carry orders (bestilling)"},
    dialogue_channels = {type = "string",
                         default = "meeting,phone,video,visit,job-shadowing",
                         doc = "channels that carry dialogue"},
    min_shadowing = C.min_param(6, "job-shadowing contacts needed to judge its direction "
                                   .. "(6 is the fewest at which 6 to 0 reaches p < 0.05)"),
    one_way_share = {type = "number", default = 0.2, min = 0, max = 0.5,
                     doc = "minimum effect: enveis hospitering when the share back is at most "
                           .. "this; toveis when it is beyond it"},
    trend_window = {type = "string", default = "year",
                    doc = "windows of the order-to-dialogue trend (month, quarter, year, Nd)"},
    min_window_contacts = C.min_param(20, "a trend window needs this many order and "
                                          .. "dialogue contacts"),
    trend_min = {type = "number", default = 0.05, min = 0, max = 1,
                 doc = "minimum effect: a change of the dialogue share (late half against "
                       .. "early half) of at least this is a trend"},
  },

  run = function(net, params)
    local P = params
    local order, dialogue = C.set(P.order_channels), C.set(P.dialogue_channels)
    local list, same, by_name, kind = measure(net)
    local act = #list > 0 and channel_counts(net, P, order, dialogue, by_name, kind) or nil
    C.sort_desc(list, function(p) return p.contacts end, function(p) return p.name end)
    -- the claims, then one Holm correction over all of them
    local claims, tested = {}, {}
    for _, p in ipairs(list) do
      local s = start_claim(p, P)
      claims[#claims + 1] = s
      local h = shadow_claim(p, P)
      if h then claims[#claims + 1] = h end
      if not s.missing and p.by_window then claims[#claims + 1] = trend_claim(p, act, P) end
    end
    local ps, start_tested = {}, 0
    for _, c in ipairs(claims) do
      if c.p and c.kind == "start" then start_tested = start_tested + 1 end
      if c.p then
        tested[#tested + 1] = c
        ps[#ps + 1] = clamp01(c.p)
      end
    end
    if #ps > 0 then
      local qs = stats.p_adjust(ps, "holm")
      for i, c in ipairs(tested) do c.q = qs[i] end
    end
    local start_fs, shadow_fs, trend_fs, counts = {}, {}, {}, {}
    local one_way = 0
    for _, c in ipairs(claims) do
      if c.kind == "start" then
        local f = start_finding(c, P, #ps)
        start_fs[#start_fs + 1] = f
        counts[f.label] = (counts[f.label] or 0) + 1
      elseif c.kind == "shadow" then
        local f = shadow_finding(c, P, #ps)
        shadow_fs[#shadow_fs + 1] = f
        if f.label == "enveis hospitering" then one_way = one_way + 1 end
      else
        trend_fs[#trend_fs + 1] = trend_finding(c, act, P, #ps)
      end
    end
    local rank = {["enveis hospitering"] = 1, ["toveis hospitering"] = 2, uavklart = 3}
    table.sort(shadow_fs, function(x, y)
      if x.label ~= y.label then return rank[x.label] < rank[y.label] end
      if x.scores.shadowing ~= y.scores.shadowing then
        return x.scores.shadowing > y.scores.shadowing
      end
      return x.scope < y.scope
    end)
    -- the network: a sign test over the type pairs' verdicts
    local eq, sk = counts.likeverdig or 0, counts.skjev or 0
    local scores = {pairs = #list, equal = eq, skewed = sk, unresolved = counts.uavklart or 0,
                    one_way_shadowing = one_way, same_type_contacts = same, tests = #ps}
    local tail_en = string.format("; job shadowing is one-way in %d of %s with job shadowing",
                                  one_way, C.plural(#shadow_fs, "pair", "pairs", "en"))
    local tail_nb = string.format("; hospitering er enveis i %d av %s med hospitering",
                                  one_way, C.plural(#shadow_fs, "par", "par", "nb"))
    local out
    if eq + sk == 0 then
      local reason = start_tested > 0 and "ikke signifikant" or "for lite data"
      out = {C.uavklart("network", "network", reason, scores,
        string.format("None of the %s across organisations is labelled likeverdig or skjev "
                      .. "(%d uavklart)%s.", C.plural(#list, "pair of kinds of organisation",
                      "pairs of kinds of organisation", "en"), counts.uavklart or 0, tail_en),
        string.format("Ingen av %s på tvers av organisasjoner er merket likeverdig eller "
                      .. "skjev (%d uavklart)%s.", C.plural(#list, "par av organisasjonstyper",
                      "par av organisasjonstyper", "nb"), counts.uavklart or 0, tail_nb),
        {source = SOURCE, concept = "likeverd", uses = {"min_contacts", "alpha"},
         test = {method = "binomial", missing = reason == "for lite data" and 1 or nil}})}
    else
      local big = math.max(eq, sk)
      local p = stats.binom_test(big, eq + sk, 0.5, "two-sided")
      scores.p = clamp01(p)
      local test = {method = "binomial", p = clamp01(p), correction = "none",
                    effect = big / (eq + sk)}
      local head_en = string.format("%d of %d labelled pairs of kinds of organisation are "
                                    .. "likeverdig and %d skjev (a sign test)%s", eq, eq + sk, sk,
                                    tail_en)
      local head_nb = string.format("%d av %d merkede par av organisasjonstyper er likeverdige "
                                    .. "og %d skjeve (en fortegnstest)%s", eq, eq + sk, sk,
                                    tail_nb)
      local extra = {source = SOURCE, concept = "likeverd", uses = {"alpha"}, test = test}
      if p >= P.alpha then
        out = {C.uavklart("network", "network", "ikke signifikant", scores,
                          head_en .. ": no majority beyond chance: uavklart.",
                          head_nb .. ": intet flertall utover tilfeldighet: uavklart.", extra)}
      else
        local label = eq > sk and "likeverdig" or "skjev"
        out = {F("network", "network", label, scores,
                 string.format("%s: %s (%s).", head_en, label, EN[label]),
                 string.format("%s: %s.", head_nb, label), extra)}
      end
    end
    C.append(out, shadow_fs)
    C.append(out, start_fs)
    C.append(out, trend_fs)
    return out
  end,
}
