-- test_p_range.lua: a p-value above 1.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "test_p_range",
  title = {en = "Hostile: test_p_range", nb = "Fiendtlig: test_p_range"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", test = {method = "binomial", p = 1.5}, evidence = {en = "e", nb = "n"}}}
  end,
}
