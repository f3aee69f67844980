/*
 * sipdiag_classify.c: status code to class, table entry and severity.
 * Plain C; calls the generated table and the site overrides, nothing else.
 */
#include "sipdiag_classify.h"

#include <string.h>

#define DEPRECATED_SUFFIX " (Deprecated)"

/* Changed only when the user edits the table, never per packet. */
static const sipdiag_codes_row *const *user_rows;

void sipdiag_set_overrides(const sipdiag_codes_row *const *by_code)
{
    user_rows = by_code;
}

const sipdiag_codes_row *sipdiag_code_lookup(unsigned code)
{
    if (code > SIPDIAG_CODE_MAX)
        return NULL;
    unsigned slot = sipdiag_codes_index[code];
    return slot ? &sipdiag_codes_rows[slot - 1] : NULL;
}

const sipdiag_warn_codes_row *sipdiag_warn_code_lookup(unsigned long code)
{
    if (code > SIPDIAG_WARN_CODE_MAX)
        return NULL;
    unsigned slot = sipdiag_warn_codes_index[code];
    return slot ? &sipdiag_warn_codes_rows[slot - 1] : NULL;
}

const sipdiag_q850_causes_row *sipdiag_q850_lookup(unsigned long cause)
{
    if (cause > SIPDIAG_Q850_CAUSE_MAX)
        return NULL;
    unsigned slot = sipdiag_q850_causes_index[cause];
    return slot ? &sipdiag_q850_causes_rows[slot - 1] : NULL;
}

sipdiag_class sipdiag_class_of(unsigned code)
{
    if (code < 100 || code > SIPDIAG_CODE_MAX)
        return SIPDIAG_CLASS_NONE;
    return (sipdiag_class)(code / 100);
}

sipdiag_severity sipdiag_default_severity(sipdiag_class klass)
{
    switch (klass) {
    case SIPDIAG_CLASS_PROVISIONAL:
    case SIPDIAG_CLASS_SUCCESSFUL:
        return SIPDIAG_SEVERITY_CHAT;
    case SIPDIAG_CLASS_REDIRECTION:
        return SIPDIAG_SEVERITY_NOTE;
    case SIPDIAG_CLASS_CLIENT_FAILURE:
    case SIPDIAG_CLASS_NONE:
        return SIPDIAG_SEVERITY_WARN;
    case SIPDIAG_CLASS_SERVER_FAILURE:
    case SIPDIAG_CLASS_GLOBAL_FAILURE:
        return SIPDIAG_SEVERITY_ERROR;
    }
    return SIPDIAG_SEVERITY_WARN;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static char ascii_lower(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c;
}

static bool equal_ignoring_case(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (a_len != b_len)
        return false;
    for (size_t i = 0; i < a_len; i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

bool sipdiag_phrase_matches(const char *registered, const char *wire)
{
    while (is_space(*wire))
        wire++;
    size_t wire_len = strlen(wire);
    while (wire_len > 0 && is_space(wire[wire_len - 1]))
        wire_len--;

    size_t reg_len = strlen(registered);
    if (equal_ignoring_case(registered, reg_len, wire, wire_len))
        return true;

    size_t suffix_len = strlen(DEPRECATED_SUFFIX);
    return reg_len > suffix_len
        && strcmp(registered + reg_len - suffix_len, DEPRECATED_SUFFIX) == 0
        && equal_ignoring_case(registered, reg_len - suffix_len, wire, wire_len);
}

/* How a UAC handles a code IANA does not register (RFC 3261 §8.1.3.2), per
 * class: what to do with it, not what the code it is treated as means. */
#define HANDLING_REF "RFC 3261 §8.1.3.2"
static const sipdiag_codes_row class_handling[] = {
    [SIPDIAG_CLASS_PROVISIONAL] = { 183, 1, "Session Progress", HANDLING_REF,
        "An unregistered provisional code: a UAC treats any provisional other than 100 it does not know as 183 Session Progress, so it only says the request is being worked on.",
        "A vendor's private provisional code, or a wrong code in the sender's software.",
        "Nothing to fix for the call itself: wait for the final response, and ask the sender's vendor what the code and its phrase mean.",
        "Treated as 183: wait for the final response; ask the sender's vendor" },
    [SIPDIAG_CLASS_SUCCESSFUL] = { 200, 2, "OK", HANDLING_REF,
        "An unregistered success code: a UAC treats it as 200 OK, so the request succeeded; a 2xx to an INVITE still sets up the dialog and must be ACKed.",
        "A vendor's private success code, a test tool sending arbitrary codes, or a wrong code in the sender's software.",
        "Check that the request did what was asked (for an INVITE, that the ACK went out), and ask the sender's vendor what the code means.",
        "Treated as 200: check the request did what was asked" },
    [SIPDIAG_CLASS_REDIRECTION] = { 300, 3, "Multiple Choices", HANDLING_REF,
        "An unregistered redirection code: a UAC treats it as 300 Multiple Choices, so its Contact headers are the places to try next.",
        "A vendor's private redirection code, or a wrong code in the sender's software.",
        "Try the Contact targets as for a 300, or ask the sender's vendor what the code means; without a Contact the caller has nowhere to go.",
        "Treated as 300: try its Contact targets" },
    [SIPDIAG_CLASS_CLIENT_FAILURE] = { 400, 4, "Bad Request", HANDLING_REF,
        "An unregistered client-failure code: a UAC treats it as 400 Bad Request, so the request failed for a reason the code itself does not tell.",
        "A vendor's private code, a joke code such as 418 from a test tool, or a wrong code in the sender's software.",
        "Read the reason phrase and any Warning for what the sender meant, change the request accordingly, and ask the sender's vendor; resending it unchanged will fail again.",
        "Treated as 400: read the phrase and Warning; ask the sender's vendor" },
    [SIPDIAG_CLASS_SERVER_FAILURE] = { 500, 5, "Server Internal Error", HANDLING_REF,
        "An unregistered server-failure code: a UAC treats it as 500 Server Internal Error, so the server failed for a reason the code itself does not tell.",
        "A vendor's private code for an internal fault or overload, or a wrong code in the sender's software.",
        "Read the reason phrase, Warning and Retry-After; the request may be tried again later or at another server; ask the sender's vendor.",
        "Treated as 500: read the phrase; retry later or elsewhere" },
    [SIPDIAG_CLASS_GLOBAL_FAILURE] = { 600, 6, "Busy Everywhere", HANDLING_REF,
        "An unregistered global-failure code: a UAC treats it as 600 Busy Everywhere, so no other location will do better for this request.",
        "A vendor's private code for a final refusal, or a wrong code in the sender's software.",
        "Try no other location for this attempt; read the reason phrase and ask the sender's vendor what the code means.",
        "Treated as 600: try no other location; ask the sender's vendor" },
};

void sipdiag_classify(unsigned code, const char *wire_phrase, sipdiag_verdict *verdict)
{
    const sipdiag_codes_row *own = sipdiag_code_lookup(code);

    verdict->code = code;
    verdict->klass = sipdiag_class_of(code);
    verdict->registered = own != NULL;
    verdict->entry = own;
    verdict->variant = NULL;
    verdict->handling = NULL;
    if (!own && verdict->klass != SIPDIAG_CLASS_NONE) {
        verdict->handling = &class_handling[verdict->klass];
        verdict->entry = sipdiag_code_lookup(verdict->handling->code);
    }
    /* The caller passes the table's own string when the wire's is the same bytes. */
    verdict->phrase_differs = own && wire_phrase && wire_phrase != own->phrase
                              && !sipdiag_phrase_matches(own->phrase, wire_phrase);
    verdict->severity = sipdiag_default_severity(verdict->klass);
    const sipdiag_codes_row *user = user_rows && verdict->klass != SIPDIAG_CLASS_NONE ? user_rows[code] : NULL;
    verdict->from_user_table = user != NULL;
    if (user) {
        verdict->entry = user;
        verdict->handling = NULL;
    }
}
