-- net_metatable.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "net_metatable",
  title = {en = "Attack: net_metatable", nb = "Angrep: net_metatable"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    getmetatable(net).__index = function() return "forged" end
    return {}
  end,
}
