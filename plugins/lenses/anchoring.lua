-- anchoring.lua - is cross-boundary work anchored top-down, bottom-up, both
-- or not at all? (forankring), each organisation tested against its ranks
-- shuffled among its own staff
--
-- Sources (see the research brief): the article on establishing and
-- sustaining cooperation across boundaries (St. Olavs/RSSO): top-down
-- anchoring (ovenfra og ned) gives security and predictability, bottom-up
-- (nedenfra og opp) gives engagement, and the ideal is both; "strong
-- top-down steering provokes resistance"; the children's ADHD pathway was
-- driven by professionals while the adult pathway was anchored in the line.
-- The master's thesis on learning networks (Helse Fonna, Steinsland 2021):
-- the networks became top-heavy (topptunge), "we ended up with managers".
-- The governance tiers of a helsefellesskap map to rank top, middle and
-- frontline; leaders are rank top and middle.
--
-- Per organisation with at least min_actors actors (actor level, needs rank):
--   leader share    the share of the cross-organisation ties it starts
--                   (ties, not contacts: one busy tie is one relationship)
--                   that its leaders start
--   null            the ranks shuffled among the organisation's own staff
--                   (net:null_groups, strata organisation, `draws` draws):
--                   the share as many randomly chosen staff would start
--   effect          leader share minus the null mean
--   test            two-sided permutation p, corrected over the
--                   organisations judged (Holm)
-- Labels: ovenfra og ned when the effect is at least min_effect and
-- significant; nedenfra og opp when it is at most -min_effect and
-- significant (the frontline starts more than its number); uforankret when
-- leaders and frontline both start less than their numbers by min_effect,
-- significantly (actors without a rank carry the work); begge when the data
-- rule out a tilt of min_effect either way (|effect| + z(alpha) x null sd <
-- min_effect: leaders and frontline start in proportion to their numbers);
-- otherwise uavklart: for lite data (fewer than min_ties ties started, or no
-- leader or no frontline) or ikke signifikant. Evidence also gives the
-- downward reach (frontline within two steps of a boundary spanner) and
-- the direction of contacts across ranks inside the organisation.
-- topptung (an organisation): leaders among its boundary spanners against
-- their share of its actors (binomial, Holm), at least topheavy.
-- Gatherings (recurring, from min_orgs organisations; the max_initiatives
-- widest): topptung when leaders among the participants exceed their share
-- of the participating organisations' actors (binomial, Holm) and are at
-- least topheavy of them, else uavklart. The network: the same test pooled
-- over the organisations judged (ranks shuffled within each).
-- The permutation's mean and sd are exact (sampling without replacement);
-- an organisation whose effect reaches min_effect gets the empirical
-- permutation p from net:null_groups, the others (which can get no
-- directional label) a normal p from those moments.

local C = require "lib.common"

-- The test's method, draws and correction in short ("binomial test, Holm, 82
-- tests"); the p-value and the source follow in the report's tail.
local function method_text(test, lang)
  return C.test_text({method = test.method, draws = test.draws, correction = test.correction,
                      tests = test.tests}, lang)
end

local SOURCE = "St. Olavs/RSSO article on cross-boundary cooperation"
local TOPHEAVY_SOURCE = "Steinsland 2021"
local CONCEPT = "forankring"
local EN = {begge = "both", ["ovenfra og ned"] = "top-down", ["nedenfra og opp"] = "bottom-up",
            uforankret = "unanchored", uavklart = "unresolved"}
local RANK = {top = 3, middle = 2, frontline = 1}

local make = C.maker(CONCEPT, SOURCE)

-- The lens's concept and source on the extra fields of a C.uavklart finding.
local function extra(t)
  t.concept = t.concept or CONCEPT
  t.source = t.source or SOURCE
  return t
end

local pnorm, qnorm = stats.pnorm, stats.qnorm

local function leader(r) return r == "top" or r == "middle" end

-- Per organisation: ties started by rank, spanners, cross-rank direction, reach.
local function measure(net)
  local nodes, ties = net:columns{"organisation", "rank"}
  local org, rank = nodes.organisation, nodes.rank
  local orgs = {}
  for i = 1, #nodes.id do
    if org[i] then
      local o = orgs[org[i]]
      if not o then
        o = {name = org[i], start = {L = 0, F = 0, O = 0}, spanners = {}, frontline = {},
             down = 0, up = 0, started = 0, size = 0, leaders = 0, n_front = 0, t = {}}
        orgs[org[i]] = o
      end
      o.size = o.size + 1
      if leader(rank[i]) then o.leaders = o.leaders + 1 end
      if rank[i] == "frontline" then
        o.frontline[i] = true
        o.n_front = o.n_front + 1
      end
    end
  end
  local adj = {}
  local from, to, contacts = ties.from, ties.to, ties.contacts
  for k = 1, #from do
    local a, b = from[k], to[k]
    local oa, ob = org[a], org[b]
    if oa and ob and oa ~= ob then
      local o = orgs[oa]
      local r = leader(rank[a]) and "L" or (rank[a] == "frontline" and "F" or "O")
      o.start[r] = o.start[r] + 1
      o.started = o.started + 1
      o.t[a] = (o.t[a] or 0) + 1
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
    local reached, lead_sp, sp = 0, 0, 0
    for i in pairs(o.frontline) do
      if near[i] then reached = reached + 1 end
    end
    for i in pairs(o.spanners) do
      sp = sp + 1
      if leader(rank[i]) then lead_sp = lead_sp + 1 end
    end
    o.reached, o.n_spanners, o.leader_spanners = reached, sp, lead_sp
  end
  return orgs, nodes
end

return {
  name = "anchoring",
  title = {
    en = "Anchoring of cross-boundary work",
    nb = "Forankring av samarbeid på tvers",
  },
  description = {
    en = "Whether each organisation's leaders start more (top-down) or fewer (bottom-up) of its "
         .. "cross-boundary ties than as many of its staff chosen at random (forankring), or "
         .. "in proportion (both); and top-heavy organisations and gatherings (topptung).",
    nb = "Om lederne i hver organisasjon tar flere (ovenfra og ned) eller færre (nedenfra og "
         .. "opp) av dens bånd på tvers enn like mange tilfeldig valgte ansatte, eller i takt "
         .. "med antallet (begge); og topptunge organisasjoner og samlinger.",
  },
  concept = {en = "anchoring (forankring)", nb = CONCEPT},
  sources = {SOURCE, TOPHEAVY_SOURCE},
  detects = {
    {pattern = "top_down", level = "group", labels = {"ovenfra og ned"}},
  },
  params = {
    alpha = C.alpha_param,
    min_effect = {type = "number", default = 0.25, min = 0, max = 1,
                  doc = "the leader share must differ from the null mean by at least this "
                        .. "(begge: a tilt this large is ruled out)"},
    min_ties = C.min_param(20, "an organisation is judged from this many cross-organisation "
                               .. "ties it starts"),
    draws = {type = "integer", default = 500, min = 19,
             doc = "permutation draws (at least 5 x the organisations tested / alpha, so "
                   .. "that the smallest p survives the correction)"},
    topheavy = {type = "number", default = 0.5, min = 0, max = 1,
                doc = "topptung: leaders are at least this share of the spanners or "
                      .. "participants (and more than their share of the actors)"},
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
      return {C.uavklart("network", "network", "for lite data", {},
        "Anchoring needs the actor level (ranks of actors); this analysis is at the "
          .. net.level .. " level.",
        "Forankring trenger aktørnivået (nivået til hver aktør); denne analysen er på "
          .. net.level .. "-nivå.", extra{})}
    end
    local orgs, nodes = measure(net)
    local ids, org, rank = nodes.id, nodes.organisation, nodes.rank
    local z = qnorm(1 - P.alpha)

    local list, small = {}, 0
    for _, o in pairs(orgs) do
      if o.started > 0 or o.n_spanners > 0 then
        if o.size >= P.min_actors then list[#list + 1] = o else small = small + 1 end
      end
    end
    C.sort_desc(list, function(o) return o.started end, function(o) return o.name end)

    -- The permutation's mean and spread are exact: shuffling the ranks within
    -- an organisation of n actors, whose actors start t_i ties (T in all),
    -- puts the leader label on a random L of them, so the leaders' share has
    -- mean L / n and variance L (n - L) / (n (n - 1)) x sum (t_i - T/n)^2 / T^2.
    local function moments(o, k, T, ss)
      local n = o.size
      local mean = k / n
      local var = n > 1 and k * (n - k) / (n * (n - 1)) * ss / (T * T) or 0
      return mean, math.sqrt(math.max(0, var))
    end
    local tested, cands = {}, {}
    local pool = {obs = 0, mean = 0, var = 0, T = 0}
    for _, o in ipairs(list) do
      if o.started >= P.min_ties and o.leaders > 0 and o.n_front > 0 then
        local T = o.started
        local sq = 0
        for _, c in pairs(o.t) do sq = sq + c * c end
        local ss = sq - T * T / o.size
        o.obs, o.obsF = o.start.L / T, o.start.F / T
        o.mean, o.sd = moments(o, o.leaders, T, ss)
        o.meanF, o.sdF = moments(o, o.n_front, T, ss)
        o.effect, o.effF = o.obs - o.mean, o.obsF - o.meanF
        tested[#tested + 1] = o
        if math.abs(o.effect) >= P.min_effect or math.abs(o.effF) >= P.min_effect then
          cands[#cands + 1] = o
        end
        pool.obs = pool.obs + o.start.L
        pool.mean = pool.mean + o.mean * T
        pool.var = pool.var + (o.sd * T) ^ 2
        pool.T = pool.T + T
      end
    end
    -- Only an organisation whose effect reaches min_effect can get a
    -- directional label: those get the permutation p (enough draws for the
    -- correction over all organisations judged); the others a normal p.
    local null
    if #cands > 0 then
      local draws = math.max(P.draws, math.ceil(5 * #tested / P.alpha))
      local is_cand = {}
      for _, o in ipairs(cands) do is_cand[o.name] = true end
      local labels = {}
      for i = 1, #ids do
        if org[i] and is_cand[org[i]] then
          local r = leader(rank[i]) and "L" or (rank[i] == "frontline" and "F" or "O")
          labels[ids[i]] = org[i] .. "\0" .. r
        else
          labels[ids[i]] = "\0other"
        end
      end
      null = net:null_groups{labels = labels, ties = "cross:organisation",
                             strata = "organisation", weight = "ties", draws = draws}
    end
    local function normal_p(effect, sd)
      if sd <= 0 then return effect == 0 and 1 or 0 end
      return math.min(1, 2 * (1 - pnorm(math.abs(effect) / sd)))
    end
    local ps, psF = {}, {}
    for k, o in ipairs(tested) do
      local g = null and null.groups[o.name .. "\0L"]
      local gf = null and null.groups[o.name .. "\0F"]
      if g then
        o.p, o.pF, o.draws = g.start.p, gf and gf.start.p or 1, null.draws
      else
        o.p, o.pF = normal_p(o.effect, o.sd), normal_p(o.effF, o.sdF)
      end
      ps[k], psF[k] = o.p, o.pF
    end
    local qs = #ps > 0 and stats.p_adjust(ps, "holm") or {}
    local qf = #psF > 0 and stats.p_adjust(psF, "holm") or {}
    for k, o in ipairs(tested) do o.q, o.qF = qs[k], qf[k] end

    local org_fs, counts = {}, {}
    for _, o in ipairs(list) do
      local scores = {cross_ties_started = o.started, leaders = o.leaders,
                      frontline = o.n_front, actors = o.size, spanners = o.n_spanners,
                      leader_spanners = o.leader_spanners, frontline_reached = o.reached,
                      directives_down = o.down, escalations_up = o.up}
      local reach = o.n_front > 0 and o.reached / o.n_front or nil
      local down = o.down + o.up > 0 and o.down / (o.down + o.up) or nil
      scores.reach, scores.down_share = reach, down
      local uses = {"alpha", "min_effect", "min_ties", "draws"}
      local f
      if not o.obs then
        local missing = math.max(0, P.min_ties - o.started)
        local why_en, why_nb
        if o.leaders == 0 or o.n_front == 0 then
          why_en = string.format("%d leaders and %d frontline staff: no comparison of ranks",
                                 o.leaders, o.n_front)
          why_nb = string.format("%d ledere og %d i førstelinjen: ingen sammenligning av "
                                 .. "nivåer", o.leaders, o.n_front)
        else
          why_en = string.format("it starts %s across the boundary, %d short of %d",
                                 C.plural(o.started, "tie", "ties", "en"), missing, P.min_ties)
          why_nb = string.format("den tar %s på tvers, %d for få til %d",
                                 C.plural(o.started, "bånd", "bånd", "nb"), missing, P.min_ties)
        end
        f = C.uavklart("group", o.name, "for lite data", scores,
          string.format("%s: %s; anchoring cannot be judged.", o.name, why_en),
          string.format("%s: %s; forankringen kan ikke vurderes.", o.name,
                        why_nb),
          extra{uses = uses, test = {method = "permutation", missing = missing}})
      else
        local T = o.started
        local obs, mean, sd, effect, effF = o.obs, o.mean, o.sd, o.effect, o.effF
        scores.leader_share, scores.null_mean, scores.null_sd = obs, mean, sd
        scores.effect, scores.p, scores.p_adjusted = effect, o.p, o.q
        local label
        if o.q < P.alpha and effect >= P.min_effect then
          label = "ovenfra og ned"
        elseif o.q < P.alpha and effect <= -P.min_effect and o.qF < P.alpha
          and effF <= -P.min_effect then
          label = "uforankret"
        elseif o.q < P.alpha and effect <= -P.min_effect then
          label = "nedenfra og opp"
        elseif math.abs(effect) + z * sd < P.min_effect then
          label = "begge"
        end
        local test = {method = o.draws and "permutation" or "permutation (normal p)", p = o.p,
                      p_adjusted = o.q, correction = "holm",
                      draws = o.draws, effect = effect, null_mean = mean, null_sd = sd,
                      tests = #tested}
        local en = string.format(
          "%s: leaders (%d of %d actors) started %s of the %s it started across the boundary, "
          .. "against %s when its ranks are shuffled among its staff (difference %s; %s); %d "
          .. "of its %d frontline staff are within two steps of its %d boundary spanners",
          o.name, o.leaders, o.size, C.pct(obs, "en"),
          C.plural(T, "tie", "ties", "en"), C.pct(mean, "en"),
          C.num(effect, "en", 2), method_text(test, "en"), o.reached, o.n_front, o.n_spanners)
        local nb = string.format(
          "%s: ledere (%d av %d aktører) tok %s av de %s båndene den tok på tvers, mot %s når "
          .. "nivåene stokkes blant de ansatte (forskjell %s; %s); %d av dens %d i førstelinjen er "
          .. "innen to steg fra dens %d grensearbeidere",
          o.name, o.leaders, o.size, C.pct(obs, "nb"), C.num(T, "nb"),
          C.pct(mean, "nb"), C.num(effect, "nb", 2), method_text(test, "nb"), o.reached,
          o.n_front, o.n_spanners)
        if down then
          en = en .. string.format("; inside, %s of the contacts across ranks go down and %s up",
                                   C.pct(down, "en"), C.pct(1 - down, "en"))
          nb = nb .. string.format("; internt går %s av kontaktene mellom nivåer nedover og %s "
                                   .. "oppover", C.pct(down, "nb"), C.pct(1 - down, "nb"))
        end
        if label then
          local why_en = ({
            ["ovenfra og ned"] = string.format("leaders start more than their number, by %s or "
                                               .. "more", C.num(P.min_effect, "en", 2)),
            ["nedenfra og opp"] = string.format("the frontline starts more than its number; "
                                                .. "leaders fall short by %s or more",
                                                C.num(P.min_effect, "en", 2)),
            uforankret = "neither leaders nor frontline start their part",
            begge = string.format("a tilt of %s either way is ruled out",
                                  C.num(P.min_effect, "en", 2)),
          })[label]
          local why_nb = ({
            ["ovenfra og ned"] = string.format("ledere tar mer enn antallet tilsier, med minst %s",
                                               C.num(P.min_effect, "nb", 2)),
            ["nedenfra og opp"] = string.format("førstelinjen tar mer enn antallet tilsier; "
                                                .. "ledere ligger minst %s under",
                                                C.num(P.min_effect, "nb", 2)),
            uforankret = "verken ledere eller førstelinjen tar sin del",
            begge = string.format("en skjevhet på %s i noen retning er utelukket",
                                  C.num(P.min_effect, "nb", 2)),
          })[label]
          f = make{level = "group", scope = o.name, label = label, scores = scores, test = test,
                   uses = uses,
                   en = string.format("%s; %s: %s (%s).", en, why_en, label, EN[label]),
                   nb = string.format("%s; %s: %s.", nb, why_nb, label)}
        else
          f = C.uavklart("group", o.name, "ikke signifikant", scores,
            en .. "; neither a tilt nor its absence is shown.",
            nb .. "; verken skjevhet eller fravær av skjevhet er vist.",
            extra{uses = uses, test = test})
        end
      end
      counts[f.label] = (counts[f.label] or 0) + 1
      org_fs[#org_fs + 1] = f
    end

    -- top-heavy organisations: leaders among the spanners
    local heavy_c, heavy_ps = {}, {}
    for _, o in ipairs(list) do
      if o.n_spanners >= 2 and o.leaders > 0 then
        heavy_c[#heavy_c + 1] = o
        heavy_ps[#heavy_ps + 1] = stats.binom_test(o.leader_spanners, o.n_spanners,
                                                   o.leaders / o.size, "greater")
      end
    end
    local heavy_qs = #heavy_ps > 0 and stats.p_adjust(heavy_ps, "holm") or {}
    local heavy = {}
    for k, o in ipairs(heavy_c) do
      local share = o.leader_spanners / o.n_spanners
      if heavy_qs[k] < P.alpha and share >= P.topheavy then
        local test = {method = "binomial", p = heavy_ps[k], p_adjusted = heavy_qs[k],
                      correction = "holm", effect = share, null_mean = o.leaders / o.size,
                      tests = #heavy_c}
        heavy[#heavy + 1] = make{level = "group", scope = o.name, label = "topptung",
          source = TOPHEAVY_SOURCE, test = test, uses = {"alpha", "topheavy"},
          scores = {leader_spanners = o.leader_spanners, spanners = o.n_spanners,
                    leader_spanner_share = share, leader_share = o.leaders / o.size},
          en = string.format("%s: %d of its %d boundary spanners are leaders (%s; %s %s), "
                             .. "against %s of its actors (%s): top-heavy cross-boundary work "
                             .. "(topptung).", o.name, o.leader_spanners, o.n_spanners,
                             C.pct(share, "en", P.topheavy), ">=",
                             C.pct(P.topheavy, "en"), C.pct(o.leaders / o.size, "en"),
                             method_text(test, "en")),
          nb = string.format("%s: %d av dens %d grensearbeidere er ledere (%s; >= %s), mot %s "
                             .. "av aktørene (%s): topptungt samarbeid på tvers.", o.name,
                             o.leader_spanners, o.n_spanners, C.pct(share, "nb", P.topheavy),
                             C.pct(P.topheavy, "nb"), C.pct(o.leaders / o.size, "nb"),
                             method_text(test, "nb"))}
      end
    end

    -- gatherings: leaders among the participants
    local inits, init_counts = {}, {}
    do
      local series = net:series{min_organisations = P.min_orgs, min_meetings = P.min_meetings}
      table.sort(series, function(x, y)
        if x.organisations ~= y.organisations then return x.organisations > y.organisations end
        if x.participants ~= y.participants then return x.participants > y.participants end
        if x.meetings ~= y.meetings then return x.meetings > y.meetings end
        return x.id < y.id
      end)
      local rows, gps = {}, {}
      for i, s in ipairs(series) do
        if i > P.max_initiatives then break end
        local n, leaders, in_orgs = 0, 0, {}
        for id in pairs(s.attendance) do
          local a = net:actor(id)
          n = n + 1
          if a and leader(a.rank) then leaders = leaders + 1 end
          if a and a.organisation then in_orgs[a.organisation] = true end
        end
        local pool, pool_l = 0, 0
        for name in pairs(in_orgs) do
          local o = orgs[name]
          if o then
            pool, pool_l = pool + o.size, pool_l + o.leaders
          end
        end
        local p0 = pool > 0 and pool_l / pool or 0
        local p = stats.binom_test(leaders, n, p0, "greater")
        rows[#rows + 1] = {s = s, n = n, leaders = leaders, p0 = p0, p = p}
        gps[#gps + 1] = p
      end
      local gqs = #gps > 0 and stats.p_adjust(gps, "holm") or {}
      for k, r in ipairs(rows) do
        local s = r.s
        local scope = string.format("%s (%s–%s)", s.label ~= "" and s.label or s.id, s.id,
                                    s.last_id)
        local share = r.n > 0 and r.leaders / r.n or 0
        local test = {method = "binomial", p = r.p, p_adjusted = gqs[k], correction = "holm",
                      effect = share, null_mean = r.p0, tests = #rows}
        local sc = {participants = r.n, leaders = r.leaders, leader_share = share,
                    expected_share = r.p0, meetings = s.meetings,
                    organisations = s.organisations}
        local en = string.format("The gathering %s (%d meetings, %d organisations): %d of its "
                                 .. "%d participants are leaders (%s), against %s of the actors "
                                 .. "of the organisations taking part (%s)", scope, s.meetings,
                                 s.organisations, r.leaders, r.n,
                                 C.pct(share, "en", P.topheavy), C.pct(r.p0, "en"),
                                 method_text(test, "en"))
        local nb = string.format("Samlingen %s (%d møter, %d organisasjoner): %d av dens %d "
                                 .. "deltakere er ledere (%s), mot %s av aktørene i "
                                 .. "organisasjonene som deltar (%s)", scope, s.meetings,
                                 s.organisations, r.leaders, r.n,
                                 C.pct(share, "nb", P.topheavy), C.pct(r.p0, "nb"),
                                 method_text(test, "nb"))
        local f
        if gqs[k] < P.alpha and share >= P.topheavy then
          f = make{level = "group", scope = scope, label = "topptung", scores = sc, test = test,
                   source = TOPHEAVY_SOURCE, uses = {"alpha", "topheavy"},
                   en = en .. string.format(": topptung (top-heavy; >= %s).",
                                            C.pct(P.topheavy, "en")),
                   nb = nb .. string.format(": topptung (>= %s).", C.pct(P.topheavy, "nb"))}
        else
          f = C.uavklart("group", scope, "ikke signifikant", sc,
            en .. string.format(": not shown top-heavy (>= %s).",
                                C.pct(P.topheavy, "en")),
            nb .. string.format(": ikke vist topptung (>= %s).",
                                C.pct(P.topheavy, "nb")),
            extra{source = TOPHEAVY_SOURCE, uses = {"alpha", "topheavy"}, test = test})
        end
        init_counts[f.label] = (init_counts[f.label] or 0) + 1
        inits[#inits + 1] = f
      end
    end

    -- the network: the pooled test
    local head_sc = {organisations = #list, small_organisations = small,
                     judged = #tested, begge = counts.begge or 0,
                     top_down = counts["ovenfra og ned"] or 0,
                     bottom_up = counts["nedenfra og opp"] or 0,
                     unanchored = counts.uforankret or 0, unresolved = counts.uavklart or 0,
                     topheavy_organisations = #heavy, gatherings = #inits,
                     topheavy_gatherings = init_counts.topptung or 0}
    local parts_en, parts_nb = {}, {}
    for _, l in ipairs{"ovenfra og ned", "nedenfra og opp", "begge", "uforankret", "uavklart"} do
      local n = counts[l] or 0
      if n > 0 then
        parts_en[#parts_en + 1] = string.format("%d %s (%s)", n, l, EN[l])
        parts_nb[#parts_nb + 1] = string.format("%d %s", n, l)
      end
    end
    local orgs_en = string.format("Of %s with cross-boundary work and at least %d actors: %s; "
                                  .. "%d top-heavy (%d smaller left out); of %s: %d topptung",
                                  C.plural(#list, "organisation", "organisations", "en"),
                                  P.min_actors, #parts_en > 0 and table.concat(parts_en, ", ")
                                    or "none", #heavy, small,
                                  C.plural(#inits, "gathering", "gatherings", "en"),
                                  init_counts.topptung or 0)
    local orgs_nb = string.format("Av %s med samarbeid på tvers og minst %d aktører: %s; %d "
                                  .. "topptunge (%d mindre utelatt); av %s: %d topptunge",
                                  C.plural(#list, "organisasjon", "organisasjoner", "nb"),
                                  P.min_actors, #parts_nb > 0 and table.concat(parts_nb, ", ")
                                    or "ingen", #heavy, small,
                                  C.plural(#inits, "samling", "samlinger", "nb"),
                                  init_counts.topptung or 0)
    local head
    if pool.T < P.min_ties then
      head = C.uavklart("network", "network", "for lite data", head_sc,
        orgs_en .. "; too few cross-boundary ties started in organisations that can be judged.",
        orgs_nb .. "; for få bånd på tvers tatt i organisasjoner som kan vurderes.",
        extra{uses = {"min_ties"},
              test = {method = "permutation", missing = math.max(0, P.min_ties - pool.T)}})
    else
      -- the organisations judged, pooled: strata are independent, so the
      -- leaders' count has the sum of their means and variances (normal p)
      local S = {observed = pool.obs / pool.T, mean = pool.mean / pool.T,
                 sd = math.sqrt(pool.var) / pool.T}
      local effect = S.observed - S.mean
      S.p = normal_p(effect, S.sd)
      local label
      if S.p < P.alpha and effect >= P.min_effect then
        label = "ovenfra og ned"
      elseif S.p < P.alpha and effect <= -P.min_effect then
        label = "nedenfra og opp"
      elseif math.abs(effect) + z * S.sd < P.min_effect then
        label = "begge"
      end
      head_sc.leader_share, head_sc.null_mean, head_sc.effect = S.observed, S.mean, effect
      local test = {method = "permutation (normal p)", p = S.p, correction = "none",
                    effect = effect, null_mean = S.mean, null_sd = S.sd}
      local en = string.format("%s. Over all organisations, leaders start %s of the "
                               .. "cross-boundary ties against %s with ranks shuffled within "
                               .. "each organisation (difference %s; %s)", orgs_en,
                               C.pct(S.observed, "en"), C.pct(S.mean, "en"),
                               C.num(effect, "en", 2), method_text(test, "en"))
      local nb = string.format("%s. Samlet tar ledere %s av båndene på tvers, mot %s når "
                               .. "nivåene stokkes i hver organisasjon (forskjell %s; %s)",
                               orgs_nb, C.pct(S.observed, "nb"), C.pct(S.mean, "nb"),
                               C.num(effect, "nb", 2), method_text(test, "nb"))
      if label then
        head = make{level = "network", scope = "network", label = label, scores = head_sc,
                    test = test, uses = {"alpha", "min_effect", "draws"},
                    en = en .. string.format(": %s (%s).", label, EN[label]),
                    nb = nb .. ": " .. label .. "."}
      else
        head = C.uavklart("network", "network", "ikke signifikant", head_sc,
          en .. ".", nb .. ".",
          extra{uses = {"alpha", "min_effect", "draws"}, test = test})
      end
    end
    local out = {head}
    C.append(out, org_fs)
    C.append(out, heavy)
    C.append(out, inits)
    return out
  end,
}
