/*
 * sipdiag_reason.h: what a Reason header value says, for each protocol of
 * IANA's "Reason Protocols" registry sipdiag explains: SIP and Q.850
 * (RFC 3326), STIR (RFC 9410), preemption (RFC 4411), and Q.850's location
 * parameter (RFC 8606).  Plain C, no Wireshark headers.
 */
#ifndef SIPDIAG_REASON_H
#define SIPDIAG_REASON_H

#include <stdbool.h>
#include <stddef.h>

#include "sipdiag_headers.h"

typedef enum {
    SIPDIAG_REASON_OTHER,
    SIPDIAG_REASON_SIP,
    SIPDIAG_REASON_Q850,
    SIPDIAG_REASON_STIR,
    SIPDIAG_REASON_PREEMPTION
} sipdiag_reason_protocol;

/* The protocol token, case-insensitive ("Q.850", "stir"...). */
sipdiag_reason_protocol sipdiag_reason_protocol_of(sipdiag_str protocol);

/* data/stir-causes.tsv and data/preemption-causes.tsv, compiled by gen_table. */
#define SIPDIAG_STIR_CAUSE_MAX 699
#define SIPDIAG_PREEMPTION_CAUSE_MAX 9

typedef struct {
    unsigned cause;
    const char *name;
    const char *meaning;
    const char *remedy;
    const char *ref;
} sipdiag_stir_causes_row;

typedef sipdiag_stir_causes_row sipdiag_preemption_causes_row;

extern const sipdiag_stir_causes_row sipdiag_stir_causes_rows[];
extern const size_t sipdiag_stir_causes_count;
extern const unsigned short sipdiag_stir_causes_index[SIPDIAG_STIR_CAUSE_MAX + 1];
extern const sipdiag_preemption_causes_row sipdiag_preemption_causes_rows[];
extern const size_t sipdiag_preemption_causes_count;
extern const unsigned short sipdiag_preemption_causes_index[SIPDIAG_PREEMPTION_CAUSE_MAX + 1];

/* The cause of a STIR or preemption Reason, or NULL when the table has none. */
const sipdiag_stir_causes_row *sipdiag_stir_cause_lookup(unsigned long cause);
const sipdiag_preemption_causes_row *sipdiag_preemption_cause_lookup(unsigned long cause);

/* RFC 8606 location (the Q.850 location codes). */
typedef struct {
    const char *code;  /* "U", "LN"... */
    const char *where; /* "the user's own equipment" */
    bool user;
} sipdiag_location_row;

/* The location, or NULL for a value RFC 8606 does not define. */
const sipdiag_location_row *sipdiag_reason_location(sipdiag_str location);

/* One sentence on the Reason value (its cause by protocol, its location),
 * into buf; 0 (and buf empty) when there is nothing to explain. */
size_t sipdiag_reason_explain(const sipdiag_reason *reason, char *buf, size_t size);

#endif
