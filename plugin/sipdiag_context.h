/*
 * sipdiag_context.h: what the capture showed before a response, kept from
 * message to message: transactions keyed by Call-ID, CSeq and the top Via
 * branch, dialogs keyed by Call-ID.  Plain C on GLib (no Wireshark headers).
 *
 * Messages must be observed in capture order, once each (the plugin does it
 * on Wireshark's first pass and keeps the results per frame).  Memory is
 * bounded: at most 2 * max_entries transactions (each with up to 512 bytes
 * of each of the request's two credential headers), as many dialogs, as
 * many distinct responses and as many requests seen on a second hop, each
 * keeping up to 1 KiB of its Call-ID, and as many registered users (the
 * To user of a 2xx to REGISTER, up to 1 KiB); the oldest generation is dropped when
 * the newest fills up.  A dialog that exchanged SDP also keeps under 1 KiB
 * of summaries, and the offer of an INVITE waiting for its final response
 * as sent (up to 4 KiB, 4 MiB for all dialogs together).
 */
#ifndef SIPDIAG_CONTEXT_H
#define SIPDIAG_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "sipdiag_headers.h"

typedef struct sipdiag_context sipdiag_context;

typedef enum {
    SIPDIAG_AUTH_NONE,      /* not an authentication answer */
    SIPDIAG_AUTH_CHALLENGE, /* 401/407 to a request without credentials for that realm */
    SIPDIAG_AUTH_REJECTED,  /* 401/407/403 to a request that carried credentials */
    SIPDIAG_AUTH_STALE,     /* 401/407 with stale=true to a request with credentials */
    SIPDIAG_AUTH_NONCE      /* 401/407 to credentials whose nonce, not password, is the problem */
} sipdiag_auth_outcome;

typedef enum {
    SIPDIAG_DIALOG_UNSEEN,    /* no INVITE of this Call-ID in the capture */
    SIPDIAG_DIALOG_EARLY,     /* INVITE seen, no 2xx */
    SIPDIAG_DIALOG_CONFIRMED, /* 2xx to the INVITE seen, no BYE */
    SIPDIAG_DIALOG_ENDED      /* BYE seen */
} sipdiag_dialog_state;

/* Request-URI schemes are kept up to this size, NUL included. */
/* What the request's Identity header (STIR, RFC 8224) showed: the first
 * check a capture can repeat that fails (sipdiag_identity_of). */
typedef enum {
    SIPDIAG_IDENTITY_ABSENT,        /* no Identity header */
    SIPDIAG_IDENTITY_AGREES,        /* every check that could be made passes */
    SIPDIAG_IDENTITY_UNREADABLE,    /* the header does not parse */
    SIPDIAG_IDENTITY_COMPACT,       /* compact form: no claims to check */
    SIPDIAG_IDENTITY_STALE_DATE,    /* iat too far from the Date header */
    SIPDIAG_IDENTITY_ORIG,          /* orig.tn is not the From / P-Asserted-Identity number */
    SIPDIAG_IDENTITY_DEST,          /* no dest.tn is the To number */
    SIPDIAG_IDENTITY_STALE_CAPTURE  /* iat too far from the capture time */
} sipdiag_identity_verdict;

#define SIPDIAG_SCHEME_SIZE 17

/* Where and when a message was seen. */
typedef struct {
    uint32_t frame;
    uint64_t time_ns;
    uint32_t size;  /* bytes of the whole message (only a request's is read) */
    bool over_udp;
    uint64_t hop;   /* the two ends (addresses, ports) and transport, hashed the same either way */
    uint64_t source; /* the sender's address and port, as a key (equal keys: the same sender); 0: unknown */
} sipdiag_sighting;

/* Everything a response's diagnosis needs from earlier messages.  The
 * strings point into the context and stay valid until the next observation:
 * copy what you keep. */
typedef struct {
    /* The request's sightings on the hop of this response (the same two
     * addresses, either way), else on the hop where it was first seen: the
     * same request between other addresses is a copy on another hop of the
     * capture, not a retransmission. */
    uint32_t request_frame;       /* first sighting of the request there; 0: not seen */
    uint64_t request_time_ns;
    uint64_t response_time_ns;    /* when this response was seen */
    unsigned request_count;       /* sightings there: 1 + retransmissions */
    uint32_t last_request_frame;
    uint32_t first_request_frame; /* first sighting of the request on any hop */
    uint32_t request_size;
    bool request_over_udp;
    char request_scheme[SIPDIAG_SCHEME_SIZE]; /* Request-URI scheme (cut), or "" */
    bool has_request_expires;     /* the REGISTER's Expires (header or Contact) */
    unsigned long request_expires;
    unsigned other_leg_retransmissions; /* of the same request on other branches (the next hop) */
    uint32_t other_leg_first_frame;
    uint32_t other_leg_last_frame;
    uint32_t cancel_frame;        /* the CANCEL of this INVITE; 0: none seen */
    unsigned provisional_code;    /* the furthest 1xx this transaction saw before (18x over 100); 0: none */
    uint32_t provisional_frame;   /* its first sighting */
    /* A provisional response seen after a final one of its transaction:
     * that final response (its first sighting); 0: none. */
    unsigned final_code;
    uint32_t final_frame;
    uint32_t original_frame;      /* this response repeats the one in that frame; 0: first */
    unsigned response_count;      /* sightings of this same response, this one included; 0: no transaction */
    uint32_t ack_frame;           /* a resent final response to INVITE: an ACK of its CSeq seen
                                     after its first sighting; 0: none */
    bool response_over_udp;       /* a resent response (original_frame set): it came over UDP */
    uint32_t bounced_frame;       /* an ICMP error quoted an earlier sighting of it; 0: none */
    unsigned bounced_error;       /* sipdiag_icmp_error */
    const char *request_event;    /* the request's Event package (cut at 64 bytes), or NULL */
    sipdiag_auth_outcome auth;
    const char *auth_username;    /* from the request's credentials, or NULL */
    const char *auth_realm;
    /* SIPDIAG_AUTH_NONCE: why the nonce, not the password, is to blame. */
    uint32_t nonce_challenge_frame;   /* the challenge whose nonce the credentials used; 0: none seen */
    uint64_t nonce_age_ns;            /* from that challenge to the request */
    uint32_t latest_challenge_frame;  /* the newest challenge of this Call-ID before the request */
    uint32_t accepted_frame;          /* an earlier 2xx to this user's credentials; 0: none */
    bool nonce_in_phrase;             /* the reason phrase itself names the nonce ("nonce has changed") */
    sipdiag_identity_verdict identity; /* the request's PASSporT */
    int32_t identity_delta;       /* seconds, for the two stale verdicts */
    sipdiag_dialog_state dialog;
    uint32_t dialog_frame;        /* 2xx that confirmed the dialog */
    uint32_t dialog_end_frame;    /* BYE that ended it */
    /* The final non-2xx that ended this Call-ID's latest INVITE, none
     * confirmed (RFC 3261 §12.3: no dialog is left); 0: none. */
    uint32_t dialog_rejected_frame;
    unsigned dialog_rejected_code;
    /* A 488, 606, 415 or 380 to an INVITE, or a re-INVITE's failure: its
     * SDP offer against the refusing side's SDP (in this response, else
     * its latest in the dialog); NULL when the INVITE carried no SDP. */
    const char *sdp_comparison;   /* sipdiag_sdp_compare_summaries' phrase */
    uint8_t sdp_mismatch;         /* sipdiag_sdp_mismatch */
    /* A 404, 480 or 603 (not to REGISTER) from a server that accepted
     * REGISTERs in this capture, none of them (left) for the To AoR. */
    bool unregistered_at_registrar;
    uint32_t sdp_offer_frame;     /* the INVITE */
    uint32_t sdp_other_frame;     /* the other side's SDP; 0: this response's own */
    /* A 404 or 480 (not to REGISTER) from a registrar: its 2xx to the
     * latest REGISTER of the address-of-record in the To header, unless
     * that removed the bindings; 0: none seen (or another sender, or the
     * registered device itself). */
    uint32_t registered_frame;
} sipdiag_response_context;

/* sdp_comparison holds at most this many bytes, NUL included. */
#define SIPDIAG_SDP_COMPARISON_SIZE 256

sipdiag_context *sipdiag_context_new(unsigned max_entries);
void sipdiag_context_free(sipdiag_context *ctx);

void sipdiag_context_request(sipdiag_context *ctx, const sipdiag_sighting *seen,
                             const sipdiag_message *msg);
void sipdiag_context_response(sipdiag_context *ctx, const sipdiag_sighting *seen,
                              const sipdiag_message *msg, unsigned code,
                              sipdiag_response_context *out);

/* Entries currently kept (for tests of the bound). */
unsigned sipdiag_context_size(const sipdiag_context *ctx);

/* A message an ICMP error quoted (seen: the quoted datagram's hop, the
 * ICMP frame; code: a response's): the frame of its latest sighting on
 * that hop, 0 when none was seen.  A response whose delivery_failed: the
 * later sightings of the same response say so. */
uint32_t sipdiag_context_quoted(sipdiag_context *ctx, const sipdiag_sighting *seen, const sipdiag_message *msg,
                                unsigned code, unsigned icmp_error, bool delivery_failed);

/* The latest response sent from the address and port keyed source
 * (sipdiag_sighting.source) so far: its frame and time; false when none. */
bool sipdiag_context_last_response_from(const sipdiag_context *ctx, uint64_t source, uint32_t *frame,
                                        uint64_t *time_ns);

#endif
