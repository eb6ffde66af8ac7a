-- cited.lua - a lens that cites: its concept, sources and the patterns it
-- is meant to find, and findings with a source, a test, a reason and the
-- parameters behind each label (run_lens.sh t_cited_findings).
return {
  name = "cited",
  title = {en = "Cited findings", nb = "Funn med kilder"},
  description = {en = "Findings that name their test and source.",
                 nb = "Funn som oppgir test og kilde."},
  concept = {en = "equality (likeverd)", nb = "likeverd"},
  sources = {"Steinsland 2021", "Krackhardt and Stern 1988"},
  detects = {{pattern = "one_way_shadowing", level = "group", labels = {"enveis hospitering"}},
             {pattern = "silo", level = "group", labels = {"silo", "uavklart"}}},
  params = {
    alpha = {type = "number", default = 0.05, min = 0, max = 1, doc = "significance level"},
    min_contacts = {type = "integer", default = 5, min = 1, doc = "fewest contacts judged"},
  },
  run = function(net, params)
    return {
      finding{level = "group", scope = "Bergen kommune <-> Haukeland", label = "enveis hospitering",
              source = "Krackhardt and Stern 1988",
              test = {method = "binomial", p = 0.0031, p_adjusted = 0.0062, correction = "holm",
                      tests = 2, effect = 0.9},
              uses = {"alpha", "min_contacts"}, scores = {contacts = 7},
              evidence = {en = "7 of 7 one way.", nb = "7 av 7 én vei."}},
      finding{level = "group", scope = "Legesenter Nord", label = "uavklart",
              reason = "for lite data", test = {method = "binomial", missing = 3},
              uses = {"min_contacts"}, scores = {contacts = 2},
              evidence = {en = "2 contacts.", nb = "2 kontakter."}},
      finding{level = "network", label = "likeverdig", reason = nil,
              evidence = {en = "Equal.", nb = "Likeverdig."}},
    }
  end,
}
