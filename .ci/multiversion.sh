#!/usr/bin/env bash
# Builds sipdiag and runs its whole test suite against the other Wireshark
# releases its users have, each in a Debian root made (or reused) by
# debian-root.sh:
#   trixie  Debian 13, Wireshark 4.4, found through WiresharkConfig.cmake
#           (Debian's wireshark-dev is installed there)
#   sid     Debian unstable, Wireshark 4.6, found through pkg-config
# Wireshark 4.0 (Debian 12, pkg-config) is the host build .ci/run tests first.
# Runs as root. Roots live in $SIPDIAG_ROOTS (default /var/cache/sipdiag-roots).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
roots=${SIPDIAG_ROOTS:-/var/cache/sipdiag-roots}

command -v debootstrap >/dev/null || apt-get install -y -q --no-install-recommends debootstrap

# The repository's parent is bound at /src, so ../shared is there too when present.
export SIPDIAG_SRC
SIPDIAG_SRC=$(dirname "$repo")
export SIPDIAG_WORKDIR="/src/$(basename "$repo")"

run_suite() {
    local suite=$1 discovery=$2
    echo "=== Wireshark on Debian $suite ($discovery)"
    "$repo/.ci/debian-root.sh" "$suite" "$roots/$suite" -- sh -ec '
        rm -rf /tmp/sipdiag-build
        cmake -S . -B /tmp/sipdiag-build -DSIPDIAG_WERROR=ON | tee /tmp/configure.log
        grep -q "found through $1" /tmp/configure.log ||
            { echo "expected Wireshark to be found through $1"; exit 1; }
        cmake --build /tmp/sipdiag-build
        ctest --test-dir /tmp/sipdiag-build --output-on-failure' sh "$discovery"
}

SIPDIAG_ROOT_EXTRA_PACKAGES=wireshark-dev run_suite trixie WiresharkConfig.cmake
run_suite sid pkg-config
