/* test_icmp: the ICMP error in front of a quoted SIP datagram, and what sipdiag says of it. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sipdiag_icmp.h"

/* An Ethernet frame: outer IPv4, ICMP type/code, the quoted IPv4 (ihl
 * words) and UDP headers; returns where the quoted payload starts. */
static size_t icmpv4_frame(uint8_t *frame, unsigned type, unsigned code, unsigned ihl)
{
    size_t at = 14;
    memset(frame, 0, 256);
    frame[at] = 0x45;
    frame[at + 9] = 1; /* ICMP */
    at += 20;
    frame[at] = (uint8_t)type;
    frame[at + 1] = (uint8_t)code;
    at += 8;
    frame[at] = (uint8_t)(0x40 | ihl);
    frame[at + 9] = 17; /* UDP */
    const uint8_t src[4] = { 192, 0, 2, 1 };
    const uint8_t dst[4] = { 192, 0, 2, 7 };
    memcpy(frame + at + 12, src, 4);
    memcpy(frame + at + 16, dst, 4);
    at += ihl * 4;
    frame[at + 2] = 0x13; /* destination port 5060 */
    frame[at + 3] = 0xc4;
    return at + 8;
}

static size_t icmpv6_frame(uint8_t *frame, unsigned type, unsigned code)
{
    size_t at = 14;
    memset(frame, 0, 256);
    frame[at] = 0x60;
    frame[at + 6] = 58; /* ICMPv6 */
    at += 40;
    frame[at] = (uint8_t)type;
    frame[at + 1] = (uint8_t)code;
    at += 8;
    frame[at] = 0x60;
    frame[at + 6] = 17;
    frame[at + 24] = 0x20; /* 2001:db8::5 */
    frame[at + 25] = 0x01;
    frame[at + 26] = 0x0d;
    frame[at + 27] = 0xb8;
    frame[at + 39] = 5;
    at += 40;
    frame[at + 2] = 0x13;
    frame[at + 3] = 0xc5; /* 5061 */
    return at + 8;
}

static void reading(void)
{
    uint8_t frame[256];
    sipdiag_icmp_header h;
    size_t payload = icmpv4_frame(frame, 3, 3, 5);
    CHECK(sipdiag_icmp_read(frame, payload, &h) && h.ip_version == 4 && h.type == 3 && h.code == 3, "v4 %u %u %u",
          h.ip_version, h.type, h.code);
    CHECK(h.destination[0] == 192 && h.destination[3] == 7 && h.destination_port == 5060 && h.source[3] == 1,
          "quoted addresses");
    CHECK(sipdiag_icmp_error_of(&h) == SIPDIAG_ICMP_PORT_UNREACHABLE, "port unreachable");
    payload = icmpv4_frame(frame, 11, 1, 7); /* IP options in the quoted header */
    CHECK(sipdiag_icmp_read(frame, payload, &h) && sipdiag_icmp_error_of(&h) == SIPDIAG_ICMP_REASSEMBLY_TIMEOUT,
          "reassembly timeout behind a 28-byte header");
    payload = icmpv4_frame(frame, 3, 13, 5);
    CHECK(sipdiag_icmp_read(frame, payload, &h) && sipdiag_icmp_error_of(&h) == SIPDIAG_ICMP_PROHIBITED, "filtered");
    payload = icmpv4_frame(frame, 0, 0, 5); /* an echo reply is no error */
    CHECK(!sipdiag_icmp_read(frame, payload, &h) && h.ip_version == 0
              && sipdiag_icmp_error_of(&h) == SIPDIAG_ICMP_UNKNOWN, "not an error type");
    payload = icmpv6_frame(frame, 1, 4);
    CHECK(sipdiag_icmp_read(frame, payload, &h) && h.ip_version == 6 && h.destination_port == 5061
              && h.destination[1] == 0x01 && h.destination[15] == 5, "v6");
    CHECK(sipdiag_icmp_error_of(&h) == SIPDIAG_ICMP_PORT_UNREACHABLE, "ICMPv6 port unreachable");
    payload = icmpv6_frame(frame, 2, 0);
    frame[14 + 40 + 6] = 0x05; /* MTU 1280 */
    CHECK(sipdiag_icmp_read(frame, payload, &h) && sipdiag_icmp_error_of(&h) == SIPDIAG_ICMP_TOO_BIG && h.mtu == 1280,
          "too big, MTU %u", h.mtu);
    payload = icmpv4_frame(frame, 3, 4, 5);
    frame[14 + 20 + 6] = 0x05;
    frame[14 + 20 + 7] = 0xdc; /* next-hop MTU 1500 */
    CHECK(sipdiag_icmp_read(frame, payload, &h) && h.mtu == 1500, "fragmentation needed, MTU %u", h.mtu);

    /* Hostile or short: never a read before the buffer. */
    CHECK(!sipdiag_icmp_read(frame, 7, &h) && !sipdiag_icmp_read(NULL, 100, &h) && !sipdiag_icmp_read(frame, 20, &h),
          "too short for the headers");
    memset(frame, 0x45, sizeof frame);
    CHECK(!sipdiag_icmp_read(frame, 60, &h), "IPv4 look-alikes that do not carry UDP");
}

static void words(void)
{
    sipdiag_icmp_header h = { 4, 3, 3, { 192, 0, 2, 1 }, { 192, 0, 2, 7 }, 5070, 5060, 0 };
    char buf[400];
    sipdiag_icmp_hint(&h, "INVITE", false, "192.0.2.7:5060", buf, sizeof buf);
    CHECK(strcmp(buf, "ICMP port unreachable for this INVITE: no SIP on UDP 192.0.2.7:5060 (down, wrong port or "
                      "transport, or a REJECT rule). A sender that sees it fails over as on a 503 (RFC 3261 §18.4, "
                      "§8.1.3.1); many UDP stacks never do and resend") == 0, "%s", buf);
    CHECK(strlen(buf) < 234, "fits Wireshark's label with \"Hint: \": %zu", strlen(buf));
    sipdiag_icmp_hint(&h, "200", true, "192.0.2.7:5060", buf, sizeof buf);
    CHECK(strcmp(buf, "ICMP port unreachable for this 200: no SIP on UDP 192.0.2.7:5060, where the top Via "
                      "sends it (received + sent-by port, or rport: RFC 3261 §18.2.2, RFC 3581): the request's "
                      "sender left, or that is not its source port (NAT)") == 0, "response: %s", buf);
    CHECK(strlen(buf) < 225, "response fits, with room for a longer address: %zu", strlen(buf));
    h.code = 1;
    sipdiag_icmp_hint(&h, "200", true, "192.0.2.7:5060", buf, sizeof buf);
    CHECK(strstr(buf, "ICMP host unreachable for this 200: 192.0.2.7:5060 was not reached")
              && strstr(buf, "A failure to send (RFC 3261 §18.4): this copy is lost") && !strstr(buf, "503"),
          "a response's host unreachable: %s", buf);
    h.type = 11;
    h.code = 0;
    sipdiag_icmp_hint(&h, "OPTIONS", false, "192.0.2.7:5060", buf, sizeof buf);
    CHECK(strstr(buf, "time to live (hop limit) exceeded") && strstr(buf, "routing loop")
              && strstr(buf, "RFC 3261 §18.4 has the sender ignore it: fix the routing") && !strstr(buf, "503"),
          "TTL: %s", buf);
    h.type = 3;
    h.code = 4;
    h.mtu = 1280;
    sipdiag_icmp_hint(&h, "INVITE", false, "192.0.2.7:5060", buf, sizeof buf);
    CHECK(strstr(buf, "it exceeds the path MTU (1280) to 192.0.2.7:5060, so this copy was lost; RFC 3261 §18.1.1")
              && !strstr(buf, "503"), "too big: %s", buf);
    h.code = 13;
    sipdiag_icmp_hint(&h, "INVITE", false, "192.0.2.7:5060", buf, sizeof buf);
    CHECK(strstr(buf, "a firewall on the host or the path to 192.0.2.7:5060 refused it") && strstr(buf, "503"),
          "prohibited: %s", buf);
    h.type = 5; /* a redirect: the datagram went on */
    h.code = 0;
    sipdiag_icmp_hint(&h, "INVITE", false, "192.0.2.7:5060", buf, sizeof buf);
    CHECK(strstr(buf, "ICMP redirect quotes this INVITE sent to 192.0.2.7:5060") && strstr(buf, "went on"), "%s", buf);
    h.type = 4;
    sipdiag_icmp_hint(&h, "INVITE", false, "192.0.2.7:5060", buf, sizeof buf);
    CHECK(strstr(buf, "source quench") && strstr(buf, "RFC 6633"), "%s", buf);
    h.type = 3;
    h.code = 15; /* precedence cutoff: no words of its own */
    sipdiag_icmp_hint(&h, "INVITE", false, "192.0.2.7:5060", buf, sizeof buf);
    CHECK(strcmp(buf, "ICMP type 3 code 15 quotes this INVITE sent to 192.0.2.7:5060") == 0, "%s", buf);
    CHECK(!sipdiag_icmp_is_failure(SIPDIAG_ICMP_OTHER) && !sipdiag_icmp_is_failure(SIPDIAG_ICMP_UNKNOWN)
              && sipdiag_icmp_is_failure(SIPDIAG_ICMP_TTL_EXCEEDED), "what counts as not delivered");
    sipdiag_icmp_header v6 = { 6, 1, 4, { 0 }, { 0 }, 5070, 5060, 0 };
    sipdiag_icmp_hint(&v6, "OPTIONS", false, "[2001:db8::5]:5060", buf, sizeof buf);
    CHECK(strncmp(buf, "ICMPv6 port unreachable for this OPTIONS: no SIP on UDP [2001:db8::5]:5060", 74) == 0, "%s",
          buf);
    sipdiag_icmp_header none = { 0, 0, 0, { 0 }, { 0 }, 0, 0, 0 };
    sipdiag_icmp_hint(&none, "INVITE", false, "", buf, sizeof buf);
    CHECK(strcmp(buf, "An ICMP error quotes this INVITE sent to its destination") == 0, "%s", buf);
    char small[24];
    sipdiag_icmp_hint(&h, "INVITE", false, "192.0.2.7:5060", small, sizeof small);
    CHECK(strlen(small) == sizeof small - 1, "cut to the buffer: %s", small);
    sipdiag_icmp_meaning(SIPDIAG_ICMP_HOST_UNREACHABLE, "", false, 0, buf, sizeof buf);
    CHECK(strcmp(buf, "its destination was not reached (the host is down, or the address is wrong)") == 0, "%s", buf);
}

int main(void)
{
    reading();
    words();
    return check_report("test_icmp");
}
