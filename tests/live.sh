#!/usr/bin/env bash
# live.sh CAPTURE: tshark reading a live stream (-i - from a pipe) annotates
# each response as it arrives, while the stream is still flowing, and ends up
# with the same annotations as reading the file.
. "$(dirname "$0")/lib.sh"
skip_if_sanitized "tshark -i"

capture=$(stage "$1")
editcap -F pcap "$capture" "$STAGE/stream.pcap"
mkdir "$STAGE/packets"
editcap -F pcap -c 1 "$STAGE/stream.pcap" "$STAGE/packets/p.pcap"
packets=("$STAGE"/packets/p_*.pcap)
[ "${#packets[@]}" -gt 1 ] || fail "could not split $1 into packets"

fields=(-T fields -e frame.number -e sipdiag.code -e sipdiag.class)
sd_tshark -r "$capture" "${fields[@]}" >"$STAGE/offline"
first_response=$(awk -F'\t' '$2 != "" { print $1; exit }' "$STAGE/offline")
[ -n "$first_response" ] || fail "no response in $1"

mkfifo "$STAGE/feed"
sd_tshark -l -i - "${fields[@]}" <"$STAGE/feed" >"$STAGE/live" 2>"$STAGE/live.err" &
tshark_pid=$!
exec 3>"$STAGE/feed"
head -c 24 "${packets[0]}" >&3 # the pcap file header, once

sent=0
for packet in "${packets[@]}"; do
    tail -c +25 "$packet" >&3
    sent=$((sent + 1))
    if [ "$sent" = "$first_response" ]; then
        # The stream stays open: the annotation must come out now, not at the end.
        for _ in $(seq 100); do
            grep -q "^$first_response	[0-9]" "$STAGE/live" && break
            sleep 0.1
        done
        grep -q "^$first_response	[0-9]" "$STAGE/live" ||
            fail "frame $first_response not annotated while the stream was flowing: $(cat "$STAGE/live.err")"
        echo "frame $first_response annotated live, with $((${#packets[@]} - sent)) packets still to come"
    fi
    sleep 0.05
done
exec 3>&-
wait "$tshark_pid" || fail "tshark -i - failed: $(cat "$STAGE/live.err")"
diff -u "$STAGE/offline" "$STAGE/live" || fail "live annotations differ from the file's"
