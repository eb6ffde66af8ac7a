-- pcall_then_return.lua: pcall catches the time limit and the lens returns findings.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "pcall_then_return",
  title = {en = "Hostile: pcall_then_return", nb = "Fiendtlig: pcall_then_return"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local ok = pcall(function() while true do end end)
    return {finding{level = "network", label = ok and "ok" or "caught", evidence = {en = "e", nb = "n"}}}
  end,
}
