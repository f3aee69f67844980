#!/usr/bin/env bash
# examples.sh [--update] [BUILD_DIR]: every output block in README.md and
# docs/*.md is what its command prints from the bundled captures.
#
# An output block is the first fenced block after a line
#     <!-- output: COMMAND -->
# COMMAND runs with bash in a copy of the checkout's captures/ (its `tshark`
# being the plugin just built, as the other tests run it, with TZ=UTC).
# Without --update, any block that differs fails, with a diff; with --update,
# every block is rewritten in place (review the diff before committing).
# The blocks are Wireshark 4.0's output (Debian 12): other versions skip.
# Run by ctest (test `examples`); by hand after a build, from the checkout:
#     bash tests/examples.sh --update
set -euo pipefail
update=0
if [ "${1:-}" = --update ]; then
    update=1
    shift
fi
here=$(cd "$(dirname "$0")" && pwd)
: "${SIPDIAG_SOURCE_DIR:=$(dirname "$here")}"
if [ -z "${SIPDIAG_PLUGIN:-}" ]; then
    SIPDIAG_PLUGIN=$(ls "${1:-$SIPDIAG_SOURCE_DIR/build}"/plugins/*/epan/sipdiag.so 2>/dev/null | head -n1)
    [ -n "$SIPDIAG_PLUGIN" ] || { echo "no sipdiag.so under ${1:-build}/plugins: build first" >&2; exit 1; }
    SIPDIAG_WS_VERSION=$(basename "$(dirname "$(dirname "$SIPDIAG_PLUGIN")")")
fi
export SIPDIAG_PLUGIN SIPDIAG_WS_VERSION SIPDIAG_SOURCE_DIR
. "$here/lib.sh"
[ "$SIPDIAG_WS_VERSION" = 4.0 ] || skip "the output blocks are Wireshark 4.0's; this is $SIPDIAG_WS_VERSION"

work="$STAGE/work"
mkdir -p "$work"
cp -r "$SIPDIAG_SOURCE_DIR/captures" "$work/"
chmod -R a+rX "$work"
[ "$(id -u)" != 0 ] || chown 65534:65534 "$work" # tshark's user may write there

# The commands' tshark: the plugin just built, nothing installed, UTC.
tshark() {
    env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$STAGE/home" LANG=C.UTF-8 TZ=UTC \
        WIRESHARK_PLUGIN_DIR="$STAGE/plugins" "${AS_USER[@]}" tshark "$@"
}

# run_example COMMAND: its output, as a reader running it would see it.
run_example() {
    (cd "$work" && eval "$1") 2>"$STAGE/stderr" || fail "\"$1\" failed: $(cat "$STAGE/stderr")"
    [ ! -s "$STAGE/stderr" ] || fail "\"$1\" wrote to stderr: $(cat "$STAGE/stderr")"
}

# rewrite DOC OUT: DOC with every output block replaced by its command's output.
rewrite() {
    local doc=$1 out=$2 line command in_block=0 want_block=0
    : >"$out"
    while IFS= read -r line || [ -n "$line" ]; do
        if [ "$in_block" = 1 ]; then
            if [[ $line == '```'* ]]; then
                in_block=0
                printf '%s\n' "$line" >>"$out"
            fi
            continue
        fi
        printf '%s\n' "$line" >>"$out"
        if [[ $line =~ ^'<!-- output: '(.*)' -->'$ ]]; then
            command=${BASH_REMATCH[1]}
            want_block=1
        elif [ "$want_block" = 1 ] && [[ $line == '```'* ]]; then
            want_block=0
            in_block=1
            run_example "$command" >>"$out"
            blocks=$((blocks + 1))
        fi
    done <"$doc"
}

blocks=0
failed=0
for doc in "$SIPDIAG_SOURCE_DIR/README.md" "$SIPDIAG_SOURCE_DIR"/docs/*.md; do
    grep -q '^<!-- output: ' "$doc" || continue
    rewrite "$doc" "$STAGE/new.md"
    if [ "$update" = 1 ]; then
        cmp -s "$doc" "$STAGE/new.md" || { cp "$STAGE/new.md" "$doc"; echo "updated $doc"; }
    elif ! diff -u "$doc" "$STAGE/new.md"; then
        echo "FAIL: an output block in $doc is not what its command prints (bash tests/examples.sh --update)" >&2
        failed=1
    fi
done
[ "$blocks" -gt 0 ] || fail "no output blocks found"
[ "$failed" = 0 ] || exit 1
echo "$blocks output blocks match their commands"
