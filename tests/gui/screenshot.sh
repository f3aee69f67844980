#!/usr/bin/env bash
# GUI check: open a capture in Wireshark (Qt) on a virtual X screen, with only
# the sipdiag plugin given here, and take three screenshots:
#
#   OUTDIR/wireshark-sipdiag-tree.png    the main window: one SIP response
#                                        selected, its "SIP Response
#                                        Diagnostics" subtree expanded
#   OUTDIR/wireshark-sipdiag-expert.png  Analyze > Expert Information with the
#                                        sipdiag entries (group Response)
#   OUTDIR/wireshark-sipdiag-calls.png   Telephony > SIP calls (sipdiag): one
#                                        row per call
#
# Usage: tests/gui/screenshot.sh PLUGIN_SO CAPTURE OUTDIR [FRAME]
#   PLUGIN_SO  the built plugin, e.g. build/plugins/4.0/epan/sipdiag.so
#   CAPTURE    e.g. captures/nonstandard-phrase.pcapng
#   OUTDIR     where the PNGs go (created if missing)
#   FRAME      the SIP response to select; default: the first frame with
#              sipdiag.class >= 4 (a failing response)
#
# Environment:
#   SIPDIAG_GUI_FILTER   display filter Wireshark starts with (-Y); default
#                        none, as a user opens a file.
#   SIPDIAG_GUI_SCREEN   screen and main window size, default 1800x860
#   SIPDIAG_GUI_FONT     Qt font of the packet panes, default
#                        "DejaVu Sans Mono,9" (the longest Remedy line,
#                        about 230 characters, then fits in 1800 pixels)
#   SIPDIAG_GUI_TIMEOUT  seconds to wait for Wireshark's window, default 60
#
# Without a display filter, Wireshark's Expert Information dialog and packet
# list dissect again without a protocol tree; sipdiag then works from what it
# recorded on the first pass. The expert screenshot fails the script if the
# dialog lists no entry, so it checks exactly that.
#
# Installs what it needs from Debian when missing (as root): wireshark-qt,
# tshark, xvfb, xauth, xdotool, imagemagick, optipng. Wireshark ignores
# personal plugins and WIRESHARK_PLUGIN_DIR when run as root, so as root
# Wireshark (and tshark) run as nobody (uid 65534) through setpriv, with their
# own empty HOME (a clean profile) and staged copies of the plugin and capture.
# There is no window manager: windows are placed, focused and driven with
# xdotool. The screenshots are not compared with anything: look at them.

set -euo pipefail

usage() {
    echo "usage: $0 PLUGIN_SO CAPTURE OUTDIR [FRAME]" >&2
    exit 2
}
die() {
    echo "screenshot.sh: $*" >&2
    exit 1
}
log() {
    echo "screenshot.sh: $*"
}

if [ $# -lt 3 ] || [ $# -gt 4 ]; then usage; fi
PLUGIN_SO=$1
CAPTURE=$2
OUTDIR=$3
FRAME=${4:-}
FILTER=${SIPDIAG_GUI_FILTER-}
SCREEN=${SIPDIAG_GUI_SCREEN:-1800x860}
FONT=${SIPDIAG_GUI_FONT:-DejaVu Sans Mono,9}
TIMEOUT=${SIPDIAG_GUI_TIMEOUT:-60}
[ -f "$PLUGIN_SO" ] || die "no plugin at $PLUGIN_SO"
[ -f "$CAPTURE" ] || die "no capture at $CAPTURE"
[[ $SCREEN =~ ^([0-9]+)x([0-9]+)$ ]] || die "SIPDIAG_GUI_SCREEN must be WIDTHxHEIGHT"
SCREEN_W=${BASH_REMATCH[1]}
SCREEN_H=${BASH_REMATCH[2]}
[ -z "$FRAME" ] || [[ $FRAME =~ ^[1-9][0-9]*$ ]] || die "FRAME must be a frame number"
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "SIPDIAG_GUI_TIMEOUT must be a number of seconds"

# --- packages -----------------------------------------------------------------
# Program -> Debian package. Full paths on purpose: other "convert" or "import"
# stand-ins may come earlier in PATH.
declare -A NEED=(
    [/usr/bin/wireshark]=wireshark-qt
    [/usr/bin/tshark]=tshark
    [/usr/bin/Xvfb]=xvfb
    [/usr/bin/xauth]=xauth
    [/usr/bin/xdotool]=xdotool
    [/usr/bin/import]=imagemagick
    [/usr/bin/convert]=imagemagick
    [/usr/bin/optipng]=optipng
    [/usr/bin/setpriv]=util-linux
    [/usr/bin/mcookie]=util-linux
)
missing=()
for prog in "${!NEED[@]}"; do
    [ -x "$prog" ] || missing+=("${NEED[$prog]}")
done
if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    [ "$(id -u)" = 0 ] || die "missing packages (install them as root): ${missing[*]}"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
fi
fc-list 2>/dev/null | grep -q DejaVuSansMono \
    || log "warning: no DejaVu Sans Mono (fonts-dejavu-core); text will use another font and may not fit"

# Wireshark looks for epan plugins in <plugin dir>/<major.minor>/epan.
WS_VERSION=$(/usr/bin/wireshark --version 2>/dev/null | sed -n '1s/^Wireshark \([0-9]*\.[0-9]*\).*/\1/p')
[ -n "$WS_VERSION" ] || die "cannot tell Wireshark's version from 'wireshark --version'"

# --- staging area, readable by the unprivileged user ---------------------------
STAGE=$(mktemp -d /tmp/sipdiag-gui.XXXXXX)
chmod 755 "$STAGE"
# Background processes; each one leads its own session and process group.
PIDS=()

# alive PID: a process of PID's session is still running (zombies aside).
alive() {
    # shellcheck disable=SC2009 # pgrep cannot leave zombies out
    ps --sid "$1" -o stat= 2>/dev/null | grep -qv '^Z'
}

cleanup() {
    local i pid
    # Newest first: Wireshark before the X server it talks to. The group goes
    # too (dumpcap, extcap helpers); the pid itself in case it has not called
    # setsid yet.
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        pid=${PIDS[i]}
        kill -TERM -- "-$pid" "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            alive "$pid" || break
            sleep 0.1
        done
        kill -KILL -- "-$pid" "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$STAGE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PLUGIN_DIR=$STAGE/plugins
HOME_DIR=$STAGE/home
PROFILE=$HOME_DIR/.config/wireshark
RUNTIME=$STAGE/run
mkdir -p "$PLUGIN_DIR/$WS_VERSION/epan" "$PROFILE" "$RUNTIME" "$STAGE/in"
cp "$PLUGIN_SO" "$PLUGIN_DIR/$WS_VERSION/epan/sipdiag.so"
CAP=$STAGE/in/$(basename "$CAPTURE")
cp "$CAPTURE" "$CAP"

# A clean profile, set so that sipdiag's lines fit: main window at the
# screen's size, no packet bytes pane (details take the whole width), a short
# packet list, and a font size at which the longest Remedy line fits.
cat >"$PROFILE/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $SCREEN_W
gui.geometry_main_height: $SCREEN_H
gui.geometry_main_maximized: FALSE
EOF
cat >"$PROFILE/recent" <<EOF
gui.byte_view_show: FALSE
gui.geometry_main_upper_pane: $((SCREEN_H / 4))
EOF
cat >"$PROFILE/preferences" <<EOF
gui.qt.font_name: $FONT
EOF

chmod -R a+rX "$STAGE"
if [ "$(id -u)" = 0 ]; then
    chown -R 65534:65534 "$HOME_DIR" "$RUNTIME"
    AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
    AS_USER=()
fi
chmod 700 "$RUNTIME"

# user_tshark ARGS...: tshark as the unprivileged user, with only this plugin.
user_tshark() {
    env -i PATH=/usr/bin:/bin HOME="$HOME_DIR" LANG=C.UTF-8 WIRESHARK_PLUGIN_DIR="$PLUGIN_DIR" \
        "${AS_USER[@]}" /usr/bin/tshark "$@"
}

# --- plugin and frame, checked with tshark --------------------------------------
user_tshark -G protocols 2>/dev/null | awk -F'\t' '$3 == "sipdiag" { found = 1 } END { exit !found }' \
    || die "tshark does not list the sipdiag protocol: the plugin did not load ($PLUGIN_SO, Wireshark $WS_VERSION)"
if [ -z "$FRAME" ]; then
    FRAME=$(user_tshark -r "$CAP" -Y 'sipdiag.class >= 4' -T fields -e frame.number 2>/dev/null | head -n 1)
    [ -n "$FRAME" ] || die "no failing SIP response (sipdiag.class >= 4) in $CAPTURE; give FRAME"
fi
if [ -n "$FILTER" ]; then
    user_tshark -r "$CAP" -Y "frame.number == $FRAME && ($FILTER)" -T fields -e frame.number 2>/dev/null | grep -qx "$FRAME" \
        || die "frame $FRAME is not in $CAPTURE or does not match the display filter '$FILTER'"
fi
log "capture $(basename "$CAPTURE"), frame $FRAME, display filter '${FILTER}'"

# --- X server -------------------------------------------------------------------
# Xvfb picks a free display itself (-displayfd). Access is by cookie: the server
# loads every cookie in its -auth file; a client needs an entry for the display
# number, known only once Xvfb is up.
export XAUTHORITY=$STAGE/xauthority
COOKIE=$(mcookie)
xauth -q -f "$XAUTHORITY" add :0 MIT-MAGIC-COOKIE-1 "$COOKIE" 2>/dev/null
setsid /usr/bin/Xvfb -displayfd 3 -screen 0 "${SCREEN}x24" -dpi 96 -auth "$XAUTHORITY" \
    -nolisten tcp 3>"$STAGE/display" >"$STAGE/xvfb.log" 2>&1 &
XVFB_PID=$!
PIDS+=("$XVFB_PID")
for _ in $(seq 100); do
    [ -s "$STAGE/display" ] && break
    kill -0 "$XVFB_PID" 2>/dev/null || break
    sleep 0.1
done
DISPLAY_NUM=$(tr -dc 0-9 <"$STAGE/display")
[ -n "$DISPLAY_NUM" ] || { cat "$STAGE/xvfb.log" >&2; die "Xvfb did not start"; }
export DISPLAY=:$DISPLAY_NUM
xauth -q -f "$XAUTHORITY" add "$DISPLAY" MIT-MAGIC-COOKIE-1 "$COOKIE"
if [ "$(id -u)" = 0 ]; then chown 65534:65534 "$XAUTHORITY"; fi
log "Xvfb on $DISPLAY (${SCREEN})"

# --- Wireshark --------------------------------------------------------------------
# -g selects the frame once the file is read; -Y applies the display filter.
WS_ARGS=(-r "$CAP" -g "$FRAME")
[ -z "$FILTER" ] || WS_ARGS+=(-Y "$FILTER")
# start_wireshark ARGS...: Wireshark as the unprivileged user; WS_PID is its
# pid (exec keeps $! the pid of Wireshark itself: env, setpriv and setsid exec too).
start_wireshark() {
    (
        exec env -i PATH=/usr/bin:/bin HOME="$HOME_DIR" LANG=C.UTF-8 XDG_RUNTIME_DIR="$RUNTIME" \
            WIRESHARK_PLUGIN_DIR="$PLUGIN_DIR" DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" \
            "${AS_USER[@]}" setsid /usr/bin/wireshark "$@"
    ) >>"$STAGE/wireshark.log" 2>&1 &
    WS_PID=$!
    PIDS+=("$WS_PID")
}
start_wireshark "${WS_ARGS[@]}"

# wait_window SECONDS NAME_REGEX: prints the first visible window whose name
# matches; fails when there is none in time or Wireshark has gone.
wait_window() {
    local tries=$(($1 * 5)) win
    for _ in $(seq "$tries"); do
        kill -0 "$WS_PID" 2>/dev/null || return 1
        win=$(xdotool search --onlyvisible --name "$2" 2>/dev/null | head -n 1 || true)
        [ -n "$win" ] && { echo "$win"; return 0; }
        sleep 0.2
    done
    return 1
}
regex_quote() {
    printf '%s' "$1" | sed 's/[][\.*^$+?(){}|]/\\&/g'
}

# The main window's title is the capture's file name.
if ! WIN=$(wait_window "$TIMEOUT" "^$(regex_quote "$(basename "$CAPTURE")")"); then
    sed 's/^/  wireshark: /' "$STAGE/wireshark.log" >&2
    die "Wireshark did not come up (no main window within ${TIMEOUT}s)"
fi
# Let it finish reading the file, filtering and selecting the frame.
sleep 3
kill -0 "$WS_PID" 2>/dev/null || die "Wireshark exited"
log "Wireshark main window $WIN"
mkdir -p "$OUTDIR"

# shot WINDOW FILE: screenshot of one window, then made smaller losslessly.
shot() {
    /usr/bin/import -window "$1" "$2"
    /usr/bin/optipng -quiet -o2 "$2"
    log "wrote $2 ($(stat -c %s "$2") bytes)"
}

# --- 1. the subtree -------------------------------------------------------------
# A click in the packet details pane, below its rows, gives it the keyboard
# focus. With no current row yet, the first arrow key (Home) only makes the
# first row current; End then goes to the last top-level row, which is
# sipdiag's (a post-dissector; every row is still collapsed), and Shift+Right
# is View > Expand Subtrees.
xdotool windowfocus --sync "$WIN"
xdotool mousemove --window "$WIN" $((SCREEN_W / 2)) $((SCREEN_H * 9 / 10)) click 1
sleep 0.5
xdotool key Home
sleep 0.3
xdotool key End
sleep 0.3
/usr/bin/import -window "$WIN" "$STAGE/collapsed.png"
xdotool key shift+Right
sleep 1
shot "$WIN" "$OUTDIR/wireshark-sipdiag-tree.png"
# Something must have unfolded: many pixels differ from the collapsed view.
CHANGED=$(/usr/bin/compare -metric AE "$STAGE/collapsed.png" "$OUTDIR/wireshark-sipdiag-tree.png" null: 2>&1 || true)
if ! [[ $CHANGED =~ ^[0-9]+$ ]] || [ "$CHANGED" -le 2000 ]; then
    die "the packet details did not change on Shift+Right (compare: $CHANGED): subtree not expanded"
fi

# --- 2. Expert Information ---------------------------------------------------------
# Analyze menu (Alt+A); "Expert Information" is its last entry and has no
# mnemonic: Up wraps round to it. If that fails, the expert indicator at the
# left end of the status bar opens the same dialog.
EXPERT_NAME='Expert Information'
xdotool windowfocus --sync "$WIN"
xdotool key alt+a
sleep 0.5
xdotool key Up Return
if ! EXP=$(wait_window 5 "$EXPERT_NAME"); then
    log "no dialog from the Analyze menu; trying the status bar's expert indicator"
    xdotool key Escape Escape
    xdotool mousemove --window "$WIN" 14 $((SCREEN_H - 12)) click 1
    EXP=$(wait_window 10 "$EXPERT_NAME") || die "the Expert Information dialog did not open"
fi
sleep 2 # the dialog re-dissects the file
EXP_W=1250
EXP_H=440
xdotool windowmove --sync "$EXP" 0 0
xdotool windowsize --sync "$EXP" "$EXP_W" "$EXP_H"
sleep 0.5
# Untick "Group by summary" (bottom row, left): each entry then shows its own
# message ("SIP 403 Forbidden: Check ACLs, ...") instead of the Info column.
xdotool mousemove --window "$EXP" 197 $((EXP_H - 53)) click 1
sleep 1
# Context menu of the list; its last entry is "Expand All".
xdotool mousemove --window "$EXP" 300 39 click 3
sleep 0.7
xdotool key Up Return
sleep 0.7
# Widen the Summary column: find the header's column separators (thin grey
# lines on the header row, above the labels) and drag the second one, between
# Summary and Group.
/usr/bin/import -window "$EXP" "$STAGE/expert-raw.png"
SEP=$(/usr/bin/convert "$STAGE/expert-raw.png" -crop "${EXP_W}x1+0+14" +repage -colorspace gray -depth 8 txt:- \
    | sed -n 's/^\([0-9]*\),0: *(\([0-9]*\).*/\1 \2/p' | awk '$2 >= 195 && $2 <= 225 { print $1 }' | sed -n 2p)
if [ -n "$SEP" ]; then
    xdotool mousemove --window "$EXP" "$SEP" 21 mousedown 1 \
        mousemove --window "$EXP" $((SEP + 100)) 21 mousemove --window "$EXP" $((EXP_W - 330)) 21 mouseup 1
    sleep 0.5
else
    log "warning: column separators not found in the Expert Information header; Summary not widened"
fi
# The right click selected the first row; Ctrl+click unselects it, so that
# its severity colour shows, and a click in the Search box takes the focus
# frame off the list.
xdotool mousemove --window "$EXP" 300 39 keydown ctrl click 1 keyup ctrl
xdotool mousemove --window "$EXP" 700 $((EXP_H - 53)) click 1
sleep 0.5
shot "$EXP" "$OUTDIR/wireshark-sipdiag-expert.png"
# The list area must not be blank (white): with no display filter it is, for
# a capture whose only expert items are sipdiag's.
LIST_MEAN=$(/usr/bin/convert "$OUTDIR/wireshark-sipdiag-expert.png" -crop "$((EXP_W - 50))x200+13+32" +repage \
    -colorspace gray -format '%[fx:mean]' info:)
awk -v m="$LIST_MEAN" 'BEGIN { exit !(m < 0.99) }' \
    || die "the Expert Information list is empty (see $OUTDIR/wireshark-sipdiag-expert.png)"

# --- 3. Telephony > SIP calls (sipdiag) ----------------------------------------------
# The per-call table. Wireshark opens a statistics dialog named on its command
# line (-z) once the file is read: a second Wireshark, with only that dialog.
kill -TERM -- "-$WS_PID" 2>/dev/null || true
for _ in $(seq 50); do alive "$WS_PID" || break; sleep 0.1; done
start_wireshark -r "$CAP" -z sipdiag,calltable
CALLS=$(wait_window "$TIMEOUT" 'SIP calls \(sipdiag\)') || die "the SIP calls (sipdiag) dialog did not open"
sleep 3 # it taps the whole file
CALLS_W=1700
CALLS_H=300
xdotool windowmove --sync "$CALLS" 0 0
xdotool windowsize --sync "$CALLS" "$CALLS_W" "$CALLS_H"
sleep 1
shot "$CALLS" "$OUTDIR/wireshark-sipdiag-calls.png"
# Its rows must not be blank: the capture holds at least one call.
ROWS_MEAN=$(/usr/bin/convert "$OUTDIR/wireshark-sipdiag-calls.png" -crop "$((CALLS_W - 50))x20+13+40" +repage \
    -colorspace gray -format '%[fx:mean]' info:)
awk -v m="$ROWS_MEAN" 'BEGIN { exit !(m < 0.99) }' \
    || die "the SIP calls (sipdiag) table is empty (see $OUTDIR/wireshark-sipdiag-calls.png)"
log "done; look at the three images"
