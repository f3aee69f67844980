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

void sipdiag_classify(unsigned code, const char *wire_phrase, sipdiag_verdict *verdict)
{
    const sipdiag_codes_row *own = sipdiag_code_lookup(code);

    verdict->code = code;
    verdict->klass = sipdiag_class_of(code);
    verdict->registered = own != NULL;
    verdict->entry = own;
    verdict->variant = NULL;
    if (!own && verdict->klass != SIPDIAG_CLASS_NONE)
        verdict->entry = sipdiag_code_lookup((unsigned)verdict->klass * 100);
    /* The caller passes the table's own string when the wire's is the same bytes. */
    verdict->phrase_differs = own && wire_phrase && wire_phrase != own->phrase
                              && !sipdiag_phrase_matches(own->phrase, wire_phrase);
    verdict->severity = sipdiag_default_severity(verdict->klass);
    const sipdiag_codes_row *user = user_rows && verdict->klass != SIPDIAG_CLASS_NONE ? user_rows[code] : NULL;
    verdict->from_user_table = user != NULL;
    if (user)
        verdict->entry = user;
}
