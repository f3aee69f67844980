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

/* data/sip-warn-codes.tsv: the IANA warn-codes of the Warning header. */
#define SIPDIAG_WARN_CODE_MAX 399

typedef struct {
    unsigned code;
    const char *text;     /* registered warn-text */
    const char *meaning;
    const char *remedy;
    const char *ref;
} sipdiag_warn_codes_row;

extern const sipdiag_warn_codes_row sipdiag_warn_codes_rows[];
extern const size_t sipdiag_warn_codes_count;
extern const unsigned short sipdiag_warn_codes_index[SIPDIAG_WARN_CODE_MAX + 1];

/* The registered warn-code, or NULL. */
const sipdiag_warn_codes_row *sipdiag_warn_code_lookup(unsigned long code);

/* data/q850-causes.tsv: ITU-T Q.850 cause values, as carried in Reason. */
#define SIPDIAG_Q850_CAUSE_MAX 127

typedef struct {
    unsigned cause;
    const char *name;
    const char *meaning;
    const char *remedy;
    unsigned sip_code;    /* RFC 3398 §7.2.4.1 mapping; 0 where it gives none */
} sipdiag_q850_causes_row;

extern const sipdiag_q850_causes_row sipdiag_q850_causes_rows[];
extern const size_t sipdiag_q850_causes_count;
extern const unsigned short sipdiag_q850_causes_index[SIPDIAG_Q850_CAUSE_MAX + 1];

/* The Q.850 cause, or NULL when the table does not know it. */
const sipdiag_q850_causes_row *sipdiag_q850_lookup(unsigned long cause);

#endif
