-- test_draws_huge.lua: a count of draws beyond 2^53.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "test_draws_huge",
  title = {en = "Hostile: test_draws_huge", nb = "Fiendtlig: test_draws_huge"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", test = {draws = math.maxinteger}, evidence = {en = "e", nb = "n"}}}
  end,
}
