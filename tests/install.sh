#!/usr/bin/env bash
# install.sh: what README's install steps promise.
#  - A user who configures, builds and runs cmake --install gets sipdiag.so in
#    the personal plugin folder, and that user's tshark loads it from there
#    (no WIRESHARK_PLUGIN_DIR); the uninstall target removes it.
#  - Configured by root, the default is Wireshark's system folder, since
#    Wireshark running as root ignores personal plugins.
. "$(dirname "$0")/lib.sh"

src="$STAGE/src"
mkdir "$src"
(cd "$SIPDIAG_SOURCE_DIR" && cp -r CMakeLists.txt plugin data "$src/")
chmod -R a+rX "$src"
chmod 777 "$STAGE" # the user builds in here

as_user() {
    env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$STAGE/home" "${AS_USER[@]}" "$@"
}

as_user cmake -S "$src" -B "$STAGE/user-build" -DBUILD_TESTING=OFF >"$STAGE/configure.log" ||
    fail "configure as a user failed: $(cat "$STAGE/configure.log")"
personal="$STAGE/home/.local/lib/wireshark/plugins/$SIPDIAG_WS_VERSION/epan"
grep -q "puts sipdiag.so in $personal\$" "$STAGE/configure.log" ||
    fail "a user's default install folder is not $personal: $(grep 'puts sipdiag' "$STAGE/configure.log")"
as_user cmake --build "$STAGE/user-build" >"$STAGE/build.log" 2>&1 || fail "build failed: $(cat "$STAGE/build.log")"
as_user cmake --install "$STAGE/user-build" >/dev/null || fail "cmake --install failed"
[ -f "$personal/sipdiag.so" ] || fail "cmake --install did not put sipdiag.so in $personal"

as_user tshark -G plugins >"$STAGE/plugins.txt"
grep -F "$personal/sipdiag.so" "$STAGE/plugins.txt" ||
    fail "tshark did not load the installed plugin from the personal folder"
echo "installed and loaded from $personal"

as_user cmake --build "$STAGE/user-build" --target uninstall >/dev/null
[ ! -e "$personal/sipdiag.so" ] || fail "the uninstall target left sipdiag.so behind"

if [ "$(id -u)" = 0 ]; then
    cmake -S "$src" -B "$STAGE/root-build" -DBUILD_TESTING=OFF >"$STAGE/root-configure.log"
    root_dir=$(sed -n 's/.*puts sipdiag.so in //p' "$STAGE/root-configure.log")
    case "$root_dir" in
        "$HOME"/*) fail "root's default install folder is its personal one: $root_dir" ;;
        */plugins/"$SIPDIAG_WS_VERSION"/epan) echo "root installs into $root_dir" ;;
        *) fail "root's default install folder is not a Wireshark plugin folder: $root_dir" ;;
    esac
fi
