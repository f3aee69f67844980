#!/usr/bin/env python3
"""Writes sipdiag's hostile captures: crafted SIP responses no real SIP software
sends (out-of-range codes, broken phrases and header values, truncated frames,
100 responses in one TCP segment). See README.md next to this file.

    python3 make_hostile.py OUTDIR

Python 3 standard library only. The output is byte-for-byte reproducible:
fixed addresses, ports and timestamps, no randomness. Every frame carries a
pcapng comment saying which case it holds.
"""
import os
import struct
import sys

BASE_TIME_US = 1704067200 * 1000000  # 2024-01-01 00:00:00 UTC
UAC, UAS = "192.0.2.1", "192.0.2.2"  # TEST-NET-1 (RFC 5737)
UAC_MAC, UAS_MAC = bytes.fromhex("020000000001"), bytes.fromhex("020000000002")
SIP_PORT = 5060
UAC_TCP_PORT = 50600
SNAPLEN = 262144
FILE_COMMENT = ("Crafted by sipdiag captures/hostile/make.sh to test robustness: "
                "not traffic from real SIP software")


# --- pcapng -----------------------------------------------------------------

def _pad4(data):
    return data + b"\0" * (-len(data) % 4)


def _option(code, value):
    return struct.pack("<HH", code, len(value)) + _pad4(value)


def _block(block_type, body):
    total = 12 + len(body)
    return struct.pack("<II", block_type, total) + body + struct.pack("<I", total)


def pcapng(frames):
    """frames: list of (data, original_length, comment)."""
    out = [_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
                  + _option(1, FILE_COMMENT.encode()) + _option(0, b""))]
    out.append(_block(1, struct.pack("<HHI", 1, 0, SNAPLEN)
                      + _option(2, b"hostile0") + _option(0, b"")))
    for i, (data, orig_len, comment) in enumerate(frames):
        ts = BASE_TIME_US + i * 10000  # 10 ms apart
        body = struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(data), orig_len)
        body += _pad4(data) + _option(1, comment.encode()) + _option(0, b"")
        out.append(_block(6, body))
    return b"".join(out)


# --- Ethernet / IPv4 / UDP / TCP ----------------------------------------------

def _checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _ip4(addr):
    return bytes(int(part) for part in addr.split("."))


class Flow:
    """One conversation between UAC and UAS; builds Ethernet frames."""

    def __init__(self):
        self.ip_id = 1

    def _ipv4(self, src, dst, proto, payload):
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), self.ip_id, 0x4000,
                             64, proto, 0, _ip4(src), _ip4(dst))
        self.ip_id += 1
        header = header[:10] + struct.pack("!H", _checksum(header)) + header[12:]
        return header + payload

    def _ether(self, src, ip_packet):
        src_mac, dst_mac = (UAC_MAC, UAS_MAC) if src == UAC else (UAS_MAC, UAC_MAC)
        return dst_mac + src_mac + b"\x08\x00" + ip_packet

    def udp(self, src, payload):
        dst = UAS if src == UAC else UAC
        pseudo = _ip4(src) + _ip4(dst) + struct.pack("!BBH", 0, 17, 8 + len(payload))
        header = struct.pack("!HHHH", SIP_PORT, SIP_PORT, 8 + len(payload), 0)
        checksum = _checksum(pseudo + header + payload) or 0xFFFF
        header = header[:6] + struct.pack("!H", checksum)
        return self._ether(src, self._ipv4(src, dst, 17, header + payload))

    def tcp(self, src, seq, ack, flags, payload=b""):
        dst = UAS if src == UAC else UAC
        sport, dport = (UAC_TCP_PORT, SIP_PORT) if src == UAC else (SIP_PORT, UAC_TCP_PORT)
        header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)
        pseudo = _ip4(src) + _ip4(dst) + struct.pack("!BBH", 0, 6, len(header) + len(payload))
        header = header[:16] + struct.pack("!H", _checksum(pseudo + header + payload)) + header[18:]
        return self._ether(src, self._ipv4(src, dst, 6, header + payload))


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


# --- SIP messages -------------------------------------------------------------

def invite(call_id, cseq=1, transport="UDP"):
    return ("INVITE sip:bob@example.com SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport} {UAC}:{SIP_PORT};branch=z9hG4bK-{call_id}-{cseq}\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:alice@example.com>;tag=hostile-a\r\n"
            "To: <sip:bob@example.com>\r\n"
            f"Call-ID: {call_id}@{UAC}\r\n"
            f"CSeq: {cseq} INVITE\r\n"
            f"Contact: <sip:alice@{UAC}:{SIP_PORT}>\r\n"
            "Content-Length: 0\r\n\r\n").encode()


def request(method, call_id, cseq, extra=b""):
    return (f"{method} sip:bob@{UAS}:{SIP_PORT} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {UAC}:{SIP_PORT};branch=z9hG4bK-{call_id}-{cseq}-{method}\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:alice@example.com>;tag=hostile-a\r\n"
            "To: <sip:bob@example.com>;tag=hostile-b\r\n"
            f"Call-ID: {call_id}@{UAC}\r\n"
            f"CSeq: {cseq} {method}\r\n").encode() + extra + b"Content-Length: 0\r\n\r\n"


def response(status_line, call_id, cseq=1, method="INVITE", extra=b"", transport="UDP"):
    """status_line: bytes after which CRLF follows; extra: header lines with CRLF."""
    branch = f"z9hG4bK-{call_id}-{cseq}" + ("" if method == "INVITE" else f"-{method}")
    return (status_line + b"\r\n"
            + (f"Via: SIP/2.0/{transport} {UAC}:{SIP_PORT};branch={branch}\r\n"
               "From: <sip:alice@example.com>;tag=hostile-a\r\n"
               "To: <sip:bob@example.com>;tag=hostile-b\r\n"
               f"Call-ID: {call_id}@{UAC}\r\n"
               f"CSeq: {cseq} {method}\r\n").encode()
            + extra + b"Content-Length: 0\r\n\r\n")


def header_cases(call_id, status, cases):
    """One INVITE transaction per case, each answered by STATUS with one header line."""
    flow = Flow()
    frames = []
    for cseq, (header, comment) in enumerate(cases, start=1):
        frames.append((flow.udp(UAC, invite(call_id, cseq)), f"INVITE for: {comment}"))
        frames.append((flow.udp(UAS, response(status, call_id, cseq, extra=header + b"\r\n")),
                       comment))
    return frames


def status_line_cases(call_id, cases):
    flow = Flow()
    frames = []
    for cseq, (line, comment) in enumerate(cases, start=1):
        frames.append((flow.udp(UAC, invite(call_id, cseq)), f"INVITE for: {comment}"))
        frames.append((flow.udp(UAS, response(line, call_id, cseq)), comment))
    return frames


# --- The captures -------------------------------------------------------------

def status_code_range():
    return status_line_cases("hostile-code-range", [
        (b"SIP/2.0 000 Zero", "status code 000"),
        (b"SIP/2.0 099 Below Range", "status code 099"),
        (b"SIP/2.0 700 Above Range", "status code 700"),
        (b"SIP/2.0 999 Far Above Range", "status code 999"),
    ])


def status_code_digits():
    return status_line_cases("hostile-code-digits", [
        (b"SIP/2.0 40 X", "two-digit status code 40"),
        (b"SIP/2.0 4000 X", "four-digit status code 4000"),
    ])


def phrase_empty():
    return status_line_cases("hostile-phrase-empty", [
        (b"SIP/2.0 486 ", "empty reason phrase: 'SIP/2.0 486 ' then CRLF"),
        (b"SIP/2.0 486", "no space and no phrase: 'SIP/2.0 486' then CRLF"),
        (b"SIP/2.0 486  \t ", "reason phrase of white space only"),
    ])


def phrase_long():
    def phrase(length):
        text = ("Busy Here " * (length // 10 + 1))[:length]
        return text.encode()
    return status_line_cases("hostile-phrase-long", [
        (b"SIP/2.0 486 " + phrase(1000), "1,000-character reason phrase"),
        (b"SIP/2.0 486 " + phrase(1023), "1,023-character reason phrase"),
        (b"SIP/2.0 486 " + phrase(1024), "1,024-character reason phrase"),
        (b"SIP/2.0 486 " + phrase(1025), "1,025-character reason phrase"),
        (b"SIP/2.0 499 " + phrase(4000), "4,000-character reason phrase, unregistered code 499"),
    ])


def phrase_non_utf8():
    return status_line_cases("hostile-phrase-bytes", [
        (b"SIP/2.0 486 Busy \xff\xfe Here", "phrase with bytes 0xff 0xfe (not UTF-8)"),
        (b"SIP/2.0 486 Occup\xe9", "phrase in latin-1: 'Occup' then 0xe9 (e acute), last byte"),
        (b"SIP/2.0 486 Busy\x00Here", "phrase with a NUL byte inside: 'Busy' NUL 'Here'"),
        (b"SIP/2.0 486 \x00", "phrase of a single NUL byte"),
        (b"SIP/2.0 699 \xc3", "unregistered code 699, phrase a truncated UTF-8 sequence 0xc3"),
    ])


def warning_malformed():
    return header_cases("hostile-warning", b"SIP/2.0 488 Not Acceptable Here", [
        (b"Warning:", "Warning: empty"),
        (b"Warning: abc", "Warning: abc (no code)"),
        (b"Warning: 399", "Warning: 399 (code only)"),
        (b'Warning: 392 host "x"', "Warning: 392 host \"x\" (unregistered warn-code)"),
        (b"Warning: 370 host", "Warning: 370 host (no warn-text)"),
        (b'Warning: 99999999999 host "x"', "Warning: code too large for any integer type"),
        (b'Warning: 301 host "unterminated', "Warning: warn-text without its closing quote"),
    ])


def reason_malformed():
    return header_cases("hostile-reason", b"SIP/2.0 503 Service Unavailable", [
        (b"Reason: Q.850;cause=abc", "Reason: Q.850;cause=abc"),
        (b"Reason: Q.850", "Reason: Q.850 (no cause)"),
        (b"Reason: Q.850;cause=99999999999", "Reason: Q.850;cause=99999999999"),
        (b"Reason: SIP;cause=486", "Reason: SIP;cause=486 (SIP protocol, not Q.850)"),
        (b"Reason:", "Reason: empty"),
        (b'Reason: Q.850;cause=16;text="unterminated', "Reason: text without its closing quote"),
        (b"Reason: Q.850;cause=", "Reason: cause= with no value"),
    ])


def retry_after_malformed():
    return header_cases("hostile-retry-after", b"SIP/2.0 503 Service Unavailable", [
        (b"Retry-After:", "Retry-After: empty"),
        (b"Retry-After: abc", "Retry-After: abc"),
        (b"Retry-After: 18446744073709551616", "Retry-After: 2^64 (one more than UINT64_MAX)"),
        (b"Retry-After: 120 (lunch);duration=60", "Retry-After: 120 (lunch);duration=60 (valid)"),
        (b"Retry-After: -1", "Retry-After: -1"),
    ])


def auth_malformed():
    flow = Flow()
    call_id = "hostile-auth"
    cases = [
        (b"SIP/2.0 401 Unauthorized", b"WWW-Authenticate:", "WWW-Authenticate: empty"),
        (b"SIP/2.0 401 Unauthorized", b"WWW-Authenticate: Digest", "WWW-Authenticate: Digest (no params)"),
        (b"SIP/2.0 401 Unauthorized", b'WWW-Authenticate: Digest realm="unterminated',
         "WWW-Authenticate: Digest realm=\"unterminated (no closing quote)"),
        (b"SIP/2.0 407 Proxy Authentication Required", b'Proxy-Authenticate: Basic realm="x"',
         "Proxy-Authenticate: Basic realm=\"x\" (Basic is not allowed in SIP)"),
        (b"SIP/2.0 401 Unauthorized", b"WWW-Authenticate: Digest realm=, nonce=, algorithm=",
         "WWW-Authenticate: Digest with empty parameter values"),
    ]
    frames = []
    for cseq, (status, header, comment) in enumerate(cases, start=1):
        frames.append((flow.udp(UAC, invite(call_id, cseq)), f"INVITE for: {comment}"))
        frames.append((flow.udp(UAS, response(status, call_id, cseq, extra=header + b"\r\n")),
                       comment))
    return frames


def contact_malformed():
    return header_cases("hostile-contact", b"SIP/2.0 302 Moved Temporarily", [
        (b"Contact:", "Contact: empty"),
        (b"Contact: <sip:bob@192.0.2.9", "Contact: no closing angle bracket"),
        (b"Contact: *", "Contact: * (only valid in REGISTER)"),
        (b"Contact: <sip:bob@192.0.2.9>;q=abc;expires=99999999999",
         "Contact: q=abc and an expires too large for 32 bits"),
        (b"Contact: " + b", ".join(b"<sip:c%d@192.0.2.9>" % i for i in range(200)),
         "Contact: 200 targets in one header"),
    ])


def truncated():
    """Frames cut short by the capture (captured length < original length)."""
    flow = Flow()
    call_id = "hostile-truncated"
    frames = []
    out = []
    frames.append((flow.udp(UAC, invite(call_id, 1)), None, "INVITE"))
    full = flow.udp(UAS, response(b"SIP/2.0 486 Busy Here", call_id, 1))
    # Ethernet 14 + IPv4 20 + UDP 8 = 42; "SIP/2.0 48" is 10 bytes in.
    frames.append((full[:42 + 10], len(full),
                   "486 Busy Here, captured length cut in the status line (after 'SIP/2.0 48')"))
    frames.append((flow.udp(UAC, invite(call_id, 2)), None, "INVITE"))
    full = flow.udp(UAS, response(b"SIP/2.0 486 Busy Here", call_id, 2))
    frames.append((full[:42 + 13], len(full),
                   "486 Busy Here, captured length cut right after the code ('SIP/2.0 486')"))
    frames.append((flow.udp(UAC, invite(call_id, 3)), None, "INVITE"))
    full = flow.udp(UAS, response(b"SIP/2.0 486 Busy Here", call_id, 3))
    frames.append((full[:42 + 15], len(full),
                   "486 Busy Here, captured length cut in the phrase (after 'SIP/2.0 486 Bu')"))
    frames.append((flow.udp(UAC, invite(call_id, 4)), None, "INVITE"))
    full = flow.udp(UAS, response(b"SIP/2.0 486 Busy Here", call_id, 4))
    frames.append((full[:42 + 23], len(full),
                   "486 Busy Here, captured length cut between CR and LF of the status line"))
    frames.append((flow.udp(UAC, invite(call_id, 5)), None, "INVITE"))
    full = flow.udp(UAS, response(b"SIP/2.0 503 Service Unavailable", call_id, 5,
                                  extra=b"Reason: Q.850;cause=34;text=\"No circuit\"\r\n"
                                        b"Retry-After: 120\r\n"))
    cut = full.index(b"Reason: Q.850;ca") + len(b"Reason: Q.850;ca")
    frames.append((full[:cut], len(full),
                   "503 with Reason and Retry-After, captured length cut in the Reason header"))
    for data, orig_len, comment in frames:
        out.append((data, orig_len if orig_len is not None else len(data), comment))
    return out


def tcp_100_responses():
    flow = Flow()
    call_id = "hostile-tcp-100"
    codes = [(100, "Trying"), (180, "Ringing"), (183, "Session Progress"), (199, "Early Dialog Terminated"),
             (486, "Busy Here"), (418, "I'm a teapot"), (999, "Out Of Range"), (503, "Service Unavailable"),
             (603, "Decline"), (302, "Moved Temporarily")]
    c_seq, s_seq = 1000, 5000
    frames = []
    frames.append((flow.tcp(UAC, c_seq, 0, SYN), "TCP SYN"))
    frames.append((flow.tcp(UAS, s_seq, c_seq + 1, SYN | ACK), "TCP SYN, ACK"))
    c_seq, s_seq = c_seq + 1, s_seq + 1
    frames.append((flow.tcp(UAC, c_seq, s_seq, ACK), "TCP ACK"))
    req = invite(call_id, 1, transport="TCP")
    frames.append((flow.tcp(UAC, c_seq, s_seq, PSH | ACK, req), "INVITE over TCP"))
    c_seq += len(req)
    frames.append((flow.tcp(UAS, s_seq, c_seq, ACK), "TCP ACK"))
    messages = []
    for i in range(100):
        code, phrase = codes[i % len(codes)]
        messages.append(response(b"SIP/2.0 %d %s" % (code, phrase.encode()), call_id, 1,
                                 extra=b"Warning: 399 host \"response %d of 100\"\r\n" % (i + 1),
                                 transport="TCP"))
    segment = b"".join(messages)
    frames.append((flow.tcp(UAS, s_seq, c_seq, PSH | ACK, segment),
                   "one TCP segment holding 100 complete SIP responses"))
    s_seq += len(segment)
    frames.append((flow.tcp(UAC, c_seq, s_seq, ACK), "TCP ACK"))
    frames.append((flow.tcp(UAC, c_seq, s_seq, FIN | ACK), "TCP FIN"))
    frames.append((flow.tcp(UAS, s_seq, c_seq + 1, FIN | ACK), "TCP FIN, ACK"))
    frames.append((flow.tcp(UAC, c_seq + 1, s_seq + 1, ACK), "TCP ACK"))
    return frames


def bye_reason_malformed():
    flow = Flow()
    call_id = "hostile-bye"
    return [
        (flow.udp(UAC, invite(call_id, 1)), "INVITE"),
        (flow.udp(UAS, response(b"SIP/2.0 200 OK", call_id, 1)), "200 OK (INVITE)"),
        (flow.udp(UAC, request("ACK", call_id, 1)), "ACK"),
        (flow.udp(UAC, request("BYE", call_id, 2, b"Reason: Q.850;cause=abc\r\n")),
         "BYE with Reason: Q.850;cause=abc"),
        (flow.udp(UAS, response(b"SIP/2.0 200 OK", call_id, 2, method="BYE")), "200 OK (BYE)"),
    ]


def start_line_version():
    """Start lines whose version is "sip/2.0": SIP only with the SIP
    preference strict_sip_version off, and then sipdiag must follow."""
    flow = Flow()
    call_id = "hostile-version"
    lower_invite = invite(call_id, 1).replace(b" SIP/2.0\r\n", b" sip/2.0\r\n", 1)
    return [
        (flow.udp(UAC, lower_invite), "INVITE with the version sip/2.0"),
        (flow.udp(UAS, response(b"sip/2.0 486 Busy Here", call_id, 1)), "sip/2.0 486 Busy Here"),
        (flow.udp(UAC, invite(call_id, 2)), "INVITE with the version SIP/2.0"),
        (flow.udp(UAS, response(b"SIP/2.0 486 Busy Here", call_id, 2)), "SIP/2.0 486 Busy Here"),
    ]


def context_identity():
    """What a response is matched on: the whole Call-ID, a CSeq that parses,
    NUL bytes in a Call-ID carried over TCP."""
    flow = Flow()
    frames = []
    prefix = "p" * 300
    for last in "AB":
        frames.append((flow.udp(UAC, invite(prefix + last, 1)), f"INVITE, Call-ID of 300 'p' then {last}"))
    frames.append((flow.udp(UAS, response(b"SIP/2.0 408 Request Timeout", prefix + "B", 1)),
                   "408 to the second INVITE only (Call-IDs alike for 300 bytes)"))
    bad_cseqs = [b"4294967296 INVITE", b"-1 INVITE", b"1e3 INVITE", b"7", b""]
    for n, cseq in enumerate(bad_cseqs, start=1):
        call_id = f"hostile-cseq-{n}"
        frames.append((flow.udp(UAC, invite(call_id, 1)), f"INVITE for: CSeq: {cseq.decode()}"))
        reply = response(b"SIP/2.0 486 Busy Here", call_id, 1).replace(b"CSeq: 1 INVITE\r\n", b"CSeq: " + cseq + b"\r\n")
        frames.append((flow.udp(UAS, reply), f"486 with CSeq: {cseq.decode()}"))
    c_seq, s_seq = 1000, 5000
    frames.append((flow.tcp(UAC, c_seq, 0, SYN), "TCP SYN"))
    frames.append((flow.tcp(UAS, s_seq, c_seq + 1, SYN | ACK), "TCP SYN, ACK"))
    c_seq, s_seq = c_seq + 1, s_seq + 1
    frames.append((flow.tcp(UAC, c_seq, s_seq, ACK), "TCP ACK"))
    req = invite("nul\0one", 1, transport="TCP")
    frames.append((flow.tcp(UAC, c_seq, s_seq, PSH | ACK, req), "INVITE over TCP, a NUL inside its Call-ID"))
    c_seq += len(req)
    for other, comment in [("nul\0two", "486 over TCP, Call-ID alike up to its NUL only"),
                           ("nul\0one", "486 over TCP, the INVITE's Call-ID, NUL and all")]:
        reply = response(b"SIP/2.0 486 Busy Here", other, 1, transport="TCP")
        frames.append((flow.tcp(UAS, s_seq, c_seq, PSH | ACK, reply), comment))
        s_seq += len(reply)
    frames.append((flow.tcp(UAC, c_seq, s_seq, ACK), "TCP ACK"))
    busy = response(b"SIP/2.0 486 Busy Here", "hostile-hop", 1)
    frames.append((flow.udp(UAC, invite("hostile-hop", 1)), "INVITE"))
    frames.append((flow.udp(UAS, busy), "486"))
    frames.append((flow.udp("192.0.2.3", busy), "the same 486 bytes between other addresses: a copy on another hop"))
    frames.append((flow.udp(UAS, busy), "the 486 again between the first two addresses: a resend"))
    return frames


CAPTURES = {
    "status-code-range": status_code_range,
    "status-code-digits": status_code_digits,
    "phrase-empty": phrase_empty,
    "phrase-long": phrase_long,
    "phrase-non-utf8": phrase_non_utf8,
    "warning-malformed": warning_malformed,
    "reason-malformed": reason_malformed,
    "retry-after-malformed": retry_after_malformed,
    "auth-malformed": auth_malformed,
    "contact-malformed": contact_malformed,
    "truncated": truncated,
    "tcp-100-responses": tcp_100_responses,
    "bye-reason-malformed": bye_reason_malformed,
    "start-line-version": start_line_version,
    "context-identity": context_identity,
}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_hostile.py OUTDIR")
    outdir = sys.argv[1]
    for name, build in CAPTURES.items():
        frames = []
        for frame in build():
            if len(frame) == 2:
                data, comment = frame
                frames.append((data, len(data), comment))
            else:
                frames.append(frame)
        path = os.path.join(outdir, name + ".pcapng")
        with open(path, "wb") as out:
            out.write(pcapng(frames))
        print(f"{path}: {len(frames)} frames")


if __name__ == "__main__":
    main()
