/*
 * sipdiag_diagnose.c: one response's diagnosis (see sipdiag_diagnose.h).
 * Plain C; calls sipdiag_classify and sipdiag_hint, nothing of Wireshark.
 */
#include <string.h>

#include "sipdiag_diagnose.h"

static void no_hint(sipdiag_hint *hint)
{
    hint->text[0] = '\0';
    hint->label = NULL;
    hint->severity_set = false;
    hint->severity = SIPDIAG_SEVERITY_CHAT;
}

void sipdiag_diagnose_response(unsigned code, const char *wire_phrase, const sipdiag_message *msg,
                               const sipdiag_response_context *ctx, const sipdiag_severities *severities,
                               bool with_hint, sipdiag_diagnosis *out)
{
    static const sipdiag_response_context no_context;

    sipdiag_classify(code, wire_phrase, &out->verdict);
    if (out->verdict.klass != SIPDIAG_CLASS_NONE)
        out->verdict.severity = severities->by_class[out->verdict.klass];
    if (with_hint)
        sipdiag_response_hint(&out->verdict, msg, ctx ? ctx : &no_context, &out->hint);
    else
        no_hint(&out->hint);
    out->severity = out->hint.severity_set ? out->hint.severity : out->verdict.severity;
    out->counted = !ctx || !ctx->original_frame;
    out->variant = NULL;
    out->context = ctx;
}
