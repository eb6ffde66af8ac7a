-- infinite_loop.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "infinite_loop",
  title = {en = "Attack: infinite_loop", nb = "Angrep: infinite_loop"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    while true do end
    return {}
  end,
}
