#!/usr/bin/env bash
# golden.sh CAPTURE EXPECTED: the full sipdiag subtree as tshark -O sipdiag
# prints it (headline, every field, expert items), against a reviewed file.
. "$(dirname "$0")/lib.sh"

capture=$(stage "$1")
sd_tshark -r "$capture" -Y sipdiag -O sipdiag >"$STAGE/actual"
expect_file "$2" "$STAGE/actual"
