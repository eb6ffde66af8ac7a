-- cynefin.lua - abrupt shifts in how the network works, window by window,
-- read against the network's own history (Cynefin: the chaotic domain and
-- the transitions between domains; Snowden and Boone 2007).
--
-- Sources (see the research brief): Snowden and Boone (2007), "A leader's
-- framework for decision making", and the MBA thesis that reads the health
-- and care enterprise through Cynefin: "data first, then the framework".
-- In the chaotic domain cause and effect cannot be seen and a leader must
-- act first (act-sense-respond); after downsizing, the thesis found regular
-- meetings giving way to ad hoc contact "to resolve situations that have
-- already arisen". The sources give no thresholds: every rule below is this
-- lens's own default, a parameter, and each finding names the ones it used.
--
-- What a contact log can show of Cynefin is change: a network whose way of
-- working breaks within days (meetings collapse, another channel takes
-- over) has been thrown out of its routine. The lens does not claim the
-- ordered or complex domains (opplagt, komplisert, kompleks): those are about
-- how people see cause and effect, which counts of contacts do not show.
--
-- Signals. The daily contact counts of each channel and of the network are
-- searched for change points (net:temporal; PELT with a penalty scaled by
-- the counts' overdispersion). Each change point is tested against the
-- network's own history, on whole windows (the one holding the change point
-- in neither span, no two overlapping): before it, the windows that reach
-- into its last history_days, back to the previous change point of the same
-- series; after it, those that start in the next span_days, up to the next
-- one; the nearest window on each side always counts.
--   a channel     its share of all contacts before and after (Fisher's
--                 exact test, two-sided): a shift in the channel mix, which
--                 does not move with the volume of data
--   the network   contacts per day before and after (an exact binomial test
--                 of the contacts after among all, against the share of days
--                 after: a Poisson rate comparison)
-- A signal counts when its p-value, corrected for the number of change
-- points tested (correction, default Holm), is below alpha, the share or
-- the rate changed at least shift_ratio times (up or down), a share by at
-- least min_share_change (percentage points), and both spans have at least
-- min_span_contacts contacts and the channel min_channel_contacts on one
-- side. Counts are contact rows; the rows of one meeting are not
-- independent, so the p-values are optimistic and the minimum effects carry
-- the weight.
--   the ties      only in a window with a signal: the persistence of its
--                 ties from the previous window against the time shuffle
--                 (net:null_time over the two windows, shuffle_draws draws:
--                 each tie keeps its contact count, each window its volume;
--                 p = the share of draws at or below the observed, corrected
--                 over the windows shuffled). The ties broke, one more
--                 signal, when persistence is at least min_turnover below
--                 the null mean, beyond chance, and below its lowest in the
--                 tie_history_days before (a season's low is no break).

-- Labels per window (the analysis' windows when --window was given, else
-- quarters; parameter window):
--   kaotisk     at least chaos_min_signals signals change within abrupt_days
--               of each other in the window (broken ties count as one): the
--               routine broke on several fronts at once (the chaotic domain:
--               act first)
--   overgang    one signal changes (or several, not within days): a
--               transition to another way of working
--   stabil      no signal changes beyond the minimum effects: the window is
--               within its own history
--   uavklart    "for lite data": fewer than min_contacts contacts in the
--               window, fewer than min_history_days days of earlier windows
--               with enough contacts, or a change point with a large effect
--               but spans too thin (or none, at the edge of the data) to
--               test; "ikke signifikant": a change with a large effect whose
--               corrected p is not below alpha.
-- The network gets a summary: skifte (shift) when some window is kaotisk
-- or overgang, else stabil, else uavklart; its evidence walks the windows.
-- Scopes: "network" for the summary, "network | WINDOW" for each window.

local C = require "lib.common"

local SOURCE = "Snowden and Boone 2007"
local DAY = 86400

local RANK = {kaotisk = 1, overgang = 1, uavklart = 2, stabil = 3}
local EN = {kaotisk = "chaotic", overgang = "transition", stabil = "stable",
            uavklart = "unresolved", skifte = "shift"}

-- A share as a percentage with one decimal: "24.1%" / "24,1 %".
local function share(x, lang)
  return C.num(100 * x, lang, 1) .. (lang == "en" and "%" or " %")
end

-- A rate per day with enough decimals to read (2 below 10, 1 below 100).
local function rate(x, lang)
  local d = x < 10 and 2 or (x < 100 and 1 or 0)
  return C.num(x, lang, d)
end

-- A signal's name: a channel's bokmål label, or the network's contacts.
local function signal_name(s, lang)
  if s.channel then return C.channel_label(s.channel, lang) end
  return lang == "en" and "contacts per day" or "kontakter per dag"
end

-- The contacts (all, or of one channel) and days of the windows in the list.
local function span_sum(ws, list, channel)
  local n, days = 0, 0
  for _, i in ipairs(list) do
    local w = ws[i]
    if channel then n = n + (w.channels[channel] or 0) else n = n + w.contacts end
    days = days + (w["end"] - w.start) / DAY
  end
  return n, days
end

-- The windows a change point at t is read on, none overlapping another (as
-- sliding windows would) and none containing t: before it, those that end by
-- t, reach into the last history_days and start after the series' previous
-- change point `prev`; after it, those that start after t, in the next
-- span_days, and end by its next change point `next`. The nearest window on
-- each side counts whatever its length and whatever other change points it
-- holds.
local function spans(ws, t, prev, next, P)
  local before, after = {}, {}
  local cut = t
  for j = #ws, 1, -1 do
    local w = ws[j]
    if w["end"] <= cut then
      if #before > 0 and (w["end"] <= t - P.history_days * DAY
                          or (prev ~= nil and w.start <= prev)) then break end
      table.insert(before, 1, j)
      cut = w.start
    end
  end
  cut = t + 1
  for j = 1, #ws do
    local w = ws[j]
    if w.start >= cut then
      if #after > 0 and (w.start >= t + P.span_days * DAY
                         or (next ~= nil and w["end"] > next)) then break end
      after[#after + 1] = j
      cut = w["end"]
    end
  end
  return before, after
end

-- The signals: one per change point of a channel or of the network, with the
-- spans before and after it and its effect; p and q (corrected) for those
-- tested.
local function signals(P, tem, ws)
  local out = {}
  local function add(series, channel, cps)
    if not cps or #cps == 0 then return end
    local sorted = {}
    for _, cp in ipairs(cps) do sorted[#sorted + 1] = cp end
    table.sort(sorted, function(x, y) return x.time < y.time end)
    for k, cp in ipairs(sorted) do
      local before, after = spans(ws, cp.time, k > 1 and sorted[k - 1].time or nil,
                                 k < #sorted and sorted[k + 1].time or nil, P)
      local s = {series = series, channel = channel, time = cp.time,
                 rate_before = cp.rate_before, rate_after = cp.rate_after,
                 from = #before > 0 and ws[before[1]].start or cp.time,
                 upto = #before > 0 and ws[before[#before]]["end"] or cp.time,
                 since = #after > 0 and ws[after[1]].start or cp.time,
                 to = #after > 0 and ws[after[#after]]["end"] or cp.time,
                 windows_before = #before, windows_after = #after}
      s.n_before, s.days_before = span_sum(ws, before)
      s.n_after, s.days_after = span_sum(ws, after)
      local counts = channel ~= nil
      if counts then
        s.k_before, s.k_after = span_sum(ws, before, channel), span_sum(ws, after, channel)
        if s.n_before > 0 and s.n_after > 0 then
          s.before, s.after = s.k_before / s.n_before, s.k_after / s.n_after
        end
      elseif s.days_before > 0 and s.days_after > 0 then
        s.before, s.after = s.n_before / s.days_before, s.n_after / s.days_after
      end
      if not (s.before and s.after) and cp.rate_before and cp.rate_after then
        -- no window on one side (the edge of the data): the change point's own
        -- rates say whether the change would be large enough to matter
        local hi, lo = math.max(cp.rate_before, cp.rate_after),
          math.min(cp.rate_before, cp.rate_after)
        s.ratio = lo > 0 and hi / lo or math.huge
        s.up = cp.rate_after > cp.rate_before
        s.large = s.ratio >= P.shift_ratio
      elseif s.before and s.after then
        local hi, lo = math.max(s.before, s.after), math.min(s.before, s.after)
        s.ratio = lo > 0 and hi / lo or math.huge
        s.up = s.after > s.before
        s.large = s.ratio >= P.shift_ratio
          and (not counts or hi - lo >= P.min_share_change)
      end
      -- enough data to test
      local missing = 0
      if s.n_before < P.min_span_contacts then missing = missing + P.min_span_contacts - s.n_before end
      if s.n_after < P.min_span_contacts then missing = missing + P.min_span_contacts - s.n_after end
      if counts and math.max(s.k_before or 0, s.k_after or 0) < P.min_channel_contacts then
        missing = missing + P.min_channel_contacts - math.max(s.k_before or 0, s.k_after or 0)
      end
      s.missing = missing
      if missing == 0 and s.before and s.after then
        if counts then
          s.p = stats.fisher_test(s.k_after, s.n_after - s.k_after, s.k_before,
                                  s.n_before - s.k_before)
          s.method = "fisher"
        else
          s.p = stats.binom_test(s.n_after, s.n_after + s.n_before,
                                 s.days_after / (s.days_after + s.days_before))
          s.method = "binomial"
        end
      end
      out[#out + 1] = s
    end
  end
  for _, ch in ipairs(tem:channels()) do
    add("channel:" .. ch.channel, ch.channel, ch.change_points)
  end
  add("network", nil, tem:network().change_points)
  -- the correction over every change point tested
  local ps, tested = {}, {}
  for _, s in ipairs(out) do
    if s.p then
      ps[#ps + 1] = s.p
      tested[#tested + 1] = s
    end
  end
  if #ps > 0 then
    local qs = stats.p_adjust(ps, P.correction)
    for i, s in ipairs(tested) do s.q = qs[i] end
  end
  return out, #ps
end

-- "møte fell from 26.4 % of the contacts (2019-09-14 to 2020-03-11) to
-- 4.1 % (2020-03-12 to 2020-06-09), change point 2020-03-12 (99.4 to 5.15 a
-- day); Fisher's test p < 0.001 (Holm, 12 tests)"
local function signal_text(s, P, ntests, lang)
  local en = lang == "en"
  local name = signal_name(s, lang)
  local verb = s.up and (en and "rose" or "steg") or (en and "fell" or "falt")
  local span_b = string.format("%s %s %s", C.date(s.from), en and "to" or "til",
                               C.date(s.upto - DAY))
  local span_a = string.format("%s %s %s", C.date(s.since), en and "to" or "til",
                               C.date(s.to - DAY))
  local body
  if s.channel then
    body = string.format(en and "%s %s from %s of the contacts (%s) to %s (%s)"
                           or "%s %s fra %s av kontaktene (%s) til %s (%s)",
                         name, verb, share(s.before, lang), span_b, share(s.after, lang), span_a)
  else
    body = string.format(en and "%s %s from %s (%s) to %s (%s)" or "%s %s fra %s (%s) til %s (%s)",
                         name, verb, rate(s.before, lang), span_b, rate(s.after, lang), span_a)
  end
  local cp = string.format(en and "change point %s (%s to %s a day)"
                             or "endringspunkt %s (%s til %s per dag)",
                           C.date(s.time), rate(s.rate_before, lang), rate(s.rate_after, lang))
  local test = C.test_text({method = s.method, p = s.q or s.p, correction = P.correction,
                            tests = ntests}, lang)
  return string.format("%s, %s; %s", body, cp, test)
end

local function ratio_text(r, lang)
  if r == math.huge then return lang == "en" and "from none" or "fra ingen" end
  return (lang == "en" and "%sx" or "%s ganger"):format(C.num(r, lang, 1))
end

-- "ties: persistence 0.209 from 2020-02 to 2020-03 against 0.238 (sd 0.012)
-- when the contacts' times are shuffled; p = 0.005 (time-shuffle, 200 draws,
-- Holm): 12.4% below, the same ties carried on"
local function tie_text(t, P, lang)
  local en = lang == "en"
  local test = C.test_text({method = "time-shuffle", p = t.q or t.p, draws = t.draws,
                            correction = P.correction, tests = t.tests}, lang)
  local verdict
  if t.strong then
    verdict = en and "the ties broke" or "båndene brøt"
  else
    verdict = en and "the ties carried on" or "båndene fortsatte"
  end
  local low = ""
  if t.low then
    low = string.format(en and ", %s its lowest in the %d days before (%s)"
                          or ", %s det laveste i de %d dagene før (%s)",
                        t.observed < t.low and (en and "below" or "under")
                          or (en and "not below" or "ikke under"),
                        P.tie_history_days, C.num(t.low, lang, 3))
  end
  return string.format(en and "ties: persistence %s from %s to %s against %s (sd %s) when the "
                              .. "contacts' times are shuffled, %s below (%s %s), %s%s: %s"
                         or "bånd: persistens %s fra %s til %s mot %s (sd %s) når "
                              .. "kontaktenes tidspunkt stokkes, %s under (%s %s), %s%s: %s",
                       C.num(t.observed, lang, 3), t.prev, t.window, C.num(t.mean, lang, 3),
                       C.num(t.sd or 0, lang, 3), C.pct(math.max(t.drop, 0), lang, P.min_turnover),
                       t.drop >= P.min_turnover and ">=" or "<", C.pct(P.min_turnover, lang),
                       test, low, verdict)
end

-- Has the window a signal that is large and beyond chance?
local function strong_of(sigs, P)
  for _, s in ipairs(sigs) do
    if s.large and s.q and s.q < P.alpha then return true end
  end
  return false
end

-- The label of one window.
local function judge(w, sigs, P, ntests, history_ok, tie)
  local uses = {"min_contacts", "min_history_days"}
  if w.contacts < P.min_contacts then
    local missing = P.min_contacts - w.contacts
    return {label = "uavklart", reason = "for lite data", uses = uses,
            test = {missing = missing},
            en = string.format("only %s (< %d): for lite data, %d short",
                               C.plural(w.contacts, "contact", "contacts", "en"),
                               P.min_contacts, missing),
            nb = string.format("bare %s (< %d): for lite data, %d mangler",
                               C.plural(w.contacts, "kontakt", "kontakter", "nb"),
                               P.min_contacts, missing)}
  end
  if history_ok < P.min_history_days then
    local missing = P.min_history_days - history_ok
    return {label = "uavklart", reason = "for lite data", uses = uses,
            test = {missing = missing},
            en = string.format("%s of history before it in windows with %d contacts or more "
                               .. "(< %d): too little to read it against (for lite data, %s "
                               .. "short)", C.plural(history_ok, "day", "days", "en"),
                               P.min_contacts, P.min_history_days,
                               C.plural(missing, "day", "days", "en")),
            nb = string.format("%s historikk før det i vinduer med minst %d kontakter "
                               .. "(< %d): for lite å lese det mot (for lite data, %s mangler)",
                               C.plural(history_ok, "dag", "dager", "nb"), P.min_contacts,
                               P.min_history_days, C.plural(missing, "dag", "dager", "nb"))}
  end
  uses = {"alpha", "correction", "shift_ratio", "min_share_change", "min_span_contacts",
          "min_channel_contacts", "history_days", "span_days", "min_contacts", "min_history_days"}
  local strong, weak, thin = {}, {}, {}
  for _, s in ipairs(sigs) do
    if s.large then
      if s.q and s.q < P.alpha then strong[#strong + 1] = s
      elseif s.q then weak[#weak + 1] = s
      else thin[#thin + 1] = s end
    end
  end
  if #strong > 0 then
    table.sort(strong, function(x, y) return x.time < y.time end)
    -- the largest group of signals within abrupt_days of each other
    local best, best_i = 0, 1
    for i = 1, #strong do
      local n = 0
      for j = i, #strong do
        if strong[j].time - strong[i].time <= P.abrupt_days * DAY then n = n + 1 end
      end
      if n > best then best, best_i = n, i end
    end
    local broke = tie and tie.strong and 1 or 0
    local label = best + broke >= P.chaos_min_signals and "kaotisk" or "overgang"
    best = best + broke
    local en, nb = {}, {}
    for _, s in ipairs(strong) do
      en[#en + 1] = signal_text(s, P, ntests, "en")
      nb[#nb + 1] = signal_text(s, P, ntests, "nb")
    end
    -- the weakest of the signals speaks for them all
    local weakest, rmin = strong[1], math.huge
    for _, s in ipairs(strong) do
      if s.q > weakest.q then weakest = s end
      rmin = math.min(rmin, s.ratio)
    end
    table.insert(uses, "abrupt_days")
    table.insert(uses, "chaos_min_signals")
    local head_en, head_nb
    if label == "kaotisk" then
      local moved = best - broke
      local last = strong[best_i + moved - 1]
      local span = (last.time - strong[best_i].time) // DAY
      local within_en = moved > 1 and string.format(" within %s of each other",
        C.plural(span, "day", "days", "en")) or ""
      local within_nb = moved > 1 and string.format(" innen %s", C.plural(span, "dag", "dager",
                                                                            "nb")) or ""
      head_en = string.format("%s%s%s (>= %d signals within %d days): the routine broke on "
                              .. "several fronts at once",
                              C.plural(moved, "channel or rate changed", "channels or rates "
                                       .. "changed", "en"), within_en,
                              broke > 0 and " and the ties broke" or "", P.chaos_min_signals,
                              P.abrupt_days)
      head_nb = string.format("%s%s%s (>= %d signaler innen %d dager): rutinen brøt sammen på "
                              .. "flere fronter samtidig",
                              C.plural(moved, "kanal eller rate endret seg", "kanaler eller "
                                       .. "rater endret seg", "nb"), within_nb,
                              broke > 0 and " og båndene brøt" or "", P.chaos_min_signals,
                              P.abrupt_days)
    else
      head_en = string.format("%s changed (fewer than %d within %d days): a transition",
                              C.plural(#strong, "signal", "signals", "en"),
                              P.chaos_min_signals, P.abrupt_days)
      head_nb = string.format("%s endret seg (færre enn %d innen %d dager): en overgang",
                              C.plural(#strong, "signal", "signaler", "nb"),
                              P.chaos_min_signals, P.abrupt_days)
    end
    if tie then
      en[#en + 1] = tie_text(tie, P, "en")
      nb[#nb + 1] = tie_text(tie, P, "nb")
      table.insert(uses, "shuffle_draws")
      table.insert(uses, "min_turnover")
      table.insert(uses, "tie_history_days")
    end
    return {label = label, signals = strong, uses = uses,
            test = {method = weakest.method, p = weakest.p, p_adjusted = weakest.q,
                    correction = P.correction, tests = ntests,
                    effect = rmin ~= math.huge and rmin or nil},
            en = head_en .. ": " .. table.concat(en, "; "),
            nb = head_nb .. ": " .. table.concat(nb, "; ")}
  end
  if #weak > 0 then
    local s = weak[1]
    for _, x in ipairs(weak) do if x.q < s.q then s = x end end
    return {label = "uavklart", reason = "ikke signifikant", uses = uses, signals = weak,
            test = {method = s.method, p = s.p, p_adjusted = s.q, correction = P.correction,
                    tests = ntests, effect = s.ratio ~= math.huge and s.ratio or nil},
            en = string.format("a change as large as the rules ask, but not beyond chance "
                               .. "(corrected p not below %s): %s", C.num(P.alpha, "en"),
                               signal_text(s, P, ntests, "en")),
            nb = string.format("en endring så stor som reglene krever, men ikke utover "
                               .. "tilfeldighet (korrigert p ikke under %s): %s",
                               C.num(P.alpha, "nb"), signal_text(s, P, ntests, "nb"))}
  end
  if #thin > 0 then
    local s = thin[1]
    return {label = "uavklart", reason = "for lite data", uses = uses, signals = thin,
            test = {missing = s.missing},
            en = string.format("%s changed %s at %s, but the spans around it are too thin "
                               .. "to test (for lite data, %d contacts short)",
                               signal_name(s, "en"), ratio_text(s.ratio, "en"), C.date(s.time),
                               s.missing),
            nb = string.format("%s endret seg %s ved %s, men periodene rundt er for tynne "
                               .. "til å teste (for lite data, %d kontakter mangler)",
                               signal_name(s, "nb"), ratio_text(s.ratio, "nb"), C.date(s.time),
                               s.missing)}
  end
  local n = #sigs
  return {label = "stabil", uses = uses,
          en = n == 0 and "no change point in the window: within its own history"
            or string.format("%s in the window, none changing %s times or more (and by %s "
                             .. "for a share): within its own history",
                             C.plural(n, "change point", "change points", "en"),
                             C.num(P.shift_ratio, "en"), C.pct(P.min_share_change, "en")),
          nb = n == 0 and "ingen endringspunkter i vinduet: innenfor egen historikk"
            or string.format("%s i vinduet, ingen som endrer seg %s ganger eller mer (og med "
                             .. "%s for en andel): innenfor egen historikk",
                             C.plural(n, "endringspunkt", "endringspunkter", "nb"),
                             C.num(P.shift_ratio, "nb"), C.pct(P.min_share_change, "nb"))}
end

return {
  name = "cynefin",
  title = {
    en = "Cynefin: shifts and chaos over time",
    nb = "Cynefin: skifter og kaos over tid",
  },
  description = {
    en = "Reads each time window against the network's own history: a window where the "
         .. "channel mix or the contact rate changes abruptly and beyond chance is a transition "
         .. "(overgang), or chaotic (kaotisk) when several signals break within days (Cynefin, "
         .. "Snowden and Boone 2007); too little data is unresolved.",
    nb = "Leser hvert tidsvindu mot nettverkets egen historikk: et vindu der kanalmiksen eller "
         .. "kontaktraten endrer seg brått og utover tilfeldighet er en overgang, eller kaotisk "
         .. "når flere signaler brytes innen få dager (Cynefin, Snowden og Boone 2007); for "
         .. "lite data er uavklart.",
  },
  concept = {en = "Cynefin: the chaotic domain and transitions", nb = "Cynefin (kaotisk, overgang)"},
  sources = {SOURCE},
  -- reads no cases or meetings: starts while samnett still builds them
  cases_and_meetings = false,
  -- reads single contacts or their times: not run on a tie table (analyze --ties)
  single_contacts = true,
  detects = {{pattern = "video_shift", level = "network", labels = {"kaotisk"}}},
  params = {
    window = {type = "string", default = "auto",
              doc = "window length (month, quarter, year, Nd, Nw); auto: the analysis' "
                    .. "--window, else quarter"},
    alpha = C.alpha_param,
    correction = {type = "string", default = "holm", values = {"holm", "bh", "none"},
                  doc = "correction of the p-values for the number of change points tested"},
    shift_ratio = {type = "number", default = 3, min = 1,
                   doc = "a signal changes when its share or rate after a change point is at "
                         .. "least this many times the one before, or at most its inverse"},
    min_share_change = {type = "number", default = 0.05, min = 0, max = 1,
                        doc = "a channel's share must also move by at least this (percentage "
                              .. "points as a fraction)"},
    min_contacts = C.min_param(20, "a window with fewer contacts is uavklart (for lite data)"),
    min_history_days = {type = "integer", default = 80, min = 0,
                        doc = "a window needs this many days of earlier windows with "
                              .. "min_contacts contacts each (its history)"},
    history_days = {type = "integer", default = 180, min = 14,
                    doc = "the history a change point is read against: at most this many days "
                          .. "before it (back to the series' previous change point)"},
    span_days = {type = "integer", default = 90, min = 14,
                 doc = "at most this many days after a change point (up to the next one)"},
    min_span_contacts = C.min_param(100, "each span around a change point needs this many "
                                         .. "contacts, or the change is uavklart (for lite data)"),
    min_channel_contacts = C.min_param(10, "a channel needs this many contacts on one side of "
                                           .. "its change point"),
    abrupt_days = {type = "integer", default = 14, min = 0,
                   doc = "kaotisk: signals that change within this many days of each other"},
    shuffle_draws = {type = "integer", default = 100, min = 0, max = 100000,
                     doc = "time-shuffle draws for the ties of a window with a large change "
                           .. "(0: no shuffle)"},
    min_turnover = {type = "number", default = 0.25, min = 0, max = 1,
                    doc = "the ties broke: persistence at least this share below the time "
                          .. "shuffle's (and beyond chance); counts as one more signal"},
    tie_history_days = {type = "integer", default = 400, min = 0,
                        doc = "the ties broke only if their persistence is also below its "
                              .. "lowest in this many days before (over a year: the same season "
                              .. "last year is in it)"},
    chaos_min_signals = {type = "integer", default = 2, min = 1,
                         doc = "kaotisk: at least this many signals change within abrupt_days"},
  },

  run = function(net, P)
    local length = P.window
    if length == "auto" then
      local ws = net:windows()
      length = nil
      if #ws == 0 then length = "quarter" end
    end
    -- one temporal computation (the analysis' own when --window was given)
    -- gives the windows, their channel counts and the change points
    -- (computed here, without the measures of each tie, node and group pair:
    -- they are not read)
    local tem = length and net:temporal{length = length, detail = false} or net:temporal()
    local ws = tem:windows()
    local sigs, ntests = signals(P, tem, ws)

    local mine = {}
    for i, w in ipairs(ws) do
      mine[i] = {}
      for _, s in ipairs(sigs) do
        if s.time >= w.start and s.time < w["end"] then table.insert(mine[i], s) end
      end
    end
    -- the time shuffle, only where a change is large and beyond chance (it costs
    -- a pass over the contacts of two windows per draw): did the ties of the window
    -- carry on from the previous one more rarely than chance gives?
    local ties, tps, towners = {}, {}, {}
    if P.shuffle_draws > 0 then
      for i, w in ipairs(ws) do
        if i > 1 and w.contacts >= P.min_contacts and strong_of(mine[i], P) then
          local r = net:null_time{length = tem.window, since = ws[i - 1].start,
                                  before = w["end"], stats = {"persistence"},
                                  draws = P.shuffle_draws}
          for _, x in ipairs(r.windows) do
            local S = x.persistence
            if x.label == w.label and S and S.observed and S.mean and S.mean > 0 then
              -- the lowest persistence of the year before: a season's low is in it
              local low
              for k = 1, i - 1 do
                local x = ws[k]
                if x.start >= w.start - P.tie_history_days * DAY and x.persistence then
                  low = low and math.min(low, x.persistence) or x.persistence
                end
              end
              ties[i] = {observed = S.observed, mean = S.mean, sd = S.sd, p = S.p_less,
                         draws = r.draws, drop = 1 - S.observed / S.mean, low = low,
                         prev = ws[i - 1].label, window = w.label}
              tps[#tps + 1], towners[#towners + 1] = S.p_less, ties[i]
            end
          end
        end
      end
      if #tps > 0 then
        local qs = stats.p_adjust(tps, P.correction)
        for k, t in ipairs(towners) do
          t.q, t.tests = qs[k], #tps
          t.strong = t.q < P.alpha and t.drop >= P.min_turnover
            and (t.low == nil or t.observed < t.low)
        end
      end
    end

    local out, seq = {}, {}
    local history_ok = 0
    for i, w in ipairs(ws) do
      local contacts = w.contacts
      local j = judge({contacts = contacts}, mine[i], P, ntests, history_ok, ties[i])
      local tie = ties[i]
      if contacts >= P.min_contacts then history_ok = history_ok + (w["end"] - w.start) // DAY end
      local scores = {window = i, contacts = contacts, signals = j.signals and #j.signals or 0,
                      change_points = #mine[i], persistence = tie and tie.observed,
                      persistence_null = tie and tie.mean, persistence_p = tie and tie.p}
      local f = {level = "network", scope = "network | " .. w.label, label = j.label,
                 scores = scores, concept = "Cynefin", source = SOURCE, uses = j.uses,
                 test = j.test, reason = j.reason,
                 evidence = {
                   en = string.format("%s in %s: %s (%s): %s.", "The network", w.label, j.label,
                                      EN[j.label], j.en),
                   nb = string.format("%s i %s: %s: %s.", "Nettverket", w.label, j.label, j.nb)}}
      if j.signals and j.label ~= "uavklart" then
        local s = j.signals[1]
        scores.ratio = s.ratio ~= math.huge and s.ratio or nil
        scores.before, scores.after = s.before, s.after
      end
      out[#out + 1] = {rank = RANK[j.label] or 3, i = i, f = finding(f)}
      seq[#seq + 1] = {label = j.label, window = w.label, reason = j.reason}
    end

    -- the summary: the windows as runs of labels
    local runs, counts = {}, {}
    for _, x in ipairs(seq) do
      local key = x.label .. (x.reason and (" (" .. x.reason .. ")") or "")
      local r = runs[#runs]
      if r and r.key == key then
        r.last, r.n = x.window, r.n + 1
      else
        runs[#runs + 1] = {key = key, label = x.label, reason = x.reason, first = x.window,
                           last = x.window, n = 1}
      end
      counts[x.label] = (counts[x.label] or 0) + 1
    end
    local en, nb = {}, {}
    for _, r in ipairs(runs) do
      local lab_en = r.label .. (r.reason and (", " .. (r.reason == "for lite data"
        and "too little data" or "not significant")) or "")
      local lab_nb = r.label .. (r.reason and (", " .. r.reason) or "")
      if r.n == 1 then
        en[#en + 1] = string.format("%s %s", r.first, lab_en)
        nb[#nb + 1] = string.format("%s %s", r.first, lab_nb)
      else
        en[#en + 1] = string.format("%s to %s %s (%d)", r.first, r.last, lab_en, r.n)
        nb[#nb + 1] = string.format("%s til %s %s (%d)", r.first, r.last, lab_nb, r.n)
      end
    end
    local shifts = (counts.kaotisk or 0) + (counts.overgang or 0)
    local label = shifts > 0 and "skifte" or (counts.stabil and "stabil" or "uavklart")
    local scores = {windows = #seq, kaotisk = counts.kaotisk or 0,
                    overgang = counts.overgang or 0, stabil = counts.stabil or 0,
                    uavklart = counts.uavklart or 0, tests = ntests}
    local head_en = string.format("%s: %s of %s with a shift (kaotisk or overgang), %s "
                                  .. "stabil, %s uavklart; %s tested. Window by window: %s.",
                                  "The network", C.num(shifts, "en"),
                                  C.plural(#seq, "window", "windows", "en"),
                                  C.num(scores.stabil, "en"), C.num(scores.uavklart, "en"),
                                  C.plural(ntests, "change point", "change points", "en"),
                                  table.concat(en, "; "))
    local head_nb = string.format("%s: %s av %s med et skifte (kaotisk eller overgang), %s "
                                  .. "stabil, %s uavklart; %s testet. Vindu for vindu: %s.",
                                  "Nettverket", C.num(shifts, "nb"),
                                  C.plural(#seq, "vindu", "vinduer", "nb"),
                                  C.num(scores.stabil, "nb"), C.num(scores.uavklart, "nb"),
                                  C.plural(ntests, "endringspunkt", "endringspunkter", "nb"),
                                  table.concat(nb, "; "))
    local head = {level = "network", scope = "network", label = label, scores = scores,
                  concept = "Cynefin", source = SOURCE,
                  uses = {"alpha", "correction", "shift_ratio", "min_contacts", "min_history_days"},
                  evidence = {en = head_en, nb = head_nb}}
    if label == "uavklart" then head.reason = "for lite data" end
    -- the summary, then the shifts, the unresolved windows and the stable ones,
    -- each in time order
    table.sort(out, function(x, y)
      if x.rank ~= y.rank then return x.rank < y.rank end
      return x.i < y.i
    end)
    local list = {finding(head)}
    for _, x in ipairs(out) do list[#list + 1] = x.f end
    return list
  end,
}
