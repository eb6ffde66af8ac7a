#!/bin/bash
# run_cli.sh SAMNETT_BINARY TESTS_DIR [TEST...]
#
# End-to-end checks of the samnett command line: version and help, usage
# errors, the JSON report, --output, --level, the filters, folder and stdin
# input, synth determinism and --demo. Fixtures are in TESTS_DIR/e2e/data;
# the expected numbers in the comments are counted by hand from them.
#
# Fixture data/region (6 actors, 12 contacts, all times UTC):
#   k1 k2 c1 -> Bergen kommune (k1, c1 Tildelingskontoret; k2 Heimetenesta)
#   h1 h2    -> Haukeland (Medisinsk avdeling; Kirurgisk avdeling)
#   g1       -> Legesenter Nord (no unit)
#   #  time              from-to  channel    weight
#   1  01-10 09:00       h1-k1    discharge  1
#   2  01-10 10:00       k1-k2    phone      5
#   3  01-15 08:30       k2-g1    e-message  1
#   4  02-01 12:00       g1-h1    referral   1
#   5  02-03 13:00       h1-h2    phone      10
#   6  02-05 14:00       h2-k1    discharge  1
#   7  02-05 15:00       k1-c1    meeting    30
#   8  02-05 15:00       c1-k1    meeting    30
#   9  03-01 09:00       k1-h1    phone      5
#   10 03-02 09:00       h1-k1    phone      5
#   11 03-03 09:00       k1-h1    e-message  1
#   12 03-04 09:00       c1-g1    e-message  1
#
# SN_VALGRIND=1 runs every samnett call under valgrind memcheck (use a build
# without sanitizers). Prints `ok NAME`, `skip NAME: why` or `FAIL NAME: why`
# and a summary; exits 1 when any check failed.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
sn_e2e_start "$0" "$@"
shift 2
if [ ! -f "$DATA/region/contacts.csv" ]; then
    echo "$0: no fixtures in $DATA" >&2
    exit 2
fi
if [ "${SN_VALGRIND:-0}" = 1 ] && ! command -v valgrind >/dev/null; then
    echo "$0: SN_VALGRIND=1 but valgrind is not installed" >&2
    exit 2
fi

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/samnett-cli.XXXXXX")
trap 'rm -rf -- "$SCRATCH"' EXIT
OUT="$SCRATCH/out"
ERR="$SCRATCH/err"
IN=/dev/null

# ---- helpers (each prints a reason and returns 1 on failure) ----

# net LEVEL-ARGS... -- EXPR: analyze data/region with ARGS, --format json, check EXPR.
net() {
    local args=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
    shift
    sn 0 analyze "$DATA/region" --format json "${args[@]}" || return 1
    json "$1"
}

# ---- tests ----

t_version() {
    sn 0 --version || return 1
    LC_ALL=C grep -qxE 'samnett [0-9]+\.[0-9]+\.[0-9]+' "$OUT" ||
        { echo "--version printed: $(head -c 200 "$OUT")"; return 1; }
    sn 0 version || return 1
    LC_ALL=C grep -qxE 'samnett [0-9]+\.[0-9]+\.[0-9]+' "$OUT" || { echo "version: bad output"; return 1; }
}

# Everyday use: -V, --lang in any case and with a region, samnett help, the
# manual page's source, and every environment variable the code reads in --help.
t_everyday() {
    sn 0 -V || return 1
    LC_ALL=C grep -qxE 'samnett [0-9]+\.[0-9]+\.[0-9]+' "$OUT" || { echo "-V printed: $(head -c 200 "$OUT")"; return 1; }
    sn 0 analyze "$DATA/region" --lang nb || return 1
    cp "$OUT" "$SCRATCH/nb.txt"
    local l
    for l in NB Nb nb-NO nb_NO.UTF-8 no NO; do
        sn 0 analyze "$DATA/region" --lang "$l" || return 1
        cmp -s "$OUT" "$SCRATCH/nb.txt" || { echo "--lang $l is not the nb report"; return 1; }
    done
    sn 0 analyze "$DATA/region" --lang en || return 1
    cp "$OUT" "$SCRATCH/en.txt"
    sn 0 analyze "$DATA/region" --lang EN_gb || return 1
    cmp -s "$OUT" "$SCRATCH/en.txt" || { echo "--lang EN_gb is not the en report"; return 1; }
    for l in nn de nb- e; do
        sn 2 analyze "$DATA/region" --lang "$l" || return 1
        err_has "unknown --lang '$l'; expected en or nb (any case, e.g. NB or nb-NO)" && out_empty || return 1
    done
    sn 2 lens list --lang nn && err_has "samnett lens: unknown --lang 'nn'; expected en or nb" || return 1
    # samnett help: the main text, a command's (its --help), the manual page
    sn 0 help || return 1
    out_has "usage: samnett <command>" || return 1
    sn 0 analyze --help || return 1
    cp "$OUT" "$SCRATCH/analyze-help.txt"
    sn 0 help analyze || return 1
    cmp -s "$OUT" "$SCRATCH/analyze-help.txt" || { echo "help analyze is not analyze --help"; return 1; }
    sn 0 help --man || return 1
    head -n 2 "$OUT" | grep -q '^\.TH SAMNETT 1 ' || { echo "help --man: no .TH line"; return 1; }
    out_has '.SH ENVIRONMENT' && out_has '.SS "samnett watch"' || return 1
    sn 2 help frobnicate && err_has "samnett help: unknown command 'frobnicate'; expected analyze, check, reduce, synth, lens, watch, key, sql or --man" || return 1
    # each environment variable the code reads is in --help (LD_PRELOAD is only
    # looked at to tell that valgrind runs; it is no setting of samnett's)
    sn 0 --help || return 1
    local src vars v
    src=$(dirname "$TESTS_DIR")/core
    vars=$(grep -rhoE 'getenv\("[A-Z_]+"\)' "$src" | sed 's/getenv("\(.*\)")/\1/' | sort -u)
    [ -n "$vars" ] || { echo "no getenv found under $src"; return 1; }
    for v in $vars; do
        [ "$v" = LD_PRELOAD ] && continue
        out_has "$v" || { echo "--help does not document $v"; return 1; }
    done
}

t_help_main() {
    sn 0 --help || return 1
    out_has "analyze" && out_has "synth" || return 1
    sn 2 || return 1 # no command at all: usage on stderr
    err_has "usage: samnett"
}

t_help_analyze() {
    sn 0 analyze --help || return 1
    local o
    for o in --actors --contacts --demo --level --since --until --channel --min-contacts \
        --tie-weight --format --output --strict --quiet --max-field --timezone --date-format --max-rejected; do
        out_has "$o" || return 1
    done
    err_lacks "error"
}

t_help_synth() {
    sn 0 synth --help || return 1
    local o
    for o in --scale --seed --gzip --output; do out_has "$o" || return 1; done
}

t_unknown_command() {
    sn 2 frobnicate || return 1
    err_has "samnett: unknown command 'frobnicate'" && out_empty
}

t_unknown_option() {
    sn 2 analyze --frobnicate "$DATA/region" || return 1
    err_has "unknown option '--frobnicate'" && out_empty || return 1
    sn 2 synth --frobnicate --output "$SCRATCH/x" || return 1
    err_has "unknown option '--frobnicate'" || return 1
    [ ! -e "$SCRATCH/x" ] || { echo "synth with a bad option created its output folder"; return 1; }
}

t_missing_option_argument() {
    # --level needs a value and gets none: exit 2, name the option, and do not
    # call a known option unknown.
    sn 2 analyze "$DATA/region" --level || return 1
    err_has "--level" && err_lacks "unknown option" && out_empty || return 1
    sn 2 synth --output || return 1
    err_has "--output" && err_lacks "unknown option"
}

t_no_input() {
    sn 2 analyze || return 1
    err_has "no input" && out_empty || return 1
    sn 2 analyze --demo "$DATA/region" || return 1 # --demo takes no sources
    out_empty
}

t_bad_option_values() {
    sn 2 analyze "$DATA/region" --level galaxy && err_has "unknown --level 'galaxy'" || return 1
    sn 2 analyze "$DATA/region" --format xml && err_has "unknown --format 'xml'; expected text, json, csv, graphml, gexf or html" || return 1
    sn 2 analyze "$DATA/region" --min-contacts 0 && err_has "bad --min-contacts '0'" || return 1
    sn 2 analyze "$DATA/region" --min-contacts 2x && err_has "bad --min-contacts '2x'" || return 1
    sn 2 analyze "$DATA/region" --since 2024-13-01 && err_has "bad time '2024-13-01'" || return 1
    sn 2 analyze "$DATA/region" --since 2024-03-01 --until 2024-02-01 &&
        err_has "--until must be later than --since" || return 1
    sn 2 analyze "$DATA/region" --channel fax && err_has "unknown --channel 'fax'" || return 1
    sn 2 analyze "$DATA/region" --top 0 && err_has "bad --top '0'" || return 1
    sn 2 analyze "$DATA/region" --max-field 8 && err_has "bad --max-field '8'" || return 1
    if synth_available; then # the stub synth accepts any scale
        sn 2 synth --scale huge --output "$SCRATCH/y" && err_has "unknown --scale 'huge'" || return 1
    fi
    sn 2 synth && err_has "no --output DIR given"
}

t_json_report() {
    sn 0 analyze "$DATA/region/actors.csv" "$DATA/region/contacts.csv" --format json || return 1
    json "d['samnett']['schema']==1 and all(k in d for k in ('input', 'network', 'actors'))" || return 1
    json "d['samnett']['version']=='$(sed 's/^samnett //' <<<"$("$SN_BIN" --version)")'" || return 1
    # 6 actors, 12 contacts, 10 distinct ordered pairs (h1-k1 and k1-h1 twice each)
    json "d['input']['files']==2 and d['input']['actors']==6 and d['input']['contacts']==12 and d['input']['rejected']==0" || return 1
    json "d['network']['level']=='actor' and d['network']['nodes']==6 and d['network']['ties']==10 and d['network']['contacts']==12" || return 1
    json "sorted(a['id'] for a in d['actors'])==['c1','g1','h1','h2','k1','k2']" || return 1
    json "d['input']['first_time']=='2024-01-10T09:00:00Z' and d['input']['last_time']=='2024-03-04T09:00:00Z'" || return 1
    # k1 sends to k2, c1, h1 (twice): degree_out 3, strength_out 4 contacts
    json "[(a['metrics']['degree_out'], a['metrics']['strength_out']) for a in d['actors'] if a['id']=='k1']==[(3, 4.0)]" || return 1
    [ ! -s "$ERR" ] || { echo "stderr is not empty"; sn_show "$ERR" stderr; return 1; }
}

t_text_report() {
    sn 0 analyze "$DATA/region" || return 1
    out_has "samnett" || return 1
    [ "$(tail -c 1 "$OUT" | od -An -c | tr -d ' ')" = '\n' ] || { echo "text report does not end with a newline"; return 1; }
    cp "$OUT" "$SCRATCH/en.txt"
    sn 0 analyze "$DATA/region" --lang nb || return 1
    ! cmp -s "$OUT" "$SCRATCH/en.txt" || { echo "--lang nb gives the same report as en"; return 1; }
}

t_output_file() {
    local f="$SCRATCH/rep/report.json"
    mkdir -p "$SCRATCH/rep"
    sn 0 analyze "$DATA/region" --format json --output "$f" || return 1
    out_empty || return 1
    [ -s "$f" ] || { echo "--output did not write $f"; return 1; }
    json "d['samnett']['schema']==1 and d['network']['nodes']==6" "$f" || return 1
    [ "$(ls "$SCRATCH/rep")" = report.json ] || { echo "left-over files: $(ls "$SCRATCH/rep")"; return 1; }
    sn 0 analyze "$DATA/region" -o "$SCRATCH/rep/report.txt" && out_empty || return 1
    [ -s "$SCRATCH/rep/report.txt" ] || { echo "-o did not write the text report"; return 1; }
    # a folder that does not exist: exit 2, the path named, nothing on stdout
    sn 2 analyze "$DATA/region" --output "$SCRATCH/nosuch/report.json" || return 1
    err_has "$SCRATCH/nosuch/report.json" && out_empty
}

t_level_organisation() {
    # Bergen kommune (k1 k2 c1), Haukeland (h1 h2), Legesenter Nord (g1).
    # Ties: H->B (1,6,10), B->L (3,12), L->H (4), B->H (9,11); within: 2,5,7,8.
    net --level organisation -- "d['network']['level']=='organisation' and d['network']['nodes']==3 and d['network']['ties']==4 and d['network']['within_group_contacts']==4 and d['network']['contacts_in_ties']==8" || return 1
    json "sorted((a['id'], a['members']) for a in d['actors'])==[('Bergen kommune', 3), ('Haukeland', 2), ('Legesenter Nord', 1)]" || return 1
    json "[(a['metrics']['strength_in'], a['metrics']['strength_out']) for a in d['actors'] if a['id']=='Bergen kommune']==[(3.0, 4.0)]"
}

t_level_unit() {
    # 5 units (g1 has none). Ties: M->T (1,10), T->Hm, Hm->L, L->M, M->K, K->T,
    # T->M (9,11), T->L: 8; within Tildelingskontoret: 7, 8.
    net --level unit -- "d['network']['level']=='unit' and d['network']['nodes']==5 and d['network']['ties']==8 and d['network']['within_group_contacts']==2 and d['network']['contacts_in_ties']==10" || return 1
    json "sorted(a['members'] for a in d['actors'])==[1, 1, 1, 1, 2] and any(a['unit'] in ('', '(no unit)') and a['organisation']=='Legesenter Nord' for a in d['actors'])"
}

t_filters() {
    # February (a bare --until date includes that day): rows 4-8, 5 ties.
    net --since 2024-02-01 --until 2024-02-29 -- "d['network']['contacts']==5 and d['network']['ties']==5" || return 1
    # --until 2024-02-05 keeps all of 5 February: rows 1-8
    net --until 2024-02-05 -- "d['network']['contacts']==8 and d['network']['ties']==8" || return 1
    # --since is inclusive: rows 7-12; ties k1-c1, c1-k1, k1-h1, h1-k1, c1-g1
    net --since 2024-02-05T15:00:00Z -- "d['network']['contacts']==6 and d['network']['ties']==5" || return 1
    # the window is since <= t < until with a full time: rows 7-8 excluded
    net --since 2024-02-01T12:00:00Z --until 2024-02-05T15:00:00Z -- "d['network']['contacts']==3" || return 1
    # epoch seconds, marked with '@': 1706745600 = 2024-02-01T00:00:00Z
    net --since @1706745600 -- "d['network']['contacts']==9" || return 1
    # phone: rows 2, 5, 9, 10 (4 ties); + meeting: rows 7, 8
    net --channel phone -- "d['network']['contacts']==4 and d['network']['ties']==4 and d['network']['filters']['channels']==['phone']" || return 1
    net --channel phone --channel meeting -- "d['network']['contacts']==6 and d['network']['ties']==6" || return 1
    # a Norwegian channel name on the command line
    net --channel telefon -- "d['network']['contacts']==4" || return 1
    # pairs with 2+ contacts: h1-k1 and k1-h1; the other 8 contacts are below
    net --min-contacts 2 -- "d['network']['ties']==2 and d['network']['contacts']==12 and d['network']['contacts_in_ties']==4 and d['network']['below_min_contacts']==8" || return 1
    net --level organisation --min-contacts 2 -- "d['network']['ties']==3 and d['network']['below_min_contacts']==1" || return 1
    # the input counts do not change with the filters
    json "d['input']['contacts']==12" || return 1
    # --tie-weight sum: k1 sends 5 (k2) + 30 (c1) + 5 + 1 (h1)
    net --tie-weight sum -- "[a['metrics']['strength_out'] for a in d['actors'] if a['id']=='k1']==[41.0] and d['network']['filters']['tie_weight']=='weight_sum'"
}

# Periods as people type them, read in the zone (Europe/Oslo unless
# --timezone): --since at the start of a period, --until at its end; the text
# report prints the filters it applied.
t_periods() {
    # --until 2024 keeps all of 2024 (it was epoch second 2024: nothing)
    net --until 2024 -- "d['network']['contacts']==12 and d['network']['filters']['until']=='2024-12-31T23:00:00Z'" || return 1
    # February in Oslo: rows 4-8
    net --since 2024-02 --until 2024-02 -- "d['network']['contacts']==5" || return 1
    net --since 2024q1 --until 2024Q1 -- "d['network']['contacts']==12" || return 1
    # a zone-less date-time is Oslo time: 16:00 there is 15:00Z (rows 7-12) ...
    net --since 2024-02-05T16:00 -- "d['network']['contacts']==6" || return 1
    # ... and UTC with --timezone UTC, wherever the flag stands
    net --since 2024-02-05T16:00 --timezone UTC -- "d['network']['contacts']==4 and d['input']['time_zone']=='UTC'" || return 1
    sn 0 analyze "$DATA/region" --since 2024 --until 2024-02 --channel phone --channel telefon || return 1
    out_has "  time zone                                Europe/Oslo" || return 1
    out_has "Filters" || return 1
    out_has "  since                                    2024-01-01T00:00:00+01:00" || return 1
    out_has "  until (before)                           2024-03-01T00:00:00+01:00" || return 1
    out_has "  channels                                 phone" || return 1
    sn 0 analyze "$DATA/region" --window month || return 1
    out_has "  since                                    (none)" || return 1
    out_has "  window                                   month" || return 1
    sn 2 analyze "$DATA/region" --since 2024x || return 1
    err_has "bad time '2024x'; expected a year (2020), a month (2020-03), a quarter (2020Q1)" || return 1
}

t_folder_input() {
    sn 0 analyze "$DATA/region" --format json || return 1
    json "d['input']['files']==2 and d['input']['actors']==6 and d['input']['contacts']==12" || return 1
    # --actors/--contacts with files gives the same network
    cp "$OUT" "$SCRATCH/folder.json"
    sn 0 analyze --actors "$DATA/region/actors.csv" --contacts "$DATA/region/contacts.csv" --format json || return 1
    "$SN_PY" - "$SCRATCH/folder.json" "$OUT" <<'EOF' || return 1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
a["input"]["sources"] = b["input"]["sources"] = None
if a != b:
    print("folder and file input give different reports")
    sys.exit(1)
EOF
}

t_stdin_input() {
    IN="$DATA/region/contacts.csv"
    sn 0 analyze "$DATA/region/actors.csv" - --format json || return 1
    json "d['input']['contacts']==12 and d['network']['ties']==10" || return 1
    IN=/dev/null
    sn 2 analyze --contacts - || return 1 # empty stdin
    err_has "<stdin>:1:1: error: empty file"
}

t_quiet() {
    # warn/contacts.csv: line 3 names an unknown actor (warning), line 4 a bad month (error);
    # one row of few is more than the default --max-rejected 10%
    sn 2 analyze "$DATA/region/actors.csv" "$DATA/warn/contacts.csv" || return 1
    err_has "more than --max-rejected 10% (the default) allows" || return 1
    sn 0 analyze --max-rejected 1 "$DATA/region/actors.csv" "$DATA/warn/contacts.csv" || return 1
    err_has "contacts.csv:3:25: warning: unknown actor 'x9'" || return 1
    err_has "contacts.csv:4:6: error: bad time" || return 1
    sn 0 analyze --quiet --max-rejected 1 "$DATA/region/actors.csv" "$DATA/warn/contacts.csv" --format json || return 1
    err_lacks "warning" && err_has "contacts.csv:4:6: error: bad time" || return 1
    json "d['input']['warnings']>=1 and d['input']['rejected']==1 and d['input']['actors_auto_created']==1"
}

SYNTH_OK=""
synth_available() {
    if [ -z "$SYNTH_OK" ]; then
        sn_run /dev/null "$SCRATCH/synth.out" "$SCRATCH/synth.err" synth --scale small --seed 1 --output "$SCRATCH/probe"
        if [ "$SN_RC" != 0 ] && LC_ALL=C grep -qi stub "$SCRATCH/synth.err"; then
            SYNTH_OK=no
        else
            SYNTH_OK=yes
        fi
    fi
    [ "$SYNTH_OK" = yes ]
}

t_synth_deterministic() {
    synth_available || { echo "SKIP synth is a stub in this build"; return 2; }
    sn 0 synth --scale small --seed 3 --output "$SCRATCH/s1" || return 1
    sn 0 synth --scale small --seed 3 --output "$SCRATCH/s2" || return 1
    sn 0 synth --scale small --seed 4 --output "$SCRATCH/s3" || return 1
    [ -s "$SCRATCH/s1/actors.csv" ] && [ -s "$SCRATCH/s1/contacts.csv" ] ||
        { echo "synth did not write actors.csv and contacts.csv: $(ls "$SCRATCH/s1")"; return 1; }
    local a b c
    a=$(cd "$SCRATCH/s1" && md5sum -- * | sort)
    b=$(cd "$SCRATCH/s2" && md5sum -- * | sort)
    c=$(cd "$SCRATCH/s3" && md5sum -- * | sort)
    [ "$a" = "$b" ] || { echo "same seed, different files:"; echo "$a"; echo "$b"; return 1; }
    [ "$a" != "$c" ] || { echo "seeds 3 and 4 give the same files"; return 1; }
    # the synthetic region is clean input
    sn 0 analyze "$SCRATCH/s1" --format json || return 1
    err_lacks "warning" && err_lacks "error" || return 1
    json "d['input']['rejected']==0 and d['input']['actors_auto_created']==0 and d['input']['actors']>=100 and d['input']['contacts']>0 and d['network']['ties']>0"
}

t_demo() {
    synth_available || { echo "SKIP synth is a stub in this build"; return 2; }
    mkdir -p "$SCRATCH/demotmp"
    export TMPDIR="$SCRATCH/demotmp" # the demo region is written here, then removed
    sn 0 analyze --demo --format json || return 1
    json "d['samnett']['schema']==1 and d['input']['sources']==['demo'] and d['input']['rejected']==0 and d['input']['contacts']>0 and d['network']['nodes']>0" || return 1
    err_lacks "warning" && err_lacks "error" || return 1
    [ -z "$(ls -A "$SCRATCH/demotmp")" ] || { echo "--demo left files in TMPDIR: $(ls -A "$SCRATCH/demotmp")"; return 1; }
    sn 0 analyze --demo --level organisation || return 1
    out_has "organisation"
}

# Silo, brokerage and removal on the fixture, worked out by hand.
# Organisations: B = {k1, k2, c1}, H = {h1, h2}, L = {g1}. Ten ties, six of them
# across: h1>k1, k2>g1, g1>h1, h2>k1, k1>h1, c1>g1. So E = 6, I = 4, E-I = 0.2.
t_silo_brokerage() {
    sn 0 analyze "$DATA/region" --format json || return 1
    json "abs(d['silo']['organisation']['ei'] - 0.2) < 1e-12" || return 1
    json "d['silo']['organisation']['ties'] == {'internal': 4, 'external': 6}" || return 1
    # k1 brokers: in from h1, h2, c1; out to k2, c1, h1. Pairs without a direct tie:
    # h1>k2, h1>c1, h2>k2, h2>c1 gatekeeper; h2>h1 itinerant; c1>k2 coordinator;
    # c1>h1 representative.
    json "{r: v['raw'] for r, v in [a for a in d['actors'] if a['id']=='k1'][0]['brokerage'].items()} == {'coordinator': 1, 'itinerant': 1, 'representative': 1, 'gatekeeper': 4, 'liaison': 0, 'total': 7}" || return 1
    json "d['brokerage']['partition'] == 'organisation' and d['brokerage']['observed']['total'] >= 7" || return 1
}

# Removing k1: all six actors were one strong component (30 ordered pairs); after,
# k2 reaches g1, h1, h2; g1 reaches h1, h2; h1 reaches h2; c1 reaches g1, h1, h2: 9.
t_remove() {
    sn 0 analyze "$DATA/region" --format json --remove k1 || return 1
    json "d['removal']['reachable_pairs_before'] == 30 and d['removal']['reachable_pairs_after'] == 9" || return 1
    json "d['removal']['pairs_lost_between_remaining'] == 11 and d['removal']['ties_lost'] == 6" || return 1
    json "d['removal']['cross_boundary_ties_lost'] == 3 and d['removal']['cross_boundary_ties_before'] == 6" || return 1
    json "sorted((c['from'], c['to']) for c in d['removal']['groups_cut_off']) == [('Haukeland', 'Bergen kommune'), ('Haukeland', 'Legesenter Nord'), ('Legesenter Nord', 'Bergen kommune')]" || return 1
    sn 2 analyze "$DATA/region" --remove nobody || return 1
    err_has "--remove: no node 'nobody'" || return 1
}

t_csv_tables() {
    sn 0 analyze "$DATA/region" --format csv --output "$SCRATCH/tables" || return 1
    out_empty || return 1
    # the contacts have a case column: cases.csv and co_serving.csv too
    [ "$(ls "$SCRATCH/tables" | tr '\n' ' ')" = "actors.csv brokerage.csv cases.csv co_serving.csv contact_matrix.csv groups.csv network.csv network_articulation_points.csv network_contacts_by_type.csv network_filter_channels.csv provenance.csv ties.csv " ] ||
        { echo "tables: $(ls "$SCRATCH/tables")"; return 1; }
    [ "$(wc -l <"$SCRATCH/tables/actors.csv")" = 7 ] || { echo "actors.csv should have 6 rows"; return 1; }
    grep -q '^organisation,Bergen kommune,3,' "$SCRATCH/tables/groups.csv" ||
        { echo "groups.csv lacks Bergen kommune with 3 members"; return 1; }
    grep -q '^k1,organisation,gatekeeper,4,' "$SCRATCH/tables/brokerage.csv" ||
        { echo "brokerage.csv lacks k1 gatekeeper 4"; return 1; }
    [ "$(wc -l <"$SCRATCH/tables/ties.csv")" = 11 ] || { echo "ties.csv should have 10 rows"; return 1; }
    [ "$(wc -l <"$SCRATCH/tables/network.csv")" = 2 ] || { echo "network.csv should have one row"; return 1; }
    sn 2 analyze "$DATA/region" --format csv || return 1
    err_has "expected --output DIR"
}

# Cases on the fixture (from the table above). s1 h1->k1->k2->g1: services Medisinsk,
# Tildeling, Heimetenesta, Legesenter Nord = 4 (BTI 3), hand-offs one way (sequential), one
# transfer (discharge). s2 g1->h1->h2->k1<->c1: 4 services (k1 and c1 share one), sequential,
# transfers Legesenter->Haukeland->Bergen: no ping-pong. s3 k1<->h1, c1->g1: 3 services,
# reciprocal. Shared cases: h1-k1, h1-g1, k1-g1 3; h1-c1, g1-c1, k1-c1 2; the rest 1. Care
# density: s1 (3+1+3+1+3+1)/6 = 2, s2 19/10 = 1.9, s3 15/6 = 2.5. Without a tie: k1-g1 (3
# cases) and h1-c1 (2). No meeting column: no meetings section.
t_cases() {
    sn 0 analyze "$DATA/region" --format json || return 1
    json "d['cases']['bti_levels'] == {'level_1': 0, 'level_2': 0, 'level_3_or_more': 3}" || return 1
    json "d['cases']['handoff_patterns'] == {'single': 0, 'pooled': 0, 'sequential': 2, 'reciprocal': 1}" || return 1
    json "d['cases']['transfers']['count'] == 3 and d['cases']['pingpong']['count'] == 0" || return 1
    json "abs(d['cases']['care_density']['mean'] - 6.4 / 3) < 1e-12 and d['cases']['care_density']['median'] == 2" || return 1
    json "[(p['a'], p['b'], p['shared_cases']) for p in d['cases']['co_serving_without_contact']['top_pairs']] == [('k1', 'g1', 3), ('h1', 'c1', 2)]" || return 1
    json "'meetings' not in d" || return 1
    sn 0 analyze "$DATA/region" --lang nb || return 1
    out_has "Pasientforløp" && out_has "BTI nivå" && out_has "kasteballer" || return 1
    sn 2 analyze "$DATA/region" --meetings clique || return 1
    err_has "expected rows, project or off" || return 1
    sn 2 analyze "$DATA/region" --pingpong-window 3x || return 1
    err_has "expected a duration" || return 1
    sn 2 analyze "$DATA/region" --transfer-channels referral,fax || return 1
    err_has "expected channel names" || return 1
}

# The demo's planted time patterns (core/tools/synth/synth.c): the learning network
# ln01..ln16 fades after it ends with a half-life of 182.5 days, and meetings
# move to video on 2020-03-12. Both must show in the quarterly summary.
t_demo_time() {
    synth_available || { echo "SKIP synth is a stub in this build"; return 2; }
    sn 0 analyze --demo --window quarter || return 1
    out_has "Over time" && out_has "ln01..ln16" || return 1
    local hl
    hl=$(grep -A6 'ln01\.\.ln16' "$OUT" | sed -n 's/.*half-life \([0-9]*\) days.*/\1/p' | head -n 1)
    [ -n "$hl" ] && [ "$hl" -ge 140 ] && [ "$hl" -le 230 ] ||
        { echo "learning-network half-life '$hl' days, planted 182.5"; sn_show "$OUT" stdout; return 1; }
    grep -Eq 'channel video: contacts per day rose from [0-9.]+ to [0-9.]+ on 2020-03-' "$OUT" ||
        { echo "no rise of video contacts in March 2020"; sn_show "$OUT" stdout; return 1; }
    sn 0 analyze --demo --window quarter --format json || return 1
    # 2016Q1 .. 2023Q1: the last contact, 2022-12-31T23:04:29Z, is in 2023 on Oslo's clock
    json "len(d['temporal']['windows']) == 29 and all(w['persistence'] is not None for w in d['temporal']['windows'][1:])" || return 1
    json "(lambda w: w['2020Q2']['channels']['video'] > 5 * w['2019Q4']['channels']['video'])({x['label']: x for x in d['temporal']['windows']})" || return 1
    json "[c['change_points'][0]['date'][:7] for c in d['temporal']['channels'] if c['channel'] == 'video'] == ['2020-03']" || return 1
    json "[(s['meetings'], s['first'][:10], s['last'][:10]) for s in d['meetings']['series'] if s['id'] == 'ln01'] == [(16, '2017-03-15', '2020-11-25')]" || return 1
    sn 0 analyze --demo --window quarter --lang nb || return 1
    out_has "Over tid" || return 1
}

# A report written to a device or a pipe goes into it: it must never replace it.
t_output_device() {
    mkfifo "$SCRATCH/pipe" || return 1
    cat "$SCRATCH/pipe" >"$SCRATCH/from-pipe" &
    sn 0 analyze "$DATA/region" --format json --output "$SCRATCH/pipe" || return 1
    wait
    [ -p "$SCRATCH/pipe" ] || { echo "--output replaced the pipe with a file"; return 1; }
    json "d['network']['nodes'] == 6" "$SCRATCH/from-pipe"
}

# Large plain CSV files are read by several threads; the result must equal the
# serial reader's, messages included. Forced on the small demo region here, with
# some bad rows and an unknown actor planted in it.
t_parallel_ingest() {
    synth_available || { echo "SKIP synth not available"; return 2; }
    sn 0 synth --scale small --seed 2 --output "$SCRATCH/par" || return 1
    {
        echo "2020-05-05T10:00:00Z,k01-adm-001,nobody-here,phone,,,1"
        echo "2020-13-05T10:00:00Z,k01-adm-001,k01-adm-002,phone,,,1"
        echo "2020-05-05T10:00:00Z,k01-adm-001,k01-adm-001,phone,,,1"
    } >>"$SCRATCH/par/contacts.csv"
    SAMNETT_THREADS=1 sn 0 analyze "$SCRATCH/par" --format json || return 1
    cp "$OUT" "$SCRATCH/serial.json"
    cp "$ERR" "$SCRATCH/serial.err"
    SAMNETT_THREADS=2 SAMNETT_PARALLEL_MIN_BYTES=0 sn 0 analyze "$SCRATCH/par" --format json || return 1
    json "d['input'] == __import__('json').load(open('$SCRATCH/serial.json'))['input'] and d['input']['rejected'] == 1 and d['input']['actors_auto_created'] == 1 and d['input']['self_contacts'] == 1" || return 1
    json "(d['network']['ties'], d['network']['contacts']) == (lambda s: (s['network']['ties'], s['network']['contacts']))(__import__('json').load(open('$SCRATCH/serial.json')))" || return 1
    sort "$ERR" >"$SCRATCH/par.err.sorted"
    sort "$SCRATCH/serial.err" | cmp -s - "$SCRATCH/par.err.sorted" ||
        { echo "messages differ:"; diff <(sort "$SCRATCH/serial.err") "$SCRATCH/par.err.sorted"; return 1; }
}

# ---- what a file is: links, files that cannot be opened, pipes and devices ----

# Paths of one file in a folder (a symbolic link such as current.csv, a hard
# link) and one file named twice are read once, with a note for each.
t_files_links() {
    local d="$SCRATCH/links"
    mkdir -p "$d" && cp "$DATA/region/actors.csv" "$d/" &&
        cp "$DATA/region/contacts.csv" "$d/app-2024-03-04.csv" || return 1
    ln -s app-2024-03-04.csv "$d/current.csv" && ln "$d/app-2024-03-04.csv" "$d/copy.csv" || return 1
    sn 0 analyze "$d" --format json || return 1
    json "d['input']['contacts'] == 12 and d['input']['files'] == 2" || return 1
    err_has "$d/current.csv: note: the same file as $d/app-2024-03-04.csv (a symbolic link); read once" || return 1
    err_has "$d/copy.csv: note: the same file as $d/app-2024-03-04.csv (a hard link); read once" || return 1
    sn 0 analyze --actors "$d/actors.csv" "$d/current.csv" "$d/app-2024-03-04.csv" --format json || return 1
    json "d['input']['contacts'] == 12" && err_has "(a symbolic link)" || return 1
    sn 0 analyze --actors "$d/actors.csv" "$d/copy.csv" "$d/copy.csv" --format json || return 1
    json "d['input']['contacts'] == 12" && err_has "(the same path)"
}

# contacts.csv.gz beside contacts.csv is read once when it holds the same
# contacts, and read as well when it does not.
t_files_gz_twin() {
    local d="$SCRATCH/gz" e="$SCRATCH/gz2"
    mkdir -p "$d" "$e" && cp "$DATA/region/actors.csv" "$DATA/region/contacts.csv" "$d/" || return 1
    gzip -k "$d/contacts.csv" || return 1
    sn 0 analyze "$d" --format json || return 1
    json "d['input']['contacts'] == 12" || return 1
    err_has "$d/contacts.csv.gz: note: the same content as $d/contacts.csv, compressed; read once" || return 1
    cp "$DATA/region/actors.csv" "$DATA/region/contacts.csv" "$e/" || return 1
    head -n 5 "$DATA/region/contacts.csv" | gzip >"$e/contacts.csv.gz" || return 1
    sn 0 analyze "$e" --format json || return 1
    json "d['input']['contacts'] == 16" && err_lacks "the same content"
}

# Files that cannot be opened (a symbolic link loop; a file without read
# permission, with root's rights dropped for it) are each named with the
# reason, and analyze stops with status 2 before reading anything.
t_files_unopened() {
    local d="$SCRATCH/unopened" bin=$SN_BIN locked=1
    mkdir -p "$d" && cp "$DATA/region/actors.csv" "$DATA/region/contacts.csv" "$d/" || return 1
    ln -s loop.csv "$d/loop.csv" || return 1
    printf 'time,from,to\n2024-01-10T09:00:00Z,k1,k2\n' >"$d/locked.csv" && chmod 000 "$d/locked.csv" || return 1
    if [ "$(id -u)" = 0 ]; then
        if command -v setpriv >/dev/null; then # root opens anything: run samnett as nobody
            printf '#!/bin/sh\nexec setpriv --reuid=nobody --regid=nogroup --clear-groups %s "$@"\n' \
                "$SN_BIN" >"$SCRATCH/as-nobody" && chmod 755 "$SCRATCH/as-nobody" "$SCRATCH" "$d" || return 1
            bin="$SCRATCH/as-nobody"
        else
            locked=0
        fi
    fi
    SN_BIN=$bin sn 2 analyze "$d" --format json || return 1
    err_has "$d/loop.csv: error: cannot open: Too many levels of symbolic links" && out_empty || return 1
    if [ $locked = 1 ]; then
        err_has "$d/locked.csv: error: cannot open: Permission denied" || return 1
        err_has "2 input files could not be opened" || return 1
    fi
    rm -f "$d/loop.csv" "$d/locked.csv"
    SN_BIN=$bin sn 0 analyze "$d" --format json && json "d['input']['contacts'] == 12"
}

# A named pipe and <(cmd) are read as streams, like standard input.
t_files_pipes() {
    mkfifo "$SCRATCH/fifo.csv" || return 1
    cat "$DATA/region/contacts.csv" >"$SCRATCH/fifo.csv" &
    local writer=$!
    SN_TIMEOUT=20 sn 0 analyze --actors "$DATA/region/actors.csv" "$SCRATCH/fifo.csv" --format json
    local rc=$?
    kill "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
    [ $rc = 0 ] && json "d['input']['contacts'] == 12" || return 1
    SN_TIMEOUT=20 sn 0 analyze --actors "$DATA/region/actors.csv" <(cat "$DATA/region/contacts.csv") --format json || return 1
    json "d['input']['contacts'] == 12" || return 1
    SN_TIMEOUT=20 sn 0 analyze <(cat "$DATA/region/actors.csv") <(cat "$DATA/region/contacts.csv") --format json || return 1
    json "d['input']['actors'] == 6 and d['input']['contacts'] == 12" || return 1
    cat "$DATA/region/contacts.csv" >"$SCRATCH/fifo.csv" & # one pipe named twice: read once
    writer=$!
    SN_TIMEOUT=20 sn 0 analyze --actors "$DATA/region/actors.csv" "$SCRATCH/fifo.csv" "$SCRATCH/fifo.csv" --format json
    rc=$?
    kill "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
    [ $rc = 0 ] && json "d['input']['contacts'] == 12" && err_has "(the same path)"
}

# A device is refused at once with its name; /dev/null is empty input; a pipe
# inside a folder is noted and never opened.
t_files_devices() {
    local t0 ms d="$SCRATCH/fifodir"
    t0=$(date +%s%N)
    SN_TIMEOUT=10 sn 2 analyze /dev/zero || return 1
    ms=$((($(date +%s%N) - t0) / 1000000))
    err_has "/dev/zero: a device; expected a file, a folder or a pipe" || return 1
    [ "${SN_VALGRIND:-0}" = 1 ] || [ $ms -lt 1000 ] || { echo "/dev/zero was refused after ${ms}ms"; return 1; }
    SN_TIMEOUT=10 sn 2 analyze /dev/null && err_has "/dev/null:1:1: error: empty file" || return 1
    mkdir -p "$d" && cp "$DATA/region/actors.csv" "$DATA/region/contacts.csv" "$d/" && mkfifo "$d/pipe.csv" || return 1
    SN_TIMEOUT=10 sn 0 analyze "$d" --format json || return 1
    json "d['input']['contacts'] == 12" && err_has "$d/pipe.csv: note: skipped: not a regular file"
}

# ---- inert outputs ----
# Fixture data/hostile (JSONL, so the file itself is plain ASCII): 7 actors and
# 14 contacts whose ids, names, organisations, units, cases and meetings carry
# ESC sequences (title change, clear screen), CR, TAB, DEL, a C1 control (U+0085,
# U+009B), formulas (=HYPERLINK("x"), +cmd|' /C calc'!A0, @SUM(1), -2+3, =1+1),
# quotes, </script> and Norwegian letters. data/hostile-lenses: a lens whose
# title, labels, scopes and evidence carry the same, and one that fails with them.

# no_controls FILE: FILE is valid UTF-8 without C0 controls (newline aside), DEL or C1 controls.
no_controls() {
    "$SN_PY" - "$1" <<'EOF'
import re, sys
raw = open(sys.argv[1], "rb").read()
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    print("%s is not UTF-8: %s" % (sys.argv[1], e)); sys.exit(1)
m = re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", text)
if m:
    print("%s: raw control character %r: %r" % (sys.argv[1], m.group(), text[max(0, m.start() - 40):m.start() + 40]))
    sys.exit(1)
EOF
}

t_hostile_text() {
    local lang level
    for lang in en nb; do
        for level in actor unit organisation; do
            sn 0 analyze "$DATA/hostile" --window month --level "$level" --lang "$lang" --top 20 || return 1
            no_controls "$OUT" || return 1
            no_controls "$ERR" || return 1
        done
        sn 0 analyze "$DATA/hostile" --window month --lang "$lang" --top 20 || return 1
        out_has '\x1b]0;pwned\x07Eve' || return 1
        out_has '\x1b[2JClear AS' || return 1
        out_has '\rsamnett 9.9 - col...' || return 1
        out_has 'Org\u0085C1\x7f' || return 1
        out_has 'Bjørn Ærlig Åse' || return 1
        out_has 'Tromsø kommune' || return 1
        out_has '"Quoted", Org' || return 1
    done
    # the columns still line up: every row of the top table is as wide as its header (in characters)
    "$SN_PY" - "$OUT" <<'EOF' || return 1
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = next(k for k, l in enumerate(lines) if l.startswith("  #   "))
rows = lines[i:i + 8]
if len({len(l) for l in rows}) != 1:
    print("top table columns do not line up:\n" + "\n".join(rows)); sys.exit(1)
EOF
}

t_hostile_lens() {
    local lenses=(--lens "$DATA/hostile-lenses/hostile_text.lua" --lens "$DATA/hostile-lenses/hostile_error.lua")
    for lang in en nb; do
        sn 1 analyze "$DATA/hostile" --lang "$lang" "${lenses[@]}" || return 1
        no_controls "$OUT" || return 1
        no_controls "$ERR" || return 1
    done
    sn 1 analyze "$DATA/hostile" "${lenses[@]}" || return 1
    out_has 'Hostile \x1b]0;title\x07text (hostile_text)' || return 1
    out_has '\x1b[31mred\x1b[0m: line one\rsamnett 9.9 - faked\nsecond \u0085 line' || return 1
    out_has 'failed: ' || return 1
    out_has '\x1b[2J\x1b[Hsamnett report\rfaked: all is well\x7f' || return 1
    err_has '\x1b[2J\x1b[Hsamnett report\rfaked: all is well\x7f' || return 1
    # the lens tools show titles and errors escaped too
    sn 0 lens list --lens-path "$DATA/hostile-lenses" || return 1
    no_controls "$OUT" && out_has 'Hostile \x1b]0;title\x07text' || return 1
    sn 0 lens check "$DATA/hostile-lenses/hostile_text.lua" || return 1
    no_controls "$OUT" && out_has 'Hostile \x1b]0;title\x07text' || return 1
    # JSON keeps the lens text exactly as the lens gave it
    sn 0 analyze "$DATA/hostile" --lens "$DATA/hostile-lenses/hostile_text.lua" --format json || return 1
    json "d['lenses'][0]['title']['en'] == 'Hostile \x1b]0;title\x07text' and d['lenses'][0]['findings'][0]['evidence']['en'] == 'line one\rsamnett 9.9 - faked\nsecond \x85 line'" || return 1
}

# The fixture's actors by id, as written in data/hostile/actors.jsonl, with the
# surrounding white space of ids trimmed as ingest does ("cr\r", "\ttab").
HOSTILE_ACTORS="{a['id'].strip(): a for a in map(__import__('json').loads, open('$DATA/hostile/actors.jsonl', encoding='utf-8'))}"

t_hostile_json() {
    sn 0 analyze "$DATA/hostile" --window month --window-metrics all --format json || return 1
    json "len(d['actors']) == 7 and all(a[k] == $HOSTILE_ACTORS[a['id']][k] for a in d['actors'] for k in ('name', 'organisation', 'unit'))" || return 1
    json "sorted(a['id'] for a in d['actors']) == sorted($HOSTILE_ACTORS)" || return 1
    json "sorted(x['id'] for w in d['temporal']['windows'] for x in w['actors']) and set(a['id'] for a in d['temporal']['actors']) == set($HOSTILE_ACTORS)" || return 1
    json "sorted(d['silo']['organisation']['matrix']['groups']) == sorted(set(a['organisation'] for a in $HOSTILE_ACTORS.values()))" || return 1
    json "[c['id'] for c in d['meetings']['series']] == ['=m1'] and d['cases']['cases'] == 4" || return 1
}

t_hostile_csv() {
    sn 0 analyze "$DATA/hostile" --window month --window-metrics all --format csv --output "$SCRATCH/hostile" || return 1
    sn 0 analyze "$DATA/hostile" --window month --window-metrics all --format json || return 1
    "$SN_PY" - "$SCRATCH/hostile" "$OUT" "$DATA/hostile/actors.jsonl" <<'EOF' || return 1
import csv, glob, json, os, re, sys
folder, report, fixture = sys.argv[1:4]
tables = sorted(glob.glob(os.path.join(folder, "*.csv")))
want = {"actors.csv", "groups.csv", "brokerage.csv", "contact_matrix.csv", "cases.csv", "co_serving.csv",
        "meetings.csv", "meeting_series.csv", "windows.csv", "window_actors.csv", "temporal_ties.csv",
        "temporal_actors.csv", "temporal_pairs.csv", "change_points.csv"}
missing = want - {os.path.basename(t) for t in tables}
if missing:
    print("tables missing: %s" % sorted(missing)); sys.exit(1)
number = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
negatives = 0
for t in tables:
    with open(t, encoding="utf-8", newline="") as f:
        for r, row in enumerate(csv.reader(f)):
            for c, cell in enumerate(row):
                if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not number.match(cell)):
                    print("%s row %d column %d: formula trigger not neutralised: %r" % (os.path.basename(t), r + 1, c + 1, cell)); sys.exit(1)
                if cell[:1] == "-":
                    negatives += 1
if negatives == 0:
    print("no negative number seen: the check of numeric cells ran on nothing"); sys.exit(1)
def raw(cell):
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell
actors = {a["id"].strip(): a for a in map(json.loads, open(fixture, encoding="utf-8"))}
with open(os.path.join(folder, "actors.csv"), encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
got = {raw(r["id"]): {k: raw(r[k]) for k in ("name", "organisation", "unit")} for r in rows}
exp = {i: {k: a[k] for k in ("name", "organisation", "unit")} for i, a in actors.items()}
if got != exp:
    print("actors.csv without the leading ' differs from the fixture:\n%r\n%r" % (got, exp)); sys.exit(1)
prefixed = [r["id"] for r in rows if r["id"].startswith("'")]
if sorted(prefixed) != sorted(["'=HYPERLINK(\"x\")", "'-2+3"]):
    print("prefixed ids: %r" % prefixed); sys.exit(1)
# the numbers are the JSON report's, unchanged
d = json.load(open(report, encoding="utf-8"))
z = {a["id"]: a["brokerage"]["liaison"]["z"] for a in d["actors"]}
for r in rows:
    x = r["brokerage_liaison_z"]
    if (x == "") != (z[raw(r["id"])] is None) or (x and float(x) != z[raw(r["id"])]):
        print("brokerage_liaison_z of %r: %r, JSON %r" % (r["id"], x, z[raw(r["id"])])); sys.exit(1)
EOF
}

# Every report states what it was made from: the input files with their sizes
# and SHA-256 checksums (of the bytes as stored: compressed for gzip), checked
# against sha256sum and stat, the level, the time zone, the filters and the
# options that differ from their defaults.
t_provenance() {
    local d="$SCRATCH/prov"
    mkdir -p "$d" || return 1
    cp "$DATA/region/actors.csv" "$d/actors.csv" || return 1
    gzip -c "$DATA/region/contacts.csv" >"$d/contacts.csv.gz" || return 1
    local sa sc ba bc
    sa=$(sha256sum "$d/actors.csv" | cut -d' ' -f1)
    sc=$(sha256sum "$d/contacts.csv.gz" | cut -d' ' -f1)
    ba=$(stat -c %s "$d/actors.csv")
    bc=$(stat -c %s "$d/contacts.csv.gz")
    sn 0 analyze --format json --window quarter --level unit --max-rejected 5 "$d/actors.csv" "$d/contacts.csv.gz" || return 1
    json "(lambda p, f: len(f)==2 and f[0]['sha256']=='$sa' and f[0]['bytes']==$ba and not f[0]['compressed'] and f[1]['sha256']=='$sc' and f[1]['bytes']==$bc and f[1]['compressed'] and p['level']=='unit' and p['time_zone']=='Europe/Oslo' and p['filters']['window']=='quarter' and p['options']=={'--level': 'unit', '--window': 'quarter', '--max-rejected': '5'})(d['provenance'], d['provenance']['inputs'])" || return 1
    sn 0 analyze --format csv --output "$d/csv" "$d/actors.csv" "$d/contacts.csv.gz" || return 1
    OUT="$d/csv/provenance.csv"
    out_has "section,name,key,value" || return 1
    out_has "input,$d/contacts.csv.gz,sha256,$sc" || return 1
    out_has "input,$d/contacts.csv.gz,bytes,$bc" || return 1
    out_has "input,$d/contacts.csv.gz,compressed,true" || return 1
    out_has "network,,time_zone,Europe/Oslo" || return 1
    sn 0 analyze "$d/actors.csv" "$d/contacts.csv.gz" || return 1
    out_has "sha256 $sa" || return 1
    out_has "time zone                                Europe/Oslo" || return 1
    out_has "options (not default)                    none" || return 1
    sn 0 analyze --format html "$d/actors.csv" "$d/contacts.csv.gz" || return 1
    out_has "$sc" && out_has "m_checksums"
}

# Only a contacts file: the organisation measures are not meaningful, in text
# and CSV too, instead of a perfect silo of one group.
t_no_actors_file() {
    sn 0 analyze "$DATA/region/contacts.csv" || return 1
    out_has "  not meaningful: no actors file (organisations unknown)" || return 1
    sn 0 analyze --format csv --output "$SCRATCH/noact" "$DATA/region/contacts.csv" || return 1
    OUT="$SCRATCH/noact/provenance.csv"
    out_has "not_meaningful,organisation,reason,no actors file (organisations unknown)" || return 1
    [ "$(wc -l <"$SCRATCH/noact/groups.csv")" = 1 ] || { echo "groups.csv has groups"; return 1; }
}

# samnett watch applies --max-rejected to its first load: too many rejected
# rows stop it (exit 2), every row rejected stops it whatever the limit, an
# empty folder waits for its logs.
t_watch_max_rejected() {
    local d="$SCRATCH/wmr"
    mkdir -p "$d/logs" "$d/empty" || return 1
    printf 'time,from,to\n2024-03-01T12:00:00Z,h1,k1\nbad1,h1,k1\n2024-13-01,k1,h1\n' >"$d/logs/c.csv" || return 1
    sn 2 watch --once --logs "$d/logs" --actors "$DATA/region/actors.csv" --state "$d/a.db" || return 1
    err_has "samnett watch: 2 of 9 data rows rejected (22.2%), more than --max-rejected 10% (the default) allows" || return 1
    sn 0 watch --once --logs "$d/logs" --actors "$DATA/region/actors.csv" --state "$d/b.db" --max-rejected 50% || return 1
    printf 'time,from,to\nbad1,h1,k1\n' >"$d/logs/c.csv" || return 1
    sn 2 watch --once --logs "$d/logs" --actors "$DATA/region/actors.csv" --state "$d/c.db" --max-rejected 100% || return 1
    err_has "no contacts read: every contact row (1) was rejected" || return 1
    sn 0 watch --once --logs "$d/empty" --actors "$DATA/region/actors.csv" --state "$d/d.db"
}

# Keys and pseudonyms on data/privacy (6 actors with distinctive ids, names and
# notes, 5 cases, 2 meetings). samnett key new makes a private 32-byte key and
# never writes over one; one key gives the same actor and case pseudonyms on
# every run, which are HMAC-SHA256 as Python's hmac computes them; another key
# changes every one; no output or message holds a raw id, name, note, case or
# meeting id under shared, nor a raw case id under internal, nor ever the key;
# --remove takes a raw id under shared; a keyed watch's state holds none of
# them either, and analyze --store with the key gives the same pseudonyms.
t_privacy_keys() {
    local d="$SCRATCH/pk" P="$DATA/privacy" run
    mkdir -p "$d/logs" || return 1
    sn 0 key new "$d/k1" || return 1
    sn 0 key new "$d/k2" || return 1
    [ "$(stat -c '%a %s' "$d/k1")" = "600 32" ] || { echo "key new: $(stat -c '%a %s' "$d/k1"), expected mode 600 and 32 bytes"; return 1; }
    ! cmp -s "$d/k1" "$d/k2" || { echo "two new keys are the same"; return 1; }
    cp "$d/k1" "$d/k1.before" || return 1
    sn 2 key new "$d/k1" || return 1
    err_has "$d/k1: cannot create the key file" || return 1
    cmp -s "$d/k1" "$d/k1.before" || { echo "key new wrote over a key"; return 1; }
    for run in a b; do
        sn 0 analyze "$P" --privacy shared --pseudonym-key "$d/k1" --format json --output "$d/shared_k1$run.json" || return 1
        cp "$ERR" "$d/shared_k1$run.err" || return 1
        sn 0 analyze "$P" --privacy shared --pseudonym-key "$d/k1" --format csv --output "$d/shared_k1$run" || return 1
        cp "$ERR" "$d/shared_k1${run}_csv.err" || return 1
    done
    sn 0 analyze "$P" --privacy shared --pseudonym-key "$d/k2" --format json --output "$d/shared_k2.json" || return 1
    sn 0 analyze "$P" --privacy shared --pseudonym-key "$d/k2" --format csv --output "$d/shared_k2" || return 1
    sn 0 analyze "$P" --privacy shared --pseudonym-key "$d/k2" --output "$d/shared_k2.txt" || return 1
    sn 0 analyze "$P" --format json --output "$d/internal.json" || return 1
    sn 0 analyze "$P" --format csv --output "$d/internal" || return 1
    sn 0 analyze "$P" --privacy internal --pseudonym-key "$d/k1" --format csv --output "$d/internal_k1" || return 1
    # shared without a key: one-off pseudonyms, said once
    sn 0 analyze "$P" --privacy shared --format json --output "$d/shared_oneoff.json" || return 1
    err_has "one-off random key" || return 1
    [ "$(grep -c 'one-off' "$ERR")" = 1 ] || { echo "the one-off note is not said once"; return 1; }
    # --remove with a raw id under shared: the same removal as under internal
    sn 0 analyze "$P" --remove RAWID-KARI-4711 --format json --output "$d/remove_internal.json" || return 1
    sn 0 analyze "$P" --privacy shared --pseudonym-key "$d/k1" --remove RAWID-KARI-4711 --format json --output "$d/remove_shared.json" || return 1
    sn 2 analyze "$P" --privacy shared --pseudonym-key "$d/k1" --remove RAWID-NOBODY || return 1
    err_has "--remove: no node 'RAWID-NOBODY'" || return 1
    # the watch with a key, then its state read back with the key
    cp "$P/contacts.csv" "$d/logs/" || return 1
    sn 0 watch --once --logs "$d/logs" --actors "$P/actors.csv" --state "$d/w.db" --pseudonym-key "$d/k1" --out "$d/watch.json" --remove RAWID-KARI-4711 || return 1
    cp "$OUT" "$d/watch.out" && cp "$ERR" "$d/watch.err" || return 1
    sn 0 analyze --store "$d/w.db" --privacy shared --pseudonym-key "$d/k1" --format csv --output "$d/store_k1" || return 1
    cp "$ERR" "$d/store_k1.err" || return 1
    # a state is keyed or not, with one key: never mixed
    sn 2 watch --once --logs "$d/logs" --actors "$P/actors.csv" --state "$d/w.db" || return 1
    err_has "$d/w.db: the state holds pseudonyms made with a key (fingerprint k1-" || return 1
    cp "$ERR" "$d/mix1.err" || return 1
    sn 2 watch --once --logs "$d/logs" --actors "$P/actors.csv" --state "$d/w.db" --pseudonym-key "$d/k2" || return 1
    err_has "$d/w.db: the state holds pseudonyms made with another key" || return 1
    cp "$ERR" "$d/mix2.err" || return 1
    sn 0 watch --once --logs "$d/logs" --actors "$P/actors.csv" --state "$d/raw.db" --out "$d/raw_watch.json" --lens all || return 1
    cp "$OUT" "$d/raw_watch.out" || return 1
    sn 0 analyze --store "$d/raw.db" --format csv --output "$d/raw_store" || return 1
    sn 2 watch --once --logs "$d/logs" --actors "$P/actors.csv" --state "$d/raw.db" --pseudonym-key "$d/k1" || return 1
    err_has "$d/raw.db: the state holds raw ids (it was made without --pseudonym-key)" || return 1
    sn_has "$d/raw.db" RAWID-KARI-4711 || { echo "the unkeyed state should hold the raw ids"; return 1; }
    sn 2 watch --once --logs "$d/logs" --actors "$P/actors.csv" --state "$d/shared.db" --privacy shared || return 1
    err_has "--privacy shared needs --pseudonym-key FILE" || return 1
    "$SN_PY" - "$d" "$P" 2>&1 <<'EOF' || return 1
import csv, glob, hashlib, hmac, json, os, sqlite3, sys
d, P = sys.argv[1], sys.argv[2]
ALPHA = "0123456789abcdefghjkmnpqrstvwxyz"
def ps(key, ns, i):  # the pseudonym, computed here with Python's hmac
    n = int.from_bytes(hmac.new(key, (ns + ":" + i).encode(), hashlib.sha256).digest()[:16], "big") << 2
    return ns[0] + "-" + "".join(ALPHA[(n >> (5 * (25 - k))) & 31] for k in range(26))
k1, k2 = open(d + "/k1", "rb").read(), open(d + "/k2", "rb").read()
actors = list(csv.DictReader(open(P + "/actors.csv", encoding="utf-8")))
contacts = list(csv.DictReader(open(P + "/contacts.csv", encoding="utf-8")))
ids = [a["id"] for a in actors]
cases = sorted({c["case"] for c in contacts})
meetings = sorted({c["meeting"] for c in contacts if c["meeting"]})
raw = ids + [a["name"] for a in actors] + [a["notat"] for a in actors if a["notat"]] + cases + meetings
def files(*names):
    out = []
    for n in names:
        p = os.path.join(d, n)
        out += sorted(glob.glob(p + "/*")) if os.path.isdir(p) else [p]
    return out
def read(p):
    if p.endswith(".db"):
        con = sqlite3.connect(p)
        text = "\n".join(con.iterdump()).encode()
        con.close()
        return text + open(p, "rb").read()
    return open(p, "rb").read()
everything = [p for p in glob.glob(d + "/**", recursive=True)
              if os.path.isfile(p) and "/logs/" not in p and not os.path.basename(p).startswith("k")]
for p in everything:  # the key never, in any form
    if p.endswith((".db-wal", ".db-shm")):
        continue  # opening w.db here makes them; w.db itself is read
    b = read(p)
    for k in (k1, k2):
        for form in (k, k.hex().encode(), k.hex().upper().encode()):
            if form in b:
                sys.exit("%s holds a key" % p)
shared = files("shared_k1a.json", "shared_k1a.err", "shared_k1a", "shared_k1b.json", "shared_k2.json", "shared_k2",
               "shared_k2.txt", "shared_oneoff.json", "remove_shared.json", "watch.out", "watch.err", "watch.json",
               "w.db", "store_k1", "store_k1.err", "mix1.err", "mix2.err")
if len(shared) < 20:
    sys.exit("too few outputs: %d" % len(shared))
for p in shared:
    b = read(p)
    for r in raw:
        if r.encode() in b:
            sys.exit("%s holds the raw %r" % (p, r))
for p in files("internal.json", "internal", "internal_k1", "remove_internal.json", "raw_watch.json", "raw_watch.out",
               "raw_store"):
    for r in cases:
        if r.encode() in read(p):
            sys.exit("%s holds the raw case id %r" % (p, r))
def actor_ids(p):
    return sorted(a["id"] for a in json.load(open(p))["actors"])
def case_ids(p):
    return sorted(r["case"] for r in csv.DictReader(open(p + "/cases.csv", encoding="utf-8")))
want = sorted(ps(k1, "actor", i) for i in ids)
if actor_ids(d + "/shared_k1a.json") != want or actor_ids(d + "/shared_k1b.json") != want:
    sys.exit("the actor pseudonyms are not HMAC-SHA256 of actor:ID with k1, or not the same twice")
if (case_ids(d + "/shared_k1a") != sorted(ps(k1, "case", c) for c in cases)
        or case_ids(d + "/shared_k1b") != case_ids(d + "/shared_k1a")):
    sys.exit("the case pseudonyms are not HMAC-SHA256 of case:ID with k1, or not the same twice")
if set(actor_ids(d + "/shared_k2.json")) & set(want) or set(case_ids(d + "/shared_k2")) & set(case_ids(d + "/shared_k1a")):
    sys.exit("k2 gives some of k1's pseudonyms")
if actor_ids(d + "/shared_k2.json") != sorted(ps(k2, "actor", i) for i in ids):
    sys.exit("the k2 pseudonyms are wrong")
if case_ids(d + "/internal") != ["c-%d" % i for i in range(1, 6)]:
    sys.exit("internal without a key: cases %r, expected c-1 .. c-5" % case_ids(d + "/internal"))
# numbered in the order the file first names them: CASEID-ZZ-0001 .. 0005, rows i with i % 5 = 0 .. 4
sizes = {r["case"]: int(r["contacts"]) for r in csv.DictReader(open(d + "/internal/cases.csv", encoding="utf-8"))}
if [sizes["c-%d" % i] for i in range(1, 6)] != [4, 4, 4, 3, 3]:
    sys.exit("internal without a key: c-1 .. c-5 have %r contacts, expected 4 4 4 3 3" % sizes)
rwp = json.load(open(d + "/raw_watch.json")).get("provenance", {}).get("privacy", {})
if rwp.get("case_ids") != "pseudonymised":
    sys.exit("the unkeyed watch's report: provenance.privacy %r, expected case_ids pseudonymised "
             "(its state's salt)" % rwp)
if case_ids(d + "/raw_store") != case_ids(d + "/internal"):
    sys.exit("analyze --store of the unkeyed watch: cases %r" % case_ids(d + "/raw_store"))
if case_ids(d + "/internal_k1") != case_ids(d + "/shared_k1a"):
    sys.exit("internal with k1: not the case pseudonyms of shared with k1")
if sorted(a["id"] for a in csv.DictReader(open(d + "/internal_k1/actors.csv"))) != sorted(ids):
    sys.exit("internal with a key: the actor ids should stay")
ri, rs = json.load(open(d + "/remove_internal.json"))["removal"], json.load(open(d + "/remove_shared.json"))["removal"]
for k in ("reachable_pairs_before", "reachable_pairs_after", "ties_lost"):
    if ri[k] != rs[k]:
        sys.exit("--remove under shared: %s %r, internal %r" % (k, rs[k], ri[k]))
rw = json.load(open(d + "/watch.json"))["removal"]
for k in ("reachable_pairs_before", "reachable_pairs_after", "ties_lost"):
    if ri[k] != rw[k]:
        sys.exit("--remove in a keyed watch: %s %r, analyze %r" % (k, rw[k], ri[k]))
if ri["reachable_pairs_after"] >= ri["reachable_pairs_before"]:
    sys.exit("--remove removed nothing")
if case_ids(d + "/store_k1") != case_ids(d + "/shared_k1a"):
    sys.exit("analyze --store of the keyed watch: other case pseudonyms")
if sorted(r["id"] for r in csv.DictReader(open(d + "/store_k1/actors.csv"))) != want:
    sys.exit("analyze --store of the keyed watch: other actor pseudonyms")
EOF
}

# Messages on stderr name files and quote values from outside: both escaped.
t_hostile_messages() {
    local name=$'evil\e[2J\r.csv'
    mkdir -p "$SCRATCH/msgs" || return 1
    printf 'time,from,to\n2024-13-01,a,b\n2024-01-02,a,\xc3\n' >"$SCRATCH/msgs/$name"
    sn 2 analyze "$SCRATCH/msgs" || return 1 # every row rejected
    no_controls "$ERR" || return 1
    err_has 'evil\x1b[2J\r.csv:2:6: error: bad time' || return 1
}

# The streamed JSON report has exactly the layout of a jansson dump (indent 2,
# 17 significant digits): parse it and write it again by those rules, on the
# demo with every section (windows with their actors, cases, meetings, lenses).
t_json_stream_layout() {
    synth_available || { echo "SKIP synth not available"; return 2; }
    sn 0 analyze --demo --window quarter --window-metrics degree,pagerank --after 2020-06-01 --lens all --format json || return 1
    "$SN_PY" - "$OUT" <<'EOF' || return 1
import json, re, sys
raw = open(sys.argv[1], encoding="utf-8").read()
def num(x):
    s = "%.17g" % x
    if not re.search(r"[.eE]", s):
        s += ".0"
    return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", s)
def dump(v, depth):
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{\n" + ",\n".join(inner + json.dumps(k, ensure_ascii=False) + ": " + dump(x, depth + 1) for k, x in v.items()) + "\n" + pad + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[\n" + ",\n".join(inner + dump(x, depth + 1) for x in v) + "\n" + pad + "]"
    if isinstance(v, float):
        return num(v)
    return json.dumps(v, ensure_ascii=False)
again = dump(json.loads(raw), 0) + "\n"
if again != raw:
    i = next(k for k in range(min(len(raw), len(again))) if raw[k] != again[k])
    print("the report differs from its re-dump at byte %d: %r vs %r" % (i, raw[i - 60:i + 60], again[i - 60:i + 60])); sys.exit(1)
if '"windows"' not in raw or '"lenses"' not in raw:
    print("the demo report lacks windows or lenses"); sys.exit(1)
EOF
}

ALL_TESTS="version everyday help_main help_analyze help_synth unknown_command unknown_option
missing_option_argument no_input bad_option_values json_report text_report output_file
level_organisation level_unit filters folder_input stdin_input quiet synth_deterministic demo
silo_brokerage remove csv_tables cases demo_time output_device parallel_ingest"
ALL_TESTS="$ALL_TESTS periods"
ALL_TESTS="$ALL_TESTS files_links files_gz_twin files_unopened files_pipes files_devices"
# The lenses run while the report is written to --output: the file holds the
# report that stdout gets (no lens process writes its copy of the file's
# buffer, which valgrind's cleanup at a process's exit would flush).
t_output_lenses() {
    synth_available || { echo "SKIP synth not available"; return 2; }
    local lenses=(--lens all --lens-timeout 600)
    sn 0 analyze --demo "${lenses[@]}" --format json --output "$SCRATCH/report.json" || return 1
    out_empty || return 1
    sn 0 analyze --demo "${lenses[@]}" --format json || return 1
    "$SN_PY" - "$SCRATCH/report.json" "$OUT" <<'EOF' || return 1
import json, sys
def strip(x):  # the seconds a lens took, and PageRank's last digits, vary run to run
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k != "seconds"}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return round(x, 9) if isinstance(x, float) else x
a, b = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:])
if strip(a) != strip(b):
    sys.exit("the --output report differs from the one on stdout")
EOF
}

# The HTML report and the network files on the hostile fixture (under valgrind
# in CI): one data element with every <, > and & escaped, the names back
# exactly; a folder that is not there is an error that names it.
t_hostile_html() {
    sn 0 analyze "$DATA/hostile" --window month --lens all --format html --output "$SCRATCH/h.html" || return 1
    sn 0 analyze "$DATA/hostile" --window month --format gexf --output "$SCRATCH/h.gexf" || return 1
    sn 0 analyze "$DATA/hostile" --level unit --format graphml --output "$SCRATCH/h.graphml" || return 1
    "$SN_PY" - "$SCRATCH/h.html" "$DATA/hostile/actors.jsonl" <<'EOF' || return 1
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
if len(re.findall(r"<script\b", page)) != 3:
    sys.exit("expected three script elements")
data = re.findall(r'<script type="application/json" id="samnett-data">(.*?)</script>', page, re.S)
if len(data) != 1 or re.search(r"[<>&]", data[0]):
    sys.exit("the data element is missing, or holds a raw <, > or &")
d = json.loads(data[0])
actors = {a["id"].strip(): a for a in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
got = dict(zip(d["map"]["nodes"]["id"], d["map"]["nodes"]["name"]))
if got != {i: a["name"] for i, a in actors.items()}:
    sys.exit("names differ: %r" % got)
EOF
    sn 2 analyze "$DATA/hostile" --format html --output "$SCRATCH/missing/x.html" || return 1
    err_has "missing" || return 1
}

# GraphML and GEXF hold neither the case nor the meeting measures: without
# lenses they are not computed (their --timings seconds are exactly 0).
t_graph_files_no_case_measures() {
    synth_available || { echo "SKIP synth not available"; return 2; }
    local f
    for f in graphml gexf; do
        sn 0 analyze --demo --format "$f" --timings --output "$SCRATCH/d.$f" || return 1
        err_has "cases 0.000, meetings 0.000" || return 1
        grep -q "<node" "$SCRATCH/d.$f" || { echo "no nodes in the $f file"; return 1; }
    done
}

ALL_TESTS="$ALL_TESTS hostile_text hostile_lens hostile_json hostile_csv hostile_html hostile_messages json_stream_layout output_lenses"
ALL_TESTS="$ALL_TESTS graph_files_no_case_measures"
ALL_TESTS="$ALL_TESTS provenance no_actors_file watch_max_rejected privacy_keys"
TESTS=${*:-$ALL_TESTS}

cd "$SCRATCH" || exit 2
case " $TESTS " in
    *" synth_deterministic "* | *" demo "* | *" demo_time "*) synth_available ;; # probe once, here
esac
# shellcheck disable=SC2086
sn_run_tests cli "$SCRATCH" $TESTS
