-- coordinator.lua - coordinators as junction boxes (koblingsboks), buffers,
-- and the three coordinator paradoxes
--
-- Sources (see the research brief): the open-access book on organisational
-- perspectives on coordination (2019), chapter 5: the allocation office as
-- a junction box, "both vertical and horizontal contact goes via the office,
-- and less between frontline workers"; coordinators "should also be called
-- buffers, gatekeepers and system-preservers"; the three paradoxes: a
-- coordinator scheme preserves differentiation instead of reducing it when
-- external contact goes via the coordinator; it is organised inside the
-- existing subsystems and reinforces them; it creates a need to coordinate
-- the coordinators.
--
-- Coordinators: actors of type coordinator, and the staff of coordinating
-- units (unit names containing one of coordinator_units: the allocation
-- office, the coordinating unit, the collaboration unit). Measures:
--   path share      share of the brokered cross-boundary two-paths
--                   (Gould-Fernandez representative, gatekeeper and liaison
--                   roles over the first partition, organisation by
--                   default) whose broker is a coordinator, against their
--                   share of the actors
--   buffer index    per unit (organisation / unit) that is not a
--                   coordinating unit: its contacts with coordinators of its
--                   own organisation over those plus its contacts with other
--                   organisations; its trend by trend_window
--   coordinator ties share of the ties with a coordinator at an end that
--                   have coordinators at both ends
--   inside share    share of the coordinators' contacts that stay inside
--                   their own organisation
-- Labels (parameters): the network is koblingsboks when coordinators broker
-- at least junction_share of the cross-boundary paths, else fordelt; each
-- coordinator with at least actor_share of them is a koblingsboks, other
-- coordinators koordinator; a unit is bufret (buffered) when its buffer
-- index is at least buffer_high, else direkte; uavklart under min_contacts.
-- The paradoxes are påvist (found) or ikke påvist: 1 bevarer
-- differensiering (the contact-weighted buffer index >= buffer_high), 2
-- forsterker delsystemene (inside share >= inside_high), 3 koordinering av
-- koordinatorene (coordinator ties >= coordinator_ties_min).

local C = require "lib.common"

local CROSS_ROLES = {"representative", "gatekeeper", "liaison"}

local function cross_brokerage(v)
  if not v.brokerage then return 0 end
  local n = 0
  for _, r in ipairs(CROSS_ROLES) do n = n + (v.brokerage[r] or 0) end
  return n
end

local function unit_of(v)
  if not v.organisation or not v.unit then return nil end
  return v.organisation .. " / " .. v.unit
end

-- Least-squares change over the span of ys at positions xs.
local function change(xs, ys)
  local n = #xs
  if n < 2 then return nil end
  local mx, my = stats.mean(xs), stats.mean(ys)
  local sxx, sxy = 0, 0
  for i = 1, n do
    sxx = sxx + (xs[i] - mx) ^ 2
    sxy = sxy + (xs[i] - mx) * (ys[i] - my)
  end
  return sxx > 0 and sxy / sxx * (xs[n] - xs[1]) or 0
end

local function paradox(name_en, name_nb, found, scores, en, nb)
  local label = found and "påvist" or "ikke påvist"
  return C.finding("network", name_nb, label, scores,
    string.format("Paradox %s: %s: %s.", name_en, en, found and "found" or "not found"),
    string.format("Paradoks %s: %s: %s.", name_nb, nb, label))
end

return {
  name = "coordinator",
  title = {
    en = "Coordinators as junction boxes",
    nb = "Koordinatoren som koblingsboks",
  },
  description = {
    en = "How much cross-boundary contact runs through coordinators and coordinating units "
         .. "(koblingsboks), how much of each unit's external contact they buffer, and the "
         .. "three coordinator paradoxes.",
    nb = "Hvor mye av kontakten på tvers som går gjennom koordinatorer og koordinerende "
         .. "enheter (koblingsboks), hvor mye av hver enhets eksterne kontakt de bufrer, og "
         .. "de tre koordinatorparadoksene.",
  },
  concept = "koordinator (koblingsboks, buffer)",
  params = {
    coordinator_units = {type = "string",
                         default = "tildeling,tenestekontor,koordinerende,koordinerande,samhandling",
                         doc = "units whose staff count as coordinators (parts of the name)"},
    junction_share = {type = "number", default = 0.25, min = 0, max = 1,
                      doc = "koblingsboks (network): coordinators broker at least this share "
                            .. "of the cross-boundary paths"},
    actor_share = {type = "number", default = 0.05, min = 0, max = 1,
                   doc = "koblingsboks (a coordinator): it brokers at least this share"},
    top = {type = "integer", default = 10, min = 0,
           doc = "how many coordinators to report, most brokerage first"},
    buffer_high = {type = "number", default = 0.5, min = 0, max = 1,
                   doc = "bufret: a unit's buffer index at least this (and paradox 1)"},
    min_contacts = {type = "integer", default = 20, min = 1,
                    doc = "a unit with fewer external and coordinator contacts is uavklart"},
    max_units = {type = "integer", default = 30, min = 0,
                 doc = "units reported, most external contact first (0 = all)"},
    inside_high = {type = "number", default = 0.5, min = 0, max = 1,
                   doc = "paradox 2: coordinators keep at least this share of their contacts "
                         .. "inside their own organisation"},
    coordinator_ties_min = {type = "number", default = 0.1, min = 0, max = 1,
                            doc = "paradox 3: at least this share of coordinator ties link two "
                                  .. "coordinators"},
    trend_window = {type = "string", default = "year",
                    doc = "windows of the buffer trend (month, quarter, year, Nd)"},
  },

  run = function(net, params)
    local P = params
    if net.level == "organisation" then
      return {C.finding("network", "network", "uavklart", {},
        "Coordinators need the actor or unit level; this analysis is at the organisation level.",
        "Koordinatorer trenger aktør- eller enhetsnivået; denne analysen er på "
          .. "organisasjonsnivå.")}
    end
    local units_pat = C.list(P.coordinator_units)
    local node = C.nodes(net)
    local is_coord, coord_unit = {}, {}
    local n_nodes, n_coord, total_cross, coord_cross = 0, 0, 0, 0
    local coord_list = {}
    for id, v in pairs(node) do
      n_nodes = n_nodes + 1
      local u = unit_of(v)
      if v.type == "coordinator" or C.contains_any(v.unit, units_pat) then
        is_coord[id] = true
        n_coord = n_coord + 1
        if u then coord_unit[u] = true end
        coord_list[#coord_list + 1] = v
      end
      local b = cross_brokerage(v)
      total_cross = total_cross + b
      if is_coord[id] then coord_cross = coord_cross + b end
    end

    -- ties: coordinator ties, inside share, buffer contacts per unit
    local nodes, ties = net:columns{"organisation", "unit"}
    local ids, org = nodes.id, nodes.organisation
    local unit, coord = {}, {}
    for i = 1, #ids do
      unit[i] = org[i] and nodes.unit[i] and org[i] .. " / " .. nodes.unit[i] or nil
      coord[i] = is_coord[ids[i]] or false
    end
    local cc, with_c, inside, coord_contacts = 0, 0, 0, 0
    local unit_c, unit_d = {}, {}
    -- one end v of a tie whose other end is w
    local function one_end(v, w, contacts)
      local same = org[v] and org[v] == org[w]
      if coord[v] then
        coord_contacts = coord_contacts + contacts
        if same then inside = inside + contacts end
      end
      local u = unit[v]
      if u and not coord_unit[u] then
        if coord[w] and same then
          unit_c[u] = (unit_c[u] or 0) + contacts
        elseif org[w] and not same then
          unit_d[u] = (unit_d[u] or 0) + contacts
        end
      end
    end
    local from, to, contacts = ties.from, ties.to, ties.contacts
    for k = 1, #from do
      local a, b = from[k], to[k]
      if coord[a] or coord[b] then
        with_c = with_c + 1
        if coord[a] and coord[b] then cc = cc + 1 end
      end
      one_end(a, b, contacts[k])
      one_end(b, a, contacts[k])
    end

    -- the buffer trend, by unit pairs per window
    local act = net:activity{window = P.trend_window, by = {"organisation", "unit"},
                             detail = false, channels = false}
    local org_of_unit, trend_c, trend_d = {}, {}, {}
    for _, v in pairs(node) do
      local u = unit_of(v)
      if u then org_of_unit[u] = v.organisation end
    end
    for _, s in ipairs(act.scopes) do
      if s.kind == "pair" then
        for _, x in ipairs{{s.a, s.b}, {s.b, s.a}} do
          local u, w = x[1], x[2]
          if not coord_unit[u] and org_of_unit[u] then
            local same = org_of_unit[w] == org_of_unit[u]
            local target = (same and coord_unit[w]) and trend_c or (not same and trend_d) or nil
            if target then
              target[u] = target[u] or {}
              for i, n in ipairs(s.contacts) do target[u][i] = (target[u][i] or 0) + n end
            end
          end
        end
      end
    end

    local out = {}
    local path_share = total_cross > 0 and coord_cross / total_cross or nil
    local node_share = n_nodes > 0 and n_coord / n_nodes or 0
    local label
    if not path_share or n_coord == 0 then
      label = "uavklart"
    else
      label = path_share >= P.junction_share and "koblingsboks" or "fordelt"
    end
    local head_scores = {coordinators = n_coord, actors = n_nodes, path_share = path_share,
                         coordinator_share = node_share, cross_brokerage = total_cross,
                         coordinator_cross_brokerage = coord_cross,
                         ratio = path_share and node_share > 0 and path_share / node_share or nil}
    if label == "uavklart" then
      out[1] = C.finding("network", "network", label, head_scores,
        string.format("%d coordinators and %d brokered cross-boundary paths: no junction box "
                      .. "can be judged.", n_coord, total_cross),
        string.format("%d koordinatorer og %d meglede stier på tvers: ingen koblingsboks kan "
                      .. "vurderes.", n_coord, total_cross))
    else
      out[1] = C.finding("network", "network", label, head_scores,
        string.format("The %d coordinators (%s of the actors) broker %s of the %d "
                      .. "cross-boundary paths (%s %s), %.1f times their share: %s.", n_coord,
                      C.pct(node_share), C.pct(path_share), total_cross,
                      label == "koblingsboks" and ">=" or "<", C.pct(P.junction_share),
                      head_scores.ratio or 0, label == "koblingsboks" and
                      "koblingsboks (a junction box)" or "fordelt (distributed)"),
        string.format("De %d koordinatorene (%s av aktørene) megler %s av de %d stiene på "
                      .. "tvers (%s %s), %.1f ganger sin andel: %s.", n_coord,
                      C.pct_nb(node_share), C.pct_nb(path_share), total_cross,
                      label == "koblingsboks" and ">=" or "<", C.pct_nb(P.junction_share),
                      head_scores.ratio or 0, label))
    end

    -- the three paradoxes
    local sum_c, sum_cd = 0, 0
    for u, c in pairs(unit_c) do sum_c = sum_c + c end
    for u in pairs(unit_c) do sum_cd = sum_cd + unit_c[u] + (unit_d[u] or 0) end
    for u, d in pairs(unit_d) do if not unit_c[u] then sum_cd = sum_cd + d end end
    local weighted = sum_cd > 0 and sum_c / sum_cd or nil
    local inside_share = coord_contacts > 0 and inside / coord_contacts or nil
    local cc_share = with_c > 0 and cc / with_c or nil
    if weighted then
      out[#out + 1] = paradox("1, preserves differentiation", "1: bevarer differensiering",
        weighted >= P.buffer_high, {buffer_index = weighted, via_coordinators = sum_c,
                                    external = sum_cd - sum_c},
        string.format("%s of the units' external and coordinator contact goes via their own "
                      .. "coordinators (%d of %d; %s %s)", C.pct(weighted), sum_c, sum_cd,
                      weighted >= P.buffer_high and ">=" or "<", C.pct(P.buffer_high)),
        string.format("%s av enhetenes eksterne kontakt og koordinatorkontakt går via egne "
                      .. "koordinatorer (%d av %d; %s %s)", C.pct_nb(weighted), sum_c, sum_cd,
                      weighted >= P.buffer_high and ">=" or "<", C.pct_nb(P.buffer_high)))
    end
    if inside_share then
      out[#out + 1] = paradox("2, reinforces the subsystems", "2: forsterker delsystemene",
        inside_share >= P.inside_high, {inside_share = inside_share, inside = inside,
                                        contacts = coord_contacts},
        string.format("%s of the coordinators' %d contacts stay inside their own organisation "
                      .. "(%s %s)", C.pct(inside_share), coord_contacts,
                      inside_share >= P.inside_high and ">=" or "<", C.pct(P.inside_high)),
        string.format("%s av koordinatorenes %d kontakter blir i egen organisasjon (%s %s)",
                      C.pct_nb(inside_share), coord_contacts,
                      inside_share >= P.inside_high and ">=" or "<", C.pct_nb(P.inside_high)))
    end
    if cc_share then
      out[#out + 1] = paradox("3, coordinating the coordinators",
        "3: koordinering av koordinatorene", cc_share >= P.coordinator_ties_min,
        {coordinator_ties = cc, ties_with_coordinator = with_c, share = cc_share},
        string.format("%d of the %d ties with a coordinator at an end link two coordinators "
                      .. "(%s %s %s)", cc, with_c, C.pct(cc_share),
                      cc_share >= P.coordinator_ties_min and ">=" or "<",
                      C.pct(P.coordinator_ties_min)),
        string.format("%d av de %d båndene med en koordinator i en ende knytter to "
                      .. "koordinatorer (%s %s %s)", cc, with_c, C.pct_nb(cc_share),
                      cc_share >= P.coordinator_ties_min and ">=" or "<",
                      C.pct_nb(P.coordinator_ties_min)))
    end

    -- the coordinators, most brokerage first
    C.sort_desc(coord_list, cross_brokerage, function(v) return v.id end)
    for i = 1, math.min(P.top, #coord_list) do
      local v = coord_list[i]
      local b = cross_brokerage(v)
      local share = total_cross > 0 and b / total_cross or 0
      local l = share >= P.actor_share and "koblingsboks" or "koordinator"
      local z = v.brokerage_z or {}
      out[#out + 1] = C.finding("actor", v.id, l,
        {cross_brokerage = b, share = share, gatekeeper = v.brokerage and v.brokerage.gatekeeper,
         representative = v.brokerage and v.brokerage.representative,
         liaison = v.brokerage and v.brokerage.liaison, gatekeeper_z = z.gatekeeper,
         representative_z = z.representative},
        string.format("%s (%s, %s) brokers %d cross-boundary paths, %s of all (%s %s): "
                      .. "gatekeeper %d, representative %d, liaison %d: %s.", v.id,
                      v.unit or v.type or "?", v.organisation or "?", b, C.pct(share),
                      share >= P.actor_share and ">=" or "<", C.pct(P.actor_share),
                      v.brokerage and v.brokerage.gatekeeper or 0,
                      v.brokerage and v.brokerage.representative or 0,
                      v.brokerage and v.brokerage.liaison or 0, l),
        string.format("%s (%s, %s) megler %d stier på tvers, %s av alle (%s %s): portvakt "
                      .. "%d, representant %d, forbindelsesledd %d: %s.", v.id,
                      v.unit or v.type or "?", v.organisation or "?", b, C.pct_nb(share),
                      share >= P.actor_share and ">=" or "<", C.pct_nb(P.actor_share),
                      v.brokerage and v.brokerage.gatekeeper or 0,
                      v.brokerage and v.brokerage.representative or 0,
                      v.brokerage and v.brokerage.liaison or 0, l))
    end

    -- the units' buffer index and its trend
    local ulist = {}
    for u in pairs(unit_d) do ulist[#ulist + 1] = u end
    for u in pairs(unit_c) do if not unit_d[u] then ulist[#ulist + 1] = u end end
    C.sort_desc(ulist, function(u) return (unit_c[u] or 0) + (unit_d[u] or 0) end,
                function(u) return u end)
    for i = 1, (P.max_units == 0 and #ulist or math.min(P.max_units, #ulist)) do
      local u = ulist[i]
      local c, d = unit_c[u] or 0, unit_d[u] or 0
      local scores = {via_coordinators = c, external = d}
      if c + d < P.min_contacts then
        out[#out + 1] = C.finding("group", u, "uavklart", scores,
          string.format("%s: only %d external and coordinator contacts (< %d).", u, c + d,
                        P.min_contacts),
          string.format("%s: bare %d eksterne kontakter og koordinatorkontakter (< %d).", u,
                        c + d, P.min_contacts))
      else
        local bi = c / (c + d)
        scores.buffer_index = bi
        local xs, ys = {}, {}
        local tc, td = trend_c[u] or {}, trend_d[u] or {}
        for w = 1, #act.windows do
          local cw, dw = tc[w] or 0, td[w] or 0
          if cw + dw >= P.min_contacts then
            xs[#xs + 1] = w
            ys[#ys + 1] = cw / (cw + dw)
          end
        end
        local ch = change(xs, ys)
        scores.buffer_change = ch
        local l = bi >= P.buffer_high and "bufret" or "direkte"
        local en = string.format("%s: %d contacts with its organisation's coordinators and %d "
                                 .. "directly with other organisations: buffer index %.2f "
                                 .. "(%s %.2f)", u, c, d, bi, l == "bufret" and ">=" or "<",
                                 P.buffer_high)
        local nb = string.format("%s: %d kontakter med egne koordinatorer og %d direkte med "
                                 .. "andre organisasjoner: bufferindeks %.2f (%s %.2f)", u, c,
                                 d, bi, l == "bufret" and ">=" or "<", P.buffer_high)
        if ch then
          en = en .. string.format("; from %.2f to %.2f by %s (fitted change %+.2f)", ys[1],
                                   ys[#ys], act.window, ch)
          nb = nb .. string.format("; fra %.2f til %.2f (%s, tilpasset endring %+.2f)", ys[1],
                                   ys[#ys], act.window, ch)
        end
        out[#out + 1] = C.finding("group", u, l, scores,
          en .. (l == "bufret" and ": bufret (buffered by coordinators)." or
                 ": direkte (direct)."),
          nb .. ": " .. l .. ".")
      end
    end
    return out
  end,
}
