-- concept_bad_utf8.lua: a concept that is not valid UTF-8.
-- A hostile lens for run_lens.sh; it must fail within the time limit + 2 s.
return {
  name = "concept_bad_utf8",
  title = {en = "Hostile: concept_bad_utf8", nb = "Fiendtlig: concept_bad_utf8"},
  description = {en = "A robustness test.", nb = "En robusthetstest."},
  run = function(net, params)
    return {{level = "network", label = "x", concept = "likeverd\xff", evidence = {en = "e", nb = "n"}}}
  end,
}
