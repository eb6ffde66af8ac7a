-- common_checks.lua - the number, label and test formats of the bundled
-- lenses' shared helpers (plugins/lenses/lib/common.lua), each against the
-- text written out by hand. Run with --lens-path pointing at the bundled
-- lenses' folder; every mismatch is listed and the lens fails.
local C = require "lib.common"

local function cases()
  return {
    -- old helpers unchanged
    {C.pct(0.249), "25%"}, {C.pct_nb(0.75), "75 %"}, {C.f(0.5), "0.50"},
    {C.nb("0.75 of 1.5"), "0,75 of 1,5"}, {C.pct(nil), "n/a"},
    -- pct with lang
    {C.pct(0.75, "en"), "75%"}, {C.pct(0.75, "nb"), "75 %"},
    {C.pct(0.249, "en"), "24.9%"}, {C.pct(0.249, "nb"), "24,9 %"},
    {C.pct(1 / 3, "en"), "33%"}, {C.pct(0.125, "nb"), "12,5 %"},
    {C.pct(nil, "nb"), "i.t."}, {C.pct(0 / 0, "en"), "n/a"},
    -- pct against a threshold: never "25% (< 25%)"
    {C.pct(0.2493, "en", 0.25), "24.9%"}, {C.pct(0.2493, "nb", 0.25), "24,9 %"},
    {C.pct(0.24999, "en", 0.25), "24.999%"},
    {C.pct(0.2499999, "en", 0.25), "25.000%"}, -- at most 3 decimals
    {C.pct(0.0496, "en", 0.05), "4.96%"}, {C.pct(0.0504, "nb", 0.05), "5,04 %"},
    {C.pct(0.018, "en", 0.02), "1.8%"}, {C.pct(0.30, "en", 0.25), "30%"},
    {C.pct(0.25, "en", 0.25), "25%"}, {C.pct(0.1249, "en", 0.125), "12%"}, {C.pct(0.1251, "en", 0.125), "13%"},
    {C.pct(0.2551, "en", 0.25), "26%"},
    -- num
    {C.num(12345, "nb"), "12 345"}, {C.num(12345, "en"), "12,345"},
    {C.num(1234, "nb"), "1234"}, {C.num(1234, "en"), "1,234"},
    {C.num(1234567, "nb"), "1 234 567"}, {C.num(-12345, "en"), "-12,345"},
    {C.num(0.75, "nb"), "0,75"}, {C.num(0.75, "en"), "0.75"},
    {C.num(12345.678, "nb", 1), "12 345,7"}, {C.num(2.0, "en"), "2"},
    {C.num(nil, "nb"), "i.t."}, {C.num(-0.001, "en", 2), "0.00"},
    -- p
    {C.p(0.003, "en"), "p = 0.003"}, {C.p(0.003, "nb"), "p = 0,003"},
    {C.p(0.0004, "en"), "p < 0.001"}, {C.p(0.0004, "nb"), "p < 0,001"},
    {C.p(0.04, "en"), "p = 0.04"}, {C.p(0.35, "nb"), "p = 0,35"},
    {C.p(0.0504, "en", 0.05), "p = 0.0504"}, {C.p(0.051, "en", 0.05), "p = 0.051"},
    -- labels
    {C.type_label("municipality", "nb"), "kommune"},
    {C.type_label("municipality", "en"), "municipality"},
    {C.type_label("hospital_unit", "nb"), "sykehusavdeling"},
    {C.type_label("hospital_unit", "en"), "hospital unit"},
    {C.type_label("gp", "nb"), "fastlege"}, {C.type_label("coordinator", "nb"), "koordinator"},
    {C.type_label("user", "nb"), "bruker"}, {C.type_label("relative", "nb"), "pårørende"},
    {C.type_label("other", "nb"), "annen"}, {C.type_label("school", "nb"), "school"},
    {C.channel_label("e-message", "nb"), "PLO-melding"},
    {C.channel_label("referral", "nb"), "henvisning"},
    {C.channel_label("discharge", "nb"), "epikrise"},
    {C.channel_label("job-shadowing", "nb"), "hospitering"},
    {C.channel_label("job-shadowing", "en"), "job shadowing"},
    {C.channel_label("meeting", "nb"), "møte"}, {C.channel_label("phone", "nb"), "telefon"},
    -- plural
    {C.plural(1, "enhet", "enheter"), "1 enhet"}, {C.plural(2, "enhet", "enheter"), "2 enheter"},
    {C.plural(0, "contact", "contacts"), "0 contacts"},
    {C.plural(12345, "contact", "contacts", "en"), "12,345 contacts"},
    {C.plural(12345, "kontakt", "kontakter", "nb"), "12 345 kontakter"},
    -- test_text
    {C.test_text({method = "binomial", p = 0.003, correction = "holm", tests = 5}, "en"),
     "p = 0.003 (binomial test, Holm, 5 tests)"},
    {C.test_text({method = "permutation", p = 0.2, p_adjusted = 0.04, correction = "bh",
                  draws = 1000}, "nb"), "p = 0,04 (permutasjon, 1000 trekk, BH)"},
    {C.test_text({p = 0.5}, "en"), "p = 0.50"},
    {C.test_text(nil, "en"), ""},
    -- param specs
    {C.alpha_param.default, 0.05}, {C.alpha_param.type, "number"},
    {C.alpha_param(0.01).default, 0.01}, {C.min_param.type, "integer"},
    {C.min_param(30, "doc").default, 30}, {C.min_param(30, "doc").min, 1},
  }
end

return {
  name = "common_checks",
  title = {en = "Checks of lib.common", nb = "Sjekk av lib.common"},
  description = {en = "Checks the shared helpers' formats.",
                 nb = "Sjekker formatene til de delte hjelperne."},
  params = {alpha = C.alpha_param, min_contacts = C.min_param(3, "test")},
  run = function(net, params)
    local bad = {}
    for i, c in ipairs(cases()) do
      if c[1] ~= c[2] then
        bad[#bad + 1] = string.format("#%d: got [%s], expected [%s]", i, tostring(c[1]),
                                      tostring(c[2]))
      end
    end
    local ok, err = pcall(C.uavklart, "network", "network", "for fa data", {}, "x", "x")
    if ok or not tostring(err):find("reason must be", 1, true) then
      bad[#bad + 1] = "C.uavklart accepted a bad reason"
    end
    if params.alpha ~= 0.05 or params.min_contacts ~= 3 then
      bad[#bad + 1] = "param specs: alpha " .. tostring(params.alpha)
    end
    if #bad > 0 then error("lib.common: " .. table.concat(bad, "; ")) end
    return {C.uavklart("network", "network", "for lite data", {contacts = 2},
                       "Too little data: 2 of 3 contacts.", "For lite data: 2 av 3 kontakter.",
                       {uses = {"min_contacts"}})}
  end,
}
