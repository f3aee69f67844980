#!/usr/bin/env bash
# invariant.sh CAPTURE: every sip.Status-Code in every frame has its own
# sipdiag subtree, with the same code, in the same order.  A response that
# an ICMP error quotes was not delivered: its frame has the ICMP subtree
# (sipdiag.icmp) instead, and no code of its own.
. "$(dirname "$0")/lib.sh"

[ -f "$1" ] || skip "$1 is absent"
capture=$(stage "$1")
sd_tshark -r "$capture" -T fields -e frame.number -e sip.Status-Code -e sipdiag.code -e icmp.type -e icmpv6.type \
    -e sipdiag.icmp >"$STAGE/all"
awk -F'\t' '$4 == "" && $5 == ""' "$STAGE/all" | cut -f1-3 >"$STAGE/codes"
awk -F'\t' '($4 != "" || $5 != "") && $2 != ""' "$STAGE/all" >"$STAGE/quoted"

cut -f2 "$STAGE/codes" >"$STAGE/sip"
cut -f3 "$STAGE/codes" >"$STAGE/sipdiag"
responses=$(count_values "$STAGE/sip")
annotated=$(count_values "$STAGE/sipdiag")
echo "$(basename "$1"): $responses sip.Status-Code, $annotated sipdiag.code, $(wc -l <"$STAGE/quoted") quoted in ICMP"
[ "$responses" -gt 0 ] || fail "no SIP response in $1: nothing was checked"
awk -F'\t' '$2 != $3 { print "frame " $1 ": sip.Status-Code " $2 ", sipdiag.code " $3; bad = 1 }
            END { exit bad }' "$STAGE/codes" || fail "responses without their own annotation"
[ "$responses" -eq "$annotated" ] || fail "$responses responses but $annotated annotations"
awk -F'\t' '$3 != "" || $6 == "" { print "frame " $1 ": quoted " $2 ", sipdiag.code \"" $3 "\", sipdiag.icmp \"" $6 "\""; bad = 1 }
            END { exit bad }' "$STAGE/quoted" || fail "quoted responses not annotated as quoted"
