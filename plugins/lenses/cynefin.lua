-- cynefin.lua - which Cynefin domain each part of the network is in, window
-- by window (Snowden; sensemaking, meningsskaping).
--
-- Sources (see the research brief): the MBA thesis on home-based services
-- moving from silos to interdisciplinary teams, which reads the health and
-- care enterprise through Cynefin: "data first, then the framework"; the
-- domains clear (opplagt: sense-categorise-respond), complicated
-- (komplisert: sense-analyse-respond), complex (kompleks: probe-sense-
-- respond) and chaotic (kaotisk: act-sense-respond), plus confused
-- (disorder); "the gap between obvious and chaotic is underestimated" and
-- staying long in opplagt makes an organisation static; healthy
-- organisations move between complex and complicated; after downsizing,
-- regular meetings gave way to ad hoc contact "to resolve situations that
-- have already arisen". The sensemaking article (Weick) on persistence and
-- breadth of recurring ties. The sources give no thresholds: the rules below
-- are this lens's defaults, all parameters, and every label quotes them.
--
-- Scopes: the network, the organisation pairs with most contact (top_pairs,
-- min_pair_contacts) and the largest cases (cases), each in each time
-- window: the analysis' windows when --window was given, else quarters
-- (parameter window). Features per scope and window, from net:activity:
--   regularity   CV of the times between contacts (low = regular)
--   scheduled    share of contacts that are rows of recurring meetings
--   persistence  Jaccard of the ties with the previous window
--   novelty      share of ties not seen in the previous window
--   burstiness   (sigma - mu) / (sigma + mu) of the times between contacts
--   rate ratio   contacts per day over the scope's median over the windows
--   formal       share of contacts on the formal (written) channels
--   top share    share of the contacts carried by the busiest actor (the
--                hub); gini: concentration over the actors; the hub is an
--                expert or coordinator by type, unit or profession
--   clustering   share of ties that close a triangle
--   reciprocity, E-I (the network)
-- Rules: a domain's score is the share of its conditions that hold (a
-- condition on a missing feature does not count); a domain whose core
-- condition fails scores 0 (komplisert: the hub; kompleks: no hub; kaotisk:
-- the rate spike, for a case the ping-pong). The label is the domain with
-- the highest score when it reaches `support`; below it, or with two
-- domains at the top, the label is uavklart (confused), as it is with fewer
-- than min_contacts contacts. Persistence and novelty depend on the window
-- length: the defaults suit quarters (longer windows share more ties).
--   opplagt     regularity <= clear_max_cv, persistence >= clear_min_persistence,
--               novelty <= clear_max_novelty, formal >= clear_min_formal
--   komplisert  top share >= hub_share, and the hub is an expert or
--               coordinator (hub and spoke; gini is reported with it)
--   kompleks    top share < hub_share, clustering >= complex_min_clustering,
--               reciprocity >= complex_min_reciprocity, (the network) E-I >=
--               complex_min_ei, persistence >= complex_min_persistence,
--               novelty in [complex_min_novelty, complex_max_novelty]
--   kaotisk     rate ratio >= chaos_rate_ratio, burstiness >= chaos_burstiness,
--               scheduled <= chaos_max_scheduled (ad hoc, not in recurring
--               meetings), novelty >= chaos_min_novelty, persistence <=
--               chaos_max_persistence
-- Cases replace persistence, novelty and the rate ratio (a case is new by
-- nature and short) with their hand-off pattern and ping-pong: opplagt adds
-- "hand-offs sequential or single" and "no ping-pong"; kompleks "reciprocal
-- hand-offs" and complex_min_providers providers; kaotisk "ping-pong
-- (kasteball)".
-- Findings: per scope a summary (the latest domain, and the count of each),
-- for the network also its path window by window, the transitions, and a
-- finding for every scope and window ("scope | window").
-- Transitions: selvtilfredshet (complacency) after complacency_windows
-- windows in a row in opplagt; kollaps when opplagt is followed by kaotisk;
-- sunn veksling (healthy) when a scope moves between kompleks and
-- komplisert.

local C = require "lib.common"

local DOMAINS = {"opplagt", "komplisert", "kompleks", "kaotisk"}
local EN = {opplagt = "clear", komplisert = "complicated", kompleks = "complex",
            kaotisk = "chaotic", uavklart = "confused"}

-- A condition: value op limit, with its name in both languages.
local function cond(value, op, limit, en, nb, fmt, required)
  local ok = nil
  if value ~= nil then
    if op == ">=" then ok = value >= limit
    elseif op == "<=" then ok = value <= limit
    elseif op == "<" then ok = value < limit
    elseif op == "is" then ok = value == true end
  end
  return {ok = ok, value = value, op = op, limit = limit, en = en, nb = nb, fmt = fmt or "%.2f",
          required = required}
end

local function cond_text(c, lang)
  local name = c[lang]
  if c.op == "is" then
    if c.ok then return name end
    return (lang == "en" and "not: " or "ikke: ") .. name
  end
  local v = c.fmt == "%" and (lang == "en" and C.pct(c.value) or C.pct_nb(c.value))
    or string.format(c.fmt, c.value)
  local l = c.fmt == "%" and (lang == "en" and C.pct(c.limit) or C.pct_nb(c.limit))
    or string.format(c.fmt, c.limit)
  if c.ok then return string.format("%s %s %s %s", name, v, c.op, l) end
  return string.format("%s %s %s %s %s", name, v, lang == "en" and "not" or "ikke", c.op, l)
end

local function times(n, lang)
  if lang == "en" then return n == 1 and "once" or string.format("%d times", n) end
  return n == 1 and "én gang" or string.format("%d ganger", n)
end

-- "the network" / "nettverket", else the scope's name
local function shown(scope, lang)
  if scope ~= "network" then return scope end
  return lang == "en" and "the network" or "nettverket"
end

-- The features of one scope in one window.
local function features(w, med_rate, formal, hub)
  local f = {
    contacts = w.contacts, regularity = w.regularity, burstiness = w.burstiness,
    persistence = w.persistence, novelty = w.novelty, top_share = w.top_share,
    gini = w.gini, clustering = w.clustering, reciprocity = w.reciprocity, ei = w.ei,
    top = w.top, hub_expert = hub,
  }
  if w.contacts > 0 then
    f.scheduled = w.scheduled / w.contacts
    local n = 0
    for ch, c in pairs(w.channels) do
      if formal[ch] then n = n + c end
    end
    f.formal = n / w.contacts
  end
  if med_rate and med_rate > 0 and w.rate then f.rate_ratio = w.rate / med_rate end
  return f
end

local function domain_conditions(f, P, case)
  local d = {}
  d.opplagt = {
    cond(f.regularity, "<=", P.clear_max_cv, "regularity (CV)", "regularitet (CV)"),
    cond(f.formal, ">=", P.clear_min_formal, "formal channels", "formelle kanaler", "%"),
  }
  d.komplisert = {
    cond(f.top_share, ">=", P.hub_share, "hub share", "navandel", "%", true),
    cond(f.hub_expert, "is", nil, "hub is an expert or coordinator",
         "navet er ekspert eller koordinator"),
  }
  d.kompleks = {
    cond(f.top_share, "<", P.hub_share, "hub share", "navandel", "%", true),
  }
  d.kaotisk = {
    cond(f.burstiness, ">=", P.chaos_burstiness, "burstiness", "burstiness"),
    cond(f.scheduled, "<=", P.chaos_max_scheduled, "scheduled meetings", "faste møter", "%"),
  }
  if not case then
    table.insert(d.kaotisk, 1, cond(f.rate_ratio, ">=", P.chaos_rate_ratio, "rate ratio",
                                    "rateforhold", nil, true))
  end
  if case then
    table.insert(d.opplagt, cond(f.handoff == "sequential" or f.handoff == "single", "is", nil,
                                 "sequential hand-offs", "sekvensielle overleveringer"))
    table.insert(d.opplagt, cond(f.pingpongs == 0, "is", nil, "no ping-pong", "ingen kasteball"))
    table.insert(d.kompleks, cond(f.handoff == "reciprocal", "is", nil,
                                  "reciprocal hand-offs", "gjensidige overleveringer"))
    table.insert(d.kompleks, cond(f.providers, ">=", P.complex_min_providers,
                                  "providers", "tjenesteytere", "%d"))
    table.insert(d.kaotisk, cond(f.pingpongs and f.pingpongs > 0, "is", nil,
                                 "ping-pong (kasteball)", "kasteball", nil, true))
  else
    table.insert(d.opplagt, 2, cond(f.persistence, ">=", P.clear_min_persistence,
                                    "persistence", "persistens"))
    table.insert(d.opplagt, 3, cond(f.novelty, "<=", P.clear_max_novelty, "novelty", "nyhet"))
    table.insert(d.kompleks, cond(f.clustering, ">=", P.complex_min_clustering,
                                  "clustering", "klynging"))
    table.insert(d.kompleks, cond(f.reciprocity, ">=", P.complex_min_reciprocity,
                                  "reciprocity", "gjensidighet", "%"))
    if f.ei ~= nil then
      table.insert(d.kompleks, cond(f.ei, ">=", P.complex_min_ei, "E-I", "E-I"))
    end
    table.insert(d.kompleks, cond(f.persistence, ">=", P.complex_min_persistence,
                                  "persistence", "persistens"))
    local nov = f.novelty
    table.insert(d.kompleks, cond(nov and nov >= P.complex_min_novelty
                                  and nov <= P.complex_max_novelty, "is", nil,
                                  string.format("moderate novelty %s", C.f(nov)),
                                  string.format("moderat nyhet %s", C.f(nov))))
    table.insert(d.kaotisk, cond(f.novelty, ">=", P.chaos_min_novelty, "novelty", "nyhet"))
    table.insert(d.kaotisk, cond(f.persistence, "<=", P.chaos_max_persistence,
                                 "persistence", "persistens"))
  end
  return d
end

-- The label of one scope-window: label, its support, and the sentences behind it.
local function classify(f, P, case)
  if f.contacts < (case and P.min_case_contacts or P.min_contacts) then
    local need = case and P.min_case_contacts or P.min_contacts
    return "uavklart", nil,
      string.format("only %d contacts (< %d): too little data", f.contacts, need),
      string.format("bare %d kontakter (< %d): for lite data", f.contacts, need)
  end
  local d = domain_conditions(f, P, case)
  local best, best_score, tied, result = nil, -1, false, {}
  for _, name in ipairs(DOMAINS) do
    local held, counted, blocked = 0, 0, false
    for _, c in ipairs(d[name]) do
      if c.ok ~= nil then
        counted = counted + 1
        if c.ok then held = held + 1 end
      end
      if c.required and not c.ok then blocked = true end
    end
    local score = (counted >= 2 and not blocked) and held / counted or 0
    result[name] = {score = score, held = held, counted = counted}
    if score > best_score + 1e-12 then
      best, best_score, tied = name, score, false
    elseif math.abs(score - best_score) <= 1e-12 then
      tied = true
    end
  end
  local r = result[best]
  if best_score < P.support then
    return "uavklart", best_score,
      string.format("no domain's rules hold well enough: best %s (%s) %d of %d (< %s)",
                    best, EN[best], r.held, r.counted, C.pct(P.support)),
      string.format("ingen domenes regler holder godt nok: best %s %d av %d (< %s)",
                    best, r.held, r.counted, C.pct_nb(P.support))
  end
  if tied then
    local names = {}
    for _, name in ipairs(DOMAINS) do
      if math.abs(result[name].score - best_score) <= 1e-12 then names[#names + 1] = name end
    end
    return "uavklart", best_score,
      string.format("rules in conflict: %s each hold %s of their conditions",
                    table.concat(names, " and "), C.pct(best_score)),
      string.format("reglene strider mot hverandre: %s oppfyller hver %s av sine vilkår",
                    table.concat(names, " og "), C.pct_nb(best_score))
  end
  local en, nb = {}, {}
  for _, c in ipairs(d[best]) do
    if c.ok ~= nil then
      en[#en + 1] = cond_text(c, "en")
      nb[#nb + 1] = cond_text(c, "nb")
    end
  end
  return best, best_score,
    string.format("%s (%d of %d rules)", table.concat(en, ", "), r.held, r.counted),
    string.format("%s (%d av %d regler)", table.concat(nb, ", "), r.held, r.counted)
end

local function scores_of(f, support, index)
  return {
    window = index, contacts = f.contacts, regularity = f.regularity,
    burstiness = f.burstiness, persistence = f.persistence, novelty = f.novelty,
    rate_ratio = f.rate_ratio, scheduled_share = f.scheduled, formal_share = f.formal,
    top_share = f.top_share, gini = f.gini, clustering = f.clustering,
    reciprocity = f.reciprocity, ei = f.ei, support = support,
    hub_expert = f.hub_expert == nil and nil or (f.hub_expert and 1 or 0),
    pingpongs = f.pingpongs, providers = f.providers,
  }
end

-- Alerts and the healthy oscillation over one scope's sequence of labels.
local function transitions(seq, P, level, scope)
  local out, run, run_start, prev, prev_label, switches = {}, 0, nil, nil, nil, 0
  for _, x in ipairs(seq) do
    if x.label ~= "uavklart" then
      if x.label == "opplagt" then
        if run == 0 then run_start = x.window end
        run = run + 1
        if run == P.complacency_windows then
          out[#out + 1] = C.finding(level, scope .. " | " .. x.window, "selvtilfredshet",
            {windows_in_clear = run},
            string.format("%s has been opplagt (clear) for %d windows in a row (%s to %s): "
                          .. "a long stay in the clear domain risks complacency and a fall "
                          .. "into chaos.", shown(scope, "en"), run, run_start, x.window),
            string.format("%s har vært opplagt i %d vinduer på rad (%s til %s): et langt "
                          .. "opphold i det opplagte domenet gir fare for selvtilfredshet og "
                          .. "fall i kaos.", shown(scope, "nb"), run, run_start, x.window))
        end
      else
        run = 0
      end
      if prev_label == "opplagt" and x.label == "kaotisk" then
        out[#out + 1] = C.finding(level, scope .. " | " .. x.window, "kollaps",
          {window = x.index},
          string.format("%s went from opplagt (clear) in %s to kaotisk (chaotic) in %s: a "
                        .. "collapse from the clear domain into chaos.", shown(scope, "en"),
                        prev, x.window),
          string.format("%s gikk fra opplagt i %s til kaotisk i %s: et fall fra det "
                        .. "opplagte domenet rett i kaos.", shown(scope, "nb"), prev, x.window))
      end
      if (prev_label == "kompleks" and x.label == "komplisert")
          or (prev_label == "komplisert" and x.label == "kompleks") then
        switches = switches + 1
      end
      prev, prev_label = x.window, x.label
    end
  end
  if switches >= P.min_oscillations then
    out[#out + 1] = C.finding(level, scope, "sunn veksling", {switches = switches},
      string.format("%s moved between kompleks (complex) and komplisert (complicated) %s: "
                    .. "the healthy movement the thesis recommends.", shown(scope, "en"),
                    times(switches, "en")),
      string.format("%s vekslet mellom kompleks og komplisert %s: den sunne bevegelsen "
                    .. "oppgaven anbefaler.", shown(scope, "nb"), times(switches, "nb")))
  end
  return out
end

-- The domains window by window, runs compressed: "2016Q1 uavklart; 2016Q2 to 2022Q4 kompleks (27)".
local function path(seq, scope)
  local runs, counts = {}, {}
  for _, x in ipairs(seq) do
    local r = runs[#runs]
    if r and r.label == x.label then
      r.last, r.n = x.window, r.n + 1
    else
      runs[#runs + 1] = {label = x.label, first = x.window, last = x.window, n = 1}
    end
    counts[x.label] = (counts[x.label] or 0) + 1
  end
  local best, best_n = "uavklart", 0
  for _, name in ipairs(DOMAINS) do
    if (counts[name] or 0) > best_n then best, best_n = name, counts[name] end
  end
  local en, nb = {}, {}
  for _, r in ipairs(runs) do
    if r.n == 1 then
      en[#en + 1] = string.format("%s %s", r.first, r.label)
      nb[#nb + 1] = en[#en]
    else
      en[#en + 1] = string.format("%s to %s %s (%d)", r.first, r.last, r.label, r.n)
      nb[#nb + 1] = string.format("%s til %s %s (%d)", r.first, r.last, r.label, r.n)
    end
  end
  return C.finding("network", scope .. " | all windows", best,
    {windows = #seq, runs = #runs, dominant_windows = best_n},
    string.format("Domains of %s window by window: %s.", shown(scope, "en"),
                  table.concat(en, "; ")),
    string.format("Domenene for %s vindu for vindu: %s.", shown(scope, "nb"),
                  table.concat(nb, "; ")))
end

local function summary(seq, level, scope, nwin)
  local counts = {opplagt = 0, komplisert = 0, kompleks = 0, kaotisk = 0, uavklart = 0}
  local latest
  for _, x in ipairs(seq) do
    counts[x.label] = counts[x.label] + 1
    if x.label ~= "uavklart" then latest = x end
  end
  local parts_en, parts_nb = {}, {}
  for _, name in ipairs{"opplagt", "komplisert", "kompleks", "kaotisk", "uavklart"} do
    if counts[name] > 0 then
      parts_en[#parts_en + 1] = string.format("%d %s (%s)", counts[name], name, EN[name])
      parts_nb[#parts_nb + 1] = string.format("%d %s", counts[name], name)
    end
  end
  local scores = {windows = nwin, opplagt = counts.opplagt, komplisert = counts.komplisert,
                  kompleks = counts.kompleks, kaotisk = counts.kaotisk,
                  uavklart = counts.uavklart}
  if not latest then
    return C.finding(level, scope, "uavklart", scores,
      string.format("%s: no window has enough data for a domain (%s).", shown(scope, "en"),
                    table.concat(parts_en, ", ")),
      string.format("%s: ingen vinduer har nok data til et domene (%s).", shown(scope, "nb"),
                    table.concat(parts_nb, ", ")))
  end
  scores.latest_window = latest.index
  return C.finding(level, scope, latest.label, scores,
    string.format("In %s %s is %s (%s): %s. Over %d window%s: %s.", latest.window,
                  shown(scope, "en"), latest.label, EN[latest.label], latest.en, nwin,
                  nwin == 1 and "" or "s", table.concat(parts_en, ", ")),
    string.format("I %s er %s %s: %s. Over %d %s: %s.", latest.window, shown(scope, "nb"),
                  latest.label, latest.nb, nwin, nwin == 1 and "vindu" or "vinduer",
                  table.concat(parts_nb, ", ")))
end

return {
  name = "cynefin",
  title = {
    en = "Cynefin domains over time",
    nb = "Cynefin-domener over tid",
  },
  description = {
    en = "Labels the network, the busiest organisation pairs and the largest cases in each "
         .. "time window as clear, complicated, complex, chaotic or confused (Cynefin, "
         .. "sensemaking), with alerts for complacency and collapse.",
    nb = "Merker nettverket, de travleste organisasjonsparene og de største sakene i hvert "
         .. "tidsvindu som opplagt, komplisert, kompleks, kaotisk eller uavklart (Cynefin, "
         .. "meningsskaping), med varsel om selvtilfredshet og kollaps.",
  },
  concept = "Cynefin (Snowden); meningsskaping",
  params = {
    window = {type = "string", default = "auto",
              doc = "window length (month, quarter, year, Nd, Nw); auto: the analysis' "
                    .. "--window, else quarter"},
    by = {type = "string", default = "organisation",
          doc = "the attribute whose pairs are labelled"},
    top_pairs = {type = "integer", default = 12, min = 0,
                 doc = "how many pairs (most contacts first) are labelled"},
    min_pair_contacts = {type = "integer", default = 100, min = 0,
                         doc = "a pair needs this many contacts in the period"},
    cases = {type = "integer", default = 10, min = 0,
             doc = "how many of the largest cases are labelled (bounded work)"},
    min_contacts = {type = "integer", default = 20, min = 1,
                    doc = "a window with fewer contacts is uavklart (too little data)"},
    min_case_contacts = {type = "integer", default = 8, min = 1,
                         doc = "a case window with fewer contacts is uavklart"},
    support = {type = "number", default = 0.75, min = 0, max = 1,
               doc = "the share of a domain's conditions that must hold"},
    clear_max_cv = {type = "number", default = 1.5, min = 0,
                    doc = "opplagt: regularity (CV of times between contacts) at most this"},
    clear_min_persistence = {type = "number", default = 0.45, min = 0, max = 1,
                             doc = "opplagt: persistence at least this"},
    clear_max_novelty = {type = "number", default = 0.35, min = 0, max = 1,
                         doc = "opplagt: novelty at most this"},
    clear_min_formal = {type = "number", default = 0.7, min = 0, max = 1,
                        doc = "opplagt: share of contacts on formal channels at least this"},
    formal_channels = {type = "string", default = "e-message,referral,discharge",
                       doc = "the formal (written, order) channels"},
    hub_share = {type = "number", default = 0.5, min = 0, max = 1,
                 doc = "komplisert: the hub carries at least this share (kompleks: less)"},
    coordinator_units = {type = "string",
                         default = "tildeling,tenestekontor,koordinerende,koordinerande,samhandling",
                         doc = "units whose staff count as coordinators (parts of the name)"},
    expert_professions = {type = "string", default = "lege,psykolog,spesialist,koordinator",
                          doc = "professions that count as experts (parts of the name)"},
    complex_min_clustering = {type = "number", default = 0.4, min = 0, max = 1,
                              doc = "kompleks: clustering at least this"},
    complex_min_persistence = {type = "number", default = 0.25, min = 0, max = 1,
                               doc = "kompleks: a persistent core, persistence at least this"},
    complex_min_novelty = {type = "number", default = 0.2, min = 0, max = 1,
                           doc = "kompleks: novelty at least this"},
    complex_max_novelty = {type = "number", default = 0.6, min = 0, max = 1,
                           doc = "kompleks: novelty at most this"},
    complex_min_providers = {type = "integer", default = 4, min = 1,
                             doc = "kompleks (cases): at least this many providers"},
    chaos_rate_ratio = {type = "number", default = 1.5, min = 0,
                        doc = "kaotisk: contacts per day over the scope's median at least this"},
    chaos_burstiness = {type = "number", default = 0.35, min = -1, max = 1,
                        doc = "kaotisk: burstiness at least this"},
    chaos_min_novelty = {type = "number", default = 0.6, min = 0, max = 1,
                         doc = "kaotisk: novelty at least this"},
    chaos_max_persistence = {type = "number", default = 0.2, min = 0, max = 1,
                             doc = "kaotisk: persistence at most this"},
    chaos_max_scheduled = {type = "number", default = 0.1, min = 0, max = 1,
                           doc = "kaotisk: at most this share of contacts in recurring meetings "
                                 .. "(ad hoc rather than scheduled)"},
    complex_min_reciprocity = {type = "number", default = 0.3, min = 0, max = 1,
                               doc = "kompleks: at least this share of ties answered"},
    complex_min_ei = {type = "number", default = -0.5, min = -1, max = 1,
                      doc = "kompleks (the network): E-I across the groups at least this"},
    complacency_windows = {type = "integer", default = 4, min = 1,
                           doc = "selvtilfredshet: this many windows in a row in opplagt"},
    min_oscillations = {type = "integer", default = 1, min = 1,
                        doc = "sunn veksling: at least this many moves kompleks <-> komplisert"},
  },

  run = function(net, params)
    local P = params
    local opts = {by = P.by, min_contacts = P.min_pair_contacts, top_pairs = P.top_pairs,
                  cases = P.cases}
    if P.window ~= "auto" then opts.window = P.window end
    local act = net:activity(opts)
    local formal = C.set(P.formal_channels)
    local coord_units = C.list(P.coordinator_units)
    local experts = C.list(P.expert_professions)

    local hub_cache = {}
    local function hub_is_expert(id)
      if id == nil then return nil end
      if hub_cache[id] == nil then
        local v = net:node(id)
        local known = v and (v.type or v.unit or v.profession)
        if not known then
          hub_cache[id] = "?"
        else
          hub_cache[id] = v.type == "coordinator" or C.contains_any(v.unit, coord_units)
            or C.contains_any(v.profession, experts)
        end
      end
      if hub_cache[id] == "?" then return nil end
      return hub_cache[id]
    end

    local case_info = {}
    if P.cases > 0 then
      for c in net:cases{top = P.cases} do case_info[c.id] = c end
    end

    local heads, windows, tails = {}, {}, {}
    local nwin = #act.windows
    for _, s in ipairs(act.scopes) do
      local level = s.kind == "network" and "network" or "group"
      local is_case = s.kind == "case"
      local rates = {}
      for _, w in ipairs(s.windows) do
        if w.contacts >= (is_case and P.min_case_contacts or P.min_contacts) and w.rate then
          rates[#rates + 1] = w.rate
        end
      end
      local med = stats.median(rates)
      local seq = {}
      for i, w in ipairs(s.windows) do
        if not is_case or w.contacts > 0 then
          local f = features(w, med, formal, hub_is_expert(w.top))
          if is_case then
            local ci = case_info[s.name] or {}
            f.handoff, f.pingpongs, f.providers = ci.handoff, ci.pingpongs, ci.providers
            f.persistence, f.novelty = nil, nil
          end
          local label, support, en, nb = classify(f, P, is_case)
          local wname = act.windows[i].label
          seq[#seq + 1] = {label = label, window = wname, index = i, en = en, nb = nb}
          windows[#windows + 1] = C.finding(level, s.name .. " | " .. wname, label,
            scores_of(f, support, i),
            string.format("%s in %s: %s (%s): %s.", shown(s.name, "en"), wname, label,
                          EN[label], en),
            string.format("%s i %s: %s: %s.", shown(s.name, "nb"), wname, label, nb))
        end
      end
      heads[#heads + 1] = summary(seq, level, s.name, is_case and #seq or nwin)
      if s.kind == "network" then heads[#heads + 1] = path(seq, s.name) end
      C.append(heads, transitions(seq, P, level, s.name))
    end
    -- the network's summary and transitions first, then the pairs' and cases', then
    -- every window
    return C.append(C.append(heads, windows), tails)
  end,
}
