/* test_vendor: vendor and carrier reason headers and the Reason protocols, well-formed and hostile. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sipdiag_reason.h"
#include "sipdiag_vendor.h"

static sipdiag_str S(const char *s)
{
    sipdiag_str str = { s, strlen(s) };
    return str;
}

static int str_is(sipdiag_str s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static void ms_diagnostics(void)
{
    sipdiag_ms_diagnostics d;
    CHECK(sipdiag_parse_ms_diagnostics(S("560403;reason=\"Forbidden by SBC\";source=\"sip.pstnhub.microsoft.com\""), &d),
          "Teams code");
    CHECK(d.code == 560403 && d.sbc_code == 403 && str_is(d.reason, "Forbidden by SBC")
          && str_is(d.source, "sip.pstnhub.microsoft.com"), "560403: the SBC sent 403");
    CHECK(sipdiag_parse_ms_diagnostics(S(" 10199 ; Reason=\"a; b, \\\"c\\\"\" ; Source=fe.example ; AppName=x"), &d)
          && d.code == 10199 && d.sbc_code == 0 && str_is(d.reason, "a; b, \\\"c\\\"") && str_is(d.source, "fe.example"),
          "blanks, a quoted ';', escaped quotes, names in any case");
    sipdiag_str params = d.params, name, value;
    int n = 0, app = 0;
    while (sipdiag_vendor_next_param(&params, &name, &value)) {
        n++;
        app |= str_is(name, "AppName") && str_is(value, "x");
    }
    CHECK(n == 3 && app, "three parameters, the other one kept (%d)", n);
    CHECK(sipdiag_parse_ms_diagnostics(S("560999;reason=\"x\""), &d) && d.sbc_code == 0, "560999 is no SIP code");
    CHECK(sipdiag_parse_ms_diagnostics(S("5604030"), &d) && d.sbc_code == 0, "seven digits are not the 560 rule");
    CHECK(sipdiag_parse_ms_diagnostics(S("0560403"), &d) && d.sbc_code == 0, "a leading zero is not the 560 rule");
    CHECK(!sipdiag_parse_ms_diagnostics(S("abc;reason=\"x\""), &d) && str_is(d.code_text, "abc") && str_is(d.reason, "x"),
          "a non-numeric code is malformed, the rest still read");
    CHECK(!sipdiag_parse_ms_diagnostics(S(""), &d) && d.code_text.len == 0, "empty");
    CHECK(!sipdiag_parse_ms_diagnostics(S(";reason=x"), &d), "no code");
    CHECK(!sipdiag_parse_ms_diagnostics(S("99999999999"), &d), "a code above 2^32");
    CHECK(!sipdiag_parse_ms_diagnostics(S("-1;reason=x"), &d), "a signed code");
    CHECK(sipdiag_parse_ms_diagnostics(S("1;reason=\"unterminated"), &d) && str_is(d.reason, "unterminated"),
          "an unterminated quote ends at the value's end");
    CHECK(sipdiag_parse_ms_diagnostics(S("1;reason=\"a\\"), &d), "a trailing backslash inside quotes");
    CHECK(sipdiag_parse_ms_diagnostics(S("1;;;=;reason"), &d) && d.reason.len == 0, "empty parameters");
    /* Every prefix of a value: bounded by the slice. */
    const char *v = "560486;reason=\"Busy \\\"here\\\"\";source=\"sbc.example\"";
    for (size_t len = 0; len <= strlen(v); len++)
        sipdiag_parse_ms_diagnostics((sipdiag_str){ v, len }, &d);
    CHECK(1, "prefixes read without a crash");
}

static void twilio_and_asterisk(void)
{
    sipdiag_twilio_error t;
    CHECK(sipdiag_parse_twilio_error(S("32011 Error communicating with your SIP infrastructure"), &t)
          && t.code == 32011 && str_is(t.text, "Error communicating with your SIP infrastructure"), "Twilio");
    CHECK(sipdiag_parse_twilio_error(S(" 13224 "), &t) && t.code == 13224 && t.text.len == 0, "code only");
    CHECK(!sipdiag_parse_twilio_error(S("E32011 x"), &t), "a letter first");
    CHECK(!sipdiag_parse_twilio_error(S("32011x text"), &t), "digits then letters");
    CHECK(!sipdiag_parse_twilio_error(S(""), &t), "empty");
    CHECK(!sipdiag_parse_twilio_error(S("123456789012 x"), &t), "above 2^32");
    unsigned long cause;
    CHECK(sipdiag_parse_asterisk_cause_code(S(" 17 "), &cause) && cause == 17, "Asterisk cause code");
    CHECK(!sipdiag_parse_asterisk_cause_code(S("128"), &cause), "no Q.850 cause above 127");
    CHECK(!sipdiag_parse_asterisk_cause_code(S("User busy"), &cause), "text is no code");
    CHECK(!sipdiag_parse_asterisk_cause_code(S(""), &cause), "empty");
}

static void carrier_tokens(void)
{
    sipdiag_str token;
    CHECK(sipdiag_carrier_token(S("Service Unavailable D35"), "Service Unavailable", &token) && str_is(token, "D35"),
          "trailing token");
    CHECK(sipdiag_carrier_token(S("forbidden (CC12)"), "Forbidden", &token) && str_is(token, "CC12"), "bracketed");
    CHECK(sipdiag_carrier_token(S("Not Found - [404x1]"), "Not Found", &token) && str_is(token, "404x1"), "dash, []");
    CHECK(!sipdiag_carrier_token(S("Service Unavailable"), "Service Unavailable", &token), "the phrase alone");
    CHECK(!sipdiag_carrier_token(S("Service Unavailable now"), "Service Unavailable", &token), "a word, no digit");
    CHECK(!sipdiag_carrier_token(S("Service UnavailableD35"), "Service Unavailable", &token), "glued on");
    CHECK(!sipdiag_carrier_token(S("Service Unavailable D35 again"), "Service Unavailable", &token), "two words");
    CHECK(!sipdiag_carrier_token(S("Busy D35"), "Service Unavailable", &token), "another phrase");
    CHECK(!sipdiag_carrier_token(S("Forbidden ABCDEFGHIJKLMNOP1"), "Forbidden", &token), "longer than 16");
    CHECK(!sipdiag_carrier_token(S("Forbidden ()"), "Forbidden", &token), "empty brackets");
    CHECK(!sipdiag_carrier_token(S("Forbidden (D3"), "Forbidden", &token), "unclosed bracket");
    CHECK(!sipdiag_carrier_token(S("Forbidden D35"), "", &token) && !sipdiag_carrier_token(S("x"), NULL, &token),
          "no registered phrase");
}

static void reason_protocols(void)
{
    sipdiag_reason r;
    char buf[512];
    CHECK(sipdiag_reason_protocol_of(S(" stir ")) == SIPDIAG_REASON_STIR
          && sipdiag_reason_protocol_of(S("Preemption")) == SIPDIAG_REASON_PREEMPTION
          && sipdiag_reason_protocol_of(S("q.850")) == SIPDIAG_REASON_Q850
          && sipdiag_reason_protocol_of(S("SIP")) == SIPDIAG_REASON_SIP
          && sipdiag_reason_protocol_of(S("RELEASE_CAUSE")) == SIPDIAG_REASON_OTHER, "protocols");
    sipdiag_parse_reason(S("STIR;cause=438;text=\"Invalid Identity Header\""), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) > 0 && strstr(buf, "Invalid Identity Header (RFC 8224"),
          "STIR 438: %s", buf);
    sipdiag_parse_reason(S("STIR;cause=403"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) > 0 && strstr(buf, "Stale Date"), "STIR 403: %s", buf);
    sipdiag_parse_reason(S("STIR;cause=486"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) == 0 && buf[0] == '\0', "STIR 486 is no STIR cause");
    sipdiag_parse_reason(S("preemption;cause=2"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) > 0 && strstr(buf, "Reserved Resources Preempted"), "%s", buf);
    sipdiag_parse_reason(S("preemption;cause=9"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) == 0, "preemption 9 unknown");
    sipdiag_parse_reason(S("preemption;cause=99999"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) == 0, "preemption above the table");
    sipdiag_parse_reason(S("Q.850;cause=21;location=U"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) > 0 && strstr(buf, "call rejected") && strstr(buf, "location U"),
          "Q.850 21 at the user: %s", buf);
    sipdiag_parse_reason(S("Q.850;cause=34;location=tn"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) > 0 && strstr(buf, "a transit network"), "TN: %s", buf);
    sipdiag_parse_reason(S("Q.850;cause=34;location=MARS"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) > 0 && !strstr(buf, "Released"), "unknown location: %s", buf);
    sipdiag_parse_reason(S("SIP;cause=480;location=U"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) == 0, "location belongs to Q.850 only");
    sipdiag_parse_reason(S("STIR;cause=abc"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, sizeof buf) == 0, "invalid cause");
    sipdiag_parse_reason(S("STIR;cause=438"), &r);
    CHECK(sipdiag_reason_explain(&r, buf, 8) == 7 && strlen(buf) == 7, "truncated to the buffer");
    CHECK(sipdiag_reason_explain(&r, buf, 0) == 0, "no buffer");
    CHECK(sipdiag_reason_location(S("BI")) && !sipdiag_reason_location(S("")) && sipdiag_reason_location(S("U"))->user,
          "locations");
    CHECK(sipdiag_stir_cause_lookup(700) == NULL && sipdiag_stir_cause_lookup(0xFFFFFFFFUL) == NULL
          && sipdiag_preemption_cause_lookup(10) == NULL, "lookups bounded");
    for (size_t i = 0; i < sipdiag_stir_causes_count; i++)
        CHECK(strstr(sipdiag_stir_causes_rows[i].ref, "RFC 8224") != NULL, "STIR causes are RFC 8224's codes");
}

int main(void)
{
    ms_diagnostics();
    twilio_and_asterisk();
    carrier_tokens();
    reason_protocols();
    return check_report("test_vendor");
}
