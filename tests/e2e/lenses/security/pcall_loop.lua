-- pcall_loop.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "pcall_loop",
  title = {en = "Attack: pcall_loop", nb = "Angrep: pcall_loop"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    while true do pcall(function() while true do end end) end
    return {}
  end,
}
