#!/bin/bash
# run_bad_inputs.sh SAMNETT_BINARY BAD_DIR [CASE...]
#
# Runs the bad-input corpus: every folder NN-name in BAD_DIR is one case.
# Its `case` file (sourced by bash) sets:
#
#   args         arguments after `samnett analyze`, paths relative to the case
#                folder (shell words: quoting works)
#   command      optional: another samnett command than analyze (such as key)
#   exit         the expected exit status
#   expect       lines (one or more, newline-separated) that must each appear
#                verbatim in stderr: file:line:column: severity: message
#   forbid       optional lines that must NOT appear in stderr
#   stdin        optional file (relative to the case folder) fed to stdin;
#                /dev/null otherwise
#   setup        optional shell commands run in the case's scratch copy first
#                (to generate big, binary or compressed inputs at test time)
#   strict_exit  optional: the exit status with --strict added
#   strict_expect  optional lines that must appear in stderr under --strict
#   strict_forbid  optional lines that must NOT appear in stderr under --strict
#   json_check   optional python expression on `--format json` output (d);
#                that run must also exit with `exit`
#   max_rss_mb   optional: the plain run's peak resident memory must stay
#                below this many MiB (measured with /usr/bin/time; skipped
#                under valgrind and for a sanitizer build)
#
# Each case runs in a scratch copy of its folder. Besides the assertions above
# every run must be free of sanitizer reports, crashes and timeouts, and a run
# that exits 2 must print nothing on stdout (no half report).
#
# SN_VALGRIND=1 runs the binary under valgrind memcheck (use a build without
# sanitizers); a memcheck error or a definite/indirect leak fails the case.
#
# Prints `ok NN-name` or `FAIL NN-name: reason` per case and a summary; exits 1
# when any case failed, 2 on a usage error.
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 SAMNETT_BINARY BAD_DIR [CASE...]" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

SN_BIN=$(sn_resolve_bin "$1")
BAD_DIR=$(cd "$2" 2>/dev/null && pwd) || { echo "$0: no folder $2" >&2; exit 2; }
shift 2
if [ -z "$SN_BIN" ] || [ ! -x "$SN_BIN" ]; then
    echo "$0: $SN_BIN is not an executable" >&2
    exit 2
fi
if [ "${SN_VALGRIND:-0}" = 1 ] && ! command -v valgrind >/dev/null; then
    echo "$0: SN_VALGRIND=1 but valgrind is not installed" >&2
    exit 2
fi

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/samnett-bad.XXXXXX")
trap 'rm -rf -- "$SCRATCH"' EXIT

passed=0
failed=0
failed_names=""

# check_lines KIND FILE LINES: every non-empty line of LINES is in FILE (KIND
# = must) or none is (KIND = mustnot). Prints the first violation.
check_lines() {
    local kind=$1 file=$2 lines=$3 l
    while IFS= read -r l; do
        [ -n "$l" ] || continue
        if [ "$kind" = must ] && ! sn_has "$file" "$l"; then
            echo "stderr lacks: $l"
            return 1
        fi
        if [ "$kind" = mustnot ] && sn_has "$file" "$l"; then
            echo "stderr has (forbidden): $l"
            return 1
        fi
    done <<<"$lines"
    return 0
}

# run_case DIR: prints the failure reason and returns 1 on failure.
run_case() {
    local dir=$1 name
    name=$(basename "$dir")
    local args="" exit="" expect="" forbid="" stdin="" setup=""
    local strict_exit="" strict_expect="" strict_forbid="" json_check="" max_rss_mb=""
    local command=analyze
    if [ ! -f "$dir/case" ]; then
        echo "no case file"
        return 1
    fi
    # shellcheck disable=SC1091
    . "$dir/case" || { echo "cannot source the case file"; return 1; }
    if [ -z "$exit" ] || [ -z "$expect" ]; then
        echo "the case file must set exit and expect"
        return 1
    fi
    local work="$SCRATCH/$name"
    rm -rf -- "$work"
    mkdir -p -- "$work"
    cp -R -- "$dir/." "$work/"
    rm -f -- "$work/case"
    if [ -n "$setup" ]; then
        if ! (cd "$work" && eval "$setup") >"$SCRATCH/setup.log" 2>&1; then
            echo "setup failed: $(head -c 300 "$SCRATCH/setup.log")"
            return 1
        fi
    fi
    local in=/dev/null
    [ -n "$stdin" ] && in="$work/$stdin"
    local argv=()
    eval "argv=($args)"
    local out="$SCRATCH/out" err="$SCRATCH/err" why

    # 1. plain run
    (cd "$work" && sn_run "$in" "$out" "$err" "$command" "${argv[@]}"; exit "$SN_RC")
    SN_RC=$?
    if ! why=$(sn_sanity "$err"); then
        echo "$why"; sn_show "$err" stderr; return 1
    fi
    if [ "$SN_RC" != "$exit" ]; then
        echo "exit status $SN_RC, expected $exit"; sn_show "$err" stderr; return 1
    fi
    if ! why=$(check_lines must "$err" "$expect") ||
        ! why=$(check_lines mustnot "$err" "$forbid"); then
        echo "$why"; sn_show "$err" stderr; return 1
    fi
    if [ "$exit" = 2 ] && [ -s "$out" ]; then
        echo "exit status 2 but a report on stdout"; sn_show "$out" stdout; return 1
    fi

    # 1b. peak memory
    if [ -n "$max_rss_mb" ] && [ "${SN_VALGRIND:-0}" != 1 ] &&
        ! LC_ALL=C grep -q __asan_init "$SN_BIN"; then
        (cd "$work" && /usr/bin/time -f %M -o "$SCRATCH/rss" "$SN_BIN" analyze "${argv[@]}" \
            <"$in" >/dev/null 2>&1)
        local rss
        rss=$(tail -n 1 "$SCRATCH/rss")
        if ! [ "$rss" -le $((max_rss_mb * 1024)) ] 2>/dev/null; then
            echo "peak memory ${rss} KiB, expected at most ${max_rss_mb} MiB"
            return 1
        fi
    fi

    # 2. --strict
    if [ -n "$strict_exit" ]; then
        (cd "$work" && sn_run "$in" "$out" "$err" analyze --strict "${argv[@]}"; exit "$SN_RC")
        SN_RC=$?
        if ! why=$(sn_sanity "$err"); then
            echo "--strict: $why"; sn_show "$err" stderr; return 1
        fi
        if [ "$SN_RC" != "$strict_exit" ]; then
            echo "--strict: exit status $SN_RC, expected $strict_exit"; sn_show "$err" stderr
            return 1
        fi
        if ! why=$(check_lines must "$err" "$strict_expect") ||
            ! why=$(check_lines mustnot "$err" "$strict_forbid"); then
            echo "--strict: $why"; sn_show "$err" stderr; return 1
        fi
        if [ "$strict_exit" = 2 ] && [ -s "$out" ]; then
            echo "--strict: exit status 2 but a report on stdout"; sn_show "$out" stdout
            return 1
        fi
    fi

    # 3. --format json
    if [ -n "$json_check" ]; then
        (cd "$work" && sn_run "$in" "$out" "$err" analyze "${argv[@]}" --format json; exit "$SN_RC")
        SN_RC=$?
        if ! why=$(sn_sanity "$err"); then
            echo "--format json: $why"; sn_show "$err" stderr; return 1
        fi
        if [ "$SN_RC" != "$exit" ]; then
            echo "--format json: exit status $SN_RC, expected $exit"; sn_show "$err" stderr
            return 1
        fi
        if ! why=$(sn_json_check "$out" "$json_check"); then
            echo "--format json: $why"; return 1
        fi
    fi
    return 0
}

cases=()
if [ $# -gt 0 ]; then
    for c in "$@"; do cases+=("$BAD_DIR/$c"); done
else
    for c in "$BAD_DIR"/[0-9]*/; do
        [ -d "$c" ] && cases+=("${c%/}")
    done
fi
if [ ${#cases[@]} -eq 0 ]; then
    echo "$0: no cases in $BAD_DIR" >&2
    exit 1
fi

mode=""
[ "${SN_VALGRIND:-0}" = 1 ] && mode=" (valgrind)"
start=$SECONDS
for c in "${cases[@]}"; do
    name=$(basename "$c")
    if reason=$(run_case "$c"); then
        echo "ok $name"
        passed=$((passed + 1))
    else
        first=${reason%%$'\n'*}
        echo "FAIL $name: $first"
        [ "$first" != "$reason" ] && printf '%s\n' "${reason#*$'\n'}"
        failed=$((failed + 1))
        failed_names="$failed_names $name"
    fi
done
echo "bad inputs$mode: $passed passed, $failed failed, $((SECONDS - start))s"
if [ $failed -gt 0 ]; then
    echo "failed:$failed_names"
    exit 1
fi
exit 0
