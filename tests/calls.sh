#!/usr/bin/env bash
# calls.sh EXPECTED CAPTURE...: tshark -q -z sipdiag,calls on each capture
# (one-pass), against a reviewed file; two-pass (-2) must print the same,
# and the CSV form and a filter are checked on the first capture. The GUI's
# table (Telephony > SIP calls, tshark -z sipdiag,calltable) must list the
# same calls with the same frame, outcome, code and verdict as the CSV form.
. "$(dirname "$0")/lib.sh"

# The CSV form's start frame, outcome, code and verdict, one call a line.
csv_rows() {
    awk 'NR > 1 {
        n = 0; field = ""; quoted = 0
        for (i = 1; i <= length($0); i++) {
            c = substr($0, i, 1)
            if (quoted) {
                if (c == "\"" && substr($0, i + 1, 1) == "\"") { field = field c; i++ }
                else if (c == "\"") quoted = 0
                else field = field c
            } else if (c == "\"") quoted = 1
            else if (c == ",") { f[++n] = field; field = "" }
            else field = field c
        }
        f[++n] = field
        print f[2] "|" f[6] "|" (f[7] == "" ? "-" : f[7]) "|" f[13]
    }'
}

# The same from the GUI table as tshark prints it ("value |" per column).
gui_rows() {
    awk -F' [|]' '/^SIP calls$/ { rows = 1; next } /^=+$/ { rows = 0 }
        rows && NF >= 13 { print $2 "|" $6 "|" $7 "|" substr($13, 1) }' | sed 's/^ *//; s/| */|/g'
}

expected=$1
shift
for capture in "$@"; do
    name=$(basename "$capture" .pcapng)
    cp "$capture" "$STAGE/in/$name.pcapng"
    chmod 644 "$STAGE/in/$name.pcapng"
    echo "## $name"
    sd_tshark -r "$STAGE/in/$name.pcapng" -q -z sipdiag,calls >"$STAGE/one"
    sd_tshark -2 -r "$STAGE/in/$name.pcapng" -q -z sipdiag,calls >"$STAGE/two"
    cmp -s "$STAGE/one" "$STAGE/two" || fail "$name: one-pass and two-pass tables differ: $(diff "$STAGE/one" "$STAGE/two")"
    sd_tshark -r "$STAGE/in/$name.pcapng" -q -z sipdiag,calls,csv | csv_rows >"$STAGE/csv-rows"
    sd_tshark -r "$STAGE/in/$name.pcapng" -q -z sipdiag,calltable | gui_rows >"$STAGE/gui-rows"
    calls=$(sed -n 's/^Calls: \([0-9]*\) .*/\1/p' "$STAGE/one")
    [ "$(wc -l <"$STAGE/gui-rows")" = "$calls" ] ||
        fail "$name: the GUI table has $(wc -l <"$STAGE/gui-rows") rows, the calls table $calls calls"
    cmp -s "$STAGE/csv-rows" "$STAGE/gui-rows" ||
        fail "$name: the GUI table's calls differ from -z sipdiag,calls: $(diff "$STAGE/csv-rows" "$STAGE/gui-rows")"
    grep -v '^=*$' "$STAGE/one"
done >"$STAGE/actual"
first=$(basename "$1" .pcapng)
{
    echo "## $first, csv"
    sd_tshark -r "$STAGE/in/$first.pcapng" -q -z sipdiag,calls,csv
    echo "## $first, csv and a filter no call message matches"
    sd_tshark -r "$STAGE/in/$first.pcapng" -q -z "sipdiag,calls,csv,ip.src==192.0.2.99"
} >>"$STAGE/actual"
expect_file "$expected" "$STAGE/actual"
