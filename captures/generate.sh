#!/usr/bin/env bash
#
# generate.sh -- regenerate every sipdiag test capture (captures/*.pcapng)
# from scratch with real SIP software: SIPp (UAC/UAS scenarios in
# captures/scenarios/) and a kamailio registrar/proxy (captures/kamailio.cfg),
# recorded on the loopback interface with dumpcap.
#
# Usage (as root):   captures/generate.sh [capture-name ...]
#   without arguments all captures are generated; with arguments only those.
#   KEEP_WORKDIR=1   keep the temporary directory with all logs.
#
# Needs the Debian packages sip-tester (sipp), kamailio, wireshark-common
# (dumpcap), iproute2 (ss) and, for the built-in verification, tshark.
#
# Everything listens on 127.0.0.1 / ::1, ports 5060-5099 only:
#   5060        kamailio (udp+tcp 127.0.0.1, udp [::1])
#   5070        SIPp UAC (alice/carol)   5072/5074 its media, 5078 its control
#   5080        SIPp UAS (bob)           5082/5084 its media, 5088 its control
#   5090        SIPp UAS (bob's second device, forking)  5092/5094 media, 5098 control
# Nothing is sent to the media/control ports; SIPp just binds them.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCEN=$HERE/scenarios
KAM_CFG=$HERE/kamailio.cfg

V4=127.0.0.1
V6=::1
UNUSED4=127.0.0.2                # on lo too, where nothing listens
KAM_PORT=5060
UAC_PORT=5070 UAC_MEDIA=5072 UAC_CTRL=5078
UAS_PORT=5080 UAS_MEDIA=5082 UAS_CTRL=5088
UAS2_PORT=5090 UAS2_MEDIA=5092 UAS2_CTRL=5098
PASSWORD=sipdiag-secret          # must match AUTH_PASSWORD in kamailio.cfg

# Capture filter: our SIP ports, plus ICMP/ICMPv6 "destination unreachable"
# quoting a packet from/to our port range, so that such errors would end up
# in the file (and make the verification below fail, unless the capture
# sets CAPTURE_ICMP: its story includes them).
FILTER="port $KAM_PORT or port $UAC_PORT or port $UAS_PORT or port $UAS2_PORT"
# (pcap-filter: "and" and "or" have the same precedence, hence all the
# parentheses.  Offsets: ICMP header 8 + quoted IPv4 header 20 (+0 source
# port, +2 destination port); IPv6 header 40 + ICMPv6 header 8 + quoted IPv6
# header 40.)
FILTER+=" or (icmp and icmp[0] == 3 and ((icmp[28:2] >= 5060 and icmp[28:2] <= 5099) or (icmp[30:2] >= 5060 and icmp[30:2] <= 5099)))"
FILTER+=" or (icmp6 and ip6[40] == 1 and ((ip6[88:2] >= 5060 and ip6[88:2] <= 5099) or (ip6[90:2] >= 5060 and ip6[90:2] <= 5099)))"

SIPP_UAC_TIMEOUT=15
SIPP_UAS_TIMEOUT=25

# ---------------------------------------------------------------- helpers

log()  { printf '%s\n' "$*" >&2; }
die()  { log "generate.sh: ERROR: $*"; exit 1; }

check_prerequisites() {
    local missing=() cmd pkg
    while read -r cmd pkg; do
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd (Debian package: $pkg)")
    done <<'EOF'
sipp sip-tester
kamailio kamailio
dumpcap wireshark-common
ss iproute2
ip iproute2
mktemp coreutils
EOF
    if ((${#missing[@]})); then
        log "generate.sh: missing programs:"
        printf '  %s\n' "${missing[@]}" >&2
        die "install them with: apt-get install sip-tester kamailio wireshark-common iproute2"
    fi
    if ! command -v tshark >/dev/null 2>&1; then
        log "generate.sh: WARNING: tshark not found (Debian package: tshark); the captures will NOT be verified"
        HAVE_TSHARK=
    else
        HAVE_TSHARK=1
    fi
    [[ $EUID -eq 0 ]] || die "must run as root (dumpcap on lo, kamailio, ...): sudo $0"
    ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/' \
        || die "IPv6 loopback ::1 is not configured on lo (sysctl net.ipv6.conf.lo.disable_ipv6=0)"
    # the config check also finds missing modules (all are in package kamailio)
    if ! kamailio -c -f "$KAM_CFG" >/dev/null 2>&1; then
        kamailio -c -f "$KAM_CFG" >&2 || true
        die "kamailio -c -f $KAM_CFG failed (modules missing? Debian package: kamailio)"
    fi
    # nobody else may be using our ports
    local busy
    busy=$(ss -Hlnut 'sport >= :5060 and sport <= :5099' 2>/dev/null || true)
    [[ -z $busy ]] || die "ports 5060-5099 are in use on this host:"$'\n'"$busy"
}

WORK=
KAM_PID= DUMPCAP_PID= UAS_PID= UAC_PID=
CUR_NAME= CUR_TMP=

# Kill one process we started (TERM, then KILL after 5 s) and reap it.
stop_pid() {
    local pid=$1 sig=${2:-TERM} i
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill "-$sig" "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$UAC_PID"; UAC_PID=
    stop_pid "$UAS_PID"; UAS_PID=
    stop_pid "$DUMPCAP_PID" INT; DUMPCAP_PID=
    stop_kamailio
    [[ -n $CUR_NAME ]] && rm -f "$HERE/.$CUR_NAME.pcapng.tmp"
    if [[ -n $WORK && -d $WORK ]]; then
        if ((rc != 0)); then
            log "generate.sh: FAILED${CUR_NAME:+ while generating $CUR_NAME} (exit $rc); logs kept in $WORK"
        elif [[ -n ${KEEP_WORKDIR:-} ]]; then
            log "generate.sh: logs kept in $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}

# Wait until something listens on proto (udp|tcp) addr port.
wait_listen() {   # proto addr port pid what [logfile]
    local proto=$1 addr=$2 port=$3 pid=$4 what=$5 logfile=${6:-} i opt
    [[ $proto == udp ]] && opt=-Hlnu || opt=-Hlnt
    [[ $addr == *:* ]] && addr="[$addr]"
    for ((i = 0; i < 100; i++)); do
        [[ -n $(ss $opt "src $addr:$port" 2>/dev/null) ]] && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            [[ -n $logfile ]] && show_log "$logfile"
            die "$what died during startup"
        fi
        sleep 0.1
    done
    die "$what does not listen on $proto $addr:$port after 10 s"
}

show_log() {   # file: print the tail of a log to stderr
    [[ -s $1 ]] || return 0
    log "----- ${1#"$WORK"/} (last lines) -----"
    tail -n 25 "$1" | sed 's/^/  /' >&2
}

start_kamailio() {
    local dir=$WORK/kamailio-$CUR_NAME
    mkdir -p "$dir"
    kamailio -DD -E -f "$KAM_CFG" -Y "$dir" -P "$dir/kamailio.pid" -w "$dir" \
        -m 32 -M 4 >"$dir/kamailio.log" 2>&1 &
    KAM_PID=$!
    wait_listen udp "$V4" "$KAM_PORT" "$KAM_PID" kamailio "$dir/kamailio.log"
    wait_listen tcp "$V4" "$KAM_PORT" "$KAM_PID" kamailio "$dir/kamailio.log"
    wait_listen udp "$V6" "$KAM_PORT" "$KAM_PID" kamailio "$dir/kamailio.log"
}

stop_kamailio() {
    [[ -n $KAM_PID ]] || return 0
    stop_pid "$KAM_PID"
    KAM_PID=
}

# sipp_bg LOGNAME SCENARIO ARGS... : run SIPp in the work dir (its
# *_errors.log files land there), in the background; sets SIPP_PID.
sipp_bg() {
    local logname=$1 scen=$2
    shift 2
    (cd "$WORK" && exec sipp -sf "$SCEN/$scen" -m 1 -nostdin -trace_err "$@") \
        >"$WORK/$CUR_NAME-$logname.log" 2>&1 &
    SIPP_PID=$!
}

# start_uas SCENARIO [sipp args...]   (bob on $UAS_PORT; IP/transport via args)
start_uas() {
    local scen=$1 ip=$V4 proto=udp a
    shift
    for a in "$@"; do
        [[ $a == t1 ]] && proto=tcp
        [[ $a == "$V6" ]] && ip=$V6
    done
    sipp_bg uas "$scen" -i "$ip" -p "$UAS_PORT" -mp "$UAS_MEDIA" -cp "$UAS_CTRL" \
        -timeout "$SIPP_UAS_TIMEOUT" -timeout_error "$@"
    UAS_PID=$SIPP_PID
    wait_listen "$proto" "$ip" "$UAS_PORT" "$UAS_PID" "SIPp UAS ($scen)" "$WORK/$CUR_NAME-uas.log"
}

# wait_uas: the UAS must finish its one call successfully.
wait_uas() {
    local rc=0 f
    wait "$UAS_PID" || rc=$?
    UAS_PID=
    if ((rc != 0)); then
        show_log "$WORK/$CUR_NAME-uas.log"
        for f in "$WORK"/uas-*_errors.log; do [[ -e $f ]] && show_log "$f"; done
        die "SIPp UAS exited with $rc"
    fi
}

# run_uac SCENARIO REMOTE [sipp args...]   (runs to completion)
run_uac() {
    local scen=$1 remote=$2 rc=0 f
    shift 2
    sipp_bg uac "$scen" "$remote" -p "$UAC_PORT" -mp "$UAC_MEDIA" -cp "$UAC_CTRL" \
        -timeout "$SIPP_UAC_TIMEOUT" -timeout_error "$@"
    UAC_PID=$SIPP_PID
    wait "$UAC_PID" || rc=$?
    UAC_PID=
    if ((rc != 0)); then
        show_log "$WORK/$CUR_NAME-uac.log"
        for f in "$WORK"/uac-*_errors.log; do [[ -e $f ]] && show_log "$f"; done
        [[ -n $KAM_PID ]] && show_log "$WORK/kamailio-$CUR_NAME/kamailio.log"
        die "SIPp UAC ($scen) exited with $rc"
    fi
}

# register USER IP PORT : register USER's contact at kamailio (not captured).
register() {
    local user=$1 ip=$2 port=$3 rc=0 remote=$V4:$KAM_PORT domain=$V4
    [[ $ip == *:* ]] && remote="[$ip]:$KAM_PORT" domain="[$ip]"
    sipp_bg "register-$user" uac-register.xml "$remote" -i "$ip" -p "$port" \
        -mp "$UAS_MEDIA" -cp "$UAS_CTRL" -s "$user" -au "$user" -ap "$PASSWORD" \
        -auth_uri "$domain" -timeout 10 -timeout_error
    UAC_PID=$SIPP_PID
    wait "$UAC_PID" || rc=$?
    UAC_PID=
    if ((rc != 0)); then
        show_log "$WORK/$CUR_NAME-register-$user.log"
        show_log "$WORK/kamailio-$CUR_NAME/kamailio.log"
        die "registration of $user failed ($rc)"
    fi
}

# capture_start NAME "comment" : start kamailio (+ register bob) if needed,
# then dumpcap; returns once dumpcap is really capturing.  NEED_BOB=1
# registers the UAS as "bob"; any other non-empty value is the user name
# to register it as (e.g. NEED_BOB=bob-dead).
capture_start() {
    CUR_NAME=$1
    local comment="sipdiag test capture '$1': $2 (generated by captures/generate.sh)" i
    log "== $CUR_NAME"
    rm -f "$WORK"/*_errors.log
    CUR_TMP=$WORK/$CUR_NAME.pcapng
    rm -f "$CUR_TMP"
    [[ -n ${NEED_KAMAILIO:-} ]] && start_kamailio
    if [[ -n ${NEED_BOB:-} ]]; then
        local bob=$NEED_BOB
        [[ $bob == 1 ]] && bob=bob
        register "$bob" "$V4" "$UAS_PORT"
        # a second device of the same user: kamailio forks to both
        [[ -n ${BOB_SECOND_DEVICE:-} ]] && register "$bob" "$V4" "$UAS2_PORT"
    fi
    dumpcap -i lo -f "$FILTER" -w "$CUR_TMP" --capture-comment "$comment" \
        2>"$WORK/$CUR_NAME-dumpcap.log" &
    DUMPCAP_PID=$!
    for ((i = 0; i < 100; i++)); do
        grep -q '^Capturing on' "$WORK/$CUR_NAME-dumpcap.log" && break
        kill -0 "$DUMPCAP_PID" 2>/dev/null || { show_log "$WORK/$CUR_NAME-dumpcap.log"; die "dumpcap died"; }
        sleep 0.1
    done
    ((i < 100)) || die "dumpcap did not start capturing within 10 s"
    sleep 0.5   # "Capturing on" is printed just before the capture loop starts
}

# capture_finish : let late packets arrive (a retransmission would show up
# here), stop dumpcap cleanly (SIGINT, wait), stop kamailio, verify the file
# and only then replace captures/NAME.pcapng with it.
capture_finish() {
    sleep 1
    stop_pid "$DUMPCAP_PID" INT
    DUMPCAP_PID=
    stop_kamailio
    verify "$CUR_TMP" "$CUR_NAME" "$EXPECT"
    cp "$CUR_TMP" "$HERE/.$CUR_NAME.pcapng.tmp"
    chmod 644 "$HERE/.$CUR_NAME.pcapng.tmp"
    mv -f "$HERE/.$CUR_NAME.pcapng.tmp" "$HERE/$CUR_NAME.pcapng"
    CUR_TMP=
    GENERATED+=("$CUR_NAME")
    CUR_NAME=
    CAPTURE_ICMP=
}

# story FILE : one token per SIP frame: the method or status code(s); several
# SIP messages in one frame are joined with '+'.
story() {
    tshark -r "$1" -Y sip -T fields -E occurrence=a -E aggregator=+ \
        -e sip.Method -e sip.Status-Code 2>/dev/null | tr -d '\t' | paste -sd' ' -
}

verify() {
    local file=$1 name=$2 expect=$3 got extra
    [[ -n $HAVE_TSHARK ]] || return 0
    got=$(story "$file")
    # EXPECT may list several stories separated by '|' where two peers race
    if [[ "|$expect|" != *"|$got|"* ]]; then
        log "  expected: $expect"
        log "  got:      $got"
        tshark -r "$file" -Y sip -T fields -e frame.number -e ip.src -e ipv6.src \
            -e sip.Method -e sip.Status-Line 2>/dev/null | sed 's/^/    /' >&2
        die "$name: unexpected message sequence"
    fi
    local unexpected='icmp || icmpv6 || !(sip || (tcp && tcp.len == 0))'
    # an ICMP error that quotes SIP is part of the story where it is captured
    [[ -n ${CAPTURE_ICMP:-} ]] && unexpected='!(sip || (tcp && tcp.len == 0))'
    extra=$(tshark -r "$file" -Y "$unexpected" \
        -T fields -e frame.number -e _ws.col.Protocol -e _ws.col.Info 2>/dev/null)
    [[ -z $extra ]] || die "$name: unexpected non-SIP traffic:"$'\n'"$extra"
    log "  ok: $got"
}

# ---------------------------------------------------------------- captures
#
# Each capture function sets EXPECT (the verified story, see story()) and
# NEED_KAMAILIO / NEED_BOB, then runs capture_start / the peers /
# capture_finish.

UAC4=(-i "$V4")

cap_register-401-200() {
    EXPECT="REGISTER 401 REGISTER 200"
    NEED_KAMAILIO=1 NEED_BOB=
    capture_start register-401-200 "REGISTER -> 401 (kamailio challenge), REGISTER with correct Digest credentials -> 200"
    run_uac uac-register.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s alice -au alice -ap "$PASSWORD" -auth_uri "$V4"
    capture_finish
}

cap_register-wrong-password() {
    EXPECT="REGISTER 401 REGISTER 401"
    NEED_KAMAILIO=1 NEED_BOB=
    capture_start register-wrong-password "REGISTER -> 401, REGISTER with a wrong password -> 401 again (kamailio re-challenges)"
    run_uac uac-register-wrong-password.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s alice -au alice -auth_uri "$V4"
    capture_finish
}

cap_register-nonce-phrase() {
    # The story of sngrep-aaa.pcap frame 122 made by real software: a wrong
    # password answered under a phrase that blames the nonce, while the new
    # challenge says stale=false (kamailio.cfg does this for the user
    # "nonce-phrase" only). The verdict must follow stale=false (RFC 7616
    # 3.3: the credentials were refused) and say to check the password.
    EXPECT="REGISTER 401 REGISTER 401"
    NEED_KAMAILIO=1 NEED_BOB=
    capture_start register-nonce-phrase "REGISTER -> 401, REGISTER with a wrong password -> 401 nonce has changed, with stale=false in the new challenge (kamailio configured as the server in sngrep-aaa answers)"
    run_uac uac-register-nonce-phrase.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s nonce-phrase -au nonce-phrase -auth_uri "$V4"
    capture_finish
}

cap_register-423() {
    EXPECT="REGISTER 401 REGISTER 423 REGISTER 200"
    NEED_KAMAILIO=1 NEED_BOB=
    capture_start register-423 "REGISTER Expires 10 -> 401, with credentials -> 423 Interval Too Brief (Min-Expires 60), REGISTER Expires 60 -> 200"
    run_uac uac-register-423.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s alice -au alice -ap "$PASSWORD" -auth_uri "$V4"
    capture_finish
}

cap_ipv6() {
    EXPECT="REGISTER 401 REGISTER 200"
    NEED_KAMAILIO=1 NEED_BOB=
    capture_start ipv6 "over IPv6 [::1]: REGISTER -> 401 (kamailio challenge), REGISTER with credentials -> 200"
    run_uac uac-register.xml "[$V6]:$KAM_PORT" -i "$V6" -s alice -au alice -ap "$PASSWORD" -auth_uri "[$V6]"
    capture_finish
}

cap_invite-407-200() {
    EXPECT="INVITE 407 ACK INVITE 100 INVITE 100 180 180 200 200 ACK ACK BYE BYE 200 200"
    NEED_KAMAILIO=1 NEED_BOB=1
    capture_start invite-407-200 "alice calls bob via kamailio: INVITE -> 407, ACK, INVITE with Proxy-Authorization -> 100, 180, 200 (bob), ACK, BYE -> 200"
    start_uas uas-call.xml
    run_uac uac-invite-auth-call.xml "$V4:$KAM_PORT" "${UAC4[@]}" -au alice -ap "$PASSWORD" -auth_uri "bob@$V4"
    wait_uas
    capture_finish
}

cap_invite-auth-wrong-password() {
    EXPECT="INVITE 407 ACK INVITE 403 ACK"
    NEED_KAMAILIO=1 NEED_BOB=1
    capture_start invite-auth-wrong-password "INVITE -> 407 (kamailio), ACK, INVITE with a wrong password -> 403 Wrong password (kamailio), ACK"
    run_uac uac-invite-auth-wrong-password.xml "$V4:$KAM_PORT" "${UAC4[@]}" -au alice -auth_uri "bob@$V4"
    capture_finish
}

cap_invite-404() {
    EXPECT="INVITE 404 ACK"
    NEED_KAMAILIO=1 NEED_BOB=1
    capture_start invite-404 "carol@example.net calls dave, who is not registered: INVITE -> 404 Not Found (kamailio), ACK"
    run_uac uac-invite-404.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s dave
    capture_finish
}

cap_invite-404-unregistered() {
    # kamailio accepts bob's REGISTER inside the capture, then answers 404
    # to a call for dave, who never registered: a registrar that holds no
    # registration for the user (kamailio's default script answers 404).
    EXPECT="REGISTER 401 REGISTER 200 INVITE 404 ACK"
    NEED_KAMAILIO=1 NEED_BOB=
    capture_start invite-404-unregistered "bob registers with kamailio (REGISTER -> 401, REGISTER -> 200); then carol@example.net calls dave, who never registered: INVITE -> 404 Not Found (kamailio), ACK"
    register bob "$V4" "$UAS_PORT"
    run_uac uac-invite-404.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s dave
    capture_finish
}

cap_invite-480-registered() {
    # bob registers with kamailio inside the capture, then does not take a
    # call: the 480 relayed to the caller comes from the registrar bob
    # registered with, the one bob's device sent is its own.
    EXPECT="REGISTER 401 REGISTER 200 INVITE 100 INVITE 100 480 ACK 480 ACK|REGISTER 401 REGISTER 200 INVITE 100 INVITE 100 480 480 ACK ACK"
    NEED_KAMAILIO=1 NEED_BOB=
    capture_start invite-480-registered "bob registers with kamailio (REGISTER -> 401, REGISTER -> 200), then carol@example.net calls bob via kamailio: INVITE -> 100 (kamailio), INVITE to bob -> 100, 480 Temporarily Unavailable (SIPp UAS) -> ACK, 480 relayed to carol -> ACK"
    register bob "$V4" "$UAS_PORT"
    start_uas uas-480.xml
    run_uac uac-invite-reject.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_nonstandard-phrase() {
    EXPECT="INVITE 407 ACK INVITE 403 ACK INVITE 100 INVITE 100 480 ACK 480 ACK INVITE 100 INVITE 100 486 ACK 486 ACK"
    NEED_KAMAILIO=1 NEED_BOB=1
    capture_start nonstandard-phrase "via kamailio: 407; wrong password -> '403 Wrong password' (kamailio); bob answers '480 Error' and '486 ' (empty reason phrase)"
    start_uas uas-nonstandard-phrase.xml
    run_uac uac-nonstandard-phrase.xml "$V4:$KAM_PORT" "${UAC4[@]}" -au alice -ap "$PASSWORD" -auth_uri "bob@$V4"
    wait_uas
    capture_finish
}

# direct UAC -> UAS calls (no proxy)
direct_reject() {   # uas-scenario [uac-scenario]
    start_uas "$1"
    run_uac "${2:-uac-invite-reject.xml}" "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
}

cap_invite-486() {
    EXPECT="INVITE 100 486 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-486 "INVITE -> 100, 486 Busy Here (SIPp UAS), ACK"
    direct_reject uas-486.xml
    capture_finish
}

cap_invite-603() {
    EXPECT="INVITE 100 180 603 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-603 "INVITE -> 100, 180, 603 Decline (SIPp UAS), ACK"
    direct_reject uas-603.xml
    capture_finish
}

cap_invite-603-at-once() {
    EXPECT="INVITE 100 603 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-603-at-once "INVITE -> 100, then 603 Decline 20 ms later with no ringing (SIPp UAS: a rule, not a person), ACK"
    direct_reject uas-603-at-once.xml
    capture_finish
}

cap_invite-403-stray-bye() {
    EXPECT="INVITE 100 403 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-403-stray-bye "INVITE without credentials -> 100, 403 Forbidden (SIPp UAS), ACK; a BYE for the rejected call -> 200 OK (should be 481)"
    direct_reject uas-403-stray-bye.xml uac-invite-403-stray-bye.xml
    capture_finish
}

cap_invite-302() {
    EXPECT="INVITE 100 302 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-302 "INVITE -> 100, 302 Moved Temporarily with three Contact targets and Expires (SIPp UAS), ACK"
    direct_reject uas-302.xml
    capture_finish
}

cap_invite-503-retry-after() {
    EXPECT="INVITE 100 503 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-503-retry-after "INVITE -> 100, 503 Service Unavailable with Retry-After: 120 (SIPp UAS), ACK"
    direct_reject uas-503-retry-after.xml
    capture_finish
}

cap_invite-503-reason-q850() {
    EXPECT="INVITE 100 503 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-503-reason-q850 "INVITE -> 100, 503 Service Unavailable with Reason: Q.850;cause=34 (SIPp UAS), ACK"
    direct_reject uas-503-reason-q850.xml
    capture_finish
}

cap_invite-488-warning() {
    EXPECT="INVITE 100 488 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-488-warning "INVITE with audio+video SDP -> 100, 488 Not Acceptable Here with Warning 304 and 305 (SIPp UAS), ACK"
    direct_reject uas-488-warning.xml uac-invite-av.xml
    capture_finish
}

cap_invite-cancel-487() {
    EXPECT="INVITE 100 180 CANCEL 200 487 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-cancel-487 "INVITE -> 100, 180; CANCEL -> 200; 487 Request Terminated, ACK"
    direct_reject uas-cancel.xml uac-invite-cancel.xml
    capture_finish
}

cap_bye-reason-q850() {
    EXPECT="INVITE 100 180 200 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start bye-reason-q850 "INVITE -> 100, 180, 200, ACK, BYE with Reason: Q.850;cause=16 -> 200"
    start_uas uas-call.xml
    run_uac uac-call-bye-reason.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_unregistered-code() {
    EXPECT="INVITE 100 418 ACK INVITE 100 499 ACK INVITE 100 399 ACK INVITE 100 299 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start unregistered-code "four INVITEs answered 418, 499, 399 and 299 (codes not registered at IANA) by a SIPp UAS; the 299 call ends with BYE -> 200"
    start_uas uas-unregistered-codes.xml
    run_uac uac-unregistered-codes.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_tcp-multi-response() {
    EXPECT="INVITE 100+180 200 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start tcp-multi-response "SIP over TCP: INVITE -> one TCP segment with 100 Trying + 180 Ringing, 200, ACK, BYE -> 200"
    start_uas uas-tcp-multi.xml -t t1
    run_uac uac-call.xml "$V4:$UAS_PORT" "${UAC4[@]}" -t t1 -s bob
    wait_uas
    capture_finish
}

cap_options-via-udp-over-tcp() {
    # the Via names UDP, the request goes over TCP (RFC 3261 18.1.1): the
    # request's hint says so; the SIPp UAS answers on the connection.
    EXPECT="OPTIONS 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start options-via-udp-over-tcp "SIP over TCP: OPTIONS whose top Via says UDP (RFC 3261 18.1.1 wants the transport it is sent on) -> 200 OK on the same connection (SIPp UAS)"
    start_uas uas-options-ignore-invite.xml -t t1 -m 1
    run_uac uac-options-via-udp.xml "$V4:$UAS_PORT" "${UAC4[@]}" -t t1 -m 1
    wait_uas
    capture_finish
}

cap_invite-408-timeout() {
    # 408 after kamailio's fr_timer for bob-dead (5 s, t_set_fr in
    # kamailio.cfg); INVITE retransmissions to bob at 0.5, 1.5, 3.5 s.
    EXPECT="INVITE 100 INVITE INVITE INVITE INVITE 408 ACK"
    NEED_KAMAILIO=1 NEED_BOB=bob-dead
    capture_start invite-408-timeout "carol@example.net calls bob-dead via kamailio; bob-dead is registered but never answers: INVITE -> 100 (kamailio), INVITE to bob-dead + 3 retransmissions (timer A), 408 Request Timeout (kamailio fr_timer 5 s), ACK"
    start_uas uas-no-answer.xml
    run_uac uac-invite-timeout.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s bob-dead
    wait_uas
    capture_finish
}

cap_invite-408-ring-no-answer() {
    # kamailio gives bob-noanswer 3 s of ringing (t_set_fr in kamailio.cfg),
    # then answers the caller 408 and CANCELs the callee's branch.
    # The caller's ACK and kamailio's CANCEL leave at the same moment.
    EXPECT="INVITE 100 INVITE 100 180 180 408 ACK CANCEL 200 487 ACK|INVITE 100 INVITE 100 180 180 408 CANCEL ACK 200 487 ACK"
    NEED_KAMAILIO=1 NEED_BOB=bob-noanswer
    capture_start invite-408-ring-no-answer "carol@example.net calls bob-noanswer via kamailio; bob-noanswer rings but nobody answers: INVITE -> 100 (kamailio), INVITE to bob-noanswer -> 100, 180 (relayed); after 3 s (fr_inv_timer) kamailio answers 408 and CANCELs the branch -> 200, 487, ACK"
    start_uas uas-cancel.xml
    run_uac uac-invite-ring-no-answer.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s bob-noanswer
    wait_uas
    capture_finish
}

cap_response-retransmission() {
    # the UAC waits 2 s before its ACK; the UAS retransmits the 486 after
    # 0.5 s and 1.5 s (timer G)
    EXPECT="INVITE 100 486 486 486 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start response-retransmission "INVITE -> 100, 486 Busy Here; the caller ACKs only after 2 s, so the UAS retransmits the 486 over UDP (after 0.5 s and 1.5 s), ACK"
    direct_reject uas-486-retrans.xml uac-invite-late-ack.xml
    capture_finish
}

cap_bye-481() {
    EXPECT="INVITE 100 180 200 ACK BYE 200 BYE 481"
    NEED_KAMAILIO= NEED_BOB=
    capture_start bye-481 "INVITE -> 100, 180, 200, ACK, BYE -> 200; a second BYE in the same dialog (CSeq 3) -> 481 Call/Transaction Does Not Exist"
    start_uas uas-call-bye-481.xml
    run_uac uac-call-bye-twice.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_register-stale-nonce() {
    # kamailio's nonce_expire is 5 s; the UAC waits 7 s after the first 401
    EXPECT="REGISTER 401 REGISTER 401 REGISTER 200"
    NEED_KAMAILIO=1 NEED_BOB=
    capture_start register-stale-nonce "REGISTER -> 401; 7 s later REGISTER with credentials for the expired nonce -> 401 with stale=true and a new nonce; REGISTER with the new nonce -> 200"
    run_uac uac-register-stale-nonce.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s alice -au alice -ap "$PASSWORD" -auth_uri "$V4"
    capture_finish
}

cap_invite-fork-180() {
    # bob is registered from two devices; kamailio forks carol's INVITE to
    # both: each rings (two 180s, two To-tags), the first answers, kamailio
    # CANCELs the other.  Which 1xx reaches carol first is a race.
    EXPECT="INVITE 100 INVITE 100 INVITE 100 180 180 180 180 200 200 ACK CANCEL 200 ACK 487 ACK BYE BYE 200 200"
    EXPECT+="|INVITE 100 INVITE 100 INVITE 100 180 180 180 180 200 200 CANCEL ACK 200 ACK 487 ACK BYE BYE 200 200"
    EXPECT+="|INVITE 100 INVITE 100 INVITE 100 180 180 180 180 200 200 CANCEL 200 ACK ACK 487 ACK BYE BYE 200 200"
    NEED_KAMAILIO=1 NEED_BOB=1 BOB_SECOND_DEVICE=1
    capture_start invite-fork-180 "carol@example.net calls bob via kamailio; bob is registered from two devices, kamailio forks the INVITE: both send 100 and 180 (two To-tags relayed to carol), the first answers 200, kamailio CANCELs the second (200, 487, ACK); ACK and BYE -> 200 through kamailio"
    BOB_SECOND_DEVICE=
    sipp_bg uas2 uas-cancel.xml -i "$V4" -p "$UAS2_PORT" -mp "$UAS2_MEDIA" -cp "$UAS2_CTRL" \
        -timeout "$SIPP_UAS_TIMEOUT" -timeout_error
    local uas2_pid=$SIPP_PID
    wait_listen udp "$V4" "$UAS2_PORT" "$uas2_pid" "SIPp UAS2 (uas-cancel.xml)" "$WORK/$CUR_NAME-uas2.log"
    start_uas uas-call.xml
    run_uac uac-call-forked.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s bob
    wait_uas
    wait "$uas2_pid" || { show_log "$WORK/$CUR_NAME-uas2.log"; die "SIPp UAS2 failed"; }
    capture_finish
}

cap_invite-100rel() {
    # the UAC waits 1 s before its first PRACK; the UAS resends that 183
    # (RSeq 1) after 0.5 s (RFC 3262 section 3)
    EXPECT="INVITE 100 183 183 PRACK 200 183 PRACK 200 200 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-100rel "INVITE with Supported: 100rel -> 100, 183 (RSeq 1), the same 183 resent while the caller waits 1 s, PRACK -> 200, 183 (RSeq 2), PRACK -> 200, 200 OK, ACK, BYE -> 200"
    start_uas uas-100rel.xml
    run_uac uac-call-100rel.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_invite-200-late-ack() {
    # the UAC waits 2 s before its ACK; the UAS core retransmits the 200
    # after 0.5 s and 1.5 s (RFC 3261 13.3.1.4)
    EXPECT="INVITE 100 180 200 200 200 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-200-late-ack "INVITE -> 100, 180, 200 OK; the caller ACKs only after 2 s, so the UAS retransmits the 200 (after 0.5 s and 1.5 s), ACK, BYE -> 200"
    start_uas uas-call.xml
    run_uac uac-call-late-ack.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_subscribe-489() {
    EXPECT="SUBSCRIBE 489"
    NEED_KAMAILIO= NEED_BOB=
    capture_start subscribe-489 "SUBSCRIBE with Event: presence -> 489 Bad Event with Allow-Events: dialog, message-summary (SIPp UAS)"
    start_uas uas-489.xml
    run_uac uac-subscribe-489.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_invite-403-ms-diagnostics() {
    EXPECT="INVITE 100 403 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-403-ms-diagnostics "INVITE -> 100, 403 Forbidden with ms-diagnostics 560403, a malformed ms-diagnostics-public, X-Twilio-Error and X-Asterisk-HangupCause(Code) (SIPp UAS), ACK"
    direct_reject uas-403-ms-diagnostics.xml
    capture_finish
}

cap_invite-503-reason-stir() {
    EXPECT="INVITE 100 503 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-503-reason-stir "INVITE -> 100, 503 Service Unavailable D35 with Reason Q.850 location=U, STIR 438 and a malformed preemption cause (SIPp UAS), ACK"
    direct_reject uas-503-reason-stir.xml
    capture_finish
}

cap_invite-488-srtp() {
    EXPECT="INVITE 100 488 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-488-srtp "INVITE with an SRTP (RTP/SAVP, SDES) offer -> 100, 488 Not Acceptable Here with an RTP/AVP SDP (SIPp UAS), ACK"
    direct_reject uas-488-srtp.xml uac-invite-srtp.xml
    capture_finish
}

cap_reinvite-488-late-offer() {
    # A late offer (RFC 3261 13.2.1): the INVITE has no SDP, bob's 200
    # offers RTP/AVP, alice's ACK answers.  Her SRTP re-INVITE is refused:
    # sipdiag compares it with bob's offer in the 200 (his latest SDP).
    EXPECT="INVITE 100 180 200 ACK INVITE 100 488 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start reinvite-488-late-offer "INVITE without SDP -> 100, 180, 200 offering RTP/AVP, ACK answering RTP/AVP (a late offer); re-INVITE offering RTP/SAVP with SDES -> 100, 488 Not Acceptable Here without SDP (SIPp UAS), ACK; BYE -> 200"
    start_uas uas-call-reinvite-488.xml
    run_uac uac-call-late-offer-reinvite-srtp.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_reinvite-488-srtp() {
    # The failed re-INVITE leaves the call as it was (RFC 3261 14.2): alice
    # ends it with BYE.  sipdiag compares the re-INVITE's offer with bob's
    # answer in the 200: SRTP against plain RTP.
    EXPECT="INVITE 100 180 200 ACK INVITE 100 488 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start reinvite-488-srtp "INVITE with an RTP/AVP offer -> 100, 180, 200 with an RTP/AVP answer, ACK; re-INVITE offering RTP/SAVP with SDES -> 100, 488 Not Acceptable Here without SDP (SIPp UAS), ACK; BYE -> 200"
    start_uas uas-call-reinvite-488.xml
    run_uac uac-call-reinvite-srtp.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_invite-608-jwscard() {
    EXPECT="INVITE 100 608 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-608-jwscard "INVITE -> 100, 608 Rejected with Call-Info purpose=jwscard: a data: URI holding a JWS whose payload is the rejecter's jCard (SIPp UAS), ACK"
    direct_reject uas-608-jwscard.xml
    capture_finish
}

cap_invite-identity-438() {
    EXPECT="INVITE 100 438 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-identity-438 "INVITE with a SHAKEN Identity whose orig.tn is not the From user -> 100, 438 Invalid Identity Header with Reason STIR (SIPp UAS), ACK"
    direct_reject uas-438.xml uac-invite-identity.xml
    capture_finish
}

cap_invite-200-no-ack() {
    # bob repeats its 200 after 0.5, 1 and 2 s and, half a second later, still
    # without an ACK, ends the call with BYE (RFC 3261 13.3.1.4 waits 64*T1; shortened).
    EXPECT="INVITE 100 180 200 200 200 200 BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-200-no-ack "INVITE -> 100, 180, 200; alice never ACKs, bob repeats the 200 three times, then sends BYE -> 200 (a call dropped for a missing ACK)"
    start_uas uas-call-no-ack.xml
    run_uac uac-call-no-ack.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_invite-200-no-bye() {
    EXPECT="INVITE 100 180 200 ACK"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-200-no-bye "INVITE -> 100, 180, 200, ACK; nobody hangs up before the capture ends (a call still up)"
    start_uas uas-call-no-bye.xml
    run_uac uac-call-no-bye.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_invite-unanswered() {
    EXPECT="INVITE INVITE INVITE INVITE"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-unanswered "INVITE and its retransmissions (0.5, 1.5, 3.5 s) to a UAS that never answers anything, not even 100 Trying; the caller gives up"
    start_uas uas-no-answer.xml
    run_uac uac-invite-unanswered.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_invite-icmp-unreachable() {
    # nothing listens on UDP 127.0.0.2:5080: the host answers each INVITE
    # with an ICMP port unreachable that quotes it (RFC 3261 §18.4 makes that
    # a failure to send); SIPp's scenario resends regardless. The story
    # counts each INVITE twice: sent, then quoted.
    EXPECT="INVITE INVITE INVITE INVITE INVITE INVITE INVITE INVITE"
    NEED_KAMAILIO= NEED_BOB= CAPTURE_ICMP=1
    capture_start invite-icmp-unreachable "INVITE and its retransmissions (0.5, 1.5, 3.5 s) to 127.0.0.2:5080, where nothing listens: that host answers each with an ICMP port unreachable quoting it; the caller gives up"
    run_uac uac-invite-unanswered.xml "$UNUSED4:$UAS_PORT" "${UAC4[@]}" -s bob
    capture_finish
}

cap_invite-200-icmp-unreachable() {
    # alice's INVITE, and alice is gone at once (SIPp closes the socket):
    # bob's 180 and 200s to alice's address come back quoted in ICMP port
    # unreachable (as when a caller crashed or its NAT binding expired).
    EXPECT="INVITE 180 180 200 200 200 200 200 200"
    NEED_KAMAILIO= NEED_BOB= CAPTURE_ICMP=1
    capture_start invite-200-icmp-unreachable "INVITE from a caller that is gone at once; 1 s later the callee's 180 and 200 (repeated after 0.5 and 1.5 s) each come back quoted in an ICMP port unreachable from the caller's host (SIPp UAC and UAS)"
    start_uas uas-answer-gone-caller.xml
    run_uac uac-invite-and-leave.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_invite-ignored() {
    # bob answers a keepalive OPTIONS, then ignores the INVITE sent to the
    # same address and port 0.1 to 1 s later: the address is reachable, the
    # INVITE was lost or dropped there (the "unanswered" verdict says so).
    EXPECT="OPTIONS 200 INVITE INVITE INVITE INVITE"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-ignored "OPTIONS ping (its own Call-ID) answered 200 by a SIPp UAS; then an INVITE to the same address and port, and its retransmissions (0.5, 1.5, 3.5 s), which the UAS takes and never answers; the caller gives up"
    start_uas uas-options-ignore-invite.xml -m 2
    run_uac uac-options.xml "$V4:$UAS_PORT" "${UAC4[@]}" -m 1
    run_uac uac-invite-unanswered.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_invite-reinvite-488() {
    # a failed re-INVITE leaves the dialog and its first session as they were
    # (RFC 3261 14.1): the call goes on and ends normally.
    EXPECT="INVITE 100 180 200 ACK INVITE 488 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-reinvite-488 "INVITE -> 100, 180, 200, ACK; re-INVITE adding video -> 488 Not Acceptable Here with Warning 304 (SIPp UAS), ACK; the call goes on with its first session, BYE -> 200"
    start_uas uas-call-reinvite-video-488.xml
    run_uac uac-call-reinvite-488.xml "$V4:$UAS_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_invite-cancel-race() {
    # the UAS sends its 200 when the CANCEL arrives, as if the 200 had left
    # before: on the wire the two cross (RFC 3261 9.1); the 200 wins.
    EXPECT="INVITE 100 180 CANCEL 200 200 ACK BYE 200"
    NEED_KAMAILIO= NEED_BOB=
    capture_start invite-cancel-race "INVITE -> 100, 180; CANCEL crosses the callee's 200 OK: 200 (INVITE), 200 (CANCEL, no effect); the caller ACKs the 2xx and hangs up at once: BYE -> 200"
    direct_reject uas-cancel-race.xml uac-invite-cancel-race.xml
    capture_finish
}

cap_invite-proxy-call() {
    # one call, two legs with one Call-ID: carol -> kamailio -> bob.
    EXPECT="INVITE 100 INVITE 100 180 180 200 200 ACK ACK BYE BYE 200 200"
    NEED_KAMAILIO=1 NEED_BOB=1
    capture_start invite-proxy-call "carol@example.net calls bob through kamailio (stateful proxy, Record-Route): INVITE -> 100 (kamailio), INVITE to bob -> 100, 180, 200 (relayed), ACK and BYE -> 200 through kamailio; both legs share the Call-ID"
    start_uas uas-call.xml
    run_uac uac-call-forked.xml "$V4:$KAM_PORT" "${UAC4[@]}" -s bob
    wait_uas
    capture_finish
}

cap_options-ping() {
    # three pings to kamailio, each answered 200 Keepalive; then two pings
    # to a SIPp UAS that never answers (each sent 3 times over UDP: timer E)
    EXPECT="OPTIONS 200 OPTIONS 200 OPTIONS 200 OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS"
    NEED_KAMAILIO=1 NEED_BOB=
    capture_start options-ping "keepalives: OPTIONS pings 1 s apart to kamailio, each answered 200 Keepalive; then OPTIONS pings 2.5 s apart to a SIPp UAS that answers nothing (each retransmitted after 0.5 and 1.5 s, then given up after 1.8 s)"
    run_uac uac-options.xml "$V4:$KAM_PORT" "${UAC4[@]}" -m 3 -r 1 -rp 1000
    start_uas uas-options-silent.xml -m 2
    run_uac uac-options-unanswered.xml "$V4:$UAS_PORT" "${UAC4[@]}" -m 2 -r 1 -rp 2500
    wait_uas
    capture_finish
}

cap_options-icmp-unreachable() {
    # keepalives to 127.0.0.2:5080, then to [::1]:5080, where nothing
    # listens: the host answers each ping, and each retransmission (0.5,
    # 1.5 s), with an ICMP (ICMPv6) port unreachable quoting it.  The story
    # counts each OPTIONS twice.
    EXPECT="OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS"
    EXPECT+=" OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS OPTIONS"
    NEED_KAMAILIO= NEED_BOB= CAPTURE_ICMP=1
    capture_start options-icmp-unreachable "keepalives: two OPTIONS pings 2.5 s apart to 127.0.0.2:5080, then one to [::1]:5080, where nothing listens; each, and each retransmission (0.5, 1.5 s), comes back quoted in an ICMP (ICMPv6) port unreachable from that host"
    run_uac uac-options-unanswered.xml "$UNUSED4:$UAS_PORT" "${UAC4[@]}" -m 2 -r 1 -rp 2500
    run_uac uac-options-unanswered.xml "[$V6]:$UAS_PORT" -i "$V6" -m 1
    capture_finish
}

ALL=(
    register-401-200 register-wrong-password register-nonce-phrase register-423 ipv6
    invite-407-200 invite-auth-wrong-password invite-404 invite-404-unregistered invite-480-registered nonstandard-phrase
    invite-486 invite-603 invite-603-at-once invite-302 invite-503-retry-after
    invite-503-reason-q850 invite-488-warning invite-cancel-487
    bye-reason-q850 unregistered-code tcp-multi-response
    invite-408-timeout response-retransmission bye-481 register-stale-nonce
    invite-408-ring-no-answer invite-403-stray-bye invite-200-late-ack subscribe-489 invite-fork-180
    invite-100rel invite-403-ms-diagnostics invite-503-reason-stir invite-488-srtp invite-identity-438
    invite-200-no-ack invite-200-no-bye invite-unanswered invite-icmp-unreachable invite-200-icmp-unreachable invite-ignored reinvite-488-srtp reinvite-488-late-offer invite-608-jwscard
    invite-reinvite-488 invite-cancel-race invite-proxy-call options-ping
    options-via-udp-over-tcp options-icmp-unreachable
)

# ---------------------------------------------------------------- main

main() {
    local names=("$@") n
    ((${#names[@]})) || names=("${ALL[@]}")
    for n in "${names[@]}"; do
        declare -F "cap_$n" >/dev/null || die "unknown capture '$n' (known: ${ALL[*]})"
    done

    check_prerequisites

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    WORK=$(mktemp -d /tmp/sipdiag-captures.XXXXXX)
    GENERATED=()

    for n in "${names[@]}"; do
        "cap_$n"
    done

    log ""
    log "generated ${#GENERATED[@]} capture(s) in $HERE:"
    if [[ -n $HAVE_TSHARK ]]; then
        for n in "${GENERATED[@]}"; do
            printf '  %-34s %s\n' "$n.pcapng" "$(story "$HERE/$n.pcapng")" >&2
        done
    else
        printf '  %s.pcapng\n' "${GENERATED[@]}" >&2
    fi
}

main "$@"
