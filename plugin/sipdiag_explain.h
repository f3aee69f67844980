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
#include "sipdiag_table.h"

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
    SIPDIAG_FINDING_DIALOG             /* u.dialog: what the capture showed of the dialog */
} sipdiag_finding_kind;

/* A value that does not parse.  On a MALFORMED finding it is the whole
 * finding; on another kind, a part of it (a Reason's cause). */
typedef struct {
    const char *header;   /* as named in the text: "Warning", "Reason cause"; NULL: no problem */
    sipdiag_str value;    /* as written; empty: the header is empty */
    const char *expected; /* what it should look like; "" says nothing more */
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
        } reason;
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

/* The Reason values of a request (BYE, CANCEL). */
void sipdiag_explain_request(const sipdiag_message *msg, sipdiag_finding_fn visit, void *user);

#endif
