#!/usr/bin/env bash
# profile.sh INSTALL_PROFILE_SCRIPT CAPTURE: the ready profile installs with
# its one command, and tshark -C sipdiag shows its columns (code, class,
# short remedy) and applies its colouring rules to failing responses only.
. "$(dirname "$0")/lib.sh"

HOME="$STAGE/home" cmake -P "$1" >/dev/null || fail "installing the profile failed"
profile="$STAGE/home/.config/wireshark/profiles/sipdiag"
[ -f "$profile/preferences" ] && [ -f "$profile/colorfilters" ] || fail "profile not installed in $profile"
chmod -R a+rX "$STAGE/home/.config"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$STAGE/home/.config"
capture=$(stage "$2")

sd_tshark -C sipdiag -r "$capture" >"$STAGE/columns" 2>"$STAGE/err"
[ ! -s "$STAGE/err" ] || fail "tshark complained about the profile: $(cat "$STAGE/err")"
# The Remedy column is the one-line sipdiag.remedy_short, after the Info label.
grep -E ' 486 +Client Failure +Status: 486 Busy Here .*\] Busy at this device only; retry, voicemail or forward on busy$' "$STAGE/columns" ||
    fail "no Code/Class/Remedy columns: $(cat "$STAGE/columns")"
echo "columns ok"

# tshark colours only on a terminal that says it has 24-bit colour: run it in one
# (script(1) starts the command with SHELL, else the login shell: nologin for nobody).
env -i PATH=/usr/bin:/bin HOME="$STAGE/home" WIRESHARK_PLUGIN_DIR="$STAGE/plugins" TERM=xterm-256color SHELL=/bin/sh \
    COLORTERM=truecolor "${AS_USER[@]}" script -qfec "tshark -C sipdiag --color -r $capture" /dev/null \
    >"$STAGE/colour"
# 4xx: black text (38;2;0;0;0) on light orange (48;2;255;222;135).
grep 'Status: 486' "$STAGE/colour" | grep -F $'\e[38;2;0;0;0m\e[48;2;255;222;135m' >/dev/null ||
    fail "the 486 is not black on orange: $(grep 'Status: 486' "$STAGE/colour" | cat -v)"
! grep 'Status: 100' "$STAGE/colour" | grep $'\e\\[' >/dev/null || fail "a 100 Trying is coloured"
echo "colouring rules ok"
