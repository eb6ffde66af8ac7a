#!/bin/bash
# run_watch.sh SAMNETT_BINARY TESTS_DIR [BROKEN_BINARY] [TEST...]
#
# End-to-end tests of `samnett watch`, driven by watch_driver.py (which
# documents each scenario): appends in random chunks that split lines and
# UTF-8 characters, rename and copy-truncate rotation, truncation, deletion,
# replacement under the same name, files that appear while the watcher is
# down, short files, rejected lines, the live loop (debounce, changes,
# SIGHUP, --poll), 24 kill -9s with restarts while writers work, SIGTERM
# during a large batch, the baseline line, the files count, the default state
# folder, lock files removed on exit and analyze --store's messages. Every run ends with the same checks: no contact lost
# or counted twice, and the final scores equal `samnett analyze` over the
# same contacts.
#
# BROKEN_BINARY is a build that commits a file's offset before its contacts
# (SAMNETT_WATCH_BREAK_COMMIT_ORDER); kill9_broken passes only when the
# kill -9 test catches it. Give "-" when there is none (that test skips).
#
# SN_VALGRIND=1 runs the --once runs under valgrind memcheck (use a build
# without sanitizers); the default test list is then valgrind_once only.
# SN_SEED fixes the random seed. Prints `ok NAME`, `skip NAME: why` or
# `FAIL NAME: why` and a summary; exits 1 when any test failed.
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 SAMNETT_BINARY TESTS_DIR [BROKEN_BINARY] [TEST...]" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

SN_BIN=$(sn_resolve_bin "$1")
shift 2
BROKEN=-
if [ $# -gt 0 ]; then
    BROKEN=$1
    shift
fi
if [ -z "$SN_BIN" ] || [ ! -x "$SN_BIN" ]; then
    echo "$0: $SN_BIN is not an executable" >&2
    exit 2
fi
DRIVER="$HERE/watch_driver.py"

ALL_TESTS="once_basic partial_lines rotate_rename rotate_copytruncate truncate delete_replace
appear_while_down short_files rejected_lines live poll changes_restart lens_labels kill9
kill9_broken sigterm_batch symlink_alias hard_link unopened_once unopened_live many_files
special_files baseline files_count default_state lock_removed store_messages windows_1252
privacy_shared"
if [ "${SN_VALGRIND:-0}" = 1 ]; then
    ALL_TESTS="valgrind_once"
fi
TESTS=${*:-$ALL_TESTS}

passed=0 failed=0 skipped=0 failed_names=""
start=$SECONDS
for t in $TESTS; do
    args=("$SN_BIN" "$t")
    [ "$BROKEN" != - ] && args+=(--broken "$BROKEN")
    reason=$(timeout 600 "$SN_PY" "$DRIVER" "${args[@]}" 2>"${TMPDIR:-/tmp}/watch-$t.$$.err")
    rc=$?
    if [ $rc = 0 ]; then
        note=$(tail -n 1 "${TMPDIR:-/tmp}/watch-$t.$$.err")
        echo "ok $t${note:+ ($note)}"
        passed=$((passed + 1))
    elif [ $rc = 2 ] && [ "${reason#SKIP }" != "$reason" ]; then
        echo "skip $t: ${reason#SKIP }"
        skipped=$((skipped + 1))
    else
        [ $rc = 124 ] && reason="timed out after 600s"
        first=${reason%%$'\n'*}
        echo "FAIL $t: ${first:-failed without a reason (exit $rc)}"
        [ "$first" != "$reason" ] && printf '%s\n' "${reason#*$'\n'}" | head -n 40
        sed 's/^/    | /' "${TMPDIR:-/tmp}/watch-$t.$$.err" | tail -n 20
        failed=$((failed + 1))
        failed_names="$failed_names $t"
    fi
    rm -f "${TMPDIR:-/tmp}/watch-$t.$$.err"
done
mode=""
[ "${SN_VALGRIND:-0}" = 1 ] && mode=" (valgrind)"
echo "watch$mode: $passed passed, $failed failed, $skipped skipped, $((SECONDS - start))s"
if [ $failed -gt 0 ]; then
    echo "failed:$failed_names"
    exit 1
fi
exit 0
