/* sipdiag_render.c
 * Turns each recorded message of a frame into sipdiag's subtree, fields,
 * expert items and Info label (Wireshark side), deciding nothing: what to
 * say comes from the diagnosis (sipdiag_diagnose) and its findings
 * (sipdiag_explain).  May call sipdiag_find (the message, its context);
 * registers nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/strutil.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "sipdiag_classify.h"
#include "sipdiag_compat.h"
#include "sipdiag_context.h"
#include "sipdiag_diagnose.h"
#include "sipdiag_explain.h"
#include "sipdiag_find.h"
#include "sipdiag_headers.h"
#include "sipdiag_hint.h"
#include "sipdiag_render.h"
#include "sipdiag_tap.h"

static expert_field *const ei_by_severity[] = {
    [SIPDIAG_SEVERITY_CHAT]  = &ei_sipdiag_response_chat,
    [SIPDIAG_SEVERITY_NOTE]  = &ei_sipdiag_response_note,
    [SIPDIAG_SEVERITY_WARN]  = &ei_sipdiag_response_warn,
    [SIPDIAG_SEVERITY_ERROR] = &ei_sipdiag_response_error,
};

/* ---- Tree items ---------------------------------------------------------- */

/* Quoted phrases are cut here, so that the labels around them stay whole. */
#define MAX_QUOTED_PHRASE 64

static const char *
printable_phrase(packet_info *pinfo, const status_line_t *line)
{
    if (!line->phrase)
        return "(phrase not available)";
    if (line->phrase[0] == '\0')
        return "(empty phrase)";
    const char *text = sipdiag_format_text(pinfo->pool, line->phrase);
    if (g_utf8_strlen(text, -1) <= MAX_QUOTED_PHRASE)
        return text;
    return wmem_strdup_printf(pinfo->pool, "%s...",
                              wmem_strndup(pinfo->pool, text, (gsize)(g_utf8_offset_to_pointer(text, MAX_QUOTED_PHRASE) - text)));
}

static const char *
slice_text(packet_info *pinfo, sipdiag_str s)
{
    return sipdiag_format_text(pinfo->pool, wmem_strndup(pinfo->pool, s.ptr, s.len));
}

/* Whether a field of this tree is kept: the tree is shown, or a filter or
 * column names the field.  Wireshark fakes any other field of a tree nobody
 * sees, but only after a call and a few checks; a response's subtree has
 * some twenty fields, and under -Y every response gets one: a field with no
 * subtree of its own is not handed over when it would be dropped. */
static gboolean
kept(proto_tree *tree, int hf)
{
    return tree && (PTREE_DATA(tree)->visible || proto_registrar_get_nth((guint)hf)->ref_type != HF_REF_TYPE_NONE);
}

/* A generated field without subtree (NULL when not kept). */
static proto_item *
add_generated_string(proto_tree *tree, int hf, const char *value)
{
    if (!kept(tree, hf))
        return NULL;
    proto_item *item = proto_tree_add_string(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

static proto_item *
add_generated_uint(proto_tree *tree, int hf, guint32 value)
{
    if (!kept(tree, hf))
        return NULL;
    proto_item *item = proto_tree_add_uint(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

/* A generated string field with a subtree: always handed over, so that the
 * fields under it find a place when it is faked. */
static proto_item *
add_generated_parent(proto_tree *tree, int hf, const char *value)
{
    proto_item *item = proto_tree_add_string(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

static void
add_generated_boolean(proto_tree *tree, int hf, gboolean value)
{
    if (kept(tree, hf))
        proto_item_set_generated(proto_tree_add_boolean(tree, hf, NULL, 0, 0, value));
}

/* A piece of the message, with its bytes. */
static proto_item *
add_slice(proto_tree *tree, int hf, packet_info *pinfo, const message_view_t *view, sipdiag_str s)
{
    return proto_tree_add_string(tree, hf, view->tvb, sipdiag_offset_of(view, s), (gint)s.len,
                                 wmem_strndup(pinfo->pool, s.ptr, s.len));
}

static proto_item *
add_slice_uint(proto_tree *tree, int hf, const message_view_t *view, sipdiag_str s, guint32 value)
{
    return proto_tree_add_uint(tree, hf, view->tvb, sipdiag_offset_of(view, s), (gint)s.len, value);
}

static void
add_explanation(proto_tree *tree, const sipdiag_codes_row *entry)
{
    const int hfs[] = { hf_sipdiag_description, hf_sipdiag_cause, hf_sipdiag_remedy, hf_sipdiag_remedy_short,
                        hf_sipdiag_ref };
    const char *texts[] = { entry->description, entry->cause, entry->remedy, entry->remedy_short, entry->ref };
    for (size_t i = 0; i < G_N_ELEMENTS(hfs); i++)
        if (texts[i][0]) /* a site row may leave a text out */
            add_generated_string(tree, hfs[i], texts[i]);
}

/* The phrase to name a response by: registered, the site's, or the wire's. */
static const char *
response_phrase(packet_info *pinfo, const sipdiag_verdict *verdict, const status_line_t *line)
{
    if (verdict->registered || (verdict->from_user_table && verdict->entry->phrase[0]))
        return verdict->entry->phrase;
    return printable_phrase(pinfo, line);
}

static const char *
headline(packet_info *pinfo, const sipdiag_verdict *verdict, const status_line_t *line)
{
    const char *class_name = val_to_str_const(verdict->klass, sipdiag_class_vals, "no class");

    if (verdict->registered)
        return wmem_strdup_printf(pinfo->pool, "%u %s (%s)", verdict->code, verdict->entry->phrase, class_name);
    if (verdict->from_user_table)
        return wmem_strdup_printf(pinfo->pool, "%u %s (%s, unregistered; explained by the site table)",
                                  verdict->code, response_phrase(pinfo, verdict, line), class_name);
    if (verdict->entry)
        return wmem_strdup_printf(pinfo->pool, "%u %s (%s, unregistered: treated as %u)", verdict->code,
                                  printable_phrase(pinfo, line), class_name, verdict->entry->code);
    return wmem_strdup_printf(pinfo->pool, "%03u %s (outside 100-699: no response class)", verdict->code,
                              printable_phrase(pinfo, line));
}

/* Code, class, phrases and registration: what the status line itself says. */
static void
add_code_and_class(proto_tree *sub, const message_rec_t *rec, const message_view_t *view, guint32 code,
                   sipdiag_class klass)
{
    if (kept(sub, hf_sipdiag_code))
        proto_tree_add_uint(sub, hf_sipdiag_code, view->tvb, view->tvb ? rec->code_start : 0,
                            view->tvb ? STATUS_CODE_LEN : 0, code);
    if (klass != SIPDIAG_CLASS_NONE)
        add_generated_uint(sub, hf_sipdiag_class, klass);
}

static void
add_code_fields(proto_tree *sub, const message_rec_t *rec, const message_view_t *view,
                const status_line_t *line, const sipdiag_verdict *verdict)
{
    add_code_and_class(sub, rec, view, verdict->code, verdict->klass);
    if (verdict->registered)
        add_generated_string(sub, hf_sipdiag_phrase, verdict->entry->phrase);
    if ((!verdict->registered || verdict->phrase_differs) && line->phrase && kept(sub, hf_sipdiag_wire_phrase))
        proto_tree_add_string(sub, hf_sipdiag_wire_phrase, view->tvb, line->phrase_start, line->phrase_len,
                              line->phrase);
    add_generated_boolean(sub, hf_sipdiag_registered, verdict->registered);
}

/* Description, cause, remedy and reference from the table. */
static void
add_meaning(proto_tree *sub, const sipdiag_verdict *verdict)
{
    if (verdict->from_user_table)
        add_generated_boolean(sub, hf_sipdiag_from_user_table, TRUE);
    if (verdict->registered || verdict->from_user_table) {
        if (verdict->variant)
            add_generated_string(sub, hf_sipdiag_variant, verdict->variant);
        add_explanation(sub, verdict->entry);
    } else if (verdict->entry) {
        /* The x00 entry's texts explain how the code is handled, not what the
         * sender meant: they sit under "Treated as" to say so. */
        proto_item *item = proto_tree_add_uint_format_value(sub, hf_sipdiag_treated_as, NULL, 0, 0,
            verdict->entry->code, "%u %s (RFC 3261 §8.1.3.2)", verdict->entry->code, verdict->entry->phrase);
        proto_item_set_generated(item);
        add_explanation(proto_item_add_subtree(item, ett_sipdiag_treated_as),
                        verdict->handling ? verdict->handling : verdict->entry);
    }
}

/* The request this response answers, and what happened to it. */
static void
add_request_fields(proto_tree *sub, packet_info *pinfo, const message_view_t *view, const sipdiag_cseq *cseq,
                   const sipdiag_response_context *ctx)
{
    /* Copying the method costs, on a tree nobody shows: only when asked. */
    if (cseq->parsed && (kept(sub, hf_sipdiag_method) || kept(sub, hf_sipdiag_cseq))) {
        add_slice(sub, hf_sipdiag_method, pinfo, view, cseq->method);
        add_slice_uint(sub, hf_sipdiag_cseq, view, cseq->value, (guint32)cseq->number);
    }
    if (!ctx)
        return;
    if (ctx->request_frame) {
        add_generated_uint(sub, hf_sipdiag_request_in, ctx->request_frame);
        if (kept(sub, hf_sipdiag_response_time)) {
            nstime_t request_time;
            nstime_t delta;
            request_time.secs = (time_t)(ctx->request_time_ns / G_GUINT64_CONSTANT(1000000000));
            request_time.nsecs = (int)(ctx->request_time_ns % G_GUINT64_CONSTANT(1000000000));
            nstime_delta(&delta, &pinfo->abs_ts, &request_time);
            proto_item_set_generated(proto_tree_add_time(sub, hf_sipdiag_response_time, NULL, 0, 0, &delta));
        }
        if (ctx->request_count > 1)
            add_generated_uint(sub, hf_sipdiag_request_count, ctx->request_count);
    }
    add_generated_boolean(sub, hf_sipdiag_retransmission, ctx->original_frame != 0);
    if (ctx->original_frame)
        add_generated_uint(sub, hf_sipdiag_original_in, ctx->original_frame);
    if (ctx->cancel_frame)
        add_generated_uint(sub, hf_sipdiag_cancel_in, ctx->cancel_frame);
}

/* The field each explaining header is shown in (sipdiag_explain.c reads it). */
static int *const field_of_header[SIPDIAG_HDR_COUNT] = {
    [SIPDIAG_HDR_WWW_AUTHENTICATE] = &hf_sipdiag_auth_challenge,
    [SIPDIAG_HDR_PROXY_AUTHENTICATE] = &hf_sipdiag_auth_challenge,
    [SIPDIAG_HDR_CONTACT] = &hf_sipdiag_contact,
    [SIPDIAG_HDR_EXPIRES] = &hf_sipdiag_expires,
    [SIPDIAG_HDR_MIN_EXPIRES] = &hf_sipdiag_min_expires,
    [SIPDIAG_HDR_MIN_SE] = &hf_sipdiag_min_se,
    [SIPDIAG_HDR_RETRY_AFTER] = &hf_sipdiag_retry_after,
    [SIPDIAG_HDR_UNSUPPORTED] = &hf_sipdiag_unsupported,
    [SIPDIAG_HDR_REQUIRE] = &hf_sipdiag_require,
    [SIPDIAG_HDR_ALLOW] = &hf_sipdiag_allow,
    [SIPDIAG_HDR_ACCEPT] = &hf_sipdiag_accept,
    [SIPDIAG_HDR_ACCEPT_ENCODING] = &hf_sipdiag_accept_encoding,
    [SIPDIAG_HDR_ACCEPT_LANGUAGE] = &hf_sipdiag_accept_language,
    [SIPDIAG_HDR_SECURITY_SERVER] = &hf_sipdiag_security_server,
    [SIPDIAG_HDR_WARNING] = &hf_sipdiag_warning,
    [SIPDIAG_HDR_REASON] = &hf_sipdiag_reason,
    [SIPDIAG_HDR_ACCEPT_RESOURCE_PRIORITY] = &hf_sipdiag_accept_resource_priority,
    [SIPDIAG_HDR_GEOLOCATION_ERROR] = &hf_sipdiag_geolocation_error,
    [SIPDIAG_HDR_ALERTMSG_ERROR] = &hf_sipdiag_alertmsg_error,
    [SIPDIAG_HDR_RECV_INFO] = &hf_sipdiag_recv_info,
    [SIPDIAG_HDR_PERMISSION_MISSING] = &hf_sipdiag_permission_missing,
    [SIPDIAG_HDR_ALLOW_EVENTS] = &hf_sipdiag_allow_events,
    [SIPDIAG_HDR_FEATURE_CAPS] = &hf_sipdiag_feature_caps,
    [SIPDIAG_HDR_CALL_INFO] = &hf_sipdiag_call_info,
    [SIPDIAG_HDR_SERVER] = &hf_sipdiag_server,
    [SIPDIAG_HDR_USER_AGENT] = &hf_sipdiag_user_agent,
    [SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSE] = &hf_sipdiag_hangup_cause,
    [SIPDIAG_HDR_MS_DIAGNOSTICS] = &hf_sipdiag_ms_diagnostics,
    [SIPDIAG_HDR_MS_DIAGNOSTICS_PUBLIC] = &hf_sipdiag_ms_diagnostics,
    [SIPDIAG_HDR_X_TWILIO_ERROR] = &hf_sipdiag_twilio_error,
    [SIPDIAG_HDR_IDENTITY] = &hf_sipdiag_identity,
};

/* A malformed value is quoted up to this many bytes in its expert item. */
#define MAX_QUOTED_VALUE 64

static void
add_problem(packet_info *pinfo, proto_item *item, const sipdiag_problem *problem)
{
    if (problem->value.len == 0 && problem->if_empty)
        expert_add_info_format(pinfo, item, &ei_sipdiag_malformed_value, "Empty %s header: %s", problem->header,
                               problem->if_empty);
    else if (problem->value.len == 0)
        expert_add_info_format(pinfo, item, &ei_sipdiag_malformed_value, "Empty %s header", problem->header);
    else {
        /* Cut, so that what was expected still fits the expert item's label. */
        sipdiag_str shown = { problem->value.ptr, MIN(problem->value.len, MAX_QUOTED_VALUE) };
        expert_add_info_format(pinfo, item, &ei_sipdiag_malformed_value, "Malformed %s value \"%s%s\": %s",
                               problem->header, slice_text(pinfo, shown),
                               problem->value.len > MAX_QUOTED_VALUE ? "..." : "", problem->expected);
    }
}

static void
show_challenge(proto_tree *sub, packet_info *pinfo, const message_view_t *view, const sipdiag_finding *f)
{
    const sipdiag_auth *auth = &f->u.auth;
    proto_item *item = add_slice(sub, hf_sipdiag_auth_challenge, pinfo, view, f->value);
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_challenge);
    add_slice(tree, hf_sipdiag_auth_scheme, pinfo, view, auth->scheme);
    if (auth->has_realm)
        add_slice(tree, hf_sipdiag_auth_realm, pinfo, view, auth->realm);
    if (auth->algorithm.len)
        add_slice(tree, hf_sipdiag_auth_algorithm, pinfo, view, auth->algorithm);
    if (auth->qop.len)
        add_slice(tree, hf_sipdiag_auth_qop, pinfo, view, auth->qop);
    proto_tree_add_boolean(tree, hf_sipdiag_auth_stale, NULL, 0, 0, auth->stale);
}

static void
show_retry_after(proto_tree *sub, const message_view_t *view, const sipdiag_finding *f)
{
    add_slice_uint(sub, hf_sipdiag_retry_after, view, f->value, (guint32)f->u.retry.seconds);
    if (f->u.retry.has_duration)
        proto_tree_add_uint(sub, hf_sipdiag_retry_after_duration, NULL, 0, 0, (guint32)f->u.retry.duration);
}

static void
show_warning(proto_tree *sub, packet_info *pinfo, const message_view_t *view, const sipdiag_finding *f)
{
    const sipdiag_warning *warning = &f->u.warning.warning;
    const sipdiag_warn_codes_row *row = f->u.warning.row;
    proto_item *item = add_slice(sub, hf_sipdiag_warning, pinfo, view, f->value);
    proto_item_set_text(item, "Warning: %lu %s", warning->code, row ? row->text : "(unregistered warn-code)");
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_warning);
    add_slice_uint(tree, hf_sipdiag_warning_code, view, (sipdiag_str){ f->value.ptr, 3 }, (guint32)warning->code);
    add_slice(tree, hf_sipdiag_warning_agent, pinfo, view, warning->agent);
    add_slice(tree, hf_sipdiag_warning_text, pinfo, view, warning->text);
    proto_item_set_generated(proto_tree_add_boolean(tree, hf_sipdiag_warning_registered, NULL, 0, 0, row != NULL));
    if (row) {
        add_generated_string(tree, hf_sipdiag_warning_meaning, row->meaning);
        add_generated_string(tree, hf_sipdiag_warning_remedy, row->remedy);
    } else {
        expert_add_info_format(pinfo, item, &ei_sipdiag_warn_code_unregistered,
                               "Warn-code %lu is not registered at IANA; read its text", warning->code);
    }
}

static void
show_reason(proto_tree *sub, packet_info *pinfo, const message_view_t *view, const sipdiag_finding *f)
{
    const sipdiag_reason *reason = &f->u.reason.reason;
    const sipdiag_q850_causes_row *q850 = f->u.reason.q850;
    char described[160];
    sipdiag_describe_reason(reason, described, sizeof described);
    proto_item *item = add_slice(sub, hf_sipdiag_reason, pinfo, view, f->value);
    proto_item_set_text(item, "Reason: %s", described);
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_reason);
    add_slice(tree, hf_sipdiag_reason_protocol, pinfo, view, reason->protocol);
    if (reason->cause_valid)
        add_slice_uint(tree, hf_sipdiag_reason_cause, view, reason->cause_text, (guint32)reason->cause);
    else if (f->problem.header)
        add_problem(pinfo, item, &f->problem);
    if (reason->text.len)
        add_slice(tree, hf_sipdiag_reason_text, pinfo, view, reason->text);
    if (q850) {
        add_generated_string(tree, hf_sipdiag_reason_name, q850->name);
        add_generated_string(tree, hf_sipdiag_reason_meaning, q850->meaning);
        add_generated_string(tree, hf_sipdiag_reason_remedy, q850->remedy);
        if (q850->sip_code)
            add_generated_uint(tree, hf_sipdiag_reason_sip_code, q850->sip_code);
    }
    if (f->u.reason.other) {
        add_generated_string(tree, hf_sipdiag_reason_name, f->u.reason.other->name);
        add_generated_string(tree, hf_sipdiag_reason_meaning, f->u.reason.other->meaning);
        add_generated_string(tree, hf_sipdiag_reason_remedy, f->u.reason.other->remedy);
    }
    if (reason->has_location)
        add_slice(tree, hf_sipdiag_reason_location, pinfo, view, reason->location);
    if (f->u.reason.location)
        add_generated_string(tree, hf_sipdiag_reason_released_in, f->u.reason.location->where);
}

/* Vendor headers: shown as the vendor wrote them; sipdiag_vendor.c says
 * what is documented. */
static void
show_ms_diagnostics(proto_tree *sub, packet_info *pinfo, const message_view_t *view, const sipdiag_finding *f)
{
    const sipdiag_ms_diagnostics *ms = &f->u.ms;
    proto_item *item = add_slice(sub, hf_sipdiag_ms_diagnostics, pinfo, view, f->value);
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_vendor);
    proto_item_set_generated(proto_tree_add_boolean(tree, hf_sipdiag_ms_diagnostics_public, NULL, 0, 0,
                                                    f->header == SIPDIAG_HDR_MS_DIAGNOSTICS_PUBLIC));
    add_slice_uint(tree, hf_sipdiag_ms_diagnostics_code, view, ms->code_text, (guint32)ms->code);
    if (ms->reason.len)
        add_slice(tree, hf_sipdiag_ms_diagnostics_reason, pinfo, view, ms->reason);
    if (ms->source.len)
        add_slice(tree, hf_sipdiag_ms_diagnostics_source, pinfo, view, ms->source);
    if (ms->sbc_code)
        add_generated_uint(tree, hf_sipdiag_ms_diagnostics_sbc_code, ms->sbc_code);
}

static void
show_twilio_error(proto_tree *sub, packet_info *pinfo, const message_view_t *view, const sipdiag_finding *f)
{
    proto_item *item = add_slice(sub, hf_sipdiag_twilio_error, pinfo, view, f->value);
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_vendor);
    add_slice_uint(tree, hf_sipdiag_twilio_error_code, view, f->u.twilio.code_text, (guint32)f->u.twilio.code);
    if (f->u.twilio.text.len)
        add_slice(tree, hf_sipdiag_twilio_error_text, pinfo, view, f->u.twilio.text);
}

static void
show_hangup_cause(proto_tree *sub, const message_view_t *view, const sipdiag_finding *f)
{
    proto_item *item = add_slice_uint(sub, hf_sipdiag_hangup_cause_code, view, f->value, (guint32)f->u.hangup.cause);
    if (!f->u.hangup.q850)
        return;
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_vendor);
    add_generated_string(tree, hf_sipdiag_hangup_cause_name, f->u.hangup.q850->name);
    add_generated_string(tree, hf_sipdiag_hangup_cause_meaning, f->u.hangup.q850->meaning);
}

static void
show_sdp_media(proto_tree *sub, packet_info *pinfo, const message_view_t *view, const sipdiag_finding *f)
{
    const sipdiag_sdp_media *m = f->u.sdp.media;
    char summary[256];
    char codec[32];
    sipdiag_sdp_media_summary(f->u.sdp.sdp, m, summary, sizeof summary);
    proto_item *item = add_generated_parent(sub, hf_sipdiag_sdp_media, summary);
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_sdp);
    add_generated_uint(tree, hf_sipdiag_sdp_port, (guint32)m->port);
    add_slice(tree, hf_sipdiag_sdp_proto, pinfo, view, m->proto);
    for (unsigned i = 0; i < m->format_count; i++)
        add_generated_string(tree, hf_sipdiag_sdp_codec, sipdiag_sdp_codec(&m->formats[i], codec, sizeof codec));
    if (m->has_ptime)
        add_generated_uint(tree, hf_sipdiag_sdp_ptime, (guint32)m->ptime);
    add_generated_string(tree, hf_sipdiag_sdp_direction,
                         sipdiag_sdp_direction_name(sipdiag_sdp_direction_of(f->u.sdp.sdp, m)));
    proto_item_set_generated(proto_tree_add_boolean(tree, hf_sipdiag_sdp_crypto, NULL, 0, 0, m->crypto));
    proto_item_set_generated(proto_tree_add_boolean(tree, hf_sipdiag_sdp_fingerprint, NULL, 0, 0, m->fingerprint));
}

/* A decoded JSON string: not bytes of the packet as such. */
static void
add_json_string(proto_tree *tree, int hf, packet_info *pinfo, sipdiag_str s)
{
    if (s.len)
        add_generated_string(tree, hf, sipdiag_format_text(pinfo->pool, wmem_strndup(pinfo->pool, s.ptr, s.len)));
}

static const char *
check_name(sipdiag_check check)
{
    return check == SIPDIAG_CHECK_PASS ? "pass" : "fail";
}

static void
show_passport_checks(proto_tree *tree, const sipdiag_finding *f)
{
    if (f->u.passport.date != SIPDIAG_CHECK_UNKNOWN) {
        add_generated_string(tree, hf_sipdiag_identity_date_check, check_name(f->u.passport.date));
        proto_item_set_generated(proto_tree_add_int(tree, hf_sipdiag_identity_date_delta, NULL, 0, 0,
                                                    (gint32)CLAMP(f->u.passport.date_delta, G_MININT32, G_MAXINT32)));
    }
    if (f->u.passport.capture != SIPDIAG_CHECK_UNKNOWN) {
        add_generated_string(tree, hf_sipdiag_identity_capture_check, check_name(f->u.passport.capture));
        proto_item_set_generated(proto_tree_add_int(tree, hf_sipdiag_identity_capture_delta, NULL, 0, 0,
                                                    (gint32)CLAMP(f->u.passport.capture_delta, G_MININT32, G_MAXINT32)));
    }
    if (f->u.passport.orig != SIPDIAG_CHECK_UNKNOWN)
        add_generated_string(tree, hf_sipdiag_identity_orig_check, check_name(f->u.passport.orig));
    if (f->u.passport.dest != SIPDIAG_CHECK_UNKNOWN)
        add_generated_string(tree, hf_sipdiag_identity_dest_check, check_name(f->u.passport.dest));
}

static void
show_passport(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view,
              const sipdiag_finding *f)
{
    const sipdiag_passport *pp = f->u.passport.pp;
    proto_item *item = add_slice(sub, hf_sipdiag_identity, pinfo, view, f->value);
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_identity);
    if (f->problem.header)
        add_problem(pinfo, top, &f->problem);
    proto_item_set_generated(proto_tree_add_boolean(tree, hf_sipdiag_identity_compact, NULL, 0, 0, pp->compact));
    if (pp->info.len)
        add_slice(tree, hf_sipdiag_identity_info, pinfo, view, pp->info);
    add_json_string(tree, hf_sipdiag_identity_alg, pinfo, pp->alg.len ? pp->alg : pp->alg_param);
    add_json_string(tree, hf_sipdiag_identity_ppt, pinfo, pp->ppt.len ? pp->ppt : pp->ppt_param);
    add_json_string(tree, hf_sipdiag_identity_x5u, pinfo, pp->x5u);
    add_json_string(tree, hf_sipdiag_identity_attest, pinfo, pp->attest);
    add_json_string(tree, hf_sipdiag_identity_orig_tn, pinfo, pp->orig_tn);
    for (unsigned i = 0; i < pp->dest_count; i++)
        add_json_string(tree, hf_sipdiag_identity_dest_tn, pinfo, pp->dest_tn[i]);
    add_json_string(tree, hf_sipdiag_identity_origid, pinfo, pp->origid);
    if (pp->has_iat && pp->iat >= 0 && pp->iat <= G_MAXUINT32)
        add_generated_uint(tree, hf_sipdiag_identity_iat, (guint32)pp->iat);
    show_passport_checks(tree, f);
}

static void
show_dialog(proto_tree *sub, const sipdiag_finding *f)
{
    if (f->u.dialog.confirmed_frame)
        add_generated_uint(sub, hf_sipdiag_dialog_in, f->u.dialog.confirmed_frame);
    if (f->u.dialog.ended_frame)
        add_generated_uint(sub, hf_sipdiag_dialog_ended_in, f->u.dialog.ended_frame);
}

static void
show_jwscard(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view, const sipdiag_finding *f)
{
    const sipdiag_jwscard *card = f->u.jwscard;
    proto_item *item = add_slice(sub, hf_sipdiag_jwscard, pinfo, view, card->uri);
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_jwscard);
    if (f->problem.header)
        add_problem(pinfo, top, &f->problem);
    add_generated_string(tree, hf_sipdiag_jwscard_source,
                         !card->data ? "at this URI: fetched from there (not by sipdiag); the card is a signed JWS"
                         : card->jws ? "in this data: URI, a JWS (signature not verified)"
                                     : "in this data: URI, an unsigned jCard");
    add_json_string(tree, hf_sipdiag_jwscard_fn, pinfo, card->fn);
    add_json_string(tree, hf_sipdiag_jwscard_org, pinfo, card->org);
    add_json_string(tree, hf_sipdiag_jwscard_tel, pinfo, card->tel);
    add_json_string(tree, hf_sipdiag_jwscard_email, pinfo, card->email);
    add_json_string(tree, hf_sipdiag_jwscard_url, pinfo, card->url);
}

static void
show_sdp_comparison(proto_tree *sub, const sipdiag_finding *f)
{
    proto_item *item = add_generated_parent(sub, hf_sipdiag_sdp_comparison, f->u.comparison.text);
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_sdp);
    add_generated_string(tree, hf_sipdiag_sdp_mismatch, sipdiag_sdp_mismatch_name(f->u.comparison.mismatch));
    add_generated_uint(tree, hf_sipdiag_sdp_offer_in, f->u.comparison.offer_frame);
    if (f->u.comparison.other_frame)
        add_generated_uint(tree, hf_sipdiag_sdp_other_in, f->u.comparison.other_frame);
}

/* One finding of the diagnosis, as it is: the explaining headers' fields. */
typedef struct {
    proto_tree *sub;
    packet_info *pinfo;
    proto_item *top;
    const message_view_t *view;
} finding_target_t;

static void
show_finding(const sipdiag_finding *f, void *user)
{
    const finding_target_t *to = user;
    proto_tree *sub = to->sub;
    packet_info *pinfo = to->pinfo;
    proto_item *top = to->top;
    const message_view_t *view = to->view;
    int *hf = f->header < SIPDIAG_HDR_COUNT ? field_of_header[f->header] : NULL;
    switch (f->kind) {
    case SIPDIAG_FINDING_MALFORMED:
        add_problem(pinfo, top, &f->problem);
        break;
    case SIPDIAG_FINDING_NO_TARGET:
        expert_add_info_format(pinfo, top, &ei_sipdiag_malformed_value,
                               "Redirection without a usable Contact: the caller has nowhere to retry");
        break;
    case SIPDIAG_FINDING_CHALLENGE:
        show_challenge(sub, pinfo, view, f);
        break;
    case SIPDIAG_FINDING_CONTACT:
    case SIPDIAG_FINDING_TOKEN:
        if (hf && kept(sub, *hf))
            add_slice(sub, *hf, pinfo, view, f->value);
        break;
    case SIPDIAG_FINDING_SECONDS:
        if (hf && kept(sub, *hf))
            add_slice_uint(sub, *hf, view, f->value, (guint32)f->u.number);
        break;
    case SIPDIAG_FINDING_RETRY_AFTER:
        show_retry_after(sub, view, f);
        break;
    case SIPDIAG_FINDING_WARNING:
        show_warning(sub, pinfo, view, f);
        break;
    case SIPDIAG_FINDING_REASON:
        show_reason(sub, pinfo, view, f);
        break;
    case SIPDIAG_FINDING_USERNAME:
        add_generated_string(sub, hf_sipdiag_auth_username, f->u.text);
        break;
    case SIPDIAG_FINDING_REQUESTED_EXPIRES:
        add_generated_uint(sub, hf_sipdiag_requested_expires, (guint32)f->u.number);
        break;
    case SIPDIAG_FINDING_REQUEST_SCHEME:
        add_generated_string(sub, hf_sipdiag_request_scheme, f->u.text);
        break;
    case SIPDIAG_FINDING_REQUEST_SIZE:
        add_generated_uint(sub, hf_sipdiag_request_size, f->u.request.size);
        add_generated_string(sub, hf_sipdiag_request_transport, f->u.request.over_udp ? "UDP" : "stream");
        break;
    case SIPDIAG_FINDING_DIALOG:
        show_dialog(sub, f);
        break;
    case SIPDIAG_FINDING_TEXT:
        if (hf && kept(sub, *hf))
            add_slice(sub, *hf, pinfo, view, f->value);
        break;
    case SIPDIAG_FINDING_MS_DIAGNOSTICS:
        show_ms_diagnostics(sub, pinfo, view, f);
        break;
    case SIPDIAG_FINDING_TWILIO_ERROR:
        show_twilio_error(sub, pinfo, view, f);
        break;
    case SIPDIAG_FINDING_HANGUP_CAUSE:
        show_hangup_cause(sub, view, f);
        break;
    case SIPDIAG_FINDING_CARRIER_CODE:
        add_slice(sub, hf_sipdiag_carrier_code, pinfo, view, f->value);
        break;
    case SIPDIAG_FINDING_SDP_MEDIA:
        show_sdp_media(sub, pinfo, view, f);
        break;
    case SIPDIAG_FINDING_PASSPORT:
        show_passport(sub, pinfo, top, view, f);
        break;
    case SIPDIAG_FINDING_SDP_COMPARISON:
        show_sdp_comparison(sub, f);
        break;
    case SIPDIAG_FINDING_JWSCARD:
        show_jwscard(sub, pinfo, top, view, f);
        break;
    }
}

/* ---- Expert items and the Info column ----------------------------------- */

static void
add_expert_items(packet_info *pinfo, proto_item *top, const sipdiag_verdict *verdict,
                 const status_line_t *line, const sipdiag_hint *hint)
{
    expert_field *ei = ei_by_severity[hint->severity_set ? hint->severity : verdict->severity];

    if (verdict->registered) {
        expert_add_info_format(pinfo, top, ei, "SIP %u %s: %s", verdict->code, verdict->entry->phrase,
                               hint->text[0] ? hint->text : verdict->entry->remedy_short);
        if (verdict->phrase_differs && line->phrase && line->phrase[0] == '\0')
            expert_add_info_format(pinfo, top, &ei_sipdiag_phrase_differs,
                                   "Empty reason phrase; the registered one is \"%s\"", verdict->entry->phrase);
        else if (verdict->phrase_differs)
            expert_add_info_format(pinfo, top, &ei_sipdiag_phrase_differs,
                                   "Reason phrase \"%s\" differs from the registered \"%s\"",
                                   printable_phrase(pinfo, line), verdict->entry->phrase);
    } else if (verdict->from_user_table) {
        expert_add_info_format(pinfo, top, ei, "SIP %u %s: %s", verdict->code,
                               response_phrase(pinfo, verdict, line), hint->text[0] ? hint->text : verdict->entry->remedy);
        expert_add_info_format(pinfo, top, &ei_sipdiag_unregistered,
                               "Unregistered status code %u: explained by the site table \"SIP response remedies\"",
                               verdict->code);
    } else if (verdict->entry) {
        expert_add_info_format(pinfo, top, ei,
                               "SIP %u %s: unregistered code, handled as %u %s; "
                               "check what the sender's vendor means by it",
                               verdict->code, printable_phrase(pinfo, line), verdict->entry->code,
                               verdict->entry->phrase);
        expert_add_info_format(pinfo, top, &ei_sipdiag_unregistered,
                               "Unregistered status code %u: treated as %u %s (RFC 3261 §8.1.3.2)",
                               verdict->code, verdict->entry->code, verdict->entry->phrase);
    } else {
        expert_add_info_format(pinfo, top, ei,
                               "SIP %03u %s: status code outside 100-699 has no response class; "
                               "report it to the vendor of the sender",
                               verdict->code, printable_phrase(pinfo, line));
    }
}

static void
append_info_label(packet_info *pinfo, const sipdiag_verdict *verdict, const sipdiag_hint *hint)
{
    gboolean success = verdict->klass == SIPDIAG_CLASS_PROVISIONAL || verdict->klass == SIPDIAG_CLASS_SUCCESSFUL;
    /* A 1xx/2xx gets a label only when what came before makes it a warning (a 2xx resent for want of its ACK). */
    if (!pref_info_label || (success && !(hint->severity_set && hint->severity >= SIPDIAG_SEVERITY_WARN)))
        return;
    /* SIP already ends its Info text with "| ". */
    if (verdict->registered || verdict->from_user_table)
        col_append_fstr(pinfo->cinfo, COL_INFO, "[%s]", hint->text[0] ? hint->text : verdict->entry->remedy_short);
    else if (verdict->entry)
        col_append_fstr(pinfo->cinfo, COL_INFO, "[unregistered code, handled as %u]", verdict->entry->code);
    else
        col_append_str(pinfo->cinfo, COL_INFO, "[status code has no class]");
}

/* ---- One subtree per message --------------------------------------------- */

/* What this dissection will use: most passes show no sipdiag tree at all
 * (tshark without -V, -Y or -e on sipdiag fields), and then building one is
 * the largest cost of the plugin.  A tree that is built but not shown
 * (-Y, -e, colouring rules) gets only what is asked of it. */
typedef struct {
    gboolean tree;        /* someone shows or filters on sipdiag, or on its expert items */
    gboolean visible;     /* the tree is shown: every label is formatted */
    gboolean expert_text; /* someone reads expert texts: shown, expert tap, _ws.expert filter */
    gboolean info;        /* the Info column is being built */
    gboolean tap;         /* the statistics tree listens */
} needs_t;

static int expert_tap = -1;

/* The fields of sipdiag's expert items, found once (sipdiag_render_file_start). */
static header_field_info *expert_hfinfo[11];
static size_t expert_hfinfo_count;

static void
find_expert_fields(void)
{
    static expert_field *const eis[G_N_ELEMENTS(expert_hfinfo)] = {
        &ei_sipdiag_response_chat, &ei_sipdiag_response_note, &ei_sipdiag_response_warn,
        &ei_sipdiag_response_error, &ei_sipdiag_unregistered, &ei_sipdiag_phrase_differs,
        &ei_sipdiag_malformed_value, &ei_sipdiag_warn_code_unregistered, &ei_sipdiag_no_response,
        &ei_sipdiag_icmp_error, &ei_sipdiag_icmp_other,
    };
    expert_hfinfo_count = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(eis); i++)
        if (eis[i]->hf > 0)
            expert_hfinfo[expert_hfinfo_count++] = proto_registrar_get_nth((guint)eis[i]->hf);
}

/* Whether a filter or column names one of these fields (a tree nobody
 * sees): every one is looked at, without a branch for each. */
G_STATIC_ASSERT(HF_REF_TYPE_NONE == 0);

static gboolean
any_asked(header_field_info *const *hfinfo, size_t count)
{
    unsigned asked = 0; /* the ref_types or-ed: HF_REF_TYPE_NONE is 0 */
    for (size_t i = 0; i < count; i++)
        asked |= (unsigned)hfinfo[i]->ref_type;
    return asked != HF_REF_TYPE_NONE;
}

static gboolean
tree_is_visible(proto_tree *tree)
{
    return tree && PTREE_DATA(tree)->visible;
}

/* A filter or column on one of sipdiag's expert items, or on any expert
 * field, for a tree nobody sees (a shown tree gets every text anyway).  This
 * is asked for every frame with SIP in it: the expert items' fields are read
 * directly, as proto_field_is_referenced would for a tree nobody sees. */
static gboolean
experts_referenced(proto_tree *tree)
{
    if (!tree)
        return FALSE;
    if (proto_expert > 0 && proto_field_is_referenced(tree, proto_expert))
        return TRUE;
    /* Filtering on a field marks its protocol as referenced too. */
    if (!proto_field_is_referenced(tree, proto_sipdiag))
        return FALSE;
    return any_asked(expert_hfinfo, expert_hfinfo_count);
}

static void
frame_needs(packet_info *pinfo, proto_tree *tree, needs_t *needs)
{
    needs->visible = tree_is_visible(tree);
    gboolean filtered_experts = !needs->visible && experts_referenced(tree);
    /* Expert items filtered on need an item of the tree to hang from. */
    needs->tree = tree && (proto_field_is_referenced(tree, proto_sipdiag) || filtered_experts);
    needs->expert_text = needs->visible || (expert_tap >= 0 && have_tap_listener(expert_tap)) || filtered_experts;
    needs->info = pref_info_label && pinfo->cinfo != NULL;
    needs->tap = have_tap_listener(sipdiag_tap);
}


static void
queue_tap(packet_info *pinfo, const sipdiag_verdict *verdict, const status_line_t *line, const sipdiag_hint *hint,
          gboolean counted)
{
    if (!have_tap_listener(sipdiag_tap))
        return;
    sipdiag_tap_info_t *info = wmem_new(pinfo->pool, sipdiag_tap_info_t);
    info->retransmission = !counted;
    info->code = verdict->code;
    info->klass = verdict->klass;
    info->registered = verdict->registered;
    info->phrase = response_phrase(pinfo, verdict, line);
    /* Frame-independent words, so that alike responses count together. */
    if (hint->label)
        info->remedy = hint->label;
    else if (verdict->registered || verdict->from_user_table)
        info->remedy = verdict->entry->remedy_short;
    else if (verdict->entry)
        info->remedy = wmem_strdup_printf(pinfo->pool, "Unregistered code, handled as %u %s", verdict->entry->code,
                                          verdict->entry->phrase);
    else
        info->remedy = "Status code has no class";
    tap_queue_packet(sipdiag_tap, pinfo, info);
}

/* Severity only, without formatting a text nobody will read: the status
 * bar's expert indicator and the Expert column still see it. */
static void
add_silent_expert(packet_info *pinfo, proto_item *top, const sipdiag_verdict *verdict, const sipdiag_hint *hint)
{
    expert_add_info(pinfo, top, ei_by_severity[hint->severity_set ? hint->severity : verdict->severity]);
}

static gboolean
any_referenced(proto_tree *tree, const int *const *hfs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (kept(tree, *hfs[i])) /* proto_field_is_referenced, for fields that are no protocol */
            return TRUE;
    return FALSE;
}

/* Reading a challenge is the one costly part of the explaining headers: it
 * is done only when something shows it. */
static gboolean
challenges_needed(proto_tree *tree, const needs_t *needs)
{
    static const int *const hfs[] = {
        &hf_sipdiag_auth_challenge, &hf_sipdiag_auth_scheme, &hf_sipdiag_auth_realm, &hf_sipdiag_auth_algorithm,
        &hf_sipdiag_auth_qop, &hf_sipdiag_auth_stale,
    };
    return needs->expert_text || any_referenced(tree, hfs, G_N_ELEMENTS(hfs));
}

/* ---- Calls --------------------------------------------------------------- */

static void
add_call_time(proto_tree *tree, int hf, gboolean has, guint64 ns)
{
    if (!has)
        return;
    nstime_t t;
    t.secs = (time_t)(ns / G_GUINT64_CONSTANT(1000000000));
    t.nsecs = (int)(ns % G_GUINT64_CONSTANT(1000000000));
    proto_item_set_generated(proto_tree_add_time(tree, hf, NULL, 0, 0, &t));
}

/* Whether a tree gets the call fields: shown, or one of them asked for (a
 * tree nobody sees would fake them all, after the verdict was written). */
static gboolean
call_fields_needed(proto_tree *tree)
{
    static const int *const hfs[] = {
        &hf_sipdiag_call_outcome, &hf_sipdiag_call_verdict, &hf_sipdiag_call_start_in, &hf_sipdiag_call_pdd,
        &hf_sipdiag_call_setup_time, &hf_sipdiag_call_duration, &hf_sipdiag_call_ended_by,
        &hf_sipdiag_call_responder, &hf_sipdiag_call_leg, &hf_sipdiag_call_other_leg,
    };
    return tree_is_visible(tree) || any_referenced(tree, hfs, G_N_ELEMENTS(hfs));
}

/* The call fields, under the message's own subtree, on the messages that
 * settle its outcome. */
static void
add_call_fields(packet_info *pinfo, proto_tree *tree, const sipdiag_call_state *call)
{
    char sentence[512];
    if (!call || !call->settles || !call_fields_needed(tree))
        return;
    const char *outcome = sipdiag_call_outcome_name(call->outcome);
    sipdiag_call_verdict(call, sentence, sizeof sentence);
    const char *verdict = sipdiag_format_text(pinfo->pool, sentence); /* agents and reasons are the wire's bytes */
    proto_item *item = add_generated_parent(tree, hf_sipdiag_call_outcome, outcome);
    proto_tree *sub = proto_item_add_subtree(item, ett_sipdiag_call);
    add_generated_string(sub, hf_sipdiag_call_verdict, verdict);
    add_generated_uint(sub, hf_sipdiag_call_start_in, call->start_frame);
    add_call_time(sub, hf_sipdiag_call_pdd, call->has_pdd, call->pdd_ns);
    add_call_time(sub, hf_sipdiag_call_setup_time, call->has_setup, call->setup_ns);
    add_call_time(sub, hf_sipdiag_call_duration, call->has_duration, call->duration_ns);
    if (call->ended_by != SIPDIAG_ENDED_NONE)
        add_generated_string(sub, hf_sipdiag_call_ended_by, sipdiag_call_ender_name(call->ended_by));
    if (call->responder[0]) {
        char responder[160];
        sipdiag_call_responder_text(call, responder, sizeof responder);
        add_generated_string(sub, hf_sipdiag_call_responder, sipdiag_format_text(pinfo->pool, responder));
    }
    if (call->other_leg_frame) {
        add_generated_string(sub, hf_sipdiag_call_leg, call->leg == SIPDIAG_LEG_OUTBOUND ? "outbound" : "inbound");
        add_generated_uint(sub, hf_sipdiag_call_other_leg, call->other_leg_frame);
    }
}

/*
 * The first sighting of an INVITE attempt that, by the end of the capture,
 * got no response at all.  Only a dissection after the whole capture was
 * recorded knows: the GUI once the file is read (packet details, Expert
 * Information).  tshark records in the pass that runs taps (the second
 * with -2), so it never shows this; -z sipdiag,calls lists the call as
 * unanswered instead.
 */
static gboolean
never_answered(packet_info *pinfo, const sipdiag_call_state *call, const sipdiag_call_state **latest)
{
    if (!call || !pinfo->fd->visited || call->invite_count != 1 || call->final_code || call->provisional_code
        || call->answer_count)
        return FALSE;
    *latest = sipdiag_call_latest(call->serial);
    return *latest && (*latest)->outcome == SIPDIAG_CALL_UNANSWERED && (*latest)->attempts == call->attempts;
}

static void
add_no_response(packet_info *pinfo, proto_item *top, const sipdiag_call_state *latest)
{
    if (latest->icmp_frame && sipdiag_icmp_is_failure((sipdiag_icmp_error)latest->icmp_error)) {
        char verdict[512];
        sipdiag_call_verdict(latest, verdict, sizeof verdict);
        expert_add_info_format(pinfo, top, &ei_sipdiag_no_response, "%s", verdict);
        return;
    }
    expert_add_info_format(pinfo, top, &ei_sipdiag_no_response,
                           "No response to this INVITE in the whole capture (sent %u time%s): it was lost on the "
                           "way or dropped (firewall, NAT, wrong address, port or transport at the sender), or the "
                           "capture misses the return path", latest->invite_count,
                           latest->invite_count == 1 ? "" : "s");
}

/* -z sipdiag,calls gets every snapshot of a call, settled or not. */
static void
queue_call_tap(packet_info *pinfo, const sipdiag_call_state *call)
{
    if (call && have_tap_listener(sipdiag_calls_tap))
        tap_queue_packet(sipdiag_calls_tap, pinfo, call);
}

static void
add_response_tree(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec, const message_view_t *view,
                  const status_line_t *line, const sipdiag_diagnosis *diagnosis, const needs_t *needs)
{
    const sipdiag_verdict *verdict = &diagnosis->verdict;
    const sipdiag_hint *hint = &diagnosis->hint;
    proto_item *top;
    if (needs->visible)
        top = proto_tree_add_protocol_format(tree, proto_sipdiag, view->tvb, view->start, line->line_len,
                                             "SIP Response Diagnostics: %s", headline(pinfo, verdict, line));
    else
        top = proto_tree_add_item(tree, proto_sipdiag, view->tvb, view->start, line->line_len, ENC_NA);
    proto_tree *sub = proto_item_add_subtree(top, ett_sipdiag);
    add_code_fields(sub, rec, view, line, verdict);
    add_request_fields(sub, pinfo, view, &diagnosis->cseq, diagnosis->context);
    if (hint->text[0])
        add_generated_string(sub, hf_sipdiag_hint, hint->text);
    add_meaning(sub, verdict);
    add_call_fields(pinfo, sub, rec->call);
    if (view->tvb) {
        finding_target_t to = { sub, pinfo, top, view };
        sipdiag_diagnosis_findings(diagnosis, &view->msg, challenges_needed(tree, needs), show_finding, &to);
    }
    if (needs->expert_text)
        add_expert_items(pinfo, top, verdict, line, hint);
    else if ((verdict->klass != SIPDIAG_CLASS_PROVISIONAL && verdict->klass != SIPDIAG_CLASS_SUCCESSFUL)
             || (hint->severity_set && hint->severity >= SIPDIAG_SEVERITY_WARN))
        add_silent_expert(pinfo, top, verdict, hint);
}

/* The fields add_response_tree gives a response besides the code, the class
 * and the explaining headers' (sipdiag_explain), kept only where asked for:
 * leaves of the diagnosis, the context and the call. */
static int *const diagnosis_fields[] = {
    &hf_sipdiag_phrase, &hf_sipdiag_wire_phrase, &hf_sipdiag_registered, &hf_sipdiag_treated_as,
    &hf_sipdiag_description, &hf_sipdiag_cause, &hf_sipdiag_remedy, &hf_sipdiag_remedy_short, &hf_sipdiag_ref,
    &hf_sipdiag_variant, &hf_sipdiag_from_user_table, &hf_sipdiag_hint, &hf_sipdiag_method, &hf_sipdiag_cseq,
    &hf_sipdiag_request_in, &hf_sipdiag_response_time, &hf_sipdiag_request_count, &hf_sipdiag_retransmission,
    &hf_sipdiag_original_in, &hf_sipdiag_cancel_in, &hf_sipdiag_call_outcome, &hf_sipdiag_call_verdict,
    &hf_sipdiag_call_start_in, &hf_sipdiag_call_pdd, &hf_sipdiag_call_setup_time, &hf_sipdiag_call_duration,
    &hf_sipdiag_call_ended_by, &hf_sipdiag_call_responder, &hf_sipdiag_call_leg, &hf_sipdiag_call_other_leg,
};
static header_field_info *diagnosis_hfinfo[G_N_ELEMENTS(diagnosis_fields)];

static void
find_diagnosis_fields(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(diagnosis_fields); i++)
        diagnosis_hfinfo[i] = proto_registrar_get_nth((guint)*diagnosis_fields[i]);
}

/* Whether a filter or column names one of them (a tree nobody sees). */
static gboolean
diagnosis_fields_asked(void)
{
    return any_asked(diagnosis_hfinfo, G_N_ELEMENTS(diagnosis_hfinfo));
}

/* sipdiag's own hfinfo, looked up once per file. */
static header_field_info *sipdiag_hfinfo;

/* The protocol item of a bare response.  In a tree nobody sees, Wireshark
 * fakes the items of protocols nobody asked for (fake_protocols): the
 * fields hang on the tree instead, and filters find them there.  A filter
 * on a sipdiag field only marks sipdiag itself as indirectly referenced, so
 * its item would be built: faked the same way here.  A filter on "sipdiag",
 * and -z io,phs (which turns faking off), still get it. */
static proto_item *
bare_protocol_item(proto_tree *tree, const message_view_t *view, gint len)
{
    if (PTREE_DATA(tree)->fake_protocols && sipdiag_hfinfo && sipdiag_hfinfo->ref_type == HF_REF_TYPE_INDIRECT)
        return (proto_item *)tree;
    return proto_tree_add_item(tree, proto_sipdiag, view->tvb, view->start, len, ENC_NA);
}

/* add_response_tree for a 1xx/2xx of a tree nobody sees, when none of the
 * diagnosis fields above is asked for: the same protocol item, code, class
 * and explaining headers (which may add expert items), without the
 * diagnosis whose fields would all be dropped.  No explainer of a 1xx/2xx
 * reads the context (test_explain checks it): it is not rebuilt for them. */
static void
add_bare_response_tree(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec, const message_view_t *view,
                       const status_line_t *line, sipdiag_class klass)
{
    proto_item *top = bare_protocol_item(tree, view, line->line_len);
    proto_tree *sub = proto_item_add_subtree(top, ett_sipdiag);
    add_code_and_class(sub, rec, view, rec->code, klass);
    if (view->tvb) {
        finding_target_t to = { sub, pinfo, top, view };
        sipdiag_explain_response(rec->code, &view->msg, NULL, FALSE, show_finding, &to);
    }
}

/* The hint of a 1xx/2xx is only read where it shows. */
static gboolean
hint_needed(proto_tree *tree, gboolean success, const needs_t *needs)
{
    return !success || needs->expert_text || needs->tap
           || (needs->tree && kept(tree, hf_sipdiag_hint));
}

static void
annotate_response(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec, const message_view_t *parsed,
                  const needs_t *needs)
{
    sipdiag_severities severities;
    for (int k = SIPDIAG_CLASS_NONE; k <= SIPDIAG_CLASS_GLOBAL_FAILURE; k++)
        severities.by_class[k] = (sipdiag_severity)pref_severity[k];
    sipdiag_class klass = sipdiag_class_of(rec->code);
    gboolean success = klass == SIPDIAG_CLASS_PROVISIONAL || klass == SIPDIAG_CLASS_SUCCESSFUL;
    gboolean shown = !success || pref_annotate_success;
    /* A 1xx/2xx seen again may be a 2xx whose ACK never came: diagnosed like a failure. */
    gboolean quiet = success && !sipdiag_rec_repeats(rec);
    /* A failure always gets its expert item and Info label; a 1xx/2xx only
     * where it shows. */
    if (!needs->tap && !(shown && (needs->tree || needs->expert_text || !quiet)))
        return;

    message_view_t own_view;
    const message_view_t *view = parsed;
    status_line_t line;
    sipdiag_diagnosis diagnosis;
    sipdiag_response_context ctx_buf;
    if (!view) {
        sipdiag_view_message(pinfo, rec, &own_view);
        view = &own_view;
    }
    /* A 1xx/2xx in a tree nobody sees (-Y "sipdiag.class >= 4"), where no
     * diagnosis field is asked for: its diagnosis would be dropped, and it
     * gets no expert item nor label. */
    gboolean bare = quiet && shown && needs->tree && !needs->visible && !needs->expert_text && !needs->tap
                    && !diagnosis_fields_asked();
    sipdiag_locate_status_line(pinfo, rec, view, !bare, &line);
    if (bare) {
        add_bare_response_tree(pinfo, tree, rec, view, &line, klass);
        return;
    }
    const sipdiag_response_context *ctx = sipdiag_context_of(rec, sipdiag_frame_time_ns(pinfo), &ctx_buf);
    sipdiag_diagnose_response(rec->code, line.phrase, &view->msg, ctx, &severities,
                              hint_needed(tree, quiet, needs), &diagnosis);
    const sipdiag_verdict verdict = diagnosis.verdict;
    const sipdiag_hint hint = diagnosis.hint;
    if (needs->tap)
        queue_tap(pinfo, &verdict, &line, &hint, diagnosis.counted);
    if (!shown)
        return;

    if (needs->tree)
        add_response_tree(pinfo, tree, rec, view, &line, &diagnosis, needs);
    else if (needs->expert_text)
        add_expert_items(pinfo, NULL, &verdict, &line, &hint);
    else if (!success || (hint.severity_set && hint.severity >= SIPDIAG_SEVERITY_WARN))
        add_silent_expert(pinfo, NULL, &verdict, &hint);
    if (needs->info)
        append_info_label(pinfo, &verdict, &hint);
}

/* A request gets a subtree for its hint (a BYE or CANCEL with a Reason),
 * or for the call fields when it settles a call (a BYE). */
static void
annotate_request(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec, const message_view_t *parsed,
                 const needs_t *needs)
{
    message_view_t own_view;
    const message_view_t *view = parsed;
    sipdiag_hint hint;

    if (!view) {
        sipdiag_view_message(pinfo, rec, &own_view);
        view = &own_view;
    }
    if (!view->tvb)
        return;
    gboolean has_hint = sipdiag_request_hint(&view->msg, (int64_t)pinfo->abs_ts.secs, carrier_of(pinfo), &hint);
    gboolean call_fields = rec->call && rec->call->settles && needs->tree;
    const sipdiag_call_state *latest = NULL;
    /* parsed: recorded by this very dissection, so the rest of the capture is not known yet */
    gboolean unanswered = !parsed && never_answered(pinfo, rec->call, &latest);
    if (!has_hint && !call_fields && !unanswered)
        return;
    /* The protocol's name, and which request this is: no response here. */
    sipdiag_str method_name = { view->msg.method.ptr, MIN(view->msg.method.len, 32) };
    const char *method = slice_text(pinfo, method_name);
    proto_item *top = proto_tree_add_protocol_format(tree, proto_sipdiag, view->tvb, view->start,
                                                     (gint)MIN(view->msg.header_len, view->avail),
                                                     has_hint ? "SIP Response Diagnostics (%s request): %s"
                                                     : "SIP Response Diagnostics (%s request): call %s", method,
                                                     has_hint ? hint.text : sipdiag_call_outcome_name(rec->call->outcome));
    proto_tree *sub = proto_item_add_subtree(top, ett_sipdiag);
    add_slice(sub, hf_sipdiag_method, pinfo, view, view->msg.method);
    if (has_hint)
        add_generated_string(sub, hf_sipdiag_hint, hint.text);
    if (call_fields)
        add_call_fields(pinfo, sub, rec->call);
    if (unanswered)
        add_no_response(pinfo, top, latest);
    if (!has_hint)
        return;
    finding_target_t to = { sub, pinfo, top, view };
    sipdiag_explain_request(&view->msg, (int64_t)pinfo->abs_ts.secs, show_finding, &to);
    expert_add_info_format(pinfo, top, ei_by_severity[hint.severity], "%s", hint.text);
}

/* The ICMP error's sender (the frame's source: Wireshark gives the quoted
 * datagram's addresses back after dissecting it): the quoted message's
 * destination itself, or a router or firewall on the path. */
static const char *
icmp_sender(packet_info *pinfo, const sipdiag_icmp_header *header)
{
    gboolean v6 = header->ip_version == 6;
    size_t len = v6 ? 16 : 4;
    gboolean itself = pinfo->src.type == (v6 ? AT_IPv6 : AT_IPv4) && (size_t)pinfo->src.len == len
                      && memcmp(pinfo->src.data, header->destination, len) == 0;
    return wmem_strdup_printf(pinfo->pool, "%s (%s)", address_to_str(pinfo->pool, &pinfo->src),
                              itself ? "the destination itself" : "on the path");
}

/* A request or response an ICMP error quotes (RFC 3261 §18.4): what the
 * error says about where it was sent. */
static void
annotate_quoted(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec, const message_view_t *parsed)
{
    message_view_t own_view;
    const message_view_t *view = parsed;
    if (!view) {
        sipdiag_view_message(pinfo, rec, &own_view);
        view = &own_view;
    }
    if (!view->tvb)
        return;
    gboolean response = rec->code_start >= 0;
    sipdiag_icmp_header header;
    (void)sipdiag_quoting_icmp(pinfo, rec, &header);
    sipdiag_icmp_error error = sipdiag_icmp_error_of(&header);
    sipdiag_str method = { view->msg.method.ptr, MIN(view->msg.method.len, 32) };
    const char *what = response ? wmem_strdup_printf(pinfo->pool, "%u response", rec->code)
                                : slice_text(pinfo, method);
    char hint[640];
    sipdiag_icmp_hint(&header, response ? wmem_strdup_printf(pinfo->pool, "%u", rec->code) : what, response,
                      sipdiag_quoted_destination(pinfo, &header), hint, sizeof hint);
    proto_item *top = proto_tree_add_protocol_format(tree, proto_sipdiag, view->tvb, view->start,
                                                     (gint)MIN(view->msg.header_len, view->avail),
                                                     "SIP Response Diagnostics (%s quoted in ICMP): %s", what,
                                                     sipdiag_icmp_error_name(error));
    proto_tree *sub = proto_item_add_subtree(top, ett_sipdiag);
    if (!response)
        add_slice(sub, hf_sipdiag_method, pinfo, view, view->msg.method);
    if (rec->quoted_frame)
        add_generated_uint(sub, hf_sipdiag_icmp_quotes, rec->quoted_frame);
    add_generated_string(sub, hf_sipdiag_icmp, sipdiag_icmp_error_name(error));
    add_generated_string(sub, hf_sipdiag_icmp_from, icmp_sender(pinfo, &header));
    add_generated_string(sub, hf_sipdiag_hint, hint);
    expert_add_info_format(pinfo, top, sipdiag_icmp_is_failure(error) ? &ei_sipdiag_icmp_error : &ei_sipdiag_icmp_other,
                           "%s", hint);
}

/* RFC 3261 §7.2: a Status-Code is exactly three digits followed by a space;
 * Wireshark leaves anything else undissected, as data. */
static void
annotate_bad_status_line(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec)
{
    message_view_t view;
    sipdiag_view_message(pinfo, rec, &view);
    if (!view.tvb)
        return;
    gsize digits = 0;
    const char *code = view.base + STATUS_LINE_PREFIX_LEN;
    gsize room = view.avail - STATUS_LINE_PREFIX_LEN;
    while (digits < room && digits < 16 && g_ascii_isdigit(code[digits]))
        digits++;
    if (digits == 3 && digits < room && code[digits] == ' ')
        return; /* well-formed: the SIP dissector had another reason */
    gint next_offset;
    gint line_len = tvb_find_line_end(view.tvb, view.start, (gint)MIN(view.avail, MAX_PHRASE_BYTES), &next_offset, FALSE);
    const char *line = sipdiag_format_text(pinfo->pool, wmem_strndup(pinfo->pool, view.base,
                                                                     (gsize)MIN(MAX(line_len, 0), MAX_QUOTED_PHRASE)));
    proto_item *top = proto_tree_add_protocol_format(tree, proto_sipdiag, view.tvb, view.start, MAX(line_len, 0),
                                                     "SIP Response Diagnostics: malformed status line \"%s\"", line);
    const char *fault = digits == 3 ? "has no space after its code"
                      : wmem_strdup_printf(pinfo->pool, "has a %s-digit code",
                                           digits >= 16 ? "16+" : wmem_strdup_printf(pinfo->pool, "%" G_GSIZE_FORMAT, digits));
    expert_add_info_format(pinfo, top, &ei_sipdiag_bad_status_line,
                           "Status line \"%s\" %s; SIP needs exactly three digits and a space "
                           "(RFC 3261 section 7.2), so Wireshark does not dissect it as SIP: fix the sender",
                           line, fault);
}

int
sipdiag_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    /* The handle's protocol is a helper (see proto_register_sipdiag), for
     * which Wireshark does not name the protocol running: expert items and
     * exceptions are sipdiag's. */
    pinfo->current_proto = "SIPDIAG";
    message_view_t *views;
    const frame_messages_t *messages = sipdiag_messages_in_frame(pinfo, tvb, &views);
    if (!messages)
        return 0;
    needs_t needs;
    frame_needs(pinfo, tree, &needs);
    for (guint i = 0; i < messages->count; i++) {
        const message_view_t *parsed = views ? &views[i] : NULL;
        switch (messages->msg[i].kind) {
        case MSG_RESPONSE:
            annotate_response(pinfo, tree, &messages->msg[i], parsed, &needs);
            break;
        case MSG_REQUEST:
            annotate_request(pinfo, tree, &messages->msg[i], parsed, &needs);
            break;
        case MSG_BAD_STATUS_LINE:
            annotate_bad_status_line(pinfo, tree, &messages->msg[i]);
            break;
        case MSG_QUOTED:
            annotate_quoted(pinfo, tree, &messages->msg[i], parsed);
            break;
        }
        queue_call_tap(pinfo, messages->msg[i].call);
        if (messages->msg[i].ping && have_tap_listener(sipdiag_pings_tap))
            tap_queue_packet(sipdiag_pings_tap, pinfo, messages->msg[i].ping);
    }
    return 0;
}

void
sipdiag_render_file_start(void)
{
    expert_tap = find_tap_id("expert");
    find_diagnosis_fields();
    find_expert_fields();
    sipdiag_hfinfo = proto_registrar_get_nth((guint)proto_sipdiag);
}
