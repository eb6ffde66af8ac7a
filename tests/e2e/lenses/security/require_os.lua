-- require_os.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "require_os",
  title = {en = "Attack: require_os", nb = "Angrep: require_os"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    local os2 = require "os"
    return {}
  end,
}
