-- nb_rewire.lua: `scripts/bench nullmodel`: degree-preserving rewiring, 1,000 draws.
return {
  name = "nb_rewire",
  title = {en = "Null: rewiring", nb = "Nullmodell: omkobling"},
  description = {en = "Times net:null_rewire.", nb = "Tar tiden på net:null_rewire."},
  run = function(net)
    local t = os.clock()
    local r = net:null_rewire{stats = {"reciprocity", "clustering"}, draws = 1000}
    print(string.format("null_rewire reciprocity %.3f (null %.3f), clustering %.3f (null %.3f), %.3f s",
      r.reciprocity.observed, r.reciprocity.mean, r.clustering.observed, r.clustering.mean,
      os.clock() - t))
    return {}
  end,
}
