-- api_tour.lua: reads every part of the net API on tests/e2e/data/region and
-- returns what it saw as scores; run_lens.sh compares them with the numbers
-- counted by hand in run_cli.sh's fixture notes.
return {
  name = "api_tour",
  title = {en = "API tour", nb = "Omvisning i API-et"},
  description = {en = "Exercises the lens API.", nb = "Prøver lens-API-et."},
  params = {
    note = {type = "string", default = "x", values = {"x", "y"}, doc = "a choice"},
    flag = {type = "boolean", default = false, doc = "a switch"},
  },
  run = function(net, params)
    local s = {}
    local function count(iter, ...)
      local n = 0
      for _ in iter(...) do n = n + 1 end
      return n
    end
    s.actors = count(net.actors, net)
    s.nodes = count(net.nodes, net)
    s.ties = count(net.ties, net)
    local k1 = net:actor("k1")
    s.k1_middle = (k1.rank == "middle" and k1.organisation == "Bergen kommune") and 1 or 0
    s.g1_no_unit = net:actor("g1").unit == nil and 1 or 0
    s.no_such_actor = net:actor("zz") == nil and 1 or 0
    local nk1 = net:node("k1")
    s.k1_degree_out, s.k1_strength_out = nk1.degree_out, nk1.strength_out
    s.k1_has_brokerage = nk1.brokerage and 1 or 0
    local t = net:tie("h1", "k1")
    s.h1k1_contacts = t.contacts
    s.h1k1_phone, s.h1k1_discharge = t.channels.phone, t.channels.discharge
    s.h1k1_first, s.h1k1_last = t.first, t.last
    s.h1k1_mutual = t.mutual and 1 or 0
    s.events = count(net.events, net)
    s.events_phone = count(net.events, net, {channel = "phone"})
    s.events_from_k1 = count(net.events, net, {from = "k1"})
    s.events_since = count(net.events, net, {since = "2024-03-01"})
    s.events_before = count(net.events, net, {before = "2024-02-01"})
    s.events_until = count(net.events, net, {["until"] = "2024-01-31"})
    local cases = 0
    for time, from, to, channel, case, meeting, weight in net:events{channel = "meeting"} do
      -- s2 is the second case the file names: no report holds a raw case id, so c-2
      if case == "c-2" and from and to and weight == 30 and meeting == nil then
        cases = cases + 1
      end
    end
    s.meeting_rows_s2 = cases
    local org = net:subnet{level = "organisation"}
    s.org_nodes, s.org_ties = org:network().nodes, org:network().ties
    s.org_level = org.level == "organisation" and 1 or 0
    s.phone_ties = net:subnet{channels = {"phone"}}:network().ties
    s.network_ties = net:network().ties
    s.silo_groups = #net:silo("organisation").groups
    s.type_groups = #net:silo("type").groups
    s.k1_group = net:partition("organisation").of.k1 == "Bergen kommune" and 1 or 0
    s.mean = stats.mean{1, 2, 3, 4}
    s.median = stats.median{1, 3, 2}
    s.quantile = stats.quantile({1, 2, 3, 4}, 0.25)
    s.gini = stats.gini{0, 0, 0, 10}
    s.cv = stats.cv{2, 4}
    s.sum, s.min, s.max = stats.sum{1, 2}, stats.min{3, 1}, stats.max{3, 1}
    s.empty_mean = stats.mean{} == nil and 1 or 0
    s.param_note = params.note == "y" and 1 or 0
    s.param_flag = params.flag and 1 or 0
    s.os_time = type(os.time()) == "number" and 1 or 0
    return {
      finding{level = "network", label = "uavklart", scores = s,
              evidence = {en = "The API answered.", nb = "API-et svarte."}},
      finding{level = "actor", scope = "k1", label = "sentral",
              scores = {betweenness = nk1.betweenness},
              evidence = {en = "k1 is central.", nb = "k1 er sentral."}},
    }
  end,
}
