/*
 * sipdiag_explain.h: the headers and recorded facts that explain a
 * response, one table entry each (the codes it applies to, the header, how
 * it is read), read into findings that the renderer shows as they are.
 * Plain C (no Wireshark headers); may call sipdiag_headers, the generated
 * tables (warn-codes, Q.850) and the context's results.
 */
#ifndef SIPDIAG_EXPLAIN_H
#define SIPDIAG_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "sipdiag_context.h"
#include "sipdiag_headers.h"
#include "sipdiag_passport.h"
#include "sipdiag_reason.h"
#include "sipdiag_sdp.h"
#include "sipdiag_table.h"
#include "sipdiag_vendor.h"

typedef enum {
    SIPDIAG_FINDING_MALFORMED,         /* a value that does not parse: see problem */
    SIPDIAG_FINDING_NO_TARGET,         /* a redirection without a usable Contact */
    SIPDIAG_FINDING_CHALLENGE,         /* u.auth: one WWW-/Proxy-Authenticate value */
    SIPDIAG_FINDING_CONTACT,           /* value: one usable redirection target */
    SIPDIAG_FINDING_SECONDS,           /* u.number: Expires, Min-Expires, Min-SE */
    SIPDIAG_FINDING_TOKEN,             /* value: one element of a list header */
    SIPDIAG_FINDING_RETRY_AFTER,       /* u.retry */
    SIPDIAG_FINDING_WARNING,           /* u.warning */
    SIPDIAG_FINDING_REASON,            /* u.reason */
    SIPDIAG_FINDING_USERNAME,          /* u.text: the user of the credentials answered */
    SIPDIAG_FINDING_REQUESTED_EXPIRES, /* u.number: what the REGISTER asked for */
    SIPDIAG_FINDING_REQUEST_SCHEME,    /* u.text: the Request-URI scheme refused */
    SIPDIAG_FINDING_REQUEST_SIZE,      /* u.request: the request found too large */
    SIPDIAG_FINDING_DIALOG,            /* u.dialog: what the capture showed of the dialog */
    SIPDIAG_FINDING_TEXT,              /* value: a whole header value (Server, Geolocation-Error...) */
    SIPDIAG_FINDING_MS_DIAGNOSTICS,    /* u.ms: ms-diagnostics or ms-diagnostics-public */
    SIPDIAG_FINDING_TWILIO_ERROR,      /* u.twilio */
    SIPDIAG_FINDING_HANGUP_CAUSE,      /* u.hangup: X-Asterisk-HangupCauseCode */
    SIPDIAG_FINDING_CARRIER_CODE,      /* value: a carrier's token after the reason phrase */
    SIPDIAG_FINDING_SDP_MEDIA,         /* u.sdp: one m= line of the message's SDP */
    SIPDIAG_FINDING_PASSPORT,          /* u.passport: an Identity header and its checks */
    SIPDIAG_FINDING_SDP_COMPARISON,    /* u.comparison: a failed INVITE's offer against the other side's SDP */
    SIPDIAG_FINDING_JWSCARD            /* u.jwscard: a 608's Call-Info with purpose=jwscard (RFC 8688) */
} sipdiag_finding_kind;

/* A value that does not parse.  On a MALFORMED finding it is the whole
 * finding; on another kind, a part of it (a Reason's cause). */
typedef struct {
    const char *header;   /* as named in the text: "Warning", "Reason cause"; NULL: no problem */
    sipdiag_str value;    /* as written; empty: the header is empty */
    const char *expected; /* what it should look like; "" says nothing more */
    const char *if_empty; /* what an empty value costs; NULL says nothing more */
} sipdiag_problem;

typedef struct {
    sipdiag_finding_kind kind;
    sipdiag_header_id header; /* SIPDIAG_HDR_COUNT: a recorded fact, not a header */
    sipdiag_str value;        /* the bytes it was read from; empty for recorded facts */
    sipdiag_problem problem;
    union {
        sipdiag_auth auth;
        sipdiag_retry_after retry;
        unsigned long number;
        const char *text; /* points into the context: valid as long as it is */
        struct {
            sipdiag_warning warning;
            const sipdiag_warn_codes_row *row; /* NULL: not registered at IANA */
        } warning;
        struct {
            sipdiag_reason reason;
            const sipdiag_q850_causes_row *q850; /* a known Q.850 cause; else NULL */
            const sipdiag_stir_causes_row *other; /* a known STIR or preemption cause; else NULL */
            const sipdiag_location_row *location; /* Q.850 with a known RFC 8606 location; else NULL */
        } reason;
        sipdiag_ms_diagnostics ms;
        sipdiag_twilio_error twilio;
        struct {
            unsigned long cause;
            const sipdiag_q850_causes_row *q850; /* NULL: not in the table */
        } hangup;
        struct {
            const sipdiag_sdp *sdp;
            const sipdiag_sdp_media *media;
        } sdp;
        const sipdiag_jwscard *jwscard; /* valid during the visit */
        struct {
            const char *text;        /* points into the context */
            sipdiag_sdp_mismatch mismatch;
            uint32_t offer_frame;    /* the INVITE */
            uint32_t other_frame;    /* 0: the SDP is this response's own */
        } comparison;
        struct {
            const sipdiag_passport *pp;
            bool has_date;           /* the request's Date parsed */
            int64_t date_delta;      /* Date - iat, seconds */
            sipdiag_check date;      /* iat against Date */
            bool has_capture_time;
            int64_t capture_delta;   /* capture time - iat */
            sipdiag_check capture;   /* iat against the capture time */
            sipdiag_check orig;      /* orig.tn against From / P-Asserted-Identity */
            sipdiag_check dest;      /* dest.tn against To */
        } passport;
        struct {
            uint32_t size;
            bool over_udp;
        } request;
        struct {
            uint32_t confirmed_frame; /* 0: not seen */
            uint32_t ended_frame;
        } dialog;
    } u;
} sipdiag_finding;

/* Receives each finding in turn; f is valid only during the call. */
typedef void (*sipdiag_finding_fn)(const sipdiag_finding *f, void *user);

/* Hands each finding of a response with this code to visit, in the order
 * they are shown; none is stored, as a message may carry thousands of
 * list elements.  ctx may be NULL (nothing recorded).  Reading a challenge
 * costs the most of them: with_challenges false leaves WWW-/Proxy-
 * Authenticate out. */
void sipdiag_explain_response(unsigned code, const sipdiag_message *msg, const sipdiag_response_context *ctx,
                              bool with_challenges, sipdiag_finding_fn visit, void *user);

/* The Reason values of a request (BYE, CANCEL), the vendor cause headers
 * of a BYE, and an INVITE's Identity headers with their checks (against
 * the capture time too when capture_time, seconds since 1970, is not 0). */
void sipdiag_explain_request(const sipdiag_message *msg, int64_t capture_time, sipdiag_finding_fn visit,
                             void *user);

/* The checks of one PASSporT against its request (see sipdiag_passport.h):
 * fills f->u.passport but for pp. */
void sipdiag_check_passport(const sipdiag_passport *pp, const sipdiag_message *msg, int64_t capture_time,
                            sipdiag_finding *f);

/* The request's Identity header, checked (the first value only): the first
 * check that fails, or what else it showed; *delta for the stale ones.
 * Only a message with Identity is parsed. */
sipdiag_identity_verdict sipdiag_identity_of(const sipdiag_message *msg, int64_t capture_time, int32_t *delta);

#endif
