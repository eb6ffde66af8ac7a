-- learning-network.lua - learning networks: regular gatherings across
-- organisations, who takes part, and the informal afterlife of the ties
-- formed there (læringsnettverk)
--
-- Sources (see the research brief): the master's thesis on learning
-- networks as a coordination tool (Helse Fonna region, 2021) and the
-- systematic review of learning networks (Kunnskapssenteret; the
-- Breakthrough Series): a learning network needs a shared improvement area,
-- regular gatherings, a sense of community and time ("over a longer
-- period"); long gaps between meetings kill the "drive"; formal networks
-- create "fertile ground for informal networks"; units where only a
-- minority took part got the least out of it; GPs were absent and the
-- networks top-heavy; in one programme 36 of 310 coordinators left.
--
-- The gatherings are the recurring meeting series samnett finds
-- (net:series: meetings with mostly the same participants); a series
-- counts as a learning network from min_orgs organisations, min_meetings
-- meetings and min_participants participants. Per series:
--   regularity      CV of the days between gatherings, and their median
--   participation   organisations, share of participants from outside the
--                   organiser's organisation, leaders, GPs; size in the
--                   first and last third of the gatherings
--   unit coverage   units of the member organisations with a participant,
--                   and the units where participants are a minority (below
--                   minority_share of the unit's staff)
--   afterlife       pairs from different organisations who first met there
--                   (no direct contact before): how many kept direct
--                   contact, their contacts per quarter during the series
--                   and in each quarter after its last gathering, and the
--                   half-life of that contact (exponential decay)
-- Labels (parameters): regelmessig when the CV is at most max_cv and the
-- median gap at most max_gap_days, else uregelmessig; the afterlife is
-- pågår (still running: fewer than min_quarters_after full quarters of data
-- after the last gathering), falmer (fading: a half-life of at most
-- fade_half_life days, or the last quarter after at most fade_ratio of the
-- first), varig (lasting) otherwise; uavklart with too few contacts after
-- (min_after_contacts) or no new pairs. The network takes the afterlife
-- label of the ended learning network with most new pairs (else the
-- largest).

local C = require "lib.common"

local EN = {regelmessig = "regular", uregelmessig = "irregular", ["pågår"] = "still running",
            falmer = "fading", varig = "lasting", uavklart = "unresolved"}

local function scope_of(s)
  return string.format("%s (%s–%s)", s.label ~= "" and s.label or s.id, s.id, s.last_id)
end

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

local function main_finding(s, part, P)
  local scope = scope_of(s)
  local cv, gap = s.regularity, s.interval_median_days
  local regular = cv ~= nil and cv <= P.max_cv and gap ~= nil and gap <= P.max_gap_days
  local label = regular and "regelmessig" or "uregelmessig"
  local cover = part.member_units > 0 and part.covered_units / part.member_units or nil
  local scores = {meetings = s.meetings, regularity = cv, interval_median_days = gap,
                  organisations = s.organisations, participants = part.participants,
                  cross_org_share = s.cross_org_share, leaders = part.leaders, gps = part.gps,
                  unit_coverage = cover, minority_units = part.minority_units,
                  size_first_third = s.size_first_third, size_last_third = s.size_last_third}
  return C.finding("group", scope, label, scores,
    string.format("%s: %d gatherings from %s to %s, a median of %.0f days apart (CV %s, %s "
                  .. "%.2f); %d participants from %d organisations (%s from outside the "
                  .. "organiser's), %d leaders and %d GPs; %d of the member organisations' %d "
                  .. "units take part (%d only by a minority of their staff); %.1f participants "
                  .. "a gathering in the first third and %.1f in the last: %s (%s).", scope,
                  s.meetings, C.date(s.first), C.date(s.last), gap or 0, C.f(cv),
                  regular and "<=" or "or more than", P.max_cv, part.participants,
                  s.organisations, C.pct(s.cross_org_share), part.leaders, part.gps,
                  part.covered_units, part.member_units, part.minority_units,
                  s.size_first_third or 0, s.size_last_third or 0, label, EN[label]),
    string.format("%s: %d samlinger fra %s til %s, med median %.0f dager mellom (CV %s, %s "
                  .. "%.2f); %d deltakere fra %d organisasjoner (%s utenfra arrangørens), %d "
                  .. "ledere og %d fastleger; %d av medlemsorganisasjonenes %d enheter deltar "
                  .. "(%d bare med et mindretall av de ansatte); %.1f deltakere per samling i "
                  .. "første tredjedel og %.1f i siste: %s.", scope, s.meetings, C.date(s.first),
                  C.date(s.last), gap or 0, C.f(cv), regular and "<=" or "eller mer enn",
                  P.max_cv, part.participants, s.organisations, C.pct_nb(s.cross_org_share),
                  part.leaders, part.gps, part.covered_units, part.member_units,
                  part.minority_units, s.size_first_third or 0, s.size_last_third or 0, label))
end

local function afterlife_finding(s, P)
  local scope = scope_of(s)
  local scores = {new_pairs = s.new_pairs, with_contact_after = s.with_contact_after,
                  per_quarter_during = s.per_quarter_during, quarters_after = s.quarters_after,
                  half_life_days = s.half_life_days}
  if not s.has_pairs or (s.new_pairs or 0) == 0 then
    return C.finding("group", scope, "uavklart", scores,
      string.format("%s: no pairs from different organisations first met there; no afterlife "
                    .. "to measure.", scope),
      string.format("%s: ingen par fra ulike organisasjoner møttes første gang der; ingen "
                    .. "ettervirkning å måle.", scope)), "uavklart"
  end
  if (s.quarters_after or 0) < P.min_quarters_after then
    return C.finding("group", scope, "pågår", scores,
      string.format("%s is still running: its last gathering, %s, has %d full quarters of data "
                    .. "after it (< %d); %d of its %d new pairs are in direct contact.", scope,
                    C.date(s.last), s.quarters_after or 0, P.min_quarters_after,
                    s.with_contact_after, s.new_pairs),
      string.format("%s pågår: den siste samlingen, %s, har %d hele kvartaler med data etter "
                    .. "seg (< %d); %d av dens %d nye par har direkte kontakt.", scope,
                    C.date(s.last), s.quarters_after or 0, P.min_quarters_after,
                    s.with_contact_after, s.new_pairs)), "pågår"
  end
  local after = s.after or {}
  local total = 0
  for _, n in ipairs(after) do total = total + n end
  scores.contacts_after = total
  if total < P.min_after_contacts then
    return C.finding("group", scope, "uavklart", scores,
      string.format("%s ended on %s; its %d new pairs had only %d direct contacts after it "
                    .. "(< %d): too few to read the afterlife.", scope, C.date(s.last),
                    s.new_pairs, total, P.min_after_contacts),
      string.format("%s sluttet %s; dens %d nye par hadde bare %d direkte kontakter etter "
                    .. "(< %d): for få til å lese ettervirkningen.", scope, C.date(s.last),
                    s.new_pairs, total, P.min_after_contacts)), "uavklart"
  end
  local first, last = after[1], after[#after]
  local ratio = first and first > 0 and last / first or nil
  scores.first_quarter_after, scores.last_quarter_after, scores.ratio = first, last, ratio
  local hl = s.half_life_days
  local fading = (hl ~= nil and hl <= P.fade_half_life) or (ratio ~= nil and ratio <= P.fade_ratio)
  local label = fading and "falmer" or "varig"
  local hl_en = hl and string.format("%.0f days", hl) or "none (no decay)"
  local hl_nb = hl and string.format("%.0f dager", hl) or "ingen (ingen nedgang)"
  return C.finding("group", scope, label, scores,
    string.format("%s ended on %s. Of the %d pairs from different organisations who first met "
                  .. "there, %d kept direct contact (%.1f contacts a quarter during the "
                  .. "network); after it, %d contacts in the first quarter and %d in quarter %d "
                  .. "(%s), half-life %s (%s %.0f): %s (%s).", scope, C.date(s.last),
                  s.new_pairs, s.with_contact_after, s.per_quarter_during or 0, first, last,
                  #after, C.pct(ratio), hl_en,
                  fading and "<=" or ">", P.fade_half_life, label, EN[label]),
    string.format("%s sluttet %s. Av de %d parene fra ulike organisasjoner som møttes første "
                  .. "gang der, holdt %d direkte kontakt (%.1f kontakter per kvartal mens "
                  .. "nettverket varte); etterpå %d kontakter i første kvartal og %d i kvartal "
                  .. "%d (%s), halveringstid %s (%s %.0f): %s.", scope, C.date(s.last),
                  s.new_pairs, s.with_contact_after, s.per_quarter_during or 0, first, last,
                  #after, C.pct_nb(ratio), hl_nb, fading and "<=" or ">", P.fade_half_life,
                  label)), label
end

return {
  name = "learning-network",
  title = {
    en = "Learning networks and their afterlife",
    nb = "Læringsnettverk og ettervirkningen",
  },
  description = {
    en = "Finds recurring gatherings across organisations (learning networks), judges their "
         .. "regularity, participation and unit coverage, and whether the informal ties formed "
         .. "there last or fade after the network ends (læringsnettverk).",
    nb = "Finner faste samlinger på tvers av organisasjoner (læringsnettverk), vurderer "
         .. "regelmessighet, deltakelse og dekning av enheter, og om de uformelle båndene som "
         .. "ble knyttet der varer eller falmer når nettverket er slutt.",
  },
  concept = "læringsnettverk",
  params = {
    min_orgs = {type = "integer", default = 3, min = 2,
                doc = "a learning network has participants from this many organisations"},
    min_meetings = {type = "integer", default = 4, min = 2,
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
    min_quarters_after = {type = "integer", default = 2, min = 1,
                          doc = "pågår: fewer full quarters of data after the last gathering"},
    min_after_contacts = {type = "integer", default = 10, min = 1,
                          doc = "the afterlife needs this many direct contacts after the end"},
    fade_half_life = {type = "number", default = 730, min = 0,
                      doc = "falmer: a half-life after the end of at most this many days"},
    fade_ratio = {type = "number", default = 0.5, min = 0, max = 1,
                  doc = "falmer: the last quarter after has at most this share of the first"},
  },

  run = function(net, params)
    local P = params
    local unit_size = {}
    for a in net:actors() do
      if a.organisation and a.unit then
        local u = a.organisation .. " / " .. a.unit
        unit_size[u] = (unit_size[u] or 0) + 1
      end
    end
    local chosen = {}
    for _, s in ipairs(net:series{min_organisations = P.min_orgs,
                                  min_meetings = P.min_meetings,
                                  min_participants = P.min_participants}) do
      chosen[#chosen + 1] = s
    end
    if #chosen == 0 then
      return {C.finding("network", "network", "uavklart", {networks = 0},
        string.format("No recurring gathering has %d organisations, %d meetings and %d "
                      .. "participants; no learning network to judge.", P.min_orgs,
                      P.min_meetings, P.min_participants),
        string.format("Ingen faste samlinger har %d organisasjoner, %d møter og %d deltakere; "
                      .. "ikke noe læringsnettverk å vurdere.", P.min_orgs, P.min_meetings,
                      P.min_participants))}
    end
    local mains, afters, lead, lead_label = {}, {}, nil, nil
    for _, s in ipairs(chosen) do
      local part = participation(net, s, unit_size, P)
      mains[#mains + 1] = main_finding(s, part, P)
      local f, label = afterlife_finding(s, P)
      afters[#afters + 1] = f
      local ended = label == "falmer" or label == "varig"
      local better = not lead
        or (ended and not lead.ended)
        or (ended == lead.ended and (s.new_pairs or 0) > (lead.s.new_pairs or 0))
        or (ended == lead.ended and (s.new_pairs or 0) == (lead.s.new_pairs or 0)
            and s.participants > lead.s.participants)
      if better then lead, lead_label = {s = s, ended = ended, f = f}, label end
    end
    local ls = lead.s
    local hl_en = ls.half_life_days and string.format("half-life %.0f days", ls.half_life_days)
      or "no half-life"
    local hl_nb = ls.half_life_days
      and string.format("halveringstid %.0f dager", ls.half_life_days) or "ingen halveringstid"
    local after = ls.after or {}
    local tail_en, tail_nb
    if lead.ended then
      tail_en = string.format("ended on %s; the direct contact of the %d pairs who first met "
                              .. "there went from %d in the first quarter after to %d in "
                              .. "quarter %d, %s", C.date(ls.last), ls.new_pairs, after[1] or 0,
                              after[#after] or 0, #after, hl_en)
      tail_nb = string.format("sluttet %s; den direkte kontakten mellom de %d parene som "
                              .. "møttes første gang der gikk fra %d i første kvartal etter til "
                              .. "%d i kvartal %d, %s", C.date(ls.last), ls.new_pairs,
                              after[1] or 0, after[#after] or 0, #after, hl_nb)
    else
      tail_en = string.format("%d gatherings from %s to %s", ls.meetings, C.date(ls.first),
                              C.date(ls.last))
      tail_nb = string.format("%d samlinger fra %s til %s", ls.meetings, C.date(ls.first),
                              C.date(ls.last))
    end
    local head = C.finding("network", "network", lead_label,
      {networks = #chosen, half_life_days = ls.half_life_days, new_pairs = ls.new_pairs,
       with_contact_after = ls.with_contact_after},
      string.format("%d learning network%s; %s %s: %s (%s).", #chosen,
                    #chosen == 1 and "" or "s", scope_of(ls), tail_en, lead_label,
                    EN[lead_label]),
      string.format("%d læringsnettverk; %s %s: %s.", #chosen, scope_of(ls), tail_nb,
                    lead_label))
    local out = {head}
    C.append(out, afters)
    C.append(out, mains)
    return out
  end,
}
