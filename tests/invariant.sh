#!/usr/bin/env bash
# invariant.sh CAPTURE: every sip.Status-Code in every frame has its own
# sipdiag subtree, with the same code, in the same order.
. "$(dirname "$0")/lib.sh"

[ -f "$1" ] || skip "$1 is absent"
capture=$(stage "$1")
sd_tshark -r "$capture" -T fields -e frame.number -e sip.Status-Code -e sipdiag.code >"$STAGE/codes"

cut -f2 "$STAGE/codes" >"$STAGE/sip"
cut -f3 "$STAGE/codes" >"$STAGE/sipdiag"
responses=$(count_values "$STAGE/sip")
annotated=$(count_values "$STAGE/sipdiag")
echo "$(basename "$1"): $responses sip.Status-Code, $annotated sipdiag.code"
[ "$responses" -gt 0 ] || fail "no SIP response in $1: nothing was checked"
awk -F'\t' '$2 != $3 { print "frame " $1 ": sip.Status-Code " $2 ", sipdiag.code " $3; bad = 1 }
            END { exit bad }' "$STAGE/codes" || fail "responses without their own annotation"
[ "$responses" -eq "$annotated" ] || fail "$responses responses but $annotated annotations"
