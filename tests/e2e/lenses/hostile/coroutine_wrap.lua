-- coroutine_wrap.lua: a limit hit inside coroutine.wrap, caught, then findings.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "coroutine_wrap",
  title = {en = "Hostile: coroutine_wrap", nb = "Fiendtlig: coroutine_wrap"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local f = coroutine.wrap(function() while true do end end)
    local ok = pcall(f)
    return {finding{level = "network", label = ok and "ok" or "caught", evidence = {en = "e", nb = "n"}}}
  end,
}
