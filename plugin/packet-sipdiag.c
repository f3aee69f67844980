/* packet-sipdiag.c
 * SIP Response Diagnostics: a post-dissector that annotates every SIP
 * response with its class, meaning, typical cause, remedy and RFC.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/strutil.h>

#include "sipdiag_classify.h"
#include "sipdiag_compat.h"

void proto_register_sipdiag(void);
void proto_reg_handoff_sipdiag(void);

/* Longer reason phrases are compared and shown up to this many bytes. */
#define MAX_PHRASE_BYTES 1024
/* "SIP/2.0 " precedes the status code on the status line. */
#define STATUS_LINE_PREFIX_LEN 8

static int proto_sipdiag = -1;
static int hf_sip_status_code = -1;

static int hf_sipdiag_code = -1;
static int hf_sipdiag_phrase = -1;
static int hf_sipdiag_wire_phrase = -1;
static int hf_sipdiag_class = -1;
static int hf_sipdiag_registered = -1;
static int hf_sipdiag_treated_as = -1;
static int hf_sipdiag_description = -1;
static int hf_sipdiag_cause = -1;
static int hf_sipdiag_remedy = -1;
static int hf_sipdiag_ref = -1;

static gint ett_sipdiag = -1;
static gint ett_sipdiag_treated_as = -1;

static expert_field ei_sipdiag_response_chat = EI_INIT;
static expert_field ei_sipdiag_response_note = EI_INIT;
static expert_field ei_sipdiag_response_warn = EI_INIT;
static expert_field ei_sipdiag_response_error = EI_INIT;
static expert_field ei_sipdiag_unregistered = EI_INIT;
static expert_field ei_sipdiag_phrase_differs = EI_INIT;

static dissector_handle_t sipdiag_handle;

static const value_string sipdiag_class_vals[] = {
    { SIPDIAG_CLASS_PROVISIONAL,    "Provisional" },
    { SIPDIAG_CLASS_SUCCESSFUL,     "Successful" },
    { SIPDIAG_CLASS_REDIRECTION,    "Redirection" },
    { SIPDIAG_CLASS_CLIENT_FAILURE, "Client Failure" },
    { SIPDIAG_CLASS_SERVER_FAILURE, "Server Failure" },
    { SIPDIAG_CLASS_GLOBAL_FAILURE, "Global Failure" },
    { 0, NULL }
};

static expert_field *const ei_response_by_severity[] = {
    [SIPDIAG_SEVERITY_CHAT]  = &ei_sipdiag_response_chat,
    [SIPDIAG_SEVERITY_NOTE]  = &ei_sipdiag_response_note,
    [SIPDIAG_SEVERITY_WARN]  = &ei_sipdiag_response_warn,
    [SIPDIAG_SEVERITY_ERROR] = &ei_sipdiag_response_error,
};

/*
 * Where one response's status code sits: which of the frame's data sources
 * (the frame itself, a reassembled TCP stream...) and at what offset.
 * Recorded on the first pass, because tshark's second pass (-2) does not
 * prime sip.Status-Code for post-dissectors; later passes re-read from here.
 */
typedef struct {
    guint32 code;
    guint32 source_index;
    gint code_start;
    gint code_len;
} response_pos_t;

typedef struct {
    guint count;
    response_pos_t pos[];
} frame_responses_t;

/* One status line as found again in its data source. */
typedef struct {
    tvbuff_t *tvb; /* NULL when the data source is not there */
    gint line_start;
    gint line_len;
    gint phrase_start;
    gint phrase_len;
    const char *phrase; /* valid UTF-8, possibly empty; NULL when unknown */
} status_line_t;

static guint32
data_source_index(packet_info *pinfo, tvbuff_t *tvb)
{
    guint32 index = 0;
    for (GSList *src = pinfo->data_src; src; src = src->next, index++)
        if (get_data_source_tvb((struct data_source *)src->data) == tvb)
            return index;
    return G_MAXUINT32;
}

static tvbuff_t *
data_source_at(packet_info *pinfo, guint32 index)
{
    GSList *src = g_slist_nth(pinfo->data_src, index);
    return src ? get_data_source_tvb((struct data_source *)src->data) : NULL;
}

static frame_responses_t *
record_responses(packet_info *pinfo, GPtrArray *codes)
{
    frame_responses_t *responses = (frame_responses_t *)wmem_alloc(wmem_file_scope(),
        sizeof(frame_responses_t) + codes->len * sizeof(response_pos_t));

    responses->count = codes->len;
    for (guint i = 0; i < codes->len; i++) {
        field_info *code_fi = (field_info *)g_ptr_array_index(codes, i);
        responses->pos[i].code = sipdiag_field_uint(code_fi);
        responses->pos[i].source_index = data_source_index(pinfo, code_fi->ds_tvb);
        responses->pos[i].code_start = code_fi->start;
        responses->pos[i].code_len = code_fi->length;
    }
    p_add_proto_data(wmem_file_scope(), pinfo, proto_sipdiag, 0, responses);
    return responses;
}

/* The SIP responses in this frame, in message order (TCP can carry several). */
static const frame_responses_t *
responses_in_frame(packet_info *pinfo, proto_tree *tree)
{
    frame_responses_t *recorded = (frame_responses_t *)p_get_proto_data(wmem_file_scope(), pinfo,
                                                                       proto_sipdiag, 0);
    if (recorded || PINFO_FD_VISITED(pinfo) || hf_sip_status_code <= 0)
        return recorded;

    GPtrArray *codes = proto_get_finfo_ptr_array(tree, hf_sip_status_code);
    if (!codes || codes->len == 0)
        return NULL;
    return record_responses(pinfo, codes);
}

static void
locate_status_line(packet_info *pinfo, const response_pos_t *pos, status_line_t *line)
{
    gint next_offset;

    memset(line, 0, sizeof *line);
    tvbuff_t *tvb = data_source_at(pinfo, pos->source_index);
    if (!tvb || pos->code_start < 0 || tvb_captured_length_remaining(tvb, pos->code_start) < pos->code_len)
        return; /* phrase unknown, items without byte range */

    line->tvb = tvb;
    line->line_start = MAX(pos->code_start - STATUS_LINE_PREFIX_LEN, 0);
    /* The SIP dissector only accepts a status code followed by one space. */
    line->phrase_start = pos->code_start + pos->code_len + 1;
    line->phrase = "";
    gint remaining = tvb_captured_length_remaining(tvb, line->phrase_start);
    if (remaining > 0) {
        gint to_eol = tvb_find_line_end(tvb, line->phrase_start, MIN(remaining, MAX_PHRASE_BYTES),
                                        &next_offset, FALSE);
        line->phrase_len = MAX(to_eol, 0);
        line->phrase = (const char *)tvb_get_string_enc(pinfo->pool, tvb, line->phrase_start,
                                                        line->phrase_len, ENC_UTF_8 | ENC_NA);
    } else {
        line->phrase_start = pos->code_start + pos->code_len;
    }
    line->line_len = line->phrase_start + line->phrase_len - line->line_start;
}

/* The phrase as it should appear in a label: printable, and empty said so. */
static const char *
printable_phrase(packet_info *pinfo, const status_line_t *line)
{
    if (!line->phrase)
        return "(phrase not available)";
    if (line->phrase[0] == '\0')
        return "(empty phrase)";
    return sipdiag_format_text(pinfo->pool, line->phrase);
}

static void
add_generated_string(proto_tree *tree, int hf, const char *value)
{
    proto_item *item = proto_tree_add_string(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(item);
}

static void
add_explanation(proto_tree *tree, const sipdiag_codes_row *entry)
{
    add_generated_string(tree, hf_sipdiag_description, entry->description);
    add_generated_string(tree, hf_sipdiag_cause, entry->cause);
    add_generated_string(tree, hf_sipdiag_remedy, entry->remedy);
    add_generated_string(tree, hf_sipdiag_ref, entry->ref);
}

static void
add_wire_phrase(proto_tree *tree, const status_line_t *line)
{
    if (line->phrase)
        proto_tree_add_string(tree, hf_sipdiag_wire_phrase, line->tvb, line->phrase_start,
                              line->phrase_len, line->phrase);
}

/* The one-line headline: "401 Unauthorized (Client Failure)". */
static const char *
headline(packet_info *pinfo, const sipdiag_verdict *verdict, const status_line_t *line)
{
    const char *class_name = val_to_str_const(verdict->klass, sipdiag_class_vals, "no class");

    if (verdict->registered)
        return wmem_strdup_printf(pinfo->pool, "%u %s (%s)", verdict->code,
                                  verdict->entry->phrase, class_name);
    if (verdict->entry)
        return wmem_strdup_printf(pinfo->pool, "%u %s (%s, unregistered: treated as %u)",
                                  verdict->code, printable_phrase(pinfo, line), class_name,
                                  verdict->entry->code);
    return wmem_strdup_printf(pinfo->pool, "%u %s (outside 100-699: no response class)",
                              verdict->code, printable_phrase(pinfo, line));
}

static void
add_expert_items(packet_info *pinfo, proto_item *top, const sipdiag_verdict *verdict,
                 const status_line_t *line)
{
    expert_field *ei = ei_response_by_severity[verdict->severity];

    if (verdict->registered) {
        expert_add_info_format(pinfo, top, ei, "SIP %u %s: %s", verdict->code,
                               verdict->entry->phrase, verdict->entry->remedy_short);
        if (verdict->phrase_differs && line->phrase[0] == '\0')
            expert_add_info_format(pinfo, top, &ei_sipdiag_phrase_differs,
                                   "Empty reason phrase; the registered one is \"%s\"",
                                   verdict->entry->phrase);
        else if (verdict->phrase_differs)
            expert_add_info_format(pinfo, top, &ei_sipdiag_phrase_differs,
                                   "Reason phrase \"%s\" differs from the registered \"%s\"",
                                   printable_phrase(pinfo, line), verdict->entry->phrase);
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
                               "SIP %u %s: status code outside 100-699 has no response class; "
                               "report it to the vendor of the sender",
                               verdict->code, printable_phrase(pinfo, line));
    }
}

static void
append_info_label(packet_info *pinfo, const sipdiag_verdict *verdict)
{
    if (verdict->klass == SIPDIAG_CLASS_PROVISIONAL || verdict->klass == SIPDIAG_CLASS_SUCCESSFUL)
        return;
    /* SIP already ends its Info text with "| ". */
    if (verdict->registered)
        col_append_fstr(pinfo->cinfo, COL_INFO, "[%s]", verdict->entry->remedy_short);
    else if (verdict->entry)
        col_append_fstr(pinfo->cinfo, COL_INFO, "[unregistered code, handled as %u]",
                        verdict->entry->code);
    else
        col_append_str(pinfo->cinfo, COL_INFO, "[status code has no class]");
}

/* Code, class, phrases and registration: what the status line itself says. */
static void
add_code_fields(proto_tree *sub, const response_pos_t *pos, const status_line_t *line,
                const sipdiag_verdict *verdict)
{
    proto_item *item;

    proto_tree_add_uint(sub, hf_sipdiag_code, line->tvb, line->tvb ? pos->code_start : 0,
                        line->tvb ? pos->code_len : 0, verdict->code);
    if (verdict->klass != SIPDIAG_CLASS_NONE) {
        item = proto_tree_add_uint(sub, hf_sipdiag_class, NULL, 0, 0, verdict->klass);
        proto_item_set_generated(item);
    }
    if (verdict->registered)
        add_generated_string(sub, hf_sipdiag_phrase, verdict->entry->phrase);
    if (!verdict->registered || verdict->phrase_differs)
        add_wire_phrase(sub, line);
    item = proto_tree_add_boolean(sub, hf_sipdiag_registered, NULL, 0, 0, verdict->registered);
    proto_item_set_generated(item);
}

/* Description, cause, remedy and reference from the table. */
static void
add_meaning(proto_tree *sub, const sipdiag_verdict *verdict)
{
    if (verdict->registered) {
        add_explanation(sub, verdict->entry);
    } else if (verdict->entry) {
        /* The x00 entry's texts explain how the code is handled, not what the
         * sender meant: they sit under "Treated as" to say so. */
        proto_item *item = proto_tree_add_uint_format_value(sub, hf_sipdiag_treated_as, NULL, 0, 0,
            verdict->entry->code, "%u %s (RFC 3261 §8.1.3.2)", verdict->entry->code,
            verdict->entry->phrase);
        proto_item_set_generated(item);
        add_explanation(proto_item_add_subtree(item, ett_sipdiag_treated_as), verdict->entry);
    }
}

static void
annotate_response(packet_info *pinfo, proto_tree *tree, const response_pos_t *pos)
{
    status_line_t line;
    sipdiag_verdict verdict;

    locate_status_line(pinfo, pos, &line);
    sipdiag_classify(pos->code, line.phrase, &verdict);

    proto_item *top = proto_tree_add_protocol_format(tree, proto_sipdiag, line.tvb, line.line_start,
                                                     line.line_len, "SIP Response Diagnostics: %s",
                                                     headline(pinfo, &verdict, &line));
    proto_tree *sub = proto_item_add_subtree(top, ett_sipdiag);
    add_code_fields(sub, pos, &line, &verdict);
    add_meaning(sub, &verdict);
    add_expert_items(pinfo, top, &verdict, &line);
    append_info_label(pinfo, &verdict);
}

static int
dissect_sipdiag(tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!tree)
        return 0;

    const frame_responses_t *responses = responses_in_frame(pinfo, tree);
    for (guint i = 0; responses && i < responses->count; i++)
        annotate_response(pinfo, tree, &responses->pos[i]);
    return 0;
}

/*
 * Asking for sip.Status-Code makes tshark build a protocol tree for every
 * packet, so ask only while the protocol is enabled: a disabled sipdiag then
 * costs nothing.  Runs at every (re)dissection, after enable/disable changes.
 */
static void
sipdiag_init(void)
{
    if (!proto_is_protocol_enabled(find_protocol_by_id(proto_sipdiag))) {
        set_postdissector_wanted_hfids(sipdiag_handle, NULL);
        return;
    }
    hf_sip_status_code = proto_registrar_get_id_byname("sip.Status-Code");
    if (hf_sip_status_code <= 0) {
        set_postdissector_wanted_hfids(sipdiag_handle, NULL);
        return;
    }
    GArray *wanted = g_array_sized_new(FALSE, FALSE, (guint)sizeof(int), 1);
    g_array_append_val(wanted, hf_sip_status_code);
    set_postdissector_wanted_hfids(sipdiag_handle, wanted);
}

void
proto_register_sipdiag(void)
{
    static hf_register_info hf[] = {
        { &hf_sipdiag_code,
          { "Code", "sipdiag.code", FT_UINT32, BASE_DEC, NULL, 0x0,
            "The status code of the SIP response", HFILL } },
        { &hf_sipdiag_phrase,
          { "Registered phrase", "sipdiag.phrase", FT_STRING, BASE_NONE, NULL, 0x0,
            "The reason phrase IANA registers for this code", HFILL } },
        { &hf_sipdiag_wire_phrase,
          { "Phrase on the wire", "sipdiag.wire_phrase", FT_STRING, BASE_NONE, NULL, 0x0,
            "The reason phrase as sent, when it is not the registered one or the code is unregistered",
            HFILL } },
        { &hf_sipdiag_class,
          { "Class", "sipdiag.class", FT_UINT8, BASE_DEC, VALS(sipdiag_class_vals), 0x0,
            "Response class: the first digit of the code (absent outside 100-699)", HFILL } },
        { &hf_sipdiag_registered,
          { "Registered at IANA", "sipdiag.registered", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Whether the code is in the IANA SIP response-code registry (filter: sipdiag.registered == 0)",
            HFILL } },
        { &hf_sipdiag_treated_as,
          { "Treated as", "sipdiag.treated_as", FT_UINT32, BASE_DEC, NULL, 0x0,
            "An unregistered code is treated as its class's x00 code (RFC 3261 section 8.1.3.2)",
            HFILL } },
        { &hf_sipdiag_description,
          { "Description", "sipdiag.description", FT_STRING, BASE_NONE, NULL, 0x0,
            "What the code means", HFILL } },
        { &hf_sipdiag_cause,
          { "Typical cause", "sipdiag.cause", FT_STRING, BASE_NONE, NULL, 0x0,
            "What usually produces this code in real networks", HFILL } },
        { &hf_sipdiag_remedy,
          { "Remedy", "sipdiag.remedy", FT_STRING, BASE_NONE, NULL, 0x0,
            "What to check or change", HFILL } },
        { &hf_sipdiag_ref,
          { "Reference", "sipdiag.ref", FT_STRING, BASE_NONE, NULL, 0x0,
            "The RFC section that defines the code", HFILL } },
    };

    static gint *ett[] = {
        &ett_sipdiag,
        &ett_sipdiag_treated_as,
    };

    static ei_register_info ei[] = {
        { &ei_sipdiag_response_chat,
          { "sipdiag.response.chat", PI_RESPONSE_CODE, PI_CHAT,
            "SIP provisional or successful response", EXPFILL } },
        { &ei_sipdiag_response_note,
          { "sipdiag.response.note", PI_RESPONSE_CODE, PI_NOTE,
            "SIP redirection response", EXPFILL } },
        { &ei_sipdiag_response_warn,
          { "sipdiag.response.warn", PI_RESPONSE_CODE, PI_WARN,
            "SIP client failure response, or a code with no class", EXPFILL } },
        { &ei_sipdiag_response_error,
          { "sipdiag.response.error", PI_RESPONSE_CODE, PI_ERROR,
            "SIP server or global failure response", EXPFILL } },
        { &ei_sipdiag_unregistered,
          { "sipdiag.unregistered", PI_RESPONSE_CODE, PI_NOTE,
            "Unregistered status code", EXPFILL } },
        { &ei_sipdiag_phrase_differs,
          { "sipdiag.phrase_differs", PI_RESPONSE_CODE, PI_NOTE,
            "Reason phrase differs from the registered one", EXPFILL } },
    };

    proto_sipdiag = proto_register_protocol("SIP Response Diagnostics", "SIPDIAG", "sipdiag");
    proto_register_field_array(proto_sipdiag, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *expert_sipdiag = expert_register_protocol(proto_sipdiag);
    expert_register_field_array(expert_sipdiag, ei, array_length(ei));

    register_init_routine(sipdiag_init);
}

void
proto_reg_handoff_sipdiag(void)
{
    sipdiag_handle = create_dissector_handle(dissect_sipdiag, proto_sipdiag);
    register_postdissector(sipdiag_handle);
}
