# Shared by sipdiag's shell tests: runs tshark with only the plugin just built.
#
# Wireshark ignores personal plugins and WIRESHARK_PLUGIN_DIR when it runs as
# root, and CI runs as root: tshark then runs as nobody (uid 65534) through
# setpriv, on copies in a world-readable staging folder, with an empty home so
# no installed plugin, preference or profile leaks in.
#
# Environment (set by ctest): SIPDIAG_PLUGIN (the built sipdiag.so),
# SIPDIAG_WS_VERSION (major.minor), SIPDIAG_SOURCE_DIR.
# SIPDIAG_UPDATE_EXPECTED=1 rewrites expected files instead of comparing
# (for a developer, who then reviews the diff line by line).

set -euo pipefail

: "${SIPDIAG_PLUGIN:?}" "${SIPDIAG_WS_VERSION:?}" "${SIPDIAG_SOURCE_DIR:?}"
SKIP=77

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

skip() {
    echo "SKIP: $*"
    exit "$SKIP"
}

STAGE=$(mktemp -d /tmp/sipdiag-test.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
chmod 755 "$STAGE"
mkdir -p "$STAGE/plugins/$SIPDIAG_WS_VERSION/epan" "$STAGE/home" "$STAGE/in"
cp "$SIPDIAG_PLUGIN" "$STAGE/plugins/$SIPDIAG_WS_VERSION/epan/sipdiag.so"
chmod -R a+rX "$STAGE"

if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed to run tshark unprivileged"
    chown 65534:65534 "$STAGE/home"
    AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
    AS_USER=()
fi

# A plugin built with SIPDIAG_SANITIZE=ON links the ASan runtime, which must come
# first in the process: tshark (not instrumented) then runs with it preloaded,
# and with every wmem allocation a malloc of its own, so ASan sees its bounds.
# Leaks are Wireshark's noise; any other report or UBSan error aborts tshark.
SANITIZER_ENV=()
if readelf -d "$SIPDIAG_PLUGIN" 2>/dev/null | grep 'NEEDED.*libasan' >/dev/null; then
    SANITIZER_ENV=(LD_PRELOAD="${SIPDIAG_ASAN_RUNTIME:-$(gcc -print-file-name=libasan.so)}"
                   ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
                   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
                   WIRESHARK_DEBUG_WMEM_OVERRIDE=simple G_SLICE=always-malloc)
fi

# tshark -G plugins and live captures run every extcap, which inherits
# LD_PRELOAD; with Debian 12's ASan runtime preloaded, androiddump then hangs at
# exit (freelocale in libp11-kit's destructor waits on glibc's locale lock
# forever). Nothing of sipdiag's is involved; those tests skip in that build.
skip_if_sanitized() {
    [ ${#SANITIZER_ENV[@]} = 0 ] || skip "$* runs extcaps, which hang with the ASan runtime preloaded"
}

# stage FILE: a copy tshark's user can read; prints its path.
stage() {
    local copy
    copy="$STAGE/in/$(basename "$1")"
    cp "$1" "$copy"
    chmod 644 "$copy"
    echo "$copy"
}

# tshark_env PLUGIN_DIR ARGS...: tshark in a clean environment.
tshark_env() {
    local plugin_dir=$1
    shift
    env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$STAGE/home" LANG=C.UTF-8 \
        WIRESHARK_PLUGIN_DIR="$plugin_dir" "${AS_USER[@]}" env "${SANITIZER_ENV[@]}" tshark "$@"
}

# With the plugin just built, and nothing else.
sd_tshark() {
    tshark_env "$STAGE/plugins" "$@"
}

# Without any plugin: tshark's own baseline.
bare_tshark() {
    mkdir -p "$STAGE/no-plugins"
    tshark_env "$STAGE/no-plugins" "$@"
}

# expect_file EXPECTED ACTUAL: compare, or rewrite when updating.
expect_file() {
    local expected=$1 actual=$2
    if [ "${SIPDIAG_UPDATE_EXPECTED:-0}" = 1 ]; then
        cp "$actual" "$expected"
        echo "updated $expected"
        return 0
    fi
    [ -f "$expected" ] || fail "no expected file $expected (create it with SIPDIAG_UPDATE_EXPECTED=1, then review it)"
    diff -u "$expected" "$actual" || fail "output differs from $expected"
}

# count_values FILE: number of non-empty, comma-separated values in a -T fields column.
count_values() {
    tr ',' '\n' <"$1" | grep -c . || true
}
