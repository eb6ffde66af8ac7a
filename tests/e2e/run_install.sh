#!/bin/bash
# run_install.sh BUILD_DIR TESTS_DIR
#
# samnett as a library, installed: `cmake --install BUILD_DIR` into a
# temporary prefix, then checks that
#   - the command, the bundled lenses, libsamnett_core.a, the engine's
#     headers (each include/samnett/*.h, and not the tools' headers) and
#     samnett.pc are there;
#   - each installed header compiles on its own with `pkg-config --cflags`;
#   - a small C program built with only what was installed,
#       cc $(pkg-config --cflags samnett) prog.c $(pkg-config --static --libs samnett)
#     reads tests/e2e/data/region and prints the actor, contact and tie
#     counts that awk computes from the same CSV files;
#   - every object of libsamnett_core.a links with the libraries samnett.pc
#     names (the whole archive linked in).
#
# CC is the compiler (default cc); SN_INSTALL_CFLAGS are added to every
# compile and link (a sanitizer build passes its -fsanitize flags, as its
# library needs their runtime). Prints `ok NAME` or `FAIL NAME: why`; exits 1
# when any check failed.
set -u
if [ $# -ne 2 ]; then
    echo "usage: $0 BUILD_DIR TESTS_DIR" >&2
    exit 2
fi
BUILD=$(cd "$1" 2>/dev/null && pwd) || { echo "$0: no folder $1" >&2; exit 2; }
TESTS=$(cd "$2" 2>/dev/null && pwd) || { echo "$0: no folder $2" >&2; exit 2; }
SRC=$(dirname "$TESTS")
CC=${CC:-cc}
read -r -a EXTRA <<<"${SN_INSTALL_CFLAGS:-}"
DATA="$TESTS/e2e/data/region"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PREFIX="$WORK/prefix"
failures=0
ok() { echo "ok $1"; }
fail() {
    echo "FAIL $1: $2"
    failures=$((failures + 1))
}

if ! cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log" 2>&1; then
    fail install "cmake --install failed: $(tail -5 "$WORK/install.log")"
    exit 1
fi
ok install

# ---- what is installed ----
missing=""
for f in bin/samnett lib/libsamnett_core.a lib/pkgconfig/samnett.pc \
    share/samnett/plugins/lenses/reciprocity.lua; do
    [ -f "$PREFIX/$f" ] || missing="$missing $f"
done
for h in "$SRC"/include/samnett/*.h; do
    [ -f "$PREFIX/include/samnett/$(basename "$h")" ] || missing="$missing include/samnett/$(basename "$h")"
done
if [ -n "$missing" ]; then
    fail files "not installed:$missing"
else
    ok files
fi
if [ -e "$PREFIX/include/samnett/tools" ] || [ -e "$PREFIX/lib/libsamnett_tools.a" ]; then
    fail engine_only "the tools' headers or library were installed"
else
    ok engine_only
fi
if "$PREFIX/bin/samnett" --version >"$WORK/version.out" 2>&1; then
    ok installed_command
else
    fail installed_command "$(cat "$WORK/version.out")"
fi

export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
if ! CFLAGS_SN=$(pkg-config --cflags samnett 2>"$WORK/pc.err") ||
    ! LIBS_SN=$(pkg-config --static --libs samnett 2>>"$WORK/pc.err"); then
    fail pkg_config "$(cat "$WORK/pc.err")"
    exit 1
fi
read -r -a CFLAGS_A <<<"$CFLAGS_SN"
read -r -a LIBS_A <<<"$LIBS_SN"
into_prefix=0
for a in "${LIBS_A[@]}"; do
    case $a in
        -L*) [ "$(readlink -f -- "${a#-L}")" = "$(readlink -f -- "$PREFIX/lib")" ] && into_prefix=1 ;;
    esac
done
if [ "$into_prefix" = 1 ]; then
    ok pkg_config
else
    fail pkg_config "--libs does not point into the prefix: $LIBS_SN"
fi

# ---- each header on its own ----
bad=""
for h in "$PREFIX"/include/samnett/*.h; do
    printf '#include <samnett/%s>\n' "$(basename "$h")" >"$WORK/one.c"
    if ! "$CC" -std=c11 -Wall -Wextra -Werror -fsyntax-only "${CFLAGS_A[@]}" "$WORK/one.c" \
        >"$WORK/one.err" 2>&1; then
        bad="$bad $(basename "$h") ($(head -1 "$WORK/one.err"))"
    fi
done
if [ -n "$bad" ]; then
    fail headers "do not compile alone:$bad"
else
    ok headers
fi

# ---- a program against the installed library ----
cat >"$WORK/prog.c" <<'EOF'
#include <samnett/analysis.h>
#include <samnett/ingest.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    sn_store s;
    sn_analysis an;
    sn_analysis_opts o;
    sn_err err = {0};
    sn_diag d;
    sn_source src[2] = {{argv[1], SN_INPUT_ACTORS}, {argv[2], SN_INPUT_CONTACTS}};
    sn_init();
    sn_diag_init(&d, stderr);
    sn_analysis_opts_init(&o);
    if (argc != 3 || sn_store_init(&s, &err) != SN_OK ||
        sn_ingest(&s, src, 2, NULL, &d, &err) != SN_OK || sn_analysis_run(&s, &o, &an, &err) != SN_OK)
        return fprintf(stderr, "prog: %s\n", err.msg), 1;
    printf("actors %zu contacts %zu ties %zu\n", s.n_actors, s.n, an.net.n_ties);
    sn_analysis_free(&an);
    sn_store_free(&s);
    return 0;
}
EOF
if ! "$CC" -std=c11 "${EXTRA[@]}" "${CFLAGS_A[@]}" "$WORK/prog.c" -o "$WORK/prog" "${LIBS_A[@]}" \
    >"$WORK/cc.err" 2>&1; then
    fail consumer_build "$(head -5 "$WORK/cc.err")"
else
    ok consumer_build
    # The expected counts, from the CSV files (no quoted fields there):
    # actors are the ids of actors.csv and of the contacts' two ends; ties
    # are the distinct ordered pairs of different actors.
    want=$(awk -F, 'FNR == 1 { next }
        FILENAME ~ /actors/ { id[$1] = 1; next }
        { id[$2] = 1; id[$3] = 1; n++; if ($2 != $3) tie[$2 SUBSEP $3] = 1 }
        END { a = 0; for (k in id) a++; t = 0; for (k in tie) t++
              printf "actors %d contacts %d ties %d\n", a, n, t }' \
        "$DATA/actors.csv" "$DATA/contacts.csv")
    if ! got=$("$WORK/prog" "$DATA/actors.csv" "$DATA/contacts.csv" 2>"$WORK/prog.err"); then
        fail consumer_run "exit status $?: $(head -5 "$WORK/prog.err")"
    elif [ "$got" != "$want" ]; then
        fail consumer_run "printed '$got', expected '$want'"
    else
        ok "consumer_run ($got)"
    fi
fi

# ---- the whole archive links with what samnett.pc names ----
printf 'int main(void)\n{\n    return 0;\n}\n' >"$WORK/all.c"
if "$CC" -std=c11 "${EXTRA[@]}" "$WORK/all.c" -o "$WORK/all" -Wl,--whole-archive \
    "$PREFIX/lib/libsamnett_core.a" -Wl,--no-whole-archive "${LIBS_A[@]}" >"$WORK/all.err" 2>&1; then
    ok whole_archive
else
    fail whole_archive "$(grep -m3 'undefined reference' "$WORK/all.err" || head -3 "$WORK/all.err")"
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all install checks passed"
