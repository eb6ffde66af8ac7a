-- find_plain.lua: a plain find of a 20k needle in 30 MB (C loop).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "find_plain",
  title = {en = "Hostile: find_plain", nb = "Fiendtlig: find_plain"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local hay = string.rep("a", 30000000)
    local needle = string.rep("a", 20000) .. "b"
    string.find(hay, needle, 1, true)
    return {}
  end,
}
