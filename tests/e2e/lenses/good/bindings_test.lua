-- bindings_test.lua - the numbers bindings.lua should see on a network counted
-- by hand:
--   a1 (Alfa kommune / Heimetenesta), a2 (Alfa kommune / Tenestekontoret),
--   b1, b2 (Beta sykehus / Medisinsk), g1 (Gamma legesenter).
--   Case c1: a1 -> b1 3 e-messages (Jan 10), b1 -> a1 discharge (Jan 20),
--     a1 -> b1 referral (Jan 25), b1 -> a1 discharge (Feb 1): 6 contacts, 2
--     providers and services (BTI 2), reciprocal, 3 transfers; the referral
--     and the second discharge are a ping-pong (the first discharge is the
--     entry).
--   Cases c2 and c3: a2 -> g1 and b2 -> g1 (Feb, Mar): a2 and b2 serve both
--     without a tie: one co-serving pair across organisations, 2 cases; 3
--     services each (BTI 3).
--   Meetings m1..m3 (Apr 10, May 10, Jun 10): a1 -> a2, b1, b2 each, a series
--     "m" of 3 meetings with 4 participants, half from outside Alfa; new pairs
--     (different organisations, no direct contact before): a1-b2, a2-b1, a2-b2.
--   Jul 1: a2 -> b1 2 calls: one new pair in contact after.
-- 23 contacts; quarters (clipped to Jan 10 .. Jul 2): 12, 9 and 2 contacts;
-- ties in Q1 a1->b1, b1->a1, a2->g1, b2->g1 (4), in Q2 a1->a2, a1->b1, a1->b2
-- (3): persistence 1/6, then 0 in Q3 (a2->b1 only).
local actors = {
  {id = "a1", organisation = "Alfa kommune", unit = "Heimetenesta", type = "municipality"},
  {id = "a2", organisation = "Alfa kommune", unit = "Tenestekontoret", type = "municipality"},
  {id = "b1", organisation = "Beta sykehus", unit = "Medisinsk", type = "hospital_unit"},
  {id = "b2", organisation = "Beta sykehus", unit = "Medisinsk", type = "hospital_unit"},
  {id = "g1", organisation = "Gamma legesenter", type = "gp"},
}

local contacts = {
  {time = "2024-01-10T09:00:00Z", from = "a1", to = "b1", channel = "e-message", case = "c1",
   n = 3},
  {time = "2024-01-20T09:00:00Z", from = "b1", to = "a1", channel = "discharge", case = "c1"},
  {time = "2024-01-25T09:00:00Z", from = "a1", to = "b1", channel = "referral", case = "c1"},
  {time = "2024-02-01T09:00:00Z", from = "b1", to = "a1", channel = "discharge", case = "c1"},
  {time = "2024-02-05T09:00:00Z", from = "a2", to = "g1", channel = "phone", case = "c2", n = 2},
  {time = "2024-02-06T09:00:00Z", from = "b2", to = "g1", channel = "e-message", case = "c2",
   n = 2},
  {time = "2024-03-05T09:00:00Z", from = "a2", to = "g1", channel = "phone", case = "c3"},
  {time = "2024-03-06T09:00:00Z", from = "b2", to = "g1", channel = "e-message", case = "c3"},
  {time = "2024-07-01T09:00:00Z", from = "a2", to = "b1", channel = "phone", n = 2},
}
for m, day in ipairs{"2024-04-10", "2024-05-10", "2024-06-10"} do
  for _, who in ipairs{"a2", "b1", "b2"} do
    contacts[#contacts + 1] = {time = day .. "T10:00:00Z", from = "a1", to = who,
                               channel = "meeting", meeting = "m" .. m}
  end
end

local same_type = {}
for i, a in ipairs(actors) do
  same_type[i] = {id = a.id, organisation = a.organisation, unit = a.unit,
                  type = a.id == "b2" and "municipality" or a.type}
end

return {
  cases = {
    {
      name = "every new binding on a network counted by hand",
      actors = actors,
      contacts = contacts,
      count = 1,
      tolerance = 1e-6,
      expect = {{level = "network", label = "ok", scores = {
        analysis_windows = 0, windows = 3, w1_contacts = 12, w2_contacts = 9, w3_contacts = 2,
        w1_ties = 4, w2_ties = 3, w2_persistence = 1 / 6, w3_persistence = 0, w1_discharge = 2,
        w1_label_q1 = 1, w_end_is_before = 1, windows_reused = 1,
        t_contacts = 23, t_after = 11, t_windows = 3, t_a1_contacts = 15, t_tie_a1b1 = 7,
        t_window_name = 1, t_ties = 7, lean_windows_same = 1, lean_contacts = 23,
        lean_detail = 0, t_detail = 1, lean_ties_refused = 1, lean_reuses_detail = 1,
        lean_burstiness = 1, lean_cps_same = 1,
        act_scopes = 6, act_network = 23, act_ab = 14, act_ab_w1_ab = 4, act_ab_w1_ba = 2,
        act_ab_w2_meeting_rows = 6, act_ab_w2_scheduled = 6, act_ab_w1_top_a1 = 1,
        act_network_w1_cross = 12, light_equals_detail = 1, act_case_scopes = 2,
        cases = 3, cases_bti3 = 2, c1_contacts = 6, c1_providers = 2, c1_bti = 2,
        c1_transfers = 3, c1_pingpongs = 1, c1_reciprocal = 1, c1_nodes = 2, c1_events = 6,
        top_case_c1 = 1, summary_bti2 = 1, summary_bti3 = 2, summary_pingpongs = 1,
        co_pairs = 1, co_cases = 2, co_cross = 1, co_by_org = 1, co_by_org_cases = 2,
        co_by_type = 1, co_by_type_inside = 1, co_inside_same = 0, co_inside_pairs = 1,
        co_inside_cases = 2,
        sub_cases = 3, sub_meetings = 3, sub_c1_events = 6, sub_m1_participants = 4,
        meetings = 3, m1_participants = 4, m1_series = 1, series = 1, series_meetings = 3,
        series_a1 = 3, series_cross = 0.5, series_new_pairs = 3, series_with_contact_after = 1,
        series_pairs_iter = 3, series_filtered = 0, series_label_m = 1,
        removal_ties_lost = 3, removal_cross_ties_lost = 3, columns_nodes = 5,
        columns_ties = 7, columns_contacts = 23, ties_plain = 7, events_a1 = 15,
        events_discharge = 2, half_life = 14.437535733515, half_life_none = 1,
      }}},
    },
    {
      -- With b2 of a2's type the co-serving pair lies inside one type: left out of
      -- net:co_serving{by = "type"}, summed as municipality <-> municipality with
      -- inside = true.
      name = "co-serving pairs inside one group",
      actors = same_type,
      contacts = contacts,
      expect = {{level = "network", scores = {
        co_pairs = 1, co_by_type = 0, co_by_type_inside = 1, co_inside_same = 1,
        co_inside_pairs = 1, co_inside_cases = 2,
      }}},
    },
    {
      -- The analysis' own windows (--window month) are what net:windows() returns.
      name = "the analysis' windows",
      actors = actors,
      contacts = contacts,
      options = {window = "month"},
      expect = {{level = "network", scores = {analysis_windows = 7}}},
    },
  },
}
