/*
 * sipdiag_pings.h: OPTIONS pings (trunk keepalives) per target, fed in
 * capture order: how many pings went to each target, how many got a final
 * response and with which codes, and the longest stretch without an answer.
 * Plain C on GLib (no Wireshark headers).
 *
 * A target is the address and port an OPTIONS was sent to (its destination,
 * not its Request-URI: a keepalive checks a next hop, and a Request-URI may
 * name a domain served by several).  Its answers are the final responses
 * coming back from that address to one of its pings (same Call-ID, CSeq
 * number and top Via branch).  A retransmission is not a new ping.
 *
 * Cost: a request costs one method comparison; a response costs nothing
 * until the first OPTIONS was seen, then a CSeq parse.  Memory is bounded:
 * at most max_targets targets (pings to further targets are not counted),
 * each with a fixed ring of the pings still waiting for an answer.
 */
#ifndef SIPDIAG_PINGS_H
#define SIPDIAG_PINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sipdiag_headers.h"

#define SIPDIAG_PING_TARGET_SIZE 64 /* "[IPv6 address]:port", NUL included */
#define SIPDIAG_PING_CODES 4        /* distinct answer codes kept per target */

typedef struct sipdiag_pings sipdiag_pings;

/* Where and when a message was seen; address_of gives its destination
 * (destination true: a request) or its source (a response) as text, made
 * only when the message is an OPTIONS ping or its answer. */
typedef struct {
    uint32_t frame;
    uint64_t time_ns;
    const char *(*address_of)(void *ctx, bool destination);
    void *ctx;
} sipdiag_ping_sighting;

/* One target after one of its pings or answers. */
typedef struct {
    uint32_t serial;            /* targets numbered from 1 in order of their first ping */
    char target[SIPDIAG_PING_TARGET_SIZE];
    uint32_t first_frame;       /* first ping */
    uint32_t last_frame;        /* latest ping */
    unsigned sent;              /* pings (transactions; retransmissions not counted) */
    unsigned answered;          /* pings that got a final response (any code) */
    struct {
        unsigned code;
        unsigned count;
    } codes[SIPDIAG_PING_CODES]; /* answer codes in order of first use; count 0: unused */
    unsigned other_codes;       /* answers with a code beyond the first SIPDIAG_PING_CODES */
    /* The longest time the target looked down: from a ping that got no answer
     * to the next ping that got one; when none did, to the latest ping sent
     * (gap_open: still unanswered as the capture stands). */
    bool has_gap;
    bool gap_open;
    uint64_t longest_gap_ns;
    uint32_t gap_frame;         /* the first unanswered ping of that gap */
    uint32_t icmp_frame;        /* the first ICMP error that quoted a ping to it; 0: none */
    unsigned icmp_error;        /* its sipdiag_icmp_error */
} sipdiag_ping_target;

sipdiag_pings *sipdiag_pings_new(unsigned max_targets);
void sipdiag_pings_free(sipdiag_pings *pings);

/* Whether the tracker looks at this message: an OPTIONS request, or a
 * response to OPTIONS once an OPTIONS was seen. */
bool sipdiag_pings_wants(const sipdiag_pings *pings, const sipdiag_message *msg);

/* An OPTIONS ping to address that came back quoted in an ICMP error (in
 * frame): true (and *out) when its target is tracked and this is the first
 * such error for it.  Not a ping of its own. */
bool sipdiag_pings_quoted(sipdiag_pings *pings, const sipdiag_message *msg, const char *address, uint32_t frame,
                          unsigned icmp_error, sipdiag_ping_target *out);

/* Feeds one message (code: a response's status code); true (and *out) when
 * it was a new ping or a first final answer to one. */
bool sipdiag_pings_observe(sipdiag_pings *pings, const sipdiag_ping_sighting *seen, const sipdiag_message *msg,
                           unsigned code, sipdiag_ping_target *out);

/* Targets kept, and pings to targets beyond the bound (for tests and the table). */
unsigned sipdiag_pings_size(const sipdiag_pings *pings);
unsigned sipdiag_pings_untracked(const sipdiag_pings *pings);

/* "200x3, 404x1" (or "-" without answers), into buf. */
void sipdiag_ping_codes_text(const sipdiag_ping_target *t, char *buf, size_t size);
/* One sentence on the target's health, into buf. */
void sipdiag_ping_verdict(const sipdiag_ping_target *t, char *buf, size_t size);

#endif
