#!/usr/bin/env bash
# run.sh [--slice N] [--jobs N] [--no-full]: sipdiag's performance benchmark.
#
# Measures tshark on two captures (tests/bench/make-captures.sh makes them,
# into the cache folder, when they are missing or out of date):
#   sip-large.pcap  200,006 SIP messages in 288,443 packets
#   non-sip.pcap    100,020 packets of HTTP/1.1 and DNS
# in five configurations:
#   without   no plugin at all (WIRESHARK_PLUGIN_DIR is an empty folder)
#   floor     the issue's floor: an empty post-dissector that asks for one
#             field (sip.Status-Code) and does nothing else, which makes tshark
#             build a tree for every packet (tests/bench/floor/floor.c);
#             sipdiag asks for no field (it listens on SIP's sip_follow tap)
#   minimum   what the brief's output costs by itself: a post-dissector that
#             finds responses as sipdiag does and gives each one sipdiag's
#             subtree of table texts, expert item and Info label, and reads
#             nothing else (tests/bench/minimum/minimum.c), with the sipdiag
#             command of the mode
#   with      sipdiag, with the sipdiag command of the mode
#   with/bc   sipdiag, with the baseline command (-Y and -T fields only)
#   disabled  sipdiag with --disable-protocol sipdiag, baseline command
# and three modes (the baseline cannot name sipdiag fields, so it uses the
# closest SIP equivalent):
#   read      tshark -r FILE
#   filter    -Y "sipdiag.class >= 4"        baseline: -Y "sip.Status-Code >= 400"
#   fields    -T fields -e sipdiag.code -e sipdiag.remedy
#                                             baseline: -T fields -e sip.Status-Code
# Figures:
#   - instructions per packet: valgrind --tool=callgrind on the first N
#     packets (--slice, default 10000; editcap -r), minus the same command on
#     the first packet alone (tshark's start-up), divided by N-1; with
#     tests/bench/fixed-seed.c preloaded, so that wmem's randomised hashing
#     does not make the counts vary from run to run;
#   - on the full files: wall time, CPU time and peak memory (max RSS,
#     /usr/bin/time -v) of one run each (--no-full skips them).
# --jobs: how many callgrind runs at a time (default 2; counts do not depend on it).
# Prints a markdown report and writes it to the cache folder's results.md.
#
# Environment:
#   SIPDIAG_PLUGIN     the sipdiag.so to measure (default build/plugins/<ws>/epan/sipdiag.so;
#                      run.sh builds nothing of sipdiag itself)
#   SIPDIAG_BENCH_DIR  the cache folder (default build/bench)
#
# Needs (Debian packages): tshark and wireshark-common (tshark, editcap,
# capinfos), valgrind, time (/usr/bin/time), util-linux (setpriv, when run as
# root), gcc, pkgconf and libwireshark-dev (to build the floor and minimum
# plugins), and
# python3 (to make the captures).  As root, tshark runs as nobody (uid 65534),
# because Wireshark ignores WIRESHARK_PLUGIN_DIR for root; see tests/lib.sh.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

SLICE=10000
JOBS=2
FULL=1

die() {
    echo "run.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case $1 in
    --slice) SLICE=${2:?--slice needs a number}; shift 2 ;;
    --jobs) JOBS=${2:?--jobs needs a number}; shift 2 ;;
    --no-full) FULL=0; shift ;;
    -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (usage: run.sh [--slice N] [--jobs N] [--no-full])" ;;
    esac
done
[[ $SLICE =~ ^[0-9]+$ && $SLICE -ge 100 ]] || die "--slice wants a number of packets >= 100"
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "--jobs wants a positive number"

# ------------------------------------------------------------ prerequisites

missing=()
while read -r cmd pkg; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd ($pkg)")
done <<'EOF'
tshark tshark
editcap wireshark-common
capinfos wireshark-common
valgrind valgrind
callgrind_annotate valgrind
gcc gcc
pkg-config pkgconf
python3 python3
EOF
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (time)")
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null 2>&1 || missing+=("setpriv (util-linux)")
fi
((${#missing[@]} == 0)) || die "missing: ${missing[*]}; install the Debian packages named in parentheses"
pkg-config --exists wireshark || die "pkg-config finds no wireshark (Debian package libwireshark-dev)"

TSHARK_VERSION=$(tshark --version 2>/dev/null | head -1)
WS_VERSION=$(echo "$TSHARK_VERSION" | awk '{ split($3, v, "."); print v[1] "." v[2] }')
[[ $WS_VERSION =~ ^[0-9]+\.[0-9]+$ ]] || die "cannot tell tshark's version from: $TSHARK_VERSION"

PLUGIN=${SIPDIAG_PLUGIN:-$ROOT/build/plugins/$WS_VERSION/epan/sipdiag.so}
[ -f "$PLUGIN" ] || die "no plugin at $PLUGIN (build it: cmake -S . -B build && cmake --build build; or set SIPDIAG_PLUGIN)"
OUT=${SIPDIAG_BENCH_DIR:-$ROOT/build/bench}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

log() { echo "[$(date +%T)] $*" >&2; }

# ----------------------------------------------------------------- captures

# Regenerated when missing or when the generator changed since.
STAMP=$(cat "$HERE/gen-captures.py" "$HERE/make-captures.sh" | sha256sum | cut -c1-16)
if [ ! -f "$OUT/sip-large.pcap" ] || [ ! -f "$OUT/non-sip.pcap" ] \
    || [ "$(cat "$OUT/captures.stamp" 2>/dev/null)" != "$STAMP" ]; then
    log "making the captures in $OUT"
    rm -f "$OUT/captures.stamp"
    "$HERE/make-captures.sh" "$OUT" >&2
    echo "$STAMP" >"$OUT/captures.stamp"
fi
CAPTURES=(sip-large non-sip)

# ------------------------------------------------------------------ staging

STAGE=$(mktemp -d /tmp/sipdiag-bench.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
chmod 755 "$STAGE"
mkdir -p "$STAGE/home" "$STAGE/in" "$STAGE/cg" "$STAGE/plugins-without" \
    "$STAGE/plugins-with/$WS_VERSION/epan" "$STAGE/plugins-floor/$WS_VERSION/epan" \
    "$STAGE/plugins-minimum/$WS_VERSION/epan"
cp "$PLUGIN" "$STAGE/plugins-with/$WS_VERSION/epan/sipdiag.so"

log "building the floor and minimum plugins and the fixed-seed shim"
mkdir -p "$OUT/floor"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
gcc -Wall -Wextra -shared -fPIC -O2 $(pkg-config --cflags wireshark) "$HERE/floor/floor.c" \
    -o "$OUT/floor/sipdiag_floor.so" $(pkg-config --libs wireshark)
cp "$OUT/floor/sipdiag_floor.so" "$STAGE/plugins-floor/$WS_VERSION/epan/"
# The minimum reads sipdiag's own code table, generated here as CMake does.
mkdir -p "$OUT/minimum"
gcc -Wall -Wextra -O2 "$ROOT/plugin/gen_table.c" -o "$OUT/minimum/gen_table"
"$OUT/minimum/gen_table" "$ROOT/data/sip-response-codes.tsv" "$OUT/minimum/sipdiag_codes.c" \
    sipdiag_codes nnssssss 699 sipdiag_table.h
# shellcheck disable=SC2046
gcc -Wall -Wextra -shared -fPIC -O2 -I"$ROOT/plugin" $(pkg-config --cflags wireshark) \
    "$HERE/minimum/minimum.c" "$OUT/minimum/sipdiag_codes.c" \
    -o "$OUT/minimum/sipdiag_minimum.so" $(pkg-config --libs wireshark)
cp "$OUT/minimum/sipdiag_minimum.so" "$STAGE/plugins-minimum/$WS_VERSION/epan/"
# shellcheck disable=SC2046
gcc -Wall -Wextra -shared -fPIC -O2 $(pkg-config --cflags glib-2.0) "$HERE/fixed-seed.c" \
    -o "$STAGE/fixed-seed.so" $(pkg-config --libs glib-2.0)

for c in "${CAPTURES[@]}"; do
    cp "$OUT/$c.pcap" "$STAGE/in/$c.full.pcap"
    editcap -r "$OUT/$c.pcap" "$STAGE/in/$c.slice.pcap" "1-$SLICE"
    editcap -r "$OUT/$c.pcap" "$STAGE/in/$c.one.pcap" 1
done
chmod -R a+rX "$STAGE"

if [ "$(id -u)" = 0 ]; then
    chown 65534:65534 "$STAGE/home" "$STAGE/cg"
    AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
    AS_USER=()
fi

# in_env PLUGIN_DIR CMD...: CMD in a clean environment, as nobody when root.
# PRELOAD (set for callgrind runs) is passed on as LD_PRELOAD.
in_env() {
    local plugin_dir=$1
    shift
    env -i PATH=/usr/bin:/bin HOME="$STAGE/home" LANG=C.UTF-8 \
        WIRESHARK_PLUGIN_DIR="$plugin_dir" ${PRELOAD:+LD_PRELOAD="$PRELOAD"} "${AS_USER[@]}" "$@"
}

# ------------------------------------------------------------------- cases

BASE_FILTER='sip.Status-Code >= 400'
SD_FILTER='sipdiag.class >= 4'
MODES=(read filter fields)
CONFIGS=(without floor minimum with with-bc disabled)

# case_args CONFIG MODE: sets PDIR (plugin folder) and ARGS (tshark options).
case_args() {
    local config=$1 mode=$2 cmd=base
    ARGS=()
    case $config in
    without) PDIR=$STAGE/plugins-without ;;
    floor) PDIR=$STAGE/plugins-floor ;;
    minimum) PDIR=$STAGE/plugins-minimum; cmd=sipdiag ;;
    with) PDIR=$STAGE/plugins-with; cmd=sipdiag ;;
    with-bc) PDIR=$STAGE/plugins-with ;;
    disabled) PDIR=$STAGE/plugins-with; ARGS=(--disable-protocol sipdiag) ;;
    esac
    case $mode/$cmd in
    read/*) ;;
    filter/base) ARGS+=(-Y "$BASE_FILTER") ;;
    filter/sipdiag) ARGS+=(-Y "$SD_FILTER") ;;
    fields/base | codeonly/base) ARGS+=(-T fields -e sip.Status-Code) ;;
    fields/sipdiag) ARGS+=(-T fields -e sipdiag.code -e sipdiag.remedy) ;;
    codeonly/sipdiag) ARGS+=(-T fields -e sipdiag.code) ;;
    esac
}

# applies CONFIG MODE: whether the pair is measured (with-bc = with in a plain
# read).  codeonly (callgrind only, for information) is the fields mode
# without the remedy column: what printing ~220 characters per response costs.
applies() {
    [ "$1/$2" != with-bc/read ] && { [ "$2" != codeonly ] || [ "$1" = with ] || [ "$1" = minimum ]; }
}

# --------------------------------------------------------- sanity checks

log "checking the staged plugins and the filters"
plugins_seen() {
    in_env "$1" tshark -G plugins 2>/dev/null | awk '{print $1}' | grep -E '^sipdiag' | sort | tr '\n' ' '
}
[ "$(plugins_seen "$STAGE/plugins-without")" = "" ] || die "the baseline loads a plugin"
[ "$(plugins_seen "$STAGE/plugins-with")" = "sipdiag.so " ] || die "sipdiag.so does not load"
[ "$(plugins_seen "$STAGE/plugins-floor")" = "sipdiag_floor.so " ] || die "the floor plugin does not load"
[ "$(plugins_seen "$STAGE/plugins-minimum")" = "sipdiag_minimum.so " ] || die "the minimum plugin does not load"
declare -A MATCHES
for c in "${CAPTURES[@]}"; do
    base=$(in_env "$STAGE/plugins-without" tshark -r "$STAGE/in/$c.slice.pcap" -Y "$BASE_FILTER" | wc -l)
    sd=$(in_env "$STAGE/plugins-with" tshark -r "$STAGE/in/$c.slice.pcap" -Y "$SD_FILTER" | wc -l)
    [ "$base" = "$sd" ] || die "$c slice: '$BASE_FILTER' matches $base frames, '$SD_FILTER' $sd"
    min=$(in_env "$STAGE/plugins-minimum" tshark -r "$STAGE/in/$c.slice.pcap" -Y "$SD_FILTER" | wc -l)
    [ "$base" = "$min" ] || die "$c slice: '$BASE_FILTER' matches $base frames, '$SD_FILTER' $min with the minimum"
    MATCHES[$c]=$base
done

# ------------------------------------------------------- callgrind (slices)

# cg_run NAME FILE CONFIG MODE: callgrind's instruction total for one run.
cg_run() {
    local name=$1 file=$2 config=$3 mode=$4
    case_args "$config" "$mode"
    # The fixed-seed shim makes wmem's hashing, and so the counts, repeatable.
    PRELOAD=$STAGE/fixed-seed.so in_env "$PDIR" valgrind --tool=callgrind --callgrind-out-file="$STAGE/cg/$name.out" \
        tshark -r "$file" "${ARGS[@]}" >/dev/null 2>"$STAGE/cg/$name.err" \
        || { cat "$STAGE/cg/$name.err" >&2; return 1; }
    awk '/^totals:/ { print $2 }' "$STAGE/cg/$name.out" >"$STAGE/cg/$name.ir"
}

cg_case() {
    local c=$1 config=$2 mode=$3
    cg_run "$c.$config.$mode.one" "$STAGE/in/$c.one.pcap" "$config" "$mode"
    cg_run "$c.$config.$mode.slice" "$STAGE/in/$c.slice.pcap" "$config" "$mode"
}

log "callgrind: ${#CAPTURES[@]} captures x 19 cases x 2 runs, $JOBS at a time (slice: $SLICE packets)"
running=0
failed=0
for c in "${CAPTURES[@]}"; do
    for mode in "${MODES[@]}" codeonly; do
        for config in "${CONFIGS[@]}"; do
            applies "$config" "$mode" || continue
            cg_case "$c" "$config" "$mode" &
            running=$((running + 1))
            if [ "$running" -ge "$JOBS" ]; then
                wait -n || failed=1
                running=$((running - 1))
            fi
        done
    done
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done
[ "$failed" = 0 ] || die "a callgrind run failed"
rm -rf "$OUT/callgrind"
mkdir -p "$OUT/callgrind"
cp "$STAGE/cg/"*.slice.out "$STAGE/cg/"*.ir "$OUT/callgrind/"

# per_packet CAPTURE CONFIG MODE: instructions per packet, start-up subtracted.
per_packet() {
    local one slice
    one=$(cat "$STAGE/cg/$1.$2.$3.one.ir")
    slice=$(cat "$STAGE/cg/$1.$2.$3.slice.ir")
    echo $(((slice - one) / (SLICE - 1)))
}

# ---------------------------------------------------- full files (time, RSS)

declare -A WALL CPU RSS
[ "$FULL" = 0 ] || log "full files: wall time, CPU time and peak memory, one run each"
[ "$FULL" = 0 ] || for c in "${CAPTURES[@]}"; do
    for mode in "${MODES[@]}"; do
        for config in "${CONFIGS[@]}"; do
            applies "$config" "$mode" || continue
            case_args "$config" "$mode"
            tv=$STAGE/time.$c.$config.$mode
            /usr/bin/time -v -o "$tv" env -i PATH=/usr/bin:/bin HOME="$STAGE/home" LANG=C.UTF-8 \
                WIRESHARK_PLUGIN_DIR="$PDIR" "${AS_USER[@]}" \
                tshark -r "$STAGE/in/$c.full.pcap" "${ARGS[@]}" >/dev/null 2>"$tv.err" \
                || { cat "$tv.err" >&2; die "tshark failed on $c ($config, $mode)"; }
            key=$c.$config.$mode
            WALL[$key]=$(awk -F': ' '/Elapsed \(wall clock\)/ {
                n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$tv")
            CPU[$key]=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$tv")
            RSS[$key]=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tv")
        done
    done
done

# ------------------------------------------------------------------- report

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", 100 * a / b }'; }
fmt() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

# sipdiag's own share: dissect_sipdiag inclusive, from the read slice, per packet.
own_share() {
    local f=$OUT/callgrind/$1.with.read.slice.out ir
    ir=$(callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null \
        | awk '/[:]dissect_sipdiag( |$)/ { gsub(",", "", $1); print $1; exit }')
    [ -n "$ir" ] || ir=0
    echo $((ir / SLICE))
}

# callees CAPTURE: "caller<TAB>callee<TAB>calls<TAB>Ir" for what dissect_sipdiag,
# annotate_response and record_messages (the first sight of a frame: finding
# its messages, parsing them, the context) call, in the plain read of the slice.
callees() {
    callgrind_annotate --inclusive=yes --tree=calling --threshold=100 \
        "$OUT/callgrind/$1.with.read.slice.out" 2>/dev/null | awk '
        /\*  / {
            cur = ""
            if (match($0, /:(dissect_sipdiag|annotate_response|record_messages[.a-z0-9]*)( \[|$)/)) {
                cur = substr($0, RSTART + 1, RLENGTH - 1)
                sub(/ \[$/, "", cur)
                sub(/[.].*/, "", cur)
            }
            next
        }
        /^ *$/ { cur = ""; next }
        cur != "" && />   / {
            ir = $1; gsub(",", "", ir)
            line = $0; sub(/.*>   [^:]*:/, "", line)
            name = line; sub(/ \(.*/, "", name)
            calls = line; sub(/^[^(]*\(/, "", calls); sub(/x\).*/, "", calls); gsub(",", "", calls)
            print cur "\t" name "\t" calls "\t" ir
        }'
}

# breakdown CAPTURE: the callees as a markdown table, per SIP response.
breakdown() {
    local rows responses total
    rows=$(callees "$1")
    responses=$(echo "$rows" | awk -F'\t' '$1 == "dissect_sipdiag" && $2 == "annotate_response" { print $3 }')
    total=$(echo "$rows" | awk -F'\t' '$1 == "dissect_sipdiag" { s += $4 } END { print s + 0 }')
    [ -n "$responses" ] && [ "$responses" -gt 0 ] || return 0
    echo "Plain read of the $1 slice ($(fmt "$responses") SIP responses): what dissect_sipdiag calls, inclusive,"
    echo "per response (what runs for every frame and every request, like record_messages, is spread over the responses):"
    echo
    echo "| called from | function | calls | Ir per response | share |"
    echo "|---|---|---:|---:|---:|"
    echo "$rows" | awk -F'\t' '$1 != "dissect_sipdiag"' | sort -t"$(printf '\t')" -k4,4nr \
        | while IFS=$'\t' read -r caller callee calls ir; do
            [ "$((ir * 1000 / total))" -ge 5 ] || continue
            echo "| $caller | $callee | $(fmt "$calls") | $(fmt $((ir / responses))) | $(pct "$ir" "$total") % |"
        done
    echo "| dissect_sipdiag | **all it calls** | | **$(fmt $((total / responses)))** | 100 % |"
    echo
}

verdict() { awk -v v="$1" -v max="$2" 'BEGIN { print (v <= max ? "PASS" : "FAIL") }'; }

report() {
    local c mode config
    echo "# sipdiag benchmark"
    echo
    echo "- tshark: $TSHARK_VERSION"
    echo "- plugin: \`$PLUGIN\` (sha256 $(sha256sum "$PLUGIN" | cut -c1-16))"
    echo "- captures (tests/bench/make-captures.sh): sip-large.pcap $(capinfos -c -M "$OUT/sip-large.pcap" | awk -F': *' '/Number of packets/ {print $2}') packets (200,006 SIP messages), non-sip.pcap $(capinfos -c -M "$OUT/non-sip.pcap" | awk -F': *' '/Number of packets/ {print $2}') packets (HTTP/1.1 + DNS)"
    echo "- instructions: \`valgrind --tool=callgrind\` on the first $SLICE packets (\`editcap -r\`), minus the same command on the first packet alone, divided by $((SLICE - 1)); GLib's g_random_int fixed by \`tests/bench/fixed-seed.c\` (LD_PRELOAD) so that wmem's hashing, and the counts, repeat"
    echo "- frames matched by the filters in the slices: sip-large ${MATCHES[sip-large]}, non-sip ${MATCHES[non-sip]} (baseline and sipdiag filters agree)"
    echo
    echo "Commands (\`tshark -r FILE ...\`, output to /dev/null):"
    echo
    echo "| mode | with and minimum (sipdiag command) | without, floor, with/bc, disabled (baseline command) |"
    echo "|---|---|---|"
    echo "| read | \`tshark -r FILE\` | \`tshark -r FILE\` |"
    echo "| filter | \`-Y \"$SD_FILTER\"\` | \`-Y \"$BASE_FILTER\"\` (the baseline cannot name sipdiag fields: closest equivalent) |"
    echo "| fields | \`-T fields -e sipdiag.code -e sipdiag.remedy\` | \`-T fields -e sip.Status-Code\` |"
    echo "| codeonly (with and minimum only, information) | \`-T fields -e sipdiag.code\` | |"
    echo
    echo "disabled adds \`--disable-protocol sipdiag\`; with/bc is sipdiag loaded and enabled, running the baseline command;"
    echo "minimum is \`tests/bench/minimum/minimum.c\`: the brief's output for every response (subtree of table texts, expert item, Info label) and nothing else."
    echo
    echo "## Instructions per packet (callgrind, start-up subtracted)"
    echo
    echo "| capture | mode | without | floor | minimum | with | with/bc | disabled | floor/without | minimum/without | with/without | with/bc/without | disabled/without |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for c in "${CAPTURES[@]}"; do
        for mode in "${MODES[@]}"; do
            local w f m s b d
            w=$(per_packet "$c" without "$mode")
            f=$(per_packet "$c" floor "$mode")
            m=$(per_packet "$c" minimum "$mode")
            s=$(per_packet "$c" with "$mode")
            d=$(per_packet "$c" disabled "$mode")
            if applies with-bc "$mode"; then
                b=$(per_packet "$c" with-bc "$mode")
                bp="$(pct "$b" "$w") %"
                b=$(fmt "$b")
            else
                b="= with"
                bp="= with"
            fi
            echo "| $c | $mode | $(fmt "$w") | $(fmt "$f") | $(fmt "$m") | $(fmt "$s") | $b | $(fmt "$d") | $(pct "$f" "$w") % | $(pct "$m" "$w") % | $(pct "$s" "$w") % | $bp | $(pct "$d" "$w") % |"
        done
    done
    echo
    echo "## Targets"
    echo
    echo "| capture | check | measured | target | verdict |"
    echo "|---|---|---:|---:|---|"
    for c in "${CAPTURES[@]}"; do
        local w f s d v
        w=$(per_packet "$c" without read)
        f=$(per_packet "$c" floor read)
        s=$(per_packet "$c" with read)
        v=$(awk -v s="$s" -v f="$f" -v w="$w" 'BEGIN { printf "%+.2f", 100 * (s - f) / w }')
        echo "| $c | read: with − floor (points of without) | $v | ≤ +2 | $(verdict "$v" 2) |"
        for mode in filter fields; do
            w=$(per_packet "$c" without "$mode")
            s=$(per_packet "$c" with "$mode")
            v=$(awk -v s="$s" -v w="$w" 'BEGIN { printf "%+.2f", 100 * (s - w) / w }')
            echo "| $c | $mode: with vs without (%) | $v | ≤ +3 | $(verdict "$v" 3) |"
        done
        w=$(per_packet "$c" without fields)
        s=$(per_packet "$c" with codeonly)
        v=$(awk -v s="$s" -v w="$w" 'BEGIN { printf "%+.2f", 100 * (s - w) / w }')
        echo "| $c | fields without the remedy column: with (\`-e sipdiag.code\`) vs without (%) (information) | $v | ≤ +3 | $(verdict "$v" 3) |"
        # What no implementation of the brief's output can go below.
        for mode in filter fields codeonly; do
            w=$(per_packet "$c" without "${mode/codeonly/fields}")
            s=$(per_packet "$c" minimum "$mode")
            v=$(awk -v s="$s" -v w="$w" 'BEGIN { printf "%+.2f", 100 * (s - w) / w }')
            echo "| $c | $mode: minimum (the brief's output alone) vs without (%) (information) | $v | ≤ +3 | $(verdict "$v" 3) |"
        done
        for mode in filter fields; do
            w=$(per_packet "$c" without "$mode")
            s=$(per_packet "$c" with-bc "$mode")
            v=$(awk -v s="$s" -v w="$w" 'BEGIN { printf "%+.2f", 100 * (s - w) / w }')
            echo "| $c | $mode: with/bc vs without (%), same command (information) | $v | ≤ +3 | $(verdict "$v" 3) |"
        done
        for mode in "${MODES[@]}"; do
            w=$(per_packet "$c" without "$mode")
            d=$(per_packet "$c" disabled "$mode")
            v=$(awk -v d="$d" -v w="$w" 'BEGIN { printf "%+.2f", 100 * (d - w) / w }')
            echo "| $c | $mode: disabled vs without (%) | $v | ≤ +0.5 | $(verdict "$v" 0.5) |"
        done
    done
    echo
    echo "## sipdiag's own code (dissect_sipdiag, inclusive)"
    echo
    echo "| capture | read: dissect_sipdiag Ir/packet | share of with | with − floor Ir/packet |"
    echo "|---|---:|---:|---:|"
    for c in "${CAPTURES[@]}"; do
        local own
        own=$(own_share "$c")
        s=$(per_packet "$c" with read)
        f=$(per_packet "$c" floor read)
        echo "| $c | $(fmt "$own") | $(pct "$own" "$s") % | $(fmt $((s - f))) |"
    done
    echo
    for c in "${CAPTURES[@]}"; do
        breakdown "$c"
    done
    echo "callgrind data of the slices: \`$OUT/callgrind/\` (e.g. \`callgrind_annotate --inclusive=yes $OUT/callgrind/sip-large.with.read.slice.out\`)"
    echo
    if [ "$FULL" = 1 ]; then
        echo "## Full files: wall time, CPU time, peak memory (one run each; other load on the machine shows in wall time)"
        echo
        echo "| capture | mode | config | wall s | CPU s | max RSS MiB | RSS vs without |"
        echo "|---|---|---|---:|---:|---:|---:|"
        for c in "${CAPTURES[@]}"; do
            for mode in "${MODES[@]}"; do
                for config in "${CONFIGS[@]}"; do
                    applies "$config" "$mode" || continue
                    local k=$c.$config.$mode
                    echo "| $c | $mode | $config | ${WALL[$k]} | ${CPU[$k]} | ${RSS[$k]} | $(pct "${RSS[$k]}" "${RSS[$c.without.$mode]}") % |"
                done
            done
        done
        echo
    fi
    echo "Benchmark run time: $((SECONDS / 60)) min $((SECONDS % 60)) s (--slice $SLICE --jobs $JOBS)."
}

report | tee "$OUT/results.md"
log "written $OUT/results.md"
