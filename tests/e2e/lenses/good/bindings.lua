-- bindings.lua: reads the time, case, meeting, activity, removal and column
-- parts of the net API and returns what it saw as scores; bindings_test.lua
-- builds a small network and compares them with numbers counted by hand
-- (see its comments). Run: samnett lens test tests/e2e/lenses/good/bindings.lua
return {
  name = "bindings",
  title = {en = "API bindings", nb = "API-bindinger"},
  description = {en = "Exercises windows, temporal measures, activity, cases, meetings, "
                      .. "removal and columns.",
                 nb = "Prøver vinduer, tidsmål, aktivitet, saker, møter, fjerning og kolonner."},
  run = function(net)
    local s = {}
    local function count(iter)
      local n = 0
      for _ in iter do n = n + 1 end
      return n
    end
    -- windows
    s.analysis_windows = #net:windows()
    local ws = net:windows{length = "quarter"}
    s.windows = #ws
    s.w1_contacts, s.w2_contacts, s.w3_contacts = ws[1].contacts, ws[2].contacts, ws[3].contacts
    s.w1_ties, s.w2_ties = ws[1].ties, ws[2].ties
    s.w2_persistence, s.w3_persistence = ws[2].persistence, ws[3].persistence
    s.w1_discharge = ws[1].channels.discharge
    s.w1_label_q1 = ws[1].label == "2024Q1" and 1 or 0
    s.w_end_is_before = ws[1]["end"] == ws[1].before and ws[1]["end"] == ws[2].start and 1 or 0
    s.windows_reused = net:windows{length = "quarter"}[2].ties == ws[2].ties and 1 or 0
    -- temporal
    local t = net:temporal{length = "quarter", after = "2024-04-01"}
    s.t_contacts = t:network().contacts
    s.t_after = t:network().contacts_after
    s.t_windows = #t:windows()
    s.t_a1_contacts = t:node("a1").contacts
    s.t_tie_a1b1 = t:tie("a1", "b1").contacts
    s.t_pairs = #t:pairs()
    s.t_window_name = t.window == "quarter" and 1 or 0
    s.t_ties = count(t:ties())
    -- without the measures of each tie, node and group pair: the same windows and network
    local lean = net:temporal{length = "quarter", detail = false}
    local lw, tw = lean:windows(), t:windows()
    local same = #lw == #tw and 1 or 0
    for i = 1, #lw do
      for _, k in ipairs{"contacts", "ties", "nodes", "components", "persistence", "reciprocity"} do
        if lw[i][k] ~= tw[i][k] then same = 0 end
      end
    end
    s.lean_windows_same = same
    s.lean_contacts = lean:network().contacts
    s.lean_burstiness = lean:network().burstiness == nil and t:network().burstiness ~= nil and 1 or 0
    local lean_cps, cps = lean:network().change_points, t:network().change_points
    s.lean_cps_same = #lean_cps == #cps and 1 or 0
    s.lean_detail = lean.detail and 1 or 0
    s.t_detail = t.detail and 1 or 0
    local ok, msg = pcall(lean.ties, lean)
    s.lean_ties_refused = not ok and msg:find("detail = false", 1, true) and 1 or 0
    -- a result with the detail serves a call without it
    s.lean_reuses_detail = net:temporal{length = "quarter", after = "2024-04-01",
                                        detail = false}.detail and 1 or 0
    -- activity (organisation pairs, quarters)
    local act = net:activity{window = "quarter", cases = 2}
    local net_scope, ab
    for _, sc in ipairs(act.scopes) do
      if sc.kind == "network" then net_scope = sc end
      if sc.name == "Alfa kommune <-> Beta sykehus" then ab = sc end
    end
    s.act_scopes = #act.scopes
    s.act_network = net_scope.contacts
    s.act_ab = ab.contacts
    s.act_ab_w1_ab, s.act_ab_w1_ba = ab.windows[1].ab, ab.windows[1].ba
    s.act_ab_w2_meeting_rows = ab.windows[2].meeting_rows
    s.act_ab_w2_scheduled = ab.windows[2].scheduled
    s.act_ab_w1_top_a1 = ab.windows[1].top == "a1" and 1 or 0
    s.act_network_w1_cross = net_scope.windows[1].cross
    local light = net:activity{window = "quarter", detail = false}
    local same = 1
    for i, sc in ipairs(light.scopes) do
      for w = 1, #light.windows do
        if sc.contacts[w] ~= act.scopes[i].windows[w].contacts then same = 0 end
      end
    end
    s.light_equals_detail = same
    local case_scopes = 0
    for _, sc in ipairs(act.scopes) do
      if sc.kind == "case" then case_scopes = case_scopes + 1 end
    end
    s.act_case_scopes = case_scopes
    -- cases
    s.cases = count(net:cases())
    s.cases_bti3 = count(net:cases{bti = 3})
    local c1 = net:case("c1")
    s.c1_contacts, s.c1_providers, s.c1_bti = c1.contacts, c1.providers, c1.bti
    s.c1_transfers, s.c1_pingpongs = c1.transfers, c1.pingpongs
    s.c1_reciprocal = c1.handoff == "reciprocal" and 1 or 0
    s.c1_nodes = #c1.nodes
    s.c1_events = count(net:case_events("c1"))
    s.top_case_c1 = net:cases{top = 1}() .id == "c1" and 1 or 0
    local sum = net:case_summary()
    s.summary_bti2, s.summary_bti3 = sum.bti[2], sum.bti[3]
    s.summary_pingpongs = sum.pingpongs
    local co = {}
    for p in net:co_serving() do co[#co + 1] = p end
    s.co_pairs = #co
    s.co_cases = co[1] and co[1].cases or 0
    s.co_cross = co[1] and co[1].cross and 1 or 0
    local by_org = net:co_serving{by = "organisation"}
    s.co_by_org = #by_org
    s.co_by_org_cases = by_org[1] and by_org[1].cases or 0
    s.co_by_type = #net:co_serving{by = "type"}
    local inside = net:co_serving{by = "type", inside = true}
    s.co_by_type_inside = #inside
    s.co_inside_same = inside[1] and inside[1].a == inside[1].b and 1 or 0
    s.co_inside_pairs = inside[1] and inside[1].pairs or 0
    s.co_inside_cases = inside[1] and inside[1].cases or 0
    -- a sub-network reads the same case and meeting index (the store's)
    local sub = net:subnet{level = "organisation"}
    s.sub_cases, s.sub_meetings = count(sub:cases()), count(sub:meetings())
    s.sub_c1_events = count(sub:case_events("c1"))
    s.sub_m1_participants = #sub:meetings()().participants
    -- meetings and series
    s.meetings = count(net:meetings())
    local first = net:meetings()()
    s.m1_participants = #first.participants
    s.m1_series = first.series or 0
    local series = net:series()
    s.series = #series
    s.series_meetings = series[1].meetings
    s.series_a1 = series[1].attendance.a1
    s.series_cross = series[1].cross_org_share
    s.series_new_pairs = series[1].new_pairs
    s.series_with_contact_after = series[1].with_contact_after
    s.series_pairs_iter = count(net:series_pairs(1))
    s.series_filtered = #net:series{min_meetings = 4}
    s.series_label_m = series[1].label == "m" and 1 or 0
    -- removal, columns, events
    local r = net:removal("b1")
    s.removal_ties_lost, s.removal_cross_ties_lost = r.ties_lost, r.cross_ties_lost
    local nodes, ties = net:columns()
    s.columns_nodes, s.columns_ties = #nodes.id, #ties.from
    local ctotal = 0
    for k = 1, #ties.contacts do ctotal = ctotal + ties.contacts[k] end
    s.columns_contacts = ctotal
    s.ties_plain = count(net:ties{details = false})
    s.events_a1 = count(net:events{actor = "a1"})
    s.events_discharge = count(net:events{channel = "discharge"})
    s.half_life = stats.half_life({10, 20, 30}, 100)
    s.half_life_none = stats.half_life({90, 95}, 100) == nil and 1 or 0
    return {finding{level = "network", label = "ok", scores = s,
                    evidence = {en = "read the bindings", nb = "leste bindingene"}}}
  end,
}
