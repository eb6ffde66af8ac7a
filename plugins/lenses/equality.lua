-- equality.lua - is the collaboration between kinds of services equal?
-- (likeverd)
--
-- Sources (see the research brief): the article on establishing and
-- sustaining cooperation across boundaries (St. Olavs/RSSO) and the
-- learning-network thesis (Helse Fonna): equality is the balance between
-- what a party invests and gets back, and mutual respect for roles; hospital
-- staff felt equal while municipal staff felt "underestimated", with
-- "respect for the white coats"; job shadowing (hospitering) ran only from
-- municipality to hospital; a hospital deals with many municipalities and a
-- municipality with one or two hospitals, an "asymmetry in the basis for
-- understanding each other"; the relationship moves from orders
-- (bestilling) to dialogue. The open-access book on coordination (2019)
-- calls written exchange "a low-level form of collaboration".
--
-- Per pair of actor types (municipality, hospital_unit, gp, coordinator,
-- ...) over the ties between different organisations:
--   start balance   contacts started by the side that starts fewer over
--                   those started by the other (1 = both start as often)
--   reciprocity     share of the pair's ties whose reverse tie exists
--   order share     contacts on order channels (order_channels: e-message,
--                   referral, discharge) against dialogue channels
--                   (dialogue_channels: meeting, phone, video, visit,
--                   job-shadowing), and the trend of the dialogue share by
--                   trend_window (least-squares slope times the span)
--   hospitering     job-shadowing contacts each way
--   asymmetry       mean number of partner organisations of the other type
--                   per organisation, on each side, and their ratio
-- Labels (parameters): likeverdig when start balance >= balance_min and
-- reciprocity >= reciprocity_min, else skjev (skewed); uavklart under
-- min_contacts. Job shadowing with at least min_shadowing contacts is
-- enveis hospitering when the smaller direction is at most one_way_share of
-- it, else toveis. The trend is mot dialog (toward dialogue) or mot
-- bestilling (toward orders) when the dialogue share moves by trend_min or
-- more, else stabil; uavklart with fewer than two windows of
-- min_window_contacts.

local C = require "lib.common"

local EN = {likeverdig = "equal", skjev = "skewed", uavklart = "unresolved",
            ["enveis hospitering"] = "one-way job shadowing",
            ["toveis hospitering"] = "two-way job shadowing",
            ["mot dialog"] = "toward dialogue", ["mot bestilling"] = "toward orders",
            stabil = "stable"}

local function pair_key(x, y)
  if y < x then x, y = y, x end
  return x .. " <-> " .. y, x, y
end

-- Per pair of types: contacts started by each side, ties and mutual ties, partner
-- organisations (from the ties); order and dialogue channels (from net:activity);
-- job shadowing by direction (from the job-shadowing contacts themselves).
local function measure(net, P, order, dialogue)
  local nodes, ties = net:columns{"type", "organisation"}
  local type_of, org_of = nodes.type, nodes.organisation
  local pairs_, list, same = {}, {}, 0
  local function pair_of(tx, ty)
    local key, x, y = pair_key(tx, ty)
    local p = pairs_[key]
    if not p then
      p = {name = key, x = x, y = y, started = {[x] = 0, [y] = 0}, ties = 0, mutual = 0,
           order = 0, dialogue = 0, shadow = {[x] = 0, [y] = 0},
           partners = {[x] = {}, [y] = {}}, contacts = 0}
      pairs_[key] = p
      list[#list + 1] = p
    end
    return p
  end
  local from, to, contacts, mutual = ties.from, ties.to, ties.contacts, ties.mutual
  for k = 1, #from do
    local ox, oy = org_of[from[k]], org_of[to[k]]
    local tx, ty = type_of[from[k]], type_of[to[k]]
    if ox and oy and ox ~= oy and tx and ty then
      local c = contacts[k]
      if tx == ty then
        same = same + c
      else
        local p = pair_of(tx, ty)
        p.started[tx] = p.started[tx] + c
        p.contacts = p.contacts + c
        p.ties = p.ties + 1
        if mutual[k] then p.mutual = p.mutual + 1 end
        p.partners[tx][ox] = p.partners[tx][ox] or {}
        p.partners[tx][ox][oy] = true
        p.partners[ty][oy] = p.partners[ty][oy] or {}
        p.partners[ty][oy][ox] = true
      end
    end
  end
  -- job shadowing by direction, between organisations
  local who = {}
  for a in net:actors() do who[a.id] = a end
  for _, from, to in net:events{channel = "job-shadowing"} do
    local a, b = who[from], who[to]
    if a and b and a.type and b.type and a.type ~= b.type and a.organisation
        and b.organisation and a.organisation ~= b.organisation then
      local p = pairs_[(pair_key(a.type, b.type))]
      if p then p.shadow[a.type] = p.shadow[a.type] + 1 end
    end
  end
  return list, same, pairs_
end

local function mean_partners(side)
  local n, sum = 0, 0
  for _, set in pairs(side) do
    n = n + 1
    for _ in pairs(set) do sum = sum + 1 end
  end
  return n > 0 and sum / n or nil, n
end

local function pair_finding(p, P)
  local a, b = p.started[p.x], p.started[p.y]
  local scores = {contacts = p.contacts, started_a = a, started_b = b, ties = p.ties,
                  mutual_ties = p.mutual, order = p.order, dialogue = p.dialogue,
                  shadowing_a = p.shadow[p.x], shadowing_b = p.shadow[p.y]}
  local mx, nx = mean_partners(p.partners[p.x])
  local my, ny = mean_partners(p.partners[p.y])
  scores.partners_a, scores.partners_b = mx, my
  scores.organisations_a, scores.organisations_b = nx, ny
  if p.contacts < P.min_contacts then
    return C.finding("group", p.name, "uavklart", scores,
      string.format("Only %d contacts between %s and %s organisations (< %d): equality cannot "
                    .. "be judged.", p.contacts, p.x, p.y, P.min_contacts),
      string.format("Bare %d kontakter mellom organisasjoner av typen %s og %s (< %d): "
                    .. "likeverd kan ikke vurderes.", p.contacts, p.x, p.y, P.min_contacts))
  end
  local balance = math.max(a, b) > 0 and math.min(a, b) / math.max(a, b) or 0
  local recip = p.ties > 0 and p.mutual / p.ties or 0
  local od = p.order + p.dialogue
  local order_share = od > 0 and p.order / od or nil
  scores.balance, scores.reciprocity, scores.order_share = balance, recip, order_share
  local more, less = p.x, p.y
  if b > a then more, less = p.y, p.x end
  local ratio = (mx and my and math.min(mx, my) > 0) and math.max(mx, my) / math.min(mx, my)
    or nil
  scores.asymmetry = ratio
  local label = (balance >= P.balance_min and recip >= P.reciprocity_min) and "likeverdig"
    or "skjev"
  local en = string.format(
    "%s: the %s side started %d contacts and the %s side %d (balance %.2f, %s %.2f); "
    .. "%s of the %d ties are mutual (%s %s); %s of the contacts are orders (%s)", p.name,
    p.x, a, p.y, b, balance, balance >= P.balance_min and ">=" or "<", P.balance_min,
    C.pct(recip), p.ties, recip >= P.reciprocity_min and ">=" or "<", C.pct(P.reciprocity_min),
    C.pct(order_share), P.order_channels)
  local nb = string.format(
    "%s: %s-siden tok %d kontakter og %s-siden %d (balanse %.2f, %s %.2f); %s av "
    .. "de %d båndene er gjensidige (%s %s); %s av kontaktene er bestillinger (%s)", p.name,
    p.x, a, p.y, b, balance, balance >= P.balance_min and ">=" or "<", P.balance_min,
    C.pct_nb(recip), p.ties, recip >= P.reciprocity_min and ">=" or "<",
    C.pct_nb(P.reciprocity_min), C.pct_nb(order_share), P.order_channels)
  if mx and my then
    en = en .. string.format("; each %s organisation deals with %.1f %s organisations and each "
                             .. "%s organisation with %.1f", p.x, mx, p.y, p.y, my)
    nb = nb .. string.format("; hver %s-organisasjon har %.1f %s-partnere og hver "
                             .. "%s-organisasjon %.1f", p.x, mx, p.y, p.y, my)
  end
  if label == "skjev" then
    en = en .. string.format("; contact is started mostly by %s", more)
    nb = nb .. string.format("; kontakten tas mest av %s", more)
  end
  return C.finding("group", p.name, label, scores,
                   en .. string.format(": %s (%s).", label, EN[label]), nb .. ": " .. label .. ".")
end

local function shadow_finding(p, P)
  local a, b = p.shadow[p.x], p.shadow[p.y]
  local n = a + b
  if n < P.min_shadowing then return nil end
  local from, to, big, small = p.x, p.y, a, b
  if b > a then from, to, big, small = p.y, p.x, b, a end
  local one_way = small / n <= P.one_way_share
  local label = one_way and "enveis hospitering" or "toveis hospitering"
  local scores = {shadowing = n, shadowing_a = a, shadowing_b = b, share_back = small / n}
  if one_way then
    return C.finding("group", p.name, label, scores,
      string.format("Job shadowing (hospitering) runs one way: %d job-shadowing contacts from "
                    .. "%s to %s and %d back (%s <= %s): one side learns the other's work, not "
                    .. "both.", big, from,
                    to, small, C.pct(small / n), C.pct(P.one_way_share)),
      string.format("Hospitering går én vei: %d hospiteringskontakter fra %s til %s og %d "
                    .. "tilbake (%s <= %s): den ene siden lærer den andres arbeid, ikke begge.",
                    big, from, to,
                    small, C.pct_nb(small / n), C.pct_nb(P.one_way_share)))
  end
  return C.finding("group", p.name, label, scores,
    string.format("Job shadowing (hospitering) runs both ways: %d job-shadowing contacts from "
                  .. "%s to %s and %d back (%s > %s).", big, from, to, small, C.pct(small / n),
                  C.pct(P.one_way_share)),
    string.format("Hospitering går begge veier: %d hospiteringskontakter fra %s til %s og %d "
                  .. "tilbake (%s > %s).",
                  big, from, to, small, C.pct_nb(small / n), C.pct_nb(P.one_way_share)))
end

-- Least-squares slope of ys over their positions xs.
local function slope(xs, ys)
  local n = #xs
  local mx, my = stats.mean(xs), stats.mean(ys)
  local sxx, sxy = 0, 0
  for i = 1, n do
    sxx = sxx + (xs[i] - mx) ^ 2
    sxy = sxy + (xs[i] - mx) * (ys[i] - my)
  end
  return sxx > 0 and sxy / sxx or 0
end

-- Order and dialogue contacts of each type pair, per window and in total.
local function channel_counts(net, P, order, dialogue, pairs_)
  local act = net:activity{window = P.trend_window, by = "type", across = "organisation",
                           detail = false}
  for _, s in ipairs(act.scopes) do
    local p = s.kind == "pair" and pairs_[s.name]
    if p then
      p.by_window = {}
      for w = 1, #act.windows do
        local o, d = 0, 0
        for ch, counts in pairs(s.channels) do
          if order[ch] then o = o + counts[w] end
          if dialogue[ch] then d = d + counts[w] end
        end
        p.by_window[w] = {o, d}
        p.order, p.dialogue = p.order + o, p.dialogue + d
      end
    end
  end
  return act
end

local function trend_findings(act, P, resolved)
  local out = {}
  for _, s in ipairs(act.scopes) do
    local p = s.kind == "pair" and resolved[s.name]
    if p and p.by_window then
      local xs, ys, labels = {}, {}, {}
      for w = 1, #act.windows do
        local o, d = p.by_window[w][1], p.by_window[w][2]
        if o + d >= P.min_window_contacts then
          xs[#xs + 1] = w
          ys[#ys + 1] = d / (o + d)
          labels[#labels + 1] = act.windows[w].label
        end
      end
      if #xs < 2 then
        out[#out + 1] = C.finding("group", s.name, "uavklart", {windows = #xs},
          string.format("%s: fewer than two %s windows with %d contacts or more; no trend from "
                        .. "orders to dialogue can be read.", s.name, act.window,
                        P.min_window_contacts),
          string.format("%s: færre enn to vinduer (%s) med %d kontakter eller flere; ingen "
                        .. "utvikling fra bestilling til dialog kan leses.", s.name, act.window,
                        P.min_window_contacts))
      else
        local change = slope(xs, ys) * (xs[#xs] - xs[1])
        local label = change >= P.trend_min and "mot dialog"
          or change <= -P.trend_min and "mot bestilling" or "stabil"
        out[#out + 1] = C.finding("group", s.name, label,
          {windows = #xs, dialogue_first = ys[1], dialogue_last = ys[#ys], change = change},
          string.format("%s: the dialogue share went from %s in %s to %s in %s (fitted change "
                        .. "%+.0f points, threshold %.0f): %s (%s).", s.name, C.pct(ys[1]),
                        labels[1], C.pct(ys[#ys]), labels[#labels], 100 * change,
                        100 * P.trend_min, label, EN[label]),
          string.format("%s: dialogandelen gikk fra %s i %s til %s i %s (tilpasset endring "
                        .. "%+.0f poeng, terskel %.0f): %s.", s.name, C.pct_nb(ys[1]), labels[1],
                        C.pct_nb(ys[#ys]), labels[#labels], 100 * change, 100 * P.trend_min,
                        label))
      end
    end
  end
  return out
end

return {
  name = "equality",
  title = {
    en = "Equality between kinds of services",
    nb = "Likeverd mellom tjenestetyper",
  },
  description = {
    en = "For municipality-hospital, GP-hospital and other pairs of actor types: who starts "
         .. "contact, reciprocity, orders against dialogue and its trend, one-way job "
         .. "shadowing and the partner-count asymmetry (likeverd).",
    nb = "For kommune-sykehus, fastlege-sykehus og andre par av aktørtyper: hvem som tar "
         .. "kontakt, gjensidighet, bestilling mot dialog og utviklingen, enveis hospitering "
         .. "og ulik partnerbredde (likeverd).",
  },
  concept = "likeverd",
  params = {
    min_contacts = {type = "integer", default = 30, min = 1,
                    doc = "a type pair with fewer contacts across organisations is uavklart"},
    balance_min = {type = "number", default = 0.5, min = 0, max = 1,
                   doc = "likeverdig: start balance (fewer / more) at least this"},
    reciprocity_min = {type = "number", default = 0.5, min = 0, max = 1,
                       doc = "likeverdig: share of mutual ties at least this"},
    order_channels = {type = "string", default = "e-message,referral,discharge",
                      doc = "channels that carry orders (bestilling)"},
    dialogue_channels = {type = "string",
                         default = "meeting,phone,video,visit,job-shadowing",
                         doc = "channels that carry dialogue"},
    min_shadowing = {type = "integer", default = 3, min = 1,
                     doc = "job-shadowing contacts needed to judge its direction"},
    one_way_share = {type = "number", default = 0.1, min = 0, max = 0.5,
                     doc = "enveis hospitering: the smaller direction at most this share"},
    trend_window = {type = "string", default = "year",
                    doc = "windows of the order-to-dialogue trend (month, quarter, year, Nd)"},
    min_window_contacts = {type = "integer", default = 20, min = 1,
                           doc = "a trend window needs this many order and dialogue contacts"},
    trend_min = {type = "number", default = 0.05, min = 0, max = 1,
                 doc = "a change of the dialogue share of at least this is a trend"},
  },

  run = function(net, params)
    local P = params
    local order, dialogue = C.set(P.order_channels), C.set(P.dialogue_channels)
    local list, same, by_name = measure(net, P, order, dialogue)
    local act = #list > 0 and channel_counts(net, P, order, dialogue, by_name) or nil
    C.sort_desc(list, function(p) return p.contacts end, function(p) return p.name end)
    local pair_fs, shadow_fs, resolved, counts = {}, {}, {}, {}
    for _, p in ipairs(list) do
      local f = pair_finding(p, P)
      pair_fs[#pair_fs + 1] = f
      counts[f.label] = (counts[f.label] or 0) + 1
      if f.label ~= "uavklart" then resolved[p.name] = p end
      local s = shadow_finding(p, P)
      if s then shadow_fs[#shadow_fs + 1] = s end
    end
    table.sort(shadow_fs, function(x, y)
      if x.label ~= y.label then return x.label == "enveis hospitering" end
      return x.scores.shadowing > y.scores.shadowing
    end)
    local trend_fs = next(resolved) and trend_findings(act, P, resolved) or {}
    local eq, sk = counts.likeverdig or 0, counts.skjev or 0
    local one_way = 0
    for _, f in ipairs(shadow_fs) do
      if f.label == "enveis hospitering" then one_way = one_way + 1 end
    end
    local label, en, nb
    if eq + sk == 0 then
      label = "uavklart"
      en = string.format("None of the %d pairs of actor types across organisations has %d "
                         .. "contacts or more.", #list, P.min_contacts)
      nb = string.format("Ingen av de %d parene av aktørtyper på tvers av organisasjoner har "
                         .. "%d kontakter eller flere.", #list, P.min_contacts)
    else
      label = eq >= sk and eq > 0 and "likeverdig" or "skjev"
      en = string.format("%d of %d pairs of actor types are equal and %d skewed; job shadowing "
                         .. "is one-way in %d of %d pairs with job shadowing.", eq, eq + sk, sk,
                         one_way, #shadow_fs)
      nb = string.format("%d av %d par av aktørtyper er likeverdige og %d skjeve; hospitering "
                         .. "er enveis i %d av %d par med hospitering.", eq, eq + sk, sk,
                         one_way, #shadow_fs)
    end
    local out = {C.finding("network", "network", label,
      {pairs = #list, equal = eq, skewed = sk, unresolved = counts.uavklart or 0,
       one_way_shadowing = one_way, same_type_contacts = same}, en, nb)}
    C.append(out, shadow_fs)
    C.append(out, pair_fs)
    C.append(out, trend_fs)
    return out
  end,
}
