-- gsub_heavy.lua: gsub with a backtracking pattern (C loop).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "gsub_heavy",
  title = {en = "Hostile: gsub_heavy", nb = "Fiendtlig: gsub_heavy"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    string.gsub(string.rep("a", 200000), "a-a-a-a-b", "x")
    return {}
  end,
}
