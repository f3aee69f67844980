#!/usr/bin/env bash
# .ci/fresh-debian.sh DIR [ORDER]: README's Quick start on a fresh Debian 12.
#
# Makes DIR a plain Debian 12 minbase root (a copy of the cached
# $SIPDIAG_ROOTS/bookworm-base.tar when there is one, else debootstrap
# --variant=minbase from this host's mirror), copies this checkout in, and
# runs README's commands (a) and then (b), read from README.md, in ORDER:
#   root-first (default): as root (without sudo, as README says), again as
#                         root, then as a normal user with sudo
#   user-first:           as the user with sudo, again, then as root
# The first (a) runs in a pseudo-terminal whose input never ends, so a
# question from a package would hang it (and time out after 30 minutes).
# Runs as root; DIR is wiped first. Mounts are private to this script.
set -euo pipefail
dir=${1:?usage: fresh-debian.sh DIR [root-first|user-first]}
order=${2:-root-first}
repo=$(cd "$(dirname "$0")/.." && pwd)
roots=${SIPDIAG_ROOTS:-/var/cache/sipdiag-roots}
user=stranger

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
case $order in root-first | user-first) ;; *) echo "bad order: $order" >&2; exit 2 ;; esac
if [ "${_FRESH_NS:-}" != 1 ]; then
    export _FRESH_NS=1
    exec unshare --mount --propagation private -- bash "$0" "$@"
fi
dir=$(realpath -m -- "$dir")
[ "$dir" != / ] || exit 1

log() { printf '\n[fresh-debian %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

log "making a fresh Debian 12 root in $dir"
rm -rf --one-file-system -- "$dir"
mkdir -p -- "$dir"
if [ -f "$roots/bookworm-base.tar" ]; then
    tar -C "$dir" -xf "$roots/bookworm-base.tar"
else
    mirror=$(awk '$1 == "URIs:" { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    debootstrap --variant=minbase bookworm "$dir" "${mirror:-http://deb.debian.org/debian}"
fi
cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
# as an installed system has it (sudo looks the host name up)
printf '127.0.1.1\t%s\n' "$(hostname)" >>"$dir/etc/hosts"
mount -t proc proc "$dir/proc"
mount --rbind /dev "$dir/dev"
mount --make-rslave "$dir/dev"

in_root() { chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb "$@"; }

# The checkout as a fresh clone would have it (tracked and new files, no build).
copy_checkout() {
    local to=$1 owner=$2
    mkdir -p "$dir$to"
    (cd "$repo" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -C "$dir$to" -xf -
    in_root chown -R "$owner" "$to"
}
copy_checkout /root/sipdiag root

# A normal user who may use sudo (without a password, so this runs unattended).
log "adding user $user with sudo"
in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
               DEBIAN_FRONTEND=noninteractive apt-get install -y -q sudo >/dev/null"
in_root useradd -m -s /bin/bash -G sudo "$user"
echo "$user ALL=(ALL:ALL) NOPASSWD: ALL" >"$dir/etc/sudoers.d/$user"
chmod 440 "$dir/etc/sudoers.d/$user"
copy_checkout "/home/$user/sipdiag" "$user:$user"
# that was the only apt-get run outside README's commands; start from cold lists again
rm -rf "$dir"/var/lib/apt/lists/*

a_root=$(bash "$repo/.ci/readme-block.sh" quickstart-a --root "$repo/README.md")
b_root=$(bash "$repo/.ci/readme-block.sh" quickstart-b --root "$repo/README.md")
a_user=$(bash "$repo/.ci/readme-block.sh" quickstart-a "$repo/README.md")
b_user=$(bash "$repo/.ci/readme-block.sh" quickstart-b "$repo/README.md")

# run WHO STEP COMMANDS [pty]
run() {
    local who=$1 step=$2 commands=$3 pty=${4:-}
    local script="/tmp/readme-$step.sh"
    printf 'set -euo pipefail\n%s\n' "$commands" >"$dir$script"
    chmod 755 "$dir$script"
    log "$who: README ($step)"
    printf '%s\n' "$commands"
    local cmd
    if [ "$who" = root ]; then
        cmd=(sh -c "cd /root/sipdiag && exec bash $script")
    else
        cmd=(runuser -u "$user" -- env HOME="/home/$user" USER="$user" sh -c "cd ~/sipdiag && exec bash $script")
    fi
    if [ -n "$pty" ]; then
        # input that stays open and never says anything
        local fifo="$dir/tmp/no-answer" writer rc=0
        rm -f "$fifo" && mkfifo "$fifo"
        sleep 1900 >"$fifo" &
        writer=$!
        timeout 1800 chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 TERM=xterm script -qefc "$(printf '%q ' "${cmd[@]}")" /dev/null \
            <"$fifo" || rc=$?
        kill "$writer" 2>/dev/null || true
        wait "$writer" 2>/dev/null || true
        [ "$rc" = 0 ] || { log "$who: README ($step) FAILED ($rc)"; exit 1; }
    else
        in_root "${cmd[@]}" </dev/null
    fi
    log "$who: README ($step) passed"
}

ab() {
    local who=$1 pty=${2:-}
    if [ "$who" = root ]; then
        run root a "$a_root" "$pty"
        run root b "$b_root"
    else
        run "$user" a "$a_user" "$pty"
        run "$user" b "$b_user"
    fi
}

if [ "$order" = root-first ]; then
    ab root pty; ab root; ab "$user"
else
    ab "$user" pty; ab "$user"; ab root
fi
log "all passed ($order): $(in_root tshark -v 2>/dev/null | head -1)"
