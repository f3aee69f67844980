#!/usr/bin/env bash
# make.sh: (re)writes the hostile captures (captures/hostile/*.pcapng), then
# shows how tshark sees each SIP frame, for checking against README.md.
#
# These captures are crafted byte by byte (make_hostile.py): no real SIP
# software sends them. Needs python3 (standard library only; Debian: python3)
# and, for the summary, tshark. The output is reproducible byte for byte:
# fixed addresses, ports and timestamps, no randomness.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

command -v python3 >/dev/null || { echo "make.sh: python3 is needed (apt-get install python3)" >&2; exit 1; }
python3 "$HERE/make_hostile.py" "$HERE"

command -v tshark >/dev/null || { echo "tshark not found: no summary"; exit 0; }
for capture in "$HERE"/*.pcapng; do
    echo
    echo "== $(basename "$capture")"
    # Frame, protocol column, status codes as sip.Status-Code, Info.
    tshark -n -r "$capture" -T fields -E occurrence=a -E aggregator=, \
        -e frame.number -e _ws.col.Protocol -e sip.Status-Code -e _ws.col.Info 2>/dev/null |
        cut -c1-150
done
