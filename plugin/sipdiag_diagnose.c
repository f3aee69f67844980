/*
 * sipdiag_diagnose.c: one response's diagnosis (see sipdiag_diagnose.h).
 * Plain C; calls sipdiag_classify, sipdiag_variants, sipdiag_hint and
 * sipdiag_explain, nothing of Wireshark.
 */
#include <string.h>

#include "sipdiag_diagnose.h"
#include "sipdiag_variants.h"

static void no_hint(sipdiag_hint *hint)
{
    hint->text[0] = '\0';
    hint->label = NULL;
    hint->says_why = false;
    hint->severity_set = false;
    hint->severity = SIPDIAG_SEVERITY_CHAT;
}

/* An INVITE first seen after the 2xx that set up its Call-ID's dialog is a
 * re-INVITE (its copy on another hop, seen later, is still the first INVITE). */
static bool request_in_dialog(const sipdiag_response_context *ctx)
{
    return ctx && ctx->first_request_frame && ctx->dialog_frame && ctx->dialog_frame < ctx->first_request_frame
           && (ctx->dialog == SIPDIAG_DIALOG_CONFIRMED || ctx->dialog == SIPDIAG_DIALOG_ENDED);
}

/* The method's own texts, where the table has them for this code; a site's
 * own row (the user table) and the x00 row of an unregistered code stay. */
static void apply_variant(const sipdiag_cseq *cseq, const sipdiag_response_context *ctx, sipdiag_verdict *verdict)
{
    if (!verdict->registered || verdict->from_user_table || !verdict->entry || !cseq->parsed)
        return;
    const char *label = NULL;
    const sipdiag_codes_row *row = sipdiag_variant_for(verdict->code, cseq->method.ptr, cseq->method.len,
                                                       request_in_dialog(ctx), &label);
    if (row) {
        verdict->entry = row;
        verdict->variant = label;
    }
}

void sipdiag_diagnose_response(unsigned code, const char *wire_phrase, const sipdiag_message *msg,
                               const sipdiag_response_context *ctx, const sipdiag_severities *severities,
                               bool with_hint, sipdiag_diagnosis *out)
{
    static const sipdiag_response_context no_context;

    static const sipdiag_str none = { "", 0 };
    out->cseq.value = sipdiag_header(msg, SIPDIAG_HDR_CSEQ);
    out->cseq.method = none;
    out->cseq.parsed = sipdiag_message_cseq(msg, &out->cseq.number, &out->cseq.method);
    sipdiag_classify(code, wire_phrase, &out->verdict);
    apply_variant(&out->cseq, ctx, &out->verdict);
    if (out->verdict.klass != SIPDIAG_CLASS_NONE)
        out->verdict.severity = severities->by_class[out->verdict.klass];
    if (with_hint)
        sipdiag_response_hint(&out->verdict, msg, ctx ? ctx : &no_context, &out->hint);
    else
        no_hint(&out->hint);
    out->severity = out->hint.severity_set ? out->hint.severity : out->verdict.severity;
    out->counted = !ctx || !ctx->original_frame;
    out->variant = out->verdict.variant;
    out->context = ctx;
}

void sipdiag_diagnosis_findings(const sipdiag_diagnosis *diagnosis, const sipdiag_message *msg, bool with_challenges,
                                sipdiag_finding_fn visit, void *user)
{
    sipdiag_explain_response(diagnosis->verdict.code, msg, diagnosis->context, with_challenges, visit, user);
}
