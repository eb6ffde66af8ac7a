-- new_global.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "new_global",
  title = {en = "Attack: new_global", nb = "Angrep: new_global"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    shared_secret = "from another lens"
    return {}
  end,
}
