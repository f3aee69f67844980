#!/usr/bin/env bash
# b2bua.sh CAPTURE: a real Asterisk B2BUA (../shared/captures/b2bua-asterisk.pcapng,
# third-party): its two legs are linked, each naming the other, and nothing
# else in the capture is linked. Skips when the capture is absent.
. "$(dirname "$0")/lib.sh"

[ -f "$1" ] || skip "$1 absent"
capture=$(stage "$1")
sd_tshark -r "$capture" -q -z sipdiag,calls,csv | awk -F, 'NR > 1 { print $2 "," $(NF - 1) "," $NF }' >"$STAGE/legs"
printf '%s\n' "19,inbound,24" "24,outbound,19" >"$STAGE/want"
cmp -s "$STAGE/want" "$STAGE/legs" || fail "legs (first frame, leg, other leg): $(diff "$STAGE/want" "$STAGE/legs")"
# The fields, on the messages that settle each leg.
sd_tshark -r "$capture" -Y "sipdiag.call.other_leg" -T fields -e frame.number -e sipdiag.call.leg \
    -e sipdiag.call.other_leg >"$STAGE/fields"
grep -qx "$(printf '34\tinbound\t24')" "$STAGE/fields" || fail "frame 34 (the 200 to the caller): $(cat "$STAGE/fields")"
grep -qx "$(printf '32\toutbound\t19')" "$STAGE/fields" || fail "frame 32 (the callee's 200): $(cat "$STAGE/fields")"
# The summary counts the pair once, by the caller's leg.
sd_tshark -r "$capture" -q -z sipdiag,calls >"$STAGE/table"
grep -q '^Calls: 1  Answered: 1  ASR: 100.0%' "$STAGE/table" || fail "summary: $(grep '^Calls' "$STAGE/table")"
grep -q '^(1 call a B2BUA placed for a caller.s call is counted once, by the caller.s leg)$' "$STAGE/table" ||
    fail "no note of the outbound leg left out"
echo "b2bua: both legs linked"
