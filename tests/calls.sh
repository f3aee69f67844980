#!/usr/bin/env bash
# calls.sh EXPECTED CAPTURE...: tshark -q -z sipdiag,calls on each capture
# (one-pass), against a reviewed file; two-pass (-2) must print the same,
# and the CSV form and a filter are checked on the first capture.
. "$(dirname "$0")/lib.sh"

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
