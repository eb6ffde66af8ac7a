-- nb_groups.lua: `scripts/bench nullmodel`: label permutation, 1,000 draws each.
return {
  name = "nb_groups",
  title = {en = "Null: label permutation", nb = "Nullmodell: permuterte etiketter"},
  description = {en = "Times net:null_groups.", nb = "Tar tiden på net:null_groups."},
  run = function(net)
    local t = os.clock()
    local r = net:null_groups{attr = "organisation", draws = 1000}
    print(string.format("null_groups organisation: %d pairs, E-I %.3f, null %.3f (sd %.3f), %.3f s",
      #r.pairs, r.ei.observed, r.ei.mean, r.ei.sd, os.clock() - t))
    t = os.clock()
    r = net:null_groups{attr = "type", ties = "cross:organisation", weight = "ties", draws = 1000}
    print(string.format("null_groups type over cross:organisation: E-I %.3f, null %.3f, %.3f s",
      r.ei.observed, r.ei.mean, os.clock() - t))
    t = os.clock()
    r = net:null_groups{attr = "rank", strata = "organisation", draws = 1000}
    print(string.format("null_groups rank within organisation strata: E-I %.3f, null %.3f, %.3f s",
      r.ei.observed, r.ei.mean, os.clock() - t))
    return {}
  end,
}
