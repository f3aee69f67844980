/*
 * sipdiag_hint.c: composing the per-message hint.  The first rule that
 * applies wins; a Retry-After is added to whatever it says.  Plain C;
 * calls the header parser and the generated tables.
 */
#include "sipdiag_hint.h"
#include "sipdiag_icmp.h"

#include "sipdiag_explain.h"
#include "sipdiag_sdp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longest piece of message text (realm, URI, user...) quoted in a hint. */
#define MAX_QUOTED 48
#define MAX_LISTED 3
/* Faster than anyone can press a reject button after the phone rings. */
#define INSTANT_NS UINT64_C(1000000000)

typedef struct {
    char *buf;
    size_t size;
    size_t len;
} builder_t;

static void add(builder_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Most pieces are plain text: copied as vsnprintf would, without its cost. */
static void add_plain(builder_t *b, const char *text)
{
    size_t n = strlen(text);
    size_t room = b->size - b->len - 1;
    if (n > room)
        n = room;
    memcpy(b->buf + b->len, text, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

static void add(builder_t *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->size)
        return;
    if (!strchr(fmt, '%')) {
        add_plain(b, fmt);
        return;
    }
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(b->buf + b->len, b->size - b->len, fmt, args);
    va_end(args);
    if (n > 0)
        b->len = (size_t)n < b->size - b->len ? b->len + (size_t)n : b->size - 1;
}

/* Message text, cut to max bytes with "...", control bytes shown as '?'. */
static void add_text(builder_t *b, sipdiag_str s, size_t max)
{
    size_t n = s.len > max ? max : s.len;
    for (size_t i = 0; i < n && b->len + 1 < b->size; i++) {
        char c = s.ptr[i];
        if ((unsigned char)c < 0x20 || c == 0x7f)
            c = '?';
        b->buf[b->len++] = c;
    }
    b->buf[b->len] = '\0';
    if (s.len > max)
        add(b, "...");
}

static void add_cstr(builder_t *b, const char *s)
{
    sipdiag_str str = { s ? s : "", s ? strlen(s) : 0 };
    add_text(b, str, MAX_QUOTED);
}

static void set_verdict(sipdiag_hint *hint, sipdiag_severity severity, const char *label)
{
    hint->label = label;
    hint->says_why = true;
    hint->severity_set = true;
    hint->severity = severity;
}

static sipdiag_str method_of(const sipdiag_message *msg)
{
    sipdiag_str method = { "request", 7 };
    unsigned long cseq;
    if (msg->cseq_parsed) /* the parser read it already */
        return msg->cseq_method;
    sipdiag_parse_cseq(sipdiag_header(msg, SIPDIAG_HDR_CSEQ), &cseq, &method);
    return method;
}

/* The elements of every occurrence of a list header: "a, b, c and 2 more". */
static bool add_list(builder_t *b, const sipdiag_message *msg, sipdiag_header_id id)
{
    unsigned listed = 0;
    unsigned more = 0;
    unsigned kept = sipdiag_kept_count(msg, id);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = msg->values[id][i];
        sipdiag_str element;
        while (sipdiag_next_element(&list, &element)) {
            if (listed == MAX_LISTED) {
                more++;
                continue;
            }
            add_plain(b, listed ? ", " : "");
            add_text(b, element, MAX_QUOTED);
            listed++;
        }
    }
    if (more)
        add(b, " and %u more", more);
    return listed > 0;
}

/* Credentials refused for their nonce: which challenge they answered, and why it is not the password. */
static void nonce_hint(builder_t *b, const sipdiag_message *msg, const sipdiag_response_context *ctx)
{
    add(b, "Nonce problem, not the password: ");
    if (ctx->nonce_challenge_frame && ctx->nonce_challenge_frame != ctx->latest_challenge_frame) {
        add(b, "frame %u answered the challenge of frame %u (%.1f s before), not the newest one (frame %u)",
            ctx->request_frame, ctx->nonce_challenge_frame, (double)ctx->nonce_age_ns / 1e9,
            ctx->latest_challenge_frame);
    } else if (ctx->accepted_frame) {
        /* The strongest evidence first: the same credentials worked before. */
        add(b, "user \"");
        add_cstr(b, ctx->auth_username);
        add(b, "\" was accepted in frame %u, so the server no longer takes the nonce used in frame %u",
            ctx->accepted_frame, ctx->request_frame);
    } else {
        add(b, "the phrase \"");
        add_text(b, msg->reason_phrase, 32);
        add(b, "\" blames the nonce");
        if (ctx->nonce_challenge_frame)
            add(b, " of frame %u, used %.1f s after it", ctx->nonce_challenge_frame,
                (double)ctx->nonce_age_ns / 1e9);
    }
    add(b, "; the client should answer this new challenge");
}

/*
 * A 403 to credentials of a user that a 2xx accepted earlier (a REGISTER,
 * then this INVITE): the password works, so the server refuses this request
 * for that user, or no longer takes the nonce the credentials used.
 */
static void refused_accepted_user(builder_t *b, const sipdiag_message *msg, const sipdiag_response_context *ctx)
{
    sipdiag_str method = method_of(msg);
    add(b, "Not the password: user \"");
    add_cstr(b, ctx->auth_username);
    add(b, "\" was accepted in frame %u; this ", ctx->accepted_frame);
    add_text(b, method, 16);
    add(b, " is refused for that user (");
    if (sipdiag_str_equal_nocase(method, "REGISTER"))
        add(b, "the AOR in To, its rights");
    else if (sipdiag_str_equal_nocase(method, "INVITE") || sipdiag_str_equal_nocase(method, "MESSAGE"))
        add(b, "rights, destination, caller ID");
    else
        add(b, "its rights");
    if (ctx->nonce_challenge_frame)
        add(b, ") or its nonce (frame %u, %.1f s old) is no longer valid", ctx->nonce_challenge_frame,
            (double)ctx->nonce_age_ns / 1e9);
    else
        add(b, ") or its nonce is no longer valid");
}

static bool auth_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                      const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    sipdiag_auth challenge;
    bool parsed = sipdiag_message_auth(msg, code == 407 ? SIPDIAG_HDR_PROXY_AUTHENTICATE
                                                        : SIPDIAG_HDR_WWW_AUTHENTICATE,
                                       &challenge);
    const char *credentials = code == 407 ? "Proxy-Authorization" : "Authorization";
    switch (ctx->auth) {
    case SIPDIAG_AUTH_STALE:
        add(b, "Nonce expired (stale=true) for realm \"");
        add_text(b, challenge.realm, MAX_QUOTED);
        add(b, "\"; the client should retry by itself with the new nonce");
        set_verdict(hint, SIPDIAG_SEVERITY_NOTE, "Nonce expired (stale=true): the client retries by itself");
        return true;
    case SIPDIAG_AUTH_NONCE:
        nonce_hint(b, msg, ctx);
        set_verdict(hint, SIPDIAG_SEVERITY_NOTE, "Nonce problem, not the password: answer the newest challenge");
        return true;
    case SIPDIAG_AUTH_REJECTED:
        if (code == 403 && ctx->accepted_frame) {
            refused_accepted_user(b, msg, ctx);
            set_verdict(hint, SIPDIAG_SEVERITY_WARN,
                        "403 to a user accepted before: a policy for this request or the nonce, not the password");
            return true;
        }
        if (ctx->nonce_in_phrase && parsed && challenge.has_stale && !challenge.stale) {
            add(b, "Credentials refused: the phrase \"");
            add_text(b, msg->reason_phrase, 32);
            add(b, "\" blames the nonce, but the challenge says stale=false (RFC 7616 §3.3: bad credentials); "
                   "check user \"");
            add_cstr(b, ctx->auth_username);
            add(b, "\"'s password first");
            set_verdict(hint, SIPDIAG_SEVERITY_WARN,
                        "Credentials refused (stale=false), though the phrase blames the nonce");
            return true;
        }
        add(b, "Digest credentials rejected: the request in frame %u carried them for user \"",
            ctx->request_frame);
        add_cstr(b, ctx->auth_username);
        add(b, "\" (realm \"");
        add_cstr(b, ctx->auth_realm);
        add(b, "\"); check that user's password");
        set_verdict(hint, SIPDIAG_SEVERITY_WARN, "Digest credentials rejected: check the user's password");
        return true;
    case SIPDIAG_AUTH_CHALLENGE:
        if (!parsed) {
            add(b, "No usable %s challenge: no client can answer it; fix that header on the server that sent it",
                code == 407 ? "Proxy-Authenticate" : "WWW-Authenticate");
            hint->label = "No usable challenge: the client cannot authenticate";
            return true;
        }
        add_plain(b, sipdiag_str_equal_nocase(challenge.scheme, "Digest") ? "Digest" : "Authentication");
        add(b, " challenge (normal) for realm \"");
        add_text(b, challenge.realm, MAX_QUOTED);
        add(b, "\" (");
        add_text(b, challenge.algorithm.len ? challenge.algorithm : (sipdiag_str){ "MD5", 3 }, 16);
        if (challenge.qop.len) {
            add(b, ", qop=");
            add_text(b, challenge.qop, 16);
        }
        add(b, "); the next ");
        add_text(b, method_of(msg), 16);
        add(b, " should carry ");
        add_plain(b, credentials);
        set_verdict(hint, SIPDIAG_SEVERITY_NOTE, "Digest challenge (normal): the retry should carry credentials");
        return true;
    case SIPDIAG_AUTH_NONE:
        break;
    }
    return false;
}

static const char *const dialog_labels[] = {
    [SIPDIAG_DIALOG_UNSEEN] = "Unknown dialog: never seen set up in this capture",
    [SIPDIAG_DIALOG_EARLY] = "Unknown dialog: INVITE seen, never confirmed",
    [SIPDIAG_DIALOG_CONFIRMED] = "The far end lost a confirmed dialog",
    [SIPDIAG_DIALOG_ENDED] = "Request for a dialog already ended by BYE",
};

static void dialog_hint(builder_t *b, const sipdiag_message *msg, const sipdiag_response_context *ctx,
                        sipdiag_hint *hint)
{
    hint->label = dialog_labels[ctx->dialog];
    add(b, "No such dialog at the far end for this ");
    add_text(b, method_of(msg), 16);
    switch (ctx->dialog) {
    case SIPDIAG_DIALOG_UNSEEN:
        add(b, "; the capture never saw the call set up (it predates the capture or took another path)");
        break;
    case SIPDIAG_DIALOG_EARLY:
        if (ctx->dialog_rejected_frame)
            add(b, "; the INVITE was rejected with %u in frame %u, which left no dialog (RFC 3261 §12.3)",
                ctx->dialog_rejected_code, ctx->dialog_rejected_frame);
        else
            add(b, "; the capture saw the INVITE but no 2xx confirming the dialog");
        break;
    case SIPDIAG_DIALOG_CONFIRMED:
        add(b, "; the capture saw it confirmed in frame %u, so the far end lost it (restart, failover, NAT rebinding)",
            ctx->dialog_frame);
        break;
    case SIPDIAG_DIALOG_ENDED:
        add(b, "; the dialog was already ended by the BYE in frame %u (late or duplicate request)",
            ctx->dialog_end_frame);
        break;
    }
}

/* The sends of the request on this leg, as " (sent 3 times, frames 5 to 7)", or nothing. */
static void add_sends(builder_t *b, const sipdiag_response_context *ctx)
{
    if (ctx->request_count > 1)
        add(b, " (sent %u times, frames %u to %u)", ctx->request_count, ctx->request_frame,
            ctx->last_request_frame);
}

/* The relayed copies of the request that nobody answered, as "; ..." or nothing. */
static void add_unanswered_relay(builder_t *b, const sipdiag_response_context *ctx)
{
    if (ctx->other_leg_retransmissions > 0)
        add(b, "; the request it relayed went unanswered (resent %u times, frames %u to %u)",
            ctx->other_leg_retransmissions, ctx->other_leg_first_frame, ctx->other_leg_last_frame);
}

/*
 * A 408 or 504 is made by the element whose timer ran out (RFC 3261 §16.7,
 * §17.1): what came back before it says which element and which timer.  A
 * hop that sent a provisional is up; only silence from everyone is a
 * reachability problem.
 */
static bool timeout_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                         const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    sipdiag_str method = method_of(msg);
    if (sipdiag_str_equal_nocase(method, "CANCEL")) {
        add(b, "No 200 to this CANCEL");
        add_sends(b, ctx);
        add(b, ": it matched no pending INVITE (a match is answered 200 at once, RFC 3261 §9.2, §16.10) and "
               "nothing further on answered it; check that its top Via, Request-URI and CSeq number are the "
               "INVITE's (§9.1)");
        hint->label = "CANCEL matched no INVITE: compare its Via and CSeq with the INVITE's";
        return true;
    }
    if (ctx->provisional_code && ctx->cancel_frame) {
        add(b, "The hop that sent %u in frame %u got nothing from further on in time, and no 487 answered the "
               "CANCEL in frame %u: check that its top Via is the INVITE's (RFC 3261 §9.1)", ctx->provisional_code,
            ctx->provisional_frame, ctx->cancel_frame);
        hint->label = "Hop up, nothing from further on; the CANCEL got no 487";
        return true;
    }
    if (ctx->provisional_code >= 180 && code == 408) {
        add(b, "Ring-no-answer: the callee was alerting (%u in frame %u) and nobody answered before the sender's no-answer timer fired",
            ctx->provisional_code, ctx->provisional_frame);
        hint->label = "Ring-no-answer: alerted, not answered in time";
        return true;
    }
    if (ctx->provisional_code) {
        add(b, "The hop that sent %u in frame %u is up but got no final response from further on",
            ctx->provisional_code, ctx->provisional_frame);
        add_unanswered_relay(b, ctx);
        hint->label = "Hop up (provisional sent); nothing beyond it answered in time";
        return true;
    }
    if (ctx->other_leg_retransmissions > 0) {
        add(b, "The ");
        add_text(b, method, 16);
        add(b, " was relayed and resent %u times (frames %u to %u) without an answer from the next hop; the relaying element timed out",
            ctx->other_leg_retransmissions, ctx->other_leg_first_frame, ctx->other_leg_last_frame);
        hint->label = "Relayed request never answered by the next hop";
        return true;
    }
    if (ctx->request_count > 1) {
        add(b, "The ");
        add_text(b, method, 16);
        add(b, " was sent %u times (frames %u to %u) with no provisional answer before this timeout",
            ctx->request_count, ctx->request_frame, ctx->last_request_frame);
        hint->label = "Request resent, no provisional answer, then a timeout";
        return true;
    }
    return false;
}

static bool contact_hint(builder_t *b, const sipdiag_message *msg)
{
    unsigned listed = 0;
    unsigned more = 0;
    unsigned kept = sipdiag_kept_count(msg, SIPDIAG_HDR_CONTACT);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = msg->values[SIPDIAG_HDR_CONTACT][i];
        sipdiag_str element;
        sipdiag_contact contact;
        while (sipdiag_next_element(&list, &element)) {
            if (!sipdiag_parse_contact(element, &contact) || contact.star)
                continue;
            if (listed == 2) {
                more++;
                continue;
            }
            add_plain(b, listed ? ", " : "Moved to ");
            add_text(b, contact.uri, MAX_QUOTED);
            listed++;
        }
    }
    if (!listed)
        return false;
    if (more)
        add(b, " and %u more", more);
    unsigned long expires;
    if (sipdiag_parse_uint(sipdiag_header(msg, SIPDIAG_HDR_EXPIRES), 0xFFFFFFFFUL, &expires))
        add(b, " for %lu s", expires);
    add(b, "; retry there and update the route or address book");
    return true;
}

static bool uint_header(const sipdiag_message *msg, sipdiag_header_id id, unsigned long *value)
{
    return sipdiag_parse_uint(sipdiag_header(msg, id), 0xFFFFFFFFUL, value);
}

/* Headers a particular code is defined to carry (RFC 3261 §21, RFC 4028, RFC 3329). */
static bool header_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                        const sipdiag_response_context *ctx)
{
    unsigned long value;
    switch (code) {
    case 423:
        if (!uint_header(msg, SIPDIAG_HDR_MIN_EXPIRES, &value))
            return false;
        add(b, "The registrar wants Expires of at least %lu s (Min-Expires)", value);
        if (ctx->has_request_expires)
            add(b, " and the request asked for %lu s", ctx->request_expires);
        add(b, "; retry with Expires >= %lu", value);
        return true;
    case 422:
        if (!uint_header(msg, SIPDIAG_HDR_MIN_SE, &value))
            return false;
        add(b, "Session interval too small: Min-SE is %lu s; resend with Session-Expires >= %lu", value, value);
        return true;
    case 420:
        add(b, "Unsupported option tags: ");
        return add_list(b, msg, SIPDIAG_HDR_UNSUPPORTED) && (add(b, "; resend without them in Require"), true);
    case 421:
        add(b, "The server requires option tags: ");
        return add_list(b, msg, SIPDIAG_HDR_REQUIRE) && (add(b, "; enable them on the client"), true);
    case 405:
        add_text(b, method_of(msg), 16);
        add(b, " is not allowed here; Allow lists ");
        return add_list(b, msg, SIPDIAG_HDR_ALLOW);
    case 415:
        add(b, "The server accepts bodies of type ");
        return add_list(b, msg, SIPDIAG_HDR_ACCEPT) && (add(b, "; send one of those"), true);
    case 494:
        add(b, "Security-Server offers ");
        return add_list(b, msg, SIPDIAG_HDR_SECURITY_SERVER)
               && (add(b, "; set one up and resend with Security-Verify"), true);
    case 416:
        if (!ctx->request_scheme[0])
            return false;
        add(b, "The request used a \"");
        add_cstr(b, ctx->request_scheme);
        add(b, ":\" URI, which this server does not take; use sip: or sips:");
        return true;
    case 513:
        if (!ctx->request_frame)
            return false;
        add(b, "The request in frame %u was %u bytes over %s", ctx->request_frame, ctx->request_size,
            ctx->request_over_udp ? "UDP" : "a stream transport");
        if (ctx->request_over_udp && ctx->request_size > 1300)
            add(b, "; above 1300 bytes RFC 3261 section 18.1.1 asks for TCP");
        return true;
    default:
        return false;
    }
}

/* STIR (RFC 9410) and preemption (RFC 4411) causes by name. */
static void describe_other_cause(builder_t *b, const sipdiag_reason *reason)
{
    sipdiag_reason_protocol protocol = sipdiag_reason_protocol_of(reason->protocol);
    const sipdiag_stir_causes_row *row = NULL;
    if (protocol == SIPDIAG_REASON_STIR)
        row = sipdiag_stir_cause_lookup(reason->cause);
    else if (protocol == SIPDIAG_REASON_PREEMPTION)
        row = sipdiag_preemption_cause_lookup(reason->cause);
    if (row)
        add(b, " (%s)", row->name);
    else if (protocol == SIPDIAG_REASON_STIR)
        add(b, " (not a STIR error code of RFC 8224)");
}

/* RFC 8606: where a Q.850 release happened (U: the user's own equipment, not a network). */
static void describe_location(builder_t *b, const sipdiag_reason *reason)
{
    if (!reason->has_location || sipdiag_reason_protocol_of(reason->protocol) != SIPDIAG_REASON_Q850)
        return;
    const sipdiag_location_row *where = sipdiag_reason_location(reason->location);
    if (where)
        add(b, ", location %s (%s)", where->code, where->where);
}

void sipdiag_describe_reason(const sipdiag_reason *reason, char *buf, size_t size)
{
    builder_t b = { buf, size, 0 };
    buf[0] = '\0';
    add_text(&b, reason->protocol, 16);
    if (!reason->has_cause) {
        add(&b, " without a cause");
        if (reason->text.len) {
            add(&b, ", text \"");
            add_text(&b, reason->text, MAX_QUOTED);
            add(&b, "\"");
        }
        return;
    }
    if (!reason->cause_valid) {
        unsigned long ignored;
        bool digits_only = sipdiag_parse_uint(reason->cause_text, (unsigned long)-1, &ignored)
                           || (reason->cause_text.len > 0 && strspn(reason->cause_text.ptr, "0123456789") >= reason->cause_text.len);
        add(&b, " cause \"");
        add_text(&b, reason->cause_text, 16);
        add(&b, digits_only ? "\" (out of range)" : "\" (not a number)");
        return;
    }
    add(&b, " cause %lu", reason->cause);
    if (sipdiag_str_equal_nocase(reason->protocol, "Q.850")) {
        const sipdiag_q850_causes_row *q850 = sipdiag_q850_lookup(reason->cause);
        if (q850 && q850->sip_code)
            add(&b, " (%s, maps to %u)", q850->name, q850->sip_code);
        else if (q850)
            add(&b, " (%s)", q850->name);
        else
            add(&b, " (not a known Q.850 cause)");
    } else if (sipdiag_str_equal_nocase(reason->protocol, "SIP")) {
        const sipdiag_codes_row *row = sipdiag_code_lookup((unsigned)(reason->cause <= 999 ? reason->cause : 0));
        if (row)
            add(&b, " (%s)", row->phrase);
    } else {
        describe_other_cause(&b, reason);
    }
    describe_location(&b, reason);
}

static bool first_reason(const sipdiag_message *msg, sipdiag_reason *reason)
{
    sipdiag_str list = sipdiag_header(msg, SIPDIAG_HDR_REASON);
    sipdiag_str element;
    while (sipdiag_next_element(&list, &element)) {
        sipdiag_parse_reason(element, reason);
        if (reason->protocol.len)
            return true;
    }
    return false;
}

/* A STIR Reason among a response's Reason values (RFC 9410): the failed
 * Identity check is why the call was refused, whatever cause goes with it. */
static bool stir_reason(const sipdiag_message *msg, sipdiag_reason *reason)
{
    unsigned kept = sipdiag_kept_count(msg, SIPDIAG_HDR_REASON);
    for (unsigned k = 0; k < kept; k++) {
        sipdiag_str list = msg->values[SIPDIAG_HDR_REASON][k];
        sipdiag_str element;
        while (sipdiag_next_element(&list, &element)) {
            sipdiag_parse_reason(element, reason);
            if (sipdiag_reason_protocol_of(reason->protocol) == SIPDIAG_REASON_STIR)
                return true;
        }
    }
    return false;
}

static bool reason_hint(builder_t *b, unsigned code, const sipdiag_message *msg, sipdiag_hint *hint)
{
    sipdiag_reason reason;
    char described[160];
    if (stir_reason(msg, &reason)) {
        sipdiag_describe_reason(&reason, described, sizeof described);
        add(b, "Reason: %s: the Identity (STIR/SHAKEN) check failed, so the call was refused: fix the signing "
               "or the number rewriting, as failing over re-sends the same Identity", described);
        hint->label = "Refused for a failed Identity check (STIR Reason)";
        return true;
    }
    if (!first_reason(msg, &reason))
        return false;
    sipdiag_describe_reason(&reason, described, sizeof described);
    add(b, "Reason: %s", described);
    /* RFC 3398 §7.2.4.1 gives the code a gateway should send for the cause. */
    const sipdiag_q850_causes_row *q850 = reason.cause_valid && sipdiag_str_equal_nocase(reason.protocol, "Q.850")
                                          ? sipdiag_q850_lookup(reason.cause) : NULL;
    /* §7.2.4.1 lets a gateway send 603 for cause 21 when the cause location is the user. */
    bool user_decline = q850 && q850->sip_code == 403 && code == 603;
    if (q850 && q850->sip_code && q850->sip_code != code && code >= 300 && !user_decline) {
        add(b, ", though this response is %u: the code is only a mapping (RFC 3398), the cause more specific", code);
        hint->label = "Q.850 cause and response code disagree: go by the cause";
    }
    return true;
}

/* The vendor headers that carry the real reason (vendor behaviour): ms-diagnostics
 * (Microsoft), X-Twilio-Error (Twilio), X-Asterisk-HangupCauseCode (Asterisk). */
static bool ms_diagnostics_hint(builder_t *b, const sipdiag_message *msg, sipdiag_header_id id)
{
    sipdiag_ms_diagnostics ms;
    if (msg->count[id] == 0 || !sipdiag_parse_ms_diagnostics(sipdiag_header(msg, id), &ms))
        return false;
    add(b, "%s %lu", id == SIPDIAG_HDR_MS_DIAGNOSTICS ? "ms-diagnostics" : "ms-diagnostics-public", ms.code);
    if (ms.reason.len) {
        add(b, " \"");
        add_text(b, ms.reason, MAX_QUOTED);
        add(b, "\"");
    }
    if (ms.source.len) {
        add(b, " from ");
        add_text(b, ms.source, MAX_QUOTED);
    }
    if (ms.sbc_code)
        add(b, ": Microsoft documents a 560xxx code as the SBC having sent this %u, not Teams; check the SBC's logs and rules", ms.sbc_code);
    return true;
}

static bool vendor_hint(builder_t *b, const sipdiag_message *msg)
{
    sipdiag_twilio_error twilio;
    unsigned long cause;
    if (ms_diagnostics_hint(b, msg, SIPDIAG_HDR_MS_DIAGNOSTICS)
        || ms_diagnostics_hint(b, msg, SIPDIAG_HDR_MS_DIAGNOSTICS_PUBLIC))
        return true;
    if (msg->count[SIPDIAG_HDR_X_TWILIO_ERROR]
        && sipdiag_parse_twilio_error(sipdiag_header(msg, SIPDIAG_HDR_X_TWILIO_ERROR), &twilio)) {
        add(b, "X-Twilio-Error %lu", twilio.code);
        if (twilio.text.len) {
            add(b, ": ");
            add_text(b, twilio.text, MAX_QUOTED);
        }
        add(b, " (Twilio's code; see Twilio's error reference)");
        return true;
    }
    if (msg->count[SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSECODE]
        && sipdiag_parse_asterisk_cause_code(sipdiag_header(msg, SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSECODE), &cause)) {
        const sipdiag_q850_causes_row *q850 = sipdiag_q850_lookup(cause);
        add(b, "Asterisk hangup cause %lu (%s)", cause, q850 ? q850->name : "not a known Q.850 cause");
        return true;
    }
    return false;
}

static bool warning_hint(builder_t *b, const sipdiag_message *msg)
{
    sipdiag_str list = sipdiag_header(msg, SIPDIAG_HDR_WARNING);
    sipdiag_str element;
    sipdiag_warning warning;
    if (!sipdiag_next_element(&list, &element) || !sipdiag_parse_warning(element, &warning))
        return false;
    const sipdiag_warn_codes_row *row = sipdiag_warn_code_lookup(warning.code);
    add(b, "Warning %lu (%s) from ", warning.code, row ? row->text : "unregistered warn-code");
    add_text(b, warning.agent, MAX_QUOTED);
    if (!row || !sipdiag_str_equal_nocase(warning.text, row->text)) {
        add(b, ": \"");
        add_text(b, warning.text, 64);
        add(b, "\"");
    }
    unsigned more = msg->count[SIPDIAG_HDR_WARNING] - 1;
    while (sipdiag_next_element(&list, &element))
        more++;
    if (more)
        add(b, ", and %u more", more);
    return true;
}

/*
 * A final response to an INVITE is resent until its ACK arrives: by the UAS
 * core for a 2xx (RFC 3261 §13.3.1.4), by the server transaction of the hop
 * that sent it for any other (§17.2.1).  Seeing it again with no ACK of its
 * CSeq in between means the ACK did not arrive; with one in between, that
 * ACK went somewhere else, and little more can be said.  Over TCP or TLS a
 * non-2xx is not resent at all (Timer G runs over UDP only), but a 2xx is.
 */
static void resent_final_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                              const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    bool success = code < 300;
    add(b, "%u resent (seen %u times, first in frame %u)", code, ctx->response_count, ctx->original_frame);
    if (ctx->bounced_frame) {
        add(b, ": ICMP %s came back for an earlier copy (frame %u): it does not arrive where the top Via sends it "
            "(RFC 3261 §18.2.2), so no ACK can come", sipdiag_icmp_error_name((sipdiag_icmp_error)ctx->bounced_error),
            ctx->bounced_frame);
        set_verdict(hint, success ? SIPDIAG_SEVERITY_WARN : SIPDIAG_SEVERITY_NOTE,
                    "Final response to INVITE resent after an ICMP error: it never arrived");
    } else if (ctx->ack_frame) {
        unsigned long cseq = 0;
        sipdiag_str method;
        sipdiag_parse_cseq(sipdiag_header(msg, SIPDIAG_HDR_CSEQ), &cseq, &method);
        add(b, " although an ACK for CSeq %lu went by in frame %u: that ACK may not have reached the %s",
            cseq, ctx->ack_frame, success ? "UAS" : "sender of this response");
        set_verdict(hint, SIPDIAG_SEVERITY_NOTE, "Final response to INVITE resent though an ACK was seen");
    } else if (!success && !ctx->response_over_udp) {
        add(b, " over a stream transport, where a non-2xx final response is sent once (RFC 3261 §17.2.1): a "
               "copy or a sender fault, not a lost ACK");
        set_verdict(hint, SIPDIAG_SEVERITY_NOTE, "Non-2xx final response to INVITE repeated over a stream transport");
    } else if (success) {
        add(b, ": the UAS got no ACK: the caller's ACK was lost or not sent; check its Request-URI (the 2xx "
               "Contact), Route set and NAT (RFC 3261 §13.3.1.4)");
        set_verdict(hint, SIPDIAG_SEVERITY_WARN, "2xx to INVITE resent: the caller's ACK never reached the UAS");
    } else {
        add(b, ": its sender got no ACK: the previous hop's ACK was lost or not sent; check that hop and NAT "
               "(RFC 3261 §17.2.1)");
        set_verdict(hint, SIPDIAG_SEVERITY_NOTE, "Non-2xx final response to INVITE resent: the previous hop's ACK never arrived");
    }
}

/* RFC 6665 §8.3.2: the event package of the request is not one the
 * recipient takes; its Allow-Events (§8.2.2) says which ones it does. */
static bool bad_event_hint(builder_t *b, const sipdiag_message *msg, const sipdiag_response_context *ctx)
{
    sipdiag_str method = method_of(msg);
    if (ctx->request_event) {
        add(b, "The ");
        add_text(b, method, 16);
        add(b, " in frame %u used event package \"", ctx->request_frame);
        add_cstr(b, ctx->request_event);
        add(b, "\", not taken here");
    } else {
        add(b, "The event package of the ");
        add_text(b, method, 16);
        add(b, " is not in the capture");
    }
    builder_t mark = *b;
    add(b, "; Allow-Events lists ");
    if (add_list(b, msg, SIPDIAG_HDR_ALLOW_EVENTS)) {
        add(b, ": use one of those (RFC 6665 §8.2.2)");
        return true;
    }
    *b = mark;
    b->buf[b->len] = '\0';
    add(b, "; the response has no Allow-Events, so which packages it takes is not said (RFC 6665 §8.2.2)");
    return false;
}

static void add_retry_after(builder_t *b, const sipdiag_message *msg, bool alone)
{
    sipdiag_retry_after retry;
    if (msg->count[SIPDIAG_HDR_RETRY_AFTER] == 0
        || !sipdiag_parse_retry_after(sipdiag_header(msg, SIPDIAG_HDR_RETRY_AFTER), &retry))
        return;
    add(b, alone ? "Retry after %lu s" : "; retry after %lu s", retry.seconds);
    if (retry.has_duration)
        add(b, " (available for %lu s)", retry.duration);
}

/* The STIR refusals (RFC 8224 §6.2.2, and 608 of RFC 8688): what the
 * request's own PASSporT shows, when it carried one. */
static bool stir_code(unsigned code)
{
    return code == 403 || code == 428 || code == 436 || code == 437 || code == 438 || code == 608;
}

/* 403 is a STIR answer only for a stale PASSporT ("Stale Date"); a PASSporT
 * that passes every check here only points at the certificate or the
 * signature, which 436, 437 and 438 are about. */
static bool identity_applies(unsigned code, sipdiag_identity_verdict v)
{
    if (v == SIPDIAG_IDENTITY_ABSENT || v == SIPDIAG_IDENTITY_COMPACT)
        return false;
    if (code == 403)
        return v == SIPDIAG_IDENTITY_STALE_DATE || v == SIPDIAG_IDENTITY_STALE_CAPTURE;
    if (v == SIPDIAG_IDENTITY_AGREES)
        return code == 436 || code == 437 || code == 438;
    return true;
}

static bool identity_response_hint(builder_t *b, unsigned code, const sipdiag_response_context *ctx)
{
    if (!identity_applies(code, ctx->identity))
        return false;
    switch (ctx->identity) {
    case SIPDIAG_IDENTITY_STALE_DATE:
        add(b, "The INVITE's PASSporT iat is %d s off its Date header (RFC 8224: 60 s): stale; check the signer's clock",
            (int)ctx->identity_delta);
        return true;
    case SIPDIAG_IDENTITY_ORIG:
        add(b, "The INVITE's PASSporT orig.tn is not its From/P-Asserted-Identity number: was the calling number "
               "rewritten after signing?");
        return true;
    case SIPDIAG_IDENTITY_DEST:
        add(b, "The INVITE's PASSporT dest.tn is not its To number: was the called number rewritten after signing?");
        return true;
    case SIPDIAG_IDENTITY_STALE_CAPTURE:
        add(b, "The INVITE's PASSporT iat is %d s off the capture time (60 s): check the signer's clock",
            (int)ctx->identity_delta);
        return true;
    case SIPDIAG_IDENTITY_UNREADABLE:
        add(b, "The INVITE's Identity header does not parse as a PASSporT: check the signer's output");
        return true;
    case SIPDIAG_IDENTITY_AGREES:
        add(b, "The INVITE's PASSporT matches its Date, From and To: check the certificate at info/x5u and the "
               "verifier's trust list (the signature is not checked here)");
        return true;
    default:
        return false;
    }
}

/* What one decoded (or undecodable) jwscard says. */
static void describe_jwscard(builder_t *b, const sipdiag_jwscard *card, sipdiag_hint *hint)
{
    if (card->data && !card->decoded) {
        add(b, "An intermediary rejected the call; the contact card in its Call-Info (jwscard, RFC 8688) "
               "does not decode");
        hint->label = "608 with a jwscard that does not decode";
        return;
    }
    if (!card->decoded) {
        add(b, "An intermediary rejected the call; its signed contact card (Call-Info jwscard, RFC 8688) "
               "is fetched from ");
        add_text(b, card->uri, MAX_QUOTED);
        hint->label = "608 with a jwscard to fetch";
        return;
    }
    add(b, "Rejected by ");
    add_text(b, card->org.len ? card->org : card->fn.len ? card->fn : card->uri, MAX_QUOTED);
    if (card->tel.len || card->email.len || card->url.len) {
        add(b, "; to dispute: ");
        add_text(b, card->tel.len ? card->tel : card->email.len ? card->email : card->url, MAX_QUOTED);
    }
    add(b, " (jCard in Call-Info, RFC 8688; its signature is not checked here)");
    hint->label = "608 with the rejecter's jCard";
}

/* A 608's jwscard (RFC 8688): who rejected the call and where to dispute it. */
static bool jwscard_hint(builder_t *b, unsigned code, const sipdiag_message *msg, sipdiag_hint *hint)
{
    unsigned kept = code == 608 ? sipdiag_kept_count(msg, SIPDIAG_HDR_CALL_INFO) : 0;
    sipdiag_jwscard card;
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = msg->values[SIPDIAG_HDR_CALL_INFO][i];
        sipdiag_str element;
        while (sipdiag_next_element(&list, &element)) {
            if (sipdiag_parse_jwscard(element, &card)) {
                describe_jwscard(b, &card, hint);
                return true;
            }
        }
    }
    return false;
}

/* The first provisional to an INVITE that had to be sent more than once. */
static bool late_provisional_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                                  const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    if (code >= 200 || ctx->request_count < 2 || ctx->provisional_code
        || !sipdiag_str_equal_nocase(method_of(msg), "INVITE"))
        return false;
    add(b, "First answer only after the INVITE was sent %u times (frames %u to %u): requests toward this hop "
           "were lost or it is slow; a server should send 100 within 200 ms (RFC 3261 §17.2.1)",
        ctx->request_count, ctx->request_frame, ctx->last_request_frame);
    hint->label = "First provisional only after the INVITE was resent";
    return true;
}

/* A provisional seen after its transaction's final response (RFC 3261
 * §17.1.1.2: a final response ends the client transaction's Proceeding
 * state): sent late, or reordered on the way or in the capture. */
static bool after_final_hint(builder_t *b, unsigned code, const sipdiag_response_context *ctx,
                             sipdiag_hint *hint)
{
    if (code == 100 && !ctx->final_frame && ctx->provisional_code > 100) {
        /* 100 says only that the next hop has the request (RFC 3261 §21.1.1). */
        add(b, "100 after the %u in frame %u: sent late, or reordered on the way or in the capture; a 18x already "
               "said more", ctx->provisional_code, ctx->provisional_frame);
        hint->label = "100 Trying after a 18x: late or reordered";
        return true;
    }
    if (code >= 200 || !ctx->final_frame)
        return false;
    add(b, "Seen after this transaction's final response (%u in frame %u): sent late, or reordered on the way or "
           "in the capture; it comes too late to matter to the request", ctx->final_code, ctx->final_frame);
    hint->label = "Provisional response after the final one: late or reordered";
    return true;
}

/* A 2xx to a BYE whose call was rejected: there was no dialog to end. */
static bool bye_without_dialog_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                                    const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    if (code < 200 || code >= 300 || !ctx->dialog_rejected_frame || !sipdiag_str_equal_nocase(method_of(msg), "BYE"))
        return false;
    add(b, "No call to end: this Call-ID's INVITE was rejected with %u in frame %u, which left no dialog "
           "(RFC 3261 §12.3); the UAS should answer such a BYE with 481 (§15.1.2)",
        ctx->dialog_rejected_code, ctx->dialog_rejected_frame);
    set_verdict(hint, SIPDIAG_SEVERITY_NOTE, "BYE accepted for a rejected call: there was no dialog");
    return true;
}

/*
 * A 488 or 606 to an offer, without a Warning: nothing says which part of
 * the offer was refused (RFC 3261 §21.4.26, §21.6.4 let a Warning say it,
 * and the response's own SDP list what it would take).
 */
static bool no_warning_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                            const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    if ((code != 488 && code != 606) || msg->count[SIPDIAG_HDR_WARNING] > 0)
        return false;
    sipdiag_str method = method_of(msg);
    if (!sipdiag_str_equal_nocase(method, "INVITE") && !sipdiag_str_equal_nocase(method, "UPDATE"))
        return false;
    bool own_sdp = sipdiag_sdp_in_body(sipdiag_header(msg, SIPDIAG_HDR_CONTENT_TYPE), sipdiag_message_body(msg)).len > 0;
    add(b, "No Warning says what was refused");
    if (own_sdp)
        add(b, ", but this %u's SDP lists the media it takes (RFC 3261 §21.4.26): compare it with the offer", code);
    else
        add(b, ": compare the offer");
    if (ctx->request_frame)
        add(b, " in frame %u", ctx->request_frame);
    if (!own_sdp)
        add(b, " (m= lines, codecs, RTP/AVP or RTP/SAVP) with the answerer's media settings");
    hint->label = own_sdp ? "No Warning; the response's SDP lists the media it takes"
                          : "No Warning: compare the offer with the answerer's media settings";
    return true;
}

/* A failed INVITE whose SDP offer differs from what the refusing side
 * supports (RFC 3264 §6, RFC 3261 §21.4.26), as sipdiag_context.c compared
 * them; not for the codes whose own headers say what to change. */
static bool sdp_hint(builder_t *b, unsigned code, const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    static const char *const labels[] = {
        [SIPDIAG_SDP_MEDIA] = "SDP offer refused: a media type the other side has no stream for",
        [SIPDIAG_SDP_REFUSED] = "SDP offer refused: a stream the other side had set to port 0",
        [SIPDIAG_SDP_TRANSPORT] = "SDP offer refused: transport mismatch",
        [SIPDIAG_SDP_CODEC] = "SDP offer refused: no codec in common",
        [SIPDIAG_SDP_SRTP] = "SDP offer refused: SRTP against plain RTP",
        [SIPDIAG_SDP_DISABLED] = "SDP offer refused: every stream disabled (port 0)",
        [SIPDIAG_SDP_HOLD] = "SDP offer refused: it puts a stream on hold",
    };
    if (!ctx->sdp_comparison || ctx->sdp_mismatch >= sizeof labels / sizeof labels[0] || !labels[ctx->sdp_mismatch]
        || code == 405 || code == 415 || code == 420 || code == 421 || code == 494)
        return false;
    add(b, "SDP offer in frame %u; ", ctx->sdp_offer_frame);
    add_plain(b, ctx->sdp_comparison);
    hint->label = labels[ctx->sdp_mismatch];
    return true;
}

/* A response a receiver may not be able to use: a Content-Length that is
 * not a number (RFC 3261 §20.14; over TCP the next message cannot be found,
 * §18.3), or a 2xx to INVITE without the Contact it must carry (§12.1.1:
 * the caller has nowhere to send its ACK and BYE). */
static bool bad_content_length(const sipdiag_message *msg)
{
    unsigned long length;
    return msg->count[SIPDIAG_HDR_CONTENT_LENGTH] > 0
           && !sipdiag_parse_uint(sipdiag_header(msg, SIPDIAG_HDR_CONTENT_LENGTH), (unsigned long)-1, &length);
}

static bool invite_2xx_without_contact(unsigned code, const sipdiag_message *msg)
{
    return code >= 200 && code < 300 && msg->count[SIPDIAG_HDR_CONTACT] == 0
           && sipdiag_str_equal_nocase(method_of(msg), "INVITE");
}

bool sipdiag_response_unusable(unsigned code, const sipdiag_message *msg)
{
    return bad_content_length(msg) || invite_2xx_without_contact(code, msg);
}

static bool unusable_response_hint(builder_t *b, unsigned code, const sipdiag_message *msg, sipdiag_hint *hint)
{
    sipdiag_str content_length = sipdiag_header(msg, SIPDIAG_HDR_CONTENT_LENGTH);
    bool bad_length = bad_content_length(msg);
    bool no_contact = invite_2xx_without_contact(code, msg);
    if (!bad_length && !no_contact)
        return false;
    if (bad_length) {
        add(b, "Content-Length \"");
        add_text(b, content_length, MAX_QUOTED);
        add(b, "\" is not a number (RFC 3261 §20.14): the receiver may drop the response");
    }
    if (no_contact)
        add(b, "%sno Contact, which a 2xx to INVITE must carry (%s§12.1.1): the caller has no address for its ACK "
               "and BYE", bad_length ? "; " : "Unusable answer: ", bad_length ? "" : "RFC 3261 ");
    set_verdict(hint, SIPDIAG_SEVERITY_WARN, bad_length ? "Content-Length is not a number"
                                                       : "2xx to INVITE without Contact");
    return true;
}

/* Whether the response's Server or User-Agent names the product. */
static bool agent_names(const sipdiag_message *msg, const char *product)
{
    return sipdiag_str_contains_nocase(sipdiag_header(msg, SIPDIAG_HDR_SERVER), product)
           || sipdiag_str_contains_nocase(sipdiag_header(msg, SIPDIAG_HDR_USER_AGENT), product);
}

/* "; that user registered here (2xx in frame N)", after a 404 or 480 from
 * the registrar that accepted the To AoR's registration. */
static void add_registration(builder_t *b, const sipdiag_response_context *ctx)
{
    if (ctx->registered_frame)
        add(b, "; that user registered here (2xx in frame %u)", ctx->registered_frame);
}

/* A 404 or 480 to SUBSCRIBE, PUBLISH or NOTIFY: the resource of its Event
 * package (RFC 6665 §4.1.3: the notifier answers for the resource). */
static bool event_resource_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                                const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    if ((code != 404 && code != 480) || !ctx->request_event)
        return false;
    sipdiag_str user = sipdiag_uri_user(sipdiag_header(msg, SIPDIAG_HDR_TO));
    sipdiag_str event = { ctx->request_event, strlen(ctx->request_event) };
    bool mwi = sipdiag_str_equal_nocase(event, "message-summary");
    bool state = sipdiag_str_equal_nocase(event, "presence") || sipdiag_str_equal_nocase(event, "dialog");
    add(b, "Event %s for \"", mwi ? "message-summary (voicemail)" : ctx->request_event);
    add_text(b, user, MAX_QUOTED);
    if (code == 480)
        add(b, "\": this server could not serve it now (no notifier, or the user unavailable)");
    else if (mwi && sipdiag_str_contains_nocase(msg->reason_phrase, "mailbox"))
        add(b, "\": no voicemail box for that user on this server, as the phrase says");
    else
        add(b, "\": no such resource here for that package%s",
            mwi || state ? " (on a PBX: mailbox, extension or subscribe context)" : "");
    add_registration(b, ctx);
    hint->label = code == 480 ? "Subscription target unavailable now" : "No such resource for this Event package";
    return true;
}

/* A 404 or 480 to a call or a message for a user the capture saw
 * registered: the account exists. */
static bool registered_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                            const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    if ((code != 404 && code != 480) || !ctx->registered_frame || ctx->request_event)
        return false;
    sipdiag_str user = sipdiag_uri_user(sipdiag_header(msg, SIPDIAG_HDR_TO));
    add(b, "User \"");
    add_text(b, user, MAX_QUOTED);
    if (code == 480)
        add(b, "\" registered here (2xx in frame %u): it exists but did not take the request now (DND, no answer, "
               "or an unreachable contact)", ctx->registered_frame);
    else if (agent_names(msg, "Asterisk"))
        add(b, "\" registered here (2xx in frame %u), so the 404 is about routing: Asterisk finds no extension for "
               "it in the caller's context (vendor behaviour)", ctx->registered_frame);
    else
        add(b, "\" registered here (2xx in frame %u), so the 404 is about routing, not the account: check the dial "
               "plan for the Request-URI", ctx->registered_frame);
    hint->label = code == 480 ? "Registered user did not take the request" : "Registered user not found: a routing problem";
    return true;
}

/* A 403 to a request that carried no credentials refused no password. */
static bool policy_hint(builder_t *b, unsigned code, const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    if (code != 403 || !ctx->request_frame || ctx->auth != SIPDIAG_AUTH_NONE)
        return false;
    if (ctx->provisional_code > 100) { /* an admission check refuses before the call reaches anyone */
        add(b, "The 403 came after the %u in frame %u: the far side refused once the call reached it (callee, or a "
               "service for it), not an admission check (ACL, rights); the request in frame %u carried no credentials",
            ctx->provisional_code, ctx->provisional_frame, ctx->request_frame);
        hint->label = "403 after a 18x: the far side refused";
        return true;
    }
    add(b, "The request in frame %u carried no credentials, so no password was refused: the server's policy "
           "said no (address ACL, account rights, caller ID or destination)", ctx->request_frame);
    hint->label = "403 without credentials: policy, not the password";
    return true;
}

/* A 603 to an INVITE within a second and before any ringing: no person
 * chose it at a phone (RFC 3261 §21.6.2 has 603 for the callee's decision,
 * but a rule or setting answers at once). */
static bool instant_decline_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                                 const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    if (code != 603 || !ctx->request_frame || ctx->provisional_code >= 180 || ctx->response_time_ns < ctx->request_time_ns
        || ctx->response_time_ns - ctx->request_time_ns >= INSTANT_NS
        || !sipdiag_str_equal_nocase(method_of(msg), "INVITE"))
        return false;
    double ms = (double)(ctx->response_time_ns - ctx->request_time_ns) / 1e6;
    if (ctx->unregistered_at_registrar)
        add(b, "Sent %.0f ms after the INVITE in frame %u, before any 18x, by a registrar with no registration of "
               "that user in this capture: vendor behaviour for an unregistered user (RFC 3261 has 480), not a person",
            ms, ctx->request_frame);
    else
        add(b, "Sent %.0f ms after the INVITE in frame %u, before any 18x: a rule refused, not a person (a server "
               "sending 603 for an unregistered user, vendor behaviour; a block list; DND set to reject)",
            ms, ctx->request_frame);
    hint->label = "603 at once, before any 18x: a rule, not a person";
    return true;
}

/* A 404 or 480 from a registrar that holds no registration of the To AoR
 * in this capture (it accepted others): the user is not registered there,
 * or registered before the capture began. */
static bool unregistered_hint(builder_t *b, unsigned code, const sipdiag_message *msg,
                              const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    if ((code != 404 && code != 480) || !ctx->unregistered_at_registrar || ctx->request_event)
        return false;
    sipdiag_str user = sipdiag_uri_user(sipdiag_header(msg, SIPDIAG_HDR_TO));
    add(b, "This server accepted REGISTERs, but none of \"");
    add_text(b, user, MAX_QUOTED);
    add(b, "\" in this capture: %s", code == 480 ? "the user is likely offline or its registration expired; check "
                                                   "the phone's REGISTER (or it predates the capture)"
                                                 : "a registrar may answer 404 for an unregistered user (kamailio's "
                                                   "default script does: vendor behaviour); check the phone's REGISTER");
    hint->label = "User not registered at this server";
    return true;
}

/* The codes whose meaning the context decides: 487, 481, 489, 408, 504. */
static bool code_hint(builder_t *b, unsigned code, const sipdiag_message *msg, const sipdiag_response_context *ctx,
                      sipdiag_hint *hint)
{
    switch (code) {
    case 487:
        if (!ctx->cancel_frame)
            return false;
        add(b, "Expected: the INVITE was cancelled by the CANCEL in frame %u", ctx->cancel_frame);
        set_verdict(hint, SIPDIAG_SEVERITY_NOTE, "Expected: the INVITE was cancelled");
        return true;
    case 481:
        dialog_hint(b, msg, ctx, hint);
        return true;
    case 489:
        hint->label = bad_event_hint(b, msg, ctx) ? "Event package not taken: use one that Allow-Events lists"
                                                  : "Event package not taken; no Allow-Events to say which are";
        return true;
    case 408:
    case 504:
        return timeout_hint(b, code, msg, ctx, hint);
    default:
        return false;
    }
}

void sipdiag_response_hint(const sipdiag_verdict *verdict, const sipdiag_message *msg,
                           const sipdiag_response_context *ctx, sipdiag_hint *hint)
{
    builder_t b = { hint->text, sizeof hint->text, 0 };
    unsigned code = verdict->code;
    hint->text[0] = '\0';
    hint->label = NULL;
    hint->says_why = false;
    hint->severity_set = false;

    if (ctx->original_frame && code >= 200 && sipdiag_str_equal_nocase(method_of(msg), "INVITE")) {
        resent_final_hint(&b, code, msg, ctx, hint);
        return;
    }
    if (ctx->original_frame) {
        add(&b, "Retransmission of the %u response in frame %u; counted once", code, ctx->original_frame);
        set_verdict(hint, SIPDIAG_SEVERITY_CHAT, "Retransmitted response");
        return;
    }
    bool said = unusable_response_hint(&b, code, msg, hint) || after_final_hint(&b, code, ctx, hint)
                || auth_hint(&b, code, msg, ctx, hint)
                || code_hint(&b, code, msg, ctx, hint);
    if (!said)
        said = bye_without_dialog_hint(&b, code, msg, ctx, hint);
    if (!said)
        said = late_provisional_hint(&b, code, msg, ctx, hint);
    if (!said && code >= 300 && code < 400)
        said = hint->says_why = contact_hint(&b, msg);
    if (!said && stir_code(code))
        said = hint->says_why = identity_response_hint(&b, code, ctx);
    if (!said)
        said = jwscard_hint(&b, code, msg, hint);
    if (!said)
        said = sdp_hint(&b, code, ctx, hint);
    if (!said)
        said = header_hint(&b, code, msg, ctx);
    if (!said) {
        b.len = 0; /* a header_hint that found nothing may have started */
        hint->text[0] = '\0';
        said = reason_hint(&b, code, msg, hint);
        if (!said)
            said = hint->says_why = vendor_hint(&b, msg);
        if (!said)
            said = warning_hint(&b, msg) || event_resource_hint(&b, code, msg, ctx, hint)
                   || instant_decline_hint(&b, code, msg, ctx, hint)
                   || registered_hint(&b, code, msg, ctx, hint) || unregistered_hint(&b, code, msg, ctx, hint)
                   || policy_hint(&b, code, ctx, hint)
                   || no_warning_hint(&b, code, msg, ctx, hint);
    }
    add_retry_after(&b, msg, !said);
    hint->says_why = hint->says_why || hint->label != NULL;
}

/* The first check of a PASSporT that fails: the verifier's own (Date,
 * orig, dest), then the capture time, which a replayed capture fails anyway. */
static bool failed_check(builder_t *b, const sipdiag_finding *f)
{
    const sipdiag_passport *pp = f->u.passport.pp;
    if (f->u.passport.date == SIPDIAG_CHECK_FAIL) {
        add(b, "iat %lld s off the Date header (RFC 8224: 60 s); a verifier answers 403 Stale Date; check the "
               "signer's clock", (long long)f->u.passport.date_delta);
        return true;
    }
    if (f->u.passport.orig == SIPDIAG_CHECK_FAIL) {
        add(b, "orig.tn ");
        add_text(b, pp->orig_tn, 20);
        add(b, " is not the From/P-Asserted-Identity number; a verifier answers 438; was it rewritten after signing?");
        return true;
    }
    if (f->u.passport.dest == SIPDIAG_CHECK_FAIL) {
        add(b, "no dest.tn is the To number; a verifier answers 438; was it rewritten after signing?");
        return true;
    }
    if (f->u.passport.capture == SIPDIAG_CHECK_FAIL) {
        add(b, "iat %lld s off the capture time (60 s); check the signer's clock, or a held or resent INVITE",
            (long long)f->u.passport.capture_delta);
        return true;
    }
    return false;
}

static bool identity_hint(builder_t *b, const sipdiag_message *msg, int64_t capture_time, sipdiag_hint *hint)
{
    sipdiag_passport pp;
    sipdiag_finding f;
    if (msg->count[SIPDIAG_HDR_IDENTITY] == 0)
        return false;
    add_text(b, msg->method, 12);
    bool readable = sipdiag_parse_passport(sipdiag_header(msg, SIPDIAG_HDR_IDENTITY), &pp);
    if (!readable) {
        add(b, " Identity that does not parse (%s); a verifier answers 438", pp.error);
        set_verdict(hint, SIPDIAG_SEVERITY_WARN, NULL);
        return true;
    }
    if (pp.compact) {
        add(b, " Identity in compact form: no claims in the message to check");
        set_verdict(hint, SIPDIAG_SEVERITY_CHAT, NULL);
        return true;
    }
    memset(&f, 0, sizeof f);
    sipdiag_check_passport(&pp, msg, capture_time, &f);
    add(b, " Identity (attest ");
    add_text(b, pp.attest.len ? pp.attest : (sipdiag_str){ "none", 4 }, 4);
    add(b, ", signature not verified): ");
    bool failed = failed_check(b, &f);
    if (!failed)
        add(b, "iat, orig.tn and dest.tn agree with the request");
    set_verdict(hint, failed ? SIPDIAG_SEVERITY_WARN : SIPDIAG_SEVERITY_CHAT, NULL);
    return true;
}

static const char *carrier_name(sipdiag_carrier carrier)
{
    return carrier == SIPDIAG_CARRIED_UDP ? "UDP" : carrier == SIPDIAG_CARRIED_TCP ? "TCP" : "SCTP";
}

/* RFC 3261 §18.1.1: the client writes into its Via the transport it sends
 * the request on; §18.2.2 has the server answer by that Via. */
static bool via_transport_hint(builder_t *b, const sipdiag_message *msg, sipdiag_carrier carrier, sipdiag_hint *hint)
{
    sipdiag_str via = sipdiag_header(msg, SIPDIAG_HDR_VIA);
    /* Every request is asked: the usual "SIP/2.0/UDP " on UDP, and
     * "SIP/2.0/TCP " or "SIP/2.0/TLS " on TCP, fit at once. */
    if (carrier == SIPDIAG_CARRIED_UDP && via.len > 12 && memcmp(via.ptr, "SIP/2.0/UDP ", 12) == 0)
        return false;
    if (carrier == SIPDIAG_CARRIED_TCP && via.len > 12
        && (memcmp(via.ptr, "SIP/2.0/TCP ", 12) == 0 || memcmp(via.ptr, "SIP/2.0/TLS ", 12) == 0))
        return false;
    sipdiag_str transport = sipdiag_via_transport(via);
    if (!sipdiag_via_transport_misfits(transport, carrier))
        return false;
    add(b, "Top Via says ");
    add_text(b, transport, 12);
    add(b, ", but this request travels over %s: a client names in Via the transport it sends on (RFC 3261 "
           "§18.1.1); a server may then send the responses over ", carrier_name(carrier));
    add_text(b, transport, 12);
    add(b, ", as the Via says (§18.2.2)");
    set_verdict(hint, SIPDIAG_SEVERITY_WARN, "Via transport is not the one the request travels on");
    return true;
}

bool sipdiag_request_hint(const sipdiag_message *msg, int64_t capture_time, sipdiag_carrier carrier,
                          sipdiag_hint *hint)
{
    builder_t b = { hint->text, sizeof hint->text, 0 };
    sipdiag_reason reason;
    char described[160];
    hint->text[0] = '\0';
    hint->label = NULL;
    hint->says_why = false;
    hint->severity_set = false;
    sipdiag_str method = msg->method;
    if (identity_hint(&b, msg, capture_time, hint))
        return true;
    if (!(sipdiag_str_equal_nocase(method, "BYE") || sipdiag_str_equal_nocase(method, "CANCEL"))
        || !first_reason(msg, &reason))
        return via_transport_hint(&b, msg, carrier, hint);
    sipdiag_describe_reason(&reason, described, sizeof described);
    add_text(&b, method, 8);
    add(&b, " with Reason %s", described);
    bool q850 = sipdiag_str_equal_nocase(reason.protocol, "Q.850");
    /* Without a cause, a Reason only says what the sender chose to write
     * (some phones send SIP;text="User Hung Up"): information, not a failure. */
    bool informative = !reason.has_cause;
    bool normal = informative
                  || (reason.cause_valid && (q850 ? (reason.cause == 16 || reason.cause == 31) : reason.cause < 300));
    if (informative)
        add(&b, ": information only, no failure stated");
    else if (!normal)
        add(&b, ": the real cause of the failed or dropped call");
    set_verdict(hint, normal ? SIPDIAG_SEVERITY_CHAT : SIPDIAG_SEVERITY_WARN, NULL);
    return true;
}
