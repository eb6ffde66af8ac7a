# bash completion of samnett: the commands, each command's options (read from
# its own --help, `samnett help COMMAND`, so they follow the installed
# version), the values of --format, --lang, --level and other word options,
# the lens names (`samnett lens list`) and file names.
# Installed as share/bash-completion/completions/samnett.

# The samnett that is being completed: the word typed, else the one in PATH.
_samnett_bin() {
    local b=${COMP_WORDS[0]}
    b=${b/#\~/$HOME}
    if [[ $b == */* && -x $b ]]; then
        printf '%s' "$b"
    else
        printf 'samnett'
    fi
}

# The options of a command, from its --help.
_samnett_options() {
    "$(_samnett_bin)" help "$1" 2>/dev/null |
        grep -oE -- '(^|[ ,(])--[a-z][a-z0-9-]*' | tr -d ' ,(' | sort -u
}

_samnett() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local commands="analyze check reduce synth lens watch key sql help"
    COMPREPLY=()
    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "$commands --help --version -V" -- "$cur")
        return 0
    fi
    local cmd=${COMP_WORDS[1]} words=""
    case $prev in
    --format) [[ $cmd == reduce ]] && words="csv jsonl" || words="text json csv graphml gexf html" ;;
    --bucket) words="day week month quarter" ;;
    --lang) words="en nb" ;;
    --csv) words="plain excel" ;;
    --encoding) words="auto utf-8 windows-1252 iso-8859-1" ;;
    --timezone) words="Europe/Oslo UTC" ;;
    --level) words="actor unit organisation" ;;
    --demo-scale | --scale) words="small region national" ;;
    --tie-weight) words="contacts sum" ;;
    --path-weights) words="none inverse" ;;
    --meetings) words="rows project off" ;;
    --layout-grid) words="auto on off" ;;
    --emit) words="json-lines text" ;;
    --window) words="month quarter year 30d 2w" ;;
    --partition | --pairs-by) words="organisation type unit rank profession" ;;
    --plant) words="all all+ silo bridge learning_network one_way_shadowing parallel_work video_shift pingpong top_down" ;;
    --lens)
        words="all $("$(_samnett_bin)" lens list 2>/dev/null | awk '/^[^ ]/ { print $1 }')"
        ;;
    --privacy) words="internal shared" ;;
    --dialect) words="postgres duckdb spark trino" ;;
    --bucket) words="day week month quarter" ;;
    --lens-path | --dir | --logs)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return 0
        ;;
    --actors | --contacts | --store | --save-store | --ties | --state | --output | --out | --channel-map | --pseudonym-key)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return 0
        ;;
    esac
    if [[ -n $words ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
        return 0
    fi
    if [[ $cmd == help ]]; then
        mapfile -t COMPREPLY < <(compgen -W "analyze check reduce synth lens watch key sql --man" -- "$cur")
    elif [[ $cmd == lens && $COMP_CWORD == 2 && $cur != -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "list new check test" -- "$cur")
    elif [[ $cmd == key && $COMP_CWORD == 2 && $cur != -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "new" -- "$cur")
    elif [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_samnett_options "$cmd") --help" -- "$cur")
    else
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
}
complete -F _samnett samnett
