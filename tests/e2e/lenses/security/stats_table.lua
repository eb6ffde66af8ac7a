-- stats_table.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "stats_table",
  title = {en = "Attack: stats_table", nb = "Angrep: stats_table"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    stats.mean = function() return 42 end
    return {}
  end,
}
