-- pattern_backref.lua: a back-reference pattern (C loop).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "pattern_backref",
  title = {en = "Hostile: pattern_backref", nb = "Fiendtlig: pattern_backref"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    string.find(string.rep("a", 300000), "(a-)%1%1%1b")
    return {}
  end,
}
