-- string_metatable.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "string_metatable",
  title = {en = "Attack: string_metatable", nb = "Angrep: string_metatable"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    local mt = getmetatable("")
    mt.__index = {upper = function() return "hacked" end}
    return {}
  end,
}
