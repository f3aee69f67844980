#!/usr/bin/env bash
# static-analysis.sh [BUILD_DIR]: cppcheck and clang-tidy on sipdiag's C
# sources (plugin/*.c); exits non-zero if either reports anything.
#
# Needs cppcheck and clang-tidy (Debian 12: apt-get install cppcheck clang-tidy,
# which is clang-tidy 14) and the build's own dependencies, since clang-tidy
# reads the compile commands of a configured build tree: BUILD_DIR, default
# build-analysis (configured here with CMAKE_EXPORT_COMPILE_COMMANDS=ON).
#
# The checks and every exclusion are explained in .clang-tidy. A finding that
# is a false positive gets an inline suppression next to the code, with the
# reason: "// NOLINT(check): why" or "// cppcheck-suppress id".
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-analysis}

for tool in cppcheck clang-tidy cmake; do
    command -v "$tool" >/dev/null || { echo "static-analysis.sh: $tool is needed" >&2; exit 2; }
done
status=0

# cppcheck on sipdiag's own sources only. With -I /usr/include/wireshark it
# stops at Wireshark's export macros (unknownMacro in epan/value_string.h) and
# spends its 12-configuration budget on Wireshark's #ifdefs (_WIN32, SSE4.2)
# instead of sipdiag's code; clang-tidy below sees the real Wireshark headers.
# GLib (g_malloc, GSList...) is known to cppcheck through --library=gtk.
echo "== cppcheck $(cppcheck --version | sed 's/^Cppcheck //')"
cppcheck --quiet --enable=warning,style,performance,portability --inline-suppr \
    --error-exitcode=1 --std=c11 --library=gtk -I plugin plugin/ || status=1

# clang-tidy with the compiler flags of a real build (Wireshark and GLib
# include paths from pkg-config or WiresharkConfig.cmake).
echo "== $(clang-tidy --version | grep -o 'LLVM version [0-9.]*' | sed 's/LLVM/clang-tidy, LLVM/')"
cmake -S . -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
clang-tidy -p "$build" --quiet plugin/*.c 2>/dev/null || status=1

if [ "$status" = 0 ]; then
    echo "static analysis: no findings"
else
    echo "static analysis: findings above" >&2
fi
exit "$status"
