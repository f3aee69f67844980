/* test_headers: SIP header block and header-value parsing, well-formed and hostile. */
#include <stdio.h>
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
    CHECK(sipdiag_parse_cseq(S(" 4294967295\tBYE "), &cseq, &method) && cseq == 4294967295UL
          && str_is(method, "BYE"), "CSeq: 32-bit maximum, blanks around");
    CHECK(sipdiag_parse_cseq(S("007 ACK"), &cseq, &method) && cseq == 7, "CSeq: leading zeros");
    static const char *const bad_cseqs[] = {
        "4294967296 INVITE", "99999999999999999999999 INVITE", "12a INVITE", "7", "7 ", "INVITE", "", "-1 BYE",
    };
    for (size_t i = 0; i < sizeof bad_cseqs / sizeof bad_cseqs[0]; i++)
        CHECK(!sipdiag_parse_cseq(S(bad_cseqs[i]), &cseq, &method), "CSeq \"%s\" refused", bad_cseqs[i]);
    static const struct {
        const char *value;
        const char *fault; /* a word of it */
    } faults[] = {
        { "4294967296 INVITE", "above 2^32" }, { "99999999999999999999999 INVITE", "above 2^32" },
        { "+1 INVITE", "sign" }, { "-1 BYE", "sign" }, { "1e3 INVITE", "exponents" }, { "1.5 INVITE", "decimal" },
        { "7", "no method" }, { "INVITE", "no sequence number" }, { "", "empty" },
    };
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        const char *fault = sipdiag_cseq_fault(S(faults[i].value));
        CHECK(fault && strstr(fault, faults[i].fault), "CSeq \"%s\": %s", faults[i].value, fault ? fault : "(none)");
    }
    CHECK(sipdiag_cseq_fault(S("4294967295 BYE")) == NULL, "a good CSeq has no fault");
}

static void tags_and_events(void)
{
    static const struct {
        const char *to;
        const char *tag;
    } cases[] = {
        { "<sip:bob@x>;tag=abc", "abc" },
        { "\"Bob; the \\\"boss\\\" <x>\" <sip:bob@x;tag=uri-param>;tag=t1", "t1" },
        { "sip:bob@x;tag=noangle", "noangle" },
        { "<sip:bob@x;tag=inside>", "" },
        { "<sip:bob@x", "" },
        { "Bob <sip:bob@x> ; TAG = spaced ", "spaced" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(str_is(sipdiag_tag_param(S(cases[i].to)), cases[i].tag), "To-tag of %s", cases[i].to);
    CHECK(str_is(sipdiag_event_type(S(" presence ;id=7")), "presence"), "event type without its parameters");
    CHECK(str_is(sipdiag_event_type(S("message-summary")), "message-summary"), "event type alone");
    CHECK(str_is(sipdiag_event_type(S("")), ""), "empty Event");
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
    CHECK(!auth.stale && !auth.has_stale, "no stale");
    CHECK(sipdiag_parse_auth(S("Digest realm=\"r\", stale=false"), &auth) && !auth.stale && auth.has_stale,
          "stale=false is there, and false");
    /* As sent by a broken server (suricata's sip-tcp-pattern-matching): */
    CHECK(!sipdiag_parse_auth(S("Digest realm=\\\"sip.example\\\",nonce=\\\"abc\\\",stale=false"), &auth),
          "escaped quotes outside a quoted-string: malformed");
    CHECK(!sipdiag_parse_auth(S("Digest realm=sip\"x\""), &auth), "a quote inside a token: malformed");
    CHECK(sipdiag_parse_auth(S("Digest realm=\"a \\\"b\\\" c\""), &auth), "escaped quotes inside a quoted-string are fine");
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

static void reason_locations(void)
{
    sipdiag_reason r;
    CHECK(sipdiag_parse_reason(S("Q.850;cause=21;location=U;text=\"Call rejected\""), &r)
          && r.has_location && str_is(r.location, "U") && str_is(r.text, "Call rejected"), "RFC 8606 location");
    CHECK(sipdiag_parse_reason(S("Q.850 ; cause=17 ; location = \"LN\""), &r) && str_is(r.location, "LN"),
          "location with blanks and quotes");
    CHECK(sipdiag_parse_reason(S("STIR;cause=438;text=\"Invalid Identity Header\";ppi=\"..sig\""), &r)
          && str_is(r.protocol, "STIR") && r.cause == 438 && !r.has_location, "STIR, ppi ignored");
    CHECK(sipdiag_parse_reason(S("preemption;cause=2"), &r) && r.cause == 2, "preemption");
    CHECK(sipdiag_parse_reason(S("Q.850;cause=16;location="), &r) && r.has_location && r.location.len == 0,
          "empty location kept as empty");
    CHECK(sipdiag_parse_reason(S("Q.850;cause=16;text=\"a;location=U\""), &r) && !r.has_location,
          "a location inside the quoted text is not one");
}

/* Every known header, by its name in any case and by its compact form;
 * names that merely start like one are none. */
static void new_header_names(void)
{
    char buf[256];
    for (int id = 0; id < SIPDIAG_HDR_COUNT; id++) {
        const char *name = sipdiag_header_name((sipdiag_header_id)id);
        CHECK(name[0] != '\0', "id %d has a name", id);
        char upper[64];
        size_t k = 0;
        for (; name[k] && k + 1 < sizeof upper; k++)
            upper[k] = (name[k] >= 'a' && name[k] <= 'z') ? (char)(name[k] - 'a' + 'A') : name[k];
        upper[k] = '\0';
        int n = snprintf(buf, sizeof buf, "SIP/2.0 200 OK\r\n%s: v%d\r\n%s : w\r\n\r\n", name, id, upper);
        sipdiag_message msg;
        sipdiag_parse_message(buf, (size_t)n, &msg);
        CHECK(msg.count[id] == 2, "%s: found twice (%u)", name, msg.count[id]);
        char want[16];
        snprintf(want, sizeof want, "v%d", id);
        CHECK(str_is(sipdiag_header(&msg, (sipdiag_header_id)id), want), "%s: value", name);
        for (int other = 0; other < SIPDIAG_HDR_COUNT; other++)
            CHECK(other == id || msg.count[other] == 0, "%s: not also id %d", name, other);
        n = snprintf(buf, sizeof buf, "SIP/2.0 200 OK\r\n%sX: v\r\n%s-: v\r\nX%s: v\r\n\r\n", name, name, name);
        sipdiag_parse_message(buf, (size_t)n, &msg);
        for (int other = 0; other < SIPDIAG_HDR_COUNT; other++)
            CHECK(msg.count[other] == 0, "%sX / %s- / X%s is no header (id %d)", name, name, name, other);
    }
    const char *text = "INVITE sip:b@x SIP/2.0\r\nf: <sip:a@x>\r\nt: <sip:b@x>\r\ny: ..sig\r\n"
                       "c: application/sdp\r\nu: talk\r\no: refer\r\ne: gzip\r\n\r\n";
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(msg.count[SIPDIAG_HDR_FROM] == 1 && msg.count[SIPDIAG_HDR_TO] == 1, "f: and t:");
    CHECK(str_is(sipdiag_header(&msg, SIPDIAG_HDR_IDENTITY), "..sig"), "y: is Identity (RFC 8224)");
    CHECK(msg.count[SIPDIAG_HDR_CONTENT_TYPE] == 1 && msg.count[SIPDIAG_HDR_ALLOW_EVENTS] == 1
          && msg.count[SIPDIAG_HDR_EVENT] == 1, "c: u: o:");
    CHECK(msg.count[SIPDIAG_HDR_EXPIRES] == 0, "e: is Content-Encoding, not Expires");
    text = "SIP/2.0 200 OK\r\nSer\rver: x\r\nms-diagnostics-publi\rc: x\r\n\r\n";
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(msg.count[SIPDIAG_HDR_SERVER] == 0 && msg.count[SIPDIAG_HDR_MS_DIAGNOSTICS_PUBLIC] == 0
          && msg.count[SIPDIAG_HDR_MS_DIAGNOSTICS] == 0, "a CR in a name is no letter");
    CHECK(sipdiag_header_name(SIPDIAG_HDR_COUNT)[0] == '\0', "no name past the ids");
}

static void bodies(void)
{
    const char *text = "INVITE sip:b@x SIP/2.0\r\nContent-Length: 4\r\n\r\nv=0\nmore";
    sipdiag_message msg;
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(str_is(sipdiag_message_body(&msg), "v=0\n"), "body within Content-Length");
    text = "INVITE sip:b@x SIP/2.0\r\nl: 4000\r\n\r\nv=0\n";
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(str_is(sipdiag_message_body(&msg), "v=0\n"), "a longer Content-Length: what is there");
    text = "INVITE sip:b@x SIP/2.0\r\nContent-Length: -1\r\n\r\nv=0\n";
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(str_is(sipdiag_message_body(&msg), "v=0\n"), "an unreadable one: what is there");
    text = "INVITE sip:b@x SIP/2.0\r\nContent-Length: 9\r\nContent-Length: 2\r\n\r\nv=0\n";
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(str_is(sipdiag_message_body(&msg), "v="), "the last Content-Length");
    text = "INVITE sip:b@x SIP/2.0\r\nContent-Length: 0\r\n\r\nv=0\n";
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(sipdiag_message_body(&msg).len == 0, "Content-Length 0");
    text = "INVITE sip:b@x SIP/2.0\r\nContent-Length: 4\r\n";
    sipdiag_parse_message(text, strlen(text), &msg);
    CHECK(sipdiag_message_body(&msg).len == 0, "headers that do not end: no body");
    sipdiag_parse_message(text, 3, &msg);
    CHECK(sipdiag_message_body(&msg).len == 0, "a buffer shorter than the headers: no body");
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

/* Every header the parser knows, by full name in odd case and by compact
 * form, and names that only look like them. */
static void header_names(void)
{
    static const struct {
        const char *name;
        sipdiag_header_id id;
    } names[] = {
        { "call-id", SIPDIAG_HDR_CALL_ID }, { "i", SIPDIAG_HDR_CALL_ID },
        { "CSEQ", SIPDIAG_HDR_CSEQ },
        { "VIA", SIPDIAG_HDR_VIA }, { "V", SIPDIAG_HDR_VIA },
        { "contact", SIPDIAG_HDR_CONTACT }, { "m", SIPDIAG_HDR_CONTACT },
        { "EXPIRES", SIPDIAG_HDR_EXPIRES },
        { "min-expires", SIPDIAG_HDR_MIN_EXPIRES },
        { "MIN-se", SIPDIAG_HDR_MIN_SE },
        { "Session-expires", SIPDIAG_HDR_SESSION_EXPIRES }, { "x", SIPDIAG_HDR_SESSION_EXPIRES },
        { "retry-AFTER", SIPDIAG_HDR_RETRY_AFTER },
        { "warning", SIPDIAG_HDR_WARNING },
        { "REASON", SIPDIAG_HDR_REASON },
        { "www-authenticate", SIPDIAG_HDR_WWW_AUTHENTICATE },
        { "proxy-AUTHENTICATE", SIPDIAG_HDR_PROXY_AUTHENTICATE },
        { "AUTHORIZATION", SIPDIAG_HDR_AUTHORIZATION },
        { "proxy-authorization", SIPDIAG_HDR_PROXY_AUTHORIZATION },
        { "unsupported", SIPDIAG_HDR_UNSUPPORTED },
        { "require", SIPDIAG_HDR_REQUIRE },
        { "ALLOW", SIPDIAG_HDR_ALLOW },
        { "accept", SIPDIAG_HDR_ACCEPT },
        { "Accept-encoding", SIPDIAG_HDR_ACCEPT_ENCODING },
        { "accept-Language", SIPDIAG_HDR_ACCEPT_LANGUAGE },
        { "security-server", SIPDIAG_HDR_SECURITY_SERVER },
        { "content-length", SIPDIAG_HDR_CONTENT_LENGTH }, { "L", SIPDIAG_HDR_CONTENT_LENGTH },
        { "SERVER", SIPDIAG_HDR_SERVER }, { "user-AGENT", SIPDIAG_HDR_USER_AGENT },
        { "MS-Diagnostics", SIPDIAG_HDR_MS_DIAGNOSTICS },
        { "ms-diagnostics-PUBLIC", SIPDIAG_HDR_MS_DIAGNOSTICS_PUBLIC },
        { "x-asterisk-hangupcause", SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSE },
        { "X-ASTERISK-HANGUPCAUSECODE", SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSECODE },
        { "x-twilio-ERROR", SIPDIAG_HDR_X_TWILIO_ERROR },
        { "IDENTITY", SIPDIAG_HDR_IDENTITY }, { "y", SIPDIAG_HDR_IDENTITY },
        { "from", SIPDIAG_HDR_FROM }, { "F", SIPDIAG_HDR_FROM },
        { "TO", SIPDIAG_HDR_TO }, { "t", SIPDIAG_HDR_TO },
        { "rseq", SIPDIAG_HDR_RSEQ },
        { "p-asserted-IDENTITY", SIPDIAG_HDR_P_ASSERTED_IDENTITY },
        { "date", SIPDIAG_HDR_DATE },
        { "CALL-info", SIPDIAG_HDR_CALL_INFO },
        { "content-TYPE", SIPDIAG_HDR_CONTENT_TYPE }, { "c", SIPDIAG_HDR_CONTENT_TYPE },
        { "allow-events", SIPDIAG_HDR_ALLOW_EVENTS }, { "U", SIPDIAG_HDR_ALLOW_EVENTS },
        { "EVENT", SIPDIAG_HDR_EVENT }, { "o", SIPDIAG_HDR_EVENT },
        { "Accept-Resource-Priority", SIPDIAG_HDR_ACCEPT_RESOURCE_PRIORITY },
        { "geolocation-error", SIPDIAG_HDR_GEOLOCATION_ERROR },
        { "ALERTMSG-ERROR", SIPDIAG_HDR_ALERTMSG_ERROR },
        { "recv-info", SIPDIAG_HDR_RECV_INFO },
        { "Permission-missing", SIPDIAG_HDR_PERMISSION_MISSING },
        { "feature-caps", SIPDIAG_HDR_FEATURE_CAPS },
    };
    char text[256];
    sipdiag_message msg;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(text, sizeof text, "SIP/2.0 200 OK\r\n%s : value-%zu\r\n\r\n", names[i].name, i);
        sipdiag_parse_message(text, strlen(text), &msg);
        char want[32];
        snprintf(want, sizeof want, "value-%zu", i);
        CHECK(msg.count[names[i].id] == 1 && str_is(sipdiag_header(&msg, names[i].id), want), "header %s", names[i].name);
    }
    for (int id = 0; id < SIPDIAG_HDR_COUNT; id++) {
        int covered = 0;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            covered |= (int)names[i].id == id;
        CHECK(covered, "header id %d has a name in this test", id);
    }
    static const char *const strangers[] = {
        "Froms", "Tos", "Tx", "RSeqs", "Events", "Allow-Event", "Tox", "Max-Forwards", "Record-Route", "Supported", "Servers", "User-Agents",
        "X-Asterisk-HangupCauseCodes", "X-Asterisk-Hangup", "ms-diagnostic", "Identity-Info", "Date2",
        "Accept-Resource-Priorit\ry", "Accept-Resource-Priority-", "Alert-Info", "Call-Infos", "r", "d", "Call-IDs", "CSeq2", "Vias", "Contacts", "Min-Expire", "Reasons",
        "Proxy-Authorisation", "WWW-Authenticat", "Accept-Encodings", "k", "s",
        "Proxy-Authorization-And-Much-More", "Call\rID", "Min\rSE", "Proxy\rAuthenticate",
        /* names are compared eight bytes at a time: a '\r' or a near-miss
         * in each word, the last one too */
        "WWW-Authentic\rte", "Proxy-Authorizat\ron", "Proxy-Authorizatiom", "C@ll-ID", "Vi\ra", "Vi\ra-long",
    };
    /* Lines shorter than a word are compared a byte at a time. */
    static const char *const short_lines[] = { "via:x", "v:x", "VIA :x", "cseq:x", "CSeq:x y" };
    for (size_t i = 0; i < sizeof short_lines / sizeof short_lines[0]; i++) {
        snprintf(text, sizeof text, "SIP/2.0 200 OK\r\n%s\r\n\r\n", short_lines[i]);
        sipdiag_parse_message(text, strlen(text), &msg);
        sipdiag_header_id id = (short_lines[i][0] | 0x20) == 'v' ? SIPDIAG_HDR_VIA : SIPDIAG_HDR_CSEQ;
        CHECK(msg.count[id] == 1 && sipdiag_header(&msg, id).ptr[0] == 'x', "short line \"%s\"", short_lines[i]);
    }
    for (size_t i = 0; i < sizeof strangers / sizeof strangers[0]; i++) {
        snprintf(text, sizeof text, "SIP/2.0 200 OK\r\n%s: v\r\n\r\n", strangers[i]);
        sipdiag_parse_message(text, strlen(text), &msg);
        unsigned total = 0;
        for (int id = 0; id < SIPDIAG_HDR_COUNT; id++)
            total += msg.count[id];
        CHECK(total == 0, "%s is not a header the parser keeps", strangers[i]);
    }
}

static void via_branches(void)
{
    static const struct {
        const char *via;
        const char *branch;
    } cases[] = {
        { "SIP/2.0/UDP h:5060;branch=z9hG4bK-1;rport", "z9hG4bK-1" },
        { "SIP/2.0/UDP h;rport;BRANCH = z9hG4bK-2", "z9hG4bK-2" },
        { "SIP/2.0/TCP h ; branch=z9hG4bK-3 , SIP/2.0/UDP g;branch=other", "z9hG4bK-3" },
        { "SIP/2.0/UDP h;received=\"a;branch=fake\";branch=real", "real" },
        { "SIP/2.0/UDP h;branch=\"quoted;value\"", "quoted;value" },
        { "SIP/2.0/UDP h;branches=no;branch=yes", "yes" },
        { "SIP/2.0/UDP h;rport, SIP/2.0/UDP g;branch=second-via", "" },
        { "SIP/2.0/UDP h;branch", "" },
        { "SIP/2.0/UDP h;branch=", "" },
        { "SIP/2.0/UDP h;branch=\"unterminated", "unterminated" },
        { "", "" },
        { ";", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(str_is(sipdiag_via_branch(S(cases[i].via)), cases[i].branch), "Via %s", cases[i].via);
    /* Every prefix: bounded by the slice, never past it. */
    const char *via = "SIP/2.0/UDP h;branch=\"z9hG4bK\\\"x\";rport";
    for (size_t len = 0; len <= strlen(via); len++) {
        sipdiag_str branch = sipdiag_via_branch((sipdiag_str){ via, len });
        CHECK(branch.len == 0 || (branch.ptr >= via && branch.ptr + branch.len <= via + len), "prefix %zu", len);
    }
}

/* The transport of the top Via, and which carriers it cannot run on. */
static void via_transports(void)
{
    static const struct {
        const char *via;
        const char *transport;
    } cases[] = {
        { "SIP/2.0/UDP h:5060;branch=z9hG4bK-1", "UDP" },
        { "SIP / 2.0 / tls h;branch=x", "tls" },
        { "  SIP/2.0/TLS-SCTP h", "TLS-SCTP" },
        { "SIP/2.0/WSS", "WSS" },
        { "SIP/2.0/TCP h, SIP/2.0/UDP g", "TCP" },
        { "SIP/2.0 UDP h", "" },
        { "SIP/2.0/", "" },
        { "SIP", "" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(str_is(sipdiag_via_transport(S(cases[i].via)), cases[i].transport), "Via %s", cases[i].via);
    const char *via = "SIP/2.0/UDP h";
    for (size_t len = 0; len <= strlen(via); len++) {
        sipdiag_str t = sipdiag_via_transport((sipdiag_str){ via, len });
        CHECK(t.len == 0 || (t.ptr >= via && t.ptr + t.len <= via + len), "prefix %zu", len);
    }
    CHECK(sipdiag_via_transport_misfits(S("UDP"), SIPDIAG_CARRIED_TCP), "UDP on TCP");
    CHECK(sipdiag_via_transport_misfits(S("tcp"), SIPDIAG_CARRIED_UDP), "TCP on UDP");
    CHECK(sipdiag_via_transport_misfits(S("TLS"), SIPDIAG_CARRIED_UDP), "TLS on UDP");
    CHECK(sipdiag_via_transport_misfits(S("SCTP"), SIPDIAG_CARRIED_TCP), "SCTP on TCP");
    CHECK(!sipdiag_via_transport_misfits(S("TLS"), SIPDIAG_CARRIED_TCP), "TLS rides on TCP");
    CHECK(!sipdiag_via_transport_misfits(S("WSS"), SIPDIAG_CARRIED_TCP), "WebSocket rides on TCP");
    CHECK(!sipdiag_via_transport_misfits(S("UDP"), SIPDIAG_CARRIED_UDP), "UDP on UDP");
    CHECK(!sipdiag_via_transport_misfits(S("DTLS"), SIPDIAG_CARRIED_TCP), "an unknown token: no claim");
    CHECK(!sipdiag_via_transport_misfits(S("UDP"), SIPDIAG_CARRIED_UNKNOWN), "an unknown carrier: no claim");
    CHECK(!sipdiag_via_transport_misfits(S(""), SIPDIAG_CARRIED_TCP), "no transport: no claim");
}

/* The start lines Wireshark's SIP dissector takes for a status or a request
 * line, and those it leaves as a continuation. */
static void start_lines(void)
{
    static const struct {
        const char *line;
        bool strict;
        sipdiag_line_kind kind;
        size_t code_at;
    } cases[] = {
        { "SIP/2.0 486 Busy Here", true, SIPDIAG_LINE_STATUS, 8 },
        { "SIP/2.0 200 ", true, SIPDIAG_LINE_STATUS, 8 },
        { "SIP/2.0 200", true, SIPDIAG_LINE_OTHER, 0 },       /* no space after the code */
        { "SIP/2.0 4000 Too Long", true, SIPDIAG_LINE_OTHER, 0 },
        { "SIP/2.0 40 Short", true, SIPDIAG_LINE_OTHER, 0 },
        { "SIP/2.0 4x0 Letter", true, SIPDIAG_LINE_OTHER, 0 },
        { "sip/2.0 486 Busy Here", true, SIPDIAG_LINE_OTHER, 0 },
        { "sip/2.0 486 Busy Here", false, SIPDIAG_LINE_STATUS, 8 },
        { "SIP/2.1 503 Later", true, SIPDIAG_LINE_OTHER, 0 },
        { "SIP/2.1 503 Later", false, SIPDIAG_LINE_STATUS, 8 },
        { "SIP/3 480 Away", false, SIPDIAG_LINE_STATUS, 6 },
        { "SIP 480 Away", false, SIPDIAG_LINE_OTHER, 0 },
        { "INVITE sip:bob@example.com SIP/2.0", true, SIPDIAG_LINE_REQUEST, 0 },
        { "FOO tel:+123 SIP/2.0", true, SIPDIAG_LINE_REQUEST, 0 },
        { "INVITE sip:bob@example.com SIP/2.0 ", true, SIPDIAG_LINE_OTHER, 0 },
        { "INVITE sip:bob@example.com sip/2.0", true, SIPDIAG_LINE_OTHER, 0 },
        { "INVITE sip:bob@example.com sip/2.0", false, SIPDIAG_LINE_REQUEST, 0 },
        { "INVITE sip:bob@example.com SIP/2.1", false, SIPDIAG_LINE_REQUEST, 0 },
        { "INVITE bob@example.com SIP/2.0", true, SIPDIAG_LINE_OTHER, 0 },  /* no ':' in the URI */
        { "INVITE :bob SIP/2.0", true, SIPDIAG_LINE_OTHER, 0 },             /* ':' only first */
        { "INVITE a: SIP/2.0", true, SIPDIAG_LINE_OTHER, 0 },               /* URI under 3 bytes */
        { "INVITE a:b SIP/2.0", true, SIPDIAG_LINE_REQUEST, 0 },
        { " sip:bob@example.com SIP/2.0", true, SIPDIAG_LINE_OTHER, 0 },   /* empty method */
        { "INVITE sip:bob@example.com", true, SIPDIAG_LINE_OTHER, 0 },
        { "v=0", true, SIPDIAG_LINE_OTHER, 0 },
        { "", true, SIPDIAG_LINE_OTHER, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t code_at = 0;
        sipdiag_line_kind kind = sipdiag_start_line_kind(S(cases[i].line), cases[i].strict, &code_at);
        CHECK(kind == cases[i].kind, "\"%s\" (strict %d): kind %d", cases[i].line, cases[i].strict, (int)kind);
        if (kind == SIPDIAG_LINE_STATUS)
            CHECK(code_at == cases[i].code_at, "\"%s\": code at %zu", cases[i].line, code_at);
    }
    /* Every prefix of a line: bounded by the slice, never past it. */
    const char *line = "INVITE sip:bob@example.com SIP/2.0";
    for (size_t len = 0; len <= strlen(line); len++) {
        size_t code_at = 0;
        sipdiag_line_kind kind = sipdiag_start_line_kind((sipdiag_str){ line, len }, true, &code_at);
        CHECK(kind == (len == strlen(line) ? SIPDIAG_LINE_REQUEST : SIPDIAG_LINE_OTHER), "prefix %zu", len);
    }
}

/* The CSeq and top Via branch read once for every reader: the same as
 * reading the header values again, before and after sipdiag_read_branch. */
static void identifiers_read_once(void)
{
    static const char *const texts[] = {
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa;rport,\r\n SIP/2.0/UDP g;branch=b\r\n"
        "CSeq:  12\t INVITE \r\nCSeq: 13 BYE\r\n\r\n",
        "BYE sip:x SIP/2.0\r\nv: SIP/2.0/TCP h;received=1;branch = \"q;,\"\r\nCSeq: 4294967296 BYE\r\n\r\n",
        "ACK sip:x SIP/2.0\r\nCSeq: ACK\r\n\r\n",
        "SIP/2.0 100 Trying\r\nCSeq: 007\r\n\r\n",
        "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        sipdiag_message msg;
        sipdiag_parse_message(texts[i], strlen(texts[i]), &msg);
        unsigned long want_number = 0, number = 0;
        sipdiag_str want_method = S(""), method = S("");
        bool want = sipdiag_parse_cseq(sipdiag_header(&msg, SIPDIAG_HDR_CSEQ), &want_number, &want_method);
        bool got = sipdiag_message_cseq(&msg, &number, &method);
        CHECK(got == want && (!got || (number == want_number && method.len == want_method.len
                                       && memcmp(method.ptr, want_method.ptr, method.len) == 0)),
              "message %zu: CSeq read once", i);
        CHECK(!got || (msg.cseq_digits.len > 0 && msg.cseq_digits.ptr == sipdiag_header(&msg, SIPDIAG_HDR_CSEQ).ptr),
              "message %zu: the CSeq number as written", i);
        sipdiag_str branch = sipdiag_via_branch(sipdiag_header(&msg, SIPDIAG_HDR_VIA));
        sipdiag_str before = sipdiag_top_branch(&msg);
        sipdiag_read_branch(&msg);
        sipdiag_str after = sipdiag_top_branch(&msg);
        CHECK(before.ptr == branch.ptr && before.len == branch.len && after.ptr == branch.ptr && after.len == branch.len,
              "message %zu: top branch", i);
    }
    sipdiag_message msg;
    const char *first = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=one\r\nCSeq: 1 INVITE\r\n\r\n";
    const char *second = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=two\r\n\r\n";
    sipdiag_parse_message(first, strlen(first), &msg);
    sipdiag_read_branch(&msg);
    sipdiag_parse_message(second, strlen(second), &msg);
    unsigned long number;
    sipdiag_str method;
    CHECK(str_is(sipdiag_top_branch(&msg), "two") && !sipdiag_message_cseq(&msg, &number, &method),
          "a message parsed again forgets the last one's branch and CSeq");

    /* A challenge parsed once: the same as parsing the first value again. */
    const char *challenged = "SIP/2.0 407 Proxy Authentication Required\r\n"
                             "Proxy-Authenticate: Digest realm=\"a\", nonce=\"n1\", stale=true\r\n"
                             "Proxy-Authenticate: Digest realm=\"b\", nonce=\"n2\"\r\n"
                             "WWW-Authenticate: Digest nonce=\"n3\"\r\n\r\n";
    sipdiag_parse_message(challenged, strlen(challenged), &msg);
    sipdiag_read_auth(&msg, SIPDIAG_HDR_PROXY_AUTHENTICATE);
    sipdiag_auth cached, again;
    CHECK(sipdiag_message_auth(&msg, SIPDIAG_HDR_PROXY_AUTHENTICATE, &cached)
          && sipdiag_parse_auth(sipdiag_header(&msg, SIPDIAG_HDR_PROXY_AUTHENTICATE), &again)
          && str_is(cached.realm, "a") && str_is(cached.nonce, "n1") && cached.stale
          && cached.realm.ptr == again.realm.ptr && cached.nonce.ptr == again.nonce.ptr, "the first challenge, kept");
    CHECK(!sipdiag_message_auth(&msg, SIPDIAG_HDR_WWW_AUTHENTICATE, &cached) && str_is(cached.nonce, "n3"),
          "another header is parsed, not taken from the kept one (Digest without realm)");
    sipdiag_parse_message(second, strlen(second), &msg);
    CHECK(!sipdiag_message_auth(&msg, SIPDIAG_HDR_PROXY_AUTHENTICATE, &cached) && cached.scheme.len == 0,
          "a message parsed again forgets the last one's challenge");
}

/* sipdiag_hash_more as first written: the tail a byte at a time. */
static uint64_t hash_bytewise(uint64_t h, sipdiag_str s, size_t max)
{
    size_t len = s.len < max ? s.len : max;
    const char *p = s.ptr;
    uint64_t word;
    h = sipdiag_hash_mix(h, len);
    for (; len >= sizeof word; len -= sizeof word, p += sizeof word) {
        memcpy(&word, p, sizeof word);
        h = sipdiag_hash_mix(h, word);
    }
    word = 0;
    for (size_t i = 0; i < len; i++)
        word |= (uint64_t)(unsigned char)p[i] << (8 * i);
    return sipdiag_hash_mix(h, word);
}

/* The tail read in one load (after a whole word) hashes as the bytes do:
 * the tables' keys do not depend on how. */
static void hashes(void)
{
    char text[80];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)(i * 37 + 11);
    for (size_t start = 0; start < 8; start++)
        for (size_t len = 0; len + start <= 64; len++)
            for (size_t max = 1; max <= 72; max += 7) {
                sipdiag_str s = { text + start, len };
                CHECK(sipdiag_hash_more(42, s, max) == hash_bytewise(42, s, max), "hash of %zu bytes at %zu (max %zu)",
                      len, start, max);
            }
}

int main(void)
{
    hashes();
    message_block();
    request_line();
    truncated_and_empty();
    auth_values();
    retry_after_values();
    warning_values();
    reason_values();
    reason_locations();
    new_header_names();
    bodies();
    numbers();
    tags_and_events();
    header_names();
    via_branches();
    via_transports();
    start_lines();
    identifiers_read_once();
    return check_report("test_headers");
}
