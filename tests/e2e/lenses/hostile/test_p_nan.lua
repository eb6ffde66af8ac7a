-- test_p_nan.lua: a test whose p-value is not a number.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "test_p_nan",
  title = {en = "Hostile: test_p_nan", nb = "Fiendtlig: test_p_nan"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", test = {method = "permutation", p = 0/0}, evidence = {en = "e", nb = "n"}}}
  end,
}
