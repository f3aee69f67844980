#!/usr/bin/env bash
# disabled.sh CAPTURE: with --disable-protocol sipdiag, tshark prints exactly
# what it prints without the plugin; enabled, it adds the annotations.
. "$(dirname "$0")/lib.sh"

capture=$(stage "$1")
for mode in "" "-V"; do
    bare_tshark -r "$capture" $mode >"$STAGE/bare"
    sd_tshark --disable-protocol sipdiag -r "$capture" $mode >"$STAGE/disabled"
    diff -u "$STAGE/bare" "$STAGE/disabled" || fail "disabled plugin changed tshark $mode output"
done
sd_tshark -r "$capture" -V >"$STAGE/enabled"
grep -q '^SIP Response Diagnostics: ' "$STAGE/enabled" || fail "enabled plugin annotated nothing"
