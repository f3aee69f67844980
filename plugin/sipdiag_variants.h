/*
 * sipdiag_variants.h: response-code texts that depend on the request method
 * (data/sip-response-variants.tsv), compiled in by gen_table --variants.
 * Plain C, no Wireshark headers.  docs/variants.md explains the families.
 */
#ifndef SIPDIAG_VARIANTS_H
#define SIPDIAG_VARIANTS_H

#include <stddef.h>

#include "sipdiag_table.h"

/* One row of data/sip-response-variants.tsv: the method or family it applies
 * to, and a full code row (base row's class, phrase and any empty cell). */
typedef struct {
    const char *label;         /* "REGISTER", "re-INVITE"... */
    sipdiag_codes_row row;
} sipdiag_variants_row;

extern const sipdiag_variants_row sipdiag_variants_rows[];
extern const size_t sipdiag_variants_count;
/* First row of each code plus one (0: the code has no variant). */
extern const unsigned short sipdiag_variants_first[SIPDIAG_CODE_MAX + 1];

/*
 * The text for a response with this code to a request with this method (the
 * CSeq method, method_len bytes, need not be NUL-terminated), or NULL: then
 * the caller uses the base row.  in_dialog is non-zero when the request had a
 * To tag (INVITE inside a dialog is a re-INVITE).  *label, when label is not
 * NULL, gets the label to show (a static string), or NULL.
 */
const sipdiag_codes_row *sipdiag_variant_for(unsigned code, const char *method, size_t method_len,
                                             int in_dialog, const char **label);

#endif
