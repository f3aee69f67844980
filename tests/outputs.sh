#!/usr/bin/env bash
# outputs.sh CAPTURE...: the annotations reach every output users read:
# -V, -T json, -T ek, two-pass -2, and -z expert with severity by class.
. "$(dirname "$0")/lib.sh"

capture="$STAGE/in/all.pcapng"
mergecap -a -w "$capture" "$@"
chmod 644 "$capture"

# Responses that were sent (one an ICMP error quotes gets an ICMP subtree instead: invariant.sh)
bare_tshark -r "$capture" -Y '!(icmp || icmpv6)' -T fields -e frame.number -e sip.Status-Code >"$STAGE/codes"
responses=$(cut -f2 "$STAGE/codes" | count_values /dev/stdin)
response_frames=$(awk -F'\t' '$2 != ""' "$STAGE/codes" | wc -l)
[ "$responses" -gt 0 ] || fail "no responses to check"
echo "$responses responses in $response_frames frames"

count_lines() { grep -c "$1" "$2" || true; }

# sipdiag's "Code:" lines, not those of other protocols (an ICMP error's type and code)
sipdiag_codes() { awk '/^[^ ]/ { in_sipdiag = /^SIP Response Diagnostics/ } in_sipdiag && /^    Code: /' "$1" | wc -l; }
sd_tshark -r "$capture" -V >"$STAGE/verbose"
[ "$(sipdiag_codes "$STAGE/verbose")" = "$responses" ] ||
    fail "-V shows $(sipdiag_codes "$STAGE/verbose") response subtrees"
! grep -E '\[(Description|Typical cause|Remedy|Hint|Meaning) \[truncated\]' "$STAGE/verbose" ||
    fail "-V: Wireshark truncated a sipdiag text"

sd_tshark -r "$capture" -T json >"$STAGE/json"
[ "$(count_lines '"sipdiag.code": ' "$STAGE/json")" = "$responses" ] || fail "-T json misses codes"
[ "$(count_lines '"sipdiag.remedy": ' "$STAGE/json")" = "$responses" ] || fail "-T json misses remedies"

sd_tshark -r "$capture" -T ek >"$STAGE/ek"
[ "$(count_lines '"sipdiag_sipdiag_code":' "$STAGE/ek")" = "$response_frames" ] || fail "-T ek misses codes"
[ "$(count_lines '"sipdiag_sipdiag_remedy":' "$STAGE/ek")" = "$response_frames" ] || fail "-T ek misses remedies"

fields=(-T fields -E aggregator='|' -e frame.number -e sipdiag.code -e sipdiag.class
        -e sipdiag.registered -e sipdiag.remedy -e sipdiag.ref -e sipdiag.hint -e sipdiag.request_in
        -e sipdiag.response_time -e sipdiag.cancel_in -e sipdiag.retransmission -e sipdiag.auth.username
        -e sipdiag.reason.cause -e sipdiag.warning.code)
sd_tshark -r "$capture" "${fields[@]}" >"$STAGE/one-pass"
sd_tshark -2 -r "$capture" "${fields[@]}" >"$STAGE/two-pass"
diff -u "$STAGE/one-pass" "$STAGE/two-pass" || fail "two-pass output differs"
sd_tshark -2 -r "$capture" -Y 'sipdiag.class >= 4' -T fields -e frame.number >"$STAGE/two-pass-filtered"
[ -s "$STAGE/two-pass-filtered" ] || fail "-2 -Y selected nothing"

# -z expert: each "SIP <code> ..." line sits under the severity of its class.
sd_tshark -r "$capture" -q -z expert >"$STAGE/expert"
awk '
    /^Errors \(/ { section = "Error" } /^Warns \(/ { section = "Warning" }
    /^Notes \(/  { section = "Note" }  /^Chats \(/ { section = "Chat" }
    $3 == "SIPDIAG" && $4 == "SIP" {
        code = $5 + 0; class = int(code / 100)
        want = (class == 1 || class == 2) ? "Chat" : class == 3 ? "Note" : class == 4 ? "Warning" \
             : (class == 5 || class == 6) ? "Error" : "Warning"
        # What came before changes it: expected failures are notes, repeats are chat.
        if ($0 ~ /Digest challenge \(normal\)|Nonce expired|Nonce problem|Expected: the INVITE was cancelled|No call to end/) want = "Note"
        if ($0 ~ /Retransmission of the/) want = "Chat"
        # A final response to INVITE resent: its ACK is missing, or an ICMP error
        # says it never arrived (a warning for a 2xx).
        if ($0 ~ / resent \(seen [0-9]+ times/)
            want = ($0 ~ /the UAS got no ACK/ || ($0 ~ /came back for an earlier copy/ && class == 2)) ? "Warning" : "Note"
        if (section != want) { print "code " code " listed as " section ", expected " want; bad = 1 }
        total += $1
    }
    END { print total; exit bad }' "$STAGE/expert" >"$STAGE/expert-check" ||
    fail "-z expert severities: $(cat "$STAGE/expert-check")"
[ "$(tail -n1 "$STAGE/expert-check")" = "$responses" ] ||
    fail "-z expert counts $(tail -n1 "$STAGE/expert-check") response items for $responses responses"
