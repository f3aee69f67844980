/* test_context: state across messages (transactions, dialogs) and the hints it leads to. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sipdiag_hint.h"
#include "sipdiag_sdp.h"

static sipdiag_context *ctx;
static uint32_t frame;
static uint64_t hop; /* the addresses the next message is seen between */
static bool stream; /* the next message comes over TCP or TLS */
static uint64_t source; /* the next message's sender (0: unknown) */

static void parse(const char *text, sipdiag_message *msg)
{
    sipdiag_parse_message(text, strlen(text), msg);
}

/* A request of len bytes (NULs included). */
static void request_bytes(const char *text, size_t len)
{
    sipdiag_message msg;
    sipdiag_sighting seen = { ++frame, (uint64_t)frame * 1000000u, (uint32_t)len, !stream, hop, source };
    sipdiag_parse_message(text, len, &msg);
    sipdiag_context_request(ctx, &seen, &msg);
}

static void request(const char *text)
{
    request_bytes(text, strlen(text));
}

/* Observes a response of len bytes; returns its context and hint. */
static sipdiag_response_context response_bytes(unsigned code, const char *text, size_t len, sipdiag_hint *hint)
{
    sipdiag_message msg;
    sipdiag_response_context out;
    sipdiag_verdict verdict;
    sipdiag_sighting seen = { ++frame, (uint64_t)frame * 1000000u, (uint32_t)len, !stream, hop, source };
    sipdiag_parse_message(text, len, &msg);
    sipdiag_context_response(ctx, &seen, &msg, code, &out);
    sipdiag_classify(code, "", &verdict);
    sipdiag_response_hint(&verdict, &msg, &out, hint);
    return out;
}

static sipdiag_response_context response(unsigned code, const char *text, sipdiag_hint *hint)
{
    return response_bytes(code, text, strlen(text), hint);
}

#define HDRS(method, cseq, branch) \
    "Via: SIP/2.0/UDP 10.0.0.1;branch=" branch "\r\nCall-ID: call-1\r\nCSeq: " cseq " " method "\r\n"

static void restart(void)
{
    sipdiag_context_free(ctx);
    ctx = sipdiag_context_new(1000);
    frame = 0;
    hop = 0;
    source = 0;
    stream = false;
}

static void register_challenges(void)
{
    sipdiag_hint hint;
    restart();
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "1", "b1") "\r\n");
    sipdiag_response_context c = response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "1", "b1")
        "WWW-Authenticate: Digest realm=\"pbx.example\", nonce=\"n1\", qop=\"auth\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_CHALLENGE && c.request_frame == 1, "first 401 is a challenge");
    CHECK(strstr(hint.text, "Digest challenge (normal) for realm \"pbx.example\" (MD5, qop=auth)")
          && strstr(hint.text, "next REGISTER should carry Authorization"), "hint: %s", hint.text);
    CHECK(hint.severity_set && hint.severity == SIPDIAG_SEVERITY_NOTE, "a challenge is a note");

    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "2", "b2")
            "Authorization: Digest username=\"alice\", realm=\"pbx.example\", nonce=\"n1\"\r\n\r\n");
    c = response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "2", "b2")
                 "WWW-Authenticate: Digest realm=\"pbx.example\", nonce=\"n2\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_REJECTED && c.auth_username && strcmp(c.auth_username, "alice") == 0,
          "401 to credentials for the same realm: rejected");
    CHECK(strstr(hint.text, "Digest credentials rejected") && strstr(hint.text, "\"alice\"")
          && strstr(hint.text, "frame 3"), "hint: %s", hint.text);
    CHECK(hint.severity == SIPDIAG_SEVERITY_WARN, "rejected credentials are a warning");

    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "3", "b3")
            "Authorization: Digest username=\"alice\", realm=\"pbx.example\"\r\n\r\n");
    c = response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "3", "b3")
                 "WWW-Authenticate: Digest realm=\"pbx.example\", stale=true\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_STALE && strstr(hint.text, "Nonce expired")
          && hint.severity == SIPDIAG_SEVERITY_NOTE, "stale: %s", hint.text);

    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "4", "b4")
            "Authorization: Digest username=\"alice\", realm=\"other\"\r\n\r\n");
    c = response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "4", "b4")
                 "WWW-Authenticate: Digest realm=\"pbx.example\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_CHALLENGE, "credentials for another realm: still a challenge");

    c = response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "9", "b9")
                 "WWW-Authenticate: Digest\r\n\r\n", &hint);
    CHECK(c.request_frame == 0 && strstr(hint.text, "No usable WWW-Authenticate"), "hint: %s", hint.text);
}

/* Rejected credentials that are a nonce problem, not a wrong password. */
static void nonce_problems(void)
{
    sipdiag_hint hint;
    sipdiag_response_context c;
    restart();
    /* Two challenges; the client answers the older one. */
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "1", "n1") "\r\n");
    response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "1", "n1")
             "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"old\"\r\n\r\n", &hint);
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "2", "n2") "\r\n");
    response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "2", "n2")
             "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"new\"\r\n\r\n", &hint);
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "3", "n3")
            "Authorization: Digest username=\"bob\", realm=\"pbx\", nonce=\"old\"\r\n\r\n");
    c = response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "3", "n3")
                 "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"newer\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_NONCE && c.nonce_challenge_frame == 2 && c.latest_challenge_frame == 4
          && c.nonce_age_ns == 3000000u, "older nonce: %d %u %u", (int)c.auth, c.nonce_challenge_frame,
          c.latest_challenge_frame);
    CHECK(strstr(hint.text, "Nonce problem, not the password: frame 5 answered the challenge of frame 2 (0.0 s before), not the newest one (frame 4)")
          && !strstr(hint.text, "password;") && hint.severity == SIPDIAG_SEVERITY_NOTE, "older nonce: %s", hint.text);

    /* The newest nonce, and the phrase says the nonce is the problem. */
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "4", "n4")
            "Authorization: Digest username=\"bob\", realm=\"pbx\", nonce=\"newer\"\r\n\r\n");
    c = response(401, "SIP/2.0 401 nonce has changed\r\n" HDRS("REGISTER", "4", "n4")
                 "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"newest\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_NONCE && c.nonce_in_phrase && c.nonce_challenge_frame == 6
          && strstr(hint.text, "the phrase \"nonce has changed\" blames the nonce of frame 6"), "phrase: %s", hint.text);

    /* The newest nonce, accepted: that user's password works from then on. */
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "5", "n5")
            "Authorization: Digest username=\"bob\", realm=\"pbx\", nonce=\"newest\"\r\n\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("REGISTER", "5", "n5") "\r\n", &hint);
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "6", "n6")
            "Authorization: Digest username=\"bob\", realm=\"pbx\", nonce=\"newest\"\r\n\r\n");
    c = response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "6", "n6")
                 "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"next\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_NONCE && c.accepted_frame == 10
          && strstr(hint.text, "user \"bob\" was accepted in frame 10"), "accepted before: %s", hint.text);

    /* Another user, the newest nonce, never accepted: the password. */
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "7", "n7")
            "Authorization: Digest username=\"carol\", realm=\"pbx\", nonce=\"next\"\r\n\r\n");
    c = response(401, "SIP/2.0 401 Unauthorized\r\n" HDRS("REGISTER", "7", "n7")
                 "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"last\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_REJECTED && strstr(hint.text, "check that user's password"), "carol: %s", hint.text);

    /* The same phrase, but the challenge says stale=false: the server refuses the credentials. */
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "4", "s4")
            "Authorization: Digest username=\"dave\", realm=\"pbx\", nonce=\"last\"\r\n\r\n");
    c = response(401, "SIP/2.0 401 nonce has changed\r\n" HDRS("REGISTER", "4", "s4")
                 "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"n5\", stale=false\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_REJECTED && c.nonce_in_phrase && hint.severity == SIPDIAG_SEVERITY_WARN
          && strstr(hint.text, "blames the nonce, but the challenge says stale=false")
          && strstr(hint.text, "\"dave\"'s password"), "stale=false outweighs the phrase: %s", hint.text);
}

#define CALL(method, cseq, branch, call_id) \
    "Via: SIP/2.0/UDP 10.0.0.1;branch=" branch "\r\nCall-ID: " call_id "\r\nCSeq: " cseq " " method "\r\n"

/* A user whose credentials were accepted in one Call-ID (a REGISTER) and
 * refused in another (the INVITE): not the password. */
static void accepted_elsewhere(void)
{
    sipdiag_hint hint;
    sipdiag_response_context c;
    restart();
    request("REGISTER sip:pbx SIP/2.0\r\n" CALL("REGISTER", "2", "a1", "reg-1")
            "Authorization: Digest username=\"bob\", realm=\"pbx\", nonce=\"r1\"\r\n\r\n");
    response(200, "SIP/2.0 200 OK\r\n" CALL("REGISTER", "2", "a1", "reg-1") "\r\n", &hint);
    request("INVITE sip:00972@pbx SIP/2.0\r\n" CALL("INVITE", "1", "a2", "call-2") "\r\n");
    response(407, "SIP/2.0 407 Proxy Authentication Required\r\n" CALL("INVITE", "1", "a2", "call-2")
             "Proxy-Authenticate: Digest realm=\"pbx\", nonce=\"i1\"\r\n\r\n", &hint);
    request("INVITE sip:00972@pbx SIP/2.0\r\n" CALL("INVITE", "2", "a3", "call-2")
            "Proxy-Authorization: Digest username=\"bob\", realm=\"pbx\", nonce=\"i1\"\r\n\r\n");
    c = response(403, "SIP/2.0 403 Wrong password or domain\r\n" CALL("INVITE", "2", "a3", "call-2") "\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_REJECTED && c.accepted_frame == 2 && c.nonce_challenge_frame == 4
          && c.nonce_age_ns == 1000000u, "403 to bob, accepted in frame 2: %d %u %u", (int)c.auth, c.accepted_frame,
          c.nonce_challenge_frame);
    CHECK(strcmp(hint.text, "Not the password: user \"bob\" was accepted in frame 2; this INVITE is refused for that "
                            "user (rights, destination, caller ID) or its nonce (frame 4, 0.0 s old) is no longer "
                            "valid") == 0 && hint.severity == SIPDIAG_SEVERITY_WARN
          && strstr(hint.label, "not the password"), "403 after the REGISTER's 200: %s", hint.text);

    /* Challenged again instead: the nonce, not the password. */
    request("INVITE sip:00972@pbx SIP/2.0\r\n" CALL("INVITE", "3", "a4", "call-2")
            "Proxy-Authorization: Digest username=\"bob\", realm=\"pbx\", nonce=\"i1\"\r\n\r\n");
    c = response(407, "SIP/2.0 407 Proxy Authentication Required\r\n" CALL("INVITE", "3", "a4", "call-2")
                 "Proxy-Authenticate: Digest realm=\"pbx\", nonce=\"i2\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_NONCE && c.accepted_frame == 2
          && strstr(hint.text, "Nonce problem, not the password: user \"bob\" was accepted in frame 2"),
          "407 to bob's credentials in another call: %s", hint.text);

    /* The same name in another realm, and a user never accepted: the password. */
    request("INVITE sip:00972@pbx SIP/2.0\r\n" CALL("INVITE", "1", "a5", "call-3")
            "Proxy-Authorization: Digest username=\"bob\", realm=\"other\", nonce=\"o1\"\r\n\r\n");
    c = response(403, "SIP/2.0 403 Forbidden\r\n" CALL("INVITE", "1", "a5", "call-3") "\r\n", &hint);
    CHECK(c.accepted_frame == 0 && strstr(hint.text, "check that user's password"), "bob in another realm: %s",
          hint.text);
    request("MESSAGE sip:00972@pbx SIP/2.0\r\n" CALL("MESSAGE", "1", "a6", "call-4")
            "Proxy-Authorization: Digest username=\"carol\", realm=\"pbx\", nonce=\"m1\"\r\n\r\n");
    c = response(403, "SIP/2.0 403 Forbidden\r\n" CALL("MESSAGE", "1", "a6", "call-4") "\r\n", &hint);
    CHECK(c.accepted_frame == 0 && strstr(hint.text, "check that user's password"), "carol: %s", hint.text);

    /* Accepted only after the request went out: no evidence yet. */
    request("SUBSCRIBE sip:bob@pbx SIP/2.0\r\n" CALL("SUBSCRIBE", "1", "a7", "call-5")
            "Authorization: Digest username=\"dave\", realm=\"pbx\", nonce=\"s1\"\r\n\r\n");
    request("REGISTER sip:pbx SIP/2.0\r\n" CALL("REGISTER", "1", "a8", "reg-6")
            "Authorization: Digest username=\"dave\", realm=\"pbx\", nonce=\"s2\"\r\n\r\n");
    response(200, "SIP/2.0 200 OK\r\n" CALL("REGISTER", "1", "a8", "reg-6") "\r\n", &hint);
    c = response(403, "SIP/2.0 403 Forbidden\r\n" CALL("SUBSCRIBE", "1", "a7", "call-5") "\r\n", &hint);
    CHECK(c.accepted_frame == 0 && strstr(hint.text, "check that user's password"), "accepted later: %s", hint.text);
    /* Then a later SUBSCRIBE of dave's is refused: his rights, the nonce unknown. */
    request("SUBSCRIBE sip:bob@pbx SIP/2.0\r\n" CALL("SUBSCRIBE", "2", "a9", "call-5")
            "Authorization: Digest username=\"dave\", realm=\"pbx\", nonce=\"s1\"\r\n\r\n");
    c = response(403, "SIP/2.0 403 Forbidden\r\n" CALL("SUBSCRIBE", "2", "a9", "call-5") "\r\n", &hint);
    CHECK(c.accepted_frame == frame - 3 && strstr(hint.text, "this SUBSCRIBE is refused for that user (its rights) or "
                                                              "its nonce is no longer valid"), "dave: %s", hint.text);
}

static void proxy_auth_and_403(void)
{
    sipdiag_hint hint;
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "i1") "\r\n");
    sipdiag_response_context c = response(407, "SIP/2.0 407 Proxy Authentication Required\r\n"
        HDRS("INVITE", "1", "i1") "Proxy-Authenticate: Digest realm=\"r\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_CHALLENGE && strstr(hint.text, "should carry Proxy-Authorization"),
          "407 challenge: %s", hint.text);
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "i2")
            "Proxy-Authorization: Digest username=\"carol\", realm=\"r\"\r\n\r\n");
    c = response(403, "SIP/2.0 403 Wrong password\r\n" HDRS("INVITE", "2", "i2") "\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_REJECTED && strstr(hint.text, "\"carol\""), "403 after credentials");
    c = response(403, "SIP/2.0 403 Forbidden\r\n" HDRS("INVITE", "5", "i5") "\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_NONE && hint.text[0] == '\0', "403 without credentials: policy");

    /* Credentials are read when a response needs them: ones that do not
     * parse count as none, and only the first 512 bytes are kept. */
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "6", "i6")
            "Proxy-Authorization: Digest username=\"nobody\"\r\n"
            "Authorization: Digest username=\"dave\", realm=\"r\"\r\n\r\n");
    c = response(403, "SIP/2.0 403 Forbidden\r\n" HDRS("INVITE", "6", "i6") "\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_REJECTED && c.auth_username && strcmp(c.auth_username, "dave") == 0,
          "403: Proxy-Authorization without a realm is skipped for Authorization");
    char padded[1400];
    snprintf(padded, sizeof padded, "INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "7", "i7")
             "Proxy-Authorization: Digest username=\"erin\", opaque=\"%0450d\", realm=\"r\"\r\n\r\n", 0);
    request(padded);
    c = response(407, "SIP/2.0 407 Proxy Authentication Required\r\n" HDRS("INVITE", "7", "i7")
                 "Proxy-Authenticate: Digest realm=\"r\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_REJECTED && c.auth_username && strcmp(c.auth_username, "erin") == 0,
          "a realm within 512 bytes is kept");
    snprintf(padded, sizeof padded, "INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "8", "i8")
             "Proxy-Authorization: Digest username=\"erin\", opaque=\"%0500d\", realm=\"r\"\r\n\r\n", 0);
    request(padded);
    c = response(407, "SIP/2.0 407 Proxy Authentication Required\r\n" HDRS("INVITE", "8", "i8")
                 "Proxy-Authenticate: Digest realm=\"r\"\r\n\r\n", &hint);
    CHECK(c.auth == SIPDIAG_AUTH_CHALLENGE && !c.auth_username, "a realm after 512 bytes is not kept");
}

static void cancel_timeout_retransmission(void)
{
    sipdiag_hint hint;
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "c1") "\r\n");
    request("CANCEL sip:bob@x SIP/2.0\r\n" HDRS("CANCEL", "1", "c1") "\r\n");
    sipdiag_response_context c = response(487, "SIP/2.0 487 Request Terminated\r\n" HDRS("INVITE", "1", "c1")
                                          "\r\n", &hint);
    CHECK(c.cancel_frame == 2 && strstr(hint.text, "CANCEL in frame 2") && hint.severity == SIPDIAG_SEVERITY_NOTE,
          "487 after CANCEL: %s", hint.text);
    c = response(487, "SIP/2.0 487 Request Terminated\r\n" HDRS("INVITE", "1", "c1") "\r\n", &hint);
    CHECK(c.original_frame == 3 && c.response_count == 2 && strstr(hint.text, "487 resent (seen 2 times, first in frame 3)")
          && strstr(hint.text, "its sender got no ACK") && hint.severity == SIPDIAG_SEVERITY_NOTE,
          "repeated 487 without an ACK: %s", hint.text);

    for (int i = 0; i < 3; i++)
        request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "t1") "\r\n");
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "2", "t1") "\r\n", &hint);
    CHECK(c.request_count == 3 && strstr(hint.text, "sent 3 times (frames 5 to 7) with no provisional answer")
          && strcmp(hint.label, "Request resent, no provisional answer, then a timeout") == 0, "408: %s", hint.text);

    /* A proxy: the caller's INVITE went out once, the next leg's three times. */
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "3", "caller") "\r\n");
    for (int i = 0; i < 3; i++)
        request("INVITE sip:bob@y SIP/2.0\r\n" HDRS("INVITE", "3", "proxy") "\r\n");
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "3", "caller") "\r\n", &hint);
    CHECK(c.request_count == 1 && c.other_leg_retransmissions == 2 && c.other_leg_first_frame == 11
          && c.other_leg_last_frame == 12, "other leg: %u %u %u", c.other_leg_retransmissions,
          c.other_leg_first_frame, c.other_leg_last_frame);
    CHECK(strstr(hint.text, "relayed and resent 2 times (frames 11 to 12) without an answer from the next hop")
          && strcmp(hint.label, "Relayed request never answered by the next hop") == 0, "408 via proxy: %s",
          hint.text);
}

/* What came back before a 408 says which element timed out, and why. */
static void timeouts(void)
{
    sipdiag_hint hint;
    sipdiag_response_context c;
    restart();
    /* A proxy answered 100, relayed the INVITE three times, then gave up. */
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "caller") "\r\n");
    response(100, "SIP/2.0 100 Trying\r\n" HDRS("INVITE", "1", "caller") "\r\n", &hint);
    for (int i = 0; i < 3; i++)
        request("INVITE sip:bob@y SIP/2.0\r\n" HDRS("INVITE", "1", "proxy") "\r\n");
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "1", "caller") "\r\n", &hint);
    CHECK(c.provisional_code == 100 && c.provisional_frame == 2, "provisional %u in %u", c.provisional_code,
          c.provisional_frame);
    CHECK(strstr(hint.text, "The hop that sent 100 in frame 2 is up") && strstr(hint.text, "resent 2 times, frames 4 to 5")
          && !strstr(hint.text, "down") && strcmp(hint.label, "Hop up (provisional sent); nothing beyond it answered in time") == 0,
          "408 after 100: %s", hint.text);

    /* 180, then a 100 retransmitted late: still ring-no-answer. */
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "r1") "\r\n");
    response(100, "SIP/2.0 100 Trying\r\n" HDRS("INVITE", "2", "r1") "\r\n", &hint);
    response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "2", "r1") "\r\n", &hint);
    response(100, "SIP/2.0 100 Trying\r\n" HDRS("INVITE", "2", "r1") "\r\n", &hint);
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "2", "r1") "\r\n", &hint);
    CHECK(c.provisional_code == 180 && strstr(hint.text, "Ring-no-answer: the callee was alerting (180 in frame 9)"), "408 after 180: %s",
          hint.text);
    c = response(504, "SIP/2.0 504 Server Time-out\r\n" HDRS("INVITE", "2", "r1") "\r\n", &hint);
    CHECK(!strstr(hint.text, "Ring-no-answer") && strstr(hint.text, "sent 180 in frame 9 is up"),
          "504 after 180 is no ring timer: %s", hint.text);

    /* The caller cancelled after 100; no 487 came, the proxy ended it with 408 (SER does). */
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "3", "k1") "\r\n");
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "3", "k1") "\r\n");
    response(100, "SIP/2.0 100 Trying\r\n" HDRS("INVITE", "3", "k1") "\r\n", &hint);
    for (int i = 0; i < 3; i++)
        request("CANCEL sip:bob@x SIP/2.0\r\n" HDRS("CANCEL", "3", "k1") "\r\n");
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "3", "k1") "\r\n", &hint);
    CHECK(c.cancel_frame == 16 && strstr(hint.text, "The hop that sent 100 in frame 15 got nothing from further on in time, and no 487 answered "
                            "the CANCEL in frame 16: check that its top Via is the INVITE's (RFC 3261 §9.1)"),
          "408 after CANCEL: %s", hint.text);
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("CANCEL", "3", "k1") "\r\n", &hint);
    CHECK(strstr(hint.text, "No 200 to this CANCEL (sent 3 times, frames 16 to 18): it matched no pending INVITE")
          && strstr(hint.text, "RFC 3261 §9.2, §16.10"), "408 to CANCEL: %s", hint.text);

    /* A 408 with nothing before it in the capture: no verdict beyond the table. */
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("OPTIONS", "4", "o1") "\r\n", &hint);
    CHECK(hint.text[0] == '\0', "bare 408: %s", hint.text);
}

static void dialogs(void)
{
    sipdiag_hint hint;
    restart();
    response(481, "SIP/2.0 481 Call/Transaction Does Not Exist\r\n" HDRS("BYE", "9", "d0") "\r\n", &hint);
    CHECK(strstr(hint.text, "never saw the call set up"), "unseen dialog: %s", hint.text);
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "d1") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "1", "d1") "\r\n", &hint);
    sipdiag_response_context c = response(481, "SIP/2.0 481 Call/Transaction Does Not Exist\r\n"
                                          HDRS("INFO", "2", "d2") "\r\n", &hint);
    CHECK(c.dialog == SIPDIAG_DIALOG_CONFIRMED && strstr(hint.text, "confirmed in frame 3"), "%s", hint.text);
    request("BYE sip:bob@x SIP/2.0\r\n" HDRS("BYE", "3", "d3") "\r\n");
    c = response(481, "SIP/2.0 481 Call/Transaction Does Not Exist\r\n" HDRS("BYE", "4", "d4") "\r\n", &hint);
    CHECK(c.dialog == SIPDIAG_DIALOG_ENDED && strstr(hint.text, "ended by the BYE in frame 5"), "%s", hint.text);
}

static void header_hints(void)
{
    sipdiag_hint hint;
    restart();
    request("REGISTER sip:pbx SIP/2.0\r\n" HDRS("REGISTER", "1", "h1") "Expires: 10\r\n\r\n");
    response(423, "SIP/2.0 423 Interval Too Brief\r\n" HDRS("REGISTER", "1", "h1") "Min-Expires: 60\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "at least 60 s (Min-Expires) and the request asked for 10 s"), "423: %s", hint.text);

    response(302, "SIP/2.0 302 Moved Temporarily\r\n" HDRS("INVITE", "2", "h2")
             "Contact: <sip:a@x>, <sip:b@y>, <sip:c@z>\r\nExpires: 600\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "Moved to sip:a@x, sip:b@y and 1 more for 600 s"), "302: %s", hint.text);

    response(503, "SIP/2.0 503 Service Unavailable\r\n" HDRS("INVITE", "3", "h3")
             "Retry-After: 120\r\nReason: Q.850;cause=34\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "Reason: Q.850 cause 34 (no circuit/channel available, maps to 503); retry after 120 s"),
          "503: %s", hint.text);

    response(488, "SIP/2.0 488 Not Acceptable Here\r\n" HDRS("INVITE", "4", "h4")
             "Warning: 304 h \"Media type not available\", 305 h \"x\"\r\n\r\n", &hint);
    CHECK(strcmp(hint.text, "Warning 304 (Media type not available) from h, and 1 more") == 0, "488: %s", hint.text);
    response(488, "SIP/2.0 488 Not Acceptable Here\r\n" HDRS("INVITE", "8", "h8")
             "Warning: 392 proxy \"Noisy feedback\"\r\n\r\n", &hint);
    CHECK(strcmp(hint.text, "Warning 392 (unregistered warn-code) from proxy: \"Noisy feedback\"") == 0,
          "unregistered warn-code: %s", hint.text);

    response(420, "SIP/2.0 420 Bad Extension\r\n" HDRS("INVITE", "5", "h5") "\r\n", &hint);
    CHECK(hint.text[0] == '\0', "420 without Unsupported: no half sentence (%s)", hint.text);

    response(486, "SIP/2.0 486 Busy Here\r\n" HDRS("INVITE", "6", "h6") "Retry-After: abc\r\n\r\n", &hint);
    CHECK(hint.text[0] == '\0', "malformed Retry-After says nothing here (%s)", hint.text);

    response(422, "SIP/2.0 422 Session Interval Too Small\r\n" HDRS("INVITE", "9", "h9") "Min-SE: 1800\r\n\r\n", &hint);
    CHECK(strcmp(hint.text, "Session interval too small: Min-SE is 1800 s; resend with Session-Expires >= 1800") == 0,
          "422: %s", hint.text);
    response(420, "SIP/2.0 420 Bad Extension\r\n" HDRS("INVITE", "10", "h10") "Unsupported: 100rel, timer\r\n\r\n",
             &hint);
    CHECK(strcmp(hint.text, "Unsupported option tags: 100rel, timer; resend without them in Require") == 0,
          "420: %s", hint.text);
    response(421, "SIP/2.0 421 Extension Required\r\n" HDRS("INVITE", "11", "h11") "Require: 100rel\r\n\r\n", &hint);
    CHECK(strcmp(hint.text, "The server requires option tags: 100rel; enable them on the client") == 0, "421: %s",
          hint.text);
    response(405, "SIP/2.0 405 Method Not Allowed\r\n" HDRS("MESSAGE", "12", "h12")
             "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n\r\n", &hint);
    CHECK(strcmp(hint.text, "MESSAGE is not allowed here; Allow lists INVITE, ACK, BYE and 2 more") == 0, "405: %s",
          hint.text);
    response(415, "SIP/2.0 415 Unsupported Media Type\r\n" HDRS("INVITE", "13", "h13")
             "Accept: application/sdp\r\n\r\n", &hint);
    CHECK(strcmp(hint.text, "The server accepts bodies of type application/sdp; send one of those") == 0, "415: %s",
          hint.text);
    response(494, "SIP/2.0 494 Security Agreement Required\r\n" HDRS("REGISTER", "14", "h14")
             "Security-Server: ipsec-3gpp;q=0.1;alg=hmac-sha-1-96\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "Security-Server offers ipsec-3gpp;q=0.1;alg=hmac-sha-1-96; set one up and resend "
                            "with Security-Verify"), "494: %s", hint.text);
    request("INVITE tel:+15551234 SIP/2.0\r\n" HDRS("INVITE", "15", "h15") "\r\n");
    response(416, "SIP/2.0 416 Unsupported URI Scheme\r\n" HDRS("INVITE", "15", "h15") "\r\n", &hint);
    CHECK(strcmp(hint.text, "The request used a \"tel:\" URI, which this server does not take; use sip: or sips:") == 0,
          "416: %s", hint.text);
    char big[1600] = "INVITE sip:b SIP/2.0\r\n" HDRS("INVITE", "16", "h16") "X-Pad: ";
    memset(big + strlen(big), 'x', 1400);
    strcat(big, "\r\n\r\n");
    request(big);
    response(513, "SIP/2.0 513 Message Too Large\r\n" HDRS("INVITE", "16", "h16") "\r\n", &hint);
    CHECK(strstr(hint.text, "bytes over UDP; above 1300 bytes RFC 3261 section 18.1.1 asks for TCP"), "513: %s",
          hint.text);

    char huge[2048] = "SIP/2.0 302 Moved\r\n" HDRS("INVITE", "7", "h7") "Contact: <sip:";
    memset(huge + strlen(huge), 'a', 1000);
    strcat(huge, "@x>\r\n\r\n");
    response(302, huge, &hint);
    CHECK(strlen(hint.text) <= SIPDIAG_HINT_MAX && strstr(hint.text, "..."), "long URI cut: %zu", strlen(hint.text));
}

static void request_hints(void)
{
    sipdiag_hint hint;
    sipdiag_message msg;
    parse("BYE sip:a SIP/2.0\r\nReason: Q.850;cause=16;text=\"Normal call clearing\"\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "BYE with Reason Q.850 cause 16 (normal call clearing)")
          && hint.severity == SIPDIAG_SEVERITY_CHAT, "normal BYE: %s", hint.text);
    parse("BYE sip:a SIP/2.0\r\nReason: Q.850;cause=abc\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "cause \"abc\" (not a number)")
          && hint.severity == SIPDIAG_SEVERITY_WARN, "malformed cause: %s", hint.text);
    parse("CANCEL sip:a SIP/2.0\r\nReason: SIP;cause=200;text=\"Call completed elsewhere\"\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "SIP cause 200 (OK)")
          && hint.severity == SIPDIAG_SEVERITY_CHAT, "CANCEL: %s", hint.text);
    parse("BYE sip:a SIP/2.0\r\nReason: SIP;text=\"User Hung Up\"\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint)
          && strstr(hint.text, "BYE with Reason SIP without a cause, text \"User Hung Up\": information only")
          && !strstr(hint.text, "real cause") && hint.severity == SIPDIAG_SEVERITY_CHAT,
          "Reason without a cause: %s", hint.text);
    /* RFC 3261 §18.1.1: the Via names the transport the request travels on. */
    parse("REGISTER sip:a SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5555;branch=z9hG4bK1\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_TCP, &hint)
          && strstr(hint.text, "Top Via says UDP, but this request travels over TCP: a client names in Via the "
                               "transport it sends on (RFC 3261 §18.1.1); a server may then send the responses over "
                               "UDP, as the Via says (§18.2.2)")
          && hint.severity == SIPDIAG_SEVERITY_WARN && hint.label, "Via UDP on TCP: %s", hint.text);
    CHECK(!sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UDP, &hint), "Via UDP on UDP");
    CHECK(!sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint), "carrier unknown");
    parse("BYE sip:a SIP/2.0\r\nVia: SIP/2.0/TCP h\r\nReason: Q.850;cause=16\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UDP, &hint) && strstr(hint.text, "BYE with Reason"),
          "the Reason comes first: %s", hint.text);
    parse("INVITE sip:a SIP/2.0\r\nReason: Q.850;cause=16\r\n\r\n", &msg);
    CHECK(!sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint), "only BYE and CANCEL");
    parse("BYE sip:a SIP/2.0\r\nReason: Q.850;cause=21;location=U\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "cause 21 (call rejected, maps to 403), location U (the user's own equipment)"),
          "RFC 8606 location: %s", hint.text);
    parse("BYE sip:a SIP/2.0\r\nReason: preemption;cause=1\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "preemption cause 1 (UA Preemption)"),
          "preemption: %s", hint.text);
}

/* {"alg":"ES256","ppt":"shaken","typ":"passport","x5u":"https://cert.example.org/passport.cer"} and
 * {"attest":"A","dest":{"tn":["12155550131"]},"iat":1443208345,"orig":{"tn":"12155550121"},"origid":...} */
#define PASSPORT                                                                                                    \
    "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0IiwieDV1IjoiaHR0cHM6Ly9jZXJ0LmV4YW1wbGUub3JnL3Bh" \
    "c3Nwb3J0LmNlciJ9.eyJhdHRlc3QiOiJBIiwiZGVzdCI6eyJ0biI6WyIxMjE1NTU1MDEzMSJdfSwiaWF0IjoxNDQzMjA4MzQ1LCJvcmln"   \
    "Ijp7InRuIjoiMTIxNTU1NTAxMjEifSwib3JpZ2lkIjoiMTIzZTQ1NjctZTg5Yi0xMmQzLWE0NTYtNDI2NjU1NDQwMDAwIn0.c2ln"

static void identity_hints(void)
{
    sipdiag_hint hint;
    sipdiag_message msg;
    parse("INVITE sip:b SIP/2.0\r\nFrom: <sip:+12155550121@a>\r\nTo: <tel:+1-215-555-0131>\r\n"
          "Date: Fri, 25 Sep 2015 19:12:30 GMT\r\nIdentity: " PASSPORT "\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 1443208345 + 5, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "INVITE Identity (attest A, signature not verified)")
          && strstr(hint.text, "agree") && hint.severity == SIPDIAG_SEVERITY_CHAT, "all checks pass: %s", hint.text);
    CHECK(sipdiag_request_hint(&msg, 1443208345 + 3600, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "iat 3600 s off the capture time")
          && hint.severity == SIPDIAG_SEVERITY_WARN, "an hour after signing: %s", hint.text);
    parse("INVITE sip:b SIP/2.0\r\nFrom: <sip:+12155550121@a>\r\nTo: <sip:+12155550131@b>\r\n"
          "Date: Fri, 25 Sep 2015 19:14:00 GMT\r\nIdentity: " PASSPORT "\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "iat 95 s off the Date header")
          && strstr(hint.text, "403 Stale Date"), "stale Date: %s", hint.text);
    parse("INVITE sip:b SIP/2.0\r\nFrom: <sip:+12155550999@a>\r\nTo: <sip:+12155550131@b>\r\n"
          "Identity: " PASSPORT "\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "orig.tn 12155550121 is not the From/P-Asserted-Identity number")
          && hint.severity == SIPDIAG_SEVERITY_WARN, "orig mismatch: %s", hint.text);
    parse("INVITE sip:b SIP/2.0\r\nIdentity: ..c2ln;info=<https://x>\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "compact form"), "compact: %s", hint.text);
    parse("INVITE sip:b SIP/2.0\r\nIdentity: garbage\r\n\r\n", &msg);
    CHECK(sipdiag_request_hint(&msg, 0, SIPDIAG_CARRIED_UNKNOWN, &hint) && strstr(hint.text, "does not parse")
          && hint.severity == SIPDIAG_SEVERITY_WARN, "garbage: %s", hint.text);
}

/* A STIR refusal names what the INVITE's own PASSporT shows. */
static void identity_in_responses(void)
{
    sipdiag_hint hint;
    request("INVITE sip:b SIP/2.0\r\n" HDRS("INVITE", "80", "id1") "From: <sip:+12155550999@a>\r\n"
            "To: <sip:+12155550131@b>\r\nIdentity: " PASSPORT "\r\n\r\n");
    sipdiag_response_context c = response(438, "SIP/2.0 438 Invalid Identity Header\r\n" HDRS("INVITE", "80", "id1")
                                                   "Reason: STIR;cause=438\r\n\r\n", &hint);
    CHECK(c.identity == SIPDIAG_IDENTITY_ORIG && strstr(hint.text, "PASSporT orig.tn is not its From/P-Asserted"),
          "438 names the orig.tn mismatch: %s", hint.text);
    request("INVITE sip:b SIP/2.0\r\n" HDRS("INVITE", "81", "id2") "From: <sip:+12155550999@a>\r\n"
            "To: <sip:+12155550131@b>\r\nIdentity: " PASSPORT "\r\n\r\n");
    response(403, "SIP/2.0 403 Forbidden\r\n" HDRS("INVITE", "81", "id2") "\r\n", &hint);
    CHECK(!strstr(hint.text, "PASSporT"), "a 403 is a STIR answer only when stale: %s", hint.text);
    request("INVITE sip:b SIP/2.0\r\n" HDRS("INVITE", "82", "id3") "From: <sip:+12155550121@a>\r\n"
            "To: <sip:+12155550131@b>\r\nDate: Fri, 25 Sep 2015 19:20:00 GMT\r\nIdentity: " PASSPORT "\r\n\r\n");
    response(403, "SIP/2.0 403 Stale Date\r\n" HDRS("INVITE", "82", "id3") "\r\n", &hint);
    CHECK(strstr(hint.text, "iat is 455 s off its Date header"), "403 Stale Date: %s", hint.text);
    request("INVITE sip:b SIP/2.0\r\n" HDRS("INVITE", "83", "id4") "\r\n");
    sipdiag_response_context none = response(438, "SIP/2.0 438 Invalid Identity Header\r\n" HDRS("INVITE", "83", "id4")
                                                      "\r\n", &hint);
    CHECK(none.identity == SIPDIAG_IDENTITY_ABSENT && !strstr(hint.text, "PASSporT"), "no Identity: %s", hint.text);
}

static void vendor_hints(void)
{
    sipdiag_hint hint;
    response(403, "SIP/2.0 403 Forbidden\r\n" HDRS("INVITE", "90", "v1")
                  "ms-diagnostics: 560403;reason=\"Rejected by SBC\";source=\"sbc.example.com\"\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "ms-diagnostics 560403 \"Rejected by SBC\" from sbc.example.com")
          && strstr(hint.text, "SBC having sent this 403, not Teams; check the SBC"), "Teams 560403: %s", hint.text);
    response(500, "SIP/2.0 500 Server Error\r\n" HDRS("INVITE", "91", "v2")
                  "X-Twilio-Error: 32011 Error communicating\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "X-Twilio-Error 32011: Error communicating (Twilio's code"), "Twilio: %s", hint.text);
    response(480, "SIP/2.0 480 Unavailable\r\n" HDRS("INVITE", "92", "v3")
                  "X-Asterisk-HangupCauseCode: 19\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "Asterisk hangup cause 19 ("), "Asterisk: %s", hint.text);
    response(503, "SIP/2.0 503 Unavailable\r\n" HDRS("INVITE", "93", "v4")
                  "Reason: STIR;cause=436\r\nX-Twilio-Error: 1 x\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "Reason: STIR cause 436 (Bad Identity Info)"), "STIR first: %s", hint.text);
}

/* Call-IDs are compared whole, byte for byte. */
static void call_id_identity(void)
{
    sipdiag_hint hint;
    char a[700], b[700];
    restart();
    char prefix[400];
    memset(prefix, 'p', sizeof prefix - 1);
    prefix[sizeof prefix - 1] = '\0';
    snprintf(a, sizeof a, "INVITE sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z1\r\nCall-ID: %sA\r\nCSeq: 1 INVITE\r\n\r\n",
             prefix);
    snprintf(b, sizeof b, "INVITE sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z1\r\nCall-ID: %sB\r\nCSeq: 1 INVITE\r\n\r\n",
             prefix);
    request(a);
    request(b);
    snprintf(b, sizeof b, "SIP/2.0 408 Request Timeout\r\nVia: SIP/2.0/UDP h;branch=z1\r\nCall-ID: %sB\r\n"
             "CSeq: 1 INVITE\r\n\r\n", prefix);
    sipdiag_response_context c = response(408, b, &hint);
    CHECK(c.request_frame == 2 && c.request_count == 1, "Call-IDs alike for 399 bytes are two calls: frame %u, %u sends",
          c.request_frame, c.request_count);

    /* Longer than what is kept inline, and than what is copied at all. */
    char long_a[3000], long_b[3000];
    char long_prefix[1500];
    memset(long_prefix, 'q', sizeof long_prefix - 1);
    long_prefix[sizeof long_prefix - 1] = '\0';
    snprintf(long_a, sizeof long_a, "INVITE sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z2\r\nCall-ID: %sA\r\n"
             "CSeq: 1 INVITE\r\n\r\n", long_prefix);
    snprintf(long_b, sizeof long_b, "SIP/2.0 408 Request Timeout\r\nVia: SIP/2.0/UDP h;branch=z2\r\nCall-ID: %sB\r\n"
             "CSeq: 1 INVITE\r\n\r\n", long_prefix);
    request(long_a);
    c = response(408, long_b, &hint);
    CHECK(c.request_frame == 0, "a 1.5 KB Call-ID differing in its last byte is another call");
    long_b[0] = '\0';
    snprintf(long_b, sizeof long_b, "SIP/2.0 408 Request Timeout\r\nVia: SIP/2.0/UDP h;branch=z2\r\nCall-ID: %sA\r\n"
             "CSeq: 1 INVITE\r\n\r\n", long_prefix);
    c = response(408, long_b, &hint);
    CHECK(c.request_frame == 4, "the same 1.5 KB Call-ID is the same call: %u", c.request_frame);

    /* A NUL inside a Call-ID (as a TCP stream can carry) neither ends nor hides it. */
    static const char nul_a[] = "INVITE sip:b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z3\r\nCall-ID: abc\0one\r\n"
                                "CSeq: 1 INVITE\r\n\r\n";
    static const char nul_b[] = "SIP/2.0 408 Request Timeout\r\nVia: SIP/2.0/TCP h;branch=z3\r\nCall-ID: abc\0two\r\n"
                                "CSeq: 1 INVITE\r\n\r\n";
    static const char nul_c[] = "SIP/2.0 408 Request Timeout\r\nVia: SIP/2.0/TCP h;branch=z3\r\nCall-ID: abc\0one\r\n"
                                "CSeq: 1 INVITE\r\n\r\n";
    request_bytes(nul_a, sizeof nul_a - 1);
    c = response_bytes(408, nul_b, sizeof nul_b - 1, &hint);
    CHECK(c.request_frame == 0, "Call-IDs that differ after a NUL are two calls");
    c = response_bytes(408, nul_c, sizeof nul_c - 1, &hint);
    CHECK(c.request_frame == 7, "the same Call-ID with a NUL in it is found: %u", c.request_frame);
}

#define TO(tag) "To: <sip:bob@x>;tag=" tag "\r\n"

/* A response repeats another only with the same code, To-tag, RSeq and hop. */
static void response_identity(void)
{
    sipdiag_hint hint;
    sipdiag_response_context c;
    char text[300];
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "f1") "\r\n");
    /* Twelve reliable provisionals, then each again: none is lost past the eighth. */
    for (int round = 0; round < 2; round++)
        for (int rseq = 1; rseq <= 12; rseq++) {
            snprintf(text, sizeof text, "SIP/2.0 183 Session Progress\r\n" HDRS("INVITE", "1", "f1") TO("t1")
                     "RSeq: %d\r\n\r\n", rseq);
            c = response(183, text, &hint);
            CHECK(round == 0 ? c.original_frame == 0 : c.original_frame == (uint32_t)(1 + rseq),
                  "183 RSeq %d, round %d: repeats frame %u", rseq, round, c.original_frame);
        }
    CHECK(c.response_count == 2 && strstr(hint.text, "Retransmission of the 183 response in frame 13"),
          "the twelfth 183 again: %s", hint.text);
    CHECK(c.provisional_code == 183 && c.provisional_frame == 2, "provisional tracking past eight responses");

    /* Forks: two To-tags are two responses; each may be resent. */
    c = response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "1", "f1") TO("fork-a") "\r\n", &hint);
    uint32_t fork_a = frame;
    CHECK(c.original_frame == 0, "180 of fork a is new");
    c = response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "1", "f1") TO("fork-b") "\r\n", &hint);
    CHECK(c.original_frame == 0 && !strstr(hint.text, "Retransmission"), "180 of fork b is no retransmission of a");
    c = response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "1", "f1") TO("fork-a") "\r\n", &hint);
    CHECK(c.original_frame == fork_a, "180 of fork a again repeats frame %u: %u", fork_a, c.original_frame);

    /* The same response on another hop is a copy there, not a resend. */
    hop = 2;
    c = response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "1", "f1") TO("fork-a") "\r\n", &hint);
    CHECK(c.original_frame == 0, "the 180 seen on another hop is new there");
    uint32_t on_hop_2 = frame;
    c = response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "1", "f1") TO("fork-a") "\r\n", &hint);
    CHECK(c.original_frame == on_hop_2, "and repeats itself on that hop: %u", c.original_frame);
    hop = 0;

    /* More than eight codes in one transaction: the ninth is still recognised. */
    request("OPTIONS sip:bob@x SIP/2.0\r\n" HDRS("OPTIONS", "2", "o1") "\r\n");
    for (unsigned code = 181; code <= 190; code++) {
        snprintf(text, sizeof text, "SIP/2.0 %u Progress\r\n" HDRS("OPTIONS", "2", "o1") "\r\n", code);
        response(code, text, &hint);
    }
    uint32_t first_190 = frame;
    c = response(190, "SIP/2.0 190 Progress\r\n" HDRS("OPTIONS", "2", "o1") "\r\n", &hint);
    CHECK(c.original_frame == first_190, "the tenth code of a transaction, resent: %u", c.original_frame);

    /* Over TCP a failure is sent once: seen again, it is no lost ACK. */
    stream = true;
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "3", "s1") "\r\n");
    response(486, "SIP/2.0 486 Busy Here\r\n" HDRS("INVITE", "3", "s1") TO("s") "\r\n", &hint);
    c = response(486, "SIP/2.0 486 Busy Here\r\n" HDRS("INVITE", "3", "s1") TO("s") "\r\n", &hint);
    CHECK(c.original_frame == frame - 1 && !c.response_over_udp
          && strstr(hint.text, "486 resent (seen 2 times, first in frame") && strstr(hint.text, "over a stream transport")
          && !strstr(hint.text, "no ACK") && hint.severity == SIPDIAG_SEVERITY_NOTE, "486 twice over TCP: %s", hint.text);
    stream = false;
}

/*
 * A capture taken at several points sees the same request (same branch) on
 * several hops: each hop counts its own sightings, and a response is paired
 * with the request on its own hop.
 */
static void request_hops(void)
{
    sipdiag_hint hint;
    sipdiag_response_context c;
    restart();
    hop = 1;
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "h1") "\r\n");
    hop = 2;
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "h1") "\r\n");
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "h1") "\r\n");
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "1", "h1") "\r\n", &hint);
    CHECK(c.request_frame == 2 && c.request_count == 2 && c.last_request_frame == 3 && c.first_request_frame == 1
          && c.request_time_ns == 2000000u && c.other_leg_retransmissions == 0,
          "on hop 2: frame %u, sent %u times, to frame %u, first anywhere %u, other legs %u", c.request_frame,
          c.request_count, c.last_request_frame, c.first_request_frame, c.other_leg_retransmissions);
    CHECK(strstr(hint.text, "The INVITE was sent 2 times (frames 2 to 3) with no provisional answer"),
          "408 on hop 2 counts that hop's sends: %s", hint.text);
    hop = 1;
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "1", "h1") "\r\n", &hint);
    CHECK(c.request_frame == 1 && c.request_count == 1 && c.last_request_frame == 1 && c.first_request_frame == 1,
          "on hop 1 the INVITE was sent once: frame %u, %u times", c.request_frame, c.request_count);
    CHECK(hint.text[0] == '\0', "no resend on hop 1: %s", hint.text);
    /* A response between addresses the request was never seen on: the first hop's. */
    hop = 3;
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "1", "h1") "\r\n", &hint);
    CHECK(c.request_frame == 1 && c.request_count == 1, "unknown hop: the first sighting's: %u", c.request_frame);

    /* Sent three times on hop 1 and copied once each on hop 2: three sends, no more. */
    hop = 1;
    request("OPTIONS sip:bob@x SIP/2.0\r\n" HDRS("OPTIONS", "2", "h2") "\r\n");
    hop = 2;
    request("OPTIONS sip:bob@x SIP/2.0\r\n" HDRS("OPTIONS", "2", "h2") "\r\n");
    for (int i = 0; i < 2; i++) {
        hop = 1;
        request("OPTIONS sip:bob@x SIP/2.0\r\n" HDRS("OPTIONS", "2", "h2") "\r\n");
        hop = 2;
        request("OPTIONS sip:bob@x SIP/2.0\r\n" HDRS("OPTIONS", "2", "h2") "\r\n");
    }
    hop = 1;
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("OPTIONS", "2", "h2") "\r\n", &hint);
    CHECK(c.request_frame == 7 && c.request_count == 3 && c.last_request_frame == 11 && c.other_leg_retransmissions == 0
          && strstr(hint.text, "sent 3 times (frames 7 to 11)"), "interleaved hops, hop 1: %u %u %u: %s",
          c.request_frame, c.request_count, c.last_request_frame, hint.text);
    hop = 2;
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("OPTIONS", "2", "h2") "\r\n", &hint);
    CHECK(c.request_frame == 8 && c.request_count == 3 && c.last_request_frame == 12
          && strstr(hint.text, "sent 3 times (frames 8 to 12)"), "interleaved hops, hop 2: %s", hint.text);

    /* A proxy's own leg (another branch) still counts as the relayed request. */
    hop = 1;
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "3", "caller") "\r\n");
    response(100, "SIP/2.0 100 Trying\r\n" HDRS("INVITE", "3", "caller") "\r\n", &hint);
    hop = 2;
    for (int i = 0; i < 3; i++)
        request("INVITE sip:bob@y SIP/2.0\r\n" HDRS("INVITE", "3", "proxy") "\r\n");
    hop = 1;
    c = response(408, "SIP/2.0 408 Request Timeout\r\n" HDRS("INVITE", "3", "caller") "\r\n", &hint);
    CHECK(c.request_count == 1 && c.other_leg_retransmissions == 2
          && strstr(hint.text, "the request it relayed went unanswered (resent 2 times"), "proxy leg: %s", hint.text);

    /* The BYE copied on the far hop: the 481 there is to that BYE, not after it. */
    hop = 1;
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "4", "i4") "\r\n");
    response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "4", "i4") "\r\n", &hint);
    request("BYE sip:bob@x SIP/2.0\r\n" HDRS("BYE", "5", "b5") "\r\n");
    hop = 2;
    request("BYE sip:bob@x SIP/2.0\r\n" HDRS("BYE", "5", "b5") "\r\n");
    c = response(481, "SIP/2.0 481 Call/Transaction Does Not Exist\r\n" HDRS("BYE", "5", "b5") "\r\n", &hint);
    CHECK(c.dialog == SIPDIAG_DIALOG_CONFIRMED && c.request_frame == frame - 1 && !strstr(hint.text, "already ended"),
          "481 to the BYE's copy: %s", hint.text);
    hop = 0;
}

/* A provisional after its transaction's final response, on the same hop: late or reordered. */
static void provisional_after_final(void)
{
    sipdiag_hint hint;
    sipdiag_response_context c;
    restart();
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "1", "p1") "\r\n");
    c = response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "1", "p1") TO("t") "\r\n", &hint);
    CHECK(c.final_frame == 0 && hint.text[0] == '\0', "180 before the final: nothing to say: %s", hint.text);
    response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "1", "p1") TO("t") "\r\n", &hint);
    c = response(100, "SIP/2.0 100 Trying\r\n" HDRS("INVITE", "1", "p1") "\r\n", &hint);
    CHECK(c.final_frame == 3 && c.final_code == 200
          && strcmp(hint.text, "Seen after this transaction's final response (200 in frame 3): sent late, or "
                               "reordered on the way or in the capture; it comes too late to matter to the request") == 0
          && strstr(hint.label, "after the final"), "100 after the 200: %s", hint.text);
    /* The same 180 resent after the 200: still a retransmission first. */
    c = response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "1", "p1") TO("t") "\r\n", &hint);
    CHECK(c.original_frame == 2 && strstr(hint.text, "Retransmission of the 180"), "resent 180: %s", hint.text);
    /* On another hop, the provisional may still be on its way: no verdict. */
    hop = 5;
    c = response(183, "SIP/2.0 183 Session Progress\r\n" HDRS("INVITE", "1", "p1") TO("t") "\r\n", &hint);
    CHECK(c.final_frame == 0 && !strstr(hint.text, "final response"), "183 on another hop: %s", hint.text);
    hop = 0;
    /* A 100 after a 180, before any final response. */
    request("INVITE sip:bob@x SIP/2.0\r\n" HDRS("INVITE", "2", "p2") "\r\n");
    response(180, "SIP/2.0 180 Ringing\r\n" HDRS("INVITE", "2", "p2") TO("u") "\r\n", &hint);
    c = response(100, "SIP/2.0 100 Trying\r\n" HDRS("INVITE", "2", "p2") "\r\n", &hint);
    CHECK(strcmp(hint.text, "100 after the 180 in frame 8: sent late, or reordered on the way or in the capture; "
                            "a 18x already said more") == 0, "100 after 180: %s", hint.text);
    c = response(183, "SIP/2.0 183 Session Progress\r\n" HDRS("INVITE", "2", "p2") TO("u") "\r\n", &hint);
    CHECK(hint.text[0] == '\0', "183 after 180: nothing odd: %s", hint.text);
    /* A final response resent is no provisional. */
    c = response(200, "SIP/2.0 200 OK\r\n" HDRS("INVITE", "1", "p1") TO("t") "\r\n", &hint);
    CHECK(c.final_frame == 0 && strstr(hint.text, "200 resent (seen 2 times, first in frame 3)"), "200 again: %s",
          hint.text);
}

/* 489: the request's event package against the response's Allow-Events. */
static void bad_event(void)
{
    sipdiag_hint hint;
    restart();
    request("SUBSCRIBE sip:bob@x SIP/2.0\r\n" HDRS("SUBSCRIBE", "1", "e1") "Event: presence;id=4\r\n\r\n");
    sipdiag_response_context c = response(489, "SIP/2.0 489 Bad Event\r\n" HDRS("SUBSCRIBE", "1", "e1")
                                          "Allow-Events: dialog, message-summary\r\nu: refer\r\n\r\n", &hint);
    CHECK(c.request_event && strcmp(c.request_event, "presence") == 0, "the Event package is kept");
    CHECK(strcmp(hint.text, "The SUBSCRIBE in frame 1 used event package \"presence\", not taken here; Allow-Events "
                            "lists dialog, message-summary, refer: use one of those (RFC 6665 §8.2.2)") == 0,
          "489: %s", hint.text);
    CHECK(strcmp(hint.label, "Event package not taken: use one that Allow-Events lists") == 0, "489 label");
    request("SUBSCRIBE sip:bob@x SIP/2.0\r\n" HDRS("SUBSCRIBE", "2", "e2") "o: message-summary\r\n\r\n");
    response(489, "SIP/2.0 489 Bad Event\r\n" HDRS("SUBSCRIBE", "2", "e2") "\r\n", &hint);
    CHECK(strstr(hint.text, "used event package \"message-summary\", not taken here; the response has no Allow-Events")
          && strstr(hint.label, "no Allow-Events"), "489 without Allow-Events: %s", hint.text);
    response(489, "SIP/2.0 489 Bad Event\r\n" HDRS("NOTIFY", "3", "e3") "Allow-Events: talk\r\n\r\n", &hint);
    CHECK(strcmp(hint.text, "The event package of the NOTIFY is not in the capture; Allow-Events lists talk: use one "
                            "of those (RFC 6665 §8.2.2)") == 0, "489, request not seen: %s", hint.text);
}

#define REG_HDRS(call_id, cseq, branch) \
    "Via: SIP/2.0/UDP 10.0.0.7;branch=" branch "\r\nCall-ID: " call_id "\r\nCSeq: " cseq "\r\n" \
    "To: <sip:carol@x>\r\n"

/* A 404 or 480 for a user the capture saw registered: here, elsewhere, or
 * since removed; SUBSCRIBE's Event named. */
static void registrations(void)
{
    sipdiag_hint hint;
    restart();
    source = 7; /* the phone */
    request("REGISTER sip:x SIP/2.0\r\n" REG_HDRS("r1", "1 REGISTER", "r1") "Expires: 3600\r\n\r\n");
    source = 1; /* the registrar */
    response(200, "SIP/2.0 200 OK\r\n" REG_HDRS("r1", "1 REGISTER", "r1") "Contact: <sip:carol@10.0.0.7>;expires=3600\r\n"
                  "\r\n", &hint);
    source = 9;
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("i1", "1 INVITE", "i1") "\r\n");
    source = 1;
    sipdiag_response_context c = response(404, "SIP/2.0 404 Not Found\r\n" REG_HDRS("i1", "1 INVITE", "i1")
                                          "Server: Asterisk PBX 18\r\n\r\n", &hint);
    CHECK(c.registered_frame == 2, "registered here in frame 2: %u", c.registered_frame);
    CHECK(strcmp(hint.text, "User \"carol\" registered here (2xx in frame 2), so the 404 is about routing: Asterisk "
                            "finds no extension for it in the caller's context (vendor behaviour)") == 0,
          "404, Asterisk: %s", hint.text);
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("i2", "1 INVITE", "i2") "\r\n");
    response(480, "SIP/2.0 480 Temporarily Unavailable\r\n" REG_HDRS("i2", "1 INVITE", "i2") "\r\n", &hint);
    CHECK(strstr(hint.text, "registered here (2xx in frame 2): it exists but did not take the request now (DND, no answer, or "
                            "an unreachable contact)"),
          "480 for a registered user: %s", hint.text);
    source = 7; /* the registered phone itself */
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("i6", "1 INVITE", "i6") "\r\n");
    c = response(480, "SIP/2.0 480 Temporarily Unavailable\r\n" REG_HDRS("i6", "1 INVITE", "i6") "\r\n", &hint);
    CHECK(c.registered_frame == 0 && !strstr(hint.text, "registered"),
          "the registered device answering for itself: no registration said: %s", hint.text);
    source = 1;
    source = 2; /* another server */
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("i3", "1 INVITE", "i3") "\r\n");
    response(404, "SIP/2.0 404 Not Found\r\n" REG_HDRS("i3", "1 INVITE", "i3") "\r\n", &hint);
    CHECK(c.registered_frame == 0 && hint.text[0] == '\0',
          "404 from another server: it speaks for no registration there: %s", hint.text);
    request("SUBSCRIBE sip:carol@x SIP/2.0\r\n" REG_HDRS("s1", "1 SUBSCRIBE", "s1") "Event: message-summary\r\n\r\n");
    response(480, "SIP/2.0 480 Temporarily Unavailable\r\n" REG_HDRS("s1", "1 SUBSCRIBE", "s1") "\r\n", &hint);
    CHECK(strcmp(hint.text, "Event message-summary (voicemail) for \"carol\": this server could not serve it now (no "
                            "notifier, or the user unavailable)") == 0, "480 to an MWI SUBSCRIBE: %s", hint.text);
    source = 1;
    request("SUBSCRIBE sip:carol@x SIP/2.0\r\n" REG_HDRS("s3", "1 SUBSCRIBE", "s3") "Event: message-summary\r\n\r\n");
    response(404, "SIP/2.0 404 Not found (no mailbox)\r\n" REG_HDRS("s3", "1 SUBSCRIBE", "s3") "\r\n", &hint);
    CHECK(strcmp(hint.text, "Event message-summary (voicemail) for \"carol\": no voicemail box for that user on this "
                            "server, as the phrase says; that user registered here (2xx in frame 2)") == 0,
          "a 404 whose phrase names the mailbox, from the registrar: %s", hint.text);
    request("SUBSCRIBE sip:carol@x SIP/2.0\r\n" REG_HDRS("s4", "1 SUBSCRIBE", "s4") "Event: message-summary\r\n\r\n");
    response(404, "SIP/2.0 404 Not Found\r\n" REG_HDRS("s4", "1 SUBSCRIBE", "s4") "\r\n", &hint);
    CHECK(strstr(hint.text, "no such resource here for that package (on a PBX: mailbox, extension or subscribe context)")
              && !strstr(hint.text, "no voicemail box"), "a bare 404 claims no mailbox: %s", hint.text);
    /* The same user name in another domain is another address-of-record. */
    request("INVITE sip:carol@y SIP/2.0\r\n" "Via: SIP/2.0/UDP 10.0.0.7;branch=d1\r\nCall-ID: d1\r\nCSeq: 1 INVITE\r\n"
            "To: <sip:carol@y>\r\n\r\n");
    c = response(404, "SIP/2.0 404 Not Found\r\nVia: SIP/2.0/UDP 10.0.0.7;branch=d1\r\nCall-ID: d1\r\n"
                      "CSeq: 1 INVITE\r\nTo: <sip:carol@y>\r\n\r\n", &hint);
    CHECK(c.registered_frame == 0, "carol@y is not carol@x");
    /* The same AoR dialled with a port. */
    request("INVITE sip:carol@x:5060 SIP/2.0\r\n" "Via: SIP/2.0/UDP 10.0.0.7;branch=d2\r\nCall-ID: d2\r\n"
            "CSeq: 1 INVITE\r\nTo: \"C\" <sip:carol@x:5060;user=phone>\r\n\r\n");
    c = response(404, "SIP/2.0 404 Not Found\r\nVia: SIP/2.0/UDP 10.0.0.7;branch=d2\r\nCall-ID: d2\r\n"
                      "CSeq: 1 INVITE\r\nTo: \"C\" <sip:carol@x:5060;user=phone>;tag=t\r\n\r\n", &hint);
    CHECK(c.registered_frame == 2, "carol@x:5060 is carol@x: %u", c.registered_frame);
    source = 2;
    request("SUBSCRIBE sip:carol@x SIP/2.0\r\n" REG_HDRS("s2", "1 SUBSCRIBE", "s2") "Event: presence\r\n\r\n");
    response(404, "SIP/2.0 404 Not Found\r\n" REG_HDRS("s2", "1 SUBSCRIBE", "s2") "\r\n", &hint);
    CHECK(strstr(hint.text, "Event presence for \"carol\": no such resource here for that package (on a PBX"),
          "404 to a presence SUBSCRIBE, not Asterisk: %s", hint.text);
    /* A REGISTER with Expires 0 whose 2xx lists no Contact removed the bindings. */
    source = 7;
    request("REGISTER sip:x SIP/2.0\r\n" REG_HDRS("r1", "2 REGISTER", "r2") "Expires: 0\r\n\r\n");
    source = 1;
    response(200, "SIP/2.0 200 OK\r\n" REG_HDRS("r1", "2 REGISTER", "r2") "\r\n", &hint);
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("i4", "1 INVITE", "i4") "\r\n");
    c = response(404, "SIP/2.0 404 Not Found\r\n" REG_HDRS("i4", "1 INVITE", "i4") "\r\n", &hint);
    CHECK(c.registered_frame == 0 && c.unregistered_at_registrar && !strstr(hint.text, "registered here")
              && strstr(hint.text, "This server accepted REGISTERs, but none of \"carol\" in this capture: a registrar "
                                   "may answer 404 for an unregistered user"),
          "after removal, no registration: %s", hint.text);
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("i9", "1 INVITE", "i9") "\r\n");
    c = response(480, "SIP/2.0 480 Temporarily Unavailable\r\n" REG_HDRS("i9", "1 INVITE", "i9") "\r\n", &hint);
    CHECK(c.unregistered_at_registrar && strstr(hint.text, "the user is likely offline or its registration expired"),
          "480 from the registrar, no registration: %s", hint.text);
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("i10", "1 INVITE", "i10") "\r\n");
    c = response(603, "SIP/2.0 603 Decline\r\n" REG_HDRS("i10", "1 INVITE", "i10") "\r\n", &hint);
    CHECK(c.unregistered_at_registrar && strstr(hint.text, "by a registrar with no registration of that user in this "
                                                           "capture: vendor behaviour"),
          "instant 603 from the registrar: %s", hint.text);
    source = 5; /* a server that accepted no REGISTER */
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("i11", "1 INVITE", "i11") "\r\n");
    c = response(480, "SIP/2.0 480 Temporarily Unavailable\r\n" REG_HDRS("i11", "1 INVITE", "i11") "\r\n", &hint);
    CHECK(!c.unregistered_at_registrar, "not a registrar: no claim");
    source = 1;
    /* Only 404 and 480 look it up; a 404 to REGISTER itself does not. */
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("i5", "1 INVITE", "i5") "\r\n");
    c = response(486, "SIP/2.0 486 Busy Here\r\n" REG_HDRS("i5", "1 INVITE", "i5") "\r\n", &hint);
    CHECK(c.registered_frame == 0, "486: no lookup");
}

/* Which hints say what a failure means (the call verdict uses them alone)
 * and which only add a fact to the code's remedy. */
/* The latest response from each sender: what an unanswered INVITE's
 * verdict asks of its receiver. */
static void last_response_from(void)
{
    sipdiag_hint hint;
    uint32_t at = 0;
    uint64_t when = 0;
    restart();
    CHECK(!sipdiag_context_last_response_from(ctx, 1, &at, &when), "nothing answered yet");
    source = 7;
    request("REGISTER sip:x SIP/2.0\r\n" HDRS("REGISTER", "1", "r1") "\r\n");
    CHECK(!sipdiag_context_last_response_from(ctx, 7, &at, &when), "a request is no answer");
    source = 1;
    response(200, "SIP/2.0 200 OK\r\n" HDRS("REGISTER", "1", "r1") "\r\n", &hint);
    response(200, "SIP/2.0 200 OK\r\n" HDRS("REGISTER", "1", "r1") "\r\n", &hint); /* resent: still an answer */
    source = 2;
    response(404, "SIP/2.0 404 Not Found\r\nVia: x\r\n\r\n", &hint); /* no CSeq: an answer all the same */
    CHECK(sipdiag_context_last_response_from(ctx, 1, &at, &when) && at == 3 && when == 3000000u, "frame %u", at);
    CHECK(sipdiag_context_last_response_from(ctx, 2, &at, &when) && at == 4, "frame %u", at);
    CHECK(!sipdiag_context_last_response_from(ctx, 7, &at, &when), "the phone answered nothing");
    CHECK(!sipdiag_context_last_response_from(ctx, 0, &at, &when), "an unknown sender is nobody");
}

static void hints_that_say_why(void)
{
    sipdiag_hint hint;
    restart();
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("w1", "1 INVITE", "w1") "\r\n");
    response(503, "SIP/2.0 503 Service Unavailable\r\n" REG_HDRS("w1", "1 INVITE", "w1") "Retry-After: 30\r\n\r\n",
             &hint);
    CHECK(strcmp(hint.text, "Retry after 30 s") == 0 && !hint.says_why, "Retry-After adds a fact: %s", hint.text);
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("w2", "1 INVITE", "w2") "\r\n");
    response(302, "SIP/2.0 302 Moved\r\n" REG_HDRS("w2", "1 INVITE", "w2") "Contact: <sip:c@y>\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "Moved to sip:c@y") && hint.says_why, "a redirect's Contact says why: %s", hint.text);
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("w3", "1 INVITE", "w3") "\r\n");
    response(403, "SIP/2.0 403 Forbidden\r\n" REG_HDRS("w3", "1 INVITE", "w3")
                  "ms-diagnostics: 560403;reason=\"Rejected by the SBC\";source=\"sbc\"\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "ms-diagnostics 560403") && hint.says_why, "ms-diagnostics says why: %s", hint.text);
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("w4", "1 INVITE", "w4") "\r\n");
    response(503, "SIP/2.0 503 Service Unavailable\r\n" REG_HDRS("w4", "1 INVITE", "w4")
                  "Reason: Q.850;cause=34\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "Reason: Q.850 cause 34") && !hint.says_why, "a Reason agreeing with the code adds a fact");

    /* A 603 within a second and before ringing: a rule or setting, not a person. */
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("w5", "1 INVITE", "w5") "\r\n");
    response(100, "SIP/2.0 100 Trying\r\n" REG_HDRS("w5", "1 INVITE", "w5") "\r\n", &hint);
    response(603, "SIP/2.0 603 Decline\r\n" REG_HDRS("w5", "1 INVITE", "w5") "\r\n", &hint);
    CHECK(strcmp(hint.text, "Sent 2 ms after the INVITE in frame 9, before any 18x: a rule refused, not a person (a "
                            "server sending 603 for an unregistered user, vendor behaviour; a block list; DND set to "
                            "reject)") == 0 && hint.says_why, "instant 603: %s", hint.text);
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("w6", "1 INVITE", "w6") "\r\n");
    response(180, "SIP/2.0 180 Ringing\r\n" REG_HDRS("w6", "1 INVITE", "w6") "\r\n", &hint);
    response(603, "SIP/2.0 603 Decline\r\n" REG_HDRS("w6", "1 INVITE", "w6") "\r\n", &hint);
    CHECK(!strstr(hint.text, "before any 18x"), "a 603 after 180 may be the user's: %s", hint.text);
    request("INVITE sip:carol@x SIP/2.0\r\n" REG_HDRS("w7", "1 INVITE", "w7") "\r\n");
    frame += 1000; /* 1 s later */
    response(603, "SIP/2.0 603 Decline\r\n" REG_HDRS("w7", "1 INVITE", "w7") "\r\n", &hint);
    CHECK(!strstr(hint.text, "before any 18x"), "a 603 after a second: %s", hint.text);
}

static const char *dialog_call_id = "sdp-1";

/* A message of the dialog dialog_call_id: start line, From/To tags, CSeq, and an SDP body (NULL: none). */
static const char *dialog_message(const char *start, const char *from_tag, const char *to_tag, const char *cseq,
                                  const char *branch, const char *sdp)
{
    static char text[2048];
    char to[64] = "";
    if (to_tag)
        snprintf(to, sizeof to, ";tag=%s", to_tag);
    snprintf(text, sizeof text,
             "%s\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=%s\r\nCall-ID: %s\r\nCSeq: %s\r\n"
             "From: <sip:a@x>;tag=%s\r\nTo: <sip:b@x>%s\r\n%sContent-Length: %zu\r\n\r\n%s",
             start, branch, dialog_call_id, cseq, from_tag, to, sdp ? "Content-Type: application/sdp\r\n" : "",
             sdp ? strlen(sdp) : 0, sdp ? sdp : "");
    return text;
}

#define AVP "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8 101\r\n" \
            "a=rtpmap:101 telephone-event/8000\r\n"
#define ANSWER "v=0\r\no=- 2 2 IN IP4 10.0.0.2\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\nm=audio 5000 RTP/AVP 8\r\n"
#define SAVP "v=0\r\no=- 1 2 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/SAVP 0 8\r\n" \
             "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n"

/* A failed INVITE's offer against the refusing side's SDP (issue 17). */
static void sdp_offer_answer(void)
{
    sipdiag_hint hint;
    sipdiag_response_context c;
    restart();
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "1 INVITE", "i1", AVP));
    c = response(200, dialog_message("SIP/2.0 200 OK", "a", "b", "1 INVITE", "i1", ANSWER), &hint);
    CHECK(!c.sdp_comparison, "an answered INVITE compares nothing");
    request(dialog_message("ACK sip:b@x SIP/2.0", "a", "b", "1 ACK", "k1", NULL));

    /* The caller's re-INVITE offers SRTP; the callee answered plain RTP before. */
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", "b", "2 INVITE", "i2", SAVP));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "2 INVITE", "i2", NULL), &hint);
    CHECK(c.sdp_comparison && c.sdp_mismatch == SIPDIAG_SDP_SRTP && c.sdp_offer_frame == 4 && c.sdp_other_frame == 2,
          "re-INVITE refused: %s", c.sdp_comparison ? c.sdp_comparison : "(none)");
    CHECK(strcmp(hint.text, "SDP offer in frame 4; audio: offer PCMU, PCMA over RTP/SAVP with SDES; the callee's "
                            "earlier answer in frame 2 kept the session on RTP/AVP: the switch to SRTP was refused") == 0,
          "hint: %s", hint.text);
    CHECK(hint.label && strcmp(hint.label, "SDP offer refused: SRTP against plain RTP") == 0, "label");
    /* The same 488 on the next hop (a proxy in the capture) says the same. */
    hop = 7;
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "2 INVITE", "i2", NULL), &hint);
    CHECK(c.sdp_mismatch == SIPDIAG_SDP_SRTP && c.sdp_offer_frame == 4, "second hop");
    hop = 0;
    /* A re-INVITE refused for glare says nothing of SDP. */
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", "b", "3 INVITE", "i3", SAVP));
    c = response(491, dialog_message("SIP/2.0 491 Request Pending", "a", "b", "3 INVITE", "i3", NULL), &hint);
    CHECK(!c.sdp_comparison, "491: not about the SDP");
    /* A re-INVITE without SDP (RFC 3261 §14.1: the offer goes in the 2xx) leaves the older offer out. */
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", "b", "4 INVITE", "i4", NULL));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "4 INVITE", "i4", NULL), &hint);
    CHECK(!c.sdp_comparison, "no offer in this INVITE: nothing compared");
    /* The callee's re-INVITE adds video; the caller, whose latest SDP is its accepted offer, refuses it with 500. */
    request(dialog_message("INVITE sip:a@x SIP/2.0", "b", "a", "100 INVITE", "j1",
                           ANSWER "m=video 5002 RTP/AVP 31\r\n"));
    c = response(500, dialog_message("SIP/2.0 500 Server Internal Error", "b", "a", "100 INVITE", "j1", NULL), &hint);
    CHECK(c.sdp_comparison && c.sdp_mismatch == SIPDIAG_SDP_MEDIA && c.sdp_other_frame == 1
          && strcmp(c.sdp_comparison, "video: the caller's earlier offer in frame 1 has no video stream") == 0,
          "re-INVITE from the callee: %s", c.sdp_comparison ? c.sdp_comparison : "(none)");
    /* A hold the callee does not take. */
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", "b", "5 INVITE", "i5", AVP "a=sendonly\r\n"));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "5 INVITE", "i5", NULL), &hint);
    CHECK(c.sdp_mismatch == SIPDIAG_SDP_HOLD && strstr(hint.text, "the offer holds audio (sendonly)")
          && strstr(hint.text, "codecs in common PCMA"), "hold: %s", hint.text);
    /* After the BYE, the dialog's SDP is gone. */
    request(dialog_message("BYE sip:b@x SIP/2.0", "a", "b", "6 BYE", "y1", NULL));
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", "b", "7 INVITE", "i7", SAVP));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "7 INVITE", "i7", NULL), &hint);
    CHECK(!c.sdp_comparison || c.sdp_other_frame == 0, "nothing kept past the BYE");

    /* The callee answered in a reliable 183 and its 200 has no SDP (RFC 3262): the 183's SDP is its latest. */
    restart();
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "1 INVITE", "e1", AVP));
    response(183, dialog_message("SIP/2.0 183 Session Progress\r\nRSeq: 1\r\nRequire: 100rel", "a", "b", "1 INVITE",
                                 "e1", ANSWER), &hint);
    response(200, dialog_message("SIP/2.0 200 OK", "a", "b", "1 INVITE", "e1", NULL), &hint);
    request(dialog_message("ACK sip:b@x SIP/2.0", "a", "b", "1 ACK", "k1", NULL));
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", "b", "2 INVITE", "e2", SAVP));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "2 INVITE", "e2", NULL), &hint);
    CHECK(c.sdp_mismatch == SIPDIAG_SDP_SRTP && c.sdp_other_frame == 2 && c.sdp_comparison
          && strstr(c.sdp_comparison, "the callee's earlier answer in frame 2 kept the session on RTP/AVP"),
          "answer in a 183: %s", c.sdp_comparison ? c.sdp_comparison : "(none)");

    /* An unreliable 183's SDP is only a preview of the 2xx's answer (RFC 3261 §13.3.1): not kept. */
    restart();
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "1 INVITE", "e1", AVP));
    response(183, dialog_message("SIP/2.0 183 Session Progress", "a", "b", "1 INVITE", "e1", ANSWER), &hint);
    response(200, dialog_message("SIP/2.0 200 OK", "a", "b", "1 INVITE", "e1", NULL), &hint);
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", "b", "2 INVITE", "e2", SAVP));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "2 INVITE", "e2", NULL), &hint);
    CHECK(c.sdp_other_frame == 0, "an unreliable 183 is no answer kept: %u", c.sdp_other_frame);

    /* A late offer (RFC 3261 §13.2.1): the INVITE has no SDP, the 200 offers, the ACK answers. */
    restart();
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "1 INVITE", "l1", NULL));
    response(200, dialog_message("SIP/2.0 200 OK", "a", "b", "1 INVITE", "l1", ANSWER), &hint);
    request(dialog_message("ACK sip:b@x SIP/2.0", "a", "b", "1 ACK", "k1", AVP));
    /* The caller's re-INVITE offers SRTP: the callee's latest SDP is its offer in the 200. */
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", "b", "2 INVITE", "l2", SAVP));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "2 INVITE", "l2", NULL), &hint);
    CHECK(c.sdp_mismatch == SIPDIAG_SDP_SRTP && c.sdp_other_frame == 2 && c.sdp_comparison
          && strstr(c.sdp_comparison, "the callee's earlier offer in frame 2"),
          "late offer, the callee's side: %s", c.sdp_comparison ? c.sdp_comparison : "(none)");
    /* The callee's re-INVITE adds video: the caller's latest SDP is its answer in the ACK. */
    request(dialog_message("INVITE sip:a@x SIP/2.0", "b", "a", "100 INVITE", "m1", ANSWER "m=video 5002 RTP/AVP 31\r\n"));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "b", "a", "100 INVITE", "m1", NULL), &hint);
    CHECK(c.sdp_mismatch == SIPDIAG_SDP_MEDIA && c.sdp_other_frame == 3 && c.sdp_comparison
          && strcmp(c.sdp_comparison, "video: the caller's earlier answer in frame 3 has no video stream") == 0,
          "late offer, the ACK's answer: %s", c.sdp_comparison ? c.sdp_comparison : "(none)");

    /* UPDATE offers (RFC 3311): answered, its answer is the side's latest; refused, it is compared. */
    restart();
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "1 INVITE", "u1", AVP));
    response(200, dialog_message("SIP/2.0 200 OK", "a", "b", "1 INVITE", "u1", ANSWER), &hint);
    request(dialog_message("ACK sip:b@x SIP/2.0", "a", "b", "1 ACK", "k1", NULL));
    request(dialog_message("UPDATE sip:b@x SIP/2.0", "a", "b", "2 UPDATE", "u2", AVP));
    response(200, dialog_message("SIP/2.0 200 OK", "a", "b", "2 UPDATE", "u2",
                                 "v=0\r\nc=IN IP4 10.0.0.2\r\nm=audio 5000 RTP/AVP 0\r\n"), &hint);
    request(dialog_message("UPDATE sip:b@x SIP/2.0", "a", "b", "3 UPDATE", "u3", SAVP));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "3 UPDATE", "u3", NULL), &hint);
    CHECK(c.sdp_mismatch == SIPDIAG_SDP_SRTP && c.sdp_offer_frame == 6 && c.sdp_other_frame == 5 && c.sdp_comparison
          && strstr(c.sdp_comparison, "the callee's earlier answer in frame 5 kept the session on RTP/AVP"),
          "UPDATE refused: %s", c.sdp_comparison ? c.sdp_comparison : "(none)");
    request(dialog_message("UPDATE sip:b@x SIP/2.0", "a", "b", "4 UPDATE", "u4", NULL));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "4 UPDATE", "u4", NULL), &hint);
    CHECK(!c.sdp_comparison, "an UPDATE without SDP offers nothing");

    /* An initial INVITE refused with the callee's SDP in the 488. */
    restart();
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "1 INVITE", "i1",
                           "v=0\r\nm=audio 4000 RTP/AVP 18\r\n"));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "1 INVITE", "i1", ANSWER), &hint);
    CHECK(c.sdp_mismatch == SIPDIAG_SDP_CODEC && c.sdp_other_frame == 0
          && strcmp(c.sdp_comparison, "audio: offer G729; the callee's SDP in this response PCMA: no codec in common")
                 == 0, "488 with SDP: %s", c.sdp_comparison);
    CHECK(hint.label && strstr(hint.label, "no codec in common"), "codec label");
    /* 415 keeps its Accept hint; the comparison is still recorded. */
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "2 INVITE", "i2", "v=0\r\nm=audio 4000 RTP/AVP 18\r\n"));
    c = response(415, dialog_message("SIP/2.0 415 Unsupported Media Type\r\nAccept: application/sdp", "a", "b",
                                     "2 INVITE", "i2", ANSWER), &hint);
    CHECK(c.sdp_comparison && strstr(hint.text, "accepts bodies of type application/sdp"), "415: %s", hint.text);
    /* A 486 to an initial INVITE is not about the SDP. */
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "3 INVITE", "i3", SAVP));
    c = response(486, dialog_message("SIP/2.0 486 Busy Here", "a", "b", "3 INVITE", "i3", NULL), &hint);
    CHECK(!c.sdp_comparison, "486: not about the SDP");
    /* A hostile SDP in the offer: no comparison, no crash. */
    request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "4 INVITE", "i4", "v=0\r\nm=audio 99999 RTP/AVP 0\r\n"));
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "4 INVITE", "i4", NULL), &hint);
    CHECK(!c.sdp_comparison, "an offer whose port does not parse is no offer");

    /* Past 4 MiB of offers waiting for their answers, offers are summarised at once: still compared. */
    sipdiag_context_free(ctx);
    ctx = sipdiag_context_new(20000);
    char call_id[32];
    char offer[600];
    snprintf(offer, sizeof offer, "%s%500s\r\n", "v=0\r\nm=audio 4000 RTP/AVP 18\r\na=x:", "padding");
    for (int i = 0; i < 9000; i++) {
        snprintf(call_id, sizeof call_id, "pending-%d", i);
        dialog_call_id = call_id;
        request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "1 INVITE", "p1", offer));
    }
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "1 INVITE", "p1", ANSWER), &hint);
    CHECK(c.sdp_mismatch == SIPDIAG_SDP_CODEC && c.sdp_comparison && strstr(c.sdp_comparison, "offer G729"),
          "an offer summarised when it came: %s", c.sdp_comparison ? c.sdp_comparison : "(none)");
    dialog_call_id = "pending-0";
    c = response(488, dialog_message("SIP/2.0 488 Not Acceptable Here", "a", "b", "1 INVITE", "p1", ANSWER), &hint);
    CHECK(c.sdp_mismatch == SIPDIAG_SDP_CODEC && c.sdp_comparison, "an offer kept as sent: %s",
          c.sdp_comparison ? c.sdp_comparison : "(none)");
    dialog_call_id = "sdp-1";
    sipdiag_context_free(ctx);
    ctx = sipdiag_context_new(1000);
}

/* 608 with the rejecter's jCard (RFC 8688). */
static void rejected_608(void)
{
    sipdiag_hint hint;
    restart();
    request("INVITE sip:b SIP/2.0\r\n" HDRS("INVITE", "1", "r1") "\r\n");
    response(608, "SIP/2.0 608 Rejected\r\n" HDRS("INVITE", "1", "r1")
             "Call-Info: <data:,[\"vcard\",[[\"fn\",{},\"text\",\"Robocall Adjudication\"],"
             "[\"tel\",{},\"uri\",\"tel:+1-555-555-0199\"]]]>;purpose=jwscard\r\n\r\n", &hint);
    CHECK(strcmp(hint.text, "Rejected by Robocall Adjudication; to dispute: tel:+1-555-555-0199 (jCard in Call-Info, "
                            "RFC 8688; its signature is not checked here)") == 0, "608 jCard: %s", hint.text);
    request("INVITE sip:b SIP/2.0\r\n" HDRS("INVITE", "2", "r2") "\r\n");
    response(608, "SIP/2.0 608 Rejected\r\n" HDRS("INVITE", "2", "r2")
             "Call-Info: <https://block.example.net/complaint-jws>;purpose=jwscard\r\n\r\n", &hint);
    CHECK(strstr(hint.text, "is fetched from https://block.example.net/complaint-jws"), "608 https: %s", hint.text);
    request("INVITE sip:b SIP/2.0\r\n" HDRS("INVITE", "3", "r3") "\r\n");
    response(608, "SIP/2.0 608 Rejected\r\n" HDRS("INVITE", "3", "r3") "\r\n", &hint);
    CHECK(!strstr(hint.text, "RFC 8688"), "608 without Call-Info: %s", hint.text);
}

static void bounded(void)
{
    char text[256];
    sipdiag_context_free(ctx);
    ctx = sipdiag_context_new(10);
    for (int i = 0; i < 100; i++) {
        snprintf(text, sizeof text, "INVITE sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=x%d\r\n"
                 "Call-ID: c%d\r\nCSeq: 1 INVITE\r\n\r\n", i, i);
        request(text);
    }
    CHECK(sipdiag_context_size(ctx) <= 40, "kept %u entries for a bound of 10", sipdiag_context_size(ctx));
    /* Dialogs with SDP age out the same way, their summaries freed with them
     * (a leak shows in the SIPDIAG_SANITIZE build). */
    for (int i = 0; i < 100; i++) {
        snprintf(text, sizeof text, "sdp-call-%d", i);
        dialog_call_id = text;
        request(dialog_message("INVITE sip:b@x SIP/2.0", "a", NULL, "1 INVITE", "zz", AVP));
        sipdiag_hint hint;
        response(200, dialog_message("SIP/2.0 200 OK", "a", "b", "1 INVITE", "zz", ANSWER), &hint);
    }
    dialog_call_id = "sdp-1";
    CHECK(sipdiag_context_size(ctx) <= 80, "kept %u entries with SDP for a bound of 10 (4 tables, 2 generations)", sipdiag_context_size(ctx));
    /* Accepted users, each in a Call-ID of its own: two generations of ten at most. */
    sipdiag_context_free(ctx);
    ctx = sipdiag_context_new(10);
    for (int i = 0; i < 100; i++) {
        snprintf(text, sizeof text, "REGISTER sip:b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=r%d\r\nCall-ID: r%d\r\n"
                 "CSeq: 1 REGISTER\r\nAuthorization: Digest username=\"u%d\", realm=\"b\"\r\n\r\n", i, i, i);
        request(text);
        snprintf(text, sizeof text, "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=r%d\r\nCall-ID: r%d\r\n"
                 "CSeq: 1 REGISTER\r\n\r\n", i, i);
        sipdiag_hint hint;
        response(200, text, &hint);
    }
    CHECK(sipdiag_context_size(ctx) <= 60, "kept %u entries (transactions, responses, users) for a bound of 10",
          sipdiag_context_size(ctx));
}

int main(void)
{
    register_challenges();
    proxy_auth_and_403();
    timeouts();
    nonce_problems();
    accepted_elsewhere();
    cancel_timeout_retransmission();
    dialogs();
    header_hints();
    request_hints();
    call_id_identity();
    response_identity();
    request_hops();
    provisional_after_final();
    bad_event();
    registrations();
    last_response_from();
    hints_that_say_why();
    identity_hints();
    identity_in_responses();
    vendor_hints();
    sdp_offer_answer();
    rejected_608();
    bounded();
    sipdiag_context_free(ctx);
    return check_report("test_context");
}
