#!/usr/bin/env bash
# .ci/debian-root.sh -- create/reuse a Debian chroot for building and testing
# the sipdiag Wireshark plugin against another Wireshark release.
#
# Usage (as root):
#   .ci/debian-root.sh SUITE DIR                 ensure DIR is a complete SUITE root
#   .ci/debian-root.sh SUITE DIR -- CMD [ARG..]  ensure it, then run CMD inside it
#
#   SUITE  trixie (Wireshark 4.4) | sid/unstable (Wireshark 4.6) | any Debian suite
#   DIR    e.g. /var/cache/sipdiag-roots/trixie
#
# Setup mode
#   If DIR/.sipdiag-root (the marker, written only at the very end of a
#   successful setup) names the same suite and lists every wanted package,
#   nothing is done (no network).  If packages were added to the list, they
#   are installed into the existing root and the marker is rewritten (with the
#   union of old and new lists; nothing is ever removed).  Otherwise
#   the root is created with
#       debootstrap --variant=minbase SUITE DIR MIRROR
#   and the packages are installed with apt-get (no recommends; Release files
#   are accepted even if expired, Acquire::Check-Valid-Until=false).
#   A half-finished debootstrap (DIR/debootstrap/ present) is wiped and redone;
#   a non-empty DIR that does not look like a Debian root is refused.
#
# Run mode (after "--")
#   CMD runs via chroot with /proc and a private devpts (for pseudo-terminals)
#   mounted, /dev bind-mounted only if the
#   root's own /dev/null is unusable, and, if SIPDIAG_SRC is set, that host
#   directory bind-mounted read-write at /src (the working directory then is
#   /src).  The environment is cleared except PATH, HOME=/root, LANG=C.UTF-8,
#   TERM and the variables named in SIPDIAG_PASSENV.  CMD's exit status is
#   returned.  CMD runs as root: use setpriv inside for unprivileged steps, and
#   put build directories outside /src (e.g. /tmp/build) so the shared host
#   tree does not get root-owned files, e.g.
#     SIPDIAG_SRC=$PWD .ci/debian-root.sh trixie /var/cache/sipdiag-roots/trixie -- \
#         sh -c 'cmake -S /src -B /tmp/b && cmake --build /tmp/b'
#
# Mounts: the script re-executes itself in a private mount namespace
# (unshare -m), so every mount it makes (including debootstrap's own
# /proc,/sys) is invisible to the host and disappears with the process, even on
# SIGKILL.  Mounts are additionally unmounted by an EXIT trap.  Without
# unshare the same trap is the only cleanup.
#
# Concurrency: "DIR.lock" is flock'ed, exclusively during setup, shared while
# commands run, so several commands may run in one root at the same time.
#
# Environment
#   SIPDIAG_MIRROR               mirror URL (default: derived from this host's
#                                apt sources, the entry for the host's own
#                                release that also serves SUITE)
#   SIPDIAG_ROOT_EXTRA_PACKAGES  additional packages (space separated)
#   SIPDIAG_SRC                  host directory to bind at /src (run mode)
#   SIPDIAG_WORKDIR              working directory inside the root (run mode;
#                                default /src if SIPDIAG_SRC is set, else /)
#   SIPDIAG_PASSENV              names of variables passed to CMD (run mode)
#
# Exit status: CMD's status in run mode; 0 on success, 1 on error, 2 on usage.
set -euo pipefail

readonly MARKER_NAME=.sipdiag-root
readonly BASE_PACKAGES=(libwireshark-dev libglib2.0-dev tshark cmake gcc make
                        pkgconf libc6-dev util-linux procps)
readonly CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { printf '[debian-root] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
    exit 2
}

# ---------------------------------------------------------------- arguments
ORIG_ARGS=("$@")
[[ $# -ge 2 ]] || usage
SUITE=$1 DIR=$2
shift 2
RUN=0
if [[ $# -gt 0 ]]; then
    [[ $1 == -- && $# -ge 2 ]] || usage
    shift
    RUN=1
fi
[[ $SUITE =~ ^[a-z][a-z0-9-]*$ ]] || die "bad suite name: $SUITE"
[[ $EUID -eq 0 ]] || die "must run as root"
[[ $DIR == /* ]] || DIR=$PWD/$DIR
DIR=$(realpath -m -- "$DIR")
[[ $DIR != / ]] || die "refusing to use / as the root directory"
MARKER=$DIR/$MARKER_NAME
LOCK=$DIR.lock

# -------------------------------------------------- private mount namespace
if [[ ${_SIPDIAG_ROOT_NS:-} != 1 ]] &&
   unshare --mount --propagation private true 2>/dev/null; then
    export _SIPDIAG_ROOT_NS=1
    exec unshare --mount --propagation private -- \
        "$BASH" "$(realpath -- "${BASH_SOURCE[0]}")" "${ORIG_ARGS[@]}"
fi

# ------------------------------------------------------------------ mounts
MOUNTS=()
unmount_all() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -R -- "${MOUNTS[i]}" 2>/dev/null ||
            umount -R -l -- "${MOUNTS[i]}" ||
            log "warning: could not unmount ${MOUNTS[i]}"
    done
    MOUNTS=()
}
# Long-running steps run as a background child so that HUP/INT/TERM reach
# the script at once; the signal is passed on to the child, the script waits
# for it, and the EXIT trap then unmounts.
CHILD=""
on_signal() {
    if [[ -n $CHILD ]]; then
        kill -s "$1" "$CHILD" 2>/dev/null || true
        wait "$CHILD" 2>/dev/null || true
    fi
    exit "$2"
}
run_child() {
    local rc=0
    "$@" <&0 9>&- &
    CHILD=$!
    wait "$CHILD" || rc=$?
    CHILD=""
    return "$rc"
}
trap unmount_all EXIT
trap 'on_signal HUP 129' HUP
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

# mount_in_root TARGET-INSIDE-ROOT MOUNT-ARGS...
mount_in_root() {
    local target=$DIR$1
    shift
    [[ -d $target && ! -L $target ]] || die "$target is not a plain directory"
    mount "$@" -- "$target"
    MOUNTS+=("$target")
}

dev_null_usable() { [[ -c $DIR/dev/null ]] && : 2>/dev/null >"$DIR/dev/null"; }

# Pseudo-terminals (tests run programs under script(1)): a devpts instance of
# the root's own, with /dev/ptmx pointing into it.  Without one, only warn.
mount_ptys() {
    mkdir -p -- "$DIR/dev/pts"
    [[ -e $DIR/dev/ptmx ]] || : >"$DIR/dev/ptmx"
    if mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts -- "$DIR/dev/pts"; then
        MOUNTS+=("$DIR/dev/pts")
        mount --bind -- "$DIR/dev/pts/ptmx" "$DIR/dev/ptmx" && MOUNTS+=("$DIR/dev/ptmx")
    else
        log "warning: no pseudo-terminals in the root (devpts could not be mounted)"
    fi
}

mount_runtime() {                     # /proc, pseudo-terminals, and /dev if needed
    mount_in_root /proc -t proc proc
    if ! dev_null_usable; then
        mount_in_root /dev --rbind /dev
        mount --make-rslave -- "$DIR/dev"
    else
        mount_ptys
    fi
}

# ------------------------------------------------------------------- mirror
# Print "URI SUITE COMPONENTS..." for every enabled deb entry of this host's
# apt sources (one-line *.list and deb822 *.sources formats).
apt_source_entries() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $f ]] || continue
        sed -E 's/#.*//; s/\[[^]]*\]//' "$f" |
            awk '$1 == "deb" && NF >= 3 { $1 = ""; sub(/^ /, ""); print }'
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
        {
            delete v; key = ""
            for (i = 1; i <= NF; i++) {
                line = $i
                if (line ~ /^#/) continue
                if (line ~ /^[ \t]/) { if (key != "") v[key] = v[key] " " line; continue }
                p = index(line, ":"); if (!p) continue
                key = tolower(substr(line, 1, p - 1))
                v[key] = substr(line, p + 1)
            }
            if (tolower(v["enabled"]) ~ /no/) next
            if (v["types"] !~ /(^|[ \t])deb([ \t]|$)/) next
            nu = split(v["uris"], u, /[ \t]+/); ns = split(v["suites"], s, /[ \t]+/)
            for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++)
                if (u[a] != "" && s[b] != "") print u[a], s[b], v["components"]
        }' "$f"
    done
}

derive_mirror() {
    if [[ -n ${SIPDIAG_MIRROR:-} ]]; then
        printf '%s\n' "$SIPDIAG_MIRROR"
        return
    fi
    local codename uri suite comps first="" pref=() other=()
    # shellcheck disable=SC1091
    codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
    while read -r uri suite comps; do
        [[ $uri =~ ^(https?|ftp|file):// && " $comps " == *" main "* ]] || continue
        if [[ -n $codename && $suite == "$codename" ]]; then
            pref+=("${uri%/}")
        elif [[ $suite != *[-/]* ]]; then
            other+=("${uri%/}")
        fi
    done < <(apt_source_entries)
    for uri in "${pref[@]}" "${other[@]}"; do
        [[ -n $first ]] || first=$uri
        if wget -q -T 20 -t 2 --spider "$uri/dists/$SUITE/Release" 2>/dev/null ||
           [[ $uri == file://* && -e ${uri#file://}/dists/$SUITE/Release ]]; then
            printf '%s\n' "$uri"
            return
        fi
    done
    [[ -n $first ]] || die "no Debian mirror found in /etc/apt/sources*; set SIPDIAG_MIRROR"
    log "warning: no mirror in /etc/apt/sources* answered for dists/$SUITE; trying $first"
    printf '%s\n' "$first"
}

# -------------------------------------------------------------------- setup
canon_suite() { [[ $1 == unstable ]] && echo sid || echo "$1"; }

wanted_packages() {
    # shellcheck disable=SC2086
    printf '%s\n' "${BASE_PACKAGES[@]}" ${SIPDIAG_ROOT_EXTRA_PACKAGES:-} |
        sort -u | paste -sd' '
}

marker_field() { sed -n "s/^$1=//p" "$MARKER" 2>/dev/null | head -n1; }

in_root() {
    run_child chroot "$DIR" /usr/bin/env -i "PATH=$CHROOT_PATH" HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true "$@"
}

configure_root() {
    local proxy=""
    install -d "$DIR/etc/apt/apt.conf.d"
    {
        echo 'Acquire::Check-Valid-Until "false";'
        echo 'Acquire::Retries "3";'
        echo 'APT::Install-Recommends "false";'
        echo 'APT::Install-Suggests "false";'
        echo 'Dpkg::Use-Pty "0";'
        echo 'Dpkg::Options { "--force-confdef"; "--force-confold"; };'
        eval "$(apt-config shell proxy Acquire::http::Proxy)"
        [[ -z $proxy ]] || printf 'Acquire::http::Proxy "%s";\n' "$proxy"
    } >"$DIR/etc/apt/apt.conf.d/90sipdiag"
    # no daemons may be started from maintainer scripts
    printf '#!/bin/sh\nexit 101\n' >"$DIR/usr/sbin/policy-rc.d"
    chmod 755 "$DIR/usr/sbin/policy-rc.d"
    rm -f "$DIR/etc/resolv.conf"
    cp -L /etc/resolv.conf "$DIR/etc/resolv.conf" 2>/dev/null || true
}

install_packages() {
    local -a pkgs
    read -r -a pkgs <<<"$1"
    local apt=(apt-get -q -y -o Acquire::Check-Valid-Until=false)
    mount_runtime
    in_root "${apt[@]}" update
    in_root dpkg --configure -a       # finish an interrupted earlier run
    if ! in_root "${apt[@]}" --no-install-recommends install "${pkgs[@]}"; then
        log "apt-get install failed; trying apt-get -f install and retrying"
        in_root "${apt[@]}" -f install
        in_root "${apt[@]}" --no-install-recommends install "${pkgs[@]}"
    fi
    in_root apt-get clean
    unmount_all
}

wipe_partial_root() {
    findmnt -rno TARGET | grep -qF -- "$DIR/" &&
        die "$DIR has mounts below it; unmount them first"
    [[ -d $DIR/debootstrap ]] || die "internal: $DIR is not a partial debootstrap"
    log "removing incomplete debootstrap in $DIR"
    rm -rf --one-file-system -- "$DIR"
}

# Packages wanted now but not listed in the marker (all of them if no marker).
missing_packages() {
    comm -23 <(wanted_packages | tr ' ' '\n') \
             <(marker_field packages | tr ' ' '\n' | sort -u) | paste -sd' '
}

root_is_current() {
    [[ -f $MARKER &&
       $(canon_suite "$(marker_field suite)") == $(canon_suite "$SUITE") &&
       -z $(missing_packages) ]]
}

ensure_root() {
    local want have_suite mirror ver
    want=$(wanted_packages)
    if [[ -f $MARKER ]]; then
        have_suite=$(marker_field suite)
        [[ $(canon_suite "$have_suite") == $(canon_suite "$SUITE") ]] ||
            die "$DIR is a '$have_suite' root, not '$SUITE'"
        if [[ -z $(missing_packages) ]]; then
            log "reusing complete $SUITE root $DIR"
            return
        fi
        log "packages added to the list ($(missing_packages)); updating $DIR"
        want=$(printf '%s %s' "$want" "$(marker_field packages)" |
               tr ' ' '\n' | sed '/^$/d' | sort -u | paste -sd' ')
    else
        if [[ -d $DIR/debootstrap ]]; then
            wipe_partial_root
        fi
        if [[ -d $DIR ]] && [[ -n $(ls -A -- "$DIR") ]]; then
            [[ -f $DIR/var/lib/dpkg/status && -x $DIR/usr/bin/apt-get ]] ||
                die "$DIR is not empty and not a Debian root; refusing to touch it"
            log "bootstrapped but unfinished root found; continuing setup"
        else
            mirror=$(derive_mirror)
            log "debootstrap --variant=minbase $SUITE $DIR $mirror"
            mkdir -p -- "$DIR"
            run_child debootstrap --variant=minbase "$SUITE" "$DIR" "$mirror" ||
                die "debootstrap failed (see $DIR/debootstrap/debootstrap.log)"
        fi
    fi
    configure_root
    install_packages "$want"
    ver=$(in_root pkg-config --modversion wireshark) ||
        die "wireshark pkg-config module missing in $DIR"
    rm -f -- "$MARKER"
    {
        echo "suite=$SUITE"
        echo "packages=$want"
        echo "mirror=${mirror:-$(awk '$1 == "deb" { print $2; exit }' \
                                 "$DIR/etc/apt/sources.list" 2>/dev/null)}"
        echo "wireshark=$ver"
        echo "completed=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    } >"$MARKER.tmp"
    mv -f -- "$MARKER.tmp" "$MARKER"
    log "$SUITE root ready in $DIR (Wireshark $ver)"
}

run_in_root() {
    local workdir=/ var rc
    local -a envs=("PATH=$CHROOT_PATH" HOME=/root LANG=C.UTF-8 "TERM=${TERM:-dumb}")
    mount_runtime
    if [[ -n ${SIPDIAG_SRC:-} ]]; then
        [[ -d $SIPDIAG_SRC ]] || die "SIPDIAG_SRC=$SIPDIAG_SRC is not a directory"
        install -d -m 755 -- "$DIR/src"
        mount_in_root /src --bind "$(realpath -- "$SIPDIAG_SRC")"
        workdir=/src
    fi
    workdir=${SIPDIAG_WORKDIR:-$workdir}
    for var in ${SIPDIAG_PASSENV:-}; do
        [[ $var =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "bad name in SIPDIAG_PASSENV: $var"
        if [[ -v $var ]]; then envs+=("$var=${!var}"); fi
    done
    rc=0
    # shellcheck disable=SC2016
    run_child chroot "$DIR" /usr/bin/env -i "${envs[@]}" \
        /bin/sh -c 'cd "$0" && exec "$@"' "$workdir" "$@" || rc=$?
    unmount_all
    return "$rc"
}

# --------------------------------------------------------------------- main
export DEBIAN_FRONTEND=noninteractive
command -v debootstrap >/dev/null || [[ -f $MARKER ]] ||
    die "debootstrap is not installed (apt-get install debootstrap)"
mkdir -p -- "$(dirname -- "$LOCK")"
exec 9>>"$LOCK"
flock -s 9                            # commands share the root ...
if ! root_is_current; then
    flock -x 9                        # ... setup needs it exclusively
    ensure_root                       # (checks the marker again)
    flock -s 9
else
    log "reusing complete $SUITE root $DIR"
fi
if [[ $RUN == 1 ]]; then
    rc=0
    run_in_root "$@" || rc=$?
    exit "$rc"
fi
