-- nul_evidence.lua: a finding whose evidence holds a NUL byte.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "nul_evidence",
  title = {en = "Hostile: nul_evidence", nb = "Fiendtlig: nul_evidence"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", evidence = {en = "cut\0here", nb = "n"}}}
  end,
}
