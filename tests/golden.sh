#!/usr/bin/env bash
# golden.sh CAPTURE EXPECTED: the full sipdiag subtree as tshark -O sipdiag
# prints it (headline, every field, expert items), against a reviewed file.
# Only the frame number and sipdiag's own lines are kept: the summary lines of
# other protocols belong to Wireshark and change between its releases.
. "$(dirname "$0")/lib.sh"

capture=$(stage "$1")
sd_tshark -r "$capture" -Y sipdiag -O sipdiag >"$STAGE/raw"
awk '/^Frame [0-9]+:/ { sub(/:.*/, ""); print; next }
     /^SIP Response Diagnostics: / { in_sipdiag = 1; print; next }
     in_sipdiag && /^ / { print; next }
     { in_sipdiag = 0 }' "$STAGE/raw" >"$STAGE/actual"
[ -s "$STAGE/actual" ] || fail "no sipdiag output for $1"
expect_file "$2" "$STAGE/actual"
