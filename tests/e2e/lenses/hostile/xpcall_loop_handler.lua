-- xpcall_loop_handler.lua: xpcall with a looping body and a looping handler.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "xpcall_loop_handler",
  title = {en = "Hostile: xpcall_loop_handler", nb = "Fiendtlig: xpcall_loop_handler"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    xpcall(function() while true do end end, function() while true do end end)
    return {}
  end,
}
