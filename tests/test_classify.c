/* test_classify: status code and reason phrase to verdict, without Wireshark. */
#include <limits.h>
#include <string.h>

#include "check.h"
#include "sipdiag_classify.h"

static sipdiag_verdict classify(unsigned code, const char *phrase)
{
    sipdiag_verdict v;
    memset(&v, 0xAA, sizeof v); /* no field may keep garbage */
    sipdiag_classify(code, phrase, &v);
    return v;
}

static void registered_codes(void)
{
    sipdiag_verdict v = classify(401, "Unauthorized");
    CHECK(v.code == 401 && v.klass == SIPDIAG_CLASS_CLIENT_FAILURE, "401: class %d", v.klass);
    CHECK(v.registered && v.entry && v.entry->code == 401, "401 is registered with its own row");
    CHECK(!v.phrase_differs, "401 with its registered phrase");
    CHECK(v.severity == SIPDIAG_SEVERITY_WARN, "401 is a warning");

    v = classify(199, "Early Dialog Terminated");
    CHECK(v.registered && v.entry->code == 199 && v.severity == SIPDIAG_SEVERITY_CHAT,
          "199 is registered (RFC 6228), not a catch-all");

    CHECK(classify(100, "Trying").severity == SIPDIAG_SEVERITY_CHAT, "1xx is chat");
    CHECK(classify(200, "OK").severity == SIPDIAG_SEVERITY_CHAT, "2xx is chat");
    CHECK(classify(302, "Moved Temporarily").severity == SIPDIAG_SEVERITY_NOTE, "3xx is a note");
    CHECK(classify(503, "Service Unavailable").severity == SIPDIAG_SEVERITY_ERROR, "5xx is an error");
    CHECK(classify(603, "Decline").severity == SIPDIAG_SEVERITY_ERROR, "6xx is an error");
    CHECK(classify(603, "Decline").klass == SIPDIAG_CLASS_GLOBAL_FAILURE, "603 is global failure");
}

static void wire_phrases(void)
{
    CHECK(classify(403, "Wrong password").phrase_differs, "403 Wrong password differs");
    CHECK(classify(480, "Error").phrase_differs, "480 Error differs");
    CHECK(classify(486, "").phrase_differs, "an empty phrase differs");
    CHECK(!classify(480, "temporarily unavailable").phrase_differs, "case does not matter");
    CHECK(!classify(486, " Busy Here\t").phrase_differs, "surrounding white space does not matter");
    CHECK(!classify(202, "Accepted").phrase_differs, "202 Accepted matches the deprecated entry");
    CHECK(!classify(202, "Accepted (Deprecated)").phrase_differs, "and so does the registry text");
    CHECK(classify(202, "Acc").phrase_differs, "a prefix is not the phrase");
    CHECK(classify(200, "OK OK").phrase_differs, "nor is a longer phrase");
    CHECK(!sipdiag_phrase_matches("(Deprecated)", ""), "a bare suffix is not a phrase");
    CHECK(!classify(486, NULL).phrase_differs, "an unknown phrase is not compared");
}

static void unregistered_codes(void)
{
    static const struct {
        unsigned code;
        unsigned treated_as;
        sipdiag_severity severity;
    } cases[] = {
        { 198, 183, SIPDIAG_SEVERITY_CHAT }, /* §8.1.3.2: an unknown provisional is a 183 */
        { 299, 200, SIPDIAG_SEVERITY_CHAT },
        { 399, 300, SIPDIAG_SEVERITY_NOTE },
        { 418, 400, SIPDIAG_SEVERITY_WARN },
        { 499, 400, SIPDIAG_SEVERITY_WARN },
        { 409, 400, SIPDIAG_SEVERITY_WARN }, /* RFC 2543 only */
        { 599, 500, SIPDIAG_SEVERITY_ERROR },
        { 699, 600, SIPDIAG_SEVERITY_ERROR },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sipdiag_verdict v = classify(cases[i].code, "Whatever");
        CHECK(!v.registered, "%u is not registered", cases[i].code);
        CHECK(v.entry && v.entry->code == cases[i].treated_as, "%u is treated as %u",
              cases[i].code, cases[i].treated_as);
        CHECK(v.klass == (sipdiag_class)(cases[i].code / 100), "%u keeps its class", cases[i].code);
        CHECK(!v.phrase_differs, "%u: no registered phrase to differ from", cases[i].code);
        CHECK(v.severity == cases[i].severity, "%u: severity %d", cases[i].code, v.severity);
        CHECK(v.handling && v.handling->code == cases[i].treated_as && strstr(v.handling->ref, "8.1.3.2")
              && strstr(v.handling->description, "unregistered") && v.handling->remedy_short[0],
              "%u: how a UAC handles it, not what %u means", cases[i].code, cases[i].treated_as);
    }
    sipdiag_verdict known = classify(486, "Busy Here");
    CHECK(!known.handling, "a registered code needs no handling text");
}

static void codes_without_class(void)
{
    static const unsigned codes[] = { 0, 1, 99, 700, 999, 1000, 65535, UINT_MAX };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        sipdiag_verdict v = classify(codes[i], "X");
        CHECK(v.klass == SIPDIAG_CLASS_NONE, "%u has no class", codes[i]);
        CHECK(v.entry == NULL && !v.registered && !v.phrase_differs, "%u: no entry", codes[i]);
        CHECK(v.severity == SIPDIAG_SEVERITY_WARN, "%u: a code without class is a warning", codes[i]);
        CHECK(sipdiag_code_lookup(codes[i]) == NULL, "%u: lookup finds nothing", codes[i]);
    }
}

static void user_table(void)
{
    static const sipdiag_codes_row busy = { 486, 4, "Busy Here", "site", "d", "c", "Call the customer back", "x" };
    static const sipdiag_codes_row vendor = { 499, 4, "Vendor Busy", "site", "d", "c", "Ask the vendor", "y" };
    static const sipdiag_codes_row *rows[SIPDIAG_CODE_MAX + 1];
    rows[486] = &busy;
    rows[499] = &vendor;
    sipdiag_set_overrides(rows);

    sipdiag_verdict v = classify(486, "Busy Here");
    CHECK(v.from_user_table && v.entry == &busy && v.registered && !v.phrase_differs, "486 overridden");
    v = classify(499, "Vendor Busy");
    CHECK(v.from_user_table && v.entry == &vendor && !v.registered, "499 added, still not registered");
    v = classify(480, "Temporarily Unavailable");
    CHECK(!v.from_user_table && v.entry && v.entry->code == 480, "other codes keep the built-in text");
    v = classify(418, "x");
    CHECK(!v.from_user_table && v.entry && v.entry->code == 400, "other unregistered codes keep the x00");

    sipdiag_set_overrides(NULL);
    v = classify(486, "Busy Here");
    CHECK(!v.from_user_table && v.entry != &busy, "no table: built-in again");
}

int main(void)
{
    registered_codes();
    wire_phrases();
    unregistered_codes();
    codes_without_class();
    user_table();
    return check_report("test_classify");
}
