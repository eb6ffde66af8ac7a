-- score_inf.lua: a score of infinity.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "score_inf",
  title = {en = "Hostile: score_inf", nb = "Fiendtlig: score_inf"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", scores = {inf = math.huge}, evidence = {en = "e", nb = "n"}}}
  end,
}
