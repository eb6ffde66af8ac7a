-- lib/common.lua - small helpers the bundled lenses share: number formats in
-- English and bokmål, lists given as parameters, node lookups and findings.
--   local C = require "lib.common"

local M = {}

-- "75%" in English, "75 %" in bokmål.
function M.pct(x)
  if x == nil then return "n/a" end
  return string.format("%.0f%%", 100 * x)
end

function M.pct_nb(x)
  if x == nil then return "i.t." end
  return string.format("%.0f %%", 100 * x)
end

-- A number with d decimals ("n/a" for nil); M.nb turns the point into a comma.
function M.f(x, d)
  if x == nil then return "n/a" end
  return string.format("%." .. (d or 2) .. "f", x)
end

-- bokmål writes a decimal comma: 0.75 -> 0,75 (only between digits)
function M.nb(s)
  return (s:gsub("(%d)%.(%d)", "%1,%2"):gsub("n/a", "i.t."))
end

-- "2020-12-01" (or "2020-12-01T08:00:00Z") as UTC epoch seconds; nil if it is no date.
function M.utc(text)
  local y, m, d = (text or ""):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if not y then return nil end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if m < 1 or m > 12 or d < 1 or d > 31 then return nil end
  local H, M_, S = text:match("T(%d%d):(%d%d):?(%d?%d?)")
  -- days from civil (proleptic Gregorian), as in H. Hinnant's algorithm
  if m <= 2 then y = y - 1 end
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  local days = era * 146097 + doe - 719468
  return days * 86400 + (tonumber(H) or 0) * 3600 + (tonumber(M_) or 0) * 60
    + (tonumber(S ~= "" and S or nil) or 0)
end

function M.date(t)
  return t and os.date("!%Y-%m-%d", t) or "?"
end

-- "a, b,c" -> {"a", "b", "c"} (lower case, trimmed, empty items dropped)
function M.list(s)
  local out = {}
  for item in (s or ""):gmatch("[^,]+") do
    item = item:gsub("^%s+", ""):gsub("%s+$", ""):lower()
    if item ~= "" then out[#out + 1] = item end
  end
  return out
end

function M.set(s)
  local out = {}
  for _, item in ipairs(M.list(s)) do out[item] = true end
  return out
end

-- Does the lower-cased text contain one of the substrings?
function M.contains_any(text, subs)
  if not text then return false end
  text = text:lower()
  for _, s in ipairs(subs) do
    if text:find(s, 1, true) then return true end
  end
  return false
end

-- Every node by id (one pass over net:nodes()).
function M.nodes(net)
  local map = {}
  for v in net:nodes() do map[v.id] = v end
  return map
end

-- A leader: rank in the set (default top and middle).
function M.is_leader(v, ranks)
  return v ~= nil and v.rank ~= nil and (ranks or {top = true, middle = true})[v.rank] == true
end

-- Sort a list by key(x) descending, ties by name(x) ascending.
function M.sort_desc(list, key, name)
  table.sort(list, function(x, y)
    local a, b = key(x), key(y)
    if a ~= b then return a > b end
    return name(x) < name(y)
  end)
  return list
end

function M.keys(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  table.sort(out)
  return out
end

-- A finding; the bokmål sentence gets decimal commas.
function M.finding(level, scope, label, scores, en, nb)
  return finding{level = level, scope = scope, label = label, scores = scores,
                 evidence = {en = en, nb = M.nb(nb)}}
end

-- Append the items of src to dst; returns dst.
function M.append(dst, src)
  for _, f in ipairs(src) do dst[#dst + 1] = f end
  return dst
end

return M
