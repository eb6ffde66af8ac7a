#!/bin/bash
# check_includes_selftest.sh SOURCE_DIR
#
# scripts/check-includes must fail on each forbidden include: copies of the
# tree with one deliberate upward include (a measure including the output
# stage), one sideways include (a measure including another measure), one
# private header of another folder, and one header the layer table does not
# list. Each copy must fail naming the file and line; the untouched copy must
# pass.
set -u
SRC=$(cd "${1:?usage: $0 SOURCE_DIR}" && pwd) || exit 2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

copy() {
    rm -rf "$TMP/t"
    mkdir -p "$TMP/t"
    cp -r "$SRC/core" "$SRC/include" "$SRC/ARCHITECTURE.md" "$TMP/t/"
}

# expect NAME FILE LINE_TEXT MESSAGE: add LINE_TEXT at the top of FILE, expect MESSAGE
expect() {
    local name=$1 file=$2 line=$3 want=$4
    copy
    sed -i "1i $line" "$TMP/t/$file"
    out=$("$SRC/scripts/check-includes" --root "$TMP/t" 2>&1)
    rc=$?
    if [ $rc != 1 ] || ! grep -qF "$file:1: $want" <<<"$out"; then
        echo "FAIL $name: exit $rc, expected \"$file:1: $want\" in:"
        echo "$out" | head -n 5
        fail=1
    else
        echo "ok $name"
    fi
}

copy
if ! "$SRC/scripts/check-includes" --root "$TMP/t" >/dev/null; then
    echo "FAIL clean: the untouched tree does not pass"
    "$SRC/scripts/check-includes" --root "$TMP/t" | head -n 5
    fail=1
else
    echo "ok clean"
fi
expect upward core/metrics/centrality.c '#include "samnett/output.h"' \
    'samnett/output.h: upward, metrics (rank 5) includes output (rank 10)'
expect upward_header include/samnett/net.h '#include "samnett/analysis.h"' \
    'samnett/analysis.h: upward, net (rank 4) includes analysis (rank 8)'
expect sideways core/cases/cases.c '#include "samnett/temporal.h"' \
    'samnett/temporal.h: sideways, cases and temporal are both rank 6'
expect private core/lens/host.c '#include "../metrics/paths.h"' \
    '../metrics/paths.h: a private header of core/metrics'
expect unknown core/net/view.c '#include "samnett/nowhere.h"' \
    'a public header the layer table does not list: samnett/nowhere.h'
exit $fail
