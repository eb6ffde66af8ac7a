-- write_net.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "write_net",
  title = {en = "Attack: write_net", nb = "Angrep: write_net"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    net.level = "organisation"
    return {}
  end,
}
