-- invalid_utf8.lua: a finding whose label is not UTF-8.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "invalid_utf8",
  title = {en = "Hostile: invalid_utf8", nb = "Fiendtlig: invalid_utf8"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "bad \xff\xfe label", evidence = {en = "e", nb = "n"}}}
  end,
}
