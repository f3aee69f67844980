/* minimum.c: the benchmark's "minimum" (issue #5), what the output the brief
 * asks for costs by itself, with none of sipdiag's context: to every SIP
 * response, a subtree with the code, class, phrase, description, cause,
 * remedy and RFC from sipdiag's own table, an expert item naming the fix,
 * and an Info label on failures.  It finds responses the way sipdiag does
 * (the sip_follow tap, a post-dissector under a helper protocol, the tree
 * items only where a tree wants them, expert texts only where they are
 * shown), but reads nothing past the status line: no headers, no
 * transactions or dialogs, no hints, and only the first message of each
 * buffer the SIP dissector hands over.  It registers sipdiag's protocol and
 * field names, so the same -Y and -e commands run against it; never load
 * it beside sipdiag.
 *
 * Built by tests/bench/run.sh with gcc (not part of the CMake build), with
 * the code table that gen_table makes from data/sip-response-codes.tsv:
 *   gcc -shared -fPIC -O2 -Iplugin -IDIR $(pkg-config --cflags wireshark) \
 *       minimum.c DIR/sipdiag_codes.c -o sipdiag_minimum.so $(pkg-config --libs wireshark)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "sipdiag_table.h"

#ifndef VERSION
#define VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);

/* "SIP/2.0 ", three digits and a space. */
#define STATUS_LINE_HEAD 12

static int proto_minimum = -1;
static int proto_minimum_post = -1;
static int sip_follow_tap = -1;
static dissector_handle_t minimum_handle;

static int hf_code = -1;
static int hf_class = -1;
static int hf_phrase = -1;
static int hf_description = -1;
static int hf_cause = -1;
static int hf_remedy = -1;
static int hf_ref = -1;
static gint ett_minimum = -1;

static expert_field ei_chat = EI_INIT;
static expert_field ei_note = EI_INIT;
static expert_field ei_warn = EI_INIT;
static expert_field ei_error = EI_INIT;

static const value_string class_vals[] = {
    { 1, "Provisional" },
    { 2, "Successful" },
    { 3, "Redirection" },
    { 4, "Client Failure" },
    { 5, "Server Failure" },
    { 6, "Global Failure" },
    { 0, NULL }
};

/* sipdiag's default severities, by class. */
static expert_field *const ei_by_class[] = { NULL, &ei_chat, &ei_chat, &ei_note, &ei_warn, &ei_error, &ei_error };

/* The registered row for code, else its class's x00 row (RFC 3261 §8.1.3.2). */
static const sipdiag_codes_row *
row_for(guint code)
{
    guint slot = sipdiag_codes_index[code];
    if (!slot)
        slot = sipdiag_codes_index[code / 100 * 100];
    return slot ? &sipdiag_codes_rows[slot - 1] : NULL;
}

static gboolean
status_code(tvbuff_t *tvb, guint *code)
{
    if (tvb_captured_length(tvb) < STATUS_LINE_HEAD)
        return FALSE;
    const guint8 *head = tvb_get_ptr(tvb, 0, STATUS_LINE_HEAD);
    /* A first digit of 1-6 keeps the code within the table's 100-699. */
    if (memcmp(head, "SIP/2.0 ", 8) != 0 || head[8] < '1' || head[8] > '6' || !g_ascii_isdigit(head[9])
        || !g_ascii_isdigit(head[10]) || head[11] != ' ')
        return FALSE;
    *code = (guint)(head[8] - '0') * 100 + (guint)(head[9] - '0') * 10 + (guint)(head[10] - '0');
    return TRUE;
}

static void
add_generated_string(proto_tree *tree, int hf, const char *value)
{
    proto_item_set_generated(proto_tree_add_string(tree, hf, NULL, 0, 0, value));
}

static void
annotate(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, guint code)
{
    const sipdiag_codes_row *row = row_for(code);
    if (!row)
        return;
    guint klass = code / 100;
    gboolean failure = klass >= 3;
    gboolean visible = tree && PTREE_DATA(tree)->visible;
    proto_item *top = NULL;
    if (tree && proto_field_is_referenced(tree, proto_minimum)) {
        if (visible)
            top = proto_tree_add_protocol_format(tree, proto_minimum, tvb, 0, STATUS_LINE_HEAD,
                                                 "SIP Response Diagnostics: %u %s (%s)", code, row->phrase,
                                                 val_to_str_const(klass, class_vals, "no class"));
        else
            top = proto_tree_add_item(tree, proto_minimum, tvb, 0, STATUS_LINE_HEAD, ENC_NA);
        proto_tree *sub = proto_item_add_subtree(top, ett_minimum);
        proto_tree_add_uint(sub, hf_code, tvb, 8, 3, code);
        proto_item_set_generated(proto_tree_add_uint(sub, hf_class, NULL, 0, 0, klass));
        add_generated_string(sub, hf_phrase, row->phrase);
        add_generated_string(sub, hf_description, row->description);
        add_generated_string(sub, hf_cause, row->cause);
        add_generated_string(sub, hf_remedy, row->remedy);
        add_generated_string(sub, hf_ref, row->ref);
    }
    if (visible)
        expert_add_info_format(pinfo, top, ei_by_class[klass], "SIP %u %s: %s", code, row->phrase, row->remedy_short);
    else if (failure)
        expert_add_info(pinfo, top, ei_by_class[klass]);
    if (failure && pinfo->cinfo)
        col_append_fstr(pinfo->cinfo, COL_INFO, "[%s]", row->remedy_short);
}

static int
dissect_minimum(tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    const void *tapped;
    pinfo->current_proto = "SIPDIAG";
    for (int i = 0; (tapped = fetch_tapped_data(sip_follow_tap, i)) != NULL; i++) {
        tvbuff_t *message = (tvbuff_t *)tapped;
        guint code;
        if (status_code(message, &code))
            annotate(pinfo, tree, message, code);
    }
    return 0;
}

/* Listens to the SIP dissector only while enabled, as sipdiag does. */
static void
minimum_init(void)
{
    static gboolean listening;
    gboolean on = proto_is_protocol_enabled(find_protocol_by_id(proto_minimum));
    sip_follow_tap = find_tap_id("sip_follow");
    on = on && sip_follow_tap >= 0;
    if (on == listening)
        return;
    if (!on) {
        remove_tap_listener(&listening);
        listening = FALSE;
        return;
    }
    GString *error = register_tap_listener("sip_follow", &listening, NULL, TL_REQUIRES_NOTHING,
                                           NULL, NULL, NULL, NULL);
    if (error) {
        ws_warning("sipdiag minimum: cannot listen to SIP (%s)", error->str);
        g_string_free(error, TRUE);
        return;
    }
    listening = TRUE;
}

static void
proto_register_minimum(void)
{
    static hf_register_info hf[] = {
        { &hf_code, { "Status-Code", "sipdiag.code", FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_class, { "Response class", "sipdiag.class", FT_UINT8, BASE_DEC, VALS(class_vals), 0x0, NULL, HFILL } },
        { &hf_phrase, { "Registered phrase", "sipdiag.phrase", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_description, { "Meaning", "sipdiag.description", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_cause, { "Typical cause", "sipdiag.cause", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_remedy, { "Remedy", "sipdiag.remedy", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_ref, { "Reference", "sipdiag.ref", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
    };
    static gint *ett[] = { &ett_minimum };
    static ei_register_info ei[] = {
        { &ei_chat, { "sipdiag.response.chat", PI_RESPONSE_CODE, PI_CHAT, "SIP 1xx/2xx", EXPFILL } },
        { &ei_note, { "sipdiag.response.note", PI_RESPONSE_CODE, PI_NOTE, "SIP 3xx", EXPFILL } },
        { &ei_warn, { "sipdiag.response.warn", PI_RESPONSE_CODE, PI_WARN, "SIP 4xx", EXPFILL } },
        { &ei_error, { "sipdiag.response.error", PI_RESPONSE_CODE, PI_ERROR, "SIP 5xx/6xx", EXPFILL } },
    };

    proto_minimum = proto_register_protocol("sipdiag benchmark minimum", "SIPDIAG", "sipdiag");
    proto_minimum_post = proto_register_protocol_in_name_only("sipdiag benchmark minimum post-dissector",
        "SIPDIAG minimum post-dissector", "sipdiag_post", proto_minimum, FT_PROTOCOL);
    proto_register_field_array(proto_minimum, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_minimum), ei, array_length(ei));
    register_init_routine(minimum_init);
}

static void
proto_reg_handoff_minimum(void)
{
    minimum_handle = create_dissector_handle(dissect_minimum, proto_minimum_post);
    register_postdissector(minimum_handle);
}

void
plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_minimum;
    plug.register_handoff = proto_reg_handoff_minimum;
    proto_register_plugin(&plug);
}
