#!/bin/bash
# check_same_outputs.sh REFERENCE_BINARY SAMNETT_BINARY [WORK_DIR]
#
# Runs two samnett binaries over the same inputs and fails unless their text,
# JSON and CSV outputs are byte-identical. Used to show that a restructuring
# changed no behaviour: REFERENCE_BINARY is built from the commit before it
# (see check_same_outputs_base.sh). Of the CSV folders, the files the
# reference writes are compared; files that only the new binary writes (a
# table added since, such as ties.csv and network.csv) are listed, not
# compared. Masked: the JSON's "seconds" (wall-clock timings) and the folder of the bundled lenses (each build reads
# its own source tree's). The inputs: the demo region (text in
# English and bokmål, JSON with every lens and quarterly windows, CSV tables,
# other levels, channels, windows and removals), a generated small region
# written to files and read back, and a null region. SN_SAME_SCALE picks the
# written region's scale (default small; region is the 2M-contact one).
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 REFERENCE_BINARY SAMNETT_BINARY [WORK_DIR]" >&2
    exit 2
fi
REF=$(readlink -f -- "$1")
NEW=$(readlink -f -- "$2")
WORK=${3:-$(mktemp -d)}
mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd) || exit 2
SCALE=${SN_SAME_SCALE:-small}
for b in "$REF" "$NEW"; do
    if [ ! -x "$b" ]; then
        echo "$0: $b is not an executable" >&2
        exit 2
    fi
done
# One OpenMP thread: igraph's PageRank (PRPACK) sums in a thread-dependent
# order on large networks, so with more threads the same binary differs from
# itself in the 14th digit from run to run.
export OMP_NUM_THREADS=1

# The region data, written once by the reference binary and read by both.
if [ ! -f "$WORK/region-$SCALE/contacts.csv" ] && [ ! -d "$WORK/region-$SCALE" ]; then
    "$REF" synth --scale "$SCALE" --seed 7 --output "$WORK/region-$SCALE" >/dev/null || exit 2
fi
if [ ! -d "$WORK/null-small" ]; then
    "$REF" synth --scale small --seed 3 --null --output "$WORK/null-small" >/dev/null || exit 2
fi

# Each case: a name, then the arguments. "@OUT" is replaced by an output path.
cases=(
    "demo-text|analyze --demo"
    "demo-text-nb|analyze --demo --lang nb --top 7"
    "demo-json|analyze --demo --format json"
    "demo-json-lenses|analyze --demo --window quarter --lens all --format json"
    "demo-text-lenses|analyze --demo --window quarter --lens all"
    "demo-text-month|analyze --demo --window month --lang nb"
    "demo-org|analyze --demo --level organisation --channel phone --channel meeting"
    "demo-remove|analyze --demo --remove hf-b-samh-01,k02-adm-002 --top 3 --format json"
    "demo-csv|analyze --demo --format csv --output @OUT"
    "demo-csv-window|analyze --demo --window quarter --format csv --output @OUT"
    "region-text|analyze $WORK/region-$SCALE"
    "region-json|analyze $WORK/region-$SCALE --window quarter --format json"
    "region-lenses|analyze $WORK/region-$SCALE --lens all --format json"
    "region-csv|analyze $WORK/region-$SCALE --format csv --output @OUT"
    "null-json|analyze $WORK/null-small --window month --lens all --format json"
    "demo-lens-param|analyze --demo --lens ildsjel --param ildsjel.end=2020-12-01 --lang nb"
    "demo-lens-param-en|analyze --demo --lens ildsjel --lens equality --param ildsjel.end=2020-12-01"
    "demo-meetings|analyze --demo --meetings project"
    "lens-list|lens list"
)

mask() {
    # the lenses' wall-clock timings vary run to run; the bundled lenses are
    # read from each build's own source tree
    sed -E 's/("seconds": )[-0-9.e+]+/\1T/; s#[^" ]*/plugins/lenses/#PLUGINS/lenses/#g'
}

fail=0
for c in "${cases[@]}"; do
    name=${c%%|*}
    args=${c#*|}
    for side in ref new; do
        bin=$REF
        [ $side = new ] && bin=$NEW
        out="$WORK/$name.$side"
        rm -rf "$out" "$out.d"
        # shellcheck disable=SC2086
        a=${args//@OUT/$out.d}
        # shellcheck disable=SC2086
        (cd "$WORK" && "$bin" $a) >"$out.stdout" 2>"$out.stderr"
        echo "exit $?" >>"$out.stdout"
    done
    r="$WORK/$name.ref" n="$WORK/$name.new"
    if ! cmp -s <(mask <"$r.stdout") <(mask <"$n.stdout"); then
        echo "FAIL $name: standard output differs"
        diff <(mask <"$r.stdout") <(mask <"$n.stdout") | head -n 10
        fail=1
        continue
    fi
    if ! cmp -s "$r.stderr" "$n.stderr"; then
        echo "FAIL $name: standard error differs"
        diff "$r.stderr" "$n.stderr" | head -n 10
        fail=1
        continue
    fi
    if [ -d "$r.d" ] || [ -d "$n.d" ]; then
        # every file the reference wrote, byte for byte; files only the new
        # binary writes (tables added since) are named, not compared
        differ=0
        for f in $(cd "$r.d" 2>/dev/null && find . -type f | sort); do
            if ! cmp -s "$r.d/$f" "$n.d/$f"; then
                [ $differ = 0 ] && echo "FAIL $name: the written files differ"
                echo "  $f"
                differ=1
            fi
        done
        if [ $differ = 1 ] || [ ! -d "$n.d" ]; then
            [ $differ = 0 ] && echo "FAIL $name: no files written"
            fail=1
            continue
        fi
        added=$(cd "$n.d" && find . -type f | sort | while read -r f; do [ -e "$r.d/$f" ] || echo "${f#./}"; done | tr '\n' ' ')
        [ -n "$added" ] && echo "   $name: new files, not compared: $added"
    fi
    echo "ok $name ($(wc -c <"$n.stdout") bytes)"
done
exit $fail
