#!/usr/bin/env bash
# replay.sh CAPTURE EXPECTED: the sipdiag fields of every SIP response in a
# capture, compared with a reviewed expected file.
. "$(dirname "$0")/lib.sh"

capture=$(stage "$1")
sd_tshark -r "$capture" -Y sipdiag -T fields -E header=y -E aggregator='|' \
    -e frame.number -e sip.Status-Code -e sipdiag.code -e sipdiag.class \
    -e sipdiag.phrase -e sipdiag.wire_phrase -e sipdiag.registered \
    -e sipdiag.treated_as -e sipdiag.ref >"$STAGE/actual"
expect_file "$2" "$STAGE/actual"
