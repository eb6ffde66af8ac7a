-- learning-network.lua - learning networks: regular gatherings across
-- organisations, who takes part, and whether the informal ties formed there
-- last or fade after the network ends (læringsnettverk)
--
-- Sources (see the research brief): the Breakthrough Series collaboratives
-- (Institute for Healthcare Improvement 2003), as the systematic review of
-- learning networks (Kunnskapssenteret) and the master's thesis on learning
-- networks as a coordination tool (Helse Fonna region, 2021) use them: a
-- learning network needs a shared improvement area, regular gatherings, a
-- sense of community and time ("over a longer period"); long gaps between
-- meetings kill the "drive"; formal networks create "fertile ground for
-- informal networks"; units where only a minority took part got the least
-- out of it; GPs were absent and the networks top-heavy. The sources give
-- no thresholds: every rule below is this lens's own default, a parameter,
-- and each finding names the ones it used.
--
-- The gatherings are the recurring meeting series samnett finds
-- (net:series: meetings with mostly the same participants); a series
-- counts as a learning network from min_orgs organisations, min_meetings
-- meetings and min_participants participants. Per series (scope: its label
-- and its first and last meeting, e.g. "ln (ln01–ln16)"):
--   regularity      CV of the days between gatherings, and their median;
--                   tested against gatherings at random times (a Poisson
--                   process: the gaps of n + 1 random points, whose CV is
--                   about 1): the share of `draws` random series (seeded,
--                   Monte Carlo) with a CV at or below the observed one
--   participation   organisations, share of participants from outside the
--                   organiser's organisation, leaders, GPs; size in the
--                   first and last third of the gatherings
--   unit coverage   units of the member organisations with a participant,
--                   and the units where participants are a minority (below
--                   minority_share of the unit's staff)
--   afterlife       pairs from different organisations who first met there
--                   (no direct contact before): their direct contacts in
--                   each full quarter after the last gathering. The decline
--                   is tested by comparing the contacts in the second half
--                   of those quarters with the first half (an exact
--                   binomial test of the later contacts among all, against
--                   1/2: a Poisson rate comparison, one-sided); the
--                   half-life comes from a Poisson fit of exponential decay
--                   to the quarterly counts, with a 95% likelihood-ratio
--                   interval.
-- Labels (every p corrected for the number of tests the lens makes, with
-- `correction`, default Holm):
--   regelmessig    CV at most max_cv, median gap at most max_gap_days, and
--                  more regular than random times (p < alpha)
--   uregelmessig   CV above max_cv or median gap above max_gap_days
--   falmer         the later half of the quarters after has at most
--                  fade_ratio of the earlier half's contacts, p < alpha
--   varig          the half-life's interval lies above fade_half_life days
--                  (the decay, if any, is slow)
--   pågår          fewer than min_quarters_after full quarters of data after
--                  the last gathering
--   uavklart       "for lite data": fewer than min_after_contacts contacts
--                  after, or no new pairs; "ikke signifikant": a CV or a
--                  decline within what chance gives, or an interval that
--                  allows both fast and slow decay
-- The network takes the afterlife label of the ended learning network with
-- most new pairs (else the largest). With no learning network at all the
-- network is uavklart, reason "for lite data" (no gathering series with
-- enough organisations, meetings and participants to judge): a network
-- without gatherings says nothing about learning networks.

local C = require "lib.common"

local SOURCE = "Institute for Healthcare Improvement 2003"
local QDAYS = 91.3125 -- a quarter as the meeting series measure it
local CHI2_95 = 3.841458820694124 -- the 95% quantile of chi-square with 1 df

local EN = {regelmessig = "regular", uregelmessig = "irregular", ["pågår"] = "still running",
            falmer = "fading", varig = "lasting", uavklart = "unresolved"}

-- The series' scope and name: "ln (ln01–ln16)", its label and its first and
-- last meeting.
local function name_of(s)
  return string.format("%s (%s–%s)", s.label ~= "" and s.label or s.id, s.id, s.last_id)
end
local scope_of = name_of

-- Participation: leaders, GPs, and unit coverage of the member organisations.
local function participation(net, s, unit_size, P)
  local leaders, gps, n = 0, 0, 0
  local orgs, covered = {}, {}
  for id in pairs(s.attendance) do
    local a = net:actor(id)
    n = n + 1
    if a then
      if a.rank == "top" or a.rank == "middle" then leaders = leaders + 1 end
      if a.type == "gp" then gps = gps + 1 end
      if a.organisation then
        orgs[a.organisation] = true
        if a.unit then
          local u = a.organisation .. " / " .. a.unit
          covered[u] = (covered[u] or 0) + 1
        end
      end
    end
  end
  local units, with, minority = 0, 0, 0
  for u, size in pairs(unit_size) do
    local org = u:match("^(.-) / ")
    if org and orgs[org] then
      units = units + 1
      if covered[u] then
        with = with + 1
        if covered[u] / size < P.minority_share then minority = minority + 1 end
      end
    end
  end
  return {participants = n, leaders = leaders, gps = gps, member_units = units,
          covered_units = with, minority_units = minority}
end

-- The chance that n gaps between random times (a Poisson process: the gaps
-- of uniform points, i.e. normalised exponentials) have a CV at or below cv:
-- (1 + hits) / (1 + draws), from `draws` seeded draws.
local function regularity_p(n, cv, draws, seed)
  if n < 2 or cv == nil then return nil end
  math.randomseed(seed, n)
  local hits = 0
  for _ = 1, draws do
    local sum, sq = 0, 0
    for _ = 1, n do
      local x = -math.log(1 - math.random())
      sum, sq = sum + x, sq + x * x
    end
    local mean = sum / n
    local var = sq / n - mean * mean
    local c = mean > 0 and math.sqrt(math.max(var, 0)) / mean or 0
    if c <= cv then hits = hits + 1 end
  end
  return (1 + hits) / (1 + draws)
end

-- The profile log-likelihood of counts k[q] (q = 0 .. Q-1) ~ Poisson(a
-- exp(-lambda q)), a at its best for lambda; and its derivative's root.
local function profile(k)
  local K, T = 0, 0
  for q, n in ipairs(k) do
    K, T = K + n, T + n * (q - 1)
  end
  local function ll(lam)
    local z = 0
    for q = 1, #k do z = z + math.exp(-lam * (q - 1)) end
    return K * math.log(K / z) - lam * T - K
  end
  -- the mean of q under weights exp(-lambda q), decreasing in lambda
  local function mean_q(lam)
    local z, m = 0, 0
    for q = 1, #k do
      local w = math.exp(-lam * (q - 1))
      z, m = z + w, m + w * (q - 1)
    end
    return m / z
  end
  return K, T, ll, mean_q
end

-- Exponential decay of quarterly counts: lambda per quarter with its 95%
-- likelihood-ratio interval (nil bounds when open); nil with no contacts.
local function decay(k)
  local K, T, ll, mean_q = profile(k)
  if K == 0 or #k < 2 then return nil end
  local target, lo, hi = T / K, -20, 20
  local lam
  if target <= mean_q(hi) then
    lam = hi
  elseif target >= mean_q(lo) then
    lam = lo
  else
    for _ = 1, 100 do
      local mid = (lo + hi) / 2
      if mean_q(mid) > target then lo = mid else hi = mid end
    end
    lam = (lo + hi) / 2
  end
  local best = ll(lam)
  local function bound(from, to)
    -- from: inside the interval; to: outside, or nil if the interval is open there
    if best - ll(to) <= CHI2_95 / 2 then return nil end
    local a, b = from, to
    for _ = 1, 100 do
      local mid = (a + b) / 2
      if best - ll(mid) <= CHI2_95 / 2 then a = mid else b = mid end
    end
    return (a + b) / 2
  end
  return {lambda = lam, lo = bound(lam, -20), hi = bound(lam, 20)}
end

-- Half-life in days of a decay rate per quarter (nil without decay).
local function half_life(lam)
  if lam == nil or lam <= 0 then return nil end
  return math.log(2) / lam * QDAYS
end

-- "182 days (95% interval 120 to 380)" / "182 dager (95 % intervall 120 til 380)"
local function hl_text(fit, lang)
  local en = lang == "en"
  if not fit then return en and "none" or "ingen" end
  local hl = half_life(fit.lambda)
  local lo_d, hi_d = half_life(fit.hi), half_life(fit.lo)
  local mid = hl and C.plural(math.floor(hl + 0.5), en and "day" or "dag", en and "days" or "dager", lang)
    or (en and "none (no decay)" or "ingen (ingen nedgang)")
  local lo_t = lo_d and C.num(math.floor(lo_d + 0.5), lang) or "0"
  local hi_t = hi_d and C.num(math.floor(hi_d + 0.5), lang) or (en and "no decay" or "ingen nedgang")
  return string.format(en and "%s (95%% interval %s to %s)" or "%s (95 %% intervall %s til %s)",
                       mid, lo_t, hi_t)
end

-- The regularity judgement of one series (p filled in later, after the correction).
local function regularity(s, P, seed)
  local cv, gap = s.regularity, s.interval_median_days
  local r = {cv = cv, gap = gap, n = s.meetings - 1}
  if s.meetings < P.min_meetings or cv == nil then
    r.label, r.reason = "uavklart", "for lite data"
    return r
  end
  if cv > P.max_cv or gap == nil or gap > P.max_gap_days then
    r.label = "uregelmessig"
    return r
  end
  r.p = regularity_p(r.n, cv, P.draws, seed)
  return r
end

local function main_finding(s, part, r, P, ntests)
  local scope = scope_of(s)
  local cover = part.member_units > 0 and part.covered_units / part.member_units or nil
  local label = r.label
  if label == nil then
    if r.q < P.alpha then label = "regelmessig" else label = "uavklart" end
  end
  local scores = {meetings = s.meetings, regularity = r.cv, interval_median_days = r.gap,
                  organisations = s.organisations, participants = part.participants,
                  cross_org_share = s.cross_org_share, leaders = part.leaders, gps = part.gps,
                  unit_coverage = cover, minority_units = part.minority_units,
                  size_first_third = s.size_first_third, size_last_third = s.size_last_third,
                  p = r.p, p_adjusted = r.q}
  local test = r.p and {method = "monte-carlo", p = r.p, p_adjusted = r.q,
                        correction = P.correction, draws = P.draws, effect = r.cv,
                        tests = ntests} or nil
  local why_en, why_nb
  if r.reason == "for lite data" then
    why_en = string.format("too few gatherings to judge the regularity (%d, < %d)", s.meetings,
                           P.min_meetings)
    why_nb = string.format("for få samlinger til å vurdere regelmessigheten (%d, < %d)",
                           s.meetings, P.min_meetings)
  elseif label == "uregelmessig" then
    why_en = string.format("CV %s or median gap %s days above the limits (%s, %s days)",
                           C.num(r.cv, "en"), C.num(r.gap or 0, "en", 0), C.num(P.max_cv, "en"),
                           C.num(P.max_gap_days, "en", 0))
    why_nb = string.format("CV %s eller median %s dager over grensene (%s, %s dager)",
                           C.num(r.cv, "nb"), C.num(r.gap or 0, "nb", 0), C.num(P.max_cv, "nb"),
                           C.num(P.max_gap_days, "nb", 0))
  else
    local t_en, t_nb = C.test_text(test, "en"), C.test_text(test, "nb")
    if label == "regelmessig" then
      why_en = string.format("CV %s <= %s, more regular than gatherings at random times (CV "
                             .. "about 1), %s", C.num(r.cv, "en"), C.num(P.max_cv, "en"), t_en)
      why_nb = string.format("CV %s <= %s, mer regelmessig enn samlinger på tilfeldige "
                             .. "tidspunkt (CV om lag 1), %s", C.num(r.cv, "nb"),
                             C.num(P.max_cv, "nb"), t_nb)
    else
      r.reason = "ikke signifikant"
      why_en = string.format("CV %s <= %s, but random times give as low a CV too often, %s: "
                             .. "not significant", C.num(r.cv, "en"), C.num(P.max_cv, "en"), t_en)
      why_nb = string.format("CV %s <= %s, men tilfeldige tidspunkt gir like lav CV for ofte, "
                             .. "%s: ikke signifikant", C.num(r.cv, "nb"),
                             C.num(P.max_cv, "nb"), t_nb)
    end
  end
  local en = string.format("%s: %s from %s to %s, a median of %s days apart; %s from %s (%s "
                           .. "from outside the organiser's), %s and %s; %s of the member "
                           .. "organisations' %s take part (%s only by a minority of their "
                           .. "staff); %s participants a gathering in the first third and %s "
                           .. "in the last. %s: %s (%s).", name_of(s),
                           C.plural(s.meetings, "gathering", "gatherings", "en"),
                           C.date(s.first), C.date(s.last), C.num(r.gap or 0, "en", 0),
                           C.plural(part.participants, "participant", "participants", "en"),
                           C.plural(s.organisations, "organisation", "organisations", "en"),
                           C.pct(s.cross_org_share, "en"),
                           C.plural(part.leaders, "leader", "leaders", "en"),
                           C.plural(part.gps, "GP", "GPs", "en"), C.num(part.covered_units, "en"),
                           C.plural(part.member_units, "unit", "units", "en"),
                           C.num(part.minority_units, "en"),
                           C.num(s.size_first_third or 0, "en", 1),
                           C.num(s.size_last_third or 0, "en", 1), why_en, label, EN[label])
  local nb = string.format("%s: %s fra %s til %s, med median %s dager mellom; %s fra %s (%s "
                           .. "utenfra arrangørens), %s og %s; %s av medlemsorganisasjonenes %s "
                           .. "deltar (%s bare med et mindretall av de ansatte); %s deltakere "
                           .. "per samling i første tredjedel og %s i siste. %s: %s.",
                           name_of(s), C.plural(s.meetings, "samling", "samlinger", "nb"),
                           C.date(s.first), C.date(s.last), C.num(r.gap or 0, "nb", 0),
                           C.plural(part.participants, "deltaker", "deltakere", "nb"),
                           C.plural(s.organisations, "organisasjon", "organisasjoner", "nb"),
                           C.pct(s.cross_org_share, "nb"),
                           C.plural(part.leaders, "leder", "ledere", "nb"),
                           C.plural(part.gps, "fastlege", "fastleger", "nb"),
                           C.num(part.covered_units, "nb"),
                           C.plural(part.member_units, "enhet", "enheter", "nb"),
                           C.num(part.minority_units, "nb"),
                           C.num(s.size_first_third or 0, "nb", 1),
                           C.num(s.size_last_third or 0, "nb", 1), why_nb, label)
  return finding{level = "group", scope = scope, label = label, scores = scores,
                 concept = "læringsnettverk", source = SOURCE,
                 reason = label == "uavklart" and r.reason or nil, test = test,
                 uses = {"min_orgs", "min_meetings", "min_participants", "max_cv",
                         "max_gap_days", "alpha", "correction", "draws"},
                 evidence = {en = en, nb = nb}}
end

-- The afterlife of one series: its label, once the p-values are corrected.
local function afterlife(s, P)
  local a = {s = s, after = s.after or {}, quarters = s.quarters_after or 0}
  local total = 0
  for _, n in ipairs(a.after) do total = total + n end
  a.total = total
  if not s.has_pairs or (s.new_pairs or 0) == 0 then
    a.label, a.reason, a.missing = "uavklart", "for lite data", 1
    return a
  end
  if a.quarters < P.min_quarters_after then
    a.label = "pågår"
    return a
  end
  if total < P.min_after_contacts then
    a.label, a.reason, a.missing = "uavklart", "for lite data", P.min_after_contacts - total
    return a
  end
  local h = a.quarters // 2
  local early, late = 0, 0
  for q = 1, h do early = early + a.after[q] end
  for q = a.quarters - h + 1, a.quarters do late = late + a.after[q] end
  a.h, a.early, a.late = h, early, late
  a.ratio = early > 0 and late / early or nil
  a.p = stats.binom_test(late, early + late, 0.5, "less")
  a.fit = decay(a.after)
  return a
end

local function afterlife_label(a, P)
  if a.label then return a.label end
  local lam_fade = math.log(2) / (P.fade_half_life / QDAYS)
  if a.q < P.alpha and a.ratio ~= nil and a.ratio <= P.fade_ratio then
    a.label = "falmer"
  elseif a.fit and a.fit.hi ~= nil and a.fit.hi < lam_fade then
    a.label = "varig"
  else
    a.label, a.reason = "uavklart", "ikke signifikant"
  end
  return a.label
end

local function afterlife_finding(a, P, ntests)
  local s = a.s
  local scope = scope_of(s)
  local label = a.label
  local scores = {new_pairs = s.new_pairs, with_contact_after = s.with_contact_after,
                  per_quarter_during = s.per_quarter_during, quarters_after = a.quarters,
                  contacts_after = a.total}
  local uses = {"min_quarters_after", "min_after_contacts"}
  local extra = {concept = "læringsnettverk", source = SOURCE, uses = uses}
  local name = name_of(s)
  if a.reason == "for lite data" then
    extra.test = {missing = a.missing}
    if (s.new_pairs or 0) == 0 then
      return C.uavklart("group", scope, "for lite data", scores,
        string.format("%s: no pairs from different organisations first met there; no "
                      .. "afterlife to measure (for lite data).", name),
        string.format("%s: ingen par fra ulike organisasjoner møttes første gang der; ingen "
                      .. "ettervirkning å måle (for lite data).", name), extra)
    end
    return C.uavklart("group", scope, "for lite data", scores,
      string.format("%s ended on %s; its %s had only %s after it (< %d): too few to read the "
                    .. "afterlife (for lite data, %d short).", name, C.date(s.last),
                    C.plural(s.new_pairs, "new pair", "new pairs", "en"),
                    C.plural(a.total, "direct contact", "direct contacts", "en"),
                    P.min_after_contacts, a.missing),
      string.format("%s sluttet %s; dens %s hadde bare %s etter (< %d): for få til å lese "
                    .. "ettervirkningen (for lite data, %d mangler).", name, C.date(s.last),
                    C.plural(s.new_pairs, "nytt par", "nye par", "nb"),
                    C.plural(a.total, "direkte kontakt", "direkte kontakter", "nb"),
                    P.min_after_contacts, a.missing), extra)
  end
  if label == "pågår" then
    return finding{level = "group", scope = scope, label = label, scores = scores,
      concept = extra.concept, source = SOURCE, uses = {"min_quarters_after"},
      evidence = {
        en = string.format("%s is still running: its last gathering, %s, has %s of data "
                           .. "after it (< %d); %d of its %s are in direct contact.", name,
                           C.date(s.last), C.plural(a.quarters, "full quarter", "full quarters",
                                                    "en"), P.min_quarters_after,
                           s.with_contact_after or 0,
                           C.plural(s.new_pairs, "new pair", "new pairs", "en")),
        nb = string.format("%s pågår: den siste samlingen, %s, har %s med data etter seg "
                           .. "(< %d); %d av dens %s har direkte kontakt.", name,
                           C.date(s.last), C.plural(a.quarters, "helt kvartal", "hele kvartaler",
                                                    "nb"), P.min_quarters_after,
                           s.with_contact_after or 0,
                           C.plural(s.new_pairs, "nytt par", "nye par", "nb"))}}
  end
  local hl = a.fit and half_life(a.fit.lambda)
  scores.first_quarter_after, scores.last_quarter_after = a.after[1], a.after[#a.after]
  scores.early, scores.late, scores.ratio = a.early, a.late, a.ratio
  scores.half_life_days = hl
  scores.half_life_low = a.fit and half_life(a.fit.hi)
  scores.half_life_high = a.fit and half_life(a.fit.lo)
  scores.p, scores.p_adjusted = a.p, a.q
  local test = {method = "binomial", p = a.p, p_adjusted = a.q, correction = P.correction,
                effect = a.ratio, tests = ntests}
  for _, u in ipairs{"alpha", "correction", "fade_ratio", "fade_half_life"} do uses[#uses + 1] = u end
  local list = {}
  for i, n in ipairs(a.after) do list[i] = C.num(n, "en") end
  local list_nb = {}
  for i, n in ipairs(a.after) do list_nb[i] = C.num(n, "nb") end
  local verdict_en, verdict_nb
  if label == "falmer" then
    verdict_en = string.format("the later %s have %s of the earlier %s's contacts (<= %s), "
                               .. "beyond chance", C.plural(a.h, "quarter", "quarters", "en"),
                               C.pct(a.ratio, "en", P.fade_ratio), a.h == 1 and "one" or
                               C.num(a.h, "en"), C.pct(P.fade_ratio, "en"))
    verdict_nb = string.format("de siste %s har %s av kontaktene i de første (<= %s), utover "
                               .. "tilfeldighet", C.plural(a.h, "kvartalet", "kvartalene", "nb"),
                               C.pct(a.ratio, "nb", P.fade_ratio), C.pct(P.fade_ratio, "nb"))
  elseif label == "varig" then
    verdict_en = string.format("the half-life's interval lies above %s days: lasting",
                               C.num(P.fade_half_life, "en", 0))
    verdict_nb = string.format("intervallet for halveringstiden ligger over %s dager: varig",
                               C.num(P.fade_half_life, "nb", 0))
  else
    verdict_en = string.format("the later %s have %s of the earlier ones' contacts: neither a "
                               .. "decline beyond chance and at most %s, nor a half-life surely "
                               .. "above %s days (not significant)",
                               C.plural(a.h, "quarter", "quarters", "en"),
                               C.pct(a.ratio, "en", P.fade_ratio), C.pct(P.fade_ratio, "en"),
                               C.num(P.fade_half_life, "en", 0))
    verdict_nb = string.format("de siste %s har %s av kontaktene i de første: verken en "
                               .. "nedgang utover tilfeldighet og høyst %s, eller en "
                               .. "halveringstid sikkert over %s dager (ikke signifikant)",
                               C.plural(a.h, "kvartalet", "kvartalene", "nb"),
                               C.pct(a.ratio, "nb", P.fade_ratio), C.pct(P.fade_ratio, "nb"),
                               C.num(P.fade_half_life, "nb", 0))
  end
  local en = string.format("%s ended on %s. Of the %s from different organisations who first "
                           .. "met there, %d kept direct contact (%s contacts a quarter during "
                           .. "the network); in the %s after it: %s. Half-life %s; %s, %s: "
                           .. "%s (%s).", name, C.date(s.last),
                           C.plural(s.new_pairs, "pair", "pairs", "en"),
                           s.with_contact_after or 0, C.num(s.per_quarter_during or 0, "en", 1),
                           C.plural(a.quarters, "quarter", "quarters", "en"),
                           table.concat(list, ", "), hl_text(a.fit, "en"), verdict_en,
                           C.test_text(test, "en"), label, EN[label])
  local nb = string.format("%s sluttet %s. Av de %s fra ulike organisasjoner som møttes første "
                           .. "gang der, holdt %d direkte kontakt (%s kontakter per kvartal mens "
                           .. "nettverket varte); i de %s etterpå: %s. Halveringstid %s; %s, "
                           .. "%s: %s.", name, C.date(s.last),
                           C.plural(s.new_pairs, "paret", "parene", "nb"),
                           s.with_contact_after or 0, C.num(s.per_quarter_during or 0, "nb", 1),
                           C.plural(a.quarters, "kvartalet", "kvartalene", "nb"),
                           table.concat(list_nb, "; "), hl_text(a.fit, "nb"), verdict_nb,
                           C.test_text(test, "nb"), label)
  return finding{level = "group", scope = scope, label = label, scores = scores,
                 concept = extra.concept, source = SOURCE, uses = uses, test = test,
                 reason = label == "uavklart" and a.reason or nil,
                 evidence = {en = en, nb = nb}}
end

return {
  name = "learning-network",
  title = {
    en = "Learning networks and their afterlife",
    nb = "Læringsnettverk og ettervirkningen",
  },
  description = {
    en = "Finds recurring gatherings across organisations (learning networks, the "
         .. "Breakthrough Series), judges their regularity against random timing, their "
         .. "participation and unit coverage, and tests whether the informal ties formed there "
         .. "fade after the network ends (læringsnettverk).",
    nb = "Finner faste samlinger på tvers av organisasjoner (læringsnettverk, "
         .. "gjennombruddsmetoden), vurderer regelmessigheten mot tilfeldige tidspunkt, "
         .. "deltakelsen og dekningen av enheter, og tester om de uformelle båndene som ble "
         .. "knyttet der falmer når nettverket er slutt.",
  },
  concept = {en = "learning networks (læringsnettverk)", nb = "læringsnettverk"},
  sources = {SOURCE},
  detects = {{pattern = "learning_network", level = "network", labels = {"falmer"}},
             {pattern = "learning_network", level = "group", labels = {"falmer"}}},
  params = {
    min_orgs = {type = "integer", default = 3, min = 2,
                doc = "a learning network has participants from this many organisations"},
    min_meetings = {type = "integer", default = 4, min = 3,
                    doc = "a learning network has this many gatherings"},
    min_participants = {type = "integer", default = 15, min = 2,
                        doc = "a learning network has this many participants (smaller series "
                              .. "are committees, teams and responsibility groups)"},
    max_cv = {type = "number", default = 0.5, min = 0,
              doc = "regelmessig: CV of the days between gatherings at most this"},
    max_gap_days = {type = "number", default = 183, min = 1,
                    doc = "regelmessig: median days between gatherings at most this"},
    minority_share = {type = "number", default = 0.5, min = 0, max = 1,
                      doc = "a unit takes part by a minority below this share of its staff"},
    min_quarters_after = {type = "integer", default = 2, min = 2,
                          doc = "pågår: fewer full quarters of data after the last gathering"},
    min_after_contacts = C.min_param(10, "the afterlife needs this many direct contacts after "
                                         .. "the end, or it is uavklart (for lite data)"),
    fade_half_life = {type = "number", default = 730, min = 1,
                      doc = "varig: the half-life's 95% interval lies above this many days"},
    fade_ratio = {type = "number", default = 0.5, min = 0, max = 1,
                  doc = "falmer: the later half of the quarters after has at most this share "
                        .. "of the earlier half's contacts (the minimum effect)"},
    alpha = C.alpha_param,
    correction = {type = "string", default = "holm", values = {"holm", "bh", "none"},
                  doc = "correction of the p-values for the number of tests the lens makes"},
    draws = {type = "integer", default = 1000, min = 99, max = 100000,
             doc = "random series drawn for the regularity test"},
    seed = {type = "integer", default = 1, min = 0,
            doc = "seed of the regularity test's random series"},
  },

  run = function(net, params)
    local P = params
    local chosen = {}
    for _, s in ipairs(net:series{min_organisations = P.min_orgs,
                                  min_meetings = P.min_meetings,
                                  min_participants = P.min_participants}) do
      chosen[#chosen + 1] = s
    end
    if #chosen == 0 then
      return {C.uavklart("network", "network", "for lite data", {networks = 0},
        string.format("No recurring gathering series has %d organisations, %d meetings and %d "
                      .. "participants: no learning network to judge (for lite data).",
                      P.min_orgs, P.min_meetings, P.min_participants),
        string.format("Ingen faste samlinger har %d organisasjoner, %d møter og %d deltakere: "
                      .. "ikke noe læringsnettverk å vurdere (for lite data).", P.min_orgs,
                      P.min_meetings, P.min_participants),
        {concept = "læringsnettverk", source = SOURCE, test = {missing = P.min_meetings},
         uses = {"min_orgs", "min_meetings", "min_participants"}})}
    end
    local unit_size = {}
    for a in net:actors() do
      if a.organisation and a.unit then
        local u = a.organisation .. " / " .. a.unit
        unit_size[u] = (unit_size[u] or 0) + 1
      end
    end
    -- every test first, then one correction over them all
    local regs, afters, ps, owners = {}, {}, {}, {}
    for i, s in ipairs(chosen) do
      regs[i] = regularity(s, P, P.seed + i)
      afters[i] = afterlife(s, P)
      if regs[i].p then
        ps[#ps + 1], owners[#owners + 1] = regs[i].p, regs[i]
      end
      if afters[i].p then
        ps[#ps + 1], owners[#owners + 1] = afters[i].p, afters[i]
      end
    end
    if #ps > 0 then
      local qs = stats.p_adjust(ps, P.correction)
      for k, o in ipairs(owners) do o.q = qs[k] end
    end
    local mains, afterfs, lead = {}, {}, nil
    for i, s in ipairs(chosen) do
      local part = participation(net, s, unit_size, P)
      mains[#mains + 1] = main_finding(s, part, regs[i], P, #ps)
      local label = afterlife_label(afters[i], P)
      afterfs[#afterfs + 1] = afterlife_finding(afters[i], P, #ps)
      local ended = label ~= "pågår" and (s.quarters_after or 0) >= P.min_quarters_after
      local better = not lead
        or (ended and not lead.ended)
        or (ended == lead.ended and (s.new_pairs or 0) > (lead.s.new_pairs or 0))
        or (ended == lead.ended and (s.new_pairs or 0) == (lead.s.new_pairs or 0)
            and s.participants > lead.s.participants)
      if better then lead = {s = s, ended = ended, a = afters[i], f = afterfs[#afterfs]} end
    end
    local a, ls = lead.a, lead.s
    local label = a.label
    local tail_en, tail_nb
    if a.fit then
      tail_en = string.format("ended on %s; the direct contact of the %s who first met there "
                              .. "went from %s in the first quarter after to %s in quarter %d, "
                              .. "half-life %s; %s", C.date(ls.last),
                              C.plural(ls.new_pairs, "pair", "pairs", "en"),
                              C.num(a.after[1], "en"), C.num(a.after[#a.after], "en"),
                              #a.after, hl_text(a.fit, "en"),
                              C.test_text({method = "binomial", p = a.p, p_adjusted = a.q,
                                           correction = P.correction, tests = #ps}, "en"))
      tail_nb = string.format("sluttet %s; den direkte kontakten mellom de %s som møttes "
                              .. "første gang der gikk fra %s i første kvartal etter til %s i "
                              .. "kvartal %d, halveringstid %s; %s", C.date(ls.last),
                              C.plural(ls.new_pairs, "paret", "parene", "nb"),
                              C.num(a.after[1], "nb"), C.num(a.after[#a.after], "nb"),
                              #a.after, hl_text(a.fit, "nb"),
                              C.test_text({method = "binomial", p = a.p, p_adjusted = a.q,
                                           correction = P.correction, tests = #ps}, "nb"))
    else
      tail_en = string.format("%s from %s to %s", C.plural(ls.meetings, "gathering",
                              "gatherings", "en"), C.date(ls.first), C.date(ls.last))
      tail_nb = string.format("%s fra %s til %s", C.plural(ls.meetings, "samling",
                              "samlinger", "nb"), C.date(ls.first), C.date(ls.last))
    end
    -- the network speaks for the series that tells most: an ended one, with most new pairs
    local head = {level = "network", scope = "network", label = label,
                  concept = "læringsnettverk", source = SOURCE,
                  reason = label == "uavklart" and a.reason or nil,
                  test = a.p and {method = "binomial", p = a.p, p_adjusted = a.q,
                                  correction = P.correction, effect = a.ratio, tests = #ps}
                    or (a.missing and {missing = a.missing} or nil),
                  uses = {"min_orgs", "min_meetings", "min_participants", "alpha",
                          "correction", "fade_ratio", "fade_half_life", "min_after_contacts",
                          "min_quarters_after"},
                  scores = {networks = #chosen, new_pairs = ls.new_pairs,
                            with_contact_after = ls.with_contact_after,
                            half_life_days = a.fit and half_life(a.fit.lambda),
                            half_life_low = a.fit and half_life(a.fit.hi),
                            half_life_high = a.fit and half_life(a.fit.lo),
                            p = a.p, p_adjusted = a.q},
                  evidence = {
                    en = string.format("%s; %s %s: %s (%s).",
                                       C.plural(#chosen, "recurring gathering series across "
                                                .. "organisations", "recurring gathering series "
                                                .. "across organisations", "en"),
                                       name_of(ls), tail_en, label, EN[label]),
                    nb = string.format("%s; %s %s: %s.",
                                       C.plural(#chosen, "fast samlingsserie på tvers av "
                                                .. "organisasjoner", "faste samlingsserier på "
                                                .. "tvers av organisasjoner", "nb"),
                                       name_of(ls), tail_nb, label)}}
    local out = {finding(head)}
    C.append(out, afterfs)
    C.append(out, mains)
    return out
  end,
}
