-- collectgarbage.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "collectgarbage",
  title = {en = "Attack: collectgarbage", nb = "Angrep: collectgarbage"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    collectgarbage("stop")
    return {}
  end,
}
