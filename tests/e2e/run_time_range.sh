#!/bin/bash
# run_time_range.sh SAMNETT_BINARY TESTS_DIR [TEST...]
#
# End-to-end checks of the plausible time range (--time-range): contact times
# outside it are kept, warned about once per file with the first one's place,
# and left out of windows and change points, which stay fast whatever the
# stray years. The data are written here: the actors of data/region and 360
# contacts from 2023-01-01 to 2023-06-29 (two a day, 09:00 and 14:00 UTC),
# with three mistyped years put in at fixed lines:
#   line 5   1600-03-01T10:00:00Z  k1 -> h1
#   line 10  0001-03-01T10:00:00Z  h1 -> k1
#   line 20  9999-03-01T10:00:00Z  g1 -> k2
# so contacts.csv has 363 contacts, 3 outside the default range 1970-01-01 ..
# ten years after today.
#
# SN_TIME_RANGE_LIMIT_MS (default 2000) bounds the first analysis (not under
# valgrind). SN_VALGRIND=1 runs every samnett call under valgrind memcheck. Prints
# `ok NAME` or `FAIL NAME: why` and a summary; exits 1 when any check failed.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
sn_e2e_start "$0" "$@"
shift 2
if [ "${SN_VALGRIND:-0}" = 1 ] && ! command -v valgrind >/dev/null; then
    echo "$0: SN_VALGRIND=1 but valgrind is not installed" >&2
    exit 2
fi
# Before the fix, one of these files took minutes to hours: a short limit
# turns a hang into a failure.
[ "${SN_VALGRIND:-0}" = 1 ] || SN_TIMEOUT=${SN_TIMEOUT_TIME_RANGE:-20}

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/samnett-time.XXXXXX")
trap 'rm -rf -- "$SCRATCH"' EXIT
OUT="$SCRATCH/out"
ERR="$SCRATCH/err"
IN=/dev/null

# The data set of the header comment, in $SCRATCH/odd.
make_data() {
    mkdir -p "$SCRATCH/odd"
    cp "$DATA/region/actors.csv" "$SCRATCH/odd/actors.csv"
    "$SN_PY" - "$SCRATCH/odd/contacts.csv" <<'EOF'
import datetime, sys
ids = ["k1", "k2", "c1", "h1", "h2", "g1"]
rows = []
day = datetime.date(2023, 1, 1)
for d in range(180):
    for h, k in ((9, d), (14, d + 1)):
        a, b = ids[k % 6], ids[(k + 1 + d % 5) % 6]
        if a == b:
            b = ids[(k + 2) % 6]
        rows.append("%sT%02d:00:00Z,%s,%s,phone" % (day.isoformat(), h, a, b))
    day += datetime.timedelta(days=1)
odd = {5: "1600-03-01T10:00:00Z,k1,h1,phone", 10: "0001-03-01T10:00:00Z,h1,k1,phone",
       20: "9999-03-01T10:00:00Z,g1,k2,phone"}
lines = ["time,from,to,channel"] + rows
for line_no in sorted(odd):
    lines.insert(line_no - 1, odd[line_no])
with open(sys.argv[1], "w") as f:
    f.write("\n".join(lines) + "\n")
EOF
}

# count_has N TEXT: TEXT appears on exactly N lines of stderr.
count_has() {
    local n
    n=$(LC_ALL=C grep -cF -e "$2" -- "$ERR")
    [ "$n" = "$1" ] && return 0
    echo "stderr has '$2' on $n lines, expected $1"; sn_show "$ERR" stderr; return 1
}

# ---- tests ----

# The years 1600, 1 and 9999 with monthly windows: fast, one warning naming
# the first row, the windows on 2023, the three counted and kept.
# (these cases count the calendar in UTC: --timezone UTC)
t_outlier_years() {
    local t0 t1
    t0=$(date +%s%N)
    sn 0 analyze "$SCRATCH/odd" --timezone UTC --window month || return 1
    t1=$(date +%s%N)
    local limit=${SN_TIME_RANGE_LIMIT_MS:-2000}
    if [ "${SN_VALGRIND:-0}" != 1 ] && [ $(((t1 - t0) / 1000000)) -ge "$limit" ]; then
        echo "took $(((t1 - t0) / 1000000)) ms, expected under $limit ms"; return 1
    fi
    count_has 1 "outside the plausible range" || return 1
    err_has "contacts.csv:5:1: warning: 3 contact times outside the plausible range 1970-01-01 .. " ||
        return 1
    err_has "(here: 1600-03-01T10:00:00Z); kept in the network" || return 1
    out_has "analysed period                          2023-01-01 .. 2023-06-29" || return 1
    out_has "left out                                 3 (contacts outside the plausible time range 1970-01-01 .. " ||
        return 1
    out_has "  2023-01  " || return 1
    out_has "  2023-06  " || return 1
    sn_has "$OUT" "  1600-" && { echo "a window in 1600"; sn_show "$OUT" stdout; return 1; }
    sn 0 analyze "$SCRATCH/odd" --timezone UTC --window month --format json || return 1
    json "d['network']['contacts'] == 363 and d['input']['contacts'] == 363" || return 1
    json "d['temporal']['contacts_outside_period'] == 3 and d['temporal']['contacts_stray'] == 0" || return 1
    json "d['temporal']['plausible_range']['start'] == '1970-01-01T00:00:00Z'" || return 1
    json "d['temporal']['period']['start'] == '2023-01-01T00:00:00Z' and d['temporal']['period']['end'] == '2023-06-30T00:00:00Z'" || return 1
    json "d['temporal']['windows'][0]['label'] == '2023-01' and len(d['temporal']['windows']) == 6" || return 1
    json "sum(w['contacts'] for w in d['temporal']['windows']) == 360 and d['temporal']['network']['contacts'] == 360" || return 1
    json "d['temporal']['change_point_method']['tested'] and d['temporal']['change_point_method']['days'] == 180" || return 1
}

# Daily windows, sliding windows and --after over the same data: the cut holds.
t_outlier_other_options() {
    sn 0 analyze "$SCRATCH/odd" --timezone UTC --window 1d --format json || return 1
    json "len(d['temporal']['windows']) == 180 and d['temporal']['contacts_outside_period'] == 3" || return 1
    sn 0 analyze "$SCRATCH/odd" --timezone UTC --window 30d --slide 7d --format json || return 1
    json "d['temporal']['windows'][0]['start'] == '2023-01-01T00:00:00Z'" || return 1
    sn 0 analyze "$SCRATCH/odd" --timezone UTC --after 2023-04-01 --format json || return 1
    json "d['temporal']['network']['contacts_before'] + d['temporal']['network']['contacts_after'] == 360" || return 1
    sn 0 analyze "$SCRATCH/odd" --timezone UTC --window quarter --baseline 2023-01-01..2023-03-31 --format json || return 1
    json "d['temporal']['baseline']['contacts'] == 180" || return 1
}

# The same file through the parallel reader and through check: one warning.
t_outlier_parallel_and_check() {
    SAMNETT_PARALLEL_MIN_BYTES=0 SAMNETT_THREADS=2 sn 0 analyze "$SCRATCH/odd" --window month || return 1
    count_has 1 "outside the plausible range" || return 1
    err_has "contacts.csv:5:1: warning: 3 contact times" || return 1
    sn 0 check "$SCRATCH/odd" || return 1
    count_has 1 "outside the plausible range" || return 1
    err_has "contacts.csv:5:1: warning: 3 contact times" || return 1
}

# Under --strict the warning stops with exit status 2, as every warning does.
t_outlier_strict() {
    sn 2 analyze "$SCRATCH/odd" --window month --strict || return 1
    err_has "contacts.csv:5:1: " || return 1
    err_has "outside the plausible range" || return 1
    sn 2 check "$SCRATCH/odd" --strict || return 1
    # a range that holds them all: no warning, exit 0
    sn 0 analyze "$SCRATCH/odd" --window year --strict --time-range 0001-01-01..9999-12-31 || return 1
    err_lacks "plausible" || return 1
}

# --time-range changes the range; an empty end keeps its default.
t_time_range_option() {
    sn 0 analyze "$SCRATCH/odd" --timezone UTC --window year --time-range 1500-01-01.. --format json || return 1
    count_has 1 "2 contact times outside the plausible range 1500-01-01 .. " || return 1
    err_has "contacts.csv:10:1: " || return 1
    json "d['temporal']['contacts_outside_period'] == 2 and d['temporal']['plausible_range']['start'] == '1500-01-01T00:00:00Z'" || return 1
    json "d['temporal']['windows'][0]['label'] == '1600'" || return 1
    sn 0 analyze "$SCRATCH/odd" --timezone UTC --window month --time-range ..2023-03-31 --format json || return 1
    count_has 1 "183 contact times outside the plausible range 1970-01-01 .. 2023-03-31" || return 1
    json "d['temporal']['plausible_range']['end'] == '2023-04-01T00:00:00Z' and d['temporal']['period']['end'] == '2023-04-01T00:00:00Z'" || return 1
    json "d['temporal']['contacts_outside_period'] == 183 and d['network']['contacts'] == 363" || return 1
    # epoch seconds (with '@') and full times are dates too
    sn 0 analyze "$SCRATCH/odd" --timezone UTC --window month --time-range @1672531200..2023-03-01T00:00:00Z --format json || return 1
    json "d['temporal']['plausible_range'] == {'start': '2023-01-01T00:00:00Z', 'end': '2023-03-01T00:00:00Z'}" || return 1
}

# A huge range with the stray years inside: windows are capped with a clear
# message, and change points are not tested over more than 200 years.
t_huge_range() {
    sn 2 analyze "$SCRATCH/odd" --window 1d --time-range 0001-01-01..9999-12-31 || return 1
    err_has "more than 40000 windows of 1d over 0001-03-01 .. 9999-03-01; expected a longer window or step, or a shorter period" ||
        return 1
    sn 0 analyze "$SCRATCH/odd" --after 2023-06-01 --time-range 0001-01-01..9999-12-31 || return 1
    out_has "change points not tested: the period has 3651695 days, more than 73050" || return 1
    sn 0 analyze "$SCRATCH/odd" --after 2023-06-01 --time-range 0001-01-01..9999-12-31 --format json || return 1
    json "not d['temporal']['change_point_method']['tested'] and d['temporal']['network']['change_points'] is None" || return 1
}

# Bad values: exit 2 with a message naming the option and what was expected.
t_time_range_errors() {
    local v
    for v in 2020 "2020-01-01...2021-01-01" "x..2020-01-01" "2020-01-01..2020-13-01" "2020-01-01..2021-01-01..2022-01-01"; do
        sn 2 analyze "$SCRATCH/odd" --time-range "$v" || return 1
        err_has "bad --time-range '$v'; expected " || return 1
        out_empty || return 1
    done
    sn 2 analyze "$SCRATCH/odd" --time-range 2030-01-01..2020-01-01 || return 1
    err_has "bad --time-range '2030-01-01..2020-01-01'; expected FROM before TO" || return 1
    sn 2 check "$SCRATCH/odd" --time-range 2020-01-01T00:00:00Z..2020-01-01T00:00:00Z || return 1
    err_has "expected FROM before TO" || return 1
    sn 2 analyze "$SCRATCH/odd" --time-range || return 1
    err_has "option '--time-range' needs a value" || return 1
    sn 0 analyze --help || return 1
    out_has "--time-range FROM..TO" || return 1
}

# One stray contact in range, years before a bulk of 1,000+: cut off as a stray.
t_stray_contact() {
    mkdir -p "$SCRATCH/stray"
    cp "$DATA/region/actors.csv" "$SCRATCH/stray/"
    { head -n 1 "$SCRATCH/odd/contacts.csv"
      echo "1970-01-01T00:00:00Z,k1,h1,phone"
      for i in 1 2 3; do grep '^2023' "$SCRATCH/odd/contacts.csv"; done; } >"$SCRATCH/stray/contacts.csv"
    sn 0 analyze "$SCRATCH/stray" --window month || return 1
    err_lacks "plausible" || return 1
    out_has "left out as strays                       1 (more than 365 days before or after the rest of the contacts)" ||
        return 1
    sn 0 analyze "$SCRATCH/stray" --window month --format json || return 1
    json "d['temporal']['contacts_stray'] == 1 and d['temporal']['contacts_outside_period'] == 1 and d['temporal']['windows'][0]['label'] == '2023-01'" ||
        return 1
    # --since fixes the start: nothing is cut there
    sn 0 analyze "$SCRATCH/stray" --window year --since 1970-01-01 --format json || return 1
    json "d['temporal']['contacts_stray'] == 0 and d['temporal']['windows'][0]['label'] == '1970' and len(d['temporal']['windows']) == 54" ||
        return 1
}

# Meeting series: the quarters after a series and its half-life end at the last
# contact inside the range, so a row in 9999 changes nothing (it added 32,000
# empty quarters to every series).
t_meeting_series() {
    mkdir -p "$SCRATCH/meet"
    cp "$DATA/region/actors.csv" "$SCRATCH/meet/"
    {
        echo "time,from,to,channel,meeting"
        for m in 01 02 03 04; do
            echo "2023-$m-10T10:00:00Z,k1,k2,meeting,m$m"
            echo "2023-$m-10T10:00:00Z,k1,h1,meeting,m$m"
            echo "2023-$m-10T10:00:00Z,k1,g1,meeting,m$m"
        done
        for d in 2023-05-02 2023-06-05 2023-07-03 2023-09-04 2023-12-01 2024-03-01 2024-09-02; do
            echo "${d}T09:00:00Z,k2,h1,phone,"
            echo "${d}T11:00:00Z,h1,g1,phone,"
        done
    } >"$SCRATCH/meet/contacts.csv"
    sn 0 analyze "$SCRATCH/meet" --format json || return 1
    cp "$OUT" "$SCRATCH/meet.json"
    json "len(d['meetings']['series']) == 1" || return 1
    echo "9999-01-01T09:00:00Z,k2,h1,phone," >>"$SCRATCH/meet/contacts.csv"
    sn 0 analyze "$SCRATCH/meet" --format json || return 1
    json "d['meetings'] == __import__('json').load(open('$SCRATCH/meet.json'))['meetings']" || return 1
}

ALL_TESTS="outlier_years outlier_other_options outlier_parallel_and_check outlier_strict
time_range_option huge_range time_range_errors stray_contact meeting_series"
TESTS=${*:-$ALL_TESTS}

make_data || { echo "$0: cannot write the test data" >&2; exit 2; }
# shellcheck disable=SC2086
sn_run_tests time-range "$SCRATCH" $TESTS
