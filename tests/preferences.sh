#!/usr/bin/env bash
# preferences.sh CAPTURE_DIR: each preference and the user table "SIP response
# remedies" change what tshark prints, the way the README says.
. "$(dirname "$0")/lib.sh"

dir=$1
busy=$(stage "$dir/invite-486.pcapng")
unregistered=$(stage "$dir/unregistered-code.pcapng")
checked=0
ok() { echo "ok: $*"; checked=$((checked + 1)); }

# The severity and summary of each SIPDIAG line of -z expert.
expert_lines() {
    awk '/^Errors \(/ { s = "Error" } /^Warns \(/ { s = "Warning" } /^Notes \(/ { s = "Note" }
         /^Chats \(/ { s = "Chat" }
         $3 == "SIPDIAG" { $1 = $2 = $3 = ""; sub(/^ +/, ""); print s "\t" $0 }'
}
codes() { sd_tshark "$@" -T fields -e sipdiag.code | grep . | tr '\n' ' ' | sed 's/ $//'; }
bool() { sed 's/^True$/1/; s/^False$/0/'; }

# Severity per class.
sd_tshark -r "$busy" -q -z expert | expert_lines >"$STAGE/default"
grep -q "^Warning	SIP 486 Busy Here" "$STAGE/default" || fail "486 is not a Warning by default: $(cat "$STAGE/default")"
grep -q "^Chat	SIP 100 Trying" "$STAGE/default" || fail "100 is not Chat by default"
sd_tshark -o sipdiag.severity_4xx:error -o sipdiag.severity_1xx:note -r "$busy" -q -z expert | expert_lines >"$STAGE/changed"
grep -q "^Error	SIP 486 Busy Here" "$STAGE/changed" || fail "severity_4xx:error: $(cat "$STAGE/changed")"
grep -q "^Note	SIP 100 Trying" "$STAGE/changed" || fail "severity_1xx:note: $(cat "$STAGE/changed")"
ok "sipdiag.severity_<class> sets the expert severity"

# Annotating 1xx/2xx.
[ "$(codes -r "$busy")" = "100 486" ] || fail "default annotates: $(codes -r "$busy")"
[ "$(codes -o sipdiag.annotate_success:FALSE -r "$busy")" = "486" ] ||
    fail "annotate_success:FALSE annotates: $(codes -o sipdiag.annotate_success:FALSE -r "$busy")"
ok "sipdiag.annotate_success:FALSE leaves 1xx and 2xx alone"

# The Info column label.
sd_tshark -r "$busy" | grep "Status: 486 Busy Here | \[Busy at this device only" >/dev/null || fail "no Info label by default"
! sd_tshark -o sipdiag.info_label:FALSE -r "$busy" | grep '\[Busy at' >/dev/null || fail "info_label:FALSE still labels"
ok "sipdiag.info_label:FALSE keeps the Info column as SIP wrote it"

# A user row overrides a registered code's remedy and keeps the rest.
row='uat:sipdiag_remedies:"486","","","","Call the customer back"'
# '|' separates: read would merge the empty columns of tab-separated output.
fields=(-Y "sipdiag.code == 486" -T fields -E separator='|' -e sipdiag.remedy -e sipdiag.from_user_table
        -e sipdiag.description)
IFS='|' read -r remedy from_user description < <(sd_tshark -o "$row" -r "$busy" "${fields[@]}")
[ "$remedy" = "Call the customer back" ] || fail "override remedy: $remedy"
[ "$(echo "$from_user" | bool)" = 1 ] || fail "sipdiag.from_user_table: $from_user"
[[ "$description" == "The callee's device was reached"* ]] || fail "an empty description must keep the built-in one"
sd_tshark -o "$row" -r "$busy" -q -z expert | expert_lines | grep "^Warning	SIP 486 Busy Here: Call the customer back" >/dev/null ||
    fail "the expert item does not carry the site remedy"
ok "a user row overrides the remedy of 486"

# A user row adds an unregistered code.
add='uat:sipdiag_remedies:"499","Vendor Busy","Their switch says busy","Trunk group 3 at capacity","Ask the carrier for more channels"'
IFS='|' read -r remedy treated registered cause < <(sd_tshark -o "$add" -r "$unregistered" -Y "sipdiag.code == 499" \
    -T fields -E separator='|' -e sipdiag.remedy -e sipdiag.treated_as -e sipdiag.registered -e sipdiag.cause)
[ "$remedy" = "Ask the carrier for more channels" ] && [ -z "$treated" ] && [ "$(echo "$registered" | bool)" = 0 ] &&
    [ "$cause" = "Trunk group 3 at capacity" ] || fail "added 499: '$remedy' '$treated' '$registered' '$cause'"
[ "$(sd_tshark -o "$add" -r "$unregistered" -Y "sipdiag.code == 418" -T fields -e sipdiag.treated_as)" = 400 ] ||
    fail "418 must still be treated as 400"
ok "a user row adds code 499; other unregistered codes keep their x00"

# Bad rows in the table file are refused with a message; the others still apply.
mkdir -p "$STAGE/home/.config/wireshark"
printf '%s\n' '"486","","","","Call the customer back"' '"999","x","","","y"' \
    '"480","","","","Check the DND list"' '"487","","","",""' >"$STAGE/home/.config/wireshark/sipdiag_remedies"
chmod -R a+rX "$STAGE/home/.config"
ns=$(stage "$dir/nonstandard-phrase.pcapng")
sd_tshark -r "$ns" -Y "sipdiag.code == 480 || sipdiag.code == 486" -T fields -e sipdiag.code -e sipdiag.remedy \
    >"$STAGE/file.out" 2>"$STAGE/file.err"
grep -q 'code "999" is not a status code from 100 to 699; row refused' "$STAGE/file.err" || fail "no message for 999"
grep -q 'the row for code 487 has an empty remedy; row refused' "$STAGE/file.err" || fail "no message for 487"
grep -q "^486	Call the customer back$" "$STAGE/file.out" || fail "the row before the bad one was lost"
grep -q "^480	Check the DND list$" "$STAGE/file.out" || fail "the row after the bad one was lost"
ok "bad rows in the table file are refused with their message; good rows around them apply"
rm "$STAGE/home/.config/wireshark/sipdiag_remedies"

# A bad row given with -o: tshark refuses the flag with the message.
if sd_tshark -o 'uat:sipdiag_remedies:"700","x","","","y"' -r "$busy" >/dev/null 2>"$STAGE/o.err"; then
    fail "tshark accepted an out-of-range row"
fi
grep -q 'code "700" is not a status code from 100 to 699' "$STAGE/o.err" || fail "-o message: $(cat "$STAGE/o.err")"
ok "-o with a bad row is refused with its message"
# Wireshark's own SIP preference strict_sip_version: sipdiag reads a start line
# as the SIP dissector does, so "sip/2.0" messages count only when it is off.
version=$(stage "$dir/hostile/start-line-version.pcapng")
answered() { sd_tshark "$@" -r "$version" -T fields -e frame.number -e sipdiag.code -e sipdiag.request_in |
    awk -F'\t' '$2 != "" { printf "%s:%s<-%s ", $1, $2, $3 }'; }
[ "$(answered)" = "4:486<-3 " ] || fail "strict_sip_version on: $(answered)"
[ "$(answered -o sip.strict_sip_version:FALSE)" = "2:486<-1 4:486<-3 " ] ||
    fail "strict_sip_version off: $(answered -o sip.strict_sip_version:FALSE)"
ok "sip.strict_sip_version decides which start lines sipdiag reads, requests as well as responses"
echo "$checked preference checks"
