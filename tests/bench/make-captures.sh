#!/usr/bin/env bash
# make-captures.sh OUTDIR [--check]
#
# Writes sipdiag's benchmark captures into OUTDIR, byte for byte the same on
# every run (fixed seed, fixed timestamps; see gen-captures.py):
#   sip-large.pcap  >= 200,000 SIP messages (~288,000 packets, ~110 MB)
#   non-sip.pcap    >= 100,000 packets of HTTP/1.1 over TCP and DNS over UDP
# --check then prints capinfos, the protocol hierarchy and the SIP status
# codes of each file (needs tshark and capinfos).
#
# Needs the Debian package python3 (standard library only).

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() {
    echo "usage: $0 OUTDIR [--check]" >&2
    exit 2
}

[ $# -ge 1 ] || usage
OUTDIR=$1
CHECK=0
[ $# -lt 2 ] || { [ "$2" = --check ] && CHECK=1; } || usage

PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null || {
    echo "make-captures.sh: $PYTHON not found (Debian package python3: apt-get install python3)" >&2
    exit 1
}

mkdir -p "$OUTDIR"
"$PYTHON" "$HERE/gen-captures.py" "$OUTDIR"

if [ "$CHECK" = 1 ]; then
    for f in "$OUTDIR/sip-large.pcap" "$OUTDIR/non-sip.pcap"; do
        echo "=== $f"
        capinfos -c -s -u -H "$f"
        tshark -n -r "$f" -q -z io,phs 2>/dev/null | sed -n '/^eth/,/^====/p'
        echo "SIP status codes (count, code):"
        tshark -n -r "$f" -Y sip.Status-Code -T fields -e sip.Status-Code 2>/dev/null \
            | tr ',' '\n' | sort | uniq -c
    done
fi
