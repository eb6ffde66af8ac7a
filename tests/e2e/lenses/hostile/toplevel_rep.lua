-- toplevel_rep.lua: a C loop in the lens file's own code, run when it loads.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
string.rep("", math.maxinteger)
return {
  name = "toplevel_rep",
  title = {en = "Hostile: toplevel_rep", nb = "Fiendtlig: toplevel_rep"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {}
  end,
}
