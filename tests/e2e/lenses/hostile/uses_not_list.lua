-- uses_not_list.lua: uses given as a table with holes.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "uses_not_list",
  title = {en = "Hostile: uses_not_list", nb = "Fiendtlig: uses_not_list"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  params = {alpha = {type = "number", default = 0.05, doc = "a"}},
  run = function(net, params)
    return {{level = "network", label = "x", uses = {[1] = "alpha", [3] = "alpha"}, evidence = {en = "e", nb = "n"}}}
  end,
}
