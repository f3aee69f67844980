#!/usr/bin/env bash
# install.sh: what README's install steps promise, without touching anything
# installed on this machine (the user's home is a temporary folder, the
# system folder is only ever written under DESTDIR).
#  - A user who configures, builds and runs cmake --install gets sipdiag.so in
#    the personal plugin folder, and that user's tshark loads it from there.
#  - With -DSIPDIAG_INSTALL_SYSTEM=ON (README's Quick start) it goes to
#    Wireshark's system folder instead, whichever way the build folder was
#    configured before; root gets that folder by default.
#  - The uninstall target removes the plugin and the installed profile, says
#    what it removed, and says so when there is nothing to remove.
. "$(dirname "$0")/lib.sh"

src="$STAGE/src"
mkdir "$src"
(cd "$SIPDIAG_SOURCE_DIR" && cp -r CMakeLists.txt cmake plugin data "$src/")
chmod -R a+rX "$src"
chmod 777 "$STAGE" # the user builds in here
build="$STAGE/user-build"
mkdir -p "$STAGE/no-plugins"

as_user() {
    env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$STAGE/home" "${AS_USER[@]}" "$@"
}

# configure ARGS...: configure the user's build folder; prints the install folder.
configure() {
    as_user cmake -S "$src" -B "$build" -DBUILD_TESTING=OFF "$@" >"$STAGE/configure.log" ||
        fail "configure as a user failed: $(cat "$STAGE/configure.log")"
    sed -n 's/.*cmake --install puts sipdiag.so in //p' "$STAGE/configure.log"
}

# uninstall [ENV...]: run the uninstall target as the user; its messages in $STAGE/uninstall.log.
uninstall() {
    as_user env "$@" cmake --build "$build" --target uninstall >"$STAGE/uninstall.out" 2>&1 ||
        fail "the uninstall target failed: $(cat "$STAGE/uninstall.out")"
    sed -n 's/^-- //p' "$STAGE/uninstall.out" >"$STAGE/uninstall.log"
}

# --- the personal folder, the default for a user
personal="$STAGE/home/.local/lib/wireshark/plugins/$SIPDIAG_WS_VERSION/epan"
[ "$(configure)" = "$personal" ] ||
    fail "a user's default install folder is not $personal: $(grep 'puts sipdiag' "$STAGE/configure.log")"
as_user cmake --build "$build" >"$STAGE/build.log" 2>&1 || fail "build failed: $(cat "$STAGE/build.log")"
as_user cmake --install "$build" >/dev/null || fail "cmake --install failed"
[ -f "$personal/sipdiag.so" ] || fail "cmake --install did not put sipdiag.so in $personal"

# An empty WIRESHARK_PLUGIN_DIR takes the place of the system folder, so a
# sipdiag.so installed there cannot be the one loaded; the personal folder is
# still searched.
as_user env WIRESHARK_PLUGIN_DIR="$STAGE/no-plugins" tshark -G plugins >"$STAGE/plugins.txt" 2>&1
grep -F "$personal/sipdiag.so" "$STAGE/plugins.txt" ||
    fail "tshark did not load the installed plugin from the personal folder: $(cat "$STAGE/plugins.txt")"
! grep -q 'multiple directories' "$STAGE/plugins.txt" || fail "tshark found a second sipdiag.so"
echo "installed and loaded from $personal"

# --- uninstall: the plugin and the profile, each file named once
as_user cmake --build "$build" --target install-profile >/dev/null || fail "install-profile failed"
profile="$STAGE/home/.config/wireshark/profiles/sipdiag"
[ -f "$profile/preferences" ] || fail "install-profile did not install $profile"
uninstall
(cd "$SIPDIAG_SOURCE_DIR/data/profile/sipdiag" && ls) | sed "s|^|Removed $profile/|" >"$STAGE/want"
printf 'Removed %s\n' "$personal/sipdiag.so" "$profile" | cat - "$STAGE/want" | sort >"$STAGE/want.sorted"
sort "$STAGE/uninstall.log" | diff -u "$STAGE/want.sorted" - || fail "uninstall did not report exactly what it removed"
[ ! -e "$personal/sipdiag.so" ] || fail "the uninstall target left sipdiag.so behind"
[ ! -e "$profile" ] || fail "the uninstall target left the profile behind"
uninstall
grep -q '^Nothing removed' "$STAGE/uninstall.log" && [ "$(wc -l <"$STAGE/uninstall.log")" = 1 ] ||
    fail "a second uninstall did not say that nothing was removed: $(cat "$STAGE/uninstall.out")"
echo "uninstall removes the plugin and the profile, and says what it removed"

# A profile Wireshark has written to since (its "recent" file) keeps its folder.
as_user cmake --build "$build" --target install-profile >/dev/null || fail "install-profile failed"
as_user touch "$profile/recent"
uninstall
grep -qx "Kept $profile: .*" "$STAGE/uninstall.log" && [ -f "$profile/recent" ] &&
    [ ! -e "$profile/preferences" ] || fail "uninstall removed a file it did not install: $(cat "$STAGE/uninstall.log")"

# --- the system folder, asked for; written only under DESTDIR here
system=$(configure -DSIPDIAG_INSTALL_SYSTEM=ON)
case "$system" in
    "$STAGE"/*) fail "-DSIPDIAG_INSTALL_SYSTEM=ON still installs into the home: $system" ;;
    /*/plugins/"$SIPDIAG_WS_VERSION"/epan) ;;
    *) fail "-DSIPDIAG_INSTALL_SYSTEM=ON does not give a Wireshark plugin folder: $system" ;;
esac
destdir="$STAGE/destdir"
as_user env DESTDIR="$destdir" cmake --install "$build" >/dev/null || fail "cmake --install with DESTDIR failed"
[ -f "$destdir$system/sipdiag.so" ] || fail "no sipdiag.so in $destdir$system"
uninstall DESTDIR="$destdir"
grep -qxF "Removed $destdir$system/sipdiag.so" "$STAGE/uninstall.log" && [ ! -e "$destdir$system/sipdiag.so" ] ||
    fail "uninstall with DESTDIR did not remove $destdir$system/sipdiag.so: $(cat "$STAGE/uninstall.log")"
echo "-DSIPDIAG_INSTALL_SYSTEM=ON installs into $system"
[ "$(configure -DSIPDIAG_INSTALL_SYSTEM=OFF)" = "$personal" ] ||
    fail "configured again with the option off, the install folder stays $system"

if [ "$(id -u)" = 0 ]; then
    root_dir=$(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root \
        cmake -S "$src" -B "$STAGE/root-build" -DBUILD_TESTING=OFF | sed -n 's/.*puts sipdiag.so in //p')
    [ "$root_dir" = "$system" ] || fail "root's default install folder is $root_dir, not $system"
    echo "root installs into $root_dir"
fi
