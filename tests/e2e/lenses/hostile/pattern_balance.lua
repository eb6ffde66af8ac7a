-- pattern_balance.lua: %b() over an unbalanced text (C loop).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "pattern_balance",
  title = {en = "Hostile: pattern_balance", nb = "Fiendtlig: pattern_balance"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    string.find(string.rep("(", 300000), "%b()")
    return {}
  end,
}
