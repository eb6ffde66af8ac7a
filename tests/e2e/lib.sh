# shellcheck shell=bash
# lib.sh - helpers shared by run_bad_inputs.sh and run_cli.sh (sourced, not run).
#
# Needs: bash, coreutils, gzip, /usr/bin/python3; valgrind when SN_VALGRIND=1.
#
# sn_run STDIN_FILE OUT_FILE ERR_FILE ARGS...
#   Runs "$SN_BIN ARGS..." with a time limit, stdin from STDIN_FILE, and sets
#   SN_RC to its exit status. Under SN_VALGRIND=1 the binary runs under
#   memcheck, whose errors (including definite and indirect leaks) give 99.
# sn_sanity ERR_FILE
#   Prints a reason and returns 1 when the run hit a sanitizer report (ASan,
#   LSan, UBSan: UBSan does not change the exit status), a memcheck error, a
#   timeout or a crash.

SN_TIMEOUT=${SN_TIMEOUT:-120}
SN_PY=/usr/bin/python3

sn_resolve_bin() {
    case $1 in
        */*) readlink -f -- "$1" ;;
        *) command -v -- "$1" ;;
    esac
}

# sn_e2e_start NAME BINARY TESTS_DIR: the runners' common start. Checks the
# arguments and sets SN_BIN, TESTS_DIR and DATA; the caller then shifts 2.
sn_e2e_start() {
    local me=$1
    shift
    if [ $# -lt 2 ]; then
        echo "usage: $me SAMNETT_BINARY TESTS_DIR [TEST...]" >&2
        exit 2
    fi
    SN_BIN=$(sn_resolve_bin "$1")
    TESTS_DIR=$(cd "$2" 2>/dev/null && pwd) || { echo "$me: no folder $2" >&2; exit 2; }
    DATA="$TESTS_DIR/e2e/data"
    if [ -z "$SN_BIN" ] || [ ! -x "$SN_BIN" ]; then
        echo "$me: $SN_BIN is not an executable" >&2
        exit 2
    fi
}

sn_run() {
    local in=$1 out=$2 err=$3
    shift 3
    if [ "${SN_VALGRIND:-0}" = 1 ]; then
        timeout "$SN_TIMEOUT" valgrind --quiet --leak-check=full \
            --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
            "$SN_BIN" "$@" <"$in" >"$out" 2>"$err"
    else
        timeout "$SN_TIMEOUT" "$SN_BIN" "$@" <"$in" >"$out" 2>"$err"
    fi
    SN_RC=$?
}

sn_sanity() {
    local err=$1
    if [ "$SN_RC" = 124 ]; then
        echo "timed out after ${SN_TIMEOUT}s"
        return 1
    fi
    if [ "$SN_RC" = 99 ] && [ "${SN_VALGRIND:-0}" = 1 ]; then
        echo "valgrind memcheck reported errors (exit 99)"
        return 1
    fi
    if [ "$SN_RC" -ge 128 ]; then
        echo "killed by signal $((SN_RC - 128))"
        return 1
    fi
    if LC_ALL=C grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$err"; then
        echo "sanitizer or valgrind report on stderr"
        return 1
    fi
    return 0
}

# sn_show FILE: the first lines of FILE, indented, for a failure report.
sn_show() {
    local f=$1 label=$2
    if [ -s "$f" ]; then
        echo "    --- $label ---"
        head -n 25 -- "$f" | LC_ALL=C cut -c1-300 | sed 's/^/    | /'
    else
        echo "    --- $label: (empty) ---"
    fi
}

# sn_has FILE TEXT: TEXT appears verbatim in FILE (bytes, no regex).
sn_has() {
    LC_ALL=C grep -qF -e "$2" -- "$1"
}

# sn_json_check FILE EXPR: EXPR (python, d = the parsed JSON) is true.
sn_json_check() {
    "$SN_PY" - "$1" "$2" <<'EOF'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
except Exception as e:
    print("output is not valid JSON: %s" % e)
    sys.exit(1)
try:
    ok = eval(sys.argv[2], {"d": d, "len": len, "set": set, "sorted": sorted, "any": any, "all": all})
except Exception as e:
    print("json_check raised %s: %s" % (type(e).__name__, e))
    sys.exit(1)
if not ok:
    print("json_check is false: %s" % sys.argv[2])
    sys.exit(1)
EOF
}

# sn_run_tests SUITE DIR NAME...: run the shell functions t_NAME one by one
# from DIR and print "ok NAME", "skip NAME: why" (the function printed
# "SKIP why" and returned 2) or "FAIL NAME: why", then a summary line. Returns
# 1 when any test failed.
sn_run_tests() {
    local suite=$1 dir=$2 t reason rc first mode=""
    shift 2
    local passed=0 failed=0 skipped=0 failed_names="" start=$SECONDS
    [ "${SN_VALGRIND:-0}" = 1 ] && mode=" (valgrind)"
    for t in "$@"; do
        cd "$dir" || return 1
        reason=$("t_$t")
        rc=$?
        if [ $rc = 0 ]; then
            echo "ok $t"
            passed=$((passed + 1))
        elif [ $rc = 2 ] && [ "${reason#SKIP }" != "$reason" ]; then
            echo "skip $t: ${reason#SKIP }"
            skipped=$((skipped + 1))
        else
            first=${reason%%$'\n'*}
            echo "FAIL $t: ${first:-failed without a reason}"
            [ "$first" != "$reason" ] && printf '%s\n' "${reason#*$'\n'}"
            failed=$((failed + 1))
            failed_names="$failed_names $t"
        fi
    done
    echo "$suite$mode: $passed passed, $failed failed, $skipped skipped, $((SECONDS - start))s"
    if [ $failed -gt 0 ]; then
        echo "failed:$failed_names"
        return 1
    fi
    return 0
}

# ---- assertions for the suites (each prints a reason and returns 1 on failure);
# they use the suite's $IN, $OUT and $ERR ----

# sn STATUS ARGS...: run samnett ARGS (stdin from $IN) and expect STATUS.
sn() {
    local want=$1 why
    shift
    sn_run "$IN" "$OUT" "$ERR" "$@"
    if ! why=$(sn_sanity "$ERR"); then
        echo "samnett $*: $why"; sn_show "$ERR" stderr; return 1
    fi
    if [ "$SN_RC" != "$want" ]; then
        echo "samnett $*: exit status $SN_RC, expected $want"; sn_show "$ERR" stderr
        sn_show "$OUT" stdout; return 1
    fi
    return 0
}
err_has() {
    sn_has "$ERR" "$1" && return 0
    echo "stderr lacks: $1"; sn_show "$ERR" stderr; return 1
}
err_lacks() {
    sn_has "$ERR" "$1" || return 0
    echo "stderr has: $1"; sn_show "$ERR" stderr; return 1
}
out_has() {
    sn_has "$OUT" "$1" && return 0
    echo "stdout lacks: $1"; sn_show "$OUT" stdout; return 1
}
out_empty() {
    [ -s "$OUT" ] || return 0
    echo "stdout is not empty"; sn_show "$OUT" stdout; return 1
}
# json EXPR [FILE]: the JSON report (stdout by default) satisfies EXPR (python, d).
json() {
    sn_json_check "${2:-$OUT}" "$1"
}
