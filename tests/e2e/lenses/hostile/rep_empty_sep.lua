-- rep_empty_sep.lua: string.rep with an empty separator (C loop).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "rep_empty_sep",
  title = {en = "Hostile: rep_empty_sep", nb = "Fiendtlig: rep_empty_sep"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    string.rep("", math.maxinteger, "")
    return {}
  end,
}
