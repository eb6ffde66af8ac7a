-- anchoring.lua - is cross-boundary work anchored top-down, bottom-up, both
-- or not at all? (forankring)
--
-- Sources (see the research brief): the article on establishing and
-- sustaining cooperation across boundaries (St. Olavs/RSSO): top-down
-- anchoring (ovenfra og ned) gives security and predictability, bottom-up
-- (nedenfra og opp) gives engagement, and the ideal is both; "strong
-- top-down steering provokes resistance"; the children's ADHD pathway was
-- driven by professionals ("nobody in the working groups held a management
-- position") while the adult pathway was anchored in the line. The master's
-- thesis on learning networks (Helse Fonna): the networks became top-heavy
-- (topptunge), "we ended up with managers". The governance tiers of a
-- helsefellesskap map to rank top, middle and frontline.
--
-- Per organisation with cross-boundary ties (actor level, needs rank):
--   leader start share     share of the contacts it starts across the
--                          boundary that leaders (rank top or middle) start
--   frontline start share  the same for frontline staff
--   leaders among spanners share of its boundary spanners (actors with a
--                          tie to another organisation) who are leaders
--   direction              inside it, contacts from a higher to a lower rank
--                          (directives down) against lower to higher
--                          (escalations up)
--   downward reach         share of its frontline staff within two steps
--                          (its own ties, either direction) of a spanner
-- Rules (parameters): line anchoring when leader start share >=
-- leader_min; practice anchoring when frontline start share >=
-- frontline_min and downward reach >= reach_min. Both: begge; line only:
-- ovenfra og ned; practice only: nedenfra og opp; neither: uforankret;
-- fewer than min_contacts cross-boundary contacts: uavklart. Organisations
-- with fewer than min_actors actors are left out (counted). topptung
-- (top-heavy) when leaders are at least topheavy of the spanners.
-- Initiatives: recurring gatherings (net:series) with participants from at
-- least min_orgs organisations (the max_initiatives widest), labelled by who
-- takes part: leaders
-- (leader_min of the participants) and frontline (frontline_min), and
-- topptung when leaders are at least topheavy of them.

local C = require "lib.common"

local EN = {begge = "both", ["ovenfra og ned"] = "top-down", ["nedenfra og opp"] = "bottom-up",
            uforankret = "unanchored", uavklart = "unresolved"}
local RANK = {top = 3, middle = 2, frontline = 1}

local function label_of(line, practice)
  if line and practice then return "begge" end
  if line then return "ovenfra og ned" end
  if practice then return "nedenfra og opp" end
  return "uforankret"
end

-- Per organisation: starts by rank, spanners, cross-rank direction, reach.
local function measure(net, P)
  local nodes, ties = net:columns{"organisation", "rank"}
  local org, rank = nodes.organisation, nodes.rank
  local orgs = {}
  for i = 1, #nodes.id do
    if org[i] then
      local o = orgs[org[i]]
      if not o then
        o = {name = org[i], start = {top = 0, middle = 0, frontline = 0, other = 0},
             spanners = {}, frontline = {}, down = 0, up = 0, started = 0, size = 0}
        orgs[org[i]] = o
      end
      o.size = o.size + 1
      if rank[i] == "frontline" then o.frontline[i] = true end
    end
  end
  local adj = {} -- inside each organisation, undirected, by node index
  local from, to, contacts = ties.from, ties.to, ties.contacts
  for k = 1, #from do
    local a, b = from[k], to[k]
    local oa, ob = org[a], org[b]
    if oa and ob and oa ~= ob then
      local o = orgs[oa]
      local r = RANK[rank[a]] and rank[a] or "other"
      o.start[r] = o.start[r] + contacts[k]
      o.started = o.started + contacts[k]
      o.spanners[a] = true
      orgs[ob].spanners[b] = true
    elseif oa and oa == ob then
      local la, lb = adj[a], adj[b]
      if not la then la = {}; adj[a] = la end
      if not lb then lb = {}; adj[b] = lb end
      la[#la + 1] = b
      lb[#lb + 1] = a
      local ra, rb = RANK[rank[a]], RANK[rank[b]]
      if ra and rb and ra ~= rb then
        if ra > rb then orgs[oa].down = orgs[oa].down + contacts[k]
        else orgs[oa].up = orgs[oa].up + contacts[k] end
      end
    end
  end
  for _, o in pairs(orgs) do
    -- frontline within two steps of a spanner (breadth first, each node expanded once)
    local near, frontier = {}, {}
    for i in pairs(o.spanners) do
      near[i] = true
      frontier[#frontier + 1] = i
    end
    for _ = 1, 2 do
      local next_ = {}
      for _, i in ipairs(frontier) do
        for _, n1 in ipairs(adj[i] or {}) do
          if not near[n1] then
            near[n1] = true
            next_[#next_ + 1] = n1
          end
        end
      end
      frontier = next_
    end
    local fl, reached, leaders, spanners = 0, 0, 0, 0
    for i in pairs(o.frontline) do
      fl = fl + 1
      if near[i] then reached = reached + 1 end
    end
    for i in pairs(o.spanners) do
      spanners = spanners + 1
      if rank[i] == "top" or rank[i] == "middle" then leaders = leaders + 1 end
    end
    o.n_frontline, o.reached, o.n_spanners, o.leader_spanners = fl, reached, spanners, leaders
  end
  return orgs
end

local function org_finding(o, P)
  local known = o.start.top + o.start.middle + o.start.frontline
  local scores = {cross_contacts = o.started, spanners = o.n_spanners,
                  leader_spanners = o.leader_spanners, frontline = o.n_frontline,
                  frontline_reached = o.reached, directives_down = o.down,
                  escalations_up = o.up}
  if known < P.min_contacts then
    return C.finding("group", o.name, "uavklart", scores,
      string.format("%s started only %d cross-boundary contacts by actors with a known rank "
                    .. "(< %d): anchoring cannot be judged.", o.name, known, P.min_contacts),
      string.format("%s tok bare %d kontakter på tvers av aktører med kjent nivå (< %d): "
                    .. "forankringen kan ikke vurderes.", o.name, known, P.min_contacts))
  end
  local lead = (o.start.top + o.start.middle) / known
  local front = o.start.frontline / known
  local reach = o.n_frontline > 0 and o.reached / o.n_frontline or nil
  local down = o.down + o.up > 0 and o.down / (o.down + o.up) or nil
  scores.leader_start_share = lead
  scores.frontline_start_share = front
  scores.reach = reach
  scores.down_share = down
  scores.leader_spanner_share = o.n_spanners > 0 and o.leader_spanners / o.n_spanners or nil
  local line = lead >= P.leader_min
  local practice = front >= P.frontline_min and (reach or 0) >= P.reach_min
  local label = label_of(line, practice)
  local en = string.format(
    "%s: leaders started %s of its %d cross-boundary contacts (%s %s) and frontline staff %s "
    .. "(%s %s); %d of its %d frontline staff are within two steps of its %d boundary "
    .. "spanners (%s, %s %s)", o.name, C.pct(lead), known, line and ">=" or "<",
    C.pct(P.leader_min), C.pct(front), front >= P.frontline_min and ">=" or "<",
    C.pct(P.frontline_min), o.reached, o.n_frontline, o.n_spanners, C.pct(reach),
    (reach or 0) >= P.reach_min and ">=" or "<", C.pct(P.reach_min))
  local nb = string.format(
    "%s: ledere tok %s av dens %d kontakter på tvers (%s %s) og ansatte i førstelinjen %s "
    .. "(%s %s); %d av dens %d i førstelinjen er innen to steg fra dens %d grensearbeidere "
    .. "(%s, %s %s)", o.name, C.pct_nb(lead), known, line and ">=" or "<",
    C.pct_nb(P.leader_min), C.pct_nb(front), front >= P.frontline_min and ">=" or "<",
    C.pct_nb(P.frontline_min), o.reached, o.n_frontline, o.n_spanners, C.pct_nb(reach),
    (reach or 0) >= P.reach_min and ">=" or "<", C.pct_nb(P.reach_min))
  if down then
    en = en .. string.format("; inside, %s of the contacts across ranks go down (directives) "
                             .. "and %s up (escalations)", C.pct(down), C.pct(1 - down))
    nb = nb .. string.format("; internt går %s av kontaktene mellom nivåer nedover "
                             .. "(styring) og %s oppover (eskalering)", C.pct_nb(down),
                             C.pct_nb(1 - down))
  end
  return C.finding("group", o.name, label, scores,
                   en .. string.format(": %s (%s).", label, EN[label]), nb .. ": " .. label .. ".")
end

local function topheavy_finding(o, P)
  local share = o.n_spanners > 0 and o.leader_spanners / o.n_spanners or 0
  if o.n_spanners < 2 or share < P.topheavy then return nil end
  return C.finding("group", o.name, "topptung",
    {leader_spanners = o.leader_spanners, spanners = o.n_spanners, leader_spanner_share = share},
    string.format("%s: %d of its %d boundary spanners are leaders (%s >= %s): top-heavy "
                  .. "cross-boundary work.", o.name, o.leader_spanners, o.n_spanners,
                  C.pct(share), C.pct(P.topheavy)),
    string.format("%s: %d av dens %d grensearbeidere er ledere (%s >= %s): topptungt "
                  .. "samarbeid på tvers.", o.name, o.leader_spanners, o.n_spanners,
                  C.pct_nb(share), C.pct_nb(P.topheavy)))
end

-- Recurring gatherings across organisations: who takes part, by rank.
local function initiative_findings(net, P)
  local out = {}
  local list = net:series{min_organisations = P.min_orgs, min_meetings = P.min_meetings}
  table.sort(list, function(x, y)
    if x.organisations ~= y.organisations then return x.organisations > y.organisations end
    if x.participants ~= y.participants then return x.participants > y.participants end
    if x.meetings ~= y.meetings then return x.meetings > y.meetings end
    return x.id < y.id
  end)
  for i, s in ipairs(list) do
    if i <= P.max_initiatives then
      local n, leaders, front = 0, 0, 0
      for id in pairs(s.attendance) do
        local a = net:actor(id)
        n = n + 1
        if a and (a.rank == "top" or a.rank == "middle") then leaders = leaders + 1 end
        if a and a.rank == "frontline" then front = front + 1 end
      end
      local scope = string.format("%s (%s–%s)", s.label ~= "" and s.label or s.id, s.id,
                                  s.last_id)
      local ls, fs = leaders / n, front / n
      local label = label_of(ls >= P.leader_min, fs >= P.frontline_min)
      local scores = {participants = n, leaders = leaders, frontline = front, leader_share = ls,
                      frontline_share = fs, meetings = s.meetings, organisations = s.organisations}
      out[#out + 1] = C.finding("group", scope, label, scores,
        string.format("The gathering %s (%d meetings, %d organisations): %d of its %d "
                      .. "participants are leaders (%s) and %d frontline staff (%s); organised "
                      .. "by %s: %s (%s).", scope, s.meetings, s.organisations, leaders, n,
                      C.pct(ls), front, C.pct(fs), s.organiser, label, EN[label]),
        string.format("Samlingen %s (%d møter, %d organisasjoner): %d av dens %d deltakere er "
                      .. "ledere (%s) og %d i førstelinjen (%s); organisert av %s: %s.", scope,
                      s.meetings, s.organisations, leaders, n, C.pct_nb(ls), front,
                      C.pct_nb(fs), s.organiser, label))
      if ls >= P.topheavy then
        out[#out + 1] = C.finding("group", scope, "topptung", scores,
          string.format("The gathering %s is top-heavy: %s of its participants are leaders "
                        .. "(>= %s).", scope, C.pct(ls), C.pct(P.topheavy)),
          string.format("Samlingen %s er topptung: %s av deltakerne er ledere (>= %s).", scope,
                        C.pct_nb(ls), C.pct_nb(P.topheavy)))
      end
    end
  end
  return out
end

return {
  name = "anchoring",
  title = {
    en = "Anchoring of cross-boundary work",
    nb = "Forankring av samarbeid på tvers",
  },
  description = {
    en = "Labels each organisation and cross-organisation gathering top-down, bottom-up, both "
         .. "or unanchored by who starts and carries the cross-boundary work (forankring), "
         .. "and flags top-heavy work (topptung).",
    nb = "Merker hver organisasjon og hver samling på tvers som forankret ovenfra og ned, "
         .. "nedenfra og opp, begge eller uforankret etter hvem som tar og bærer samarbeidet "
         .. "på tvers, og viser topptungt samarbeid.",
  },
  concept = "forankring",
  params = {
    leader_min = {type = "number", default = 0.15, min = 0, max = 1,
                  doc = "line anchoring: leaders start at least this share (initiatives: "
                        .. "are this share of the participants)"},
    frontline_min = {type = "number", default = 0.3, min = 0, max = 1,
                     doc = "practice anchoring: frontline staff start at least this share"},
    reach_min = {type = "number", default = 0.5, min = 0, max = 1,
                 doc = "practice anchoring: this share of the frontline within two steps of "
                       .. "a boundary spanner"},
    topheavy = {type = "number", default = 0.5, min = 0, max = 1,
                doc = "topptung: leaders are at least this share of the spanners or participants"},
    min_contacts = {type = "integer", default = 20, min = 1,
                    doc = "an organisation with fewer cross-boundary contacts is uavklart"},
    min_actors = {type = "integer", default = 3, min = 1,
                  doc = "organisations with fewer actors are left out (a GP office, a NAV "
                        .. "office of one or two)"},
    min_orgs = {type = "integer", default = 3, min = 2,
                doc = "a gathering counts as a cross-boundary initiative from this many "
                      .. "organisations"},
    min_meetings = {type = "integer", default = 4, min = 2,
                    doc = "a gathering needs this many meetings"},
    max_initiatives = {type = "integer", default = 10, min = 0,
                       doc = "gatherings reported, most organisations and participants first"},
  },

  run = function(net, params)
    local P = params
    if net.level ~= "actor" then
      return {C.finding("network", "network", "uavklart", {},
        "Anchoring needs the actor level (ranks of actors); this analysis is at the "
          .. net.level .. " level.",
        "Forankring trenger aktørnivået (nivået til hver aktør); denne analysen er på "
          .. net.level .. "-nivå.")}
    end
    local orgs = measure(net, P)
    local list, small = {}, 0
    for _, o in pairs(orgs) do
      if (o.started > 0 or o.n_spanners > 0) and o.size >= P.min_actors then
        list[#list + 1] = o
      elseif o.started > 0 or o.n_spanners > 0 then
        small = small + 1
      end
    end
    C.sort_desc(list, function(o) return o.started end, function(o) return o.name end)
    local org_findings, heavy, counts = {}, {}, {}
    for _, o in ipairs(list) do
      local f = org_finding(o, P)
      counts[f.label] = (counts[f.label] or 0) + 1
      org_findings[#org_findings + 1] = f
      local h = topheavy_finding(o, P)
      if h then heavy[#heavy + 1] = h end
    end
    local inits = initiative_findings(net, P)
    -- the network: the most common label among the resolved organisations
    local best, best_n, parts_en, parts_nb = "uavklart", 0, {}, {}
    for _, l in ipairs{"begge", "ovenfra og ned", "nedenfra og opp", "uforankret", "uavklart"} do
      local n = counts[l] or 0
      if n > 0 then
        parts_en[#parts_en + 1] = string.format("%d %s (%s)", n, l, EN[l])
        parts_nb[#parts_nb + 1] = string.format("%d %s", n, l)
      end
      if l ~= "uavklart" and n > best_n then best, best_n = l, n end
    end
    local head = C.finding("network", "network", best,
      {organisations = #list, small_organisations = small, begge = counts.begge or 0,
       top_down = counts["ovenfra og ned"] or 0, bottom_up = counts["nedenfra og opp"] or 0,
       unanchored = counts.uforankret or 0, unresolved = counts.uavklart or 0,
       topheavy = #heavy, initiatives = #inits},
      string.format("Of %d organisations with cross-boundary work and at least %d actors: %s; "
                    .. "%d top-heavy (%d smaller organisations left out).", #list,
                    P.min_actors, #parts_en > 0 and table.concat(parts_en, ", ") or "none",
                    #heavy, small),
      string.format("Av %d organisasjoner med samarbeid på tvers og minst %d aktører: %s; %d "
                    .. "topptunge (%d mindre organisasjoner utelatt).", #list, P.min_actors,
                    #parts_nb > 0 and table.concat(parts_nb, ", ") or "ingen", #heavy, small))
    local out = {head}
    C.append(out, org_findings)
    C.append(out, inits)
    C.append(out, heavy)
    return out
  end,
}
