-- intact.lua: runs after the hostile lenses of run_lens.sh and checks that
-- the shared libraries still behave (each lens has its own Lua state).
return {
  name = "intact",
  title = {en = "Sandbox intact", nb = "Sandkassen er hel"},
  description = {en = "Checks the libraries after hostile lenses.",
                 nb = "Sjekker bibliotekene etter fiendtlige linser."},
  run = function(net, params)
    assert(string.upper("a") == "A", "string.upper was changed")
    assert(("a"):upper() == "A", "the string metatable was changed")
    assert(stats.mean({1, 2, 3}) == 2, "stats.mean was changed")
    assert(rawget(_G, "shared_secret") == nil, "a global leaked between lenses")
    assert(net.level == "actor", "net.level was changed")
    local n = 0
    for _ in net:nodes() do n = n + 1 end
    return {
      finding{level = "network", label = "intact", scores = {nodes = n},
              evidence = {en = string.format("The libraries behave; %d nodes.", n),
                          nb = string.format("Bibliotekene virker; %d noder.", n)}},
    }
  end,
}
