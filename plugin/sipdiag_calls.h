/*
 * sipdiag_calls.h: one record per call, fed in capture order.  A call is
 * the Call-ID of a dialog-creating INVITE (one without a To tag) and what
 * follows in it: authentication retries, CANCEL, ACK, re-INVITEs, BYE.
 * Plain C on GLib (no Wireshark headers).
 *
 * Every observation returns the call as it stands after that message,
 * looking backwards only: its outcome is what the call's outcome would be
 * if the capture ended right there, so the last value on a call's messages
 * is its outcome.  Memory is bounded like sipdiag_context: at most
 * 2 * max_calls records of fixed size, the oldest generation dropped when
 * the newest fills up.
 *
 * Only INVITE, ACK, CANCEL and BYE requests and the responses to INVITE
 * and BYE are looked at (sipdiag_calls_wants): every other message costs
 * one method comparison.
 */
#ifndef SIPDIAG_CALLS_H
#define SIPDIAG_CALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sipdiag_context.h"
#include "sipdiag_headers.h"

/* The fixed vocabulary of sipdiag.call.outcome (docs/calls.md): stable,
 * meant for filters and scripts. */
typedef enum {
    SIPDIAG_CALL_UNANSWERED,  /* no response at all */
    SIPDIAG_CALL_TIMEOUT,     /* 408, or no final response after a provisional */
    SIPDIAG_CALL_ANSWERED,    /* 2xx, no BYE (yet) */
    SIPDIAG_CALL_COMPLETED,   /* answered, ended by BYE */
    SIPDIAG_CALL_DROPPED,     /* answered, ended abnormally */
    SIPDIAG_CALL_CANCELLED,   /* CANCEL / 487 before an answer */
    SIPDIAG_CALL_BUSY,        /* 486, 600 */
    SIPDIAG_CALL_DECLINED,    /* 603, 607, 608 */
    SIPDIAG_CALL_REDIRECTED,  /* 3xx */
    SIPDIAG_CALL_AUTH_FAILED, /* the credentials sent were rejected */
    SIPDIAG_CALL_REJECTED,    /* any other final failure */
    SIPDIAG_CALL_OUTCOME_COUNT
} sipdiag_call_outcome;

/* A call's place in a pair of legs a B2BUA joined (sipdiag_calls.c says how
 * they are found). */
typedef enum {
    SIPDIAG_LEG_NONE,
    SIPDIAG_LEG_INBOUND,  /* the caller's call to the B2BUA */
    SIPDIAG_LEG_OUTBOUND  /* the call the B2BUA placed for it */
} sipdiag_call_leg;

typedef enum {
    SIPDIAG_ENDED_NONE,
    SIPDIAG_ENDED_CALLER,
    SIPDIAG_ENDED_CALLEE
} sipdiag_call_ender;

/* Why an answered call counts as dropped. */
typedef enum {
    SIPDIAG_DROP_NONE,
    SIPDIAG_DROP_NO_ACK,  /* the 2xx was repeated and no ACK came, or a BYE came before any ACK */
    SIPDIAG_DROP_REASON,  /* a BYE whose Reason is not a normal clearing */
    SIPDIAG_DROP_REFRESH  /* a re-INVITE answered 408 or 481: the dialog is gone */
} sipdiag_call_drop;

/* Strings kept per call are cut to this many bytes, NUL included. */
#define SIPDIAG_CALL_ID_SIZE 96
#define SIPDIAG_CALL_USER_SIZE 64
#define SIPDIAG_CALL_TEXT_SIZE 80
/* The final failure's hint (sipdiag_hint.h: SIPDIAG_HINT_MAX), NUL included. */
#define SIPDIAG_CALL_WHY_SIZE 201

typedef struct sipdiag_calls sipdiag_calls;

/* Where and when a message was seen; source is the sender's address and
 * port as text ("" when unknown), or NULL and source_of makes it when asked
 * (most messages never need it, and formatting an address costs).
 * source_key, when not 0, stands for that address and port (equal keys:
 * the same sender), so that telling senders apart formats no text; 0: the
 * tracker hashes the text instead. */
typedef struct {
    uint32_t frame;
    uint64_t time_ns;
    const char *source;
    const char *(*source_of)(void *ctx);
    void *source_ctx;
    uint64_t source_key;
    /* The receiver's address and port as a key of the same kind (0:
     * unknown): where a new call's INVITE went links a B2BUA's two legs. */
    uint64_t destination_key;
    /* A request: the latest response its receiver sent before it (to
     * anything), and when; 0: none seen. */
    uint32_t destination_answered_frame;
    uint64_t destination_answered_ns;
    /* A request over UDP larger than 1300 bytes (RFC 3261 §18.1.1 wants
     * those over TCP): likely sent in IP fragments. */
    bool large_over_udp;
} sipdiag_call_sighting;

/* One message as the tracker needs it. */
typedef struct {
    const sipdiag_message *msg;
    unsigned code;           /* responses: the status code */
    sipdiag_auth_outcome auth; /* responses: what sipdiag_context said of the credentials */
    /* A final failure, or the answering 2xx: what the context makes of it
     * (its hint), so that the call's verdict says what the response's Hint
     * says (for a 2xx: what is wrong with it, if anything); *decisive when the
     * hint says what the failure means (else it only adds to the code's
     * remedy, as a Retry-After does).  Made only when the tracker keeps the
     * failure (most responses never need it); NULL, or a result NULL or "":
     * none. */
    const char *(*why_of)(void *why_ctx, bool *decisive);
    void *why_ctx;
    /* The message came back quoted in an ICMP error (sipdiag_icmp_error
     * icmp_error; the sighting's frame is the error's, its source the quoted
     * destination as text): not a sighting.  An INVITE or a 2xx to one of
     * the latest attempt tells its call, the first time. */
    bool quoted_icmp;
    unsigned icmp_error;
} sipdiag_call_message;

/* A call after one of its messages.  The strings point into the tracker
 * and stay valid until the next observation: copy what you keep. */
typedef struct {
    uint32_t serial;          /* calls numbered from 1 in start order */
    bool new_call;            /* this message started the call */
    bool settles;             /* a message that settles the outcome: the fields are shown there */
    bool texts_changed;       /* responder, agent, warning or reason changed here */
    sipdiag_call_outcome outcome;
    uint32_t start_frame;     /* first INVITE */
    uint64_t start_ns;
    const char *call_id;
    const char *from_user;
    const char *to_user;
    unsigned attempts;        /* INVITEs without To tag (authentication retries included) */
    unsigned invite_count;    /* sightings of the latest attempt's INVITE */
    /* The latest response the latest attempt's receiver sent before that
     * INVITE (sipdiag_call_sighting), and how long before; 0: none seen. */
    uint32_t destination_answered_frame;
    uint64_t destination_answered_ago_ns;
    bool invite_large_over_udp; /* that INVITE went over UDP, larger than 1300 bytes */
    unsigned provisional_code; /* first 1xx of the latest attempt (an 18x over a 100); 0: none */
    uint32_t provisional_frame;
    unsigned final_code;      /* final response of the latest attempt; 0: none */
    uint32_t final_frame;
    const char *responder;    /* source of that final response (or of the 1xx), "" if none */
    const char *agent;        /* "Server: ...", "User-Agent: ...", "Warning agent: ..." or "" */
    const char *warning;      /* the final response's first warn-code and text, or "" */
    const char *reason;       /* Reason of the BYE, else of the final response, or "" */
    const char *why;          /* the final failure's hint (sipdiag_call_message.why_of), or "" */
    bool why_decisive;        /* it says what the failure means, not only something more */
    bool challenged;          /* the latest final is a 401/407 challenge (no credentials rejected) */
    bool has_pdd, has_setup, has_duration;
    uint64_t pdd_ns;          /* first INVITE to first 18x */
    uint64_t setup_ns;        /* first INVITE to 2xx */
    uint64_t duration_ns;     /* 2xx to BYE */
    unsigned answer_count;    /* sightings of the 2xx */
    bool acked;
    uint32_t cancel_frame;
    uint32_t bye_frame;
    unsigned bye_code;        /* final response to the BYE; 0: none */
    sipdiag_call_ender ended_by;
    uint32_t refresh_frame;   /* the 408/481 to a re-INVITE */
    unsigned refresh_code;
    uint32_t reinvite_failed_frame; /* the first failure of a re-INVITE that left the call up; 0: none */
    unsigned reinvite_failed_code;
    sipdiag_call_drop drop;
    sipdiag_call_leg leg;
    uint32_t other_leg_frame; /* first INVITE of the linked leg; 0: none */
    unsigned other_leg_code;  /* inbound leg: the outbound leg's final code so far; 0: none */
    /* The first ICMP error that quoted the latest attempt's INVITE: its
     * frame (0: none) and sipdiag_icmp_error; and the first that quoted its
     * 2xx.  icmp_target: where the quoted one of them was sent. */
    uint32_t icmp_frame;
    unsigned icmp_error;
    uint32_t answer_icmp_frame;
    unsigned answer_icmp_error;
    const char *icmp_target;
} sipdiag_call_state;

sipdiag_calls *sipdiag_calls_new(unsigned max_calls);
void sipdiag_calls_free(sipdiag_calls *calls);

/* Whether the tracker looks at this message at all: INVITE, ACK, CANCEL,
 * BYE, or a response whose CSeq method is INVITE or BYE. */
bool sipdiag_calls_wants(const sipdiag_message *msg);

/* Feeds one message; true (and *out) when it started or changed a call.
 * A message sipdiag_calls_wants turns down is left at once (its CSeq is
 * read once for both). */
bool sipdiag_calls_observe(sipdiag_calls *calls, const sipdiag_call_sighting *seen, const sipdiag_call_message *m,
                           sipdiag_call_state *out);

/* The key the tracker makes of an address's text ("10.0.0.1:5060") when a
 * sighting gives no source_key; 0 for NULL. */
uint64_t sipdiag_calls_text_key(const char *address);

/* Calls currently kept (for tests of the bound). */
unsigned sipdiag_calls_size(const sipdiag_calls *calls);

const char *sipdiag_call_outcome_name(sipdiag_call_outcome outcome);
const char *sipdiag_call_ender_name(sipdiag_call_ender ender);
/* Effective in ITU-T E.425's sense: the network delivered the call to the
 * callee (answered, busy, no answer, declined). */
bool sipdiag_call_effective(const sipdiag_call_state *call);
bool sipdiag_call_answered(const sipdiag_call_state *call);

/* The responder with its agent: "10.0.0.5:5060 (Server: X)", into buf. */
void sipdiag_call_responder_text(const sipdiag_call_state *call, char *buf, size_t size);
/* One sentence: who and why, into buf (cut at size). */
void sipdiag_call_verdict(const sipdiag_call_state *call, char *buf, size_t size);

#endif
