#!/usr/bin/env bash
# stats.sh EXPECTED CAPTURE...: tshark -z sipdiag,tree over the captures
# (merged), reduced to its item and count columns, against a reviewed file.
. "$(dirname "$0")/lib.sh"

expected=$1
shift
capture="$STAGE/in/batch.pcapng"
mergecap -a -w "$capture" "$@"
chmod 644 "$capture"
sd_tshark -r "$capture" -q -z sipdiag,tree >"$STAGE/raw"
# Rate and burst columns depend on timing; the items and counts are sipdiag's.
awk '/Topic \/ Item/ { count_at = index($0, "Count"); next }
     count_at && /^-+$/ { if (seen) exit; next }
     count_at && NF {
         seen = 1
         name = substr($0, 1, count_at - 1); sub(/ +$/, "", name)
         split(substr($0, count_at), rest, " ")
         print name "\t" rest[1]
     }' "$STAGE/raw" >"$STAGE/actual"
[ -s "$STAGE/actual" ] || fail "no statistics tree in: $(cat "$STAGE/raw")"
expect_file "$expected" "$STAGE/actual"
