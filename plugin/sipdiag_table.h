/*
 * sipdiag_table.h: the SIP response-code table (data/sip-response-codes.tsv),
 * compiled into the plugin by gen_table.  Plain C, no Wireshark headers.
 */
#ifndef SIPDIAG_TABLE_H
#define SIPDIAG_TABLE_H

#include <stddef.h>

#define SIPDIAG_CODE_MAX 699

/* One row of data/sip-response-codes.tsv, members in column order. */
typedef struct {
    unsigned code;
    unsigned klass;            /* first digit, 1-6 */
    const char *phrase;        /* as registered at IANA */
    const char *ref;           /* "RFC 3261 §21.4.2" */
    const char *description;   /* what the code means */
    const char *cause;         /* what typically produces it */
    const char *remedy;        /* what to check or change */
    const char *remedy_short;  /* remedy in at most 70 characters */
} sipdiag_codes_row;

extern const sipdiag_codes_row sipdiag_codes_rows[];
extern const size_t sipdiag_codes_count;
extern const unsigned short sipdiag_codes_index[SIPDIAG_CODE_MAX + 1];

/* The registered entry for code, or NULL if IANA has none. */
const sipdiag_codes_row *sipdiag_code_lookup(unsigned code);

#endif
