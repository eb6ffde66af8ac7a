-- string_rep.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "string_rep",
  title = {en = "Attack: string_rep", nb = "Angrep: string_rep"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    local s = string.rep("x", 1e9)
    return {}
  end,
}
