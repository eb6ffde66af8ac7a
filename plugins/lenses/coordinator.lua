-- coordinator.lua - coordinators as junction boxes (koblingsboks), buffers,
-- and the three coordinator paradoxes, each tested against a null model
--
-- Sources (see the research brief): the open-access book on organisational
-- perspectives on coordination (2019), chapter 5: the allocation office as
-- a junction box, "both vertical and horizontal contact goes via the office,
-- and less between frontline workers"; coordinators "should also be called
-- buffers, gatekeepers and system-preservers"; the three paradoxes: a
-- coordinator scheme preserves differentiation instead of reducing it when
-- external contact goes via the coordinator; it is organised inside the
-- existing subsystems and reinforces them; it creates a need to coordinate
-- the coordinators. Brokerage roles: Gould and Fernandez 1989.
--
-- Coordinators: actors of type coordinator, and the staff of coordinating
-- units (unit names containing one of coordinator_units).
--
-- koblingsboks (a coordinator): contact with a partner organisation goes
-- via it, and it brokers more than its number of contacts explains.
--   effect  the share of its organisation's contact with a partner
--           organisation it carries, at least junction_share, for a partner
--           with at least min_contacts contacts over min_links
--           person-to-person links that is at least min_pair_share of one
--           side's contact with other organisations (relative to the pair,
--           never the region)
--   test    its gatekeeper and representative brokerage (Gould-Fernandez,
--           paths between its own organisation and another), both above
--           their null (the larger of the two p-values), corrected over the
--           coordinators tested (Holm). The null (`null`): Gould and
--           Fernandez's z against a random graph of the same density
--           (default: computed with the network, no cost), or
--           degree-preserving rewiring (net:null_rewire, `draws` draws:
--           does it broker more than its number of contacts explains?)
-- The network is koblingsboks when a coordinator is, fordelt when no
-- coordinator carries junction_share of a judged partner's contact, else
-- uavklart (with the reason).
--
-- Units (organisation / unit, not coordinating units): buffer index = links
-- to their own organisation's coordinators over those plus links to other
-- organisations; bufret when above buffer_high, direkte when below, each by
-- a one-sided binomial test on the links (Holm over the units); uavklart
-- below min_contacts contacts.
--
-- The paradoxes (Holm over the three):
--   1 bevarer differensiering   external contact goes via the coordinators:
--       the share of the coordinators' tie ends that cross to another
--       organisation against the other staff's (Fisher's exact test, so
--       relative to their own volume); påvist when higher by at least
--       min_difference
--   2 forsterker delsystemene   the same table the other way: the
--       coordinators' tie ends stay inside their own organisation more than
--       the other staff's, by at least min_difference
--   3 koordinering av koordinatorene   ties that link two coordinators
--       against the number the coordinators' in- and out-degrees give with
--       ties placed at random (the configuration model's expectation;
--       binomial test); påvist when at least min_ratio times it, from at
--       least min_links ties (observed plus expected)
-- A paradox is ikke påvist when the opposite direction is significant, and
-- uavklart (ikke signifikant / for lite data) otherwise.

local C = require "lib.common"

-- The test's method, draws and correction in short ("binomial test, Holm, 82
-- tests"); the p-value and the source follow in the report's tail.
local function method_text(test, lang)
  return C.test_text({method = test.method, draws = test.draws, correction = test.correction,
                      tests = test.tests}, lang)
end

local SOURCE = "the 2019 book on coordination (ch. 5)"
local BROKERAGE = "Gould and Fernandez 1989"
local CONCEPT = "koordinator"

local make = C.maker(CONCEPT, SOURCE)

-- The lens's concept and source on the extra fields of a C.uavklart finding.
local function extra(t)
  t.concept = t.concept or CONCEPT
  t.source = t.source or SOURCE
  return t
end

-- P[Z >= z] for a standard normal z (nil: 1).
local function upper(z)
  if z == nil then return 1 end
  return stats.pnorm(-z)
end

local function cmp(x, t)
  return x >= t and ">=" or "<"
end

-- The key "A\0B" of the ordered organisation pair (A, B), made once per pair.
local function pair_keys()
  local keys = {}
  return function(A, B)
    local row = keys[A]
    if not row then
      row = {}
      keys[A] = row
    end
    local key = row[B]
    if not key then
      key = A .. "\0" .. B
      row[B] = key
    end
    return key
  end
end

-- Per coordinator (coord: node index -> true): the partner organisations whose contact it
-- carries.
local function carried(nodes, ties, coord, P, key_of)
  local org = nodes.organisation
  local skip = C.set(P.exclude_types)
  local typ = nodes.type
  local pair, links, by = {}, {}, {}
  local from, to, contacts, mutual = ties.from, ties.to, ties.contacts, ties.mutual
  -- the contacts c that actor v of organisation A has with B; new: the first tie of a link
  local function side(v, A, B, c, new)
    local key = key_of(A, B)
    pair[key] = (pair[key] or 0) + c
    if new then links[key] = (links[key] or 0) + 1 end
    if coord[v] then
      by[v] = by[v] or {}
      by[v][B] = (by[v][B] or 0) + c
    end
  end
  for k = 1, #from do
    local a, b = from[k], to[k]
    local oa, ob = org[a], org[b]
    if oa and ob and oa ~= ob and not skip[typ[a] or ""] and not skip[typ[b] or ""] then
      local c = contacts[k]
      -- a link (unordered pair of actors) counts once: a mutual pair by its tie from the lower
      local new = not mutual[k] or a < b
      side(a, oa, ob, c, new)
      side(b, ob, oa, c, new)
    end
  end
  return pair, links, by
end

return {
  name = "coordinator",
  title = {
    en = "Coordinators as junction boxes",
    nb = "Koordinatoren som koblingsboks",
  },
  description = {
    en = "Whether contact with partner organisations goes via coordinators and coordinating "
         .. "units (koblingsboks), tested against degree-preserving rewiring; how much of each "
         .. "unit's external contact they buffer; and the three coordinator paradoxes, each "
         .. "against its null.",
    nb = "Om kontakten med partnerorganisasjoner går via koordinatorer og koordinerende "
         .. "enheter (koblingsboks), testet mot omkobling som bevarer grad; hvor mye av hver "
         .. "enhets eksterne kontakt de bufrer; og de tre koordinatorparadoksene, hvert mot "
         .. "sin nullmodell.",
  },
  concept = {en = "coordinator as junction box (koblingsboks)", nb = CONCEPT},
  sources = {SOURCE, BROKERAGE},
  -- reads no cases or meetings: starts while samnett still builds them
  cases_and_meetings = false,
  detects = {
    {pattern = "bridge", level = "actor", labels = {"koblingsboks"}},
  },
  params = {
    alpha = C.alpha_param,
    coordinator_units = {type = "string",
                         default = "tildeling,tenestekontor,koordinerende,koordinerande,samhandling",
                         doc = "units whose staff count as coordinators (parts of the name)"},
    junction_share = {type = "number", default = 0.9, min = 0, max = 1,
                      doc = "koblingsboks: the coordinator carries at least this share of its "
                            .. "organisation's contact with a partner organisation"},
    min_contacts = C.min_param(20, "a partner organisation (or a unit's buffer) is judged from "
                                   .. "this many contacts"),
    min_links = C.min_param(5, "a partner organisation is judged from this many "
                               .. "person-to-person links (and paradox 3 from this many "
                               .. "coordinator-to-coordinator ties)"),
    min_pair_share = {type = "number", default = 0.05, min = 0, max = 1,
                      doc = "a partner is judged when the pair is at least this share of one "
                            .. "organisation's contact with other organisations"},
    exclude_types = {type = "string", default = "user,relative",
                     doc = "actor types left out of the partner organisations (comma list)"},
    null = {type = "string", default = "gould-fernandez", values = {"gould-fernandez", "rewiring"},
            doc = "koblingsboks's null: Gould and Fernandez's z (a random graph of the same "
                  .. "density; free) or degree-preserving rewiring (net:null_rewire; costs "
                  .. "draws)"},
    draws = {type = "integer", default = 0, min = 0,
             doc = "rewiring draws (null = rewiring); 0: 4 x the coordinators tested / alpha "
                   .. "(so that the smallest p passes the correction)"},
    buffer_high = {type = "number", default = 0.5, min = 0, max = 1,
                   doc = "bufret / direkte: a unit's buffer index above / below this"},
    max_units = {type = "integer", default = 30, min = 0,
                 doc = "units reported, most external contact first (0 = all)"},
    min_ratio = {type = "number", default = 2, min = 1,
                 doc = "paradox 3: at least this many times the expected number"},
    min_difference = {type = "number", default = 0.1, min = 0, max = 1,
                      doc = "paradoxes 1 and 2: the coordinators' cross (inside) share of tie "
                            .. "ends exceeds the other staff's by at least this"},
  },

  run = function(net, params)
    local P = params
    if net.level == "organisation" then
      return {C.uavklart("network", "network", "for lite data", {},
        "Coordinators need the actor or unit level; this analysis is at the organisation level.",
        "Koordinatorer trenger aktør- eller enhetsnivået; denne analysen er på "
          .. "organisasjonsnivå.", extra{})}
    end
    local units_pat = C.list(P.coordinator_units)
    local nodes, ties = net:columns{"organisation", "unit", "type"}
    local ids, org = nodes.id, nodes.organisation
    local coord_unit, n_coord = {}, 0
    local coord_idx = {}
    local unit = {}
    local coordinating = {} -- unit name -> does it match coordinator_units
    for i = 1, #ids do
      local un = nodes.unit[i]
      unit[i] = org[i] and un and org[i] .. " / " .. un or nil
      if un and coordinating[un] == nil then coordinating[un] = C.contains_any(un, units_pat) end
      if nodes.type[i] == "coordinator" or (un and coordinating[un]) then
        coord_idx[i] = true
        n_coord = n_coord + 1
        if unit[i] then coord_unit[unit[i]] = true end
      end
    end
    local out = {}
    if n_coord == 0 then
      return {C.uavklart("network", "network", "for lite data", {coordinators = 0},
        "No coordinators (type coordinator or units matching coordinator_units): no junction "
          .. "box can be judged.",
        "Ingen koordinatorer (type coordinator eller enheter som passer coordinator_units): "
          .. "ingen koblingsboks kan vurderes.",
        extra{uses = {"coordinator_units"}})}
    end

    -- koblingsboks: candidates by the share of a partner's contact they carry
    local key_of = pair_keys()
    local pair, links, by = carried(nodes, ties, coord_idx, P, key_of)
    local cross_of = {} -- each organisation's contacts with other organisations
    for key, n in pairs(pair) do
      local A = key:match("^(.-)%z")
      cross_of[A] = (cross_of[A] or 0) + n
    end
    local cands, judged_coords = {}, 0
    for v, partners in pairs(by) do
      local best, best_share, best_n, any = nil, -1, 0, false
      for B, c in pairs(partners) do
        local key = key_of(org[v], B)
        local n = pair[key]
        local matters = math.max(n / (cross_of[org[v]] or n), n / (cross_of[B] or n))
        if n >= P.min_contacts and (links[key] or 0) >= P.min_links
          and matters >= P.min_pair_share then
          any = true
          local share = c / n
          if share > best_share or (share == best_share and B < best) then
            best, best_share, best_n = B, share, n
          end
        end
      end
      if any then judged_coords = judged_coords + 1 end
      if best and best_share >= P.junction_share then
        cands[#cands + 1] = {i = v, id = ids[v], partner = best, share = best_share,
                             contacts = best_n}
      end
    end
    table.sort(cands, function(x, y) return x.id < y.id end)
    local rewiring = P.null == "rewiring"
    local rw
    if #cands > 0 and rewiring then
      local null_nodes = {}
      for k, c in ipairs(cands) do null_nodes[k] = c.id end
      local draws = P.draws > 0 and P.draws or math.ceil(4 * #cands / P.alpha)
      rw = net:null_rewire{stats = {"brokerage"}, nodes = null_nodes, attr = "organisation",
                           draws = draws}
    end
    local ps = {}
    for k, c in ipairs(cands) do
      if rewiring then
        local b = rw.nodes[c.id].brokerage
        c.rep, c.gate = b.representative, b.gatekeeper
        c.p = math.max(c.rep.p_greater, c.gate.p_greater)
      else
        -- Gould and Fernandez's z against a random graph of the same density
        local v = net:node(c.id) or {}
        local b, z = v.brokerage or {}, v.brokerage_z or {}
        c.gate = {observed = b.gatekeeper or 0, z = z.gatekeeper}
        c.rep = {observed = b.representative or 0, z = z.representative}
        c.p = math.max(upper(c.gate.z), upper(c.rep.z))
      end
      ps[k] = c.p
    end
    local qs = #ps > 0 and stats.p_adjust(ps, "holm") or {}
    local n_junction = 0
    local actor_fs = {}
    for k, c in ipairs(cands) do
      c.q = qs[k]
      local test = {method = rewiring and "rewiring" or "gould-fernandez", p = c.p,
                    p_adjusted = c.q, correction = "holm", draws = rw and rw.draws,
                    effect = c.share, tests = #cands, null_mean = c.gate.mean}
      local sc = {share = c.share, partner_contacts = c.contacts,
                  gatekeeper = c.gate.observed, gatekeeper_null = c.gate.mean,
                  gatekeeper_z = c.gate.z, representative = c.rep.observed,
                  representative_null = c.rep.mean, representative_z = c.rep.z,
                  p = c.p, p_adjusted = c.q}
      local v = nodes
      local who = string.format("%s (%s, %s)", c.id, v.unit[c.i] or C.type_label(v.type[c.i]),
                                org[c.i])
      local who_nb = string.format("%s (%s, %s)", c.id,
                                   v.unit[c.i] or C.type_label(v.type[c.i], "nb"), org[c.i])
      local null_en, null_nb
      if rewiring then
        null_en = string.format("against %s and %s when its ties are rewired at random keeping "
                                .. "every degree", C.num(c.gate.mean, "en", 1),
                                C.num(c.rep.mean, "en", 1))
        null_nb = string.format("mot %s og %s når båndene kobles om tilfeldig med samme grad",
                                C.num(c.gate.mean, "nb", 1), C.num(c.rep.mean, "nb", 1))
      else
        null_en = string.format("z = %s and %s against a random graph of the same density "
                                .. "(Gould and Fernandez)", C.num(c.gate.z, "en", 1),
                                C.num(c.rep.z, "en", 1))
        null_nb = string.format("z = %s og %s mot en tilfeldig graf med samme tetthet (Gould "
                                .. "og Fernandez)", C.num(c.gate.z, "nb", 1),
                                C.num(c.rep.z, "nb", 1))
      end
      local en = string.format(
        "%s carries %s of %s's %s contacts with %s (%s %s); it brokers %s gatekeeper and %s "
        .. "representative paths, %s (%s)", who, C.pct(c.share, "en", P.junction_share),
        org[c.i], C.num(c.contacts, "en"), c.partner, cmp(c.share, P.junction_share),
        C.pct(P.junction_share, "en"), C.num(c.gate.observed, "en"),
        C.num(c.rep.observed, "en"), null_en, method_text(test, "en"))
      local nb = string.format(
        "%s bærer %s av de %s kontaktene %s har med %s (%s %s); den megler %s stier som "
        .. "portvakt og %s som representant, %s (%s)", who_nb,
        C.pct(c.share, "nb", P.junction_share), C.num(c.contacts, "nb"), org[c.i], c.partner,
        cmp(c.share, P.junction_share), C.pct(P.junction_share, "nb"),
        C.num(c.gate.observed, "nb"), C.num(c.rep.observed, "nb"), null_nb,
        method_text(test, "nb"))
      local uses = {"alpha", "junction_share", "min_contacts", "min_links", "min_pair_share",
                    "null"}
      if rewiring then uses[#uses + 1] = "draws" end
      if c.q < P.alpha then
        n_junction = n_junction + 1
        actor_fs[#actor_fs + 1] = make{level = "actor", scope = c.id, label = "koblingsboks",
          scores = sc, test = test, uses = uses, source = SOURCE,
          en = en .. ": koblingsboks (a junction box).", nb = nb .. ": koblingsboks."}
      else
        actor_fs[#actor_fs + 1] = C.uavklart("actor", c.id, "ikke signifikant", sc,
          en .. ": its brokerage is no more than its contacts explain.",
          nb .. ": meglingen er ikke mer enn kontaktene forklarer.",
          extra{test = test, uses = uses})
      end
    end
    table.sort(actor_fs, function(x, y)
      if x.label ~= y.label then return x.label == "koblingsboks" end
      return x.scope < y.scope
    end)

    local head_sc = {coordinators = n_coord, judged = judged_coords, candidates = #cands,
                     junction_boxes = n_junction}
    local head_uses = {"alpha", "junction_share", "min_contacts", "min_links", "min_pair_share"}
    if n_junction > 0 then
      out[1] = make{level = "network", scope = "network", label = "koblingsboks",
        scores = head_sc, uses = head_uses,
        test = {method = rewiring and "rewiring" or "gould-fernandez",
                p = actor_fs[1].scores.p,
                p_adjusted = actor_fs[1].scores.p_adjusted, correction = "holm",
                tests = #cands, draws = rw and rw.draws},
        en = string.format("Of %d coordinators (%d with a judged partner organisation), %d "
                           .. "%s %s or more of a partner's contact and %d of those %s more "
                           .. "than %s contacts explain: koblingsboks (a junction box).",
                           n_coord, judged_coords, #cands, #cands == 1 and "carries" or "carry",
                           C.pct(P.junction_share, "en"), n_junction,
                           n_junction == 1 and "brokers" or "broker",
                           n_junction == 1 and "its" or "their"),
        nb = string.format("Av %d koordinatorer (%d med en vurdert partnerorganisasjon) bærer "
                           .. "%d minst %s av kontakten med en partner, og %d av dem megler mer "
                           .. "enn kontaktene forklarer: koblingsboks.", n_coord, judged_coords,
                           #cands, C.pct(P.junction_share, "nb"), n_junction)}
    elseif judged_coords == 0 then
      out[1] = C.uavklart("network", "network", "for lite data", head_sc,
        string.format("None of the %d coordinators has a partner organisation with %d contacts "
                      .. "over %d links.", n_coord, P.min_contacts, P.min_links),
        string.format("Ingen av de %d koordinatorene har en partnerorganisasjon med %d "
                      .. "kontakter over %d forbindelser.", n_coord,
                      P.min_contacts, P.min_links),
        extra{uses = head_uses, test = {method = "rewiring", missing = 1}})
    elseif #cands > 0 then
      out[1] = C.uavklart("network", "network", "ikke signifikant", head_sc,
        string.format("%d of %d coordinators carry %s or more of a partner's contact, but none "
                      .. "brokers more than its contacts explain.", #cands,
                      n_coord, C.pct(P.junction_share, "en")),
        string.format("%d av %d koordinatorer bærer minst %s av kontakten med en partner, men "
                      .. "ingen megler mer enn kontaktene forklarer.", #cands,
                      n_coord, C.pct(P.junction_share, "nb")),
        extra{uses = head_uses})
    else
      out[1] = make{level = "network", scope = "network", label = "fordelt", scores = head_sc,
        uses = head_uses,
        en = string.format("None of the %d coordinators with a judged partner organisation "
                           .. "carries %s or more of a partner's contact: fordelt "
                           .. "(distributed).", judged_coords, C.pct(P.junction_share, "en")),
        nb = string.format("Ingen av de %d koordinatorene med en vurdert partnerorganisasjon "
                           .. "bærer %s eller mer av kontakten med en partner: fordelt.",
                           judged_coords, C.pct(P.junction_share, "nb"))}
    end

    -- ties: links per unit, coordinator ties, inside links
    local unit_c, unit_d, unit_cc, unit_dc = {}, {}, {}, {}
    local cc_ties, c_in, c_out, o_in, o_out = 0, 0, 0, 0, 0
    local from, to, contacts = ties.from, ties.to, ties.contacts
    -- the unit of each actor whose buffer is measured (not a coordinator, nor in a
    -- coordinating unit)
    local buffered = {}
    for i = 1, #ids do
      local u = unit[i]
      if u and not coord_unit[u] and not coord_idx[i] then buffered[i] = u end
    end
    -- a tie end inside its organisation or across, of a coordinator or of other staff
    local function count_end(coordinator, same)
      if coordinator then
        if same then c_in = c_in + 1 else c_out = c_out + 1 end
      elseif same then
        o_in = o_in + 1
      else
        o_out = o_out + 1
      end
    end
    -- the end in unit u of a tie (c contacts) to a coordinator or another organisation
    local function count_buffer(u, to_coordinator, to_org, same, c)
      if to_coordinator and same then
        unit_c[u] = (unit_c[u] or 0) + 1
        unit_cc[u] = (unit_cc[u] or 0) + c
      elseif to_org and not same then
        unit_d[u] = (unit_d[u] or 0) + 1
        unit_dc[u] = (unit_dc[u] or 0) + c
      end
    end
    local deg_out, deg_in = {}, {} -- the coordinators' degrees
    for k = 1, #from do
      local a, b, c = from[k], to[k], contacts[k]
      local oa, ob = org[a], org[b]
      local ca, cb = coord_idx[a], coord_idx[b]
      local same = oa and oa == ob
      if ca then deg_out[a] = (deg_out[a] or 0) + 1 end
      if cb then deg_in[b] = (deg_in[b] or 0) + 1 end
      if ca and cb then cc_ties = cc_ties + 1 end
      if oa and ob then
        count_end(ca, same)
        count_end(cb, same)
      end
      if buffered[a] then count_buffer(buffered[a], cb, ob, same, c) end
      if buffered[b] then count_buffer(buffered[b], ca, oa, same, c) end
    end

    -- the paradoxes
    -- 1 and 2: where the coordinators' tie ends lie against the other staff's
    -- (Fisher's exact test, one-sided each way); 3: ties between two
    -- coordinators against the number the coordinators' degrees give when
    -- ties are placed at random keeping every degree (the configuration
    -- model's expectation, binomial test)
    local m_ties = #from
    local out_c, in_c_deg = 0, 0
    local self_term = 0
    for i in pairs(coord_idx) do
      out_c = out_c + (deg_out[i] or 0)
      in_c_deg = in_c_deg + (deg_in[i] or 0)
      self_term = self_term + (deg_out[i] or 0) * (deg_in[i] or 0)
    end
    local expected_cc = m_ties > 0 and (out_c * in_c_deg - self_term) / m_ties or 0
    local p_out = stats.fisher_test(c_out, c_in, o_out, o_in, "greater")
    local p_in = stats.fisher_test(c_in, c_out, o_in, o_out, "greater")
    local q0 = m_ties > 0 and math.min(1, expected_cc / m_ties) or 0
    local p3g = m_ties > 0 and stats.binom_test(cc_ties, m_ties, q0, "greater") or 1
    local p3l = m_ties > 0 and stats.binom_test(cc_ties, m_ties, q0, "less") or 1
    local pg = stats.p_adjust({p_out, p_in, p3g}, "holm")
    local in_c = c_in + c_out > 0 and c_in / (c_in + c_out) or nil
    local in_o = o_in + o_out > 0 and o_in / (o_in + o_out) or nil
    local function paradox(n, scope_nb, name_en, found, reverse, enough, sc, test, en, nb, uses)
      if not enough then
        return C.uavklart("network", scope_nb, "for lite data", sc,
          string.format("Paradox %s: %s.", name_en, en),
          string.format("Paradoks %s: %s.", scope_nb, nb),
          extra{test = test, uses = uses})
      end
      if found then
        return make{level = "network", scope = scope_nb, label = "påvist", scores = sc,
          test = test, uses = uses,
          en = string.format("Paradox %s: %s: påvist (found).", name_en, en),
          nb = string.format("Paradoks %s: %s: påvist.", scope_nb, nb)}
      end
      if reverse then
        return make{level = "network", scope = scope_nb, label = "ikke påvist", scores = sc,
          test = test, uses = uses,
          en = string.format("Paradox %s: %s; the data show the opposite: ikke påvist (not "
                             .. "found).", name_en, en),
          nb = string.format("Paradoks %s: %s; dataene viser det motsatte: ikke påvist.",
                             scope_nb, nb)}
      end
      local _ = n
      return C.uavklart("network", scope_nb, "ikke signifikant", sc,
        string.format("Paradox %s: %s.", name_en, en),
        string.format("Paradoks %s: %s.", scope_nb, nb),
        extra{test = test, uses = uses})
    end
    local diff_out = in_c and in_o and in_o - in_c or nil -- coordinators more outward
    local enough12 = in_c ~= nil and in_o ~= nil and c_in + c_out >= P.min_contacts
    local both_en = string.format("%s of the coordinators' %s tie ends cross to another "
                                  .. "organisation, against %s of the other staff's",
                                  C.pct(in_c and 1 - in_c, "en"), C.num(c_in + c_out, "en"),
                                  C.pct(in_o and 1 - in_o, "en"))
    local both_nb = string.format("%s av koordinatorenes %s båndender går til en annen "
                                  .. "organisasjon, mot %s for de andre ansatte",
                                  C.pct(in_c and 1 - in_c, "nb"), C.num(c_in + c_out, "nb"),
                                  C.pct(in_o and 1 - in_o, "nb"))
    -- 1: external contact goes via the coordinators
    do
      local found = enough12 and pg[1] < P.alpha and diff_out >= P.min_difference
      local rev = enough12 and pg[2] < P.alpha and -diff_out >= P.min_difference
      local test = {method = "fisher", p = found and p_out or (rev and p_in or p_out),
                    p_adjusted = found and pg[1] or (rev and pg[2] or pg[1]),
                    correction = "holm", effect = diff_out, tests = 3,
                    missing = not enough12 and P.min_contacts - (c_in + c_out) or nil}
      out[#out + 1] = paradox(1, "1: bevarer differensiering", "1, preserves differentiation",
        found, rev, enough12,
        {coordinator_cross_share = in_c and 1 - in_c, staff_cross_share = in_o and 1 - in_o,
         difference = diff_out, coordinator_tie_ends = c_in + c_out},
        test,
        string.format("%s (difference %s; %s %s; %s)", both_en, C.num(diff_out, "en", 2),
                      cmp(diff_out or 0, P.min_difference), C.num(P.min_difference, "en", 2),
                      method_text(test, "en")),
        string.format("%s (forskjell %s; %s %s; %s)", both_nb, C.num(diff_out, "nb", 2),
                      cmp(diff_out or 0, P.min_difference), C.num(P.min_difference, "nb", 2),
                      method_text(test, "nb")),
        {"alpha", "min_difference", "min_contacts"})
    end
    -- 2: the coordinators stay inside their subsystems
    do
      local diff = diff_out and -diff_out
      local found = enough12 and pg[2] < P.alpha and diff >= P.min_difference
      local rev = enough12 and pg[1] < P.alpha and -diff >= P.min_difference
      local test = {method = "fisher", p = found and p_in or (rev and p_out or p_in),
                    p_adjusted = found and pg[2] or (rev and pg[1] or pg[2]),
                    correction = "holm", effect = diff, tests = 3,
                    missing = not enough12 and P.min_contacts - (c_in + c_out) or nil}
      out[#out + 1] = paradox(2, "2: forsterker delsystemene", "2, reinforces the subsystems",
        found, rev, enough12,
        {coordinator_inside_share = in_c, staff_inside_share = in_o, difference = diff,
         coordinator_tie_ends = c_in + c_out},
        test,
        string.format("%s of the coordinators' %s tie ends stay inside their own organisation, "
                      .. "against %s of the other staff's (difference %s; %s %s; %s)",
                      C.pct(in_c, "en"), C.num(c_in + c_out, "en"), C.pct(in_o, "en"),
                      C.num(diff, "en", 2), cmp(diff or 0, P.min_difference),
                      C.num(P.min_difference, "en", 2), method_text(test, "en")),
        string.format("%s av koordinatorenes %s båndender blir i egen organisasjon, mot %s "
                      .. "for de andre ansatte (forskjell %s; %s %s; %s)", C.pct(in_c, "nb"),
                      C.num(c_in + c_out, "nb"), C.pct(in_o, "nb"), C.num(diff, "nb", 2),
                      cmp(diff or 0, P.min_difference), C.num(P.min_difference, "nb", 2),
                      method_text(test, "nb")),
        {"alpha", "min_difference", "min_contacts"})
    end
    -- 3: coordinating the coordinators
    do
      local ratio = expected_cc > 0 and cc_ties / expected_cc or nil
      local enough = m_ties > 0 and cc_ties + expected_cc >= P.min_links
      local found = enough and pg[3] < P.alpha and ratio and ratio >= P.min_ratio
      local rev = enough and p3l < P.alpha and ratio and ratio <= 1 / P.min_ratio
      local test = {method = "binomial", p = found and p3g or (rev and p3l or p3g),
                    p_adjusted = found and pg[3] or nil, correction = found and "holm" or nil,
                    effect = ratio, null_mean = expected_cc, tests = 3,
                    missing = not enough and math.ceil(P.min_links - cc_ties - expected_cc)
                      or nil}
      out[#out + 1] = paradox(3, "3: koordinering av koordinatorene",
        "3, coordinating the coordinators", found, rev, enough,
        {coordinator_ties = cc_ties, expected = expected_cc, ratio = ratio},
        test,
        string.format("%s link two coordinators, against %s expected from the coordinators' "
                      .. "degrees with ties placed at random (%s times; %s %s; %s)",
                      C.plural(cc_ties, "tie", "ties", "en"), C.num(expected_cc, "en", 1),
                      C.num(ratio, "en", 1), cmp(ratio or 0, P.min_ratio),
                      C.num(P.min_ratio, "en", 1), method_text(test, "en")),
        string.format("%s knytter to koordinatorer, mot %s ventet ut fra koordinatorenes grad "
                      .. "med tilfeldig plasserte bånd (%s ganger; %s %s; %s)",
                      C.plural(cc_ties, "bånd", "bånd", "nb"), C.num(expected_cc, "nb", 1),
                      C.num(ratio, "nb", 1), cmp(ratio or 0, P.min_ratio),
                      C.num(P.min_ratio, "nb", 1), method_text(test, "nb")),
        {"alpha", "min_ratio", "min_links"})
    end

    C.append(out, actor_fs)

    -- the units' buffer index
    local ulist = {}
    for u in pairs(unit_d) do ulist[#ulist + 1] = u end
    for u in pairs(unit_c) do if not unit_d[u] then ulist[#ulist + 1] = u end end
    C.sort_desc(ulist, function(u) return (unit_cc[u] or 0) + (unit_dc[u] or 0) end,
                function(u) return u end)
    local shown = P.max_units == 0 and #ulist or math.min(P.max_units, #ulist)
    local tested, ps_u = {}, {}
    for i = 1, shown do
      local u = ulist[i]
      local c, d = unit_c[u] or 0, unit_d[u] or 0
      local contacts_u = (unit_cc[u] or 0) + (unit_dc[u] or 0)
      if contacts_u >= P.min_contacts and c + d > 0 then
        local pg_u = stats.binom_test(c, c + d, P.buffer_high, "greater")
        local pl_u = stats.binom_test(c, c + d, P.buffer_high, "less")
        tested[#tested + 1] = {u = u, c = c, d = d, pg = pg_u, pl = pl_u}
        ps_u[#ps_u + 1] = math.min(1, 2 * math.min(pg_u, pl_u))
      end
    end
    local qs_u = #ps_u > 0 and stats.p_adjust(ps_u, "holm") or {}
    local q_of = {}
    for k, t in ipairs(tested) do q_of[t.u] = {t = t, q = qs_u[k]} end
    for i = 1, shown do
      local u = ulist[i]
      local c, d = unit_c[u] or 0, unit_d[u] or 0
      local contacts_u = (unit_cc[u] or 0) + (unit_dc[u] or 0)
      local sc = {via_coordinators = unit_cc[u] or 0, external = unit_dc[u] or 0,
                  coordinator_links = c, external_links = d}
      local uses = {"alpha", "buffer_high", "min_contacts"}
      local x = q_of[u]
      if not x then
        out[#out + 1] = C.uavklart("group", u, "for lite data", sc,
          string.format("%s: %s external and coordinator contacts, %d short of %d.", u,
                        C.num(contacts_u, "en"), P.min_contacts - contacts_u, P.min_contacts),
          string.format("%s: %s eksterne kontakter og koordinatorkontakter, %d for få til %d.",
                        u, C.num(contacts_u, "nb"),
                        P.min_contacts - contacts_u, P.min_contacts),
          extra{uses = uses, test = {method = "binomial",
                                     missing = P.min_contacts - contacts_u}})
      else
        local bi = c / (c + d)
        sc.buffer_index = bi
        local test = {method = "binomial", p = math.min(1, 2 * math.min(x.t.pg, x.t.pl)),
                      p_adjusted = x.q, correction = "holm", effect = bi,
                      null_mean = P.buffer_high, tests = #tested}
        local en = string.format("%s: %d links with its organisation's coordinators and %d "
                                 .. "directly with other organisations: buffer index %s (%s %s; "
                                 .. "%s)", u, c, d, C.num(bi, "en", 2), cmp(bi, P.buffer_high),
                                 C.num(P.buffer_high, "en", 2), method_text(test, "en"))
        local nb = string.format("%s: %d forbindelser med egne koordinatorer og %d direkte med "
                                 .. "andre organisasjoner: bufferindeks %s (%s %s; %s)", u, c, d,
                                 C.num(bi, "nb", 2), cmp(bi, P.buffer_high),
                                 C.num(P.buffer_high, "nb", 2), method_text(test, "nb"))
        if x.q < P.alpha then
          local l = bi > P.buffer_high and "bufret" or "direkte"
          out[#out + 1] = make{level = "group", scope = u, label = l, scores = sc, test = test,
            uses = uses,
            en = en .. (l == "bufret" and ": bufret (buffered by coordinators)."
                        or ": direkte (direct)."),
            nb = nb .. ": " .. l .. "."}
        else
          out[#out + 1] = C.uavklart("group", u, "ikke signifikant", sc,
            en .. ".", nb .. ".",
            extra{uses = uses, test = test})
        end
      end
    end
    return out
  end,
}
