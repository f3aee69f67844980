/* test_headers: SIP header block and header-value parsing, well-formed and hostile. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sipdiag_headers.h"

static sipdiag_str S(const char *s)
{
    sipdiag_str str = { s, strlen(s) };
    return str;
}

static int str_is(sipdiag_str s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static void message_block(void)
{
    const char *text =
        "SIP/2.0 302 Moved Temporarily\r\n"
        "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1;rport\r\n"
        "i: abc@host\r\n"
        "CSeq: 7 INVITE\r\n"
        "Contact: <sip:a@x>;q=0.9;expires=300,\r\n"
        " \"Voice, mail\" <sip:vm@x>;q=0.1\r\n"
        "contact: sip:b@y\r\n"
        "Expires: 600\r\n"
        "\r\n"
        "body that is not headers: Contact: <sip:no@no>\r\n";
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(!msg.is_request, "a status line is not a request");
    CHECK(msg.complete, "the blank line was found");
    CHECK(msg.header_len == (size_t)(strstr(text, "body") - text), "header_len stops at the body");
    CHECK(str_is(sipdiag_header(&msg, SIPDIAG_HDR_CALL_ID), "abc@host"), "compact i: is Call-ID");
    CHECK(str_is(sipdiag_via_branch(sipdiag_header(&msg, SIPDIAG_HDR_VIA)), "z9hG4bK-1"), "branch");
    CHECK(msg.count[SIPDIAG_HDR_CONTACT] == 2, "two Contact headers, case-insensitive");

    sipdiag_str list = msg.values[SIPDIAG_HDR_CONTACT][0], element;
    sipdiag_contact contact;
    CHECK(sipdiag_next_element(&list, &element) && sipdiag_parse_contact(element, &contact), "contact 1");
    CHECK(str_is(contact.uri, "sip:a@x") && contact.has_expires && contact.expires == 300, "uri, expires");
    CHECK(str_is(contact.q, "0.9"), "q");
    CHECK(sipdiag_next_element(&list, &element) && sipdiag_parse_contact(element, &contact), "folded contact 2");
    CHECK(str_is(contact.uri, "sip:vm@x"), "the comma in the quoted display name does not split");
    CHECK(!sipdiag_next_element(&list, &element), "two elements only");
    list = msg.values[SIPDIAG_HDR_CONTACT][1];
    CHECK(sipdiag_next_element(&list, &element) && sipdiag_parse_contact(element, &contact)
          && str_is(contact.uri, "sip:b@y"), "contact without <>");

    unsigned long cseq;
    sipdiag_str method;
    CHECK(sipdiag_parse_cseq(sipdiag_header(&msg, SIPDIAG_HDR_CSEQ), &cseq, &method) && cseq == 7
          && str_is(method, "INVITE"), "CSeq");
}

static void request_line(void)
{
    const char *text = "BYE tel:+15551234;phone-context=x SIP/2.0\nCSeq: 2 BYE\n\n";
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(msg.is_request && str_is(msg.method, "BYE"), "request method, bare LF line ends");
    CHECK(str_is(sipdiag_uri_scheme(msg.request_uri), "tel"), "request URI scheme");
    CHECK(msg.complete, "blank line with LF only");
}

static void truncated_and_empty(void)
{
    const char *text = "SIP/2.0 200 OK\r\nCSeq: 1 REG";
    sipdiag_message msg;
    for (size_t len = 0; len <= strlen(text); len++) {
        sipdiag_parse_message(text, len, &msg); /* any prefix: no read past len */
        CHECK(!msg.complete && msg.header_len <= len, "prefix %zu", len);
    }
    sipdiag_parse_message("", 0, &msg);
    CHECK(!msg.complete && msg.count[SIPDIAG_HDR_CSEQ] == 0, "empty buffer");

    char many[4096] = "SIP/2.0 200 OK\r\n";
    for (int i = 0; i < 40; i++)
        strcat(many, "Warning: 399 h \"x\"\r\n");
    strcat(many, "\r\n");
    sipdiag_parse_message(many, strlen(many), &msg);
    CHECK(msg.count[SIPDIAG_HDR_WARNING] == 40, "every occurrence counted");
    CHECK(msg.complete, "more headers than kept still parse to the end");
}

static void auth_values(void)
{
    sipdiag_auth auth;
    CHECK(sipdiag_parse_auth(S("Digest realm=\"pbx.example\", nonce=\"a,b\", qop=\"auth,auth-int\", "
                               "algorithm=MD5, stale=TRUE"), &auth), "digest challenge");
    CHECK(str_is(auth.scheme, "Digest") && str_is(auth.realm, "pbx.example"), "scheme, realm");
    CHECK(str_is(auth.qop, "auth,auth-int") && str_is(auth.algorithm, "MD5") && auth.stale, "qop, alg, stale");
    CHECK(sipdiag_parse_auth(S("Digest username=\"alice\", realm=\"r\", uri=\"sip:x\""), &auth)
          && str_is(auth.username, "alice"), "credentials");
    CHECK(!sipdiag_parse_auth(S(""), &auth), "empty");
    CHECK(!sipdiag_parse_auth(S("Digest"), &auth), "Digest without realm");
    CHECK(sipdiag_parse_auth(S("Digest realm=\"unterminated"), &auth) && str_is(auth.realm, "unterminated"),
          "unterminated quote keeps what is there");
    CHECK(sipdiag_parse_auth(S("Basic realm=\"x\""), &auth) && str_is(auth.scheme, "Basic"), "Basic");
    CHECK(!auth.stale, "no stale");
}

static void retry_after_values(void)
{
    sipdiag_retry_after r;
    CHECK(sipdiag_parse_retry_after(S("120"), &r) && r.seconds == 120 && !r.has_duration, "plain");
    CHECK(sipdiag_parse_retry_after(S("120 (lunch);duration=60"), &r) && r.seconds == 120
          && str_is(r.comment, "lunch") && r.has_duration && r.duration == 60, "comment and duration");
    CHECK(!sipdiag_parse_retry_after(S(""), &r), "empty");
    CHECK(!sipdiag_parse_retry_after(S("abc"), &r), "not a number");
    CHECK(!sipdiag_parse_retry_after(S("18446744073709551616"), &r), "overflow");
    CHECK(!sipdiag_parse_retry_after(S("120 (unclosed"), &r), "unclosed comment");
    CHECK(!sipdiag_parse_retry_after(S("120 junk"), &r), "trailing junk");
}

static void warning_values(void)
{
    sipdiag_str list = S("304 127.0.0.1:5080 \"Media type not available\", 305 h \"x, y\""), element;
    sipdiag_warning w;
    CHECK(sipdiag_next_element(&list, &element) && sipdiag_parse_warning(element, &w), "first warning");
    CHECK(w.code == 304 && str_is(w.agent, "127.0.0.1:5080") && str_is(w.text, "Media type not available"),
          "code, agent, text");
    CHECK(sipdiag_next_element(&list, &element) && sipdiag_parse_warning(element, &w) && w.code == 305
          && str_is(w.text, "x, y"), "comma inside the quoted text");
    CHECK(!sipdiag_parse_warning(S("abc"), &w), "not a code");
    CHECK(!sipdiag_parse_warning(S("399"), &w), "code alone");
    CHECK(!sipdiag_parse_warning(S("370 host"), &w), "no text");
    CHECK(sipdiag_parse_warning(S("392 host \"x\""), &w) && w.code == 392, "unregistered code still parses");
    list = S("");
    CHECK(!sipdiag_next_element(&list, &element), "empty Warning has no element");
}

static void reason_values(void)
{
    sipdiag_reason r;
    CHECK(sipdiag_parse_reason(S("Q.850;cause=16;text=\"Normal call clearing\""), &r), "Q.850");
    CHECK(str_is(r.protocol, "Q.850") && r.cause == 16 && str_is(r.text, "Normal call clearing"), "fields");
    CHECK(!sipdiag_parse_reason(S("Q.850;cause=abc"), &r) && r.has_cause && !r.cause_valid
          && str_is(r.cause_text, "abc"), "cause=abc is kept as written, flagged invalid");
    CHECK(!sipdiag_parse_reason(S("Q.850"), &r) && !r.has_cause, "no cause");
    CHECK(!sipdiag_parse_reason(S("Q.850;cause=99999999999"), &r) && !r.cause_valid, "overflowing cause");
    CHECK(sipdiag_parse_reason(S("SIP ;cause=486"), &r) && str_is(r.protocol, "SIP") && r.cause == 486, "SIP");
}

static void numbers(void)
{
    unsigned long v;
    CHECK(sipdiag_parse_uint(S(" 60 "), 100, &v) && v == 60, "blanks allowed");
    CHECK(!sipdiag_parse_uint(S("101"), 100, &v), "above max");
    CHECK(!sipdiag_parse_uint(S("-1"), 100, &v), "sign");
    CHECK(!sipdiag_parse_uint(S("4294967296"), 0xFFFFFFFFUL, &v), "32-bit overflow");
    CHECK(sipdiag_parse_uint(S("4294967295"), 0xFFFFFFFFUL, &v) && v == 4294967295UL, "32-bit max");
}

int main(void)
{
    message_block();
    request_line();
    truncated_and_empty();
    auth_values();
    retry_after_values();
    warning_values();
    reason_values();
    numbers();
    return check_report("test_headers");
}
