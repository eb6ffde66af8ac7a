-- nb_none.lua: the baseline of `scripts/bench nullmodel`: a lens that does nothing.
return {
  name = "nb_none",
  title = {en = "Baseline", nb = "Grunnlinje"},
  description = {en = "Does nothing.", nb = "Gjør ingenting."},
  run = function() return {} end,
}
