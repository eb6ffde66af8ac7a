-- os_execute.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "os_execute",
  title = {en = "Attack: os_execute", nb = "Angrep: os_execute"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    os.execute("touch pwned-by-lens")
    return {}
  end,
}
