#!/bin/bash
# run_lens.sh SAMNETT_BINARY TESTS_DIR [TEST...]
#
# End-to-end checks of the lens host: the sandbox (every hostile lens in
# e2e/lenses/security must fail with its name, file:line and a clear
# message, without a crash, while the other lenses still run and the exit
# status is 1), --lens-path with '..', error positions, metadata and
# findings validation, --param typing (exit 2), the net API on the fixture
# data/region (e2e/lenses/good/api_tour.lua), the time, case and meeting
# bindings (e2e/lenses/good/bindings.lua), the bundled lenses' own test files
# and the reciprocity lens on a fixture with a known answer, and the tools:
# lens list, new, check and test.
#
# Fixture data/region (see run_cli.sh): Bergen kommune (k1, k2, c1),
# Haukeland (h1, h2), Legesenter Nord (g1). Contacts between organisations:
#   Bergen -> Haukeland 2 (k1-h1 twice), Haukeland -> Bergen 3 (h1-k1 twice,
#   h2-k1), Bergen -> Legesenter Nord 2 (k2-g1, c1-g1), Legesenter Nord ->
#   Haukeland 1 (g1-h1).
#
# SN_VALGRIND=1 runs every samnett call under valgrind memcheck. Prints
# `ok NAME`, `skip NAME: why` or `FAIL NAME: why` and a summary; exits 1
# when any check failed.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
sn_e2e_start "$0" "$@"
shift 2
LENSES="$TESTS_DIR/e2e/lenses"
PLUGINS=$(cd "$TESTS_DIR/../plugins" 2>/dev/null && pwd) || PLUGINS=""
if [ ! -d "$LENSES/security" ] || [ ! -f "$DATA/region/contacts.csv" ]; then
    echo "$0: no fixtures in $TESTS_DIR/e2e" >&2
    exit 2
fi
if [ "${SN_VALGRIND:-0}" = 1 ] && ! command -v valgrind >/dev/null; then
    echo "$0: SN_VALGRIND=1 but valgrind is not installed" >&2
    exit 2
fi

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/samnett-lens.XXXXXX")
trap 'rm -rf -- "$SCRATCH"' EXIT
OUT="$SCRATCH/out"
ERR="$SCRATCH/err"
IN=/dev/null
# Time limit of the lenses that never stop on their own: generous under valgrind.
LIMIT=1
[ "${SN_VALGRIND:-0}" = 1 ] && LIMIT=5
unset SAMNETT_LENS_PATH

# ---- helpers (each prints a reason and returns 1 on failure) ----

# A lens file written into the scratch folder: lens NAME RUN-BODY [EXTRA-FIELDS]
lens() {
    local name=$1 body=$2 extra=${3:-}
    mkdir -p "$SCRATCH/own"
    cat >"$SCRATCH/own/$name.lua" <<EOF
return {
  name = "$name",
  title = {en = "Test $name", nb = "Test $name"},
  description = {en = "A test lens.", nb = "En testlinse."},
$extra
  run = function(net, params)
$body
  end,
}
EOF
}

# ---- the sandbox ----

# name|line|message: each hostile lens fails with this at file:line (with --lens-memory 64).
SECURITY_CASES="os_execute|7|attempt to call a nil value (field 'execute')
io_open|7|attempt to index a nil value (global 'io')
require_os|7|require 'os': not available in a lens
binary_chunk|8|load: binary chunks are not allowed in a lens
string_dump|7|attempt to call a nil value (field 'dump')
string_rep|7|string.rep: the result (953 MB) would pass the memory limit of 64 MB
infinite_loop|7|time limit of $LIMIT s reached (--lens-timeout)
pcall_loop|7|time limit of $LIMIT s reached (--lens-timeout)
deep_recursion|7|stack overflow
memory_hog|8|memory limit of 64 MB reached (--lens-memory)
collectgarbage|7|collectgarbage('stop') is not available in a lens
gc_metamethod|7|setmetatable: __gc metamethods are not available in a lens
write_net|7|net is read-only: cannot set net.level
net_metatable|7|cannot set '__index': the metatable of net is protected in a lens
string_library|7|cannot change 'string.upper': string is read-only in a lens
string_metatable|8|cannot set '__index': the metatable of strings is protected in a lens
rawset_string|7|rawset: cannot change a read-only table
stats_table|7|cannot change 'stats.mean': stats is read-only in a lens
new_global|7|cannot create global 'shared_secret': globals are locked in a lens
error_object|7|error with a table value instead of a message"

# One run per hostile lens, followed by a lens that checks the libraries.
t_security_each() {
    local name line msg
    while IFS='|' read -r name line msg; do
        local limit=60
        case $name in *loop) limit=$LIMIT ;; esac
        sn 1 analyze "$DATA/region" --format json --lens-timeout "$limit" --lens-memory 64 \
            --lens "$LENSES/security/$name.lua" --lens "$LENSES/good/intact.lua" || return 1
        err_has "samnett: lens '$name' failed: " || return 1
        err_has "$name.lua:$line: $msg" || return 1
        json "[l['name'] for l in d['lenses']] == ['$name', 'intact']" || return 1
        json "d['lenses'][0]['status'] == 'error' and '$name.lua:$line: ' in d['lenses'][0]['error'] and d['lenses'][0]['findings'] == []" || return 1
        json "d['lenses'][1]['status'] == 'ok' and d['lenses'][1]['findings'][0]['label'] == 'intact'" || return 1
        json "d['network']['nodes'] == 6" || return 1
    done <<<"$SECURITY_CASES"
    [ ! -e pwned-by-lens ] || { echo "os.execute ran"; return 1; }
}

# Every hostile lens in one run: each fails on its own, the good ones still run.
t_security_together() {
    local args=() name line msg
    while IFS='|' read -r name line msg; do
        args+=(--lens "$LENSES/security/$name.lua")
    done <<<"$SECURITY_CASES"
    sn 1 analyze "$DATA/region" --format json --lens-timeout "$LIMIT" --lens-memory 64 \
        --lens "$LENSES/good/intact.lua" "${args[@]}" --lens "$LENSES/good/api_tour.lua" || return 1
    json "len(d['lenses']) == 22 and sum(l['status'] == 'error' for l in d['lenses']) == 20" || return 1
    json "d['lenses'][0]['status'] == 'ok' and d['lenses'][-1]['status'] == 'ok'" || return 1
    while IFS='|' read -r name line msg; do
        err_has "samnett: lens '$name' failed: " || return 1
    done <<<"$SECURITY_CASES"
}

# A memory error at a smaller cap, and a deep recursion that hits it first.
t_memory_cap() {
    sn 1 analyze "$DATA/region" --lens-memory 16 --lens "$LENSES/security/memory_hog.lua" || return 1
    err_has "memory_hog.lua:8: memory limit of 16 MB reached (--lens-memory)" || return 1
    sn 1 analyze "$DATA/region" --lens-memory 16 --lens "$LENSES/security/string_rep.lua" || return 1
    err_has "string_rep.lua:7: string.rep: the result (953 MB) would pass the memory limit of 16 MB" || return 1
    sn 2 analyze "$DATA/region" --lens-memory 0 --lens intact || return 1
    err_has "bad --lens-memory '0'" || return 1
    sn 2 analyze "$DATA/region" --lens-timeout -1 --lens intact || return 1
    err_has "bad --lens-timeout '-1'"
}

t_lens_path_dotdot() {
    sn 2 analyze "$DATA/region" --lens-path "$LENSES/../lenses/security" --lens os_execute || return 1
    err_has "climbs out with '..'" || return 1
    sn 2 analyze "$DATA/region" --lens-path ../etc --lens x || return 1
    err_has "--lens-path: lens path '../etc' climbs out with '..'" || return 1
    SAMNETT_LENS_PATH="$LENSES/good:../up" sn 2 analyze "$DATA/region" --lens intact || return 1
    err_has "SAMNETT_LENS_PATH: lens path '../up' climbs out with '..'" || return 1
    sn 2 lens list --lens-path "a/../b" || return 1
    err_has "climbs out with '..'"
}

t_require() {
    mkdir -p "$SCRATCH/own/lib"
    printf 'local M = {}\nfunction M.twice(x) return 2 * x end\nreturn M\n' >"$SCRATCH/own/lib/helper.lua"
    lens req_ok '    local h = require "lib.helper"
    assert(require "lib.helper" == h)
    return {finding{level = "network", label = "ok", scores = {four = h.twice(2)},
                    evidence = {en = "two twice", nb = "to ganger to"}}}'
    sn 0 analyze "$DATA/region" --format json --lens "$SCRATCH/own/req_ok.lua" || return 1
    json "d['lenses'][0]['findings'][0]['scores']['four'] == 4" || return 1
    lens req_up '    require "..secret"'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/req_up.lua" || return 1
    err_has "req_up.lua:7: require '..secret': bad module name" || return 1
    lens req_abs '    require "/etc/passwd"'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/req_abs.lua" || return 1
    err_has "req_abs.lua:7: require '/etc/passwd': bad module name" || return 1
    lens req_missing '    require "nowhere"'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/req_missing.lua" || return 1
    err_has "req_missing.lua:7: require 'nowhere': no nowhere.lua in the lens's folder"
}

# ---- errors and validation ----

t_error_position() {
    lens runtime_error '    local node = net:node("nobody")
    return {node.id}'
    sn 1 analyze "$DATA/region" --format json --lens "$SCRATCH/own/runtime_error.lua" --lens "$LENSES/good/intact.lua" || return 1
    err_has "samnett: lens 'runtime_error' failed: " || return 1
    err_has "runtime_error.lua:8: attempt to index a nil value (local 'node')" || return 1
    json "d['lenses'][1]['status'] == 'ok'" || return 1
    printf 'return {\n  name = "syntax",\n  run = function( end,\n}\n' >"$SCRATCH/own/syntax.lua"
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/syntax.lua" --lens "$LENSES/good/intact.lua" || return 1
    err_has "syntax.lua:3: " || return 1
    lens plain_error '    error("no data for this rule")'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/plain_error.lua" || return 1
    err_has "plain_error.lua:7: no data for this rule" || return 1
    # the text report shows the failure in the lens section, and exits 1
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/plain_error.lua" --lang nb || return 1
    out_has "feilet: " && out_has "plain_error.lua:7: no data for this rule"
}

t_metadata() {
    printf 'return {name = "meta_nb", title = {en = "T"}, description = {en = "d", nb = "d"},\n  run = function() return {} end}\n' >"$SCRATCH/own/meta_nb.lua"
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/meta_nb.lua" || return 1
    err_has "meta_nb.lua: 'title.nb' must be a non-empty string in bokm" || return 1
    lens wrong_name '    return {}'
    sed -i 's/name = "wrong_name"/name = "other"/' "$SCRATCH/own/wrong_name.lua"
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/wrong_name.lua" || return 1
    err_has "wrong_name.lua: name must be \"wrong_name\" (the file name without .lua)" || return 1
    lens bad_param '    return {}' '  params = {n = {type = "integer", default = 1.5, doc = "n"}},'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/bad_param.lua" || return 1
    err_has "bad_param.lua: params.n.default must be of its type, integer" || return 1
    printf 'return 42\n' >"$SCRATCH/own/not_table.lua"
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/not_table.lua" || return 1
    err_has "not_table.lua: a lens must return a table" || return 1
    printf '\033LuaT binary' >"$SCRATCH/own/binary.lua"
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/binary.lua" || return 1
    err_has "binary.lua: a binary (precompiled) chunk; lenses and modules must be Lua source text"
}

t_findings_validation() {
    lens no_nb '    return {{level = "network", label = "x", evidence = {en = "e"}}}'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/no_nb.lua" || return 1
    err_has "no_nb.lua:6: finding 1 returned by run: evidence.nb must be a sentence in bokm" || return 1
    lens helper_bad '    local f = finding{level = "team", label = "x", evidence = {en = "e", nb = "n"}}
    return {f}'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/helper_bad.lua" || return 1
    err_has "helper_bad.lua:7: finding: level must be \"network\", \"group\" or \"actor\"; got team" || return 1
    lens one_finding '    return finding{level = "network", label = "x", evidence = {en = "e", nb = "n"}}'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/one_finding.lua" || return 1
    err_has "run returned one finding; return a list of them" || return 1
    lens bad_score '    return {{level = "actor", scope = "k1", label = "x", scores = {n = "many"}, evidence = {en = "e", nb = "n"}}}'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/bad_score.lua" || return 1
    err_has "scores.n must be a number; got string"
}

t_params() {
    sn 2 analyze "$DATA/region" --lens reciprocity --param reciprocity.min_contacts=abc || return 1
    err_has "--param reciprocity.min_contacts=abc: expected a whole number" || return 1
    sn 2 analyze "$DATA/region" --lens reciprocity --param reciprocity.threshold=2 || return 1
    err_has "expected a number from 0 to 1 (threshold: " || return 1
    sn 2 analyze "$DATA/region" --lens reciprocity --param reciprocity.nope=1 || return 1
    err_has "lens 'reciprocity' has no parameter 'nope'; expected one of: alpha, by, draws, min_contacts, threshold" || return 1
    sn 2 analyze "$DATA/region" --lens reciprocity --param other.x=1 || return 1
    err_has "no lens 'other' is selected" || return 1
    sn 2 analyze "$DATA/region" --param reciprocity.threshold=0.5 || return 1
    err_has "no lens is selected; expected --lens NAME too" || return 1
    sn 2 analyze "$DATA/region" --lens reciprocity --param threshold || return 1
    err_has "expected LENS.NAME=VALUE" || return 1
    sn 2 analyze "$DATA/region" --lens "$LENSES/good/api_tour.lua" --param api_tour.note=z || return 1
    err_has "expected one of x, y" || return 1
    sn 2 analyze "$DATA/region" --lens "$LENSES/good/api_tour.lua" --param api_tour.flag=maybe || return 1
    err_has "expected true or false" || return 1
    sn 2 analyze "$DATA/region" --lens no_such_lens || return 1
    err_has "no lens named 'no_such_lens'"
}

# ---- the API and the bundled lens ----

t_api() {
    sn 0 analyze "$DATA/region" --format json --lens "$LENSES/good/api_tour.lua" \
        --param api_tour.note=y --param api_tour.flag=ja || return 1
    local s="d['lenses'][0]['findings'][0]['scores']"
    json "d['lenses'][0]['status'] == 'ok' and d['lenses'][0]['params'] == {'flag': True, 'note': 'y'}" || return 1
    json "$s['actors'] == 6 and $s['nodes'] == 6 and $s['ties'] == 10 and $s['network_ties'] == 10" || return 1
    json "$s['k1_middle'] == 1 and $s['g1_no_unit'] == 1 and $s['no_such_actor'] == 1" || return 1
    json "$s['k1_degree_out'] == 3 and $s['k1_strength_out'] == 4 and $s['k1_has_brokerage'] == 1" || return 1
    # h1 -> k1: 2024-01-10 09:00 discharge, 2024-03-02 09:00 phone; k1 -> h1 exists
    json "$s['h1k1_contacts'] == 2 and $s['h1k1_phone'] == 1 and $s['h1k1_discharge'] == 1 and $s['h1k1_mutual'] == 1" || return 1
    json "$s['h1k1_first'] == 1704877200 and $s['h1k1_last'] == 1709370000" || return 1
    json "$s['events'] == 12 and $s['events_phone'] == 4 and $s['events_from_k1'] == 4" || return 1
    json "$s['events_since'] == 4 and $s['events_before'] == 3 and $s['events_until'] == 3 and $s['meeting_rows_s2'] == 2" || return 1
    json "$s['org_nodes'] == 3 and $s['org_ties'] == 4 and $s['org_level'] == 1 and $s['phone_ties'] == 4" || return 1
    json "$s['silo_groups'] == 3 and $s['type_groups'] == 4 and $s['k1_group'] == 1" || return 1
    json "$s['mean'] == 2.5 and $s['median'] == 2 and $s['quantile'] == 1.75 and $s['gini'] == 0.75" || return 1
    json "abs($s['cv'] - 1/3) < 1e-12 and $s['sum'] == 3 and $s['min'] == 1 and $s['max'] == 3 and $s['empty_mean'] == 1" || return 1
    json "$s['param_note'] == 1 and $s['param_flag'] == 1 and $s['os_time'] == 1" || return 1
    json "d['lenses'][0]['findings'][1] == {'level': 'actor', 'scope': 'k1', 'label': 'sentral', 'scores': {'betweenness': [a for a in d['actors'] if a['id'] == 'k1'][0]['metrics']['betweenness']}, 'evidence': {'en': 'k1 is central.', 'nb': 'k1 er sentral.'}, 'concept': None, 'source': None, 'reason': None, 'test': None, 'thresholds': {}}"
}

t_reciprocity_fixture() {
    [ -n "$PLUGINS" ] || { echo "SKIP no plugins folder beside tests"; return 2; }
    sn 0 analyze "$DATA/region" --format json --lens reciprocity --param reciprocity.min_contacts=1 || return 1
    local l="d['lenses'][0]"
    json "$l['name'] == 'reciprocity' and $l['status'] == 'ok' and $l['error'] is None and len($l['findings']) == 4" || return 1
    # 2 and 3, 2 and 0, 0 and 1 contacts: no pair beyond chance (exact binomial tests, BH),
    # so the pairs and the network are uavklart, not significant
    json "$l['findings'][0]['level'] == 'network' and $l['findings'][0]['label'] == 'uavklart' and $l['findings'][0]['reason'] == 'ikke signifikant' and $l['findings'][0]['scores']['tests'] == 3" || return 1
    json "{f['scope']: (f['label'], f['reason'], f['scores']['contacts_ab'], f['scores']['contacts_ba']) for f in $l['findings'][1:]} == {'Bergen kommune <-> Haukeland': ('uavklart', 'ikke signifikant', 2, 3), 'Bergen kommune <-> Legesenter Nord': ('uavklart', 'ikke signifikant', 2, 0), 'Haukeland <-> Legesenter Nord': ('uavklart', 'ikke signifikant', 0, 1)}" || return 1
    json "'balanse 0,67' in [f for f in $l['findings'] if f['scope'] == 'Bergen kommune <-> Haukeland'][0]['evidence']['nb']" || return 1
    # with the default 10 contacts nothing can be judged: for lite data
    sn 0 analyze "$DATA/region" --format json --lens reciprocity || return 1
    json "[(f['label'], f['reason']) for f in $l['findings']] == [('uavklart', 'for lite data')] * 4" || return 1
    # the text summary, in both languages
    sn 0 analyze "$DATA/region" --lens reciprocity --param reciprocity.min_contacts=1 || return 1
    out_has "Lenses" && out_has "  Reciprocity between organisations (reciprocity)" || return 1
    out_has "network: 1 uavklart; groups: 3 uavklart" || return 1
    out_has "None of the organisation pairs with contact (3) is labelled gjensidig or ensidig" || return 1
    sn 0 analyze "$DATA/region" --lens reciprocity --param reciprocity.min_contacts=1 --lang nb || return 1
    out_has "Linser" && out_has "Gjensidighet mellom organisasjoner (reciprocity)" || return 1
    out_has "nettverk: 1 uavklart; grupper: 3 uavklart"
}

t_lens_all() {
    [ -n "$PLUGINS" ] || { echo "SKIP no plugins folder beside tests"; return 2; }
    sn 0 analyze "$DATA/region" --format json --lens all || return 1
    json "sorted(l['name'] for l in d['lenses']) == ['anchoring', 'coordinator', 'cynefin', 'equality', 'ildsjel', 'learning-network', 'reciprocity', 'silo'] and all(l['status'] == 'ok' and l['findings'] for l in d['lenses'])" || return 1
    # a lens name with a dash takes parameters too; lib/ is no lens
    sn 0 analyze "$DATA/region" --format json --lens learning-network --param learning-network.min_orgs=4 || return 1
    json "d['lenses'][0]['params']['min_orgs'] == 4" || return 1
    sn 2 analyze "$DATA/region" --lens common || return 1
    # no lens asked for: no lenses key
    sn 0 analyze "$DATA/region" --format json || return 1
    json "'lenses' not in d"
}

# ---- the tools ----

t_list() {
    [ -n "$PLUGINS" ] || { echo "SKIP no plugins folder beside tests"; return 2; }
    sn 0 lens list || return 1
    out_has "reciprocity" && out_has "Reciprocity between organisations" || return 1
    sn 0 lens list --lang nb --lens-path "$LENSES/good" || return 1
    out_has "Gjensidighet mellom organisasjoner" && out_has "intact" || return 1
    out_has "Sandkassen er hel"
}

t_new_and_test() {
    mkdir -p "$SCRATCH/new" && cd "$SCRATCH/new" || return 1
    sn 0 lens new mylens || return 1
    out_has "wrote mylens.lua and mylens_test.lua" || return 1
    sn 0 lens test mylens.lua || return 1
    out_has "ok 1 - " && out_has "3 passed, 0 failed" || return 1
    sn 0 lens test mylens_test.lua || return 1
    sn 2 lens new mylens || return 1
    err_has "mylens.lua exists; not overwriting it" || return 1
    sn 2 lens new Bad-Name || return 1
    err_has "bad lens name 'Bad-Name'" || return 1
    sn 0 lens new other --dir "$SCRATCH/own" || return 1
    [ -f "$SCRATCH/own/other.lua" ] && [ -f "$SCRATCH/own/other_test.lua" ] || { echo "--dir: no files"; return 1; }
    # a failing case: exit 1 and the reason
    sed -i 's/label = "innad"/label = "p\xc3\xa5 tvers"/' mylens_test.lua
    sn 1 lens test mylens.lua || return 1
    out_has "FAIL 3 - a stricter threshold (a parameter): expect[1] (network, label 'på tvers') not found; closest: network 'network': innad" || return 1
    out_has "2 passed, 1 failed" || return 1
    sn 2 lens test nothing_here.lua || return 1
    err_has "no lens file 'nothing_here.lua'"
}

# A misspelt key in a test file is an error at its line, with the keys known
# there: misspelt, it would compare nothing and the case would pass.
t_test_keys() {
    mkdir -p "$SCRATCH/keys" && cd "$SCRATCH/keys" || return 1
    sn 0 lens new keyed || return 1
    sed -i 's/{{level = "network", label = "innad"}}/{{level = "network", lable = "innad"}}/' keyed_test.lua
    grep -q 'lable = "innad"' keyed_test.lua || { echo "the test file was not changed"; return 1; }
    sn 1 lens test keyed.lua || return 1
    out_has "FAIL 3 - a stricter threshold (a parameter): keyed_test.lua:42:37: expect[1]: unknown key 'lable'; expected level, scope, label, scores, evidence, reason, concept, source or test" || return 1
    out_has "2 passed, 1 failed" || return 1
    # the keys of a finding's test and evidence, and of the case itself
    sed -i 's/lable = "innad"/label = "innad", evidence = {en = "x", nn = "y"}/' keyed_test.lua
    sn 1 lens test keyed.lua || return 1
    out_has "keyed_test.lua:42:76: expect[1].evidence: unknown key 'nn'; expected en or nb" || return 1
    sed -i 's/, evidence = {en = "x", nn = "y"}//; s/^      expect = {{level = "network", label = "innad"}}/      expcet = {{level = "network", label = "innad"}}/' keyed_test.lua
    sn 1 lens test keyed.lua || return 1
    out_has "keyed_test.lua:42:7: case: unknown key 'expcet'; expected name, actors, contacts, options, params, expect, absent, count, tolerance or expect_error"
}

t_check() {
    mkdir -p "$SCRATCH/chk" && cd "$SCRATCH/chk" || return 1
    sn 0 lens new checked || return 1
    sn 0 lens check checked.lua || return 1
    out_has "lens checked (checked.lua)" && out_has "parameters: min_contacts (integer, 10), threshold (number, 0.5)" || return 1
    out_has "dry run on the demo region" && out_has ": 1 finding (network 1, group 0, actor 0)" || return 1
    sn 0 lens check checked.lua --param checked.threshold=0.9 || return 1
    sn 2 lens check checked.lua --param checked.threshold=high || return 1
    err_has "expected a number from 0 to 1" || return 1
    sn 1 lens check "$LENSES/security/os_execute.lua" || return 1
    err_has "samnett: lens 'os_execute' failed: " || return 1
    printf 'return {name = "broken"}\n' >broken.lua
    sn 1 lens check broken.lua || return 1
    err_has "broken.lua does not load: broken.lua: 'title' must be a table"
}

# Every bundled lens's own cases (plugins/tests/NAME_test.lua), each run by `samnett lens test`.
t_bundled_tests() {
    [ -n "$PLUGINS" ] || { echo "SKIP no plugins folder beside tests"; return 2; }
    sn 0 lens test "$PLUGINS/lenses/reciprocity.lua" || return 1
    out_has "9 passed, 0 failed" || return 1
    local f name n=0
    for f in "$PLUGINS"/tests/*_test.lua; do
        name=$(basename "$f" _test.lua)
        [ -f "$PLUGINS/lenses/$name.lua" ] || { echo "$f: no lens $name.lua"; return 1; }
        sn 0 lens test "$PLUGINS/lenses/$name.lua" || return 1
        out_has " 0 failed" || return 1
        n=$((n + 1))
    done
    [ "$n" -ge 8 ] || { echo "only $n bundled test files"; return 1; }
}

# The shared helpers of the bundled lenses (plugins/lenses/lib/common.lua):
# number, percentage and p-value formats in English and bokmål, labels for
# types and channels, plural forms and test texts, each against a text
# written by hand in e2e/lenses/good/common_checks.lua.
t_common_helpers() {
    [ -n "$PLUGINS" ] || { echo "SKIP no plugins folder beside tests"; return 2; }
    sn 0 analyze "$DATA/region" --format json --lens-path "$PLUGINS/lenses" \
        --lens "$LENSES/good/common_checks.lua" || return 1
    json "[l['status'] for l in d['lenses']] == ['ok'] and d['lenses'][0]['findings'][0]['label'] == 'uavklart'" "$OUT" || return 1
}

# A lens that cites (e2e/lenses/good/cited.lua): its concept, sources and
# detects, and each finding's concept, source, reason, test and the
# thresholds it used with their origin, in JSON, text, lens check and list.
t_cited_findings() {
    sn 0 analyze "$DATA/region" --format json --lens "$LENSES/good/cited.lua" \
        --param cited.min_contacts=3 || return 1
    local l="d['lenses'][0]" f="d['lenses'][0]['findings']"
    json "$l['concept'] == {'en': 'equality (likeverd)', 'nb': 'likeverd'} and $l['sources'] == ['Steinsland 2021', 'Krackhardt and Stern 1988']" || return 1
    json "$l['detects'] == [{'pattern': 'one_way_shadowing', 'level': 'group', 'labels': ['enveis hospitering']}, {'pattern': 'silo', 'level': 'group', 'labels': ['silo', 'uavklart']}]" || return 1
    json "$l['parameters'] == [{'name': 'alpha', 'value': 0.05, 'origin': 'default'}, {'name': 'min_contacts', 'value': 3, 'origin': 'param'}]" || return 1
    json "$f[0]['concept'] == 'likeverd' and $f[0]['source'] == 'Krackhardt and Stern 1988' and $f[0]['reason'] is None" || return 1
    json "$f[0]['test'] == {'method': 'binomial', 'correction': 'holm', 'p': 0.0031, 'p_adjusted': 0.0062, 'tests': 2, 'effect': 0.9}" || return 1
    json "$f[0]['thresholds'] == {'alpha': {'value': 0.05, 'origin': 'default'}, 'min_contacts': {'value': 3, 'origin': 'param'}}" || return 1
    json "$f[1]['reason'] == 'for lite data' and $f[1]['test'] == {'method': 'binomial', 'correction': None, 'missing': 3} and $f[1]['source'] is None" || return 1
    json "$f[2]['concept'] == 'likeverd' and $f[2]['test'] is None and $f[2]['thresholds'] == {}" || return 1
    sn 0 analyze "$DATA/region" --lens "$LENSES/good/cited.lua" --param cited.min_contacts=3 || return 1
    out_has "    sources: Steinsland 2021; Krackhardt and Stern 1988" || return 1
    out_has "    parameters set (--param): min_contacts = 3" || return 1
    out_has "    - Bergen kommune <-> Haukeland (enveis hospitering): 7 of 7 one way. (p = 0.006, Holm; Krackhardt and Stern 1988)" || return 1
    out_has "    - Legesenter Nord (uavklart): 2 contacts. (too little data: 3 short)" || return 1
    sn 0 analyze "$DATA/region" --lang nb --lens "$LENSES/good/cited.lua" || return 1
    out_has "    kilder: Steinsland 2021; Krackhardt and Stern 1988" || return 1
    out_has "(p = 0,006, Holm; Krackhardt and Stern 1988)" || return 1
    out_has "(for lite data: mangler 3)" || return 1
    ! grep -q "parametre satt" "$OUT" || { echo "a parameter left at its default is listed as set"; return 1; }
    sn 0 lens check "$LENSES/good/cited.lua" || return 1
    out_has "  concept: equality (likeverd) / likeverd" || return 1
    out_has "  sources: Steinsland 2021; Krackhardt and Stern 1988" || return 1
    out_has "  detects: one_way_shadowing (group: enveis hospitering), silo (group: silo, uavklart)" || return 1
    sn 0 lens list --lens-path "$LENSES/good" || return 1
    out_has "concept: equality (likeverd); sources: Steinsland 2021; Krackhardt and Stern 1988" || return 1
    # lens test compares reason, concept, source and test (e2e/lenses/good/cited_test.lua)
    sn 0 lens test "$LENSES/good/cited.lua" || return 1
    out_has "1 passed, 0 failed" || return 1
}

# The time, case, meeting, activity, removal and column bindings on a network
# counted by hand (e2e/lenses/good/bindings_test.lua).
t_bindings() {
    sn 0 lens test "$LENSES/good/bindings.lua" || return 1
    out_has "3 passed, 0 failed" || return 1
    # the bindings on the fixture region: cases s1 and s2, no meeting ids
    lens nomeetings '    local cases, meetings = 0, 0
    for c in net:cases() do cases = cases + 1 end
    for m in net:meetings() do meetings = meetings + 1 end
    local act = net:activity{window = "month", cases = 3}
    return {finding{level = "network", label = "ok",
                    scores = {cases = cases, meetings = meetings, series = #net:series(),
                              summary = net:case_summary().cases, windows = #act.windows},
                    evidence = {en = "e", nb = "n"}}}'
    sn 0 analyze "$DATA/region" --format json --lens "$SCRATCH/own/nomeetings.lua" || return 1
    local s="d['lenses'][0]['findings'][0]['scores']"
    json "$s['meetings'] == 0 and $s['series'] == 0 and $s['cases'] >= 2 and $s['summary'] == $s['cases'] and $s['windows'] >= 2" || return 1
    lens badwin '    net:windows{length = "fortnight"}'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/badwin.lua" || return 1
    err_has "badwin.lua:7: net:windows: bad length 'fortnight'" || return 1
    lens badact '    net:activity{bogus = 1}'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/badact.lua" || return 1
    err_has "badact.lua:7: net:activity: unknown option 'bogus'" || return 1
    lens baddetail '    net:temporal{length = "quarter", detail = "no"}'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/baddetail.lua" || return 1
    err_has "baddetail.lua:7: net:temporal: detail must be true or false" || return 1
    # net:co_serving{by = ...} against the pair iterator summed by the groups in Lua, on
    # the demo region: every sum, most cases first, no group pair missing or extra
    lens cosum '    local nodes = net:columns{"organisation", "unit", "type"}
    local idx = {}
    for i, id in ipairs(nodes.id) do idx[id] = i end
    local function label(i, attrs)
      local parts = {}
      for _, a in ipairs(attrs) do
        if not nodes[a][i] then return nil end
        parts[#parts + 1] = nodes[a][i]
      end
      return table.concat(parts, " / ")
    end
    local bad, rows = 0, 0
    for _, attrs in ipairs{{"organisation"}, {"organisation", "unit"}, {"type"}} do
      for _, inside in ipairs{false, true} do
        local want, left = {}, 0
        for c in net:co_serving() do
          local a, b = label(idx[c.a], attrs), label(idx[c.b], attrs)
          if a and b and (a ~= b or inside) then
            local key = a < b and a .. "|" .. b or b .. "|" .. a
            if not want[key] then
              want[key] = {pairs = 0, cases = 0, cross = 0}
              left = left + 1
            end
            local w = want[key]
            w.pairs, w.cases = w.pairs + 1, w.cases + c.cases
            if c.cross then w.cross = w.cross + 1 end
          end
        end
        local got = net:co_serving{by = #attrs == 1 and attrs[1] or attrs, inside = inside}
        for k, g in ipairs(got) do
          local w = want[g.a .. "|" .. g.b] or want[g.b .. "|" .. g.a]
          if not w or w.pairs ~= g.pairs or w.cases ~= g.cases or w.cross ~= g.cross_pairs
             or (k > 1 and got[k - 1].cases < g.cases) then
            bad = bad + 1
          end
          left = left - 1
        end
        bad, rows = bad + math.abs(left), rows + #got
      end
    end
    return {finding{level = "network", label = "ok", scores = {bad = bad, rows = rows},
                    evidence = {en = "e", nb = "n"}}}'
    sn 0 analyze --demo --format json --lens "$SCRATCH/own/cosum.lua" || return 1
    json "d['lenses'][0]['findings'][0]['scores']['bad'] == 0 and d['lenses'][0]['findings'][0]['scores']['rows'] > 100" || return 1
    # a sub-network computes its measures when they are read, as the analysis of that
    # level does: its nodes, network and silo against the analysis at the organisation
    # level, after another sub-network and a null model ran in between
    lens subsame '    local sub = net:subnet{level = "organisation"}
    local unit = net:subnet{level = "unit"}
    sub:null_rewire{stats = {"reciprocity"}, draws = 5}
    local _ = unit:network().ties
    local function same(x, y)
      if type(x) ~= "table" or type(y) ~= "table" then return x == y end
      for k, v in pairs(x) do if not same(v, y[k]) then return false end end
      for k in pairs(y) do if x[k] == nil then return false end end
      return true
    end
    local root, bad, nodes = {}, 0, 0
    for v in net:nodes() do root[v.id] = v end
    for v in sub:nodes() do
      nodes = nodes + 1
      if not same(v, root[v.id]) then bad = bad + 1 end
    end
    if not same(sub:network(), net:network()) then bad = bad + 1 end
    if not same(sub:silo(), net:silo()) then bad = bad + 1 end
    return {finding{level = "network", label = "ok", scores = {bad = bad, nodes = nodes},
                    evidence = {en = "e", nb = "n"}}}'
    sn 0 analyze --demo --level organisation --format json --lens "$SCRATCH/own/subsame.lua" \
        || return 1
    json "d['lenses'][0]['findings'][0]['scores']['bad'] == 0 and d['lenses'][0]['findings'][0]['scores']['nodes'] > 10" || return 1
    # node measures as columns: the numbers of net:nodes(), node by node
    lens colmeasures '    local names = {"size", "degree_in", "degree_out", "strength_in", "strength_out",
      "betweenness", "closeness", "harmonic", "reachable", "pagerank", "eigenvector", "hub",
      "authority", "constraint", "effective_size", "efficiency", "brokerage.liaison",
      "brokerage.gatekeeper", "brokerage_z.coordinator", "brokerage_z.total"}
    local cols = net:columns({"organisation"}, names)
    local bad, i, checked = 0, 0, 0
    for v in net:nodes() do
      i = i + 1
      if cols.id[i] ~= v.id or cols.organisation[i] ~= (v.organisation or false) then bad = bad + 1 end
      for _, name in ipairs(names) do
        local group, role = name:match("^(brokerage[_z]*)%.(.+)$")
        local want = group and v[group] and v[group][role] or v[name]
        if want == nil then want = false end
        if cols[name][i] ~= want or math.type(cols[name][i]) ~= math.type(want) then
          bad = bad + 1
        end
        checked = checked + 1
      end
    end
    local ok = pcall(net.columns, net, {}, {"no_such_measure"})
    if ok then bad = bad + 1 end
    return {finding{level = "network", label = "ok", scores = {bad = bad, checked = checked},
                    evidence = {en = "e", nb = "n"}}}'
    sn 0 analyze --demo --format json --lens "$SCRATCH/own/colmeasures.lua" || return 1
    json "d['lenses'][0]['findings'][0]['scores']['bad'] == 0 and d['lenses'][0]['findings'][0]['scores']['checked'] > 1000" || return 1
    lens badinside '    net:co_serving{by = "type", inside = "yes"}'
    sn 1 analyze "$DATA/region" --lens "$SCRATCH/own/badinside.lua" || return 1
    err_has "badinside.lua:7: net:co_serving: inside must be true or false"
}

# ---- hostile lenses: stopped in their own process ----

# name|part of the error|extra arguments. Each lens in e2e/lenses/hostile must
# fail with that reason within --lens-timeout + 2 s; C-level loops are killed
# by the host, Lua-level ones stopped by the instruction hook. The memory
# cases get a generous time limit, so that they meet the memory cap first.
HOSTILE_CASES="rep_empty|time limit of $LIMIT s reached|
toplevel_rep|time limit of $LIMIT s reached|
rep_empty_sep|time limit of $LIMIT s reached|
table_remove_len|time limit of $LIMIT s reached|
table_move_len|time limit of $LIMIT s reached|
pattern_lazy|time limit of $LIMIT s reached|
pattern_balance|time limit of $LIMIT s reached|
pattern_backref|time limit of $LIMIT s reached|
find_plain|time limit of $LIMIT s reached|
gsub_heavy|time limit of $LIMIT s reached|
xpcall_loop_handler|time limit of $LIMIT s reached|
handler_loops|time limit of $LIMIT s reached|
handler_errors|time limit of $LIMIT s reached|
coroutine_resume|time limit of $LIMIT s reached|
coroutine_wrap|time limit of $LIMIT s reached|
pcall_then_return|time limit of $LIMIT s reached|
pcall_then_loop|time limit of $LIMIT s reached|
sort_loop|time limit of $LIMIT s reached|
format_heavy|memory limit of 32 MB reached|--lens-memory 32 --lens-timeout 20
memory_blowup|memory limit of 32 MB reached|--lens-memory 32 --lens-timeout 20
invalid_utf8|finding 1 returned by run: label is not valid UTF-8 (a bad sequence at byte 5)|
nul_evidence|evidence.en is not valid UTF-8 (a NUL byte at byte 4)|
score_maxinteger|scores.big is 9223372036854775807, outside +-2^53|
score_inf|scores.inf is infinite; expected a finite number|
score_nan|scores.nan is nan; expected a finite number|
test_p_nan|finding 1 returned by run: test.p is nan; expected a finite number|
test_p_range|test.p is 1.5; expected a p-value from 0 to 1|
test_p_string|test.p must be a number; got string|
test_draws_huge|test.draws is 9.22337e+18, outside +-2^53|
reason_label|reason \"for lite data\" goes with the label \"uavklart\" only; got the label \"silo\"|
reason_unknown|reason must be \"for lite data\" or \"ikke signifikant\"; got \"unclear\"|
uses_unknown|which is not a parameter of the lens; expected one of: alpha|
uses_not_list|uses must be a list of parameter names|
concept_bad_utf8|concept is not valid UTF-8 (a bad sequence at byte 9)|
detects_level|detects[1].level must be \"network\", \"group\" or \"actor\"|
crash|crash.lua: crashed: signal 11|"

# Seconds a hostile lens may take past its limit (loading and running it):
# 2, and more under valgrind, where loading it alone takes a second or two.
PAST=2
[ "${SN_VALGRIND:-0}" = 1 ] && PAST=6

# Under valgrind a smaller set: one of each kind.
HOSTILE_VALGRIND="rep_empty toplevel_rep xpcall_loop_handler coroutine_resume score_maxinteger crash"

hostile_selected() {
    [ "${SN_VALGRIND:-0}" = 1 ] || return 0
    case " $HOSTILE_VALGRIND " in *" $1 "*) return 0 ;; esac
    return 1
}

# seconds since $1 (a date +%s.%N), and whether it is within the limit + 2 s
within_limit() {
    "$SN_PY" -c 'import sys, time; t = time.time() - float(sys.argv[1]); print("%.2f s" % t); sys.exit(0 if t <= float(sys.argv[2]) + 2 else 1)' "$1" "$LIMIT"
}

# Each hostile lens beside a good one under analyze: it fails with its reason
# in time, and the good one still reports.
t_hostile_analyze() {
    local name msg extra n=0
    while IFS='|' read -r name msg extra; do
        hostile_selected "$name" || continue
        local t0 took
        t0=$(date +%s.%N)
        # shellcheck disable=SC2086
        SAMNETT_TEST_LENS_FAULT=crash:segv sn 1 analyze "$DATA/region" --format json \
            --lens-timeout "$LIMIT" $extra --lens "$LENSES/hostile/$name.lua" \
            --lens "$LENSES/good/intact.lua" || return 1
        took=$(within_limit "$t0") || [ "${SN_VALGRIND:-0}" = 1 ] || { echo "$name: took $took"; return 1; }
        err_has "samnett: lens '$name' failed: " || return 1
        err_has "$msg" || return 1
        json "[l['name'] for l in d['lenses']] == ['$name', 'intact']" || return 1
        json "d['lenses'][0]['status'] == 'error' and '$msg' in d['lenses'][0]['error'] and d['lenses'][0]['findings'] == []" || { echo "$name"; return 1; }
        json "d['lenses'][0]['seconds'] <= $LIMIT + $PAST" || { echo "$name: the lens ran too long"; return 1; }
        json "d['lenses'][1]['status'] == 'ok' and d['lenses'][1]['findings'][0]['label'] == 'intact'" || return 1
        n=$((n + 1))
    done <<<"$HOSTILE_CASES"
    [ "$n" -ge 6 ] || { echo "only $n hostile lenses ran"; return 1; }
}

# All of them in one run, four processes at a time, between two good lenses:
# the order of the report stays the order of --lens.
t_hostile_together() {
    [ "${SN_VALGRIND:-0}" = 1 ] && { echo "SKIP too slow under valgrind (each case runs in hostile_analyze)"; return 2; }
    local args=(--lens "$LENSES/good/intact.lua") names="'intact'" name msg extra
    while IFS='|' read -r name msg extra; do
        args+=(--lens "$LENSES/hostile/$name.lua")
        names="$names, '$name'"
    done <<<"$HOSTILE_CASES"
    args+=(--lens "$LENSES/good/api_tour.lua")
    SAMNETT_THREADS=4 SAMNETT_TEST_LENS_FAULT=crash:segv sn 1 analyze "$DATA/region"         --format json --lens-timeout "$LIMIT" --lens-memory 32 "${args[@]}" || return 1
    json "[l['name'] for l in d['lenses']] == [$names, 'api_tour']" || return 1
    json "all(l['status'] == 'error' for l in d['lenses'][1:-1]) and d['lenses'][0]['status'] == 'ok' and d['lenses'][-1]['status'] == 'ok'" || return 1
    json "all(l['seconds'] <= $LIMIT + $PAST for l in d['lenses'])" || return 1
    json "d['lenses'][-1]['findings'][0]['scores']['nodes'] == 6"
}

# A lens process that dies, exits, or sends garbage or half its findings.
t_hostile_faults() {
    local mode msg
    for mode in "segv|crashed: signal 11 (Segmentation fault)" "exit|its process exited with status 3"         "garbage|returned malformed findings: " "cut|returned malformed findings: "; do
        msg=${mode#*|}
        mode=${mode%%|*}
        SAMNETT_TEST_LENS_FAULT=intact:$mode sn 1 analyze "$DATA/region" --format json             --lens "$LENSES/good/intact.lua" --lens "$LENSES/good/api_tour.lua" || return 1
        err_has "samnett: lens 'intact' failed: " || return 1
        err_has "intact.lua: $msg" || return 1
        json "d['lenses'][0]['status'] == 'error' and d['lenses'][1]['status'] == 'ok'" || return 1
    done
    # the text report says it too
    SAMNETT_TEST_LENS_FAULT=intact:segv sn 1 analyze "$DATA/region" --lens "$LENSES/good/intact.lua" || return 1
    out_has "failed: " && out_has "intact.lua: crashed: signal 11"
}

# The lens tools go through the same processes: lens check of a lens stuck
# while loading and of one stuck while running.
t_hostile_tools() {
    sn 1 lens check "$LENSES/hostile/toplevel_rep.lua" --lens-timeout "$LIMIT" || return 1
    err_has "toplevel_rep.lua does not load: " && err_has "time limit of $LIMIT s reached" || return 1
    sn 1 lens check "$LENSES/hostile/pattern_lazy.lua" --lens-timeout "$LIMIT" || return 1
    err_has "samnett: lens 'pattern_lazy' failed: " && err_has "time limit of $LIMIT s reached"
}

# print() from a lens's process reaches stderr once, and the parent's
# buffered output is not written twice.
t_hostile_print() {
    lens printer '    print("hello from", net.level)
    return {}'
    sn 0 analyze "$DATA/region" --lens "$SCRATCH/own/printer.lua" || return 1
    err_has "lens printer: hello from	actor" || return 1
    [ "$(grep -c 'hello from' "$ERR")" = 1 ] || { echo "print came out more than once"; return 1; }
    [ "$(grep -c '^Lenses' "$OUT")" = 1 ] || { echo "the report came out more than once"; return 1; }
}

# Under watch: the hostile lenses fail on every re-score, each in time, the
# line says so, the watcher goes on (a second re-score), leaves no process
# or descriptor behind, and exits 0 on SIGTERM.
t_hostile_watch() {
    local w="$SCRATCH/watch" name msg extra args=() n=0
    rm -rf "$w" && mkdir -p "$w/logs" || return 1
    cp "$DATA/region/contacts.csv" "$w/logs/contacts.csv"
    while IFS='|' read -r name msg extra; do
        hostile_selected "$name" || continue
        args+=(--lens "$LENSES/hostile/$name.lua")
        n=$((n + 1))
    done <<<"$HOSTILE_CASES"
    args+=(--lens "$LENSES/good/intact.lua")
    local pre=()
    [ "${SN_VALGRIND:-0}" = 1 ] && pre=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99)
    SAMNETT_THREADS=4 SAMNETT_TEST_LENS_FAULT=crash:segv "${pre[@]}" "$SN_BIN" watch         --logs "$w/logs" --actors "$DATA/region/actors.csv" --state "$w/state.db"         --out "$w/report.json" --lens-timeout "$LIMIT" --lens-memory 32 "${args[@]}"         >"$w/lines" 2>"$w/err" &
    local pid=$! t fds1 fds2
    wait_lines() {
        for t in $(seq 1 600); do
            [ "$(grep -c '"event":"rescore"' "$w/lines" 2>/dev/null)" -ge "$1" ] && return 0
            kill -0 "$pid" 2>/dev/null || { echo "watch exited"; sn_show "$w/err" stderr; return 1; }
            sleep 0.2
        done
        echo "no re-score $1 within 120 s"; sn_show "$w/err" stderr; return 1
    }
    wait_lines 1 || { kill -9 "$pid"; return 1; }
    sleep 0.5
    fds1=$(ls "/proc/$pid/fd" | wc -l)
    head -n 1 "$w/lines" >"$w/line1.json"
    json "len(d['lenses']) == $n + 1 and all(l['status'] == 'error' and l['error'] for l in d['lenses'][:-1]) and d['lenses'][-1] == {'name': 'intact', 'status': 'ok', 'error': None}" "$w/line1.json" || { kill -9 "$pid"; return 1; }
    json "all(l['seconds'] <= $LIMIT + $PAST for l in d['lenses'])" "$w/report.json" || { kill -9 "$pid"; return 1; }
    echo "2024-03-05T09:00:00Z,k1,h1,phone,s3,1" >>"$w/logs/contacts.csv"
    wait_lines 2 || { kill -9 "$pid"; return 1; }
    sleep 0.5
    fds2=$(ls "/proc/$pid/fd" | wc -l)
    [ "$fds1" = "$fds2" ] || { echo "descriptors: $fds1 after the first re-score, $fds2 after the second"; kill -9 "$pid"; return 1; }
    if [ -n "$(ps -o pid= --ppid "$pid")" ]; then
        echo "lens processes left behind: $(ps -o pid=,stat=,args= --ppid "$pid")"; kill -9 "$pid"; return 1
    fi
    kill -TERM "$pid"
    wait "$pid"
    local rc=$?
    [ "$rc" = 0 ] || { echo "watch exited with $rc after SIGTERM"; sn_show "$w/err" stderr; return 1; }
    sn_has "$w/err" "samnett: lens 'crash' failed: " || { echo "no failure on stderr"; sn_show "$w/err" stderr; return 1; }
    tail -n 1 "$w/lines" | grep -q '"event":"stop"' || { echo "no stop line"; return 1; }
}

ALL_TESTS="security_each security_together memory_cap lens_path_dotdot require error_position
metadata findings_validation params api reciprocity_fixture lens_all list new_and_test test_keys check
bundled_tests common_helpers cited_findings bindings hostile_analyze hostile_together hostile_faults hostile_tools hostile_print hostile_watch"
TESTS=${*:-$ALL_TESTS}

mode=""
[ "${SN_VALGRIND:-0}" = 1 ] && mode=" (valgrind)"
cd "$SCRATCH" || exit 2
if ! "$SN_BIN" lens --help >/dev/null 2>&1; then
    for t in $TESTS; do echo "skip $t: this samnett has no lens host"; done
    echo "lens$mode: 0 passed, 0 failed, $(wc -w <<<"$TESTS") skipped"
    exit 0
fi
# shellcheck disable=SC2086
sn_run_tests lens "$SCRATCH" $TESTS
