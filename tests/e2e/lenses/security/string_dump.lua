-- string_dump.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "string_dump",
  title = {en = "Attack: string_dump", nb = "Angrep: string_dump"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    local bytes = string.dump(run)
    return {}
  end,
}
