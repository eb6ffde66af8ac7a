-- coordinator_test.lua - the cases of lenses/coordinator.lua, each a small
-- network whose junction boxes and buffers are known by construction.
--   samnett lens test plugins/lenses/coordinator.lua

-- Alfa kommune: the allocation office t1, home nursing h1 h2, nursing home s1
-- s2. Beta sykehus: wards b1 b2 and its collaboration coordinator c2.
local actors = {
  {id = "t1", organisation = "Alfa kommune", unit = "Tildelingskontoret", type = "municipality"},
  {id = "h1", organisation = "Alfa kommune", unit = "Hjemmesykepleien", type = "municipality"},
  {id = "h2", organisation = "Alfa kommune", unit = "Hjemmesykepleien", type = "municipality"},
  {id = "s1", organisation = "Alfa kommune", unit = "Sykehjemmet", type = "municipality"},
  {id = "s2", organisation = "Alfa kommune", unit = "Sykehjemmet", type = "municipality"},
  {id = "b1", organisation = "Beta sykehus", unit = "Medisinsk", type = "hospital_unit"},
  {id = "b2", organisation = "Beta sykehus", unit = "Kirurgisk", type = "hospital_unit"},
  {id = "c2", organisation = "Beta sykehus", unit = "Samhandling", type = "coordinator"},
}

-- All of Alfa's contact with Beta runs through the allocation office t1.
local junction = {
  {time = "2024-01-10", from = "h1", to = "t1", channel = "e-message", n = 10},
  {time = "2024-01-10", from = "h2", to = "t1", channel = "e-message", n = 10},
  {time = "2024-01-11", from = "t1", to = "b1", channel = "e-message", n = 15},
  {time = "2024-01-11", from = "t1", to = "b2", channel = "e-message", n = 5},
  {time = "2024-01-12", from = "b1", to = "t1", channel = "discharge", n = 12},
  {time = "2024-01-12", from = "t1", to = "s1", channel = "e-message", n = 6},
  {time = "2024-01-12", from = "t1", to = "s2", channel = "e-message", n = 6},
}

return {
  cases = {
    {
      -- t1 brokers every cross-boundary path (h1, h2 -> t1 -> b1, b2 and b1 -> t1
      -- -> s1, s2): path share 100%: koblingsboks. Home nursing's 20 contacts all
      -- go to t1 and none directly to Beta: buffer index 1: bufret, and paradox 1
      -- is found. t1 keeps 32 of its 64 contacts inside Alfa (50% >= 50%):
      -- paradox 2. No tie links two coordinators: paradox 3 not found.
      name = "everything through the allocation office: koblingsboks and bufret",
      actors = actors,
      contacts = junction,
      expect = {
        {level = "network", scope = "network", label = "koblingsboks",
         scores = {coordinators = 2, path_share = 1}},
        {level = "actor", scope = "t1", label = "koblingsboks", scores = {share = 1}},
        {level = "group", scope = "Alfa kommune / Hjemmesykepleien", label = "bufret",
         scores = {via_coordinators = 20, external = 0, buffer_index = 1}},
        {level = "network", scope = "1: bevarer differensiering", label = "påvist"},
        {level = "network", scope = "2: forsterker delsystemene", label = "påvist",
         scores = {inside = 32, contacts = 64, inside_share = 0.5}},
        {level = "network", scope = "3: koordinering av koordinatorene", label = "ikke påvist",
         scores = {coordinator_ties = 0}},
      },
    },
    {
      -- The units call the wards directly (h1 -> b1 and back, s1 -> b2 and back)
      -- and t1 only sorts the odd request: no coordinator brokers a
      -- cross-boundary path: fordelt; home nursing is direkte (4 of 34 via t1).
      name = "units deal directly: fordelt and direkte",
      actors = actors,
      contacts = {
        {time = "2024-01-10", from = "h1", to = "b1", channel = "phone", n = 15},
        {time = "2024-01-10", from = "b1", to = "h1", channel = "phone", n = 15},
        {time = "2024-01-11", from = "s1", to = "b2", channel = "phone", n = 10},
        {time = "2024-01-11", from = "b2", to = "s1", channel = "phone", n = 10},
        {time = "2024-01-12", from = "h1", to = "t1", channel = "e-message", n = 4},
      },
      expect = {
        {level = "network", scope = "network", label = "fordelt", scores = {path_share = 0}},
        {level = "group", scope = "Alfa kommune / Hjemmesykepleien", label = "direkte",
         scores = {via_coordinators = 4, external = 30}},
        {level = "network", scope = "1: bevarer differensiering", label = "ikke påvist"},
      },
    },
    {
      -- The junction as above, and t1 and Beta's coordinator c2 keep 10 ties'
      -- worth of contact between them: 2 of the 9 ties with a coordinator link two
      -- coordinators (22% >= 10%): coordinating the coordinators.
      name = "coordinators coordinating each other: paradox 3",
      actors = actors,
      contacts = (function()
        local out = {}
        for _, c in ipairs(junction) do out[#out + 1] = c end
        out[#out + 1] = {time = "2024-01-15", from = "t1", to = "c2", channel = "phone", n = 5}
        out[#out + 1] = {time = "2024-01-15", from = "c2", to = "t1", channel = "phone", n = 5}
        return out
      end)(),
      expect = {
        {level = "network", scope = "3: koordinering av koordinatorene", label = "påvist",
         scores = {coordinator_ties = 2, ties_with_coordinator = 9}},
      },
    },
    {
      name = "the organisation level: uavklart",
      actors = actors,
      contacts = junction,
      options = {level = "organisation"},
      count = 1,
      expect = {{level = "network", label = "uavklart"}},
    },
  },
}
