-- test_p_string.lua: a p-value given as text.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "test_p_string",
  title = {en = "Hostile: test_p_string", nb = "Fiendtlig: test_p_string"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", test = {p = "0.01"}, evidence = {en = "e", nb = "n"}}}
  end,
}
