-- table_remove_len.lua: table.remove over a __len of math.maxinteger (C loop).
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "table_remove_len",
  title = {en = "Hostile: table_remove_len", nb = "Fiendtlig: table_remove_len"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    local t = setmetatable({}, {__len = function() return math.maxinteger end})
    table.remove(t, 1)
    return {}
  end,
}
