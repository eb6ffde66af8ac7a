-- pattern_lazy.lua: a backtracking pattern (C loop).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "pattern_lazy",
  title = {en = "Hostile: pattern_lazy", nb = "Fiendtlig: pattern_lazy"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    string.find(string.rep("a", 100000), ".-.-.-.-.-x")
    return {}
  end,
}
