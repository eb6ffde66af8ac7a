-- memory_blowup.lua: a table of 1 MB strings that grows until the memory cap.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "memory_blowup",
  title = {en = "Hostile: memory_blowup", nb = "Fiendtlig: memory_blowup"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local s, t = string.rep("x", 1 << 20), {}
    for i = 1, math.maxinteger do t[i] = s .. i end
    return {}
  end,
}
