/* test_explain: the explaining headers of a response, read into findings
 * by sipdiag_explain_response without tshark: which headers apply to which
 * code, what each yields, and every malformed value named. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sipdiag_explain.h"

#define MAX_SEEN 300

typedef struct {
    unsigned count;
    sipdiag_finding item[MAX_SEEN];
} seen_t;

static void collect(const sipdiag_finding *f, void *user)
{
    seen_t *seen = user;
    if (seen->count < MAX_SEEN)
        seen->item[seen->count] = *f;
    seen->count++;
}

static sipdiag_message msg;

static void explain(unsigned code, const char *headers, const sipdiag_response_context *ctx, bool challenges,
                    seen_t *seen)
{
    static char text[70000];
    snprintf(text, sizeof text, "SIP/2.0 %u X\r\nCSeq: 1 INVITE\r\n%s\r\n", code, headers);
    sipdiag_parse_message(text, strlen(text), &msg);
    seen->count = 0;
    sipdiag_explain_response(code, &msg, ctx, challenges, collect, seen);
}

static bool value_is(const sipdiag_finding *f, const char *text)
{
    return f->value.len == strlen(text) && memcmp(f->value.ptr, text, f->value.len) == 0;
}

static bool problem_is(const sipdiag_finding *f, const char *header, const char *value)
{
    return f->problem.header && strcmp(f->problem.header, header) == 0 && f->problem.value.len == strlen(value)
           && memcmp(f->problem.value.ptr, value, f->problem.value.len) == 0;
}

static void contacts_of_a_redirection(void)
{
    seen_t s;
    explain(302, "Contact: <sip:a@192.0.2.1>;q=0.5, sip:b@192.0.2.2\r\nContact: *\r\nExpires: 60\r\n", NULL, false, &s);
    CHECK(s.count == 4, "two targets, one malformed, Expires: %u findings", s.count);
    CHECK(s.item[0].kind == SIPDIAG_FINDING_CONTACT && value_is(&s.item[0], "<sip:a@192.0.2.1>;q=0.5"),
          "first target");
    CHECK(s.item[1].kind == SIPDIAG_FINDING_CONTACT && value_is(&s.item[1], "sip:b@192.0.2.2"), "second target");
    CHECK(s.item[2].kind == SIPDIAG_FINDING_MALFORMED && problem_is(&s.item[2], "Contact", "*"),
          "'*' is no redirection target");
    CHECK(s.item[3].kind == SIPDIAG_FINDING_SECONDS && s.item[3].header == SIPDIAG_HDR_EXPIRES
          && s.item[3].u.number == 60, "Expires in seconds");

    explain(301, "Contact: \r\n", NULL, false, &s);
    CHECK(s.count == 2 && s.item[0].kind == SIPDIAG_FINDING_MALFORMED && s.item[0].problem.value.len == 0
          && s.item[1].kind == SIPDIAG_FINDING_NO_TARGET, "an empty Contact: malformed, and nowhere to retry");
    explain(380, "", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_NO_TARGET, "3xx without Contact: nowhere to retry");
    explain(485, "Contact: <sip:x@192.0.2.3>\r\n", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_CONTACT, "485 (Ambiguous) lists its choices");
    explain(486, "Contact: <sip:x@192.0.2.3>\r\n", NULL, false, &s);
    CHECK(s.count == 0, "486's Contact explains nothing");
    explain(302, "Expires: soon\r\nContact: <sip:a@192.0.2.1>\r\n", NULL, false, &s);
    CHECK(s.count == 2 && s.item[1].kind == SIPDIAG_FINDING_MALFORMED
          && problem_is(&s.item[1], "Expires", "soon") && strstr(s.item[1].problem.expected, "seconds"),
          "a malformed Expires says what was expected");
}

/* Every element is handed on: a message may hold thousands, none is stored. */
static void many_elements_are_not_cut(void)
{
    static char headers[60000];
    size_t used = (size_t)snprintf(headers, sizeof headers, "Contact: ");
    for (int i = 0; i < 1000; i++)
        used += (size_t)snprintf(headers + used, sizeof headers - used, "%s<sip:c%d@192.0.2.9>", i ? "," : "", i);
    snprintf(headers + used, sizeof headers - used, "\r\n");
    seen_t s;
    explain(300, headers, NULL, false, &s);
    CHECK(s.count == 1000, "1000 targets: %u findings", s.count);
    CHECK(value_is(&s.item[299], "<sip:c299@192.0.2.9>"), "in order");
}

static void lists_and_numbers_by_code(void)
{
    seen_t s;
    explain(405, "Allow: INVITE, ACK,BYE\r\nAllow: OPTIONS\r\n", NULL, false, &s);
    CHECK(s.count == 4 && s.item[0].kind == SIPDIAG_FINDING_TOKEN && value_is(&s.item[2], "BYE")
          && value_is(&s.item[3], "OPTIONS"), "405: every Allow element of every occurrence");
    explain(420, "Unsupported: 100rel\r\nAllow: INVITE\r\n", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].header == SIPDIAG_HDR_UNSUPPORTED, "420: Unsupported, not Allow");
    explain(415, "Accept: application/sdp\r\nAccept-Encoding: gzip\r\nAccept-Language: en\r\n", NULL, false, &s);
    CHECK(s.count == 3 && s.item[0].header == SIPDIAG_HDR_ACCEPT && s.item[1].header == SIPDIAG_HDR_ACCEPT_ENCODING
          && s.item[2].header == SIPDIAG_HDR_ACCEPT_LANGUAGE, "415: the three Accept headers in order");

    sipdiag_response_context ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.has_request_expires = true;
    ctx.request_expires = 30;
    explain(423, "Min-Expires: 3600\r\n", &ctx, false, &s);
    CHECK(s.count == 2 && s.item[0].kind == SIPDIAG_FINDING_SECONDS && s.item[0].u.number == 3600
          && s.item[1].kind == SIPDIAG_FINDING_REQUESTED_EXPIRES && s.item[1].u.number == 30,
          "423: the minimum, then what was asked for");
    explain(422, "Min-SE: 90x\r\n", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_MALFORMED && problem_is(&s.item[0], "Min-SE", "90x"),
          "422: a malformed Min-SE");
    explain(503, "Retry-After: 120 (maintenance);duration=60\r\n", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_RETRY_AFTER && s.item[0].u.retry.seconds == 120
          && s.item[0].u.retry.has_duration && s.item[0].u.retry.duration == 60, "Retry-After with a duration");
    explain(486, "Retry-After: later\r\n", NULL, false, &s);
    CHECK(s.count == 1 && problem_is(&s.item[0], "Retry-After", "later"), "a malformed Retry-After, on any code");
}

static void warnings_and_reasons(void)
{
    seen_t s;
    explain(488, "Warning: 305 proxy \"Incompatible media format\", 399 gw \"x\"\r\nWarning: 999 a \"b\"\r\n"
                 "Warning: junk\r\n", NULL, false, &s);
    CHECK(s.count == 4, "three warnings and a malformed one: %u", s.count);
    CHECK(s.item[0].kind == SIPDIAG_FINDING_WARNING && s.item[0].u.warning.warning.code == 305
          && s.item[0].u.warning.row, "305 is registered");
    CHECK(s.item[2].kind == SIPDIAG_FINDING_WARNING && !s.item[2].u.warning.row, "999 is not");
    CHECK(s.item[3].kind == SIPDIAG_FINDING_MALFORMED && problem_is(&s.item[3], "Warning", "junk"),
          "an unparsable Warning");

    explain(503, "Reason: Q.850;cause=34;text=\"No circuit\"\r\n", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_REASON && s.item[0].u.reason.q850
          && s.item[0].u.reason.q850->cause == 34 && !s.item[0].problem.header, "a known Q.850 cause");
    explain(503, "Reason: SIP;cause=34\r\n", NULL, false, &s);
    CHECK(s.count == 1 && !s.item[0].u.reason.q850, "a SIP cause is not looked up in Q.850");
    explain(503, "Reason: Q.850;cause=99999999999\r\n", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_REASON
          && problem_is(&s.item[0], "Reason cause", "99999999999"),
          "a cause too large: the Reason is shown, its cause named as malformed");
    explain(503, "Reason: Q.850;text=\"x\"\r\n", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_REASON && !s.item[0].problem.header,
          "no cause is well-formed (RFC 3326 §2): protocol and text shown, nothing flagged");
    explain(503, "Reason: ;cause=1\r\nReason:\r\n", NULL, false, &s);
    CHECK(s.count == 2 && s.item[0].kind == SIPDIAG_FINDING_MALFORMED && s.item[1].kind == SIPDIAG_FINDING_MALFORMED
          && s.item[1].problem.value.len == 0, "no protocol, and an empty Reason: both malformed, nothing shown");

    static char bye[] = "BYE sip:a@192.0.2.1 SIP/2.0\r\nReason: Q.850;cause=16\r\n\r\n";
    sipdiag_parse_message(bye, strlen(bye), &msg);
    s.count = 0;
    sipdiag_explain_request(&msg, 0, collect, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_REASON && s.item[0].u.reason.q850, "a BYE's Reason");
}

static void challenges_only_when_asked(void)
{
    seen_t s;
    sipdiag_response_context ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.auth_username = "alice";
    const char *hdrs = "WWW-Authenticate: Digest realm=\"x\", nonce=\"n\", algorithm=MD5, qop=\"auth\"\r\n"
                       "WWW-Authenticate: Digest nonce=\"n\"\r\nProxy-Authenticate: Digest realm=\"p\"\r\n";
    explain(401, hdrs, &ctx, true, &s);
    CHECK(s.count == 3, "challenge, malformed challenge, user: %u", s.count);
    CHECK(s.item[0].kind == SIPDIAG_FINDING_CHALLENGE && s.item[0].u.auth.has_realm
          && s.item[0].u.auth.algorithm.len == 3, "a Digest challenge with its realm and algorithm");
    CHECK(s.item[1].kind == SIPDIAG_FINDING_MALFORMED && strcmp(s.item[1].problem.header, "WWW-Authenticate") == 0,
          "Digest without a realm is malformed");
    CHECK(s.item[2].kind == SIPDIAG_FINDING_USERNAME && strcmp(s.item[2].u.text, "alice") == 0,
          "the user of the credentials answered");
    explain(401, hdrs, &ctx, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_USERNAME, "challenges left out when not asked for");
    explain(407, hdrs, &ctx, true, &s);
    CHECK(s.count == 2 && s.item[0].header == SIPDIAG_HDR_PROXY_AUTHENTICATE, "407 reads Proxy-Authenticate only");
    explain(403, hdrs, &ctx, true, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_USERNAME, "403: the user, no challenge");
    explain(401, hdrs, NULL, false, &s);
    CHECK(s.count == 0, "nothing recorded: no user");
}

static void recorded_facts(void)
{
    seen_t s;
    sipdiag_response_context ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.dialog_frame = 7;
    ctx.dialog_end_frame = 12;
    ctx.request_frame = 3;
    ctx.request_size = 1400;
    ctx.request_over_udp = true;
    strcpy(ctx.request_scheme, "tel");
    explain(481, "", &ctx, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_DIALOG && s.item[0].u.dialog.confirmed_frame == 7
          && s.item[0].u.dialog.ended_frame == 12, "481: the dialog and its end");
    explain(513, "", &ctx, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_REQUEST_SIZE && s.item[0].u.request.size == 1400
          && s.item[0].u.request.over_udp, "513: the request's size and transport");
    explain(416, "", &ctx, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_REQUEST_SCHEME && strcmp(s.item[0].u.text, "tel") == 0,
          "416: the scheme refused");
    explain(200, "", &ctx, false, &s);
    CHECK(s.count == 0, "a 200 has nothing to explain");
    memset(&ctx, 0, sizeof ctx);
    explain(481, "", &ctx, false, &s);
    CHECK(s.count == 0, "481 with no dialog seen: nothing made up");
}

/* For findings that point into the reader's own data (SDP, PASSporT):
 * what they hold, taken during the visit. */
typedef struct {
    unsigned count;
    sipdiag_finding_kind kind[16];
    char text[16][160];
    sipdiag_check checks[16][4];
} noted_t;

static void note(const sipdiag_finding *f, void *user)
{
    noted_t *n = user;
    if (n->count >= 16)
        return;
    unsigned i = n->count++;
    n->kind[i] = f->kind;
    n->text[i][0] = '\0';
    if (f->kind == SIPDIAG_FINDING_SDP_MEDIA) {
        sipdiag_sdp_media_summary(f->u.sdp.sdp, f->u.sdp.media, n->text[i], sizeof n->text[i]);
    } else if (f->kind == SIPDIAG_FINDING_PASSPORT) {
        snprintf(n->text[i], sizeof n->text[i], "%.*s", (int)f->u.passport.pp->orig_tn.len,
                 f->u.passport.pp->orig_tn.ptr);
        n->checks[i][0] = f->u.passport.date;
        n->checks[i][1] = f->u.passport.capture;
        n->checks[i][2] = f->u.passport.orig;
        n->checks[i][3] = f->u.passport.dest;
    }
}

static void vendor_headers(void)
{
    seen_t s;
    explain(403, "ms-diagnostics: 560403;reason=\"Forbidden\";source=\"sbc.example\"\r\n"
                 "ms-diagnostics-public: abc\r\nX-Twilio-Error: 32011 Error talking to your SIP\r\n"
                 "X-Asterisk-HangupCauseCode: 21\r\nX-Asterisk-HangupCause: Call Rejected\r\n"
                 "Server: Example SBC 1.0\r\nUser-Agent:\r\nFeature-Caps: *;+g.3gpp.icsi-ref\r\n", NULL, false, &s);
    CHECK(s.count == 8, "ms-diagnostics, a malformed public one, Twilio, cause code, cause, Server, empty "
                        "User-Agent, Feature-Caps: %u", s.count);
    CHECK(s.item[0].kind == SIPDIAG_FINDING_MS_DIAGNOSTICS && s.item[0].u.ms.sbc_code == 403, "560403: the SBC's 403");
    CHECK(s.item[1].kind == SIPDIAG_FINDING_MALFORMED && problem_is(&s.item[1], "ms-diagnostics-public", "abc"),
          "a code that is no number");
    CHECK(s.item[2].kind == SIPDIAG_FINDING_HANGUP_CAUSE && s.item[2].u.hangup.cause == 21 && s.item[2].u.hangup.q850,
          "Asterisk's cause from the Q.850 table");
    CHECK(s.item[3].kind == SIPDIAG_FINDING_TEXT && value_is(&s.item[3], "Call Rejected"), "Asterisk's text");
    CHECK(s.item[4].kind == SIPDIAG_FINDING_TWILIO_ERROR && s.item[4].u.twilio.code == 32011, "Twilio");
    CHECK(s.item[5].kind == SIPDIAG_FINDING_TOKEN && s.item[5].header == SIPDIAG_HDR_FEATURE_CAPS, "Feature-Caps");
    CHECK(s.item[6].kind == SIPDIAG_FINDING_TEXT && value_is(&s.item[6], "Example SBC 1.0"), "Server");
    CHECK(s.item[7].kind == SIPDIAG_FINDING_MALFORMED && s.item[7].header == SIPDIAG_HDR_USER_AGENT,
          "an empty User-Agent");
    explain(200, "Server: x\r\nFeature-Caps: y\r\nX-Twilio-Error: 1 z\r\n", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_TWILIO_ERROR, "a 200: the vendor error only, not Server");
    explain(489, "Allow-Events: presence, dialog\r\n", NULL, false, &s);
    CHECK(s.count == 2 && s.item[1].header == SIPDIAG_HDR_ALLOW_EVENTS && value_is(&s.item[1], "dialog"),
          "489: Allow-Events");
    explain(424, "Geolocation-Error: 100; message=\"Cannot Process Location\"\r\nAllow-Events: x\r\n", NULL, false, &s);
    CHECK(s.count == 1 && s.item[0].header == SIPDIAG_HDR_GEOLOCATION_ERROR, "424: Geolocation-Error, not Allow-Events");
    explain(608, "Call-Info: <https://jwscard.example/r>;purpose=jwscard\r\n", NULL, false, &s);
    CHECK(s.count == 2 && s.item[0].header == SIPDIAG_HDR_CALL_INFO && s.item[0].kind == SIPDIAG_FINDING_TOKEN
          && s.item[1].kind == SIPDIAG_FINDING_JWSCARD && !s.item[1].problem.header,
          "608: Call-Info, and its jwscard at an https URI");
    explain(608, "Call-Info: <https://x.example/logo.png>;purpose=icon, <data:,[\"vcard\",[[\"fn\",{},\"text\",\"X\"]]]>;"
                 "purpose=jwscard\r\nCall-Info: <data:,nonsense>;purpose=jwscard\r\n", NULL, false, &s);
    CHECK(s.count == 5 && s.item[0].kind == SIPDIAG_FINDING_TOKEN && s.item[1].kind == SIPDIAG_FINDING_TOKEN
          && s.item[2].kind == SIPDIAG_FINDING_JWSCARD && !s.item[2].problem.header
          && s.item[3].kind == SIPDIAG_FINDING_TOKEN && s.item[4].kind == SIPDIAG_FINDING_JWSCARD
          && problem_is(&s.item[4], "Call-Info jwscard", "data:,nonsense"),
          "608: an icon, a decoded data: jCard, a malformed one (%u findings)", s.count);
    explain(603, "Call-Info: <https://jwscard.example/r>;purpose=jwscard\r\n", NULL, false, &s);
    CHECK(s.count == 0, "603: Call-Info not read");
    explain(503, "Reason: Q.850;cause=34;location=TN\r\nReason: STIR;cause=438\r\n", NULL, false, &s);
    CHECK(s.count == 2 && s.item[0].u.reason.location && !s.item[0].u.reason.location->user
          && s.item[1].u.reason.other && strcmp(s.item[1].u.reason.other->name, "Invalid Identity Header") == 0,
          "Reason location and STIR cause");
}

static void carrier_code(void)
{
    static char text[200];
    seen_t s;
    snprintf(text, sizeof text, "SIP/2.0 503 Service Unavailable D35\r\nCSeq: 1 INVITE\r\n\r\n");
    sipdiag_parse_message(text, strlen(text), &msg);
    s.count = 0;
    sipdiag_explain_response(503, &msg, NULL, false, collect, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_CARRIER_CODE && value_is(&s.item[0], "D35"), "D35");
    snprintf(text, sizeof text, "SIP/2.0 180 Ringing R1\r\nCSeq: 1 INVITE\r\n\r\n");
    sipdiag_parse_message(text, strlen(text), &msg);
    s.count = 0;
    sipdiag_explain_response(180, &msg, NULL, false, collect, &s);
    CHECK(s.count == 0, "not on a 1xx");
}

static void response_sdp(void)
{
    static char text[1200];
    noted_t n = { 0 };
    snprintf(text, sizeof text, "SIP/2.0 488 Not Acceptable Here\r\nContent-Type: application/sdp\r\n"
                                "Content-Length: 47\r\n\r\nv=0\r\nm=audio 0 RTP/AVP 8\r\nm=image 4 udptl t38\r\nTRAILING");
    sipdiag_parse_message(text, strlen(text), &msg);
    sipdiag_explain_response(488, &msg, NULL, false, note, &n);
    CHECK(n.count == 2 && n.kind[0] == SIPDIAG_FINDING_SDP_MEDIA && strcmp(n.text[0], "audio 0 RTP/AVP PCMA, sendrecv") == 0
          && strcmp(n.text[1], "image 4 udptl t38, sendrecv") == 0, "488's SDP: %u, %s / %s", n.count, n.text[0], n.text[1]);
    n.count = 0;
    sipdiag_explain_response(486, &msg, NULL, false, note, &n);
    CHECK(n.count == 0, "486: the body is not read");
    snprintf(text, sizeof text, "SIP/2.0 488 Not Acceptable Here\r\nContent-Type: application/sdp\r\n\r\nv=1\r\n");
    sipdiag_parse_message(text, strlen(text), &msg);
    n.count = 0;
    sipdiag_explain_response(488, &msg, NULL, false, note, &n);
    CHECK(n.count == 1 && n.kind[0] == SIPDIAG_FINDING_MALFORMED, "SDP that does not parse: malformed");
    seen_t s;
    s.count = 0;
    sipdiag_explain_response(488, &msg, NULL, false, collect, &s);
    CHECK(s.count == 1 && problem_is(&s.item[0], "SDP", "v=1"), "named by its first line");

    /* The context's comparison of the refused offer: a recorded fact, after the response's own SDP. */
    sipdiag_response_context ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.sdp_comparison = "audio: offer PCMU over RTP/SAVP with SDES; the callee's earlier answer in frame 2 used "
                         "RTP/AVP only: SRTP mismatch";
    ctx.sdp_mismatch = SIPDIAG_SDP_SRTP;
    ctx.sdp_offer_frame = 5;
    ctx.sdp_other_frame = 2;
    s.count = 0;
    sipdiag_explain_response(500, &msg, &ctx, false, collect, &s);
    CHECK(s.count == 1 && s.item[0].kind == SIPDIAG_FINDING_SDP_COMPARISON && s.item[0].header == SIPDIAG_HDR_COUNT
          && s.item[0].u.comparison.text == ctx.sdp_comparison && s.item[0].u.comparison.mismatch == SIPDIAG_SDP_SRTP
          && s.item[0].u.comparison.offer_frame == 5 && s.item[0].u.comparison.other_frame == 2,
          "a failed re-INVITE: the comparison as recorded (%u)", s.count);
    s.count = 0;
    sipdiag_explain_response(488, &msg, &ctx, false, collect, &s);
    CHECK(s.count == 2 && s.item[0].kind == SIPDIAG_FINDING_MALFORMED
          && s.item[1].kind == SIPDIAG_FINDING_SDP_COMPARISON, "488: its own SDP first, then the comparison");
    s.count = 0;
    sipdiag_explain_response(200, &msg, &ctx, false, collect, &s);
    CHECK(s.count == 0, "never on a 2xx");
    ctx.sdp_comparison = NULL;
    s.count = 0;
    sipdiag_explain_response(500, &msg, &ctx, false, collect, &s);
    CHECK(s.count == 0, "nothing compared: nothing shown");
}

static void invite_identity(void)
{
    /* header {"alg":"ES256","ppt":"shaken","typ":"passport","x5u":"https://cert.example.org/passport.cer"},
     * claims {"attest":"A","dest":{"tn":["12155550131"]},"iat":1443208345,"orig":{"tn":"12155550121"},...} */
    static const char identity[] =
        "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0LmV4YW1wbGUub3JnL3Bh"
        "c3Nwb3J0LmNlciJ9.eyJhdHRlc3QiOiJBIiwiZGVzdCI6eyJ0biI6WyIxMjE1NTU1MDEzMSJdfSwiaWF0IjoxNDQzMjA4MzQ1LCJvcmln"
        "Ijp7InRuIjoiMTIxNTU1NTAxMjEifSwib3JpZ2lkIjoiMTIzZTQ1NjctZTg5Yi0xMmQzLWE0NTYtNDI2NjU1NDQwMDAwIn0.c2ln";
    static char text[2000];
    noted_t n = { 0 };
    /* 1443208345 is Fri, 25 Sep 2015 19:12:25 GMT */
    snprintf(text, sizeof text, "INVITE sip:+12155550131@b SIP/2.0\r\nFrom: <sip:+12155550121@a>;tag=1\r\n"
                                "To: <sip:+12155550199@b>\r\nDate: Fri, 25 Sep 2015 19:14:00 GMT\r\n"
                                "Identity: %s;info=<https://cert.example.org/passport.cer>\r\nIdentity: x\r\n\r\n",
             identity);
    sipdiag_parse_message(text, strlen(text), &msg);
    sipdiag_explain_request(&msg, 1443208345 + 10, note, &n);
    CHECK(n.count == 2 && n.kind[0] == SIPDIAG_FINDING_PASSPORT && strcmp(n.text[0], "12155550121") == 0,
          "the PASSporT, then the malformed one: %u", n.count);
    CHECK(n.checks[0][0] == SIPDIAG_CHECK_FAIL && n.checks[0][1] == SIPDIAG_CHECK_PASS
          && n.checks[0][2] == SIPDIAG_CHECK_PASS && n.checks[0][3] == SIPDIAG_CHECK_FAIL,
          "Date 95 s after iat: stale; capture 10 s: fresh; orig matches; dest does not");
    CHECK(n.kind[1] == SIPDIAG_FINDING_MALFORMED, "Identity: x");
}

/* The renderer does not rebuild the context for a 1xx/2xx whose diagnosis
 * nobody asked for: no explainer of those codes may read it. */
static void success_ignores_context(void)
{
    static const char headers[] = "Warning: 399 host \"w\"\r\nReason: SIP;cause=200\r\nRetry-After: 5\r\n"
                                  "Contact: <sip:a@192.0.2.1>\r\nExpires: 60\r\nServer: s\r\nUser-Agent: u\r\n"
                                  "ms-diagnostics: 1;reason=\"r\"\r\nX-Asterisk-HangupCauseCode: 16\r\n"
                                  "X-Asterisk-HangupCause: Normal\r\nX-Twilio-Error: 1 x\r\n";
    sipdiag_response_context ctx;
    memset(&ctx, 0xA5, sizeof ctx);
    strcpy(ctx.request_scheme, "tel");
    ctx.auth_username = "u";
    ctx.sdp_comparison = "c";
    ctx.request_event = NULL;
    for (unsigned code = 100; code < 300; code++) {
        seen_t with;
        seen_t without;
        explain(code, headers, &ctx, false, &with);
        explain(code, headers, NULL, false, &without);
        bool same = with.count == without.count;
        for (unsigned i = 0; same && i < with.count && i < MAX_SEEN; i++)
            same = with.item[i].kind == without.item[i].kind && with.item[i].header == without.item[i].header;
        CHECK(same, "%u: the same findings with and without a context (%u, %u)", code, with.count, without.count);
    }
}

int main(void)
{
    contacts_of_a_redirection();
    many_elements_are_not_cut();
    lists_and_numbers_by_code();
    warnings_and_reasons();
    challenges_only_when_asked();
    recorded_facts();
    vendor_headers();
    carrier_code();
    response_sdp();
    invite_identity();
    success_ignores_context();
    return check_report("test_explain");
}
