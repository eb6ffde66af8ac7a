-- nb_time.lua: `scripts/bench nullmodel`: the time shuffle, 1,000 draws: over all the quarters,
-- and over two quarters as the cynefin lens shuffles them.
return {
  name = "nb_time",
  title = {en = "Null: time shuffle", nb = "Nullmodell: stokket tid"},
  description = {en = "Times net:null_time.", nb = "Tar tiden på net:null_time."},
  run = function(net)
    local t = os.clock()
    local r = net:null_time{length = "quarter", draws = 1000}
    local w = r.windows[#r.windows]
    print(string.format("null_time %d quarters; last: ties %d (null %.1f), persistence %.3f (null %.3f), %.3f s",
      #r.windows, w.ties.observed, w.ties.mean, w.persistence.observed, w.persistence.mean,
      os.clock() - t))
    local prev = r.windows[#r.windows - 1]
    t = os.clock()
    r = net:null_time{length = "quarter", since = prev.start, before = w["end"],
                      stats = {"persistence"}, draws = 1000}
    w = r.windows[#r.windows]
    print(string.format("null_time the last 2 quarters: persistence %.3f (null %.3f), %.3f s",
      w.persistence.observed, w.persistence.mean, os.clock() - t))
    return {}
  end,
}
