-- gc_metamethod.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "gc_metamethod",
  title = {en = "Attack: gc_metamethod", nb = "Angrep: gc_metamethod"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    setmetatable({}, {__gc = function() while true do end end})
    return {}
  end,
}
