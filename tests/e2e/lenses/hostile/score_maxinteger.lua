-- score_maxinteger.lua: a score of math.maxinteger.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "score_maxinteger",
  title = {en = "Hostile: score_maxinteger", nb = "Fiendtlig: score_maxinteger"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", scores = {big = math.maxinteger}, evidence = {en = "e", nb = "n"}}}
  end,
}
