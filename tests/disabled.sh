#!/usr/bin/env bash
# disabled.sh CAPTURE [MORE...]: with --disable-protocol sipdiag, tshark prints exactly
# what it prints without the plugin; enabled, it adds the annotations and
# leaves each frame's protocol list alone (in MORE captures too).
. "$(dirname "$0")/lib.sh"

capture=$(stage "$1")
for mode in "" "-V"; do
    bare_tshark -r "$capture" $mode >"$STAGE/bare"
    sd_tshark --disable-protocol sipdiag -r "$capture" $mode >"$STAGE/disabled"
    diff -u "$STAGE/bare" "$STAGE/disabled" || fail "disabled plugin changed tshark $mode output"
done
# sipdiag's hooks into the SIP dissector and UDP/TCP decline what they see:
# the protocols of each frame stay Wireshark's.
for each in "$@"; do
    staged=$(stage "$each")
    bare_tshark -r "$staged" -T fields -e frame.protocols >"$STAGE/bare-protocols"
    sd_tshark -r "$staged" -T fields -e frame.protocols >"$STAGE/protocols"
    diff -u "$STAGE/bare-protocols" "$STAGE/protocols" || fail "enabled plugin changed frame.protocols of $each"
done
sd_tshark -r "$capture" -V >"$STAGE/enabled"
grep -q '^SIP Response Diagnostics: ' "$STAGE/enabled" || fail "enabled plugin annotated nothing"
