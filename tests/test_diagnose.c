/* test_diagnose: each verdict of README's "How the context changes the
 * verdict", decided by sipdiag_diagnose_response without tshark. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sipdiag_diagnose.h"

static sipdiag_context *ctx;
static uint32_t frame;
static uint64_t hop; /* the addresses the next message is seen between */
static sipdiag_severities severities;

static void parse(const char *text, sipdiag_message *msg)
{
    sipdiag_parse_message(text, strlen(text), msg);
}

static void request(const char *text)
{
    sipdiag_message msg;
    sipdiag_sighting seen = { ++frame, (uint64_t)frame * 1000000u, (uint32_t)strlen(text), true, hop, 0 };
    parse(text, &msg);
    sipdiag_context_request(ctx, &seen, &msg);
}

/* Observes a response and diagnoses it; *c holds its context. */
static void response(unsigned code, const char *text, sipdiag_response_context *c, sipdiag_diagnosis *d)
{
    sipdiag_message msg;
    sipdiag_sighting seen = { ++frame, (uint64_t)frame * 1000000u, 0, true, hop, 0 };
    parse(text, &msg);
    sipdiag_context_response(ctx, &seen, &msg, code, c);
    sipdiag_diagnose_response(code, "", &msg, c, &severities, true, d);
}

#define HDRS(method, cseq, branch) \
    "Via: SIP/2.0/UDP 10.0.0.1;branch=" branch "\r\nCall-ID: call-1\r\nCSeq: " cseq " " method "\r\n"

static void restart(void)
{
    sipdiag_context_free(ctx);
    ctx = sipdiag_context_new(1000);
    frame = 0;
    hop = 0;
    for (int k = SIPDIAG_CLASS_NONE; k <= SIPDIAG_CLASS_GLOBAL_FAILURE; k++)
        severities.by_class[k] = sipdiag_default_severity((sipdiag_class)k);
}

static void class_severity_and_preferences(void)
{
    sipdiag_message msg;
    sipdiag_diagnosis d;
    restart();
    parse("SIP/2.0 503 Service Unavailable\r\n" HDRS("INVITE", "1", "p1") "\r\n", &msg);
    sipdiag_diagnose_response(503, "Service Unavailable", &msg, NULL, &severities, true, &d);
    CHECK(d.verdict.klass == SIPDIAG_CLASS_SERVER_FAILURE && d.severity == SIPDIAG_SEVERITY_ERROR && d.counted
          && !d.context && !d.variant, "503 without context: the class's severity");
    severities.by_class[SIPDIAG_CLASS_SERVER_FAILURE] = SIPDIAG_SEVERITY_NOTE;
    sipdiag_diagnose_response(503, "Service Unavailable", &msg, NULL, &severities, true, &d);
    CHECK(d.severity == SIPDIAG_SEVERITY_NOTE, "the preference sets a class's severity");
    sipdiag_diagnose_response(200, "OK", &msg, NULL, &severities, false, &d);
    CHECK(d.hint.text[0] == '\0' && !d.hint.severity_set && d.severity == SIPDIAG_SEVERITY_CHAT,
          "no hint asked for: none made");
    sipdiag_diagnose_response(799, "Odd", &msg, NULL, &severities, true, &d);
    CHECK(d.verdict.klass == SIPDIAG_CLASS_NONE && !d.verdict.entry, "799 has no class");
}

static void challenges(void)
{
    sipdiag_response_context c;
    sipdiag_diagnosis d;
    restart();
    /* A site that makes every 4xx an error still sees a normal challenge as a note. */
    severities.by_class[SIPDIAG_CLASS_CLIENT_FAILURE] = SIPDIAG_SEVERITY_ERROR;
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "1", "b1") "\r\n");
    response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "1", "b1")
             "WWW-Authenticate: Digest realm=\"pbx.example\", nonce=\"n1\"\r\n\r\n", &c, &d);
    CHECK(d.severity == SIPDIAG_SEVERITY_NOTE && d.verdict.severity == SIPDIAG_SEVERITY_ERROR && d.counted,
          "challenge: a note whatever the class's severity");
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "2", "b2")
            "Authorization: Digest username=\"alice\", realm=\"pbx.example\"\r\n\r\n");
    response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "2", "b2")
             "WWW-Authenticate: Digest realm=\"pbx.example\"\r\n\r\n", &c, &d);
    CHECK(d.severity == SIPDIAG_SEVERITY_WARN && strstr(d.hint.text, "\"alice\""), "rejected: a warning");
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "3", "b3")
            "Authorization: Digest username=\"alice\", realm=\"pbx.example\"\r\n\r\n");
    response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "3", "b3")
             "WWW-Authenticate: Digest realm=\"pbx.example\", stale=true\r\n\r\n", &c, &d);
    CHECK(d.severity == SIPDIAG_SEVERITY_NOTE && c.auth == SIPDIAG_AUTH_STALE, "stale nonce: a note");
}

static void cancel_and_retransmission(void)
{
    sipdiag_response_context c;
    sipdiag_diagnosis d;
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "c1") "\r\n");
    request("CANCEL sip:bob@x SIP/2.0\r\n" HDRS("CANCEL", "1", "c1") "\r\n");
    response(487, "SIP/2.0 487 Request Terminated\r\n" HDRS("INVITE", "1", "c1") "\r\n", &c, &d);
    CHECK(d.severity == SIPDIAG_SEVERITY_NOTE && d.counted && d.context == &c, "487 after CANCEL: a note");
    response(487, "SIP/2.0 487 Request Terminated\r\n" HDRS("INVITE", "1", "c1") "\r\n", &c, &d);
    CHECK(d.severity == SIPDIAG_SEVERITY_NOTE && !d.counted && strstr(d.hint.text, "its sender got no ACK")
          && strstr(d.hint.text, "RFC 3261 §17.2.1"), "487 resent without an ACK: a note, counted once: %s",
          d.hint.text);
    request("BYE sip:bob@x SIP/2.0\r\n" HDRS("BYE", "5", "b5") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("BYE", "5", "b5") "\r\n", &c, &d);
    response(200, "SIP/2.0 200 OK\r\n" HDRS("BYE", "5", "b5") "\r\n", &c, &d);
    CHECK(d.severity == SIPDIAG_SEVERITY_CHAT && !d.counted && strstr(d.hint.text, "Retransmission of the 200"),
          "retransmitted response to a BYE: chat, counted once: %s", d.hint.text);
    response(487, "SIP/2.0 487 Request Terminated\r\n" HDRS("INVITE", "2", "c2") "\r\n", &c, &d);
    CHECK(d.severity == SIPDIAG_SEVERITY_WARN && d.counted, "487 without a CANCEL: the class's severity");
}

/* A final response to INVITE resent: its ACK did not arrive (RFC 3261
 * §13.3.1.4, §17.2.1), unless one was seen in between. */
static void final_response_resent(void)
{
    sipdiag_response_context c;
    sipdiag_diagnosis d;
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "a1") "\r\n");
#define ANSWER_200 "SIP/2.0 200 OK\r\n" HDRS("INVITE", "1", "a1") "To: <sip:bob@x>;tag=u1\r\nContact: <sip:bob@h>\r\n\r\n"
    response(200, ANSWER_200, &c, &d);
    CHECK(d.counted && !d.hint.severity_set, "the first 200: nothing to say");
    response(200, ANSWER_200, &c, &d);
    response(200, ANSWER_200, &c, &d);
    CHECK(!d.counted && d.severity == SIPDIAG_SEVERITY_WARN && c.ack_frame == 0
          && strstr(d.hint.text, "200 resent (seen 3 times, first in frame 2): the UAS got no ACK")
          && strstr(d.hint.text, "Request-URI (the 2xx Contact), Route set and NAT (RFC 3261 §13.3.1.4)")
          && strlen(d.hint.text) < SIPDIAG_HINT_MAX,
          "200 resent, no ACK: %s", d.hint.text);
    CHECK(strcmp(d.hint.label, "2xx to INVITE resent: the caller's ACK never reached the UAS") == 0, "label");

    /* An ACK went by, then the 200 came again: say only that. */
    request("ACK sip:bob@x SIP/2.0\r\n" HDRS("ACK", "1", "a2") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "1", "a1") "To: <sip:bob@x>;tag=u1\r\n\r\n", &c, &d);
    CHECK(c.ack_frame == 5 && d.severity == SIPDIAG_SEVERITY_NOTE
          && strstr(d.hint.text, "although an ACK for CSeq 1 went by in frame 5: that ACK may not have reached the UAS")
          && !strstr(d.hint.text, "got no ACK"), "200 resent after an ACK: %s", d.hint.text);

    /* An ACK of another CSeq does not count. */
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "a3") "\r\n");
    response(486, "SIP/2.0 486 Busy Here\r\n" HDRS("INVITE", "2", "a3") "To: <sip:bob@x>;tag=u2\r\n\r\n", &c, &d);
    request("ACK sip:bob@x SIP/2.0\r\n" HDRS("ACK", "1", "a2") "\r\n");
    response(486, "SIP/2.0 486 Busy Here\r\n" HDRS("INVITE", "2", "a3") "To: <sip:bob@x>;tag=u2\r\n\r\n", &c, &d);
    CHECK(c.ack_frame == 0 && d.severity == SIPDIAG_SEVERITY_NOTE
          && strstr(d.hint.text, "486 resent (seen 2 times, first in frame 8): its sender got no ACK")
          && strlen(d.hint.text) < SIPDIAG_HINT_MAX, "486 resent, ACK of another CSeq: %s", d.hint.text);
    /* The ACK of the failure (same branch as the INVITE), then the 486 again. */
    request("ACK sip:bob@x SIP/2.0\r\n" HDRS("ACK", "2", "a3") "\r\n");
    response(486, "SIP/2.0 486 Busy Here\r\n" HDRS("INVITE", "2", "a3") "To: <sip:bob@x>;tag=u2\r\n\r\n", &c, &d);
    CHECK(c.ack_frame == 11 && strstr(d.hint.text, "that ACK may not have reached the sender of this response"),
          "486 resent after its ACK: %s", d.hint.text);
}

static void timeouts_and_dialogs(void)
{
    sipdiag_response_context c;
    sipdiag_diagnosis d;
    restart();
    for (int i = 0; i < 3; i++)
        request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "t1") "\r\n");
    response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "1", "t1") "\r\n", &c, &d);
    CHECK(strstr(d.hint.text, "sent 3 times") && d.counted, "408 after retransmissions: %s", d.hint.text);
    response(481, "SIP/2.0 481 Call/Transaction Does Not Exist\r\n" HDRS("BYE", "9", "d0") "\r\n", &c, &d);
    CHECK(c.dialog == SIPDIAG_DIALOG_EARLY && strstr(d.hint.text, "the INVITE was rejected with 408 in frame 4"),
          "481, INVITE seen, timed out, never confirmed: %s", d.hint.text);
}

/* The method's own texts: a 200 to REGISTER is not about ACK; an INVITE after
 * its Call-ID's 2xx is a re-INVITE, whose failure leaves the call up. */
static void method_variants(void)
{
    sipdiag_response_context c;
    sipdiag_diagnosis d;
    restart();
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "1", "r1") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("REGISTER", "1", "r1") "\r\n", &c, &d);
    CHECK(d.variant && strcmp(d.variant, "REGISTER") == 0 && d.verdict.entry->code == 200
          && !strstr(d.verdict.entry->remedy, "the caller must ACK"), "200 to REGISTER: %s",
          d.variant ? d.variant : "(none)");

    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "i1") "\r\n");
    response(488, "SIP/2.0 488 Not Acceptable Here\r\n" HDRS("INVITE", "2", "i1") "\r\n", &c, &d);
    CHECK(!d.variant, "488 to an initial INVITE: the code's own texts");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "2", "i1") "\r\n", &c, &d);
    CHECK(!d.variant, "200 to the initial INVITE: the code's own texts");
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "3", "i2") "\r\n");
    response(488, "SIP/2.0 488 Not Acceptable Here\r\n" HDRS("INVITE", "3", "i2") "\r\n", &c, &d);
    CHECK(d.variant && strcmp(d.variant, "re-INVITE") == 0 && strstr(d.verdict.entry->remedy_short, "stays up"),
          "488 to a re-INVITE: %s", d.variant ? d.verdict.entry->remedy_short : "(none)");

    /* The call's INVITE seen again on another hop after its 2xx (a capture
     * taken at several points, or a traffic generator replaying the call
     * between other addresses): the same CSeq is still the initial INVITE. */
    hop = 7;
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "i1") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "2", "i1") "\r\n", &c, &d);
    CHECK(!d.variant && c.request_frame == frame - 1 && c.first_request_frame == 3 && c.request_count == 1,
          "200 to the INVITE's copy on another hop: not a re-INVITE (%s), request in %u, first %u",
          d.variant ? d.variant : "none", c.request_frame, c.first_request_frame);
    hop = 0;

    /* An unregistered code keeps its class's x00 row, whatever the method. */
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "4", "r2") "\r\n");
    response(499, "SIP/2.0 499 Odd\r\n" HDRS("REGISTER", "4", "r2") "\r\n", &c, &d);
    CHECK(!d.variant && d.verdict.entry->code == 400, "499 to REGISTER: treated as 400, no variant");
}

/* The CSeq is read once, for the method variant and the fields alike. */
static void cseq_read_once(void)
{
    sipdiag_message msg;
    sipdiag_diagnosis d;
    restart();
    parse("SIP/2.0 404 Not Found\r\n" HDRS("SUBSCRIBE", "77", "c1") "\r\n", &msg);
    sipdiag_diagnose_response(404, "Not Found", &msg, NULL, &severities, true, &d);
    CHECK(d.cseq.parsed && d.cseq.number == 77 && d.cseq.method.len == 9
          && memcmp(d.cseq.method.ptr, "SUBSCRIBE", 9) == 0 && d.variant, "CSeq 77 SUBSCRIBE, and its variant");
    parse("SIP/2.0 404 Not Found\r\nCSeq: SUBSCRIBE\r\n\r\n", &msg);
    sipdiag_diagnose_response(404, "Not Found", &msg, NULL, &severities, true, &d);
    CHECK(!d.cseq.parsed && !d.variant, "a CSeq without a number: no method, the code's own texts");
}

/* A response its receiver cannot use: Content-Length not a number (RFC
 * 3261 §20.14), a 2xx to INVITE without Contact (§12.1.1). */
static void unusable_responses(void)
{
    sipdiag_response_context c;
    sipdiag_diagnosis d;
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "u1") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "1", "u1") "Content-Length: xyz\r\n\r\n", &c, &d);
    CHECK(strcmp(d.hint.text, "Content-Length \"xyz\" is not a number (RFC 3261 §20.14): the receiver may drop the "
                              "response; no Contact, which a 2xx to INVITE must carry (§12.1.1): the caller has no "
                              "address for its ACK and BYE") == 0 && d.severity == SIPDIAG_SEVERITY_WARN,
          "both faults: %s", d.hint.text);
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "u2") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "2", "u2") "Contact: <sip:b@h>\r\nContent-Length: 0\r\n\r\n",
             &c, &d);
    CHECK(d.hint.text[0] == '\0', "a sound 200: %s", d.hint.text);
    request("OPTIONS sip:bob@x SIP/2.0\r\n" HDRS("OPTIONS", "3", "u3") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("OPTIONS", "3", "u3") "\r\n", &c, &d);
    CHECK(d.hint.text[0] == '\0', "a 200 to OPTIONS needs no Contact: %s", d.hint.text);
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "4", "u4") "\r\n");
    response(486, "SIP/2.0 486 Busy Here\r\n" HDRS("INVITE", "4", "u4") "Content-Length: -1\r\n\r\n", &c, &d);
    CHECK(strstr(d.hint.text, "Content-Length \"-1\" is not a number") && !strstr(d.hint.text, "Contact"),
          "a failure with a bad Content-Length: %s", d.hint.text);
}

/* What the capture showed of the call decides what a BYE's answer means. */
static void rejected_calls(void)
{
    sipdiag_response_context c;
    sipdiag_diagnosis d;
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "r1") "\r\n");
    response(403, "SIP/2.0 403 Forbidden\r\n" HDRS("INVITE", "1", "r1") "\r\n", &c, &d);
    CHECK(c.dialog_rejected_frame == 0, "the rejection itself is no rejected dialog yet");
    CHECK(strstr(d.hint.text, "carried no credentials, so no password was refused")
          && d.hint.label && strstr(d.hint.label, "policy"), "403 without credentials: %s", d.hint.text);
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "7", "r7") "\r\n");
    response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "7", "r7") "\r\n", &c, &d);
    response(403, "SIP/2.0 403 Forbidden\r\n" HDRS("INVITE", "7", "r7") "\r\n", &c, &d);
    CHECK(strcmp(d.hint.text, "The 403 came after the 180 in frame 4: the far side refused once the call reached it "
                              "(callee, or a service for it), not an admission check (ACL, rights); the request in "
                              "frame 3 carried no credentials") == 0,
          "403 after ringing is no admission check: %s", d.hint.text);
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "r1") "\r\n");
    response(403, "SIP/2.0 403 Forbidden\r\n" HDRS("INVITE", "1", "r1") "\r\n", &c, &d);
    request("BYE sip:bob@x SIP/2.0\r\n" HDRS("BYE", "2", "r2") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("BYE", "2", "r2") "\r\n", &c, &d);
    CHECK(c.dialog_rejected_frame == 2 && c.dialog_rejected_code == 403, "rejected in frame 2: %u %u",
          c.dialog_rejected_frame, c.dialog_rejected_code);
    CHECK(strstr(d.hint.text, "No call to end: this Call-ID's INVITE was rejected with 403 in frame 2")
          && strstr(d.hint.text, "481") && d.severity == SIPDIAG_SEVERITY_NOTE, "200 to that BYE: %s", d.hint.text);
    response(481, "SIP/2.0 481 Call/Transaction Does Not Exist\r\n" HDRS("BYE", "2", "r2") "\r\n", &c, &d);
    CHECK(strstr(d.hint.text, "rejected with 403 in frame 2, which left no dialog"), "481 to it: %s", d.hint.text);

    /* An authentication retry is a new INVITE: its 2xx confirms the call. */
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "a1") "\r\n");
    response(407, "SIP/2.0 407 Proxy Authentication Required\r\n" HDRS("INVITE", "1", "a1")
             "Proxy-Authenticate: Digest realm=\"x\", nonce=\"n\"\r\n\r\n", &c, &d);
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "a2")
            "Proxy-Authorization: Digest username=\"alice\", realm=\"x\", nonce=\"n\"\r\n\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "2", "a2") "\r\n", &c, &d);
    request("BYE sip:bob@x SIP/2.0\r\n" HDRS("BYE", "3", "a3") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("BYE", "3", "a3") "\r\n", &c, &d);
    CHECK(c.dialog_rejected_frame == 0 && d.hint.text[0] == '\0', "a normal hang-up after a retry: %s", d.hint.text);
    /* A new INVITE after a rejection, not answered yet: no verdict on the old rejection. */
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "b1") "\r\n");
    response(486, "SIP/2.0 486 Busy Here\r\n" HDRS("INVITE", "1", "b1") "\r\n", &c, &d);
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "b2") "\r\n");
    request("BYE sip:bob@x SIP/2.0\r\n" HDRS("BYE", "3", "b3") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("BYE", "3", "b3") "\r\n", &c, &d);
    CHECK(c.dialog_rejected_frame == 0, "the retried INVITE may have been answered elsewhere");
}

/* A Q.850 cause that maps to another code than the response's. */
static void reason_against_code(void)
{
    sipdiag_message msg;
    sipdiag_diagnosis d;
    restart();
    parse("SIP/2.0 480 Error\r\n" HDRS("INVITE", "1", "q1") "Reason: q.850;cause=21\r\n\r\n", &msg);
    sipdiag_diagnose_response(480, "Error", &msg, NULL, &severities, true, &d);
    CHECK(strstr(d.hint.text, "cause 21 (call rejected, maps to 403), though this response is 480")
          && d.hint.label && strstr(d.hint.label, "disagree"), "480 with cause 21: %s", d.hint.text);
    /* A cause says why the call was released, not where (that is RFC 8606's location). */
    CHECK(strstr(d.hint.text, ": the code is only a mapping (RFC 3398), the cause more specific")
          && !strstr(d.hint.text, "where"), "the cause is not a place: %s", d.hint.text);
    /* A STIR Reason beside the cause: the failed Identity check is why (RFC 9410). */
    parse("SIP/2.0 503 Service Unavailable\r\n" HDRS("INVITE", "1", "q1") "Reason: Q.850;cause=21\r\n"
          "Reason: STIR;cause=438;text=\"Invalid Identity Header\"\r\n\r\n", &msg);
    sipdiag_diagnose_response(503, "Service Unavailable", &msg, NULL, &severities, true, &d);
    CHECK(strstr(d.hint.text, "Reason: STIR cause 438") && strstr(d.hint.text, "the Identity (STIR/SHAKEN) check failed")
          && !strstr(d.hint.text, "cause 21") && d.hint.label, "STIR first: %s", d.hint.text);
    parse("SIP/2.0 486 Busy Here\r\n" HDRS("INVITE", "1", "q1") "Reason: Q.850;cause=17\r\n\r\n", &msg);
    sipdiag_diagnose_response(486, "Busy Here", &msg, NULL, &severities, true, &d);
    CHECK(!strstr(d.hint.text, "though") && !d.hint.label, "486 with cause 17 agrees: %s", d.hint.text);
    parse("SIP/2.0 603 Decline\r\n" HDRS("INVITE", "1", "q1") "Reason: Q.850;cause=21\r\n\r\n", &msg);
    sipdiag_diagnose_response(603, "Decline", &msg, NULL, &severities, true, &d);
    CHECK(!strstr(d.hint.text, "though"), "603 for cause 21 is allowed (RFC 3398 §7.2.4.1): %s", d.hint.text);
    parse("SIP/2.0 480 X\r\n" HDRS("INVITE", "1", "q1") "Reason: Q.850;cause=16\r\n\r\n", &msg);
    sipdiag_diagnose_response(480, "X", &msg, NULL, &severities, true, &d);
    CHECK(!strstr(d.hint.text, "though"), "cause 16 maps to no code: %s", d.hint.text);
}

/* A 488 or 606 to an offer without a Warning: nothing says what was refused. */
static void refused_offer(void)
{
    sipdiag_response_context c;
    sipdiag_diagnosis d;
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "o1") "Content-Type: application/sdp\r\n\r\n");
    response(488, "SIP/2.0 488 Not Acceptable Here\r\n" HDRS("INVITE", "1", "o1") "\r\n", &c, &d);
    CHECK(strcmp(d.hint.text, "No Warning says what was refused: compare the offer in frame 1 (m= lines, codecs, "
                              "RTP/AVP or RTP/SAVP) with the answerer's media settings") == 0
          && strstr(d.hint.label, "No Warning") && !d.hint.severity_set, "488 without a Warning: %s", d.hint.text);
    response(488, "SIP/2.0 488 Not Acceptable Here\r\n" HDRS("INVITE", "2", "o2")
             "Warning: 304 pbx \"Media type not available\"\r\n\r\n", &c, &d);
    CHECK(strstr(d.hint.text, "Warning 304") && !strstr(d.hint.text, "No Warning"), "488 with a Warning: %s",
          d.hint.text);
    response(606, "SIP/2.0 606 Not Acceptable\r\n" HDRS("UPDATE", "3", "o3")
             "Content-Type: application/sdp\r\nContent-Length: 48\r\n\r\n"
             "v=0\r\nm=audio 4000 RTP/AVP 8\r\nc=IN IP4 10.0.0.2\r\n", &c, &d);
    CHECK(strstr(d.hint.text, "No Warning says what was refused, but this 606's SDP lists the media it takes "
                              "(RFC 3261 §21.4.26): compare it with the offer")
          && !strstr(d.hint.text, "in frame"), "606 with its own SDP, request not seen: %s", d.hint.text);
    response(488, "SIP/2.0 488 Not Acceptable Here\r\n" HDRS("NOTIFY", "4", "o4") "\r\n", &c, &d);
    CHECK(!strstr(d.hint.text, "No Warning"), "488 to a NOTIFY carries no offer: %s", d.hint.text);
}

/* A first provisional that came only after the INVITE was resent. */
static void late_provisional(void)
{
    sipdiag_response_context c;
    sipdiag_diagnosis d;
    restart();
    for (int i = 0; i < 3; i++)
        request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "l1") "\r\n");
    response(100, "SIP/2.0 100 Trying\r\n" HDRS("INVITE", "1", "l1") "\r\n", &c, &d);
    CHECK(strstr(d.hint.text, "First answer only after the INVITE was sent 3 times (frames 1 to 3)")
          && strstr(d.hint.text, "§17.2.1"), "late 100: %s", d.hint.text);
    response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "1", "l1") "\r\n", &c, &d);
    CHECK(d.hint.text[0] == '\0', "the 180 after it is not late: %s", d.hint.text);
    request("REGISTER sip:x SIP/2.0\r\n" HDRS("REGISTER", "2", "l2") "\r\n");
    request("REGISTER sip:x SIP/2.0\r\n" HDRS("REGISTER", "2", "l2") "\r\n");
    response(100, "SIP/2.0 100 Trying\r\n" HDRS("REGISTER", "2", "l2") "\r\n", &c, &d);
    CHECK(d.hint.text[0] == '\0', "non-INVITE: no 200 ms rule: %s", d.hint.text);
}

int main(void)
{
    late_provisional();
    refused_offer();
    rejected_calls();
    unusable_responses();
    reason_against_code();
    cseq_read_once();
    class_severity_and_preferences();
    challenges();
    cancel_and_retransmission();
    final_response_resent();
    timeouts_and_dialogs();
    method_variants();
    sipdiag_context_free(ctx);
    return check_report("diagnose");
}
