#!/usr/bin/env bash
# install.sh BUILD_DIR INSTALL_DIR: cmake --install puts sipdiag.so where
# Wireshark looks for personal plugins (tshark, as that user, loads it from
# there without WIRESHARK_PLUGIN_DIR), and the uninstall target removes it.
. "$(dirname "$0")/lib.sh"

build_dir=$1 install_dir=$2
personal_suffix="/.local/lib/wireshark/plugins/$SIPDIAG_WS_VERSION/epan"
case "$install_dir" in
    *"$personal_suffix") ;;
    *) skip "configured for a system-wide install ($install_dir)" ;;
esac
home=${install_dir%"$personal_suffix"}

dest="$STAGE/destdir"
DESTDIR="$dest" cmake --install "$build_dir" >/dev/null
[ -f "$dest$install_dir/sipdiag.so" ] || fail "cmake --install did not put sipdiag.so in $install_dir"
chmod -R a+rX "$dest"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$dest$home"

env -i PATH=/usr/bin:/bin HOME="$dest$home" "${AS_USER[@]}" tshark -G plugins >"$STAGE/plugins.txt"
grep -F "$dest$install_dir/sipdiag.so" "$STAGE/plugins.txt" ||
    fail "tshark did not load the installed plugin from the personal folder"

DESTDIR="$dest" cmake --build "$build_dir" --target uninstall >/dev/null
[ ! -e "$dest$install_dir/sipdiag.so" ] || fail "the uninstall target left sipdiag.so behind"
