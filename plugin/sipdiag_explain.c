/*
 * sipdiag_explain.c: the explaining headers of a response, read into
 * findings (see sipdiag_explain.h).  Plain C: calls the header parsers and
 * the generated tables, nothing of Wireshark.
 */
#include <stdio.h>
#include <string.h>

#include "sipdiag_explain.h"

typedef struct {
    unsigned code;                       /* 0 for a request */
    const sipdiag_message *msg;
    const sipdiag_response_context *ctx; /* NULL: nothing recorded */
    int64_t capture_time;                /* requests: seconds since 1970, 0 unknown */
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

static sipdiag_str empty_str(void)
{
    static const sipdiag_str none = { "", 0 };
    return none;
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
        bool parsed = i == 0 ? sipdiag_message_auth(in->msg, e->header, &auth) /* maybe read already */
                             : sipdiag_parse_auth(value, &auth);
        if (!parsed) {
            add_malformed(in, e, value, "expected a scheme and, for Digest, a realm; each parameter a token or a quoted-string");
            continue;
        }
        sipdiag_finding f = new_finding(SIPDIAG_FINDING_CHALLENGE, e->header, value);
        f.u.auth = auth;
        in->visit(&f, in->user);
    }
}

/* A CSeq that does not parse leaves the response unmatched to any request:
 * no request, retransmission or dialog is found for it, and that is said. */
static void read_cseq(const explain_input *in, const explainer *e)
{
    if (in->msg->count[e->header] == 0 || in->msg->cseq_parsed) /* read by the parser: no fault */
        return;
    sipdiag_str raw = sipdiag_header(in->msg, e->header);
    const char *fault = sipdiag_cseq_fault(raw);
    if (!fault)
        return;
    char expected[160];
    snprintf(expected, sizeof expected, "%s (RFC 3261 §20.16); this response cannot be matched to its request",
             fault);
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_MALFORMED, e->header, sipdiag_trim(raw));
    f.problem.header = e->name;
    f.problem.value = f.value;
    f.problem.expected = expected;
    f.problem.if_empty = "this response cannot be matched to its request";
    in->visit(&f, in->user);
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
    /* RFC 3326 §2: a protocol, then optional parameters; a Reason without a
     * cause is well-formed, only less telling. */
    sipdiag_parse_reason(element, &reason);
    if (!reason.protocol.len) {
        add_malformed(in, e, element, "expected a protocol (SIP, Q.850, ...), then ;cause=<number>");
        return;
    }
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_REASON, e->header, element);
    f.u.reason.reason = reason;
    sipdiag_reason_protocol protocol = sipdiag_reason_protocol_of(reason.protocol);
    if (reason.cause_valid && protocol == SIPDIAG_REASON_Q850)
        f.u.reason.q850 = sipdiag_q850_lookup(reason.cause);
    if (reason.cause_valid && protocol == SIPDIAG_REASON_STIR)
        f.u.reason.other = sipdiag_stir_cause_lookup(reason.cause);
    if (reason.cause_valid && protocol == SIPDIAG_REASON_PREEMPTION)
        f.u.reason.other = sipdiag_preemption_cause_lookup(reason.cause);
    if (reason.has_location && protocol == SIPDIAG_REASON_Q850)
        f.u.reason.location = sipdiag_reason_location(reason.location);
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

/* The first value of a header as a whole (who sent the response, an error
 * header whose syntax sipdiag does not read further). */
static void read_text(const explain_input *in, const explainer *e)
{
    if (in->msg->count[e->header] == 0)
        return;
    sipdiag_str value = sipdiag_header(in->msg, e->header);
    if (value.len == 0) {
        add_malformed(in, e, value, "");
        return;
    }
    add_value(in, SIPDIAG_FINDING_TEXT, e, value);
}

/* ---- Vendor and carrier headers (vendor behaviour, sipdiag_vendor.c) ----- */

static void read_ms_diagnostics(const explain_input *in, const explainer *e)
{
    unsigned kept = sipdiag_kept_count(in->msg, e->header);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str value = sipdiag_trim(in->msg->values[e->header][i]);
        sipdiag_finding f = new_finding(SIPDIAG_FINDING_MS_DIAGNOSTICS, e->header, value);
        if (!sipdiag_parse_ms_diagnostics(value, &f.u.ms)) {
            add_malformed(in, e, value, "expected a decimal code, then ;reason=\"...\";source=...");
            continue;
        }
        in->visit(&f, in->user);
    }
}

static void read_twilio_error(const explain_input *in, const explainer *e)
{
    if (in->msg->count[e->header] == 0)
        return;
    sipdiag_str value = sipdiag_header(in->msg, e->header);
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_TWILIO_ERROR, e->header, value);
    if (!sipdiag_parse_twilio_error(value, &f.u.twilio)) {
        add_malformed(in, e, value, "expected a decimal code and a text");
        return;
    }
    in->visit(&f, in->user);
}

static void read_hangup_cause(const explain_input *in, const explainer *e)
{
    if (in->msg->count[e->header] == 0)
        return;
    sipdiag_str value = sipdiag_header(in->msg, e->header);
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_HANGUP_CAUSE, e->header, value);
    if (!sipdiag_parse_asterisk_cause_code(value, &f.u.hangup.cause)) {
        add_malformed(in, e, value, "expected a Q.850 cause number, 0 to 127");
        return;
    }
    f.u.hangup.q850 = sipdiag_q850_lookup(f.u.hangup.cause);
    in->visit(&f, in->user);
}

/* A carrier's own code after the registered phrase: shown, not explained. */
static void read_carrier_code(const explain_input *in, const explainer *e)
{
    const sipdiag_codes_row *row = sipdiag_code_lookup(in->code);
    sipdiag_str token;
    if (!row || !sipdiag_carrier_token(in->msg->reason_phrase, row->phrase, &token))
        return;
    sipdiag_finding f = new_finding(SIPDIAG_FINDING_CARRIER_CODE, e->header, token);
    in->visit(&f, in->user);
}

/* The m= lines of the message's own SDP (a 488 or 606 may list what it
 * accepts, RFC 3261 §21.4.26): its body is read only for the codes of
 * this entry. */
static void read_sdp(const explain_input *in, const explainer *e)
{
    sipdiag_str text = sipdiag_sdp_in_body(sipdiag_header(in->msg, SIPDIAG_HDR_CONTENT_TYPE),
                                           sipdiag_message_body(in->msg));
    sipdiag_sdp sdp;
    if (text.len == 0)
        return;
    if (!sipdiag_parse_sdp(text, &sdp)) {
        const char *lf = memchr(text.ptr, '\n', text.len);
        sipdiag_str first_line = { text.ptr, lf ? (size_t)(lf - text.ptr) : text.len };
        add_malformed(in, e, first_line, sdp.error);
        return;
    }
    for (unsigned i = 0; i < sdp.media_count; i++) {
        sipdiag_finding f = new_finding(SIPDIAG_FINDING_SDP_MEDIA, e->header, empty_str());
        f.u.sdp.sdp = &sdp;
        f.u.sdp.media = &sdp.media[i];
        in->visit(&f, in->user);
    }
}

/* ---- STIR/SHAKEN (sipdiag_passport.c) ------------------------------------ */

/* A 608's Call-Info elements: each as a token, and one with
 * purpose=jwscard (RFC 8688) also as who rejected the call and how to
 * reach them; a data: URI that does not decode is malformed. */
static void read_call_info(const explain_input *in, const explainer *e)
{
    unsigned kept = sipdiag_kept_count(in->msg, e->header);
    sipdiag_jwscard card;
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = in->msg->values[e->header][i];
        sipdiag_str element;
        while (sipdiag_next_element(&list, &element)) {
            add_value(in, SIPDIAG_FINDING_TOKEN, e, element);
            if (!sipdiag_parse_jwscard(element, &card))
                continue;
            sipdiag_finding f = new_finding(SIPDIAG_FINDING_JWSCARD, e->header, sipdiag_trim(element));
            f.u.jwscard = &card;
            if (card.error) {
                f.problem.header = "Call-Info jwscard";
                f.problem.value = card.uri;
                f.problem.expected = card.error;
            }
            in->visit(&f, in->user);
        }
    }
}

void sipdiag_check_passport(const sipdiag_passport *pp, const sipdiag_message *msg, int64_t capture_time,
                            sipdiag_finding *f)
{
    int64_t date;
    f->u.passport.pp = pp;
    f->u.passport.has_date = sipdiag_parse_sip_date(sipdiag_header(msg, SIPDIAG_HDR_DATE), &date);
    f->u.passport.date = f->u.passport.has_date
                             ? sipdiag_passport_check_iat(pp, date, SIPDIAG_PASSPORT_FRESHNESS, &f->u.passport.date_delta)
                             : SIPDIAG_CHECK_UNKNOWN;
    f->u.passport.has_capture_time = capture_time != 0;
    f->u.passport.capture = capture_time != 0 ? sipdiag_passport_check_iat(pp, capture_time, SIPDIAG_PASSPORT_FRESHNESS,
                                                                           &f->u.passport.capture_delta)
                                              : SIPDIAG_CHECK_UNKNOWN;
    f->u.passport.orig = sipdiag_passport_check_orig(pp, sipdiag_header(msg, SIPDIAG_HDR_FROM),
                                                     sipdiag_header(msg, SIPDIAG_HDR_P_ASSERTED_IDENTITY));
    f->u.passport.dest = sipdiag_passport_check_dest(pp, sipdiag_header(msg, SIPDIAG_HDR_TO));
}

static int32_t clamp32(int64_t v)
{
    return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

sipdiag_identity_verdict sipdiag_identity_of(const sipdiag_message *msg, int64_t capture_time, int32_t *delta)
{
    sipdiag_passport pp;
    sipdiag_finding f;
    *delta = 0;
    if (msg->count[SIPDIAG_HDR_IDENTITY] == 0)
        return SIPDIAG_IDENTITY_ABSENT;
    if (!sipdiag_parse_passport(sipdiag_header(msg, SIPDIAG_HDR_IDENTITY), &pp))
        return SIPDIAG_IDENTITY_UNREADABLE;
    if (pp.compact)
        return SIPDIAG_IDENTITY_COMPACT;
    memset(&f, 0, sizeof f);
    sipdiag_check_passport(&pp, msg, capture_time, &f);
    if (f.u.passport.date == SIPDIAG_CHECK_FAIL) {
        *delta = clamp32(f.u.passport.date_delta);
        return SIPDIAG_IDENTITY_STALE_DATE;
    }
    if (f.u.passport.orig == SIPDIAG_CHECK_FAIL)
        return SIPDIAG_IDENTITY_ORIG;
    if (f.u.passport.dest == SIPDIAG_CHECK_FAIL)
        return SIPDIAG_IDENTITY_DEST;
    if (f.u.passport.capture == SIPDIAG_CHECK_FAIL) {
        *delta = clamp32(f.u.passport.capture_delta);
        return SIPDIAG_IDENTITY_STALE_CAPTURE;
    }
    return SIPDIAG_IDENTITY_AGREES;
}

static void read_identity(const explain_input *in, const explainer *e)
{
    unsigned kept = sipdiag_kept_count(in->msg, e->header);
    sipdiag_passport pp;
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str value = sipdiag_trim(in->msg->values[e->header][i]);
        if (!sipdiag_parse_passport(value, &pp) && !pp.header_decoded) {
            add_malformed(in, e, value, pp.error);
            continue;
        }
        sipdiag_finding f = new_finding(SIPDIAG_FINDING_PASSPORT, e->header, value);
        if (pp.error) {
            f.problem.header = "Identity claims";
            f.problem.value = value;
            f.problem.expected = pp.error;
        }
        sipdiag_check_passport(&pp, in->msg, in->capture_time, &f);
        in->visit(&f, in->user);
    }
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

/* A failed INVITE's offer against the refusing side's SDP (sipdiag_context.c). */
static void read_sdp_comparison(const explain_input *in, const explainer *e)
{
    (void)e;
    if (!in->ctx || !in->ctx->sdp_comparison)
        return;
    sipdiag_finding f = new_fact(SIPDIAG_FINDING_SDP_COMPARISON);
    f.u.comparison.text = in->ctx->sdp_comparison;
    f.u.comparison.mismatch = (sipdiag_sdp_mismatch)in->ctx->sdp_mismatch;
    f.u.comparison.offer_frame = in->ctx->sdp_offer_frame;
    f.u.comparison.other_frame = in->ctx->sdp_other_frame;
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
    { read_cseq, "CSeq", SIPDIAG_HDR_CSEQ, EVERY_CODE, false },
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
    { read_tokens, "Accept-Resource-Priority", SIPDIAG_HDR_ACCEPT_RESOURCE_PRIORITY, ONE_CODE(417), false },
    { read_text, "Geolocation-Error", SIPDIAG_HDR_GEOLOCATION_ERROR, ONE_CODE(424), false },
    { read_text, "AlertMsg-Error", SIPDIAG_HDR_ALERTMSG_ERROR, ONE_CODE(425), false },
    { read_tokens, "Recv-Info", SIPDIAG_HDR_RECV_INFO, ONE_CODE(469), false },
    { read_tokens, "Permission-Missing", SIPDIAG_HDR_PERMISSION_MISSING, ONE_CODE(470), false },
    { read_tokens, "Allow-Events", SIPDIAG_HDR_ALLOW_EVENTS, ONE_CODE(489), false },
    { read_call_info, "Call-Info", SIPDIAG_HDR_CALL_INFO, ONE_CODE(608), false },
    { read_sdp, "SDP", SIPDIAG_HDR_CONTENT_TYPE, 488, 488, { 606, 415 }, false },
    { read_sdp, "SDP", SIPDIAG_HDR_CONTENT_TYPE, ONE_CODE(380), false },
    { read_sdp_comparison, FACT, 300, 699, { 0, 0 }, false },
    { read_warnings, "Warning", SIPDIAG_HDR_WARNING, EVERY_CODE, false },
    { read_reasons, "Reason", SIPDIAG_HDR_REASON, EVERY_CODE, false },
    { read_ms_diagnostics, "ms-diagnostics", SIPDIAG_HDR_MS_DIAGNOSTICS, EVERY_CODE, false },
    { read_ms_diagnostics, "ms-diagnostics-public", SIPDIAG_HDR_MS_DIAGNOSTICS_PUBLIC, EVERY_CODE, false },
    { read_hangup_cause, "X-Asterisk-HangupCauseCode", SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSECODE, EVERY_CODE, false },
    { read_text, "X-Asterisk-HangupCause", SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSE, EVERY_CODE, false },
    { read_twilio_error, "X-Twilio-Error", SIPDIAG_HDR_X_TWILIO_ERROR, EVERY_CODE, false },
    { read_carrier_code, FACT, 300, 699, { 0, 0 }, false },
    { read_tokens, "Feature-Caps", SIPDIAG_HDR_FEATURE_CAPS, 400, 699, { 0, 0 }, false },
    { read_text, "Server", SIPDIAG_HDR_SERVER, 400, 699, { 0, 0 }, false },
    { read_text, "User-Agent", SIPDIAG_HDR_USER_AGENT, 400, 699, { 0, 0 }, false },
    { read_dialog, FACT, ONE_CODE(481), false },
};

static bool explains(const explainer *e, unsigned code)
{
    return (code >= e->first && code <= e->last) || (e->also[0] && code == e->also[0])
           || (e->also[1] && code == e->also[1]);
}

#define EXPLAINER_COUNT (sizeof explainers / sizeof explainers[0])
_Static_assert(EXPLAINER_COUNT <= 64, "the explainers of a code are bits of a uint64_t");

/* Which explainers apply to a code, as bits of explainers[] (bit i: entry
 * i): worked out the first time the code is met, as walking the whole
 * table cost more than the explainers of most responses. */
#define CODES_REMEMBERED 1000
static uint64_t explainers_of_code[CODES_REMEMBERED];
static bool code_seen[CODES_REMEMBERED];

/* The index of the lowest bit set in bits (not 0). */
static unsigned lowest_bit(uint64_t bits)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(bits);
#else
    unsigned i = 0;
    while (!(bits & 1)) {
        bits >>= 1;
        i++;
    }
    return i;
#endif
}

/* Explainers that find nothing when their header is absent, as bits of
 * explainers[]: skipped without a call then, as most responses lack most of
 * the headers every code is explained by.  Made with the first code's bits. */
static uint64_t header_only;

static bool finds_nothing_without_header(const explainer *e)
{
    static void (*const readers[])(const explain_input *, const explainer *) = {
        read_challenges, read_cseq, read_tokens, read_seconds, read_retry_after, read_warnings, read_reasons,
        read_text, read_ms_diagnostics, read_twilio_error, read_hangup_cause,
    };
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (e->read == readers[i])
            return e->header < SIPDIAG_HDR_COUNT;
    return false;
}

static uint64_t explainers_for(unsigned code)
{
    if (code < CODES_REMEMBERED && code_seen[code])
        return explainers_of_code[code];
    uint64_t bits = 0;
    for (size_t i = 0; i < EXPLAINER_COUNT; i++) {
        if (explains(&explainers[i], code))
            bits |= UINT64_C(1) << i;
        if (finds_nothing_without_header(&explainers[i]))
            header_only |= UINT64_C(1) << i;
    }
    if (code < CODES_REMEMBERED) {
        explainers_of_code[code] = bits;
        code_seen[code] = true;
    }
    return bits;
}

void sipdiag_explain_response(unsigned code, const sipdiag_message *msg, const sipdiag_response_context *ctx,
                              bool with_challenges, sipdiag_finding_fn visit, void *user)
{
    const explain_input in = { code, msg, ctx, 0, visit, user };
    for (uint64_t bits = explainers_for(code); bits; bits &= bits - 1) {
        unsigned i = lowest_bit(bits);
        const explainer *e = &explainers[i];
        if ((header_only >> i & 1) && msg->count[e->header] == 0)
            continue;
        if (with_challenges || !e->costly)
            e->read(&in, e);
    }
}

void sipdiag_explain_request(const sipdiag_message *msg, int64_t capture_time, sipdiag_finding_fn visit,
                             void *user)
{
    static const explainer for_requests[] = {
        { read_identity, "Identity", SIPDIAG_HDR_IDENTITY, EVERY_CODE, false },
        { read_reasons, "Reason", SIPDIAG_HDR_REASON, EVERY_CODE, false },
        { read_hangup_cause, "X-Asterisk-HangupCauseCode", SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSECODE, EVERY_CODE, false },
        { read_text, "X-Asterisk-HangupCause", SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSE, EVERY_CODE, false },
    };
    const explain_input in = { 0, msg, NULL, capture_time, visit, user };
    for (size_t i = 0; i < sizeof for_requests / sizeof for_requests[0]; i++)
        if (msg->count[for_requests[i].header] > 0)
            for_requests[i].read(&in, &for_requests[i]);
}
