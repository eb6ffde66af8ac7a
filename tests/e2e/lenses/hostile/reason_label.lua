-- reason_label.lua: a reason on a label other than uavklart.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "reason_label",
  title = {en = "Hostile: reason_label", nb = "Fiendtlig: reason_label"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "silo", reason = "for lite data", evidence = {en = "e", nb = "n"}}}
  end,
}
