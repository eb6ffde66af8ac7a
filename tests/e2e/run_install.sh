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
#     names (the whole archive linked in);
#   - installed with DESTDIR too, the manual page samnett.1 and the bash and
#     zsh completion are in share/man/man1, share/bash-completion/completions
#     and share/zsh/site-functions; the page renders with groff -ww and
#     man -l without a warning, is what `samnett help --man` prints, and has
#     every option of every --help and the environment variables; the
#     completion functions, called as the shells call them, offer the
#     commands, options, --format and --lang values and the lens names.
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

# ---- the manual page and the shell completion ----
# Installed with DESTDIR as a package would be: under the configured prefix.
DEST="$WORK/dest"
if ! DESTDIR="$DEST" cmake --install "$BUILD" >"$WORK/destdir.log" 2>&1; then
    fail destdir "DESTDIR=... cmake --install failed: $(tail -5 "$WORK/destdir.log")"
else
    CONF_PREFIX=$(sed -n 's/^CMAKE_INSTALL_PREFIX:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
    D="$DEST$CONF_PREFIX"
    MAN="$D/share/man/man1/samnett.1"
    BASHC="$D/share/bash-completion/completions/samnett"
    ZSHC="$D/share/zsh/site-functions/_samnett"
    missing=""
    for f in "$MAN" "$BASHC" "$ZSHC"; do
        [ -f "$f" ] || missing="$missing ${f#"$DEST"}"
    done
    if [ -n "$missing" ]; then
        fail destdir "not installed under DESTDIR:$missing"
    else
        ok destdir
    fi
fi
SN="$PREFIX/bin/samnett"

# the page renders without a warning (groff -ww: all warnings), and is the one
# samnett help --man prints (made from the --help texts)
if [ -f "${MAN:-}" ]; then
    if ! command -v groff >/dev/null; then
        fail man_render "groff is not installed (Debian: groff-base)"
    elif ! LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -rLL=200n "$MAN" >"$WORK/man.txt" 2>"$WORK/man.err" ||
        [ -s "$WORK/man.err" ]; then
        fail man_render "groff warns: $(head -5 "$WORK/man.err")"
    elif ! "$SN" help --man | cmp -s - "$MAN"; then
        fail man_render "the installed samnett.1 is not what samnett help --man prints"
    else
        ok man_render
    fi
    # every option and command of every --help, and the environment, are in the page
    sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g' "$WORK/man.txt" >"$WORK/man.plain"
    absent=""
    for cmd in "" analyze check reduce synth lens watch; do
        if [ -z "$cmd" ]; then "$SN" --help; else "$SN" "$cmd" --help; fi >"$WORK/help.txt" 2>&1
        for opt in $(grep -oE -- '(^|[ ,(])--?[A-Za-z][a-z0-9-]*' "$WORK/help.txt" | tr -d ' ,(' | sort -u); do
            grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" "$WORK/man.plain" || absent="$absent ${cmd:-samnett}:$opt"
        done
    done
    for word in SAMNETT_THREADS SAMNETT_PARALLEL_MIN_BYTES SAMNETT_LENS_PATH XDG_STATE_HOME TMPDIR \
        "EXIT STATUS" "samnett analyze" "samnett watch"; do
        grep -q -- "$word" "$WORK/man.plain" || absent="$absent '$word'"
    done
    if [ -n "$absent" ]; then
        fail man_options "in --help but not in the page:$absent"
    else
        ok man_options
    fi
    if command -v man >/dev/null && ! MANWIDTH=80 man -l "$MAN" >/dev/null 2>"$WORK/manl.err"; then
        fail man_l "man -l: $(head -3 "$WORK/manl.err")"
    elif command -v man >/dev/null && [ -s "$WORK/manl.err" ]; then
        fail man_l "man -l warns: $(head -3 "$WORK/manl.err")"
    else
        ok man_l
    fi
fi

# bash: source the completion, set COMP_WORDS and COMP_CWORD, call it, read COMPREPLY
bash_complete() { # WORD... (the last is the one completed): prints COMPREPLY, one a line
    bash --norc --noprofile -c '
        source "$1" || exit 3
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        _samnett samnett "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 4
        printf "%s\n" "${COMPREPLY[@]}"' bash "$BASHC" "$@"
}
if [ -f "${BASHC:-}" ]; then
    bad=""
    has() { # WANT WORD...: each of WANT (space-separated) among the completions of WORD...
        local want=$1 got w
        shift
        got=$(bash_complete "$@" 2>&1) || { bad="$bad [$*: exit $?: $got]"; return; }
        for w in $want; do
            grep -qx -- "$w" <<<"$got" || bad="$bad [$* lacks $w]"
        done
    }
    lacks() { # UNWANTED WORD...
        local no=$1 got
        shift
        got=$(bash_complete "$@" 2>&1)
        grep -qx -- "$no" <<<"$got" && bad="$bad [$* offers $no]"
    }
    has "analyze check reduce synth lens watch help" "$SN" ""
    has "analyze" "$SN" an
    lacks "check" "$SN" an
    has "--format --lens --lang --actors --window --store" "$SN" analyze --
    has "--logs --state --emit --once --lens" "$SN" watch --
    has "--scale --plant --output" "$SN" synth --
    lacks "--logs" "$SN" analyze --l
    lacks "--lens" "$SN" synth --l
    has "text json csv graphml gexf html" "$SN" analyze --format ""
    has "json" "$SN" analyze --format j
    has "en nb" "$SN" analyze --lang ""
    has "all reciprocity silo" "$SN" analyze --lens ""
    has "json-lines text" "$SN" watch --emit ""
    has "list new check test" "$SN" lens ""
    has "--man analyze" "$SN" help ""
    if [ -n "$bad" ]; then
        fail bash_completion "$bad"
    else
        ok bash_completion
    fi
fi

# zsh: the function with the completion system's compadd, _describe and _files
# stood in for (they need a line editor), given words and CURRENT as zsh does
if [ -f "${ZSHC:-}" ]; then
    if ! command -v zsh >/dev/null; then
        fail zsh_completion "zsh is not installed"
    elif ! zsh -n "$ZSHC" 2>"$WORK/zsh.err"; then
        fail zsh_completion "zsh -n: $(head -3 "$WORK/zsh.err")"
    else
        zsh_complete() { # WORD...: what the function offers for the last word
            zsh -fc '
                fpath=("$1" $fpath)
                shift
                autoload -U compinit && compinit -u -d "$TMPDIR/zcompdump" 2>/dev/null
                compadd() { local a; for a in "$@"; do [[ $a == -- ]] || print -r -- "$a"; done }
                _describe() { local a; for a in ${(P)${@[-1]}}; do print -r -- "${a%%:*}"; done }
                _files() { print -r -- "(files)" }
                words=("$@")
                CURRENT=$#
                PREFIX=${words[CURRENT]}
                autoload -Uz _samnett
                _samnett' zsh "$(dirname "$ZSHC")" "$@"
        }
        bad=""
        zhas() {
            local want=$1 got w
            shift
            got=$(TMPDIR="$WORK" zsh_complete "$@" 2>&1)
            for w in $want; do
                grep -qx -- "$w" <<<"$got" || bad="$bad [$* lacks $w]"
            done
        }
        zhas "analyze watch help --version" "$SN" ""
        zhas "--format --lens --store" "$SN" analyze --
        zhas "--logs --state --emit" "$SN" watch --
        zhas "text json csv graphml gexf html" "$SN" analyze --format ""
        zhas "all reciprocity" "$SN" analyze --lens ""
        zhas "list new check test" "$SN" lens ""
        zhas "(files)" "$SN" analyze --actors ""
        if [ -n "$bad" ]; then
            fail zsh_completion "$bad"
        else
            ok zsh_completion
        fi
    fi
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
