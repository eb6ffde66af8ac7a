-- rawset_string.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "rawset_string",
  title = {en = "Attack: rawset_string", nb = "Angrep: rawset_string"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    rawset(string, "upper", function() return "hacked" end)
    return {}
  end,
}
