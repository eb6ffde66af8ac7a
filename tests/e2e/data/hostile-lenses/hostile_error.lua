-- hostile_error.lua: a lens whose error message carries escape sequences and CR.
return {
  name = "hostile_error",
  title = {en = "Hostile error", nb = "Fiendtlig feil"},
  description = {en = "Fails with control characters.", nb = "Feiler med kontrolltegn."},
  run = function(net, params)
    error("\27[2J\27[Hsamnett report\rfaked: all is well\127", 0)
  end,
}
