-- format_heavy.lua: string.format doubling a string until the memory cap.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "format_heavy",
  title = {en = "Hostile: format_heavy", nb = "Fiendtlig: format_heavy"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local s = string.rep("x", 1 << 20)
    while true do s = string.format("%s%s", s, s) end
    return {}
  end,
}
