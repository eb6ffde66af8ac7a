-- deep_recursion.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "deep_recursion",
  title = {en = "Attack: deep_recursion", nb = "Angrep: deep_recursion"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    local function down(n) return 1 + down(n + 1) end
    down(1)
    return {}
  end,
}
