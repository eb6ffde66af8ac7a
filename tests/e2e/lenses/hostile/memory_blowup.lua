-- memory_blowup.lua: a table that grows until the memory cap.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "memory_blowup",
  title = {en = "Hostile: memory_blowup", nb = "Fiendtlig: memory_blowup"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local t = {}
    for i = 1, math.maxinteger do t[i] = string.rep("x", 1 << 16) .. i end
    return {}
  end,
}
