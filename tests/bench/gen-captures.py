#!/usr/bin/python3
"""gen-captures.py OUTDIR: write sipdiag's benchmark captures.

  sip-large.pcap  >= 200,000 SIP messages: thousands of calls, registrations,
                  authentication challenges, failures, cancels, redirects and
                  OPTIONS pings, over UDP and TCP, IPv4 and some IPv6.
  non-sip.pcap    >= 100,000 packets of HTTP/1.1 over TCP and DNS over UDP.

The same bytes on every run: a fixed-seed generator of our own (not Python's
random, whose algorithms may change between versions), fixed timestamps, and
no dependency on the time, the locale or the environment.  Only the Python
standard library is used (Debian package python3).
"""

import array
import ipaddress
import os
import struct
import sys
import time

SIP_MESSAGES_MIN = 200_000
NON_SIP_PACKETS_MIN = 100_000
# 2024-03-01 09:00:00 UTC, in microseconds.
EPOCH_US = 1709283600 * 1_000_000


# --------------------------------------------------------------- randomness

class Rng:
    """splitmix64: tiny, fast enough, and the same on every Python."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next64() % n

    def between(self, lo, hi):
        """lo..hi inclusive."""
        return lo + self.below(hi - lo + 1)

    def chance(self, percent):
        return self.below(10000) < percent * 100

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, table):
        """table: [(weight, item), ...] with integer weights."""
        total = sum(w for w, _ in table)
        r = self.below(total)
        for w, item in table:
            if r < w:
                return item
            r -= w
        raise AssertionError

    def hex(self, digits):
        """digits random lowercase hex digits."""
        out = ''
        while len(out) < digits:
            n = min(16, digits - len(out))
            out += '%0*x' % (n, self.next64() >> (64 - 4 * n))
        return out


# ------------------------------------------------------------------ framing

def csum(data):
    """Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b'\0'
    words = array.array('H', data)
    if sys.byteorder == 'little':
        words.byteswap()
    s = sum(words)
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


class Host:
    def __init__(self, ip, mac):
        self.ip = ip              # text form
        self.v6 = ':' in ip
        self.raw = ip_raw(ip)
        self.mac = mac

    def uri_host(self):
        return '[%s]' % self.ip if self.v6 else self.ip


def ip_raw(text):
    return ipaddress.ip_address(text).packed


ip_ident = [0]   # the IPv4 identification counter


def frame(src, dst, proto, l4):
    """Ethernet + IPv4/IPv6 around an L4 segment whose checksum is still 0;
    every checksum is filled in."""
    if src.v6:
        pseudo = src.raw + dst.raw + struct.pack('!IxxxB', len(l4), proto)
        ip = struct.pack('!IHBB', 0x60000000, len(l4), proto, 64) + src.raw + dst.raw
        ethertype = 0x86DD
    else:
        pseudo = src.raw + dst.raw + struct.pack('!xBH', proto, len(l4))
        ip_ident[0] = (ip_ident[0] + 1) & 0xFFFF
        hdr = struct.pack('!BBHHHBBH', 0x45, 0, 20 + len(l4), ip_ident[0], 0x4000, 64, proto, 0) \
            + src.raw + dst.raw
        ip = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
        ethertype = 0x0800
    off = 6 if proto == 17 else 16
    c = csum(pseudo + l4)
    if proto == 17 and c == 0:
        c = 0xFFFF
    l4 = l4[:off] + struct.pack('!H', c) + l4[off + 2:]
    return dst.mac + src.mac + struct.pack('!H', ethertype) + ip + l4


def udp(src, sport, dst, dport, payload):
    return frame(src, dst, 17, struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload)


TCP_FIN, TCP_SYN, TCP_PSH, TCP_ACK = 0x01, 0x02, 0x08, 0x10


class TcpConn:
    """One TCP connection with sane sequence and acknowledgement numbers."""

    def __init__(self, rng, client, cport, server, sport):
        self.ends = {'c': (client, cport), 's': (server, sport)}
        self.seq = {'c': rng.next64() & 0xFFFFFFFF, 's': rng.next64() & 0xFFFFFFFF}

    def segment(self, side, flags, payload=b''):
        other = 's' if side == 'c' else 'c'
        (src, sport), (dst, dport) = self.ends[side], self.ends[other]
        ack = self.seq[other] if flags & TCP_ACK else 0
        opts = b''
        if flags & TCP_SYN:
            opts = struct.pack('!BBH', 2, 4, 1440 if src.v6 else 1460)
        hdr = struct.pack('!HHIIBBHHH', sport, dport, self.seq[side], ack,
                          (20 + len(opts)) // 4 << 4, flags, 64240, 0, 0) + opts
        self.seq[side] = (self.seq[side] + len(payload)
                          + (1 if flags & (TCP_SYN | TCP_FIN) else 0)) & 0xFFFFFFFF
        return frame(src, dst, 6, hdr + payload)

    def open(self):
        return [self.segment('c', TCP_SYN), self.segment('s', TCP_SYN | TCP_ACK),
                self.segment('c', TCP_ACK)]

    def data(self, side, payload):
        return self.segment(side, TCP_PSH | TCP_ACK, payload)

    def close(self, side='c'):
        other = 's' if side == 'c' else 'c'
        return [self.segment(side, TCP_FIN | TCP_ACK), self.segment(other, TCP_FIN | TCP_ACK),
                self.segment(side, TCP_ACK)]


class Timeline:
    """Packets of many interleaved conversations, written in time order."""

    def __init__(self):
        self.items = []

    def add(self, t_us, pkt):
        self.items.append((t_us, len(self.items), pkt))

    def write(self, path):
        self.items.sort(key=lambda x: (x[0], x[1]))
        with open(path + '.tmp', 'wb') as f:
            f.write(struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
            for t_us, _, pkt in self.items:
                t = EPOCH_US + t_us
                f.write(struct.pack('<IIII', t // 1_000_000, t % 1_000_000, len(pkt), len(pkt)))
                f.write(pkt)
        os.replace(path + '.tmp', path)
        return len(self.items)


def http_date(t_us):
    """RFC 7231 date, with English names whatever the locale."""
    t = time.gmtime((EPOCH_US + t_us) // 1_000_000)
    return '%s, %02d %s %d %02d:%02d:%02d GMT' % (
        ('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[t.tm_wday], t.tm_mday,
        ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[t.tm_mon - 1],
        t.tm_year, t.tm_hour, t.tm_min, t.tm_sec)


# ---------------------------------------------------------------------- SIP

PHRASES = {
    100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK',
    301: 'Moved Permanently', 302: 'Moved Temporarily', 401: 'Unauthorized',
    404: 'Not Found', 407: 'Proxy Authentication Required', 480: 'Temporarily Unavailable',
    486: 'Busy Here', 487: 'Request Terminated', 488: 'Not Acceptable Here',
    503: 'Service Unavailable', 603: 'Decline',
}
# A few phrases as real equipment sends them (the plugin flags the difference).
PHRASE_VARIANTS = {200: 'Ok', 486: 'Busy', 480: 'Temporarily not available', 603: 'Declined'}

DOMAIN = 'voip.example.net'
ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY, PRACK'
USER_AGENTS = ['Yealink SIP-T46U 108.86.0.20', 'Grandstream GXP2170 1.0.11.23',
               'PolycomVVX-VVX_450-UA/6.4.3.5018', 'Linphone/5.2.5 (belle-sip/5.2.4)',
               'Zoiper rv2.10.19.5', 'MicroSIP/3.21.3', 'Cisco-CP8845/14.2.1',
               'snom D785/10.1.159.12']
SERVER = 'Kamailio (5.6.4 (x86_64/linux))'
FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy',
         'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter']


class Ua:
    def __init__(self, n, host):
        self.host = host
        self.user = '%s.%d' % (FIRST[n % len(FIRST)], 1000 + n)
        self.ext = str(2000 + n)
        self.name = self.user.split('.')[0].capitalize()
        self.agent = USER_AGENTS[n % len(USER_AGENTS)]


class SipWorld:
    def __init__(self, rng):
        self.rng = rng
        self.proxy4 = Host('198.51.100.10', bytes.fromhex('020000000010'))
        self.proxy6 = Host('2001:db8:100::10', bytes.fromhex('020000000010'))
        self.uas = []
        for n in range(3000):
            if n % 10 == 9:   # every tenth phone speaks IPv6
                h = Host('2001:db8:%x::%x' % (1 + n // 250, 2 + n % 250), b'\x02\x10' + n.to_bytes(4, 'big'))
            else:
                h = Host('10.%d.%d.%d' % (20 + n // 62500, n // 250 % 250, 2 + n % 250),
                         b'\x02\x10' + n.to_bytes(4, 'big'))
            self.uas.append(Ua(n, h))
        self.media4 = [Host('198.51.100.%d' % (100 + i), b'') for i in range(16)]
        self.media6 = [Host('2001:db8:100::%x' % (0x100 + i), b'') for i in range(16)]
        self.rtp_port = 16384
        self.tcp_port = 40000

    def next_rtp_port(self):
        """A different media port for every offer and answer (see README)."""
        self.rtp_port += 2
        if self.rtp_port > 65534:
            self.rtp_port = 16384
        return self.rtp_port

    def next_tcp_port(self):
        self.tcp_port += 1
        if self.tcp_port > 60999:
            self.tcp_port = 40000
        return self.tcp_port


def sdp(media_host, port, session_id):
    ipv = 'IP6' if media_host.v6 else 'IP4'
    lines = [
        'v=0',
        'o=- %d %d IN %s %s' % (session_id, session_id + 1, ipv, media_host.ip),
        's=-',
        'c=IN %s %s' % (ipv, media_host.ip),
        't=0 0',
        'm=audio %d RTP/AVP 0 8 9 101' % port,
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:9 G722/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=sendrecv',
    ]
    return ('\r\n'.join(lines) + '\r\n').encode()


class Request:
    def __init__(self, **kw):
        self.__dict__.update(kw)


class Dialog:
    """One SIP dialog (or registration) between a phone and the proxy.
    Side 'a' sends the initial request; inbound calls go from the proxy to the phone."""

    def __init__(self, w, ua, transport, inbound):
        rng = w.rng
        self.w, self.rng, self.ua, self.transport = w, rng, ua, transport
        self.proxy = w.proxy6 if ua.host.v6 else w.proxy4
        self.ua_port = w.next_tcp_port() if transport == 'TCP' else 5060
        if inbound:
            self.call_id = '%s-%s@%s' % (rng.hex(8), rng.hex(12), DOMAIN)
        else:
            self.call_id = '%s@%s' % (rng.hex(24), ua.host.uri_host())
        self.peer = w.uas[rng.below(len(w.uas))]
        self.inbound = inbound
        self.ua_side = 'b' if inbound else 'a'
        self.a_tag, self.b_tag = rng.hex(10), rng.hex(8)
        self.proxy_tag = rng.hex(8)   # the tag of the proxy's own challenges
        self.cseq = {'a': rng.between(1, 30000), 'b': rng.between(1, 30000)}
        self.auth_nonce = rng.hex(32)
        self.a_user = self.peer if inbound else ua
        self.b_user = ua if inbound else self.peer

    def side_host(self, side):
        return (self.ua.host, self.ua_port) if side == self.ua_side else (self.proxy, 5060)

    def other(self, side):
        return 'b' if side == 'a' else 'a'

    def contact(self, side):
        h, p = self.side_host(side)
        user = self.ua.ext if side == self.ua_side else 'proxy'
        t = ';transport=tcp' if self.transport == 'TCP' else ''
        return '<sip:%s@%s:%d%s>' % (user, h.uri_host(), p, t)

    def agent(self, side, response):
        name = self.ua.agent if side == self.ua_side else SERVER
        return ('Server: ' if response else 'User-Agent: ') + name

    def request(self, method, side='a', cseq=None, body=b'', extra=(), branch=None,
                to_tag=None):
        """A request from side; to_tag None means the dialog's tag of the other side."""
        if cseq is None:
            self.cseq[side] += 1
            cseq = self.cseq[side]
        branch = branch or 'z9hG4bK' + self.rng.hex(16)
        h, p = self.side_host(side)
        via = 'SIP/2.0/%s %s:%d;branch=%s;rport' % (self.transport, h.uri_host(), p, branch)
        a = '"%s" <sip:%s@%s>' % (self.a_user.name, self.a_user.ext, DOMAIN)
        b = '<sip:%s@%s>' % (self.b_user.ext, DOMAIN)
        if method == 'REGISTER':
            a = '"%s" <sip:%s@%s>' % (self.ua.name, self.ua.ext, DOMAIN)
            b = '<sip:%s@%s>' % (self.ua.ext, DOMAIN)
            ruri = 'sip:' + DOMAIN
        elif side == 'a':
            ruri = 'sip:%s@%s' % (self.b_user.ext, DOMAIN)
        else:
            ruri = 'sip:%s@%s' % (self.a_user.ext, DOMAIN)
        if side == 'a':
            frm = '%s;tag=%s' % (a, self.a_tag)
            tt = self.b_tag if to_tag is None else to_tag
            to = b + (';tag=' + tt if tt else '')
        else:
            frm = '%s;tag=%s' % (b, self.b_tag)
            to = '%s;tag=%s' % (a, self.a_tag)
        hdrs = ['%s %s SIP/2.0' % (method, ruri), 'Via: ' + via, 'Max-Forwards: 70',
                'From: ' + frm, 'To: ' + to, 'Call-ID: ' + self.call_id,
                'CSeq: %d %s' % (cseq, method)]
        if method in ('INVITE', 'REGISTER'):
            hdrs.append('Contact: ' + self.contact(side))
        hdrs.append(self.agent(side, False))
        if method in ('INVITE', 'OPTIONS', 'REGISTER'):
            hdrs += ['Allow: ' + ALLOW, 'Supported: replaces, timer, path']
        if method == 'REGISTER':
            hdrs.append('Expires: 3600')
        hdrs += list(extra)
        if body:
            hdrs.append('Content-Type: application/sdp')
        hdrs.append('Content-Length: %d' % len(body))
        msg = ('\r\n'.join(hdrs) + '\r\n\r\n').encode() + body
        return Request(msg=msg, via=via, branch=branch, frm=frm, to=to, cseq=cseq,
                       method=method, side=side)

    def response(self, req, code, body=b'', extra=(), phrase=None, tag=None):
        sender = self.other(req.side)
        to = req.to
        if code != 100 and ';tag=' not in to:
            to += ';tag=' + (tag or self.b_tag)
        hdrs = ['SIP/2.0 %d %s' % (code, phrase or PHRASES[code]), 'Via: ' + req.via,
                'From: ' + req.frm, 'To: ' + to, 'Call-ID: ' + self.call_id,
                'CSeq: %d %s' % (req.cseq, req.method)]
        if req.method in ('INVITE', 'REGISTER') and 200 <= code < 300:
            hdrs.append('Contact: ' + self.contact(sender)
                        + (';expires=3600' if req.method == 'REGISTER' else ''))
        hdrs.append(self.agent(sender, True))
        hdrs += list(extra)
        if body:
            hdrs.append('Content-Type: application/sdp')
        hdrs.append('Content-Length: %d' % len(body))
        return ('\r\n'.join(hdrs) + '\r\n\r\n').encode() + body


def digest(d, method, uri, header, nonce):
    rng = d.rng
    return ('%s: Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", '
            'algorithm=MD5, cnonce="%s", qop=auth, nc=00000001'
            % (header, d.ua.ext, DOMAIN, nonce, uri, rng.hex(32), rng.hex(16)))


def challenge(d, header):
    return '%s: Digest realm="%s", nonce="%s", qop="auth", algorithm=MD5' % (
        header, DOMAIN, d.auth_nonce)


class SipScenarios:
    """Each scenario returns [(offset_us, side, payload)], side 'a' (caller) or 'b'."""

    def __init__(self, w):
        self.w, self.rng = w, w.rng
        self.session = 3900000000

    def offer(self, d, side):
        """SDP from side: the phone's own address, or one of the media relays."""
        self.session += 1
        if side == d.ua_side:
            host = d.ua.host
        else:
            pool = self.w.media6 if d.ua.host.v6 else self.w.media4
            host = pool[self.rng.below(len(pool))]
        return sdp(host, self.w.next_rtp_port(), self.session)

    def invite(self, d, extra=()):
        return d.request('INVITE', 'a', body=self.offer(d, 'a'), extra=extra, to_tag='')

    def ack(self, d, inv, code, to_tag):
        """ACK: the INVITE's branch for a non-2xx final (hop by hop), a new one for 2xx."""
        branch = inv.branch if code >= 300 else None
        return d.request('ACK', 'a', cseq=inv.cseq, branch=branch, to_tag=to_tag).msg

    def bye(self, d, t, out):
        side = 'a' if self.rng.chance(55) else 'b'
        bye = d.request('BYE', side)
        out.append((t, side, bye.msg))
        out.append((t + self.rng.between(8000, 60000), d.other(side), d.response(bye, 200)))

    def phrase(self, code):
        if code in PHRASE_VARIANTS and self.rng.chance(3):
            return PHRASE_VARIANTS[code]
        return None

    def call(self, d, t=0, out=None, inv=None):
        rng = self.rng
        out = [] if out is None else out
        inv = inv or self.invite(d)
        out.append((t, 'a', inv.msg))
        t += rng.between(2000, 30000)
        out.append((t, 'b', d.response(inv, 100)))
        t += rng.between(50000, 900000)
        if rng.chance(10):
            out.append((t, 'b', d.response(inv, 183, body=self.offer(d, 'b'))))
            t += rng.between(50000, 900000)
        out.append((t, 'b', d.response(inv, 180)))
        t += rng.between(1_000_000, 12_000_000)
        out.append((t, 'b', d.response(inv, 200, body=self.offer(d, 'b'), phrase=self.phrase(200))))
        t += rng.between(5000, 60000)
        out.append((t, 'a', self.ack(d, inv, 200, d.b_tag)))
        t += rng.between(5_000_000, 300_000_000)
        self.bye(d, t, out)
        return out

    def call_auth(self, d):
        rng = self.rng
        out = []
        inv = self.invite(d)
        out.append((0, 'a', inv.msg))
        t = rng.between(3000, 40000)
        out.append((t, 'b', d.response(inv, 407, tag=d.proxy_tag,
                                       extra=[challenge(d, 'Proxy-Authenticate')])))
        t += rng.between(2000, 20000)
        out.append((t, 'a', self.ack(d, inv, 407, d.proxy_tag)))
        t += rng.between(5000, 80000)
        uri = 'sip:%s@%s' % (d.b_user.ext, DOMAIN)
        inv2 = self.invite(d, extra=[digest(d, 'INVITE', uri, 'Proxy-Authorization', d.auth_nonce)])
        return self.call(d, t, out, inv2)

    def register(self, d):
        rng = self.rng
        out = []
        reg = d.request('REGISTER', 'a', to_tag='')
        out.append((0, 'a', reg.msg))
        t = rng.between(2000, 30000)
        out.append((t, 'b', d.response(reg, 401, extra=[challenge(d, 'WWW-Authenticate')])))
        t += rng.between(3000, 50000)
        reg2 = d.request('REGISTER', 'a', to_tag='',
                         extra=[digest(d, 'REGISTER', 'sip:' + DOMAIN, 'Authorization', d.auth_nonce)])
        out.append((t, 'a', reg2.msg))
        t += rng.between(2000, 30000)
        out.append((t, 'b', d.response(reg2, 200)))
        return out

    def options(self, d):
        opt = d.request('OPTIONS', 'a', to_tag='')
        return [(0, 'a', opt.msg), (self.rng.between(1000, 20000), 'b', d.response(opt, 200))]

    def failure(self, d, code):
        rng = self.rng
        out = []
        inv = self.invite(d)
        out.append((0, 'a', inv.msg))
        t = rng.between(2000, 30000)
        out.append((t, 'b', d.response(inv, 100)))
        if code in (480, 486, 603) and rng.chance(50):
            t += rng.between(100000, 3_000_000)
            out.append((t, 'b', d.response(inv, 180)))
        extra = []
        if code == 503:
            extra = ['Retry-After: %d' % rng.choice([30, 60, 120, 300])]
        elif code == 488:
            extra = ['Warning: 305 %s "Incompatible media format"' % d.proxy.uri_host()]
        elif code == 480 and rng.chance(50):
            extra = ['Reason: Q.850;cause=18;text="No user responding"']
        elif code in (301, 302):
            extra = ['Contact: <sip:%d@%s>' % (rng.between(7000, 7999), DOMAIN)]
        t += rng.between(20000, 8_000_000)
        out.append((t, 'b', d.response(inv, code, extra=extra, phrase=self.phrase(code))))
        t += rng.between(2000, 20000)
        out.append((t, 'a', self.ack(d, inv, code, d.b_tag)))
        return out

    def cancel(self, d):
        rng = self.rng
        out = []
        inv = self.invite(d)
        out.append((0, 'a', inv.msg))
        t = rng.between(2000, 30000)
        out.append((t, 'b', d.response(inv, 100)))
        t += rng.between(50000, 900000)
        out.append((t, 'b', d.response(inv, 180)))
        t += rng.between(1_000_000, 20_000_000)
        can = d.request('CANCEL', 'a', cseq=inv.cseq, branch=inv.branch, to_tag='')
        out.append((t, 'a', can.msg))
        t += rng.between(2000, 20000)
        out.append((t, 'b', d.response(can, 200)))
        t += rng.between(1000, 10000)
        out.append((t, 'b', d.response(inv, 487)))
        t += rng.between(2000, 20000)
        out.append((t, 'a', self.ack(d, inv, 487, d.b_tag)))
        return out

    def pick(self):
        return self.rng.weighted([
            (38, ('call', None)), (18, ('register', None)), (10, ('call_auth', None)),
            (6, ('options', None)), (6, ('cancel', None)),
            (5, ('failure', 404)), (6, ('failure', 486)), (4, ('failure', 480)),
            (2, ('failure', 488)), (2, ('failure', 503)), (2, ('failure', 603)),
            (1, ('failure', 302)), (1, ('failure', 301)),
        ])


def make_sip(path, seed):
    rng = Rng(seed)
    ip_ident[0] = 0
    w = SipWorld(rng)
    sc = SipScenarios(w)
    tl = Timeline()
    messages = 0
    n = 0
    while messages < SIP_MESSAGES_MIN:
        kind, code = sc.pick()
        ua = w.uas[rng.below(len(w.uas))]
        transport = 'TCP' if rng.chance(30) else 'UDP'
        inbound = kind in ('call', 'failure', 'cancel') and rng.chance(30)
        d = Dialog(w, ua, transport, inbound)
        msgs = getattr(sc, kind)(d, code) if code else getattr(sc, kind)(d)
        start = n * 3000 + rng.below(3000)     # a new scenario every 3 ms on average
        n += 1
        messages += len(msgs)
        ua_side = 'b' if inbound else 'a'
        if transport == 'UDP':
            for off, side, payload in msgs:
                (src, sp), (dst, dp) = d.side_host(side), d.side_host('b' if side == 'a' else 'a')
                tl.add(start + off, udp(src, sp, dst, dp, payload))
        else:
            # The phone always opens the connection to the proxy.
            conn = TcpConn(rng, ua.host, d.ua_port, d.proxy, 5060)
            for i, seg in enumerate(conn.open()):
                tl.add(start - 3000 + i * 500, seg)
            pending = list(msgs)
            while pending:
                off, side, payload = pending.pop(0)
                tcp_side = 'c' if side == ua_side else 's'
                # Now and then two responses travel in one segment (100 + 180).
                if (pending and payload.startswith(b'SIP/2.0 100 ')
                        and pending[0][2].startswith(b'SIP/2.0 18') and pending[0][1] == side
                        and rng.chance(4)):
                    payload += pending.pop(0)[2]
                tl.add(start + off, conn.data(tcp_side, payload))
                # The receiver acknowledges at once when it has nothing to send back
                # next; otherwise its next message carries the acknowledgement.
                if not pending or pending[0][1] == side:
                    tl.add(start + off + 200, conn.segment('s' if tcp_side == 'c' else 'c', TCP_ACK))
            last = start + msgs[-1][0]
            for i, seg in enumerate(conn.close('c')):
                tl.add(last + 30000 + i * 500, seg)
    packets = tl.write(path)
    return n, messages, packets


# ------------------------------------------------------------ HTTP and DNS

WORDS = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor '
         'incididunt ut labore et dolore magna aliqua').split()
SITES = ['www.example.com', 'api.example.org', 'static.example.net', 'shop.example.com',
         'cdn.example.org', 'news.example.net', 'mail.example.com', 'docs.example.org']
PATHS = ['/', '/index.html', '/api/v1/items', '/api/v1/users/%d', '/static/app.%s.js',
         '/static/style.%s.css', '/images/logo.png', '/search?q=%s', '/articles/%d', '/favicon.ico']
BROWSERS = ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
            'Chrome/126.0.0.0 Safari/537.36', 'curl/7.88.1', 'python-requests/2.28.1']


def dns_name(name):
    return b''.join(bytes([len(p)]) + p.encode() for p in name.split('.')) + b'\0'


def make_non_sip(path, seed):
    rng = Rng(seed)
    ip_ident[0] = 0
    tl = Timeline()
    clients = [Host('192.168.%d.%d' % (1 + n // 200, 10 + n % 200), b'\x02\x20' + n.to_bytes(4, 'big'))
               for n in range(400)]
    servers = {s: Host('203.0.113.%d' % (10 + i), b'\x02\x30' + i.to_bytes(4, 'big'))
               for i, s in enumerate(SITES)}
    resolver = Host('192.168.0.53', bytes.fromhex('023000000053'))
    packets = 0
    n = 0
    cport = 49152
    while packets < NON_SIP_PACKETS_MIN:
        start = n * 4000 + rng.below(4000)
        n += 1
        client = clients[rng.below(len(clients))]
        site = rng.choice(SITES)
        # DNS first: A and AAAA, sometimes NXDOMAIN for a typo.
        for qtype in (1, 28):
            qid = rng.below(65536)
            qname = site if not rng.chance(3) else 'wwww.' + site
            q = struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0) + dns_name(qname) + struct.pack('!HH', qtype, 1)
            sport = rng.between(1024, 65535)
            tl.add(start, udp(client, sport, resolver, 53, q))
            if qname != site:
                flags, answers = 0x8183, b''
                count = 0
            elif qtype == 1:
                flags, count = 0x8180, 1
                answers = struct.pack('!HHHIH', 0xC00C, 1, 1, 300, 4) + servers[site].raw
            else:
                flags, count = 0x8180, 1
                answers = struct.pack('!HHHIH', 0xC00C, 28, 1, 300, 16) + ip_raw(
                    '2001:db8:113::%x' % (10 + SITES.index(site)))
            r = struct.pack('!HHHHHH', qid, flags, 1, count, 0, 0) + q[12:] + answers
            tl.add(start + rng.between(500, 30000), udp(resolver, 53, client, sport, r))
            packets += 2
            start += 40000
        # Then one keep-alive HTTP/1.1 connection with a few requests.
        cport = cport + 1 if cport < 65000 else 49152
        conn = TcpConn(rng, client, cport, servers[site], 80)
        t = start
        for seg in conn.open():
            tl.add(t, seg)
            t += rng.between(200, 20000)
            packets += 1
        agent = rng.choice(BROWSERS)
        for _ in range(rng.between(2, 8)):
            p = rng.choice(PATHS)
            if '%d' in p:
                p = p % rng.below(100000)
            elif '%s' in p:
                p = p % rng.hex(8)
            req = ('GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nAccept: */*\r\n'
                   'Accept-Encoding: gzip, deflate\r\nAccept-Language: en-US,en;q=0.5\r\n'
                   'Connection: keep-alive\r\n\r\n' % (p, site, agent)).encode()
            tl.add(t, conn.data('c', req))
            t += rng.between(1000, 80000)
            status = rng.weighted([(85, (200, 'OK')), (8, (304, 'Not Modified')), (5, (404, 'Not Found')),
                                   (2, (500, 'Internal Server Error'))])
            if status[0] == 304:
                body = b''
                ctype = None
            else:
                ctype = 'application/json' if p.startswith('/api') else 'text/html; charset=utf-8'
                words = ' '.join(rng.choice(WORDS) for _ in range(rng.between(10, 180)))
                body = ('{"data": "%s"}' % words if ctype == 'application/json'
                        else '<html><body><p>%s</p></body></html>' % words).encode()
            hdrs = ['HTTP/1.1 %d %s' % status, 'Date: ' + http_date(t), 'Server: nginx/1.22.1']
            if ctype:
                hdrs.append('Content-Type: ' + ctype)
            hdrs += ['Content-Length: %d' % len(body), 'Connection: keep-alive',
                     'Cache-Control: max-age=%d' % rng.choice([0, 60, 3600])]
            resp = ('\r\n'.join(hdrs) + '\r\n\r\n').encode() + body
            tl.add(t, conn.data('s', resp))
            t += rng.between(200, 40000)
            tl.add(t, conn.segment('c', TCP_ACK))
            t += rng.between(10000, 2_000_000)
            packets += 3
        for seg in conn.close('c'):
            tl.add(t, seg)
            t += rng.between(200, 20000)
            packets += 1
    written = tl.write(path)
    assert written == packets
    return n, packets


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: gen-captures.py OUTDIR')
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n, messages, packets = make_sip(os.path.join(out, 'sip-large.pcap'), 0x5D1A6)
    print('sip-large.pcap: %d scenarios, %d SIP messages, %d packets' % (n, messages, packets))
    n, packets = make_non_sip(os.path.join(out, 'non-sip.pcap'), 0xB0B)
    print('non-sip.pcap: %d DNS+HTTP sessions, %d packets' % (n, packets))


if __name__ == '__main__':
    main()
