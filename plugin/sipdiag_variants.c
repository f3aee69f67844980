/*
 * sipdiag_variants.c: picks the per-method text of a response code.
 *
 * Lookup order: the row of the exact method (for INVITE only outside a
 * dialog), then for an INVITE inside a dialog or any UPDATE the "re-INVITE"
 * family row; otherwise NULL.  Method names are case-sensitive (RFC 3261
 * §7.1), so "invite" matches nothing.
 */
#include <string.h>

#include "sipdiag_variants.h"

#define FAMILY_REINVITE "re-INVITE"
#define METHOD_MAX_LEN 16

/* Row of code whose label is exactly method[0..len), or NULL. */
static const sipdiag_variants_row *find_row(unsigned code, const char *method, size_t len)
{
    unsigned first = sipdiag_variants_first[code];
    if (first == 0)
        return NULL;
    for (size_t i = first - 1; i < sipdiag_variants_count; i++) {
        const sipdiag_variants_row *v = &sipdiag_variants_rows[i];
        if (v->row.code != code)
            break;
        if (strlen(v->label) == len && memcmp(v->label, method, len) == 0)
            return v;
    }
    return NULL;
}

static int method_is(const char *method, size_t len, const char *name)
{
    return strlen(name) == len && memcmp(method, name, len) == 0;
}

/* The exact row, except that an in-dialog INVITE never takes the INVITE row
 * and a method name can never name a family. */
static const sipdiag_variants_row *exact_row(unsigned code, const char *method, size_t len,
                                             int in_dialog)
{
    if (method_is(method, len, "INVITE") && in_dialog)
        return NULL;
    if (method_is(method, len, FAMILY_REINVITE))
        return NULL;
    return find_row(code, method, len);
}

static int is_reinvite_family(const char *method, size_t len, int in_dialog)
{
    return (in_dialog && method_is(method, len, "INVITE")) || method_is(method, len, "UPDATE");
}

const sipdiag_codes_row *sipdiag_variant_for(unsigned code, const char *method, size_t method_len,
                                             int in_dialog, const char **label)
{
    if (label)
        *label = NULL;
    if (code > SIPDIAG_CODE_MAX || !method || method_len == 0 || method_len > METHOD_MAX_LEN)
        return NULL;
    const sipdiag_variants_row *v = exact_row(code, method, method_len, in_dialog);
    if (!v && is_reinvite_family(method, method_len, in_dialog))
        v = find_row(code, FAMILY_REINVITE, strlen(FAMILY_REINVITE));
    if (!v)
        return NULL;
    if (label)
        *label = v->label;
    return &v->row;
}
