-- handler_errors.lua: a message handler that raises errors, in a loop.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "handler_errors",
  title = {en = "Hostile: handler_errors", nb = "Fiendtlig: handler_errors"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local function h(m) error(m) end
    while true do xpcall(error, h, "x") end
    return {}
  end,
}
