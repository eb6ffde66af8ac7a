-- score_nan.lua: a score that is not a number.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "score_nan",
  title = {en = "Hostile: score_nan", nb = "Fiendtlig: score_nan"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", scores = {nan = 0/0}, evidence = {en = "e", nb = "n"}}}
  end,
}
