-- binary_chunk.lua: a hostile lens for run_lens.sh; it must fail cleanly.
return {
  name = "binary_chunk",
  title = {en = "Attack: binary_chunk", nb = "Angrep: binary_chunk"},
  description = {en = "A security test.", nb = "En sikkerhetstest."},
  run = function(net, params)
    local chunk = string.dump and string.dump(function() end) or "\27LuaT\0\25\147\r\n\26\n"
    local f = assert(load(chunk))
    return {}
  end,
}
