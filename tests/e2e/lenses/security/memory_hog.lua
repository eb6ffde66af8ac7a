-- memory_hog.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "memory_hog",
  title = {en = "Attack: memory_hog", nb = "Angrep: memory_hog"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    local t = {}
    for i = 1, 1e9 do t[i] = {i} end
    return {}
  end,
}
