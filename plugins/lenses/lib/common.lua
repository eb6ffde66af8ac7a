-- lib/common.lua - small helpers the bundled lenses share: number formats in
-- English and bokmål, labels for actor types and channels, tests and
-- uavklart findings, lists given as parameters, node lookups and findings.
--   local C = require "lib.common"
--
-- Number style. English: decimal point, "75%", thousands grouped with a
-- comma from 1,000 up (12,345). Bokmål: decimal comma, "75 %" with a plain
-- space before the sign, thousands grouped with a plain space from 10 000 up
-- (Språkrådet: four-digit numbers are written without a space). A plain
-- space, not a non-breaking one, so that the text is the same in every
-- terminal and in JSON. `lang` is "en" or "nb" ("nn" and "no" read as "nb";
-- nil as "en").

local M = {}

local function is_nb(lang)
  return lang == "nb" or lang == "nn" or lang == "no"
end

local function na(lang)
  return is_nb(lang) and "i.t." or "n/a"
end

-- Group the digits of an integer text ("12345" -> "12 345" / "12,345").
local function group(digits, sep, from)
  if #digits < from then return digits end
  local out = digits:reverse():gsub("(%d%d%d)", "%1" .. sep):reverse()
  if out:sub(1, #sep) == sep then out = out:sub(#sep + 1) end
  return out
end

-- "%.<d>f" for the usual d.
local FORMATS = {[0] = "%.0f", "%.1f", "%.2f", "%.3f", "%.4f"}

local function format_fixed(d)
  return math.type(d) == "integer" and FORMATS[d] or "%." .. d .. "f"
end

-- x with d decimals in the language's style.
local function fixed(x, d, lang)
  local s = string.format(format_fixed(d), x)
  if x ~= x or x == math.huge or x == -math.huge then return s end -- inf, nan
  local neg = s:byte(1) == 45 -- "-"
  local dot = s:find(".", 1, true)
  local int = s:sub(neg and 2 or 1, dot and dot - 1 or -1)
  if neg and tonumber(s) == 0 then neg = false end -- no "-0"
  local sign = neg and "-" or ""
  if is_nb(lang) then
    return sign .. group(int, " ", 5) .. (dot and "," .. s:sub(dot + 1) or "")
  end
  return sign .. group(int, ",", 4) .. (dot and "." .. s:sub(dot + 1) or "")
end

-- The fewest decimals (0 to 3) that show v exactly; 0 when none does.
local function exact_decimals(v)
  if v == math.floor(v) and v - v == 0 then return 0 end -- a finite whole number
  for d = 0, 3 do
    local r = tonumber(string.format(FORMATS[d], v))
    if math.abs(r - v) < 1e-9 * math.max(1, math.abs(v)) then return d end
  end
  return 0
end

-- A threshold in percent as M.pct prints it, by threshold.
local PCT_THRESHOLD = {}

-- The texts of M.num and M.pct already made, by language, digits or threshold,
-- and number: the lenses quote the same parameters and counts in many findings.
local NUM_TEXT, PCT_TEXT = {}, {}

local function memo(root, lang, how)
  local by_lang = root[lang or ""]
  if not by_lang then
    by_lang = {}
    root[lang or ""] = by_lang
  end
  local texts = by_lang[how]
  if not texts then
    texts = {}
    by_lang[how] = texts
  end
  return texts
end

-- A share as a percentage. M.pct(x) alone keeps the old English form with
-- no decimals ("75%"). M.pct(x, lang) shows 100x with the fewest decimals
-- (up to 3) that show it exactly, else rounded to a whole percent
-- ("24.9%", "25%", "33%"; bokmål "24,9 %"). M.pct(x, lang, t) adds decimals
-- (at most 3) until x and the threshold t, itself printed M.pct(t, lang),
-- read in their true order: 0.249 against 0.25 is "24.9%", never "25%".
function M.pct(x, lang, threshold)
  if x == nil then return na(lang) end
  if lang == nil and threshold == nil then
    return string.format("%.0f%%", 100 * x)
  end
  local v = 100 * x
  if v ~= v or v == math.huge or v == -math.huge then return na(lang) end
  local texts = memo(PCT_TEXT, lang, threshold or "")
  if texts[x] then return texts[x] end
  local d
  if threshold ~= nil and x ~= threshold then
    local tv = PCT_THRESHOLD[threshold]
    if not tv then
      tv = 100 * threshold
      tv = tonumber(string.format(FORMATS[exact_decimals(tv)], tv))
      PCT_THRESHOLD[threshold] = tv
    end
    d = 3
    for k = 0, 3 do
      local a = tonumber(string.format(FORMATS[k], v))
      if (x < threshold and a < tv) or (x > threshold and a > tv) then
        d = k
        break
      end
    end
  else
    d = exact_decimals(v)
  end
  texts[x] = fixed(v, d, lang) .. (is_nb(lang) and " %" or "%")
  return texts[x]
end

function M.pct_nb(x)
  if x == nil then return "i.t." end
  return string.format("%.0f %%", 100 * x)
end

-- A number: integers (or digits = 0) with grouped thousands, others with
-- `digits` decimals (default 2): 12,345 / 12 345, 0.75 / 0,75.
function M.num(x, lang, digits)
  if x == nil then return na(lang) end
  if x ~= x or x == math.huge or x == -math.huge then return na(lang) end
  local texts = memo(NUM_TEXT, lang, digits or "")
  if texts[x] then return texts[x] end
  if digits == nil then
    digits = (math.type(x) == "integer" or x == math.floor(x)) and 0 or 2
  end
  texts[x] = fixed(x, digits, lang)
  return texts[x]
end

-- A p-value: "p = 0.003", "p = 0.04", "p < 0.001" (bokmål with a comma).
-- With alpha, enough decimals (at most 4) that p and alpha do not read equal.
function M.p(p, lang, alpha)
  if p == nil or p ~= p then return "p = " .. na(lang) end
  if p < 0.001 then return "p < " .. fixed(0.001, 3, lang) end
  local d = p < 0.01 and 3 or 2
  if alpha ~= nil and p ~= alpha then
    while d < 4 do
      local a = tonumber(string.format(FORMATS[d], p))
      if (p < alpha and a < alpha) or (p > alpha and a > alpha) then break end
      d = d + 1
    end
  end
  return "p = " .. fixed(p, d, lang)
end

local TYPES = {
  municipality = {"municipality", "kommune"},
  hospital_unit = {"hospital unit", "sykehusavdeling"},
  gp = {"GP", "fastlege"},
  coordinator = {"coordinator", "koordinator"},
  nav = {"NAV", "NAV"},
  user = {"user", "bruker"},
  relative = {"relative", "pårørende"},
  other = {"other", "annen"},
}

local CHANNELS = {
  ["e-message"] = {"e-message", "PLO-melding"},
  phone = {"phone", "telefon"},
  meeting = {"meeting", "møte"},
  video = {"video", "video"},
  referral = {"referral", "henvisning"},
  discharge = {"discharge summary", "epikrise"},
  visit = {"visit", "besøk"},
  ["job-shadowing"] = {"job shadowing", "hospitering"},
  other = {"other", "annet"},
}

local function label(map, key, lang)
  if key == nil then return is_nb(lang) and "ukjent" or "unknown" end
  local e = map[key]
  if not e then return key end
  return is_nb(lang) and e[2] or e[1]
end

-- An actor type as a reader says it: municipality -> "municipality" /
-- "kommune"; a type samnett does not know is given as it is.
function M.type_label(t, lang) return label(TYPES, t, lang) end

-- A channel as a reader says it: e-message -> "PLO-melding" in bokmål.
function M.channel_label(ch, lang) return label(CHANNELS, ch, lang) end

-- A count as the reports may show it: "<K" when the small-cell rule of
-- the run hides it (samnett.count; --min-cell, --privacy shared), else as
-- M.num. Use it for every count of contacts, ties, cases or actors in an
-- evidence text; thresholds and statistics stay M.num.
function M.count(n, lang)
  if n ~= nil and samnett and samnett.suppressed(n) then return samnett.count(n) end
  return M.num(n, lang)
end

-- "1 enhet" / "2 enheter" (n with grouped thousands, lang default: a plain
-- space as the group separator in either language). n is a count: under
-- the small-cell rule "<3 enheter".
function M.plural(n, one, many, lang)
  if n ~= nil and samnett and samnett.suppressed(n) then return samnett.count(n) .. " " .. many end
  local shown = lang and M.num(n, lang) or fixed(n, 0, "nb")
  return shown .. " " .. (n == 1 and one or many)
end

local METHODS_NB = {
  binomial = "binomialtest", permutation = "permutasjon", rewiring = "omkobling",
  ["time-shuffle"] = "tidsstokking", fisher = "Fishers test",
  ["change-point"] = "endringspunkt",
}
local CORRECTIONS = {holm = "Holm", bh = "BH", none = nil}

-- A test in short: "p = 0.003 (Holm, 5 tests)", "p = 0,04 (permutasjon,
-- 1000 trekk)". Uses p_adjusted when given, else p; test.tests (optional)
-- is how many findings the correction covered.
function M.test_text(test, lang)
  if type(test) ~= "table" then return "" end
  local nb = is_nb(lang)
  local p = test.p_adjusted or test.p
  local parts = {}
  if test.method and test.method ~= "binomial" and test.method ~= "fisher" then
    parts[#parts + 1] = nb and (METHODS_NB[test.method] or test.method) or test.method
  elseif test.method then
    parts[#parts + 1] = nb and METHODS_NB[test.method]
      or (test.method == "fisher" and "Fisher's test" or "binomial test")
  end
  if test.draws then
    parts[#parts + 1] = M.plural(test.draws, nb and "trekk" or "draw",
                                 nb and "trekk" or "draws", lang)
  end
  local corr = CORRECTIONS[test.correction or "none"]
  if corr and test.tests then
    parts[#parts + 1] = corr .. ", " .. M.plural(test.tests, nb and "test" or "test",
                                                 nb and "tester" or "tests", lang)
  elseif corr then
    parts[#parts + 1] = corr
  end
  local head = p and M.p(p, lang) or ""
  if #parts == 0 then return head end
  if head == "" then return table.concat(parts, ", ") end
  return head .. " (" .. table.concat(parts, ", ") .. ")"
end

-- The two reasons a label is uavklart.
M.REASONS = {["for lite data"] = true, ["ikke signifikant"] = true}

-- An uavklart finding with its reason ("for lite data" or "ikke
-- signifikant"); extra is a table of further finding fields (test, uses,
-- source, concept), which it cannot use to change the label.
function M.uavklart(level, scope, reason, scores, en, nb, extra)
  if not M.REASONS[reason] then
    error("C.uavklart: reason must be 'for lite data' or 'ikke signifikant'; got "
          .. tostring(reason), 2)
  end
  local f = {}
  for k, v in pairs(extra or {}) do f[k] = v end
  f.level, f.scope, f.label, f.reason = level, scope, "uavklart", reason
  f.scores = scores
  f.evidence = {en = en, nb = M.nb(nb)}
  return finding(f)
end

-- A finding maker with the lens's concept and source as defaults; the
-- evidence is given as f.en and f.nb:
--   local make = C.maker("forankring", SOURCE)
--   make{level = "group", scope = name, label = "begge", scores = {...}, en = "...", nb = "..."}
function M.maker(concept, source)
  return function(f)
    f.concept = f.concept or concept
    f.source = f.source or source
    f.evidence = {en = f.en, nb = f.nb}
    f.en, f.nb = nil, nil
    return finding(f)
  end
end

-- A param spec that is a table and, called, a fresh copy with changes:
--   alpha = C.alpha_param,  min_contacts = C.min_param(30, "a pair with fewer ...")
local function spec(t, make)
  return setmetatable(t, {__call = function(_, ...) return make(...) end})
end

local function alpha_spec(default)
  return {type = "number", default = default or 0.05, min = 0, max = 1,
          doc = "significance level: a label needs p (after the correction) below this"}
end
M.alpha_param = spec(alpha_spec(), alpha_spec)

local function min_spec(default, doc)
  return {type = "integer", default = default or 5, min = 1,
          doc = doc or "a unit judged on fewer contacts than this is uavklart (for lite data)"}
end
M.min_param = spec(min_spec(), min_spec)

-- A number with d decimals ("n/a" for nil); M.nb turns the point into a comma.
function M.f(x, d)
  if x == nil then return "n/a" end
  return string.format("%." .. (d or 2) .. "f", x)
end

-- bokmål writes a decimal comma: 0.75 -> 0,75 (only between digits)
function M.nb(s)
  local dot = s:find(".", 1, true)
  while dot do
    local before, after = s:byte(dot - 1), s:byte(dot + 1)
    if before and after and before >= 48 and before <= 57 and after >= 48 and after <= 57 then
      s = s:gsub("(%d)%.(%d)", "%1,%2")
      break
    end
    dot = s:find(".", dot + 1, true)
  end
  if s:find("n/a", 1, true) then s = s:gsub("n/a", "i.t.") end
  return s
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

-- Sort a list by key(x) descending, ties by name(x) ascending (each computed once per item).
function M.sort_desc(list, key, name)
  local keys, names = {}, {}
  for _, x in ipairs(list) do keys[x], names[x] = key(x), name(x) end
  table.sort(list, function(x, y)
    local a, b = keys[x], keys[y]
    if a ~= b then return a > b end
    return names[x] < names[y]
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
