-- coroutine_resume.lua: a limit hit inside coroutine.resume, then findings.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "coroutine_resume",
  title = {en = "Hostile: coroutine_resume", nb = "Fiendtlig: coroutine_resume"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local co = coroutine.create(function() while true do end end)
    local ok = coroutine.resume(co)
    return {finding{level = "network", label = ok and "ok" or "caught", evidence = {en = "e", nb = "n"}}}
  end,
}
