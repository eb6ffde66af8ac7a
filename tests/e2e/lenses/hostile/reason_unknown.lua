-- reason_unknown.lua: a reason that is neither of the two.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "reason_unknown",
  title = {en = "Hostile: reason_unknown", nb = "Fiendtlig: reason_unknown"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "uavklart", reason = "unclear", evidence = {en = "e", nb = "n"}}}
  end,
}
