-- table_move_len.lua: table.move up to a __len of math.maxinteger (C loop).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "table_move_len",
  title = {en = "Hostile: table_move_len", nb = "Fiendtlig: table_move_len"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local t = setmetatable({}, {__len = function() return math.maxinteger end})
    table.move(t, 1, #t, 1)
    return {}
  end,
}
