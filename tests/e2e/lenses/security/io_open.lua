-- io_open.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "io_open",
  title = {en = "Attack: io_open", nb = "Angrep: io_open"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    local f = io.open("/etc/passwd")
    return {}
  end,
}
