#!/usr/bin/env bash
# fuzz.sh [options] PLUGIN_SO CAPTURE...
#
# Fuzzes sipdiag the way Wireshark fuzzes its dissectors (tools/fuzz-test.sh):
# each pass, each capture gets random byte errors (editcap -E, a new seed for
# every file and pass, printed so any run can be repeated), and tshark -nVxr
# reads the result with the plugin loaded. Pass 0 reads the captures unchanged.
#
# Build the plugin with -DSIPDIAG_SANITIZE=ON: tshark itself is not
# instrumented, so it runs with the ASan runtime preloaded, as nobody, on a
# staged copy of the plugin (tests/lib.sh), and with Wireshark's debugging
# switches for fuzzing: every wmem allocation a malloc of its own (so ASan sees
# its bounds, as Wireshark's fuzzshark does) and an abort on any dissector bug.
#
# A failure is a sanitizer report with a sipdiag frame in it, or a crash
# (signal, exit code >= 128), a dissector bug or a hang (--timeout) that does
# not happen again when the same input is read without sipdiag. Reports and
# crashes that do happen without sipdiag are Wireshark's: kept and listed, but
# they do not fail the run. Leak detection is off (Wireshark's leaks are noise).
#
# Options:
#   --passes N      mutated passes (default 10; with --seconds, until time is up)
#   --seconds S     start no new run after S seconds of wall time (the run under
#                   way finishes, within --timeout)
#   --seed N        first seed (default random); run k of the campaign uses N+k
#   --error-prob P  editcap -E probability (default 0.02, as Wireshark's)
#   --two-pass      also read each mutated file with tshark -2 -nVxr
#   --timeout T     a single tshark run taking longer is a hang (default 60)
#   --keep DIR      where failing inputs and reports go
#                   (default /tmp/sipdiag-fuzz-DATE-PID, removed if left empty)
#   --keep-going    go on after a sipdiag failure (default: stop at the first)
#
# Exit status: 0 no failure, 1 a sipdiag failure, 2 usage or setup error.
#
# CI (a short campaign):
#   cmake -S . -B build-asan -DSIPDIAG_SANITIZE=ON && cmake --build build-asan
#   bash tests/fuzz.sh --seconds 180 build-asan/plugins/*/epan/sipdiag.so \
#       captures/*.pcapng captures/hostile/*.pcapng
set -euo pipefail

die() {
    echo "fuzz.sh: $*" >&2
    exit 2
}

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

passes=
seconds=
seed=
error_prob=0.02
two_pass=0
run_timeout=60
keep=
keep_going=0
while [ $# -gt 0 ]; do
    case $1 in
    --passes) passes=${2:?}; shift 2 ;;
    --seconds) seconds=${2:?}; shift 2 ;;
    --seed) seed=${2:?}; shift 2 ;;
    --error-prob) error_prob=${2:?}; shift 2 ;;
    --two-pass) two_pass=1; shift ;;
    --timeout) run_timeout=${2:?}; shift 2 ;;
    --keep) keep=${2:?}; shift 2 ;;
    --keep-going) keep_going=1; shift ;;
    -h | --help) usage ;;
    --) shift; break ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; usage ;;
    *) break ;;
    esac
done
[ $# -ge 2 ] || usage
for n in ${passes:+"$passes"} ${seconds:+"$seconds"} ${seed:+"$seed"} "$run_timeout"; do
    [[ $n =~ ^[0-9]+$ ]] || die "$n is not a whole number"
done
[ -n "$passes" ] || passes=$([ -n "$seconds" ] && echo -1 || echo 10)
[ -n "$seed" ] || seed=$(($(od -An -N3 -tu4 /dev/urandom)))
[ -f "$1" ] || die "no plugin $1"
for tool in tshark editcap capinfos gcc readelf timeout; do
    command -v "$tool" >/dev/null || die "$tool is needed"
done

SIPDIAG_PLUGIN=$(realpath "$1")
shift
SIPDIAG_WS_VERSION=$(tshark --version 2>/dev/null | sed -n '1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
SIPDIAG_SOURCE_DIR=$(realpath "$(dirname "$0")/..")
export SIPDIAG_PLUGIN SIPDIAG_WS_VERSION SIPDIAG_SOURCE_DIR
. "$(dirname "$0")/lib.sh"

captures=()
for capture in "$@"; do
    [ ! -e "$STAGE/in/$(basename "$capture")" ] || die "two captures named $(basename "$capture")"
    if capinfos "$capture" >/dev/null 2>&1; then
        captures+=("$(stage "$capture")")
    else
        echo "skipping $capture: not a capture file capinfos reads"
    fi
done
[ ${#captures[@]} -gt 0 ] || die "no valid capture"

# Always the preloaded ASan runtime, even for a plugin built without it.
SANITIZER_ENV=(LD_PRELOAD="${SIPDIAG_ASAN_RUNTIME:-$(gcc -print-file-name=libasan.so)}"
               ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:handle_abort=1
               UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
               WIRESHARK_DEBUG_WMEM_OVERRIDE=simple G_SLICE=always-malloc
               WIRESHARK_ABORT_ON_DISSECTOR_BUG=1)
[ -f "${SANITIZER_ENV[0]#LD_PRELOAD=}" ] || die "no ASan runtime at ${SANITIZER_ENV[0]#LD_PRELOAD=}"
readelf -d "$SIPDIAG_PLUGIN" | grep 'NEEDED.*libasan' >/dev/null ||
    echo "WARNING: $SIPDIAG_PLUGIN was not built with -DSIPDIAG_SANITIZE=ON: only crashes, hangs and dissector bugs can be caught"

sd_tshark -G fields 2>"$STAGE/load.err" | grep $'^P\tSIP Response Diagnostics\tsipdiag$' >/dev/null ||
    die "tshark did not load $SIPDIAG_PLUGIN: $(cat "$STAGE/load.err")"

if [ -z "$keep" ]; then
    keep="${TMPDIR:-/tmp}/sipdiag-fuzz-$(date +%Y%m%d-%H%M%S)-$$"
    remove_empty_keep=1
else
    remove_empty_keep=0
fi
mkdir -p "$keep" "$STAGE/no-plugins"
keep=$(realpath "$keep")
trap 'rm -rf "$STAGE"; [ "$remove_empty_keep" = 0 ] || rmdir "$keep" 2>/dev/null || true' EXIT
trap 'echo "interrupted"; interrupted=1' INT TERM HUP

tshark_args=("-nVxr")
[ "$two_pass" = 0 ] || tshark_args+=("-2 -nVxr")

# Lines from the first sanitizer report (or fatal message) on; empty if none.
sanitizer_report() {
    awk '/^==[0-9]+==|runtime error:|AddressSanitizer|UndefinedBehaviorSanitizer|Dissector bug/ { on = 1 }
         on' "$1"
}

# run_one PLUGIN_DIR ARGS FILE ERR: exit status of tshark ARGS FILE, stderr in ERR.
run_one() {
    local rc=0
    # shellcheck disable=SC2086 # ARGS is a word list on purpose
    # In a subshell, so that bash's own "Aborted" line does not clutter the log.
    (timeout -k 5 "$run_timeout" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$STAGE/home" \
        LANG=C.UTF-8 WIRESHARK_PLUGIN_DIR="$1" "${AS_USER[@]}" env "${SANITIZER_ENV[@]}" \
        tshark $2 "$3" >/dev/null 2>"$4"
     exit $?) 2>/dev/null || rc=$?
    return "$rc"
}

# bad RC ERR: whether a run ended badly (and how, on stdout).
bad() {
    local report
    report=$(sanitizer_report "$2")
    if [ "$1" = 124 ] || [ "$1" = 137 ]; then
        echo "hang (not done within ${run_timeout}s) or killed (exit $1)"
    elif grep -q 'ERROR: AddressSanitizer\|runtime error:' <<<"$report"; then
        echo "sanitizer report: $(grep -m1 'ERROR: AddressSanitizer\|runtime error:' <<<"$report" | cut -c1-160)"
    elif [ "$1" -ge 128 ]; then
        echo "crash (exit $1, signal $(($1 - 128)))${report:+: $(head -1 <<<"$report" | cut -c1-160)}"
    else
        return 1
    fi
}

runs=0
mutated=0
failures=0
wireshark_findings=0
interrupted=0
start=$SECONDS
printf 'sipdiag fuzz: %d capture(s), error probability %s, %s, first seed %d, tshark %s\n' \
    "${#captures[@]}" "$error_prob" \
    "$([ "$passes" -ge 0 ] && echo "$passes pass(es)" || echo "passes until time is up")" \
    "$seed" "$(printf '[%s] ' "${tshark_args[@]}")"
[ -z "$seconds" ] || echo "time limit: ${seconds}s"
echo "failing inputs go to $keep"

# judge CAPTURE INPUT PASS SEED: run every tshark variant on INPUT; 0 if all went well.
# A capture's file name without its extension, and the extension with its
# dot (empty when the name has none).  Read from the file name alone, so a
# name without a dot, or a dot in a folder's name, changes neither.
capture_stem() {
    local base
    base="$(basename "$1")"
    case "$base" in
        ?*.*) printf '%s' "${base%.*}" ;;
        *) printf '%s' "$base" ;;
    esac
}

capture_ext() {
    local base
    base="$(basename "$1")"
    case "$base" in
        ?*.*) printf '.%s' "${base##*.}" ;;
    esac
}

judge() {
    local capture=$1 input=$2 pass=$3 run_seed=$4 args rc verdict bare_rc name ext kind
    for args in "${tshark_args[@]}"; do
        runs=$((runs + 1))
        rc=0
        run_one "$STAGE/plugins" "$args" "$input" "$STAGE/err" || rc=$?
        verdict=$(bad "$rc" "$STAGE/err") || continue

        report=$(sanitizer_report "$STAGE/err")
        if grep -q 'sipdiag\.so\|packet-sipdiag\.c\|sipdiag_classify\.c\|sipdiag_codes\.c' <<<"$report"; then
            kind=sipdiag
            why="a sipdiag frame is in the report"
        else
            bare_rc=0
            run_one "$STAGE/no-plugins" "$args" "$input" "$STAGE/bare.err" || bare_rc=$?
            if bad "$bare_rc" "$STAGE/bare.err" >/dev/null; then
                kind=wireshark
                why="happens without sipdiag too (exit $bare_rc)"
            else
                kind=sipdiag
                why="does not happen without sipdiag (exit $bare_rc)"
            fi
        fi

        name="$(capture_stem "$capture")-pass$pass-seed$run_seed"
        ext="$(capture_ext "$capture")"
        [ "$kind" = sipdiag ] || name="wireshark-$name"
        cp "$input" "$keep/$name$ext"
        {
            echo "capture:   $(basename "$capture")"
            if [ "$pass" = 0 ]; then
                echo "mutation:  none (pass 0)"
            else
                echo "mutation:  editcap -E $error_prob --seed $run_seed $(basename "$capture") OUT"
            fi
            echo "input:     $keep/$name$ext"
            echo "command:   tshark $args INPUT${AS_USER[0]:+ (as uid 65534)}, with ${SANITIZER_ENV[*]}"
            echo "exit:      $rc"
            echo "verdict:   $verdict"
            echo "blame:     $kind: $why"
            echo
            cat "$STAGE/err"
        } >"$keep/$name.txt"

        if [ "$kind" = sipdiag ]; then
            failures=$((failures + 1))
            echo
            echo "FAIL: $verdict"
            echo "      $why"
            echo "      input:  $keep/$name$ext"
            echo "      report: $keep/$name.txt"
            echo "----- report -----"
            if [ -n "$report" ]; then head -n 150 <<<"$report"; else tail -n 40 "$STAGE/err"; fi
            echo "------------------"
        else
            wireshark_findings=$((wireshark_findings + 1))
            echo
            echo "NOTE: Wireshark's own problem, not sipdiag's: $verdict ($why)"
            echo "      kept as $keep/$name$ext with $keep/$name.txt"
        fi
        return 1
    done
    return 0
}

time_up() {
    [ -n "$seconds" ] && [ $((SECONDS - start)) -ge "$seconds" ]
}

stop=0
pass=0
last_pass=0
run_seed=$seed
while [ "$stop" = 0 ] && { [ "$passes" -lt 0 ] || [ "$pass" -le "$passes" ]; }; do
    printf 'pass %d%s:' "$pass" "$([ "$pass" = 0 ] && echo ' (captures as they are)')"
    for capture in "${captures[@]}"; do
        if [ "$interrupted" = 1 ] || time_up; then
            stop=1
            break
        fi
        if [ "$pass" = 0 ]; then
            input=$capture
            this_seed=none
        else
            input="$STAGE/mutated$(capture_ext "$capture")"
            this_seed=$run_seed
            run_seed=$((run_seed + 1))
            editcap -E "$error_prob" --seed "$this_seed" "$capture" "$input" >/dev/null 2>&1 ||
                die "editcap -E $error_prob --seed $this_seed $capture failed"
            chmod 644 "$input"
            mutated=$((mutated + 1))
        fi
        if judge "$capture" "$input" "$pass" "$this_seed"; then
            printf ' %s' "$([ "$pass" = 0 ] && echo ok || echo "$this_seed")"
        elif [ "$failures" -gt 0 ] && [ "$keep_going" = 0 ]; then
            stop=1
            break
        else
            printf 'pass %d (continued):' "$pass"
        fi
    done
    echo
    last_pass=$pass
    pass=$((pass + 1))
done

echo
echo "sipdiag fuzz: $((SECONDS - start))s, $last_pass mutated pass(es) (the last may be partial)," \
    "$mutated mutated file(s), $runs tshark run(s), first seed $seed, last seed $((run_seed - 1))"
echo "sipdiag failures: $failures; Wireshark's own findings (not failures): $wireshark_findings"
if [ "$failures" -gt 0 ] || [ "$wireshark_findings" -gt 0 ]; then
    echo "kept in $keep"
    remove_empty_keep=0
fi
[ "$failures" = 0 ]
