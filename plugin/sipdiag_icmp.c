/*
 * sipdiag_icmp.c: a SIP message quoted in an ICMP error (see sipdiag_icmp.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sipdiag_icmp.h"

#include <glib.h>
#include <string.h>

#define UDP_HEADER_LEN 8
#define ICMP_HEADER_LEN 8 /* type, code, checksum and four more bytes before the quote */
#define IPV6_HEADER_LEN 40
#define IP_PROTO_UDP 17

/* Where an IPv4 header of ihl words ends at udp_at and carries UDP. */
static bool ipv4_header_at(const uint8_t *bytes, size_t udp_at, unsigned ihl, size_t *ip_at)
{
    size_t len = (size_t)ihl * 4;
    if (udp_at < len + ICMP_HEADER_LEN)
        return false;
    size_t at = udp_at - len;
    if (bytes[at] != (uint8_t)(0x40 | ihl) || bytes[at + 9] != IP_PROTO_UDP)
        return false;
    *ip_at = at;
    return true;
}

static bool ipv6_header_at(const uint8_t *bytes, size_t udp_at, size_t *ip_at)
{
    if (udp_at < IPV6_HEADER_LEN + ICMP_HEADER_LEN)
        return false;
    size_t at = udp_at - IPV6_HEADER_LEN;
    if ((bytes[at] >> 4) != 6 || bytes[at + 6] != IP_PROTO_UDP)
        return false;
    *ip_at = at;
    return true;
}

/* ICMP's error types (RFC 792): unreachable, source quench, redirect, time
 * exceeded, parameter problem; ICMPv6's (RFC 4443): 1 to 4. */
static bool is_error_type(unsigned version, unsigned type)
{
    return version == 4 ? type == 3 || type == 4 || type == 5 || type == 11 || type == 12
                        : type >= 1 && type <= 4;
}

bool sipdiag_icmp_read(const uint8_t *bytes, size_t payload_offset, sipdiag_icmp_header *out)
{
    memset(out, 0, sizeof *out);
    if (!bytes || payload_offset < UDP_HEADER_LEN)
        return false;
    size_t udp_at = payload_offset - UDP_HEADER_LEN;
    size_t ip_at = 0;
    unsigned version = 0;
    if (ipv6_header_at(bytes, udp_at, &ip_at))
        version = 6;
    for (unsigned ihl = 5; ihl <= 15 && !version; ihl++)
        if (ipv4_header_at(bytes, udp_at, ihl, &ip_at))
            version = 4;
    if (!version)
        return false;
    const uint8_t *icmp = bytes + ip_at - ICMP_HEADER_LEN;
    if (!is_error_type(version, icmp[0]))
        return false;
    out->ip_version = version;
    out->type = icmp[0];
    out->code = icmp[1];
    if (version == 4) {
        memcpy(out->source, bytes + ip_at + 12, 4);
        memcpy(out->destination, bytes + ip_at + 16, 4);
    } else {
        memcpy(out->source, bytes + ip_at + 8, 16);
        memcpy(out->destination, bytes + ip_at + 24, 16);
    }
    out->source_port = (unsigned)bytes[udp_at] << 8 | bytes[udp_at + 1];
    out->destination_port = (unsigned)bytes[udp_at + 2] << 8 | bytes[udp_at + 3];
    /* RFC 1191 §4: the next-hop MTU in a "fragmentation needed"; RFC 4443 §3.2: the MTU in "packet too big". */
    if (version == 4 && out->type == 3 && out->code == 4)
        out->mtu = (unsigned)icmp[6] << 8 | icmp[7];
    else if (version == 6 && out->type == 2)
        out->mtu = (unsigned)icmp[4] << 24 | (unsigned)icmp[5] << 16 | (unsigned)icmp[6] << 8 | icmp[7];
    return true;
}

static sipdiag_icmp_error icmpv4_unreachable(unsigned code)
{
    switch (code) {
    case 0: case 6: case 11: return SIPDIAG_ICMP_NET_UNREACHABLE;
    case 1: case 7: case 12: return SIPDIAG_ICMP_HOST_UNREACHABLE;
    case 2: return SIPDIAG_ICMP_PROTOCOL_UNREACHABLE;
    case 3: return SIPDIAG_ICMP_PORT_UNREACHABLE;
    case 4: return SIPDIAG_ICMP_TOO_BIG;
    case 9: case 10: case 13: return SIPDIAG_ICMP_PROHIBITED;
    default: return SIPDIAG_ICMP_OTHER;
    }
}

static sipdiag_icmp_error icmpv4_error(unsigned type, unsigned code)
{
    switch (type) {
    case 3: return icmpv4_unreachable(code);
    case 11: return code == 1 ? SIPDIAG_ICMP_REASSEMBLY_TIMEOUT : SIPDIAG_ICMP_TTL_EXCEEDED;
    case 12: return SIPDIAG_ICMP_PARAMETER_PROBLEM;
    default: return SIPDIAG_ICMP_OTHER;
    }
}

static sipdiag_icmp_error icmpv6_unreachable(unsigned code)
{
    switch (code) {
    case 0: return SIPDIAG_ICMP_NET_UNREACHABLE;
    case 1: case 5: case 6: return SIPDIAG_ICMP_PROHIBITED;
    case 3: return SIPDIAG_ICMP_HOST_UNREACHABLE;
    case 4: return SIPDIAG_ICMP_PORT_UNREACHABLE;
    default: return SIPDIAG_ICMP_OTHER;
    }
}

static sipdiag_icmp_error icmpv6_error(unsigned type, unsigned code)
{
    switch (type) {
    case 1: return icmpv6_unreachable(code);
    case 2: return SIPDIAG_ICMP_TOO_BIG;
    case 3: return code == 1 ? SIPDIAG_ICMP_REASSEMBLY_TIMEOUT : SIPDIAG_ICMP_TTL_EXCEEDED;
    case 4: return SIPDIAG_ICMP_PARAMETER_PROBLEM;
    default: return SIPDIAG_ICMP_OTHER;
    }
}

sipdiag_icmp_error sipdiag_icmp_error_of(const sipdiag_icmp_header *header)
{
    switch (header->ip_version) {
    case 4: return icmpv4_error(header->type, header->code);
    case 6: return icmpv6_error(header->type, header->code);
    default: return SIPDIAG_ICMP_UNKNOWN;
    }
}

const char *sipdiag_icmp_error_name(sipdiag_icmp_error error)
{
    switch (error) {
    case SIPDIAG_ICMP_PORT_UNREACHABLE: return "port unreachable";
    case SIPDIAG_ICMP_HOST_UNREACHABLE: return "host unreachable";
    case SIPDIAG_ICMP_NET_UNREACHABLE: return "network unreachable";
    case SIPDIAG_ICMP_PROTOCOL_UNREACHABLE: return "protocol unreachable";
    case SIPDIAG_ICMP_PROHIBITED: return "administratively prohibited";
    case SIPDIAG_ICMP_TOO_BIG: return "too big (fragmentation needed)";
    case SIPDIAG_ICMP_REASSEMBLY_TIMEOUT: return "fragment reassembly time exceeded";
    case SIPDIAG_ICMP_TTL_EXCEEDED: return "time to live (hop limit) exceeded";
    case SIPDIAG_ICMP_PARAMETER_PROBLEM: return "parameter problem";
    case SIPDIAG_ICMP_OTHER: return "message";
    case SIPDIAG_ICMP_UNKNOWN: break;
    }
    return "error";
}

/* RFC 3261 §18.4: host, network, port and protocol unreachable and
 * parameter problem are a failure to send; TTL exceeded is ignored.  A
 * filter's "administratively prohibited" is an unreachable too (RFC 1812
 * §5.2.7.1), and stacks take it as fatal. */
static bool send_failure(sipdiag_icmp_error error)
{
    return error == SIPDIAG_ICMP_PORT_UNREACHABLE || error == SIPDIAG_ICMP_HOST_UNREACHABLE
           || error == SIPDIAG_ICMP_NET_UNREACHABLE || error == SIPDIAG_ICMP_PROTOCOL_UNREACHABLE
           || error == SIPDIAG_ICMP_PROHIBITED || error == SIPDIAG_ICMP_PARAMETER_PROBLEM;
}

bool sipdiag_icmp_is_failure(sipdiag_icmp_error error)
{
    return error != SIPDIAG_ICMP_UNKNOWN && error != SIPDIAG_ICMP_OTHER;
}

/* Where a response goes (RFC 3261 §18.2.2, RFC 3581), and why nothing took it there. */
static void response_port_meaning(const char *to, char *buf, size_t size)
{
    (void)g_snprintf(buf, size, "no SIP on UDP %s, where the top Via sends it (received + sent-by port, or rport: "
                     "RFC 3261 §18.2.2, RFC 3581): the request's sender left, or that is not its source port (NAT)",
                     to);
}

static void too_big_meaning(unsigned mtu, const char *to, char *buf, size_t size)
{
    char path_mtu[24] = "";
    if (mtu)
        (void)g_snprintf(path_mtu, sizeof path_mtu, " (%u)", mtu);
    (void)g_snprintf(buf, size, "it exceeds the path MTU%s to %s, so this copy was lost; RFC 3261 §18.1.1 puts a "
                     "request within 200 bytes of the path MTU on TCP", path_mtu, to);
}

void sipdiag_icmp_meaning(sipdiag_icmp_error error, const char *destination, bool response, unsigned mtu, char *buf,
                          size_t size)
{
    const char *to = destination && destination[0] ? destination : "its destination";
    buf[0] = '\0';
    switch (error) {
    case SIPDIAG_ICMP_PORT_UNREACHABLE:
        if (response)
            response_port_meaning(to, buf, size);
        else
            (void)g_snprintf(buf, size, "no SIP on UDP %s (down, wrong port or transport, or a REJECT rule)", to);
        break;
    case SIPDIAG_ICMP_HOST_UNREACHABLE:
        (void)g_snprintf(buf, size, "%s was not reached (the host is down, or the address is wrong)", to);
        break;
    case SIPDIAG_ICMP_NET_UNREACHABLE:
        (void)g_snprintf(buf, size, "a router has no route to %s (check the address and the routing)", to);
        break;
    case SIPDIAG_ICMP_PROTOCOL_UNREACHABLE:
        (void)g_snprintf(buf, size, "the host at %s does not take UDP at all", to);
        break;
    case SIPDIAG_ICMP_PROHIBITED:
        (void)g_snprintf(buf, size, "a firewall on the host or the path to %s refused it (allow SIP through it)", to);
        break;
    case SIPDIAG_ICMP_TOO_BIG:
        too_big_meaning(mtu, to, buf, size);
        break;
    case SIPDIAG_ICMP_REASSEMBLY_TIMEOUT:
        (void)g_snprintf(buf, size, "%s got only some of its IP fragments and dropped it; RFC 3261 §18.1.1 puts a "
                         "request over 1300 bytes (path MTU unknown) on TCP", to);
        break;
    case SIPDIAG_ICMP_TTL_EXCEEDED:
        (void)g_snprintf(buf, size, "it ran out of hops on the way to %s (a routing loop, or a path longer than "
                         "its TTL): this copy was lost, and a loop loses every resend", to);
        break;
    case SIPDIAG_ICMP_PARAMETER_PROBLEM:
        (void)g_snprintf(buf, size, "a router or the host at %s found its IP header invalid", to);
        break;
    case SIPDIAG_ICMP_OTHER:
    case SIPDIAG_ICMP_UNKNOWN:
        break;
    }
}

/* What the sender of the quoted message makes of the error (a response's
 * port unreachable says it in its meaning). */
static const char *consequence(sipdiag_icmp_error error, bool response)
{
    if (send_failure(error))
        return response ? (error == SIPDIAG_ICMP_PORT_UNREACHABLE ? "" : "A failure to send (RFC 3261 §18.4): "
                                                                         "this copy is lost")
                        : "A sender that sees it fails over as on a 503 (RFC 3261 §18.4, §8.1.3.1); many UDP stacks "
                          "never do and resend";
    if (error == SIPDIAG_ICMP_TTL_EXCEEDED)
        return "RFC 3261 §18.4 has the sender ignore it: fix the routing";
    return "";
}

/* An ICMP message that is no delivery failure: what it is. */
static int other_head(const sipdiag_icmp_header *header, const char *what, const char *to, char *buf, size_t size)
{
    if (header->ip_version == 4 && header->type == 4)
        return g_snprintf(buf, size, "ICMP source quench quotes this %s sent to %s: RFC 3261 §18.4 ignores it "
                          "(deprecated, RFC 6633)", what, to);
    if (header->ip_version == 4 && header->type == 5)
        return g_snprintf(buf, size, "ICMP redirect quotes this %s sent to %s: a router names a better next hop; "
                          "the datagram went on", what, to);
    return g_snprintf(buf, size, "ICMP%s type %u code %u quotes this %s sent to %s",
                      header->ip_version == 6 ? "v6" : "", header->type, header->code, what, to);
}

void sipdiag_icmp_hint(const sipdiag_icmp_header *header, const char *what, bool response, const char *destination,
                       char *buf, size_t size)
{
    sipdiag_icmp_error error = sipdiag_icmp_error_of(header);
    const char *to = destination && destination[0] ? destination : "its destination";
    int len;
    if (error == SIPDIAG_ICMP_OTHER)
        len = other_head(header, what, to, buf, size);
    else if (error == SIPDIAG_ICMP_UNKNOWN)
        len = g_snprintf(buf, size, "An ICMP error quotes this %s sent to %s", what, to);
    else
        len = g_snprintf(buf, size, "ICMP%s %s for this %s", header->ip_version == 6 ? "v6" : "",
                         sipdiag_icmp_error_name(error), what);
    if (len < 0 || (size_t)len >= size)
        return;
    char meaning[320];
    sipdiag_icmp_meaning(error, destination, response, header->mtu, meaning, sizeof meaning);
    if (meaning[0])
        len += g_snprintf(buf + len, size - (size_t)len, ": %s", meaning);
    if ((size_t)len >= size)
        return;
    const char *then = consequence(error, response);
    if (then[0])
        (void)g_snprintf(buf + len, size - (size_t)len, ". %s", then);
}
