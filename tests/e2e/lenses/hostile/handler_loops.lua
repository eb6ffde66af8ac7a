-- handler_loops.lua: an error whose message handler loops.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "handler_loops",
  title = {en = "Hostile: handler_loops", nb = "Fiendtlig: handler_loops"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    xpcall(function() error("x") end, function(m) while true do end end)
    return {}
  end,
}
