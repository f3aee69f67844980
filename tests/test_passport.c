/* test_passport: Identity header / PASSporT decoding and the checks, well-formed and hostile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sipdiag_passport.h"

static sipdiag_str S(const char *s)
{
    sipdiag_str str = { s, strlen(s) };
    return str;
}

static int str_is(sipdiag_str s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

/* Base64url without padding, for building test tokens. */
static void enc(const char *in, char *out)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t n = strlen(in);
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)in[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)in[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = alphabet[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = alphabet[v & 63];
    }
    out[o] = '\0';
}

static char value_buf[16384];

/* An Identity value from a JOSE header and claims in JSON. */
static sipdiag_str identity(const char *header, const char *claims, const char *params)
{
    static char h[4096];
    static char c[8192];
    enc(header, h);
    enc(claims, c);
    snprintf(value_buf, sizeof value_buf, "%s.%s.c2lnbmF0dXJl%s", h, c, params);
    return S(value_buf);
}

static const char *const HEADER =
    "{\"alg\":\"ES256\",\"ppt\":\"shaken\",\"typ\":\"passport\",\"x5u\":\"https://cert.example.org/passport.cer\"}";
static const char *const CLAIMS =
    "{\"attest\":\"A\",\"dest\":{\"tn\":[\"12155550131\"]},\"iat\":1443208345,"
    "\"orig\":{\"tn\":\"12155550121\"},\"origid\":\"123e4567-e89b-12d3-a456-426655440000\"}";

static void full_form(void)
{
    sipdiag_passport *pp = malloc(sizeof *pp);
    CHECK(sipdiag_parse_passport(identity(HEADER, CLAIMS, ";info=<https://cert.example.org/passport.cer>;alg=ES256;ppt=\"shaken\""), pp),
          "full form: %s", pp->error ? pp->error : "");
    CHECK(!pp->compact && pp->header_decoded && pp->claims_decoded && !pp->error, "decoded");
    CHECK(str_is(pp->alg, "ES256") && str_is(pp->ppt, "shaken") && str_is(pp->typ, "passport")
          && str_is(pp->x5u, "https://cert.example.org/passport.cer"), "JOSE header");
    CHECK(str_is(pp->info, "https://cert.example.org/passport.cer") && str_is(pp->alg_param, "ES256")
          && str_is(pp->ppt_param, "shaken"), "header field parameters");
    CHECK(str_is(pp->attest, "A") && str_is(pp->orig_tn, "12155550121") && pp->dest_count == 1
          && str_is(pp->dest_tn[0], "12155550131") && pp->has_iat && pp->iat == 1443208345
          && str_is(pp->origid, "123e4567-e89b-12d3-a456-426655440000"), "claims");

    int64_t delta;
    CHECK(sipdiag_passport_check_iat(pp, 1443208345 + 60, 60, &delta) == SIPDIAG_CHECK_PASS && delta == 60, "60 s: fresh");
    CHECK(sipdiag_passport_check_iat(pp, 1443208345 + 61, 60, &delta) == SIPDIAG_CHECK_FAIL && delta == 61, "61 s: stale");
    CHECK(sipdiag_passport_check_iat(pp, 1443208345 - 61, 60, &delta) == SIPDIAG_CHECK_FAIL && delta == -61,
          "iat in the future");
    CHECK(sipdiag_passport_check_orig(pp, S("<sip:+12155550121@a.example;user=phone>;tag=1"), S(""))
          == SIPDIAG_CHECK_PASS, "orig = From");
    CHECK(sipdiag_passport_check_orig(pp, S("\"Anonymous\" <sip:anonymous@anonymous.invalid>"),
                                      S("<tel:+1-215-555-0121>")) == SIPDIAG_CHECK_PASS, "orig = PAI when From is anonymous");
    CHECK(sipdiag_passport_check_orig(pp, S("<sip:+12155550199@a>"), S("")) == SIPDIAG_CHECK_FAIL, "orig != From");
    CHECK(sipdiag_passport_check_orig(pp, S("<sip:2155550121@a>"), S("")) == SIPDIAG_CHECK_FAIL,
          "a national number is a mismatch by digits (the hint says so)");
    CHECK(sipdiag_passport_check_orig(pp, S("<sip:alice@a>"), S("")) == SIPDIAG_CHECK_UNKNOWN, "no digits: unknown");
    CHECK(sipdiag_passport_check_dest(pp, S("<sip:12155550131@b>")) == SIPDIAG_CHECK_PASS, "dest = To");
    CHECK(sipdiag_passport_check_dest(pp, S("sip:12155550132@b")) == SIPDIAG_CHECK_FAIL, "dest != To");
    free(pp);
}

static void compact_and_variants(void)
{
    sipdiag_passport *pp = malloc(sizeof *pp);
    CHECK(sipdiag_parse_passport(S("..c2lnbmF0dXJl;info=<https://x/c.pem>;ppt=shaken"), pp) && pp->compact
          && !pp->header_decoded && str_is(pp->info, "https://x/c.pem"), "compact form");
    int64_t delta;
    CHECK(sipdiag_passport_check_iat(pp, 0, 60, &delta) == SIPDIAG_CHECK_UNKNOWN
          && sipdiag_passport_check_orig(pp, S("<sip:1@a>"), S("")) == SIPDIAG_CHECK_UNKNOWN
          && sipdiag_passport_check_dest(pp, S("<sip:1@a>")) == SIPDIAG_CHECK_UNKNOWN, "compact: nothing to check");
    CHECK(sipdiag_parse_passport(identity(HEADER, "{\"attest\":\"C\",\"dest\":{\"tn\":\"+1 (215) 555-0131\"},"
                                                  "\"iat\":\"1443208345\",\"orig\":{\"tn\":\"12155550121\"}}", ""), pp)
          && pp->dest_count == 1 && !pp->has_iat, "dest.tn as one string, iat as a string (no iat)");
    CHECK(sipdiag_passport_check_dest(pp, S("<tel:+12155550131>")) == SIPDIAG_CHECK_PASS, "digits only");
    CHECK(sipdiag_parse_passport(identity(HEADER, "{\"dest\":{\"tn\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"],"
                                                  "\"uri\":[\"sip:x@y\"]},\"orig\":{\"uri\":\"sip:a@b\"},"
                                                  "\"x\":[{\"a\":[1,2,{\"b\":null}]}],\"iat\":1e9}", ""), pp)
          && pp->dest_count == SIPDIAG_PASSPORT_DEST_MAX && str_is(pp->orig_uri, "sip:a@b") && !pp->has_iat,
          "six dest.tn: four kept; nested unknown members skipped; 1e9 is no whole iat");
    CHECK(sipdiag_parse_passport(identity(HEADER, "{\"iat\":99999999999999999999}", ""), pp) && !pp->has_iat,
          "an iat above 2^63 is none");
    CHECK(sipdiag_parse_passport(identity(HEADER, "{\"attest\":\"A\\\"B\",\"orig\":{\"tn\":\"121\\u0035\"}}", ""), pp)
          && str_is(pp->attest, "A\\\"B"), "escapes kept as written");
    CHECK(sipdiag_parse_passport(identity(" { } ", " {} ", ""), pp), "empty objects with blanks");
    free(pp);
}

static void hostile(void)
{
    sipdiag_passport *pp = malloc(sizeof *pp);
    static const char *const bad_claims[] = {
        "{\"a\":[[[[[[[[[[]]]]]]]]]]}", "{\"attest\":\"A", "{\"attest\":\"A\"} x", "[\"attest\"]", "",
        "{\"a\":}", "{\"a\" \"b\"}", "{,}", "{\"a\":1,}", "{\"dest\":{\"tn\":[\"1\",]}}", "{\"orig\":{\"tn\":}}",
        "{\"a\":\"x\ny\"}", "{\"dest\":{\"tn\":[\"1\"}}", "{\"iat\":}",
    };
    for (size_t i = 0; i < sizeof bad_claims / sizeof bad_claims[0]; i++)
        CHECK(!sipdiag_parse_passport(identity(HEADER, bad_claims[i], ""), pp) && pp->error
              && pp->header_decoded && !pp->claims_decoded, "claims %zu (%s) refused", i, bad_claims[i]);
    CHECK(!sipdiag_parse_passport(identity("{\"alg\":ES256}", CLAIMS, ""), pp) && !pp->header_decoded,
          "a bare word is no JSON string");
    char big[4000];
    memset(big, 'a', sizeof big);
    memcpy(big, "{\"x\":\"", 6);
    memcpy(big + sizeof big - 3, "\"}", 3);
    CHECK(!sipdiag_parse_passport(identity(HEADER, big, ""), pp) && strstr(pp->error, "too long"),
          "claims longer than the buffer refused, not grown into");
    static const char *const bad_values[] = {
        "", "abc", "a.b", "a.b.c.d", "a.b.", ";info=<x>", "ey$$.ey.sig", "e.e.sig", "eyJ9=x.eyJ9.sig",
    };
    for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++)
        CHECK(!sipdiag_parse_passport(S(bad_values[i]), pp) && pp->error, "value \"%s\" refused", bad_values[i]);
    /* Every prefix of a real value: bounded by the slice. */
    sipdiag_str full = identity(HEADER, CLAIMS, ";info=<https://cert.example.org/passport.cer>;alg=ES256");
    for (size_t len = 0; len <= full.len; len++)
        sipdiag_parse_passport((sipdiag_str){ full.ptr, len }, pp);
    CHECK(1, "prefixes parsed without a crash");
    free(pp);
}

static void base64(void)
{
    char out[8];
    size_t n;
    CHECK(sipdiag_base64url_decode(S("aGk"), out, sizeof out, &n) && n == 2 && memcmp(out, "hi", 2) == 0, "no padding");
    CHECK(sipdiag_base64url_decode(S("aGk="), out, sizeof out, &n) && n == 2, "padding tolerated");
    CHECK(sipdiag_base64url_decode(S("a G\r\n k"), out, sizeof out, &n) && n == 2, "folding blanks skipped");
    CHECK(!sipdiag_base64url_decode(S("aGk=a"), out, sizeof out, &n), "data after padding");
    CHECK(!sipdiag_base64url_decode(S("a+/k"), out, sizeof out, &n), "base64, not base64url");
    CHECK(!sipdiag_base64url_decode(S("aGkaG"), out, sizeof out, &n), "a length of 4n+1");
    CHECK(!sipdiag_base64url_decode(S("aGVsbG8gd29ybGQ"), out, 4, &n), "output bound");
    CHECK(sipdiag_base64url_decode(S(""), out, 0, &n) && n == 0, "empty");
}

static void dates_and_users(void)
{
    int64_t t;
    CHECK(sipdiag_parse_sip_date(S("Sat, 13 Nov 2010 23:29:00 GMT"), &t) && t == 1289690940, "RFC 3261's example");
    CHECK(sipdiag_parse_sip_date(S(" Thu, 01 Jan 1970 00:00:00 GMT "), &t) && t == 0, "the epoch");
    CHECK(sipdiag_parse_sip_date(S("Fri, 29 Feb 2024 12:00:00 GMT"), &t) && t == 1709208000, "leap day");
    CHECK(!sipdiag_parse_sip_date(S("Sat, 13 Nov 2010 23:29:00 UTC"), &t), "not GMT");
    CHECK(!sipdiag_parse_sip_date(S("Sat, 13 Foo 2010 23:29:00 GMT"), &t), "no such month");
    CHECK(!sipdiag_parse_sip_date(S("Sat, 13 Nov 2010 24:29:00 GMT"), &t), "hour 24");
    CHECK(!sipdiag_parse_sip_date(S("Sat, 1 Nov 2010 23:29:00 GMT"), &t), "one-digit day");
    CHECK(!sipdiag_parse_sip_date(S("1289690940"), &t) && !sipdiag_parse_sip_date(S(""), &t), "not a date");
    CHECK(str_is(sipdiag_uri_user(S("\"A\" <sip:+1215;npdi;rn=+1999@x;user=phone>")), "+1215"), "user without params");
    CHECK(str_is(sipdiag_uri_user(S("tel:+1-215-555;phone-context=x")), "+1-215-555"), "tel");
    CHECK(str_is(sipdiag_uri_user(S("sips:bob:secret@x")), "bob"), "no password");
    CHECK(sipdiag_uri_user(S("<sip:example.com>")).len == 0, "no user");
    CHECK(sipdiag_uri_user(S("<sip:a@b")).len == 0 && sipdiag_uri_user(S("nothing")).len == 0, "broken");
    CHECK(sipdiag_tn_compare(S("+1 (215) 555-0100"), S("12155550100")) == SIPDIAG_CHECK_PASS, "digits");
    CHECK(sipdiag_tn_compare(S("1215"), S("12150")) == SIPDIAG_CHECK_FAIL, "a longer one");
    CHECK(sipdiag_tn_compare(S("+"), S("1")) == SIPDIAG_CHECK_UNKNOWN, "no digit");
}

static const char *const JCARD =
    "[\"vcard\",[[\"version\",{},\"text\",\"4.0\"],[\"fn\",{},\"text\",\"Robocall Adjudication\"],"
    "[\"org\",{},\"text\",\"Call Analytics Example Inc.\",\"Disputes\"],[\"tel\",{\"type\":\"work\"},\"uri\","
    "\"tel:+1-555-555-0199\"],[\"email\",{},\"text\",\"disputes@analytics.example\"],"
    "[\"url\",{},\"uri\",\"https://analytics.example/dispute\"],[\"fn\",{},\"text\",\"second fn ignored\"]]]";

/* RFC 8688: a 608's Call-Info purpose=jwscard. */
static void jwscard(void)
{
    static char value[8192];
    static char payload[4096];
    sipdiag_jwscard card;
    enc(JCARD, payload);
    snprintf(value, sizeof value, "<data:application/jose,eyJhbGciOiJFUzI1NiJ9.%s.c2ln>;purpose=jwscard", payload);
    CHECK(sipdiag_parse_jwscard(S(value), &card) && card.data && card.jws && card.decoded && !card.error,
          "a JWS in a data: URI: %s", card.error ? card.error : "");
    CHECK(str_is(card.fn, "Robocall Adjudication") && str_is(card.org, "Call Analytics Example Inc.")
          && str_is(card.tel, "tel:+1-555-555-0199") && str_is(card.email, "disputes@analytics.example")
          && str_is(card.url, "https://analytics.example/dispute"), "fn, org (its first value), tel, email, url");
    /* The bare jCard, base64 (the standard alphabet) and %-encoded. */
    CHECK(sipdiag_parse_jwscard(S("<data:application/vcard+json;base64,"
                                  "WyJ2Y2FyZCIsW1siZm4iLHt9LCJ0ZXh0IiwiQiJdXV0=>;purpose=\"JWSCARD\""), &card)
          && card.decoded && !card.jws && str_is(card.fn, "B"), "base64 jCard, quoted purpose in capitals");
    CHECK(sipdiag_parse_jwscard(S("<data:,%5B%22vcard%22%2C%5B%5B%22tel%22%2C%7B%7D%2C%22uri%22%2C%22tel%3A1%22%5D%5D%5D>"
                                  ";purpose=jwscard"), &card)
          && card.decoded && str_is(card.tel, "tel:1"), "%%-encoded jCard");
    /* An https URI: named, not fetched. */
    CHECK(sipdiag_parse_jwscard(S(" <https://block.example.net/complaint-jws> ; purpose=jwscard"), &card)
          && !card.data && !card.decoded && !card.error && str_is(card.uri, "https://block.example.net/complaint-jws"),
          "https URI");
    CHECK(!sipdiag_parse_jwscard(S("<https://example.net/logo.png>;purpose=icon"), &card)
          && !sipdiag_parse_jwscard(S("https://example.net/x;purpose=jwscard"), &card)
          && !sipdiag_parse_jwscard(S(""), &card), "not a jwscard");
    /* Malformed: each says what. */
    static const char *const bad[] = {
        "<data:application/jose>;purpose=jwscard",
        "<data:;base64,!!!!>;purpose=jwscard",
        "<data:,%zz>;purpose=jwscard",
        "<data:,%4>;purpose=jwscard",
        "<data:,hello>;purpose=jwscard",
        "<data:,a.!!.c>;purpose=jwscard",
        "<data:,[\"vcard\",[[\"fn\",{},\"text\"]]]>;purpose=jwscard",
        "<data:,[\"vcard\",[[\"fn\",\"text\",\"x\"]]]>;purpose=jwscard",
        "<data:,[\"card\",[]]>;purpose=jwscard",
        "<data:,[\"vcard\",[]] trailing>;purpose=jwscard",
        "<>;purpose=jwscard",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(sipdiag_parse_jwscard(S(bad[i]), &card) && !card.decoded && card.error && card.fn.len == 0,
              "malformed %zu: %s", i, card.error ? card.error : "(no error)");
    /* Bounded: a jCard of many properties, deep nesting, a data: URI over 4 KiB. */
    static char many[8192];
    size_t n = (size_t)snprintf(many, sizeof many, "<data:,[\"vcard\",[");
    for (int i = 0; i < 70; i++)
        n += (size_t)snprintf(many + n, sizeof many - n, "%s[\"x\",{},\"text\",\"y\"]", i ? "," : "");
    snprintf(many + n, sizeof many - n, "]]>;purpose=jwscard");
    CHECK(sipdiag_parse_jwscard(S(many), &card) && !card.decoded && card.error, "more than 64 properties");
    CHECK(sipdiag_parse_jwscard(S("<data:,[\"vcard\",[[\"fn\",{\"a\":[[[[[[[[[1]]]]]]]]]},\"text\",\"x\"]]]>;purpose=jwscard"),
                                &card) && !card.decoded, "nesting deeper than JSON_DEPTH");
    memset(many, 'A', sizeof many - 1);
    memcpy(many, "<data:;base64,", 14);
    memcpy(many + sizeof many - 20, ">;purpose=jwscard", 18);
    CHECK(sipdiag_parse_jwscard(S(many), &card) && !card.decoded && card.error, "a data: URI over 4 KiB");
    for (size_t len = 0; len <= strlen(value); len++)
        sipdiag_parse_jwscard((sipdiag_str){ value, len }, &card);
    CHECK(1, "prefixes read without a crash");
}

int main(void)
{
    full_form();
    compact_and_variants();
    hostile();
    base64();
    dates_and_users();
    jwscard();
    return check_report("test_passport");
}
