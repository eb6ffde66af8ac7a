-- detects_level.lua: detects at a level findings do not have.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "detects_level",
  title = {en = "Hostile: detects_level", nb = "Fiendtlig: detects_level"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  detects = {{pattern = "video_shift", level = "window", labels = {"kaotisk"}}},
  run = function(net, params)
    return {{level = "network", label = "x", scores = {}, evidence = {en = "e", nb = "n"}}}
  end,
}
