# setup.sh - shared by scripts/demo, scripts/test and scripts/bench (sourced).
#
# sn_need_packages PKG...   install missing Debian packages with apt-get
#                           (as root), or print the exact apt-get line.
# sn_build DIR [CMAKE ARGS] configure and build samnett into DIR.

SN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

SN_BUILD_PACKAGES=(cmake gcc make pkg-config libigraph-dev liblua5.4-dev libuv1-dev
    libcmocka-dev zlib1g-dev libjansson-dev libsqlite3-dev libutf8proc-dev libssl-dev libsodium-dev node-d3)

sn_need_packages() {
    local missing=() p
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local line="apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "samnett: missing Debian packages. Run as root:" >&2
        echo "  apt-get update && $line" >&2
        exit 1
    fi
    echo "samnett: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! $line >/dev/null; then
        apt-get update -qq >/dev/null
        $line >/dev/null
    fi
}

sn_build() {
    local dir="$1"
    shift
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S "$SN_ROOT" -B "$dir" "$@" >/dev/null
    fi
    cmake --build "$dir" -j"$(nproc)" -- --no-print-directory >/dev/null
}
