#!/usr/bin/env bash
# golden.sh CAPTURE EXPECTED: the full sipdiag subtree as tshark -O sipdiag
# prints it (headline, every field, expert items), against a reviewed file,
# in one pass and in two (-2).
# Only the frame number and sipdiag's own lines are kept: the summary lines of
# other protocols belong to Wireshark and change between its releases.
. "$(dirname "$0")/lib.sh"

capture=$(stage "$1")
sd_tshark -r "$capture" -Y sipdiag -O sipdiag >"$STAGE/raw"
# tshark -2 runs no taps on its first pass: sipdiag then finds the messages
# on the second, and must say the same.
sd_tshark -2 -r "$capture" -Y sipdiag -O sipdiag >"$STAGE/raw-two-pass"
diff -u "$STAGE/raw" "$STAGE/raw-two-pass" || fail "tshark -2 prints something else"
# Relative times (time since request, the call's setup time, duration...)
# print as "0.000545188 seconds" in 4.0 and 4.4 and as "545.188
# microseconds" in 4.6: the value is compared in seconds.
# Wireshark cuts long labels and marks them "[truncated]" (4.0) or "[…]"
# (4.4, 4.6) at slightly different places: only the mark is compared.
# A label cut at its start (an expert item's: "[ [truncated]Expert Info" in
# 4.0, "[[…] Expert Info" in 4.4 and 4.6) keeps only its indentation and mark.
awk '/^Frame [0-9]+:/ { sub(/:.*/, ""); print; next }
     /^ .* (\[truncated\]|\[…\]): / { sub(/ (\[truncated\]|\[…\]): .*/, " [truncated]: ..."); }
     /^ +\[ ?(\[truncated\]|\[…\])/ { sub(/\[ ?(\[truncated\]|\[…\]).*/, "[[truncated] ...]"); }
     /\[[A-Z][A-Za-z -]*: [0-9.]+ [a-z]*seconds\]$/ {
         n = split($0, w, /[: \]]+/); value = w[n - 2]; unit = w[n - 1]
         scale = unit ~ /^nano/ ? 1e-9 : unit ~ /^micro/ ? 1e-6 : unit ~ /^milli/ ? 1e-3 : 1
         sub(/: .*/, ""); printf "%s: %.9f seconds]\n", $0, value * scale; next }
     /^SIP Response Diagnostics[: ]/ { in_sipdiag = 1; print; next }
     in_sipdiag && /^ / { print; next }
     { in_sipdiag = 0 }' "$STAGE/raw" >"$STAGE/actual"
[ -s "$STAGE/actual" ] || fail "no sipdiag output for $1"
expect_file "$2" "$STAGE/actual"
