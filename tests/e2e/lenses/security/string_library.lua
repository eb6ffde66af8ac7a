-- string_library.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "string_library",
  title = {en = "Attack: string_library", nb = "Angrep: string_library"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    string.upper = function() return "hacked" end
    return {}
  end,
}
