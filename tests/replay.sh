#!/usr/bin/env bash
# replay.sh CAPTURE EXPECTED: the sipdiag fields of every SIP response in a
# capture, compared with a reviewed expected file.
. "$(dirname "$0")/lib.sh"

capture=$(stage "$1")
sd_tshark -r "$capture" -Y sipdiag -T fields -E header=y -E aggregator='|' \
    -e frame.number -e sip.Status-Code -e sipdiag.code -e sipdiag.class \
    -e sipdiag.phrase -e sipdiag.wire_phrase -e sipdiag.registered \
    -e sipdiag.treated_as -e sipdiag.ref -e sipdiag.method -e sipdiag.request_in \
    -e sipdiag.hint >"$STAGE/raw"
# tshark prints booleans as 1/0 in 4.0 and as True/False in 4.4 and 4.6.
awk -F'\t' -v OFS='\t' 'NR > 1 { gsub(/True/, "1", $7); gsub(/False/, "0", $7) } { print }' \
    "$STAGE/raw" >"$STAGE/actual"
expect_file "$2" "$STAGE/actual"
