-- uses_unknown.lua: uses names a parameter the lens does not declare.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "uses_unknown",
  title = {en = "Hostile: uses_unknown", nb = "Fiendtlig: uses_unknown"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  params = {alpha = {type = "number", default = 0.05, doc = "a"}},
  run = function(net, params)
    return {{level = "network", label = "x", uses = {"alpha", "nope"}, evidence = {en = "e", nb = "n"}}}
  end,
}
