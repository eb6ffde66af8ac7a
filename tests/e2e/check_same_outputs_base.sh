#!/bin/bash
# check_same_outputs_base.sh SAMNETT_BINARY [BUILD_DIR]
#
# Builds the commit named in tests/e2e/same_outputs_base (the last one that
# changed the reports on purpose: moved forward with each such change, so
# that any other change that alters them is caught) from this repository's
# history into BUILD_DIR (default build/base), with the same build type, and
# runs check_same_outputs.sh against SAMNETT_BINARY. The reference is
# regenerated on every run, never stored. SN_SAME_SCALE=region compares the
# 2M-contact region too (slow).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=$(readlink -f -- "${1:?usage: $0 SAMNETT_BINARY [BUILD_DIR]}")
OUT=${2:-$ROOT/build/base}
BASE=$(cat "$HERE/same_outputs_base")
if ! git -C "$ROOT" cat-file -e "$BASE^{commit}" 2>/dev/null; then
    echo "check_same_outputs_base: commit $BASE is not in this clone's history" >&2
    exit 2
fi
if [ ! -x "$OUT/bin/samnett" ] || [ "$(cat "$OUT/commit" 2>/dev/null)" != "$BASE" ]; then
    rm -rf "$OUT"
    mkdir -p "$OUT/src"
    git -C "$ROOT" archive "$BASE" | tar -x -C "$OUT/src" || exit 2
    cmake -S "$OUT/src" -B "$OUT/bin" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
        >"$OUT/build.log" 2>&1 &&
        cmake --build "$OUT/bin" -j"$(nproc)" --target samnett >>"$OUT/build.log" 2>&1 || {
        tail -n 30 "$OUT/build.log"
        exit 2
    }
    echo "$BASE" >"$OUT/commit"
fi
exec "$HERE/check_same_outputs.sh" "$OUT/bin/samnett" "$BIN" "$OUT/work"
