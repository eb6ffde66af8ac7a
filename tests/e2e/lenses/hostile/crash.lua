-- crash.lua: a lens whose process dies (SAMNETT_TEST_LENS_FAULT=crash:segv in the tests).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "crash",
  title = {en = "Hostile: crash", nb = "Fiendtlig: crash"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", evidence = {en = "e", nb = "n"}}}
  end,
}
