-- nb_rewire_paths.lua: `scripts/bench nullmodel`: rewiring with betweenness (O(n m) a draw), 100 draws.
return {
  name = "nb_rewire_paths",
  title = {en = "Null: rewiring, paths", nb = "Nullmodell: omkobling, stier"},
  description = {en = "Times net:null_rewire with betweenness.",
                 nb = "Tar tiden på net:null_rewire med mellomliggende sentralitet."},
  run = function(net)
    local ids = {}
    for nd in net:nodes() do
      if #ids < 5 then ids[#ids + 1] = nd.id end
    end
    local t = os.clock()
    local r = net:null_rewire{stats = {"top_share", "betweenness", "brokerage"}, nodes = ids,
                              draws = 100}
    print(string.format("null_rewire top_share %.3f (null %.3f), 5 nodes' betweenness and brokerage, 100 draws, %.3f s",
      r.top_share.observed, r.top_share.mean, os.clock() - t))
    return {}
  end,
}
