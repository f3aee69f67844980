/*
 * sipdiag_explain.c: the explaining headers of a response, read into
 * findings (see sipdiag_explain.h).  Plain C: calls the header parsers and
 * the generated tables, nothing of Wireshark.
 */
#include <string.h>

#include "sipdiag_explain.h"

typedef struct {
    const sipdiag_message *msg;
    const sipdiag_response_context *ctx; /* NULL: nothing recorded */
    sipdiag_finding_fn visit;
    void *user;
} explain_input;

typedef struct explainer explainer;
struct explainer {
    void (*read)(const explain_input *in, const explainer *e);
    const char *name;         /* the header as texts name it */
    sipdiag_header_id header; /* SIPDIAG_HDR_COUNT: a recorded fact */
    uint16_t first, last;     /* codes it applies to, inclusive */
    uint16_t also[2];         /* more codes it applies to; 0: none */
    bool costly;              /* left out unless asked for */
};

static sipdiag_finding new_finding(sipdiag_finding_kind kind, sipdiag_header_id header, sipdiag_str value)
{
    sipdiag_finding f;
    memset(&f, 0, sizeof f);
    f.kind = kind;
    f.header = header;
    f.value = value;
    return f;
}

static void add_malformed(const explain_input *in, const explainer *e, sipdiag_str value, const char *expected)
{
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_MALFORMED, e->header, sipdiag_trim(value));
    f.problem.header = e->name;
    f.problem.value = f.value;
    f.problem.expected = expected;
    in->visit(&f, in->user);
}

static void add_value(const explain_input *in, sipdiag_finding_kind kind, const explainer *e, sipdiag_str value)
{
    sipdiag_finding f = new_finding(kind, e->header, value);
    in->visit(&f, in->user);
}

static sipdiag_finding new_fact(sipdiag_finding_kind kind)
{
    static const sipdiag_str none = { "", 0 };
    return new_finding(kind, SIPDIAG_HDR_COUNT, none);
}

/* ---- Headers ------------------------------------------------------------- */

static void read_challenges(const explain_input *in, const explainer *e)
{
    unsigned kept = sipdiag_kept_count(in->msg, e->header);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str value = sipdiag_trim(in->msg->values[e->header][i]);
        sipdiag_auth auth;
        if (!sipdiag_parse_auth(value, &auth)) {
            add_malformed(in, e, value, "expected a scheme and, for Digest, a realm");
            continue;
        }
        sipdiag_finding f = new_finding(SIPDIAG_FINDING_CHALLENGE, e->header, value);
        f.u.auth = auth;
        in->visit(&f, in->user);
    }
}

/* Every element of every occurrence of a list header. */
static void read_tokens(const explain_input *in, const explainer *e)
{
    unsigned kept = sipdiag_kept_count(in->msg, e->header);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = in->msg->values[e->header][i];
        sipdiag_str element;
        while (sipdiag_next_element(&list, &element))
            add_value(in, SIPDIAG_FINDING_TOKEN, e, element);
    }
}

static void read_seconds(const explain_input *in, const explainer *e)
{
    unsigned long value;
    if (in->msg->count[e->header] == 0)
        return;
    sipdiag_str raw = sipdiag_header(in->msg, e->header);
    if (!sipdiag_parse_uint(raw, 0xFFFFFFFFUL, &value)) {
        add_malformed(in, e, raw, "expected a number of seconds");
        return;
    }
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_SECONDS, e->header, raw);
    f.u.number = value;
    in->visit(&f, in->user);
}

/* A redirection is only as good as its Contact targets (RFC 3261 §21.3). */
static void read_contacts(const explain_input *in, const explainer *e)
{
    unsigned kept = sipdiag_kept_count(in->msg, e->header);
    unsigned targets = 0;
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = in->msg->values[e->header][i];
        sipdiag_str element;
        sipdiag_contact contact;
        if (sipdiag_trim(list).len == 0)
            add_malformed(in, e, list, "");
        while (sipdiag_next_element(&list, &element)) {
            if (sipdiag_parse_contact(element, &contact) && !contact.star) {
                add_value(in, SIPDIAG_FINDING_CONTACT, e, element);
                targets++;
            } else {
                add_malformed(in, e, element, "expected a SIP URI, in <...> if it has parameters");
            }
        }
    }
    if (targets == 0) {
        sipdiag_finding f = new_fact(SIPDIAG_FINDING_NO_TARGET);
        in->visit(&f, in->user);
    }
}

static void read_retry_after(const explain_input *in, const explainer *e)
{
    sipdiag_retry_after retry;
    if (in->msg->count[e->header] == 0)
        return;
    sipdiag_str raw = sipdiag_header(in->msg, e->header);
    if (!sipdiag_parse_retry_after(raw, &retry)) {
        add_malformed(in, e, raw, "expected delta-seconds, a comment and parameters");
        return;
    }
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_RETRY_AFTER, e->header, raw);
    f.u.retry = retry;
    in->visit(&f, in->user);
}

static void read_warning(const explain_input *in, const explainer *e, sipdiag_str element)
{
    sipdiag_warning warning;
    if (!sipdiag_parse_warning(element, &warning)) {
        add_malformed(in, e, element, "expected warn-code, warn-agent and a quoted warn-text");
        return;
    }
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_WARNING, e->header, element);
    f.u.warning.warning = warning;
    f.u.warning.row = sipdiag_warn_code_lookup(warning.code);
    in->visit(&f, in->user);
}

static void read_reason(const explain_input *in, const explainer *e, sipdiag_str element)
{
    sipdiag_reason reason;
    if (!sipdiag_parse_reason(element, &reason) && !(reason.protocol.len && reason.has_cause)) {
        add_malformed(in, e, element, "expected protocol;cause=<number>");
        if (!reason.protocol.len)
            return;
    }
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_REASON, e->header, element);
    f.u.reason.reason = reason;
    if (reason.cause_valid && sipdiag_str_equal_nocase(reason.protocol, "Q.850"))
        f.u.reason.q850 = sipdiag_q850_lookup(reason.cause);
    if (reason.has_cause && !reason.cause_valid) {
        f.problem.header = "Reason cause";
        f.problem.value = sipdiag_trim(reason.cause_text);
        f.problem.expected = "expected a decimal cause value below 2^32";
    }
    in->visit(&f, in->user);
}

/* The elements of a list header, each read by one_element; an empty
 * occurrence is itself malformed. */
static void read_each_element(const explain_input *in, const explainer *e,
                              void (*one_element)(const explain_input *, const explainer *, sipdiag_str))
{
    unsigned kept = sipdiag_kept_count(in->msg, e->header);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = in->msg->values[e->header][i];
        sipdiag_str element;
        if (sipdiag_trim(list).len == 0)
            add_malformed(in, e, list, "");
        while (sipdiag_next_element(&list, &element))
            one_element(in, e, element);
    }
}

static void read_warnings(const explain_input *in, const explainer *e)
{
    read_each_element(in, e, read_warning);
}

static void read_reasons(const explain_input *in, const explainer *e)
{
    read_each_element(in, e, read_reason);
}

/* ---- Recorded facts ------------------------------------------------------ */

static void read_username(const explain_input *in, const explainer *e)
{
    (void)e;
    if (!in->ctx || !in->ctx->auth_username)
        return;
    sipdiag_finding f = new_fact(SIPDIAG_FINDING_USERNAME);
    f.u.text = in->ctx->auth_username;
    in->visit(&f, in->user);
}

static void read_requested_expires(const explain_input *in, const explainer *e)
{
    (void)e;
    if (!in->ctx || !in->ctx->has_request_expires)
        return;
    sipdiag_finding f = new_fact(SIPDIAG_FINDING_REQUESTED_EXPIRES);
    f.u.number = in->ctx->request_expires;
    in->visit(&f, in->user);
}

static void read_request_scheme(const explain_input *in, const explainer *e)
{
    (void)e;
    if (!in->ctx || !in->ctx->request_scheme[0])
        return;
    sipdiag_finding f = new_fact(SIPDIAG_FINDING_REQUEST_SCHEME);
    f.u.text = in->ctx->request_scheme;
    in->visit(&f, in->user);
}

static void read_request_size(const explain_input *in, const explainer *e)
{
    (void)e;
    if (!in->ctx || !in->ctx->request_frame)
        return;
    sipdiag_finding f = new_fact(SIPDIAG_FINDING_REQUEST_SIZE);
    f.u.request.size = in->ctx->request_size;
    f.u.request.over_udp = in->ctx->request_over_udp;
    in->visit(&f, in->user);
}

/* What a 481 is about: the dialog the capture saw, and its end. */
static void read_dialog(const explain_input *in, const explainer *e)
{
    (void)e;
    if (!in->ctx || !(in->ctx->dialog_frame || in->ctx->dialog_end_frame))
        return;
    sipdiag_finding f = new_fact(SIPDIAG_FINDING_DIALOG);
    f.u.dialog.confirmed_frame = in->ctx->dialog_frame;
    f.u.dialog.ended_frame = in->ctx->dialog_end_frame;
    in->visit(&f, in->user);
}

/* ---- The table ----------------------------------------------------------- */

#define EVERY_CODE 0, 0xFFFF, { 0, 0 }
#define ONE_CODE(c) (c), (c), { 0, 0 }
#define FACT NULL, SIPDIAG_HDR_COUNT

/* In the order the findings are shown.  Adding a header explainer is adding
 * its parser (sipdiag_headers.c), one entry here, and its field (the
 * renderer's field_of_header). */
static const explainer explainers[] = {
    { read_challenges, "WWW-Authenticate", SIPDIAG_HDR_WWW_AUTHENTICATE, ONE_CODE(401), true },
    { read_challenges, "Proxy-Authenticate", SIPDIAG_HDR_PROXY_AUTHENTICATE, ONE_CODE(407), true },
    { read_username, FACT, 401, 401, { 403, 407 }, false },
    { read_contacts, "Contact", SIPDIAG_HDR_CONTACT, 300, 399, { 485, 0 }, false },
    { read_seconds, "Expires", SIPDIAG_HDR_EXPIRES, 300, 399, { 485, 0 }, false },
    { read_retry_after, "Retry-After", SIPDIAG_HDR_RETRY_AFTER, EVERY_CODE, false },
    { read_seconds, "Min-Expires", SIPDIAG_HDR_MIN_EXPIRES, ONE_CODE(423), false },
    { read_requested_expires, FACT, ONE_CODE(423), false },
    { read_seconds, "Min-SE", SIPDIAG_HDR_MIN_SE, ONE_CODE(422), false },
    { read_tokens, "Unsupported", SIPDIAG_HDR_UNSUPPORTED, ONE_CODE(420), false },
    { read_tokens, "Require", SIPDIAG_HDR_REQUIRE, ONE_CODE(421), false },
    { read_tokens, "Allow", SIPDIAG_HDR_ALLOW, ONE_CODE(405), false },
    { read_tokens, "Accept", SIPDIAG_HDR_ACCEPT, ONE_CODE(415), false },
    { read_tokens, "Accept-Encoding", SIPDIAG_HDR_ACCEPT_ENCODING, ONE_CODE(415), false },
    { read_tokens, "Accept-Language", SIPDIAG_HDR_ACCEPT_LANGUAGE, ONE_CODE(415), false },
    { read_tokens, "Security-Server", SIPDIAG_HDR_SECURITY_SERVER, ONE_CODE(494), false },
    { read_request_scheme, FACT, ONE_CODE(416), false },
    { read_request_size, FACT, ONE_CODE(513), false },
    { read_warnings, "Warning", SIPDIAG_HDR_WARNING, EVERY_CODE, false },
    { read_reasons, "Reason", SIPDIAG_HDR_REASON, EVERY_CODE, false },
    { read_dialog, FACT, ONE_CODE(481), false },
};

static bool explains(const explainer *e, unsigned code)
{
    return (code >= e->first && code <= e->last) || (e->also[0] && code == e->also[0])
           || (e->also[1] && code == e->also[1]);
}

void sipdiag_explain_response(unsigned code, const sipdiag_message *msg, const sipdiag_response_context *ctx,
                              bool with_challenges, sipdiag_finding_fn visit, void *user)
{
    const explain_input in = { msg, ctx, visit, user };
    for (size_t i = 0; i < sizeof explainers / sizeof explainers[0]; i++)
        if (explains(&explainers[i], code) && (with_challenges || !explainers[i].costly))
            explainers[i].read(&in, &explainers[i]);
}

void sipdiag_explain_request(const sipdiag_message *msg, sipdiag_finding_fn visit, void *user)
{
    static const explainer reasons = { read_reasons, "Reason", SIPDIAG_HDR_REASON, EVERY_CODE, false };
    const explain_input in = { msg, NULL, visit, user };
    read_reasons(&in, &reasons);
}
