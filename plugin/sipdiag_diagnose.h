/*
 * sipdiag_diagnose.h: what sipdiag concludes about one response, as one
 * plain struct: the verdict (code, class, table entry), the hint, the
 * severity the expert item gets, whether statistics count it, and the
 * findings of its explaining headers.  Plain C (no Wireshark headers); may
 * call sipdiag_classify, sipdiag_variants, sipdiag_hint and sipdiag_explain.
 */
#ifndef SIPDIAG_DIAGNOSE_H
#define SIPDIAG_DIAGNOSE_H

#include <stdbool.h>

#include "sipdiag_classify.h"
#include "sipdiag_context.h"
#include "sipdiag_explain.h"
#include "sipdiag_headers.h"
#include "sipdiag_hint.h"

/* The expert severity of each class, as the preferences set it. */
typedef struct {
    sipdiag_severity by_class[SIPDIAG_CLASS_GLOBAL_FAILURE + 1];
} sipdiag_severities;

typedef struct {
    bool parsed;              /* the CSeq header was read: a number and a method */
    unsigned long number;
    sipdiag_str method;       /* of the request answered */
    sipdiag_str value;        /* the whole CSeq value */
} sipdiag_cseq;

typedef struct {
    sipdiag_cseq cseq;         /* of the request this response answers */
    sipdiag_verdict verdict;   /* code, class, table entry, the class's severity */
    sipdiag_hint hint;         /* empty when not asked for */
    sipdiag_severity severity; /* of the expert item: the context's, else the class's */
    bool counted;              /* in statistics: a retransmitted response counts once */
    /* The (code, method) variant of the table entry that applied, named;
     * NULL: the code's own entry.  The same as verdict.variant. */
    const char *variant;
    const sipdiag_response_context *context; /* NULL: not recorded */
} sipdiag_diagnosis;

/* Diagnoses a response.  ctx may be NULL (nothing recorded); with_hint
 * false leaves the hint empty (a 1xx/2xx whose hint nobody reads). */
void sipdiag_diagnose_response(unsigned code, const char *wire_phrase, const sipdiag_message *msg,
                               const sipdiag_response_context *ctx, const sipdiag_severities *severities,
                               bool with_hint, sipdiag_diagnosis *out);

/* The findings of the response's explaining headers and recorded facts,
 * handed to visit one by one (only a tree shows them; nothing else needs
 * them).  with_challenges: see sipdiag_explain_response. */
void sipdiag_diagnosis_findings(const sipdiag_diagnosis *diagnosis, const sipdiag_message *msg, bool with_challenges,
                                sipdiag_finding_fn visit, void *user);

#endif
