-- rep_empty.lua: string.rep of an empty string math.maxinteger times (C loop).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "rep_empty",
  title = {en = "Hostile: rep_empty", nb = "Fiendtlig: rep_empty"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    string.rep("", math.maxinteger)
    return {}
  end,
}
