/* test_calls: per-call records, every outcome, the CANCEL/200 race, the bound. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sipdiag_calls.h"
#include "sipdiag_icmp.h"
#include "sipdiag_pings.h"

static sipdiag_calls *calls;
static uint32_t frame;
static sipdiag_call_state last; /* the call after the latest message that changed it */
static char verdict[512];

#define CALLER "10.0.0.1:5060"
#define CALLEE "10.0.0.5:5060"

/* Where the next message goes; NULL: to the other of CALLER and CALLEE. */
static const char *next_destination;

/* The hint the next response is given (sipdiag_call_message.why_of); NULL: none. */
static const char *next_why;
/* The next message's receiver last answered in this frame, at this time (0: never). */
static uint32_t next_answered_frame;
static uint64_t next_answered_ns;
static bool next_large; /* the next request goes over UDP, larger than 1300 bytes */
static unsigned whys_asked;

static bool next_decisive = true; /* the next hint says what the failure means */

static const char *why_of(void *ctx, bool *decisive)
{
    whys_asked++;
    *decisive = next_decisive;
    return (const char *)ctx;
}

/* Feeds one message, sent at frame * 100 ms; true when it changed a call. */
static bool feed(const char *source, unsigned code, sipdiag_auth_outcome auth, const char *text)
{
    const char *destination = next_destination ? next_destination : strcmp(source, CALLER) == 0 ? CALLEE : CALLER;
    next_destination = NULL;
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    frame++;
    sipdiag_call_sighting seen = { frame, (uint64_t)frame * 100000000u, source, NULL, NULL, 0,
                                   sipdiag_calls_text_key(destination), next_answered_frame, next_answered_ns,
                                   next_large };
    next_large = false;
    next_answered_frame = 0;
    next_answered_ns = 0;
    sipdiag_call_message m = { &msg, code, auth, next_why ? why_of : NULL, (void *)next_why, false, 0 };
    next_why = NULL;
    if (!sipdiag_calls_wants(&msg))
        return false;
    sipdiag_call_state s;
    if (!sipdiag_calls_observe(calls, &seen, &m, &s))
        return false;
    last = s;
    sipdiag_call_verdict(&last, verdict, sizeof verdict);
    return true;
}

#define FROM_CALLER "From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
#define TO_CALLEE "To: <sip:bob@example.com>\r\n"
#define TO_TAGGED "To: <sip:bob@example.com>;tag=b1\r\n"
#define FROM_CALLEE "From: <sip:bob@example.com>;tag=b1\r\n"
#define TO_CALLER "To: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
#define IDS(cseq, method) "Call-ID: c1@host\r\nCSeq: " cseq " " method "\r\n"

static bool invite(const char *cseq, const char *extra)
{
    char text[1024];
    snprintf(text, sizeof text, "INVITE sip:bob@example.com SIP/2.0\r\n" FROM_CALLER TO_CALLEE IDS("%s", "INVITE")
             "%s\r\n", cseq, extra);
    return feed(CALLER, 0, SIPDIAG_AUTH_NONE, text);
}

static bool invite_response(unsigned code, const char *cseq, const char *extra, sipdiag_auth_outcome auth)
{
    char text[1024];
    snprintf(text, sizeof text, "SIP/2.0 %u Whatever\r\n" FROM_CALLER "%s" IDS("%s", "INVITE") "%s\r\n", code,
             code > 100 ? TO_TAGGED : TO_CALLEE, cseq, extra);
    return feed(CALLEE, code, auth, text);
}

static bool ack(const char *cseq)
{
    char text[512];
    snprintf(text, sizeof text, "ACK sip:bob@10.0.0.5 SIP/2.0\r\n" FROM_CALLER TO_TAGGED IDS("%s", "ACK") "\r\n", cseq);
    return feed(CALLER, 0, SIPDIAG_AUTH_NONE, text);
}

static bool bye(bool by_caller, const char *extra)
{
    char text[512];
    if (by_caller)
        snprintf(text, sizeof text, "BYE sip:bob@10.0.0.5 SIP/2.0\r\n" FROM_CALLER TO_TAGGED IDS("2", "BYE") "%s\r\n",
                 extra);
    else
        snprintf(text, sizeof text, "BYE sip:alice@10.0.0.1 SIP/2.0\r\n" FROM_CALLEE TO_CALLER IDS("1", "BYE") "%s\r\n",
                 extra);
    return feed(by_caller ? CALLER : CALLEE, 0, SIPDIAG_AUTH_NONE, text);
}

static bool bye_response(unsigned code, bool by_caller)
{
    char text[512];
    snprintf(text, sizeof text, "SIP/2.0 %u OK\r\n%s%s" IDS("%s", "BYE") "\r\n", code,
             by_caller ? FROM_CALLER : FROM_CALLEE, by_caller ? TO_TAGGED : TO_CALLER, by_caller ? "2" : "1");
    return feed(by_caller ? CALLEE : CALLER, code, SIPDIAG_AUTH_NONE, text);
}

static bool cancel(const char *cseq)
{
    char text[512];
    snprintf(text, sizeof text, "CANCEL sip:bob@example.com SIP/2.0\r\n" FROM_CALLER TO_CALLEE IDS("%s", "CANCEL")
             "\r\n", cseq);
    return feed(CALLER, 0, SIPDIAG_AUTH_NONE, text);
}

static void restart(void)
{
    sipdiag_calls_free(calls);
    calls = sipdiag_calls_new(1000);
    frame = 0;
    memset(&last, 0, sizeof last);
    verdict[0] = '\0';
}

#define OUTCOME(want) \
    CHECK(last.outcome == (want), "outcome %s, want %s; verdict: %s", sipdiag_call_outcome_name(last.outcome), \
          sipdiag_call_outcome_name(want), verdict)

static void completed(void)
{
    restart();
    CHECK(invite("1", ""), "the INVITE starts a call");
    CHECK(last.new_call && last.serial == 1 && !last.settles && last.start_frame == 1, "new call, not settled");
    OUTCOME(SIPDIAG_CALL_UNANSWERED);
    CHECK(strcmp(last.from_user, "alice") == 0 && strcmp(last.to_user, "bob") == 0, "users %s %s", last.from_user,
          last.to_user);
    CHECK(invite_response(100, "1", "", SIPDIAG_AUTH_NONE), "100 changes unanswered to timeout");
    OUTCOME(SIPDIAG_CALL_TIMEOUT);
    CHECK(invite_response(180, "1", "", SIPDIAG_AUTH_NONE), "180 gives the PDD");
    CHECK(last.has_pdd && last.pdd_ns == 200000000u, "pdd %llu", (unsigned long long)last.pdd_ns);
    CHECK(!invite_response(180, "1", "", SIPDIAG_AUTH_NONE), "a repeated 180 changes nothing");
    CHECK(invite_response(200, "1", "User-Agent: PhoneX 1.0\r\n", SIPDIAG_AUTH_NONE), "the 200 settles");
    OUTCOME(SIPDIAG_CALL_ANSWERED);
    CHECK(last.settles && last.has_setup && last.setup_ns == 400000000u, "setup %llu",
          (unsigned long long)last.setup_ns);
    CHECK(strcmp(last.responder, CALLEE) == 0 && strcmp(last.agent, "User-Agent: PhoneX 1.0") == 0, "responder %s %s",
          last.responder, last.agent);
    CHECK(strstr(verdict, "Answered with 200 by 10.0.0.5:5060 (User-Agent: PhoneX 1.0) after 0.400 s"), "%s", verdict);
    CHECK(!ack("1"), "an ACK to a single 2xx changes nothing");
    CHECK(bye(true, ""), "the BYE settles");
    OUTCOME(SIPDIAG_CALL_COMPLETED);
    CHECK(last.settles && last.ended_by == SIPDIAG_ENDED_CALLER && last.has_duration
          && last.duration_ns == 200000000u, "caller, 0.2 s");
    CHECK(strstr(verdict, "the caller ended it with BYE after 0.200 s"), "%s", verdict);
    CHECK(bye_response(200, true), "the BYE's response settles too");
    CHECK(last.settles && last.bye_code == 200, "bye code");
    OUTCOME(SIPDIAG_CALL_COMPLETED);
    CHECK(!invite("1", ""), "a late retransmission of the answered INVITE");
}

static void ended_by_callee_and_reasons(void)
{
    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    ack("1");
    bye(false, "Reason: Q.850;cause=16;text=\"Normal call clearing\"\r\n");
    OUTCOME(SIPDIAG_CALL_COMPLETED);
    CHECK(last.ended_by == SIPDIAG_ENDED_CALLEE, "callee by its From tag");
    CHECK(strstr(last.reason, "cause=16") && strstr(verdict, "after 0.200 s (Reason: Q.850;cause=16;"), "%s", verdict);

    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    ack("1");
    bye(false, "Reason: Q.850;cause=41;text=\"Temporary failure\"\r\n");
    OUTCOME(SIPDIAG_CALL_DROPPED);
    CHECK(last.drop == SIPDIAG_DROP_REASON && strstr(verdict, "not a normal clearing"), "%s", verdict);

    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    ack("1");
    bye(true, "Reason: SIP;cause=200;text=\"Call completed elsewhere\"\r\n");
    OUTCOME(SIPDIAG_CALL_COMPLETED);
}

static void no_ack(void)
{
    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_ANSWERED);
    CHECK(invite_response(200, "1", "", SIPDIAG_AUTH_NONE), "a repeated 2xx without ACK changes the outcome");
    OUTCOME(SIPDIAG_CALL_DROPPED);
    CHECK(!last.settles && last.answer_count == 2 && strstr(verdict, "without an ACK"), "%s", verdict);
    CHECK(!feed("10.0.0.9:5060", 200, SIPDIAG_AUTH_NONE, "SIP/2.0 200 OK\r\n" FROM_CALLER TO_TAGGED IDS("1", "INVITE")
                "\r\n"), "the same 2xx relayed by a proxy is no repetition");
    CHECK(ack("1"), "the ACK arrives after all");
    OUTCOME(SIPDIAG_CALL_ANSWERED);

    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    bye(false, "");
    OUTCOME(SIPDIAG_CALL_DROPPED);
    CHECK(last.settles && last.drop == SIPDIAG_DROP_NO_ACK && last.ended_by == SIPDIAG_ENDED_CALLEE, "no ACK");
    CHECK(strstr(verdict, "no ACK for its 200 came before the callee's BYE") && strstr(verdict, "§13.3.1.4"), "%s",
          verdict);

    /* The caller's BYE with no ACK seen: not the callee ending the call. */
    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    bye(true, "");
    OUTCOME(SIPDIAG_CALL_DROPPED);
    CHECK(last.ended_by == SIPDIAG_ENDED_CALLER && strstr(verdict, "then the caller sent BYE (frame 3) with no ACK for "
                                                                   "the 200 in the capture")
              && strstr(verdict, "§13.2.2.4") && !strstr(verdict, "callee ends"),
          "%s", verdict);
}

/* Senders given as keys (as the plugin gives them), with the text made on
 * demand: the text is asked for only when the responder changes, and
 * senders are told apart by key. */
static unsigned texts_made;

static const char *text_of(void *ctx)
{
    texts_made++;
    return (const char *)ctx;
}

static bool feed_keyed(uint64_t key, const char *source, unsigned code, const char *text)
{
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    frame++;
    sipdiag_call_sighting seen = { frame, (uint64_t)frame * 100000000u, NULL, text_of, (void *)source, key, 0, 0, 0,
                                   false };
    sipdiag_call_message m = { &msg, code, SIPDIAG_AUTH_NONE, NULL, NULL, false, 0 };
    sipdiag_call_state s;
    if (!sipdiag_calls_observe(calls, &seen, &m, &s))
        return false;
    last = s;
    sipdiag_call_verdict(&last, verdict, sizeof verdict);
    return true;
}

#define UNTAGGED "From: <sip:alice@example.com>\r\nTo: <sip:bob@example.com>\r\nCall-ID: k1\r\n"

static void keyed_senders(void)
{
    const uint64_t caller = 11, callee = 22, proxy = 33;
    restart();
    texts_made = 0;
    CHECK(feed_keyed(caller, CALLER, 0, "INVITE sip:bob@example.com SIP/2.0\r\n" UNTAGGED "CSeq: 1 INVITE\r\n\r\n"),
          "the INVITE starts a call");
    CHECK(texts_made == 0, "the caller's address is not formatted: %u", texts_made);
    feed_keyed(callee, CALLEE, 100, "SIP/2.0 100 Trying\r\n" UNTAGGED "CSeq: 1 INVITE\r\n\r\n");
    CHECK(texts_made == 1 && strcmp(last.responder, CALLEE) == 0, "the responder's address, once: %u %s", texts_made,
          last.responder);
    feed_keyed(callee, CALLEE, 180, "SIP/2.0 180 Ringing\r\n" UNTAGGED "CSeq: 1 INVITE\r\n\r\n");
    CHECK(texts_made == 1 && !last.texts_changed, "the same responder again is not formatted: %u", texts_made);
    CHECK(feed_keyed(callee, CALLEE, 200, "SIP/2.0 200 OK\r\n" UNTAGGED "CSeq: 1 INVITE\r\nServer: PBX 2\r\n\r\n"),
          "the 200 settles");
    CHECK(texts_made == 2 && last.texts_changed && strcmp(last.agent, "Server: PBX 2") == 0,
          "a new agent makes the texts again: %u %s", texts_made, last.agent);
    CHECK(!feed_keyed(proxy, "10.0.0.9:5060", 200, "SIP/2.0 200 OK\r\n" UNTAGGED "CSeq: 1 INVITE\r\n\r\n"),
          "the same 2xx from another sender is no repetition");
    CHECK(feed_keyed(callee, CALLEE, 200, "SIP/2.0 200 OK\r\n" UNTAGGED "CSeq: 1 INVITE\r\nServer: PBX 2\r\n\r\n")
          && last.answer_count == 2, "the same 2xx from the responder's key is: %u", last.answer_count);
    CHECK(feed_keyed(callee, CALLEE, 0, "BYE sip:alice@10.0.0.1 SIP/2.0\r\n" UNTAGGED "CSeq: 5 BYE\r\n\r\n")
          && last.ended_by == SIPDIAG_ENDED_CALLEE, "without tags, a BYE from another key than the caller's: callee");
    restart();
    feed_keyed(caller, CALLER, 0, "INVITE sip:bob@example.com SIP/2.0\r\n" UNTAGGED "CSeq: 1 INVITE\r\n\r\n");
    feed_keyed(callee, CALLEE, 200, "SIP/2.0 200 OK\r\n" UNTAGGED "CSeq: 1 INVITE\r\n\r\n");
    CHECK(feed_keyed(caller, CALLER, 0, "BYE sip:bob@10.0.0.5 SIP/2.0\r\n" UNTAGGED "CSeq: 2 BYE\r\n\r\n")
          && last.ended_by == SIPDIAG_ENDED_CALLER, "without tags, a BYE from the caller's key: caller");
    CHECK(!feed_keyed(caller, CALLER, 0, "INFO sip:bob@example.com SIP/2.0\r\n" UNTAGGED
                      "CSeq: 3 INFO\r\n\r\n"), "a request the tracker does not want changes nothing");
}

/* A 1xx that arrives after the 2xx (reordered or late) does not make a
 * post-dial delay longer than the setup time. */
static void late_provisional(void)
{
    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    invite_response(180, "1", "", SIPDIAG_AUTH_NONE);
    CHECK(last.has_setup && !last.has_pdd, "no PDD from a 180 after the 200 (pdd %d)", (int)last.has_pdd);
}

static void refresh(void)
{
    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    ack("1");
    CHECK(!feed(CALLER, 0, SIPDIAG_AUTH_NONE, "INVITE sip:bob@10.0.0.5 SIP/2.0\r\n" FROM_CALLER TO_TAGGED
                IDS("3", "INVITE") "\r\n"), "a re-INVITE is no new attempt");
    CHECK(invite_response(491, "3", "", SIPDIAG_AUTH_NONE), "a 491 to a re-INVITE is a new snapshot");
    OUTCOME(SIPDIAG_CALL_ANSWERED);
    CHECK(!last.settles && last.reinvite_failed_code == 491 && last.reinvite_failed_frame == 5
              && strstr(verdict, "; a re-INVITE got 491 (frame 5) and the call went on with its earlier session;"),
          "the call stays up, and its verdict says what failed: %s", verdict);
    CHECK(!invite_response(488, "3", "", SIPDIAG_AUTH_NONE) && last.reinvite_failed_code == 491,
          "the first failed re-INVITE is the one named");
    CHECK(invite_response(481, "3", "", SIPDIAG_AUTH_NONE), "a 481 to a re-INVITE ends it");
    OUTCOME(SIPDIAG_CALL_DROPPED);
    CHECK(last.settles && last.drop == SIPDIAG_DROP_REFRESH && strstr(verdict, "re-INVITE got 481"), "%s", verdict);
}

static void failures(void)
{
    static const struct {
        unsigned code;
        sipdiag_call_outcome outcome;
        const char *words;
    } cases[] = {
        { 486, SIPDIAG_CALL_BUSY, "Busy with 486 by 10.0.0.5:5060" },
        { 600, SIPDIAG_CALL_BUSY, "Busy with 600" },
        { 603, SIPDIAG_CALL_DECLINED, "Declined with 603" },
        { 607, SIPDIAG_CALL_DECLINED, "Declined with 607" },
        { 608, SIPDIAG_CALL_DECLINED, "Declined with 608" },
        { 302, SIPDIAG_CALL_REDIRECTED, "Redirected with 302" },
        { 408, SIPDIAG_CALL_TIMEOUT, "Timed out with 408" },
        { 404, SIPDIAG_CALL_REJECTED, "Rejected with 404" },
        { 503, SIPDIAG_CALL_REJECTED, "Rejected with 503" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        restart();
        invite("1", "");
        CHECK(invite_response(cases[i].code, "1", "Server: Gw/2\r\n", SIPDIAG_AUTH_NONE), "final %u", cases[i].code);
        OUTCOME(cases[i].outcome);
        CHECK(last.settles && last.final_code == cases[i].code && strstr(verdict, cases[i].words)
              && strstr(verdict, "(Server: Gw/2)"), "%u: %s", cases[i].code, verdict);
        CHECK(!invite_response(cases[i].code, "1", "", SIPDIAG_AUTH_NONE), "a repeated final changes nothing");
    }
    restart();
    invite("1", "");
    invite_response(488, "1", "Warning: 304 gw.example \"Media type not available\"\r\n", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_REJECTED);
    CHECK(strcmp(last.agent, "Warning agent: gw.example") == 0, "agent %s", last.agent);
    CHECK(strstr(verdict, "Rejected with 488 by 10.0.0.5:5060 (Warning agent: gw.example) (Warning 304 \"Media type "
                          "not available\"): match codecs"), "%s", verdict);
}

static void unanswered_and_timeout(void)
{
    restart();
    invite("1", "");
    CHECK(invite("1", ""), "a retransmission counts for the unanswered verdict");
    OUTCOME(SIPDIAG_CALL_UNANSWERED);
    CHECK(last.invite_count == 2 && strstr(verdict, "No response at all to the INVITE (sent 2 times)"), "%s", verdict);
    CHECK(strstr(verdict, "check that the destination is reachable"), "%s", verdict);

    /* Its receiver answered something else just before: reachable, the INVITE was lost or ignored. */
    restart();
    next_answered_frame = 7;
    next_answered_ns = 2000000; /* the INVITE goes out at 0.1 s (frame 1) */
    invite("1", "");
    OUTCOME(SIPDIAG_CALL_UNANSWERED);
    CHECK(last.destination_answered_frame == 7 && last.destination_answered_ago_ns == 98000000u, "frame %u, %llu ns",
          last.destination_answered_frame, (unsigned long long)last.destination_answered_ago_ns);
    CHECK(strstr(verdict, "though its receiver answered another request 98.0 ms before it (frame 7): that address "
                          "and port are reachable, so this INVITE was dropped on the way or ignored there")
              && !strstr(verdict, "check that the destination is reachable") && !strstr(verdict, "fragments"), "%s",
          verdict);
    restart();
    next_answered_frame = 7;
    next_answered_ns = 2000000;
    next_large = true;
    invite("1", "");
    CHECK(strstr(verdict, "dropped on the way (over 1300 bytes on UDP it goes in IP fragments"), "large: %s", verdict);

    /* An answer from long before says nothing of now; one after the INVITE is not "before". */
    restart();
    frame = 400;
    next_answered_frame = 3;
    next_answered_ns = 1000000;
    invite("1", "");
    CHECK(last.destination_answered_frame == 3 && strstr(verdict, "check that the destination is reachable"), "%s",
          verdict);
    restart();
    next_answered_frame = 9;
    next_answered_ns = 500000000;
    invite("1", "");
    CHECK(last.destination_answered_frame == 0 && strstr(verdict, "check that the destination is reachable"), "%s",
          verdict);

    /* The retry after a challenge: the challenge itself shows the receiver answers. */
    restart();
    invite("1", "");
    invite_response(407, "1", "", SIPDIAG_AUTH_CHALLENGE);
    next_answered_frame = 2;
    next_answered_ns = 200000000;
    invite("2", "");
    OUTCOME(SIPDIAG_CALL_UNANSWERED);
    CHECK(last.attempts == 2 && strstr(verdict, "answered another request 100.0 ms before it (frame 2)"), "%s",
          verdict);

    restart();
    invite("1", "");
    invite_response(180, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_TIMEOUT);
    CHECK(!last.settles && strstr(verdict, "No final response after 180 from 10.0.0.5:5060 (frame 2)"), "%s",
          verdict);
}

/* An INVITE quoted in an ICMP error (sent to addr): true when the call took it. */
static bool quoted_invite(const char *cseq, const char *branch, unsigned error, const char *addr)
{
    char text[1024];
    char via[128] = "";
    if (branch[0]) /* invite() sends none */
        snprintf(via, sizeof via, "Via: SIP/2.0/UDP 10.0.0.1;branch=%s\r\n", branch);
    snprintf(text, sizeof text, "INVITE sip:bob@example.com SIP/2.0\r\n%s" FROM_CALLER TO_CALLEE
             "Call-ID: c1@host\r\nCSeq: %s INVITE\r\n\r\n", via, cseq);
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    sipdiag_read_branch(&msg);
    frame++;
    sipdiag_call_sighting seen = { frame, (uint64_t)frame * 100000000u, addr, NULL, NULL, 0, 0, 0, 0, false };
    sipdiag_call_message m = { &msg, 0, SIPDIAG_AUTH_NONE, NULL, NULL, true, error };
    sipdiag_call_state s;
    if (!sipdiag_calls_observe(calls, &seen, &m, &s))
        return false;
    last = s;
    sipdiag_call_verdict(&last, verdict, sizeof verdict);
    return true;
}

/* A response to the INVITE quoted in an ICMP error (sent to the caller). */
static bool quoted_response(unsigned code, unsigned error)
{
    char text[1024];
    snprintf(text, sizeof text, "SIP/2.0 %u Whatever\r\n" FROM_CALLER "%s" IDS("1", "INVITE") "\r\n", code,
             code > 100 ? TO_TAGGED : TO_CALLEE);
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    frame++;
    sipdiag_call_sighting seen = { frame, (uint64_t)frame * 100000000u, "10.0.0.1:5070", NULL, NULL, 0, 0, 0, 0,
                                   false };
    sipdiag_call_message m = { &msg, code, SIPDIAG_AUTH_NONE, NULL, NULL, true, error };
    sipdiag_call_state s;
    if (!sipdiag_calls_observe(calls, &seen, &m, &s))
        return false;
    last = s;
    sipdiag_call_verdict(&last, verdict, sizeof verdict);
    return true;
}

static void icmp_errors(void)
{
    restart();
    invite("1", "");
    CHECK(!quoted_invite("1", "z9hG4bK-other", SIPDIAG_ICMP_PORT_UNREACHABLE, "10.0.0.5:5060"),
          "an INVITE of another branch (a proxy's copy on the next leg) tells nothing");
    CHECK(!quoted_invite("2", "", SIPDIAG_ICMP_PORT_UNREACHABLE, "10.0.0.5:5060"), "nor one of another CSeq");
    CHECK(quoted_invite("1", "", SIPDIAG_ICMP_PORT_UNREACHABLE, "10.0.0.5:5060"), "the attempt's INVITE");
    OUTCOME(SIPDIAG_CALL_UNANSWERED);
    CHECK(last.invite_count == 1 && last.icmp_frame == 4 && last.texts_changed && !last.settles, "frame %u",
          last.icmp_frame);
    CHECK(strcmp(verdict, "No response at all to the INVITE (sent 1 time); ICMP port unreachable came back for it "
                          "(frame 4): no SIP on UDP 10.0.0.5:5060 (down, wrong port or transport, or a REJECT "
                          "rule)") == 0, "%s", verdict);
    CHECK(!quoted_invite("1", "", SIPDIAG_ICMP_HOST_UNREACHABLE, "10.0.0.5:5060"), "the first error counts");
    invite("1", "");
    CHECK(last.invite_count == 2 && strstr(verdict, "(sent 2 times); ICMP port unreachable came back for it (frame 4)"),
          "a resend after it: %s", verdict);

    /* A response ends it: the ICMP error no longer explains anything. */
    invite_response(100, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_TIMEOUT);
    CHECK(!strstr(verdict, "ICMP"), "%s", verdict);

    /* The 2xx came back: the caller never got it, so no ACK could come. */
    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    CHECK(quoted_response(200, SIPDIAG_ICMP_PORT_UNREACHABLE), "the 2xx quoted");
    CHECK(last.answer_icmp_frame == 3 && last.icmp_frame == 0 && last.outcome == SIPDIAG_CALL_ANSWERED, "frame %u",
          last.answer_icmp_frame);
    CHECK(!quoted_response(200, SIPDIAG_ICMP_PORT_UNREACHABLE), "only the first");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_DROPPED);
    CHECK(strcmp(verdict, "Answered by 10.0.0.5:5060, but its 200 never reached the caller, so no ACK could come: "
                          "ICMP port unreachable came back for it (frame 3): no SIP on UDP 10.0.0.1:5070, where the "
                          "top Via sends it (received + sent-by port, or rport: RFC 3261 §18.2.2, RFC 3581): the "
                          "request's sender left, or that is not its source port (NAT)") == 0, "%s", verdict);
    restart();
    invite("1", "");
    CHECK(!quoted_response(180, SIPDIAG_ICMP_PORT_UNREACHABLE) && !quoted_response(200, SIPDIAG_ICMP_PORT_UNREACHABLE),
          "a 1xx tells nothing, nor a 2xx the call has not seen");

    /* An error that is no failure to send (a redirect) keeps the plain verdict. */
    restart();
    invite("1", "");
    CHECK(quoted_invite("1", "", SIPDIAG_ICMP_OTHER, "10.0.0.5:5060"), "noted");
    CHECK(strstr(verdict, "check that the destination is reachable") && !strstr(verdict, "ICMP"), "%s", verdict);
    CHECK(!quoted_invite("1", "", SIPDIAG_ICMP_PORT_UNREACHABLE, "10.0.0.5:5060"), "only the first");
}

static void cancelled_and_race(void)
{
    restart();
    invite("1", "");
    invite_response(180, "1", "", SIPDIAG_AUTH_NONE);
    CHECK(cancel("1"), "a CANCEL changes the outcome");
    OUTCOME(SIPDIAG_CALL_CANCELLED);
    CHECK(!last.settles && last.cancel_frame == 3, "not settled before the 487");
    CHECK(invite_response(487, "1", "", SIPDIAG_AUTH_NONE), "the 487 settles");
    OUTCOME(SIPDIAG_CALL_CANCELLED);
    CHECK(last.settles && strstr(verdict, "Cancelled by the caller before an answer: CANCEL in frame 3, then 487 by"),
          "%s", verdict);
    CHECK(sipdiag_call_effective(&last), "cancelled after ringing is a ring without answer (effective)");

    restart();
    invite("1", "");
    invite_response(487, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_CANCELLED);
    CHECK(strstr(verdict, "no CANCEL of this INVITE in the capture"), "%s", verdict);
    CHECK(!sipdiag_call_effective(&last), "not alerted");

    /* The race: the callee's 200 crosses the caller's CANCEL (RFC 3261 §9.1). */
    restart();
    invite("1", "");
    invite_response(180, "1", "", SIPDIAG_AUTH_NONE);
    cancel("1");
    CHECK(invite_response(200, "1", "", SIPDIAG_AUTH_NONE), "the 200 wins");
    OUTCOME(SIPDIAG_CALL_ANSWERED);
    CHECK(strstr(verdict, "CANCEL (frame 3) crossed it: the 2xx won (RFC 3261 §9.2); no BYE so far"), "%s", verdict);
    CHECK(!feed(CALLEE, 481, SIPDIAG_AUTH_NONE, "SIP/2.0 481 No Transaction\r\n" FROM_CALLER TO_TAGGED
                IDS("1", "CANCEL") "\r\n"), "the CANCEL's own response is not looked at");
    ack("1");
    bye(true, "");
    OUTCOME(SIPDIAG_CALL_COMPLETED);
    CHECK(strstr(verdict, "CANCEL (frame 3) crossed it: the 2xx won (RFC 3261 §9.2); the caller ended it"), "%s",
          verdict);
}

static void authentication(void)
{
    /* Challenge, retry with credentials, answer: one call. */
    restart();
    invite("1", "");
    CHECK(invite_response(407, "1", "", SIPDIAG_AUTH_CHALLENGE), "a challenge changes the call");
    OUTCOME(SIPDIAG_CALL_REJECTED);
    CHECK(!last.settles && last.challenged && strstr(verdict, "no INVITE with credentials followed"), "%s", verdict);
    ack("1");
    CHECK(invite("2", "Proxy-Authorization: Digest username=\"alice\"\r\n"), "the retry is a new attempt");
    CHECK(!last.new_call && last.serial == 1 && last.attempts == 2, "same call");
    OUTCOME(SIPDIAG_CALL_UNANSWERED);
    invite_response(200, "2", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_ANSWERED);
    CHECK(last.setup_ns == 400000000u, "setup from the first INVITE: %llu", (unsigned long long)last.setup_ns);
    CHECK(!invite_response(407, "1", "", SIPDIAG_AUTH_CHALLENGE), "a late repeat of the challenge is ignored");
    OUTCOME(SIPDIAG_CALL_ANSWERED);

    /* Credentials refused. */
    restart();
    invite("1", "");
    invite_response(407, "1", "", SIPDIAG_AUTH_CHALLENGE);
    invite("2", "Proxy-Authorization: Digest username=\"alice\"\r\n");
    CHECK(invite_response(407, "2", "", SIPDIAG_AUTH_REJECTED), "refused credentials");
    OUTCOME(SIPDIAG_CALL_AUTH_FAILED);
    CHECK(last.settles && strstr(verdict, "Credentials refused with 407"), "%s", verdict);
    CHECK(!sipdiag_call_effective(&last), "not effective");

    restart();
    invite("1", "Authorization: Digest username=\"alice\"\r\n");
    invite_response(403, "1", "", SIPDIAG_AUTH_REJECTED);
    OUTCOME(SIPDIAG_CALL_AUTH_FAILED);
    restart();
    invite("1", "");
    next_why = "The request in frame 1 carried no credentials: policy";
    invite_response(403, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_REJECTED);
    CHECK(strcmp(verdict, "Rejected with 403 by " CALLEE ": The request in frame 1 carried no credentials: "
                          "policy") == 0,
          "the verdict says what the response's hint says: %s", verdict);
}

/* The final failure's hint is asked for only when the tracker keeps that
 * failure, and a new attempt forgets it. */
static void failure_hints(void)
{
    /* An answering 2xx the caller cannot use: the verdict says why. */
    restart();
    invite("1", "");
    next_why = "Unusable answer: no Contact";
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_ANSWERED);
    CHECK(strcmp(verdict, "Answered with 200 by " CALLEE " after 0.100 s, but: Unusable answer: no Contact; no BYE so "
                          "far in this capture") == 0, "%s", verdict);
    restart();
    invite("1", "");
    next_decisive = false;
    next_why = "Retry after 30 s";
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    next_decisive = true;
    CHECK(!strstr(verdict, "but"), "only a hint that says why: %s", verdict);

    restart();
    whys_asked = 0;
    invite("1", "");
    next_why = "not asked: a provisional response";
    invite_response(180, "1", "", SIPDIAG_AUTH_NONE);
    CHECK(whys_asked == 0 && last.why[0] == '\0', "a 180 has no why: %u, '%s'", whys_asked, last.why);
    next_why = "Reason: Q.850 cause 21, go by the cause";
    invite_response(480, "1", "", SIPDIAG_AUTH_NONE);
    CHECK(whys_asked == 1 && strstr(verdict, "Rejected with 480 by " CALLEE ": Reason: Q.850 cause 21"),
          "asked once, in the verdict: %u, %s", whys_asked, verdict);
    next_why = "not asked: the same 480 again";
    invite_response(480, "1", "", SIPDIAG_AUTH_NONE);
    CHECK(whys_asked == 1, "a repeated failure is not asked again: %u", whys_asked);
    /* No hint: the code's short remedy, with the Warning. */
    restart();
    invite("1", "");
    invite_response(480, "1", "Warning: 399 gw \"Out of order\"\r\n", SIPDIAG_AUTH_NONE);
    CHECK(strstr(verdict, "(Warning 399 \"Out of order\")") && strstr(verdict, ": check"),
          "without a hint, the Warning and the remedy: %s", verdict);
    /* A long Warning text is cut at a word, never inside a number. */
    restart();
    invite("1", "");
    invite_response(408, "1", "Warning: 392 ser \"Noisy feedback tells:  pid=32753 req_src_ip=80.230.219.70 "
                              "req_src_port=5060 in_uri=sip:x\"\r\n", SIPDIAG_AUTH_NONE);
    CHECK(strstr(verdict, "req_src_ip=80.230.219.70...\")") && !strstr(verdict, "=506"),
          "cut at a word: %s", verdict);
    /* A hint that only adds something (a Retry-After) follows the code's remedy. */
    restart();
    invite("1", "");
    next_why = "Retry after 120 s";
    next_decisive = false;
    invite_response(503, "1", "Warning: 399 gw \"Overload\"\r\n", SIPDIAG_AUTH_NONE);
    next_decisive = true;
    CHECK(strstr(verdict, "Rejected with 503 by " CALLEE) && strstr(verdict, "; Retry after 120 s")
              && !strstr(verdict, "(Warning 399"),
          "a hint that is no verdict follows the remedy, instead of the Warning: %s", verdict);
    restart();
    invite("1", "");
    next_why = "SDP offer in frame 1; no codec in common";
    invite_response(488, "1", "", SIPDIAG_AUTH_NONE);
    CHECK(strstr(verdict, ": SDP offer in frame 1; no codec in common") && !strstr(verdict, "; sDP"),
          "a decisive hint stands alone: %s", verdict);
    /* An authentication retry forgets the earlier failure's hint. */
    restart();
    invite("1", "");
    next_why = "Digest challenge (normal)";
    invite_response(407, "1", "", SIPDIAG_AUTH_CHALLENGE);
    invite("2", "Proxy-Authorization: Digest username=\"alice\"\r\n");
    CHECK(last.why[0] == '\0', "a new attempt has no why yet: '%s'", last.why);
}

/* A capture at a proxy: both legs share the Call-ID; the proxy's own 408
 * to the caller stands, not the 487 of the leg it then cancels. */
static void two_legs(void)
{
#define LEG(branch) "Via: SIP/2.0/UDP 10.0.0.9;branch=" branch "\r\n"
    restart();
    feed(CALLER, 0, SIPDIAG_AUTH_NONE, "INVITE sip:bob@example.com SIP/2.0\r\n" LEG("up") FROM_CALLER TO_CALLEE
         IDS("1", "INVITE") "\r\n");
    CHECK(!feed("10.0.0.9:5060", 0, SIPDIAG_AUTH_NONE, "INVITE sip:bob@10.0.0.5 SIP/2.0\r\n" LEG("down") LEG("up")
                FROM_CALLER TO_CALLEE IDS("1", "INVITE") "\r\n"), "the proxy's copy is no retransmission");
    feed(CALLEE, 180, SIPDIAG_AUTH_NONE, "SIP/2.0 180 Ringing\r\n" LEG("down") LEG("up") FROM_CALLER TO_TAGGED
         IDS("1", "INVITE") "\r\n");
    CHECK(!last.has_pdd, "a 180 on the proxy's leg to the callee is not what the caller waited for");
    feed("10.0.0.9:5060", 180, SIPDIAG_AUTH_NONE, "SIP/2.0 180 Ringing\r\n" LEG("up") FROM_CALLER TO_TAGGED
         IDS("1", "INVITE") "\r\n");
    CHECK(last.has_pdd && last.pdd_ns == 300000000u, "post-dial delay on the caller's leg (frame 4): %llu ns",
          (unsigned long long)last.pdd_ns);
    feed("10.0.0.9:5060", 408, SIPDIAG_AUTH_NONE, "SIP/2.0 408 Request Timeout\r\n" LEG("up") FROM_CALLER TO_TAGGED
         IDS("1", "INVITE") "\r\n");
    OUTCOME(SIPDIAG_CALL_TIMEOUT);
    CHECK(!feed("10.0.0.9:5060", 0, SIPDIAG_AUTH_NONE, "CANCEL sip:bob@10.0.0.5 SIP/2.0\r\n" LEG("down")
                FROM_CALLER TO_CALLEE IDS("1", "CANCEL") "\r\n"), "the proxy's CANCEL is not the caller's");
    CHECK(!feed(CALLEE, 487, SIPDIAG_AUTH_NONE, "SIP/2.0 487 Request Terminated\r\n" LEG("down") LEG("up")
                FROM_CALLER TO_TAGGED IDS("1", "INVITE") "\r\n"), "the next leg's 487 changes nothing");
    OUTCOME(SIPDIAG_CALL_TIMEOUT);
    CHECK(last.final_code == 408 && strcmp(last.responder, "10.0.0.9:5060") == 0 && last.has_pdd, "408 by the proxy");
    /* Answered: the setup time ends with the 2xx on the caller's leg. */
    restart();
    feed(CALLER, 0, SIPDIAG_AUTH_NONE, "INVITE sip:bob@example.com SIP/2.0\r\n" LEG("up") FROM_CALLER TO_CALLEE
         IDS("1", "INVITE") "\r\n");
    feed("10.0.0.9:5060", 0, SIPDIAG_AUTH_NONE, "INVITE sip:bob@10.0.0.5 SIP/2.0\r\n" LEG("down") LEG("up")
         FROM_CALLER TO_CALLEE IDS("1", "INVITE") "\r\n");
    feed(CALLEE, 200, SIPDIAG_AUTH_NONE, "SIP/2.0 200 OK\r\n" LEG("down") LEG("up") FROM_CALLER TO_TAGGED
         IDS("1", "INVITE") "\r\n");
    CHECK(last.settles && last.setup_ns == 200000000u, "answered on the callee's leg first: %llu ns",
          (unsigned long long)last.setup_ns);
    CHECK(feed("10.0.0.9:5060", 200, SIPDIAG_AUTH_NONE, "SIP/2.0 200 OK\r\n" LEG("up") FROM_CALLER TO_TAGGED
               IDS("1", "INVITE") "\r\n") && last.setup_ns == 300000000u && last.answer_count == 1,
          "the relayed 2xx sets the caller's setup time, and is no repetition: %llu ns, %u",
          (unsigned long long)last.setup_ns, last.answer_count);
    CHECK(!feed("10.0.0.9:5060", 200, SIPDIAG_AUTH_NONE, "SIP/2.0 200 OK\r\n" LEG("up") FROM_CALLER TO_TAGGED
                IDS("1", "INVITE") "\r\n") && last.setup_ns == 300000000u, "only once");
#undef LEG
}

/* A B2BUA at 10.0.0.9: the caller's call to it, and the call it places to
 * the callee (another Call-ID, the caller's From user). */
#define B2BUA "10.0.0.9:5060"
#define LEG_A(cseq, method) "Call-ID: leg-a\r\nCSeq: " cseq " " method "\r\n"
#define LEG_B(cseq, method) "Call-ID: leg-b\r\nCSeq: " cseq " " method "\r\n"
#define FROM_B2BUA "From: \"Alice\" <sip:alice@10.0.0.9>;tag=x9\r\n"

static bool leg_a_invite(void)
{
    next_destination = B2BUA;
    return feed(CALLER, 0, SIPDIAG_AUTH_NONE, "INVITE sip:200@10.0.0.9 SIP/2.0\r\n" FROM_CALLER
                "To: <sip:200@10.0.0.9>\r\n" LEG_A("1", "INVITE") "\r\n");
}

static bool leg_b_invite(const char *from)
{
    char text[512];
    snprintf(text, sizeof text, "INVITE sip:bob@10.0.0.5 SIP/2.0\r\n%s" TO_CALLEE LEG_B("1", "INVITE") "\r\n", from);
    next_destination = CALLEE;
    return feed(B2BUA, 0, SIPDIAG_AUTH_NONE, text);
}

static bool leg_response(const char *source, const char *leg, unsigned code)
{
    char text[512];
    snprintf(text, sizeof text, "SIP/2.0 %u X\r\n" FROM_CALLER TO_TAGGED "Call-ID: %s\r\nCSeq: 1 INVITE\r\n\r\n",
             code, leg);
    return feed(source, code, SIPDIAG_AUTH_NONE, text);
}

static void b2bua_legs(void)
{
    restart();
    leg_a_invite();
    CHECK(last.leg == SIPDIAG_LEG_NONE && last.other_leg_frame == 0, "no leg yet");
    leg_response(B2BUA, "leg-a", 100);
    CHECK(leg_b_invite(FROM_B2BUA), "the B2BUA's INVITE starts a call of its own");
    CHECK(last.serial == 2 && last.leg == SIPDIAG_LEG_OUTBOUND && last.other_leg_frame == 1, "outbound leg of frame 1:"
          " leg %d, other %u", (int)last.leg, last.other_leg_frame);
    CHECK(strstr(verdict, "[the leg a B2BUA placed for the call in frame 1]") != NULL, "verdict %s", verdict);
    restart();
    leg_a_invite();
    leg_b_invite(FROM_B2BUA);
    leg_response(CALLEE, "leg-b", 200);
    next_destination = CALLEE;
    feed(B2BUA, 0, SIPDIAG_AUTH_NONE, "ACK sip:bob@10.0.0.5 SIP/2.0\r\n" FROM_B2BUA TO_TAGGED LEG_B("1", "ACK") "\r\n");
    next_destination = CALLEE;
    feed(B2BUA, 0, SIPDIAG_AUTH_NONE, "BYE sip:bob@10.0.0.5 SIP/2.0\r\n" FROM_B2BUA TO_TAGGED LEG_B("2", "BYE") "\r\n");
    CHECK(last.serial == 2 && strstr(verdict, "the B2BUA ended it with BYE"), "on the outbound leg the caller is the B2BUA: %s",
          verdict);
    restart();
    leg_a_invite();
    leg_response(B2BUA, "leg-a", 100);
    leg_b_invite(FROM_B2BUA);
    leg_response(CALLEE, "leg-b", 180);
    CHECK(leg_response(B2BUA, "leg-a", 180), "the caller's leg rings");
    CHECK(last.serial == 1 && last.leg == SIPDIAG_LEG_INBOUND && last.other_leg_frame == 3, "inbound, other leg in 3");
    leg_response(CALLEE, "leg-b", 486);
    CHECK(last.serial == 2 && last.outcome == SIPDIAG_CALL_BUSY, "leg b busy");
    CHECK(leg_response(B2BUA, "leg-a", 486), "the B2BUA relays the 486");
    CHECK(last.serial == 1 && last.other_leg_code == 486, "leg a knows what leg b got: %u", last.other_leg_code);
    CHECK(strstr(verdict, "Busy with 486 by 10.0.0.9:5060") && strstr(verdict, "[the B2BUA's leg to the callee, "
          "frame 3, got 486]"), "verdict %s", verdict);

    /* Not linked: another caller ID, or the caller's leg already answered, or too late. */
    restart();
    leg_a_invite();
    leg_b_invite("From: <sip:carol@10.0.0.9>;tag=c9\r\n");
    CHECK(last.leg == SIPDIAG_LEG_NONE, "another From user: no link");
    restart();
    leg_a_invite();
    leg_response(B2BUA, "leg-a", 200);
    leg_b_invite(FROM_B2BUA);
    CHECK(last.leg == SIPDIAG_LEG_NONE, "the caller's leg was answered already: no link");
    restart();
    leg_a_invite();
    frame += 101; /* 10.1 s later */
    leg_b_invite(FROM_B2BUA);
    CHECK(last.leg == SIPDIAG_LEG_NONE, "more than 10 s after the caller's INVITE: no link");
    restart();
    leg_a_invite();
    next_destination = CALLEE;
    feed("10.0.0.7:5060", 0, SIPDIAG_AUTH_NONE, "INVITE sip:bob@10.0.0.5 SIP/2.0\r\n" FROM_CALLER TO_CALLEE
         LEG_B("1", "INVITE") "\r\n");
    CHECK(last.leg == SIPDIAG_LEG_NONE, "sent from a host the caller's INVITE did not go to: no link");
    restart();
    leg_a_invite();
    next_destination = CALLEE;
    feed("10.0.0.9:5070", 0, SIPDIAG_AUTH_NONE, "INVITE sip:bob@10.0.0.5 SIP/2.0\r\n" FROM_CALLER TO_CALLEE
         LEG_B("1", "INVITE") "\r\n");
    CHECK(last.leg == SIPDIAG_LEG_NONE, "sent from another port of that host (another UA on it): no link");
}
#undef B2BUA

static void hostile_and_bounds(void)
{
    restart();
    CHECK(!feed(CALLER, 0, SIPDIAG_AUTH_NONE, "INVITE sip:x SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n"), "no Call-ID");
    CHECK(!feed(CALLER, 0, SIPDIAG_AUTH_NONE, "INVITE sip:x SIP/2.0\r\nCall-ID: a\r\nCSeq: x INVITE\r\n\r\n"),
          "bad CSeq");
    CHECK(!feed(CALLER, 0, SIPDIAG_AUTH_NONE, "OPTIONS sip:x SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\n\r\n"),
          "OPTIONS is not looked at");
    CHECK(!feed(CALLEE, 200, SIPDIAG_AUTH_NONE, "SIP/2.0 200 OK\r\nCall-ID: zz\r\nCSeq: 1 INVITE\r\n\r\n"),
          "a response to an INVITE not in the capture");
    CHECK(feed(CALLER, 0, SIPDIAG_AUTH_NONE, "INVITE sip:x SIP/2.0\r\nCall-ID: b\r\nCSeq: 1 INVITE\r\n"
               "From: \"\r\x01\" <sip:\x01\x7f@h>;tag=\r\nTo: tel:+4930123\r\n\r\n"), "odd From/To");
    CHECK(strcmp(last.from_user, "??") == 0 && strcmp(last.to_user, "+4930123") == 0, "users '%s' '%s'",
          last.from_user, last.to_user);
    char text[600];
    memset(text, 0, sizeof text);
    char big[400];
    memset(big, 'u', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    snprintf(text, sizeof text, "INVITE sip:x SIP/2.0\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nFrom: <sip:%s@h>\r\n\r\n", big);
    CHECK(feed(CALLER, 0, SIPDIAG_AUTH_NONE, text) && strlen(last.from_user) == SIPDIAG_CALL_USER_SIZE - 1,
          "cut user");

    sipdiag_calls_free(calls);
    calls = sipdiag_calls_new(10);
    for (int i = 0; i < 100; i++) {
        snprintf(text, sizeof text, "INVITE sip:x SIP/2.0\r\nCall-ID: n%d\r\nCSeq: 1 INVITE\r\n\r\n", i);
        feed(CALLER, 0, SIPDIAG_AUTH_NONE, text);
    }
    CHECK(sipdiag_calls_size(calls) <= 20, "bounded: %u", sipdiag_calls_size(calls));
    CHECK(last.serial == 100, "serials go on: %u", last.serial);
    CHECK(strcmp(sipdiag_call_outcome_name(SIPDIAG_CALL_AUTH_FAILED), "auth-failed") == 0, "names");
}

/* ---- OPTIONS pings per target ------------------------------------------ */

static sipdiag_pings *pings;
static sipdiag_ping_target ping_last;
static char ping_verdict[512];
static const char *ping_address; /* the destination of a request, the source of a response */

static const char *ping_address_of(void *ctx, bool destination)
{
    (void)ctx;
    (void)destination;
    return ping_address;
}

/* One OPTIONS (n: its Call-ID and branch) or its answer, at time_ms. */
static void ping_last_verdict(const sipdiag_ping_target *t)
{
    ping_last = *t;
    sipdiag_ping_verdict(&ping_last, ping_verdict, sizeof ping_verdict);
}

static bool ping_feed(const char *address, unsigned time_ms, unsigned code, unsigned n)
{
    char text[512];
    if (code)
        snprintf(text, sizeof text, "SIP/2.0 %u Whatever\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK%u\r\n"
                 "Call-ID: ping%u\r\nCSeq: 7 OPTIONS\r\n\r\n", code, n, n);
    else
        snprintf(text, sizeof text, "OPTIONS sip:%s SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK%u\r\n"
                 "Call-ID: ping%u\r\nCSeq: 7 OPTIONS\r\n\r\n", address, n, n);
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    frame++;
    if (!sipdiag_pings_wants(pings, &msg))
        return false;
    ping_address = address;
    sipdiag_ping_sighting seen = { frame, (uint64_t)time_ms * 1000000u, ping_address_of, NULL };
    sipdiag_ping_target t;
    if (!sipdiag_pings_observe(pings, &seen, &msg, code, &t))
        return false;
    ping_last = t;
    sipdiag_ping_verdict(&ping_last, ping_verdict, sizeof ping_verdict);
    return true;
}

#define TRUNK "192.0.2.10:5060"
#define DEAD "192.0.2.20:5060"

static void options_pings(void)
{
    sipdiag_pings_free(pings);
    pings = sipdiag_pings_new(100);
    frame = 0;
    char text[256];
    snprintf(text, sizeof text, "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: x\r\n"
             "CSeq: 1 OPTIONS\r\n\r\n");
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(!sipdiag_pings_wants(pings, &msg), "a response costs nothing before the first OPTIONS");

    /* A trunk answering every 30 s, then silent for three pings, then back. */
    unsigned n = 0;
    for (unsigned i = 0; i < 3; i++) {
        CHECK(ping_feed(TRUNK, i * 30000, 0, ++n), "ping %u", i);
        CHECK(ping_feed(TRUNK, i * 30000 + 20, 200, n), "answer %u", i);
    }
    CHECK(ping_last.serial == 1 && ping_last.sent == 3 && ping_last.answered == 3, "3 of 3: %u %u", ping_last.sent,
          ping_last.answered);
    CHECK(!ping_last.has_gap, "no gap while every ping is answered");
    CHECK(strstr(ping_verdict, "Every ping answered with 2xx") != NULL, "%s", ping_verdict);
    CHECK(!ping_feed(TRUNK, 90030, 200, n), "a repeated answer is not a new one");
    CHECK(ping_feed(TRUNK, 90000, 0, ++n), "ping at 90 s");
    CHECK(!ping_feed(TRUNK, 90500, 0, n), "its retransmission is not a new ping");
    CHECK(ping_feed(TRUNK, 120000, 0, ++n), "ping at 120 s");
    CHECK(ping_last.has_gap && ping_last.gap_open && ping_last.longest_gap_ns == 30000000000u,
          "open gap of 30 s: %d %d %llu", ping_last.has_gap, ping_last.gap_open,
          (unsigned long long)ping_last.longest_gap_ns);
    CHECK(ping_feed(TRUNK, 150000, 0, ++n), "ping at 150 s");
    CHECK(ping_feed(TRUNK, 180000, 0, ++n), "ping at 180 s");
    CHECK(ping_feed(TRUNK, 180010, 503, n), "answered 503 at 180 s");
    CHECK(ping_last.sent == 7 && ping_last.answered == 4, "7 sent, 4 answered: %u %u", ping_last.sent,
          ping_last.answered);
    CHECK(ping_last.has_gap && !ping_last.gap_open && ping_last.longest_gap_ns == 90000000000u,
          "a closed gap of 90 s: %llu", (unsigned long long)ping_last.longest_gap_ns);
    CHECK(ping_last.gap_frame == 8, "the gap starts at the 90 s ping (frame 8): %u", ping_last.gap_frame);
    CHECK(strstr(ping_verdict, "3 of 7 pings got no answer") && strstr(ping_verdict, "90.000 s from frame 8")
          && !strstr(ping_verdict, "still runs"), "%s", ping_verdict);
    char codes[64];
    sipdiag_ping_codes_text(&ping_last, codes, sizeof codes);
    CHECK(strcmp(codes, "200x3,503x1") == 0, "codes %s", codes);

    /* A target that never answers: a second serial, its own count. */
    CHECK(ping_feed(DEAD, 200000, 0, ++n), "ping to the dead target");
    CHECK(ping_feed(DEAD, 232000, 0, ++n), "second ping to the dead target");
    CHECK(!ping_feed(TRUNK, 232100, 200, n), "an answer from another address is not this target's");
    CHECK(ping_last.serial == 2 && ping_last.sent == 2 && ping_last.answered == 0, "dead: %u %u %u",
          ping_last.serial, ping_last.sent, ping_last.answered);
    CHECK(ping_last.gap_open && ping_last.longest_gap_ns == 32000000000u, "open 32 s");
    CHECK(strstr(ping_verdict, "No answer to any of its 2 pings (frames ") != NULL, "%s", ping_verdict);
    {
        /* An ICMP error came back for a ping to it: say which, not the three guesses. */
        const char *quoted = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKq\r\n"
                             "Call-ID: pingq\r\nCSeq: 7 OPTIONS\r\n\r\n";
        sipdiag_message q;
        sipdiag_parse_message(quoted, strlen(quoted), &q);
        sipdiag_ping_target t;
        CHECK(!sipdiag_pings_quoted(pings, &q, "192.0.2.99:5060", 40, SIPDIAG_ICMP_PORT_UNREACHABLE, &t),
              "an untracked target learns nothing");
        CHECK(sipdiag_pings_quoted(pings, &q, DEAD, 41, SIPDIAG_ICMP_PORT_UNREACHABLE, &t) && t.icmp_frame == 41
                  && t.sent == 2, "the dead target: frame %u, %u sent", t.icmp_frame, t.sent);
        CHECK(!sipdiag_pings_quoted(pings, &q, DEAD, 42, SIPDIAG_ICMP_HOST_UNREACHABLE, &t), "only the first");
        ping_last_verdict(&t);
        CHECK(strcmp(ping_verdict, "No answer to any of its 2 pings (frames 14 to 15); ICMP port unreachable came "
                                   "back (frame 41): no SIP on UDP 192.0.2.20:5060 (down, wrong port or transport, "
                                   "or a REJECT rule)") == 0, "%s", ping_verdict);
    }

    /* Provisional answers do not count; failure codes do (the target is up). */
    sipdiag_pings_free(pings);
    pings = sipdiag_pings_new(100);
    CHECK(ping_feed(TRUNK, 0, 0, 1), "ping");
    CHECK(!ping_feed(TRUNK, 10, 100, 1), "100 Trying is no answer");
    CHECK(ping_feed(TRUNK, 20, 404, 1), "404 is an answer");
    CHECK(strstr(ping_verdict, "Every ping answered, 1 with a failure code") && strstr(ping_verdict, "§11.2"),
          "%s", ping_verdict);

    /* More than SIPDIAG_PING_CODES distinct codes. */
    for (unsigned i = 0; i < 6; i++) {
        ping_feed(TRUNK, 1000 + i * 1000, 0, 10 + i);
        ping_feed(TRUNK, 1010 + i * 1000, 480 + i, 10 + i);
    }
    sipdiag_ping_codes_text(&ping_last, codes, sizeof codes);
    CHECK(strcmp(codes, "404x1,480x1,481x1,482x1,other x3") == 0, "codes %s", codes);

    /* Hostile: no Call-ID, no CSeq, a bound on targets. */
    CHECK(!ping_feed("", 0, 0, 99), "no address");
    sipdiag_message bad;
    const char *no_id = "OPTIONS sip:x SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n";
    sipdiag_parse_message(no_id, strlen(no_id), &bad);
    ping_address = TRUNK;
    sipdiag_ping_sighting seen = { 1, 0, ping_address_of, NULL };
    sipdiag_ping_target t;
    CHECK(!sipdiag_pings_observe(pings, &seen, &bad, 0, &t), "no Call-ID: ignored");
    sipdiag_pings_free(pings);
    pings = sipdiag_pings_new(5);
    char address[32];
    for (unsigned i = 0; i < 50; i++) {
        snprintf(address, sizeof address, "192.0.2.%u:5060", i);
        ping_feed(address, i, 0, 100 + i);
    }
    CHECK(sipdiag_pings_size(pings) == 5 && sipdiag_pings_untracked(pings) == 45, "bounded: %u, %u untracked",
          sipdiag_pings_size(pings), sipdiag_pings_untracked(pings));
    /* A flood of pings to one target: the ring forgets, the counts go on. */
    for (unsigned i = 0; i < 1000; i++)
        ping_feed("192.0.2.0:5060", 1000 + i, 0, 5000 + i);
    CHECK(ping_last.sent == 1001 && ping_last.answered == 0, "flood: %u", ping_last.sent);
    sipdiag_pings_free(pings);
    pings = NULL;
}

/* What the shared captures taught (docs/calls.md): a 100 alone is no
 * ringing; a BYE with no response in the capture; a BYE in the early dialog;
 * a BYE after a rejection ends nothing; a Call-ID reused after a call. */
static void capture_lessons(void)
{
    restart();
    invite("1", "");
    invite_response(100, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_TIMEOUT);
    CHECK(strstr(verdict, "after 100 Trying") && strstr(verdict, "that hop took the INVITE")
          && !strstr(verdict, "ringing or"), "%s", verdict);

    restart();
    invite("1", "");
    bye(true, "");
    OUTCOME(SIPDIAG_CALL_CANCELLED);
    CHECK(strstr(verdict, "no response to its INVITE is in the capture") && strstr(verdict, "§12.1"), "%s", verdict);

    restart();
    invite("1", "");
    invite_response(180, "1", "", SIPDIAG_AUTH_NONE);
    bye(true, "");
    OUTCOME(SIPDIAG_CALL_CANCELLED);
    CHECK(last.ended_by == SIPDIAG_ENDED_CALLER, "the caller ended the early dialog");
    CHECK(strstr(verdict, "ended the early dialog with BYE (frame 3)") && strstr(verdict, "is not in the capture"),
          "%s", verdict);
    invite_response(487, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_CANCELLED);
    CHECK(strstr(verdict, "Ended by the caller's BYE in the early dialog (frame 3), then 487 by 10.0.0.5:5060")
          && !strstr(verdict, "no CANCEL"), "%s", verdict);

    restart();
    invite("1", "");
    invite_response(403, "1", "", SIPDIAG_AUTH_NONE);
    ack("1");
    bye(true, "Reason: Q.850;cause=21\r\n");
    OUTCOME(SIPDIAG_CALL_REJECTED);
    CHECK(last.ended_by == SIPDIAG_ENDED_NONE && last.reason[0] == '\0', "a BYE after a 403 ends nothing: %s, '%s'",
          sipdiag_call_ender_name(last.ended_by), last.reason);

    /* A CANCEL the callee side never acted on: its own 408 ended the INVITE. */
    restart();
    invite("1", "");
    invite_response(100, "1", "", SIPDIAG_AUTH_NONE);
    cancel("1");
    invite_response(408, "1", "", SIPDIAG_AUTH_NONE);
    OUTCOME(SIPDIAG_CALL_TIMEOUT);
    CHECK(strstr(verdict, "Timed out with 408 by 10.0.0.5:5060 after the caller's CANCEL (frame 3), which it did "
                 "not act on: "), "%s", verdict);

    /* A traffic generator replaying one call from other addresses, one Call-ID. */
    restart();
    invite("1", "");
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    ack("1");
    bye(true, "");
    CHECK(!invite("1", ""), "the first INVITE again, same address and branch: a late retransmission");
    CHECK(feed("10.0.0.2:5060", 0, SIPDIAG_AUTH_NONE, "INVITE sip:bob@example.com SIP/2.0\r\n" FROM_CALLER TO_CALLEE
               IDS("1", "INVITE") "\r\n"), "the same INVITE from another address after the call ended");
    CHECK(last.new_call && last.serial == 2 && last.outcome == SIPDIAG_CALL_UNANSWERED, "a second call: %u %s",
          last.serial, sipdiag_call_outcome_name(last.outcome));
    invite_response(200, "1", "", SIPDIAG_AUTH_NONE);
    CHECK(last.serial == 2 && last.outcome == SIPDIAG_CALL_ANSWERED, "answered: %u", last.serial);
}

int main(void)
{
    completed();
    ended_by_callee_and_reasons();
    no_ack();
    keyed_senders();
    late_provisional();
    refresh();
    failures();
    unanswered_and_timeout();
    icmp_errors();
    cancelled_and_race();
    authentication();
    failure_hints();
    two_legs();
    capture_lessons();
    b2bua_legs();
    hostile_and_bounds();
    options_pings();
    sipdiag_calls_free(calls);
    return check_report("test_calls");
}
