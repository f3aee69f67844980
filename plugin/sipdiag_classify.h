/*
 * sipdiag_classify.h: what a status code and its reason phrase say, decided
 * in plain C (no Wireshark headers) so it can be unit-tested on its own.
 */
#ifndef SIPDIAG_CLASSIFY_H
#define SIPDIAG_CLASSIFY_H

#include <stdbool.h>

#include "sipdiag_table.h"

typedef enum {
    SIPDIAG_CLASS_NONE = 0, /* code outside 100-699 */
    SIPDIAG_CLASS_PROVISIONAL = 1,
    SIPDIAG_CLASS_SUCCESSFUL = 2,
    SIPDIAG_CLASS_REDIRECTION = 3,
    SIPDIAG_CLASS_CLIENT_FAILURE = 4,
    SIPDIAG_CLASS_SERVER_FAILURE = 5,
    SIPDIAG_CLASS_GLOBAL_FAILURE = 6
} sipdiag_class;

typedef enum {
    SIPDIAG_SEVERITY_CHAT,
    SIPDIAG_SEVERITY_NOTE,
    SIPDIAG_SEVERITY_WARN,
    SIPDIAG_SEVERITY_ERROR
} sipdiag_severity;

typedef struct {
    unsigned code;
    sipdiag_class klass;
    /* The code's own row, or for an unregistered code the row it is treated
     * as (RFC 3261 §8.1.3.2: its class's x00, 183 for a provisional); NULL
     * when the code has no class. */
    const sipdiag_codes_row *entry;
    /* Unregistered codes only: how a UAC handles it (not what entry's code
     * means), with entry->code as the code it is treated as; else NULL. */
    const sipdiag_codes_row *handling;
    bool registered;
    /* Registered codes only: the phrase on the wire is not the registered one. */
    bool phrase_differs;
    /* entry comes from the user's own table (it overrides or adds the code). */
    bool from_user_table;
    /* entry holds the texts of this method variant ("REGISTER", "re-INVITE"...) of
     * the code's row (data/sip-response-variants.tsv); NULL: the code's own row. */
    const char *variant;
    sipdiag_severity severity;
} sipdiag_verdict;

/* wire_phrase: the reason phrase as sent, NUL-terminated, possibly empty;
 * NULL when it could not be read (then it is not compared).  The code's own
 * row's phrase string itself, when the caller already found the wire's to be
 * the same bytes, counts as matching without a comparison. */
void sipdiag_classify(unsigned code, const char *wire_phrase, sipdiag_verdict *verdict);

/* Site-specific texts (the user table "SIP response remedies"), indexed by
 * code 0..SIPDIAG_CODE_MAX, NULL where the site has none; NULL for no table.
 * A row for a registered code overrides its texts, one for another code adds
 * it.  The array and rows must stay valid until the next call. */
void sipdiag_set_overrides(const sipdiag_codes_row *const *by_code);

sipdiag_class sipdiag_class_of(unsigned code);
sipdiag_severity sipdiag_default_severity(sipdiag_class klass);

/* Case-insensitive, ignoring surrounding white space; a registered phrase
 * marked " (Deprecated)" also matches its plain form. */
bool sipdiag_phrase_matches(const char *registered, const char *wire);

#endif
