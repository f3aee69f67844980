/*
 * sipdiag_hint.h: the one sentence that says what *this* message means,
 * from its headers and what came before it.  Plain C (no Wireshark headers).
 */
#ifndef SIPDIAG_HINT_H
#define SIPDIAG_HINT_H

#include "sipdiag_classify.h"
#include "sipdiag_context.h"
#include "sipdiag_headers.h"

#include <stdint.h>

/* At most this many bytes of text, so that "SIP 401 Unauthorized: <hint>"
 * still fits a 240-character Wireshark label. */
#define SIPDIAG_HINT_MAX 200

typedef struct {
    char text[SIPDIAG_HINT_MAX + 1]; /* empty: nothing specific to say */
    /* The verdict without frame numbers or names, for counting alike
     * messages together (statistics); NULL when only the text applies. */
    const char *label;
    /* The text says what the response means (a verdict, or a header that
     * names the cause and who to ask), not only a fact to add to the code's
     * remedy (a Retry-After, a Reason restating the code); set with every
     * label, and for some texts without one. */
    bool says_why;
    bool severity_set;               /* the context changes the class's severity */
    sipdiag_severity severity;
} sipdiag_hint;

void sipdiag_response_hint(const sipdiag_verdict *verdict, const sipdiag_message *msg,
                           const sipdiag_response_context *ctx, sipdiag_hint *hint);

/* A response its receiver cannot use as it is (a Content-Length that is
 * not a number, a 2xx to INVITE without Contact): its hint says so. */
bool sipdiag_response_unusable(unsigned code, const sipdiag_message *msg);

/* BYE or CANCEL carrying a Reason header, or a request carrying Identity
 * (its PASSporT checked against the Date header, the identities and, when
 * capture_time is not 0, the capture time), else a top Via whose transport
 * cannot run on the carrier the request was seen on; false (and an empty
 * hint) otherwise. */
bool sipdiag_request_hint(const sipdiag_message *msg, int64_t capture_time, sipdiag_carrier carrier,
                          sipdiag_hint *hint);

/* "Q.850 cause 34 (no circuit/channel available, maps to 503)" and the like. */
void sipdiag_describe_reason(const sipdiag_reason *reason, char *buf, size_t size);

#endif
