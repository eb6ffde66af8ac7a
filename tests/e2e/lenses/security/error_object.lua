-- error_object.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "error_object",
  title = {en = "Attack: error_object", nb = "Angrep: error_object"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    error(setmetatable({}, {__tostring = function() while true do end end}))
    return {}
  end,
}
