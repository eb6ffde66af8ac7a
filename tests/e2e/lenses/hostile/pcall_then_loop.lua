-- pcall_then_loop.lua: pcall catches the time limit and the lens loops on.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "pcall_then_loop",
  title = {en = "Hostile: pcall_then_loop", nb = "Fiendtlig: pcall_then_loop"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    pcall(function() while true do end end)
    local n = 0
    while true do n = n + 1 end
    return {}
  end,
}
