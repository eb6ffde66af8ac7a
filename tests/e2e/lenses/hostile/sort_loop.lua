-- sort_loop.lua: a table.sort comparator that never returns.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "sort_loop",
  title = {en = "Hostile: sort_loop", nb = "Fiendtlig: sort_loop"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local t = {3, 2, 1}
    table.sort(t, function(a, b) while true do end end)
    return {}
  end,
}
