/*
 * sipdiag_icmp.h: a SIP message that comes back quoted in an ICMP error.
 * Over UDP an unreachable port, host or network, or a filter, shows only
 * this way (RFC 3261 §18.4): which error it is, read from the bytes before
 * the quoted datagram, and what it means for the message it quotes.
 * Plain C (no Wireshark headers).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPDIAG_ICMP_H
#define SIPDIAG_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SIPDIAG_ICMP_UNKNOWN,             /* an ICMP error whose header was not found */
    SIPDIAG_ICMP_PORT_UNREACHABLE,
    SIPDIAG_ICMP_HOST_UNREACHABLE,    /* IPv6: address unreachable */
    SIPDIAG_ICMP_NET_UNREACHABLE,     /* IPv6: no route to destination */
    SIPDIAG_ICMP_PROTOCOL_UNREACHABLE,
    SIPDIAG_ICMP_PROHIBITED,          /* administratively prohibited: a filter */
    SIPDIAG_ICMP_TOO_BIG,             /* fragmentation needed and DF set; IPv6: packet too big */
    SIPDIAG_ICMP_REASSEMBLY_TIMEOUT,  /* time exceeded reassembling its fragments */
    SIPDIAG_ICMP_TTL_EXCEEDED,
    SIPDIAG_ICMP_PARAMETER_PROBLEM,
    SIPDIAG_ICMP_OTHER                /* a type or code not above (redirect, source quench, ...) */
} sipdiag_icmp_error;

/* The ICMP header in front of a quoted datagram, and where that datagram
 * was sent (the frame's own addresses are the ICMP error's). */
typedef struct {
    unsigned ip_version; /* 4: ICMP, 6: ICMPv6; 0: not found */
    unsigned type;
    unsigned code;
    uint8_t source[16];      /* the quoted IP header's: 4 or 16 bytes, by ip_version */
    uint8_t destination[16];
    unsigned source_port;     /* the quoted UDP header's */
    unsigned destination_port;
    unsigned mtu;             /* too big: the MTU the error names; 0: none */
} sipdiag_icmp_header;

/* bytes: a frame up to (at least) payload_offset, where the UDP payload of
 * the datagram an ICMP error quotes starts.  Walks back over the quoted UDP
 * header and IPv4 (any header length) or IPv6 (no extension headers) header
 * to the ICMP header; false when the bytes do not fit that shape. */
bool sipdiag_icmp_read(const uint8_t *bytes, size_t payload_offset, sipdiag_icmp_header *out);
sipdiag_icmp_error sipdiag_icmp_error_of(const sipdiag_icmp_header *header);
/* "port unreachable", ...; "error" for SIPDIAG_ICMP_UNKNOWN. */
const char *sipdiag_icmp_error_name(sipdiag_icmp_error error);
/* Whether RFC 3261 §18.4 makes the error a failure to send. */
bool sipdiag_icmp_is_failure(sipdiag_icmp_error error);
/* What the error says about the place the message was sent to, as a clause
 * ("no SIP on UDP 10.0.0.5:5060 ..."); destination "" when unknown;
 * response: the quoted message is a response; mtu: 0 when unknown. */
void sipdiag_icmp_meaning(sipdiag_icmp_error error, const char *destination, bool response, unsigned mtu, char *buf,
                          size_t size);
/* The hint for the quoted message: what (e.g. "INVITE", "200 response")
 * was sent to destination; response: the quoted message is a response,
 * which goes where the request's top Via says (RFC 3261 §18.2.2). */
void sipdiag_icmp_hint(const sipdiag_icmp_header *header, const char *what, bool response, const char *destination,
                       char *buf, size_t size);

#endif
