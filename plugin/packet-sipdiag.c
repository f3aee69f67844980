/* packet-sipdiag.c
 * SIP Response Diagnostics: a post-dissector that annotates every SIP
 * response with its class, meaning, typical cause, remedy and RFC, and with
 * what this particular response means given its headers and the messages
 * before it (the request it answers, earlier challenges, a CANCEL...).
 * BYE and CANCEL requests that carry a Reason header are annotated too.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/proto.h>
#include <epan/prefs.h>
#include <epan/prefs-int.h>
#include <epan/strutil.h>
#include <epan/tap.h>
#include <epan/uat.h>
#include <wsutil/report_message.h>

#include "sipdiag_classify.h"
#include "sipdiag_compat.h"
#include "sipdiag_context.h"
#include "sipdiag_headers.h"
#include "sipdiag_hint.h"
#include "sipdiag_tap.h"

void proto_register_sipdiag(void);
void proto_reg_handoff_sipdiag(void);

/* Longer reason phrases are compared and shown up to this many bytes. */
#define MAX_PHRASE_BYTES 1024
/* Header blocks are read up to this many bytes from the start line. */
#define MAX_HEADER_BYTES 65536
/* "SIP/2.0 " precedes the status code on the status line. */
#define STATUS_LINE_PREFIX_LEN 8
/* A Status-Code is exactly three digits (RFC 3261 §7.2). */
#define STATUS_CODE_LEN 3
/* Transactions and dialogs kept per generation (two generations). */
#define MAX_STATE_ENTRIES 100000

static int proto_sipdiag = -1;
static int sip_follow_tap = -1; /* where the SIP dissector hands over each message */
static gboolean sip_strict_version = TRUE; /* the SIP preference strict_sip_version */

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
static int hf_sipdiag_hint = -1;
static int hf_sipdiag_from_user_table = -1;
static int hf_sipdiag_method = -1;
static int hf_sipdiag_cseq = -1;
static int hf_sipdiag_request_in = -1;
static int hf_sipdiag_response_time = -1;
static int hf_sipdiag_request_count = -1;
static int hf_sipdiag_retransmission = -1;
static int hf_sipdiag_original_in = -1;
static int hf_sipdiag_cancel_in = -1;
static int hf_sipdiag_dialog_in = -1;
static int hf_sipdiag_dialog_ended_in = -1;
static int hf_sipdiag_auth_challenge = -1;
static int hf_sipdiag_auth_scheme = -1;
static int hf_sipdiag_auth_realm = -1;
static int hf_sipdiag_auth_algorithm = -1;
static int hf_sipdiag_auth_qop = -1;
static int hf_sipdiag_auth_stale = -1;
static int hf_sipdiag_auth_username = -1;
static int hf_sipdiag_contact = -1;
static int hf_sipdiag_expires = -1;
static int hf_sipdiag_retry_after = -1;
static int hf_sipdiag_retry_after_duration = -1;
static int hf_sipdiag_min_expires = -1;
static int hf_sipdiag_requested_expires = -1;
static int hf_sipdiag_min_se = -1;
static int hf_sipdiag_unsupported = -1;
static int hf_sipdiag_require = -1;
static int hf_sipdiag_allow = -1;
static int hf_sipdiag_accept = -1;
static int hf_sipdiag_accept_encoding = -1;
static int hf_sipdiag_accept_language = -1;
static int hf_sipdiag_security_server = -1;
static int hf_sipdiag_request_scheme = -1;
static int hf_sipdiag_request_size = -1;
static int hf_sipdiag_request_transport = -1;
static int hf_sipdiag_warning = -1;
static int hf_sipdiag_warning_code = -1;
static int hf_sipdiag_warning_agent = -1;
static int hf_sipdiag_warning_text = -1;
static int hf_sipdiag_warning_meaning = -1;
static int hf_sipdiag_warning_remedy = -1;
static int hf_sipdiag_warning_registered = -1;
static int hf_sipdiag_reason = -1;
static int hf_sipdiag_reason_protocol = -1;
static int hf_sipdiag_reason_cause = -1;
static int hf_sipdiag_reason_text = -1;
static int hf_sipdiag_reason_name = -1;
static int hf_sipdiag_reason_meaning = -1;
static int hf_sipdiag_reason_remedy = -1;
static int hf_sipdiag_reason_sip_code = -1;

static gint ett_sipdiag = -1;
static gint ett_sipdiag_treated_as = -1;
static gint ett_sipdiag_challenge = -1;
static gint ett_sipdiag_warning = -1;
static gint ett_sipdiag_reason = -1;

static expert_field ei_sipdiag_response_chat = EI_INIT;
static expert_field ei_sipdiag_response_note = EI_INIT;
static expert_field ei_sipdiag_response_warn = EI_INIT;
static expert_field ei_sipdiag_response_error = EI_INIT;
static expert_field ei_sipdiag_unregistered = EI_INIT;
static expert_field ei_sipdiag_phrase_differs = EI_INIT;
static expert_field ei_sipdiag_malformed_value = EI_INIT;
static expert_field ei_sipdiag_warn_code_unregistered = EI_INIT;
static expert_field ei_sipdiag_bad_status_line = EI_INIT;

static dissector_handle_t sipdiag_handle;
static int proto_sipdiag_post = -1;
static int sipdiag_tap = -1;
static int probe_tap = -1; /* see taps_running() */

/* Preferences (Edit > Preferences > Protocols > SIPDIAG, tshark -o sipdiag.NAME:VALUE). */
static gint pref_severity[SIPDIAG_CLASS_GLOBAL_FAILURE + 1] = {
    [SIPDIAG_CLASS_PROVISIONAL] = SIPDIAG_SEVERITY_CHAT,
    [SIPDIAG_CLASS_SUCCESSFUL] = SIPDIAG_SEVERITY_CHAT,
    [SIPDIAG_CLASS_REDIRECTION] = SIPDIAG_SEVERITY_NOTE,
    [SIPDIAG_CLASS_CLIENT_FAILURE] = SIPDIAG_SEVERITY_WARN,
    [SIPDIAG_CLASS_SERVER_FAILURE] = SIPDIAG_SEVERITY_ERROR,
    [SIPDIAG_CLASS_GLOBAL_FAILURE] = SIPDIAG_SEVERITY_ERROR,
};
static sipdiag_bool pref_annotate_success = TRUE;
static sipdiag_bool pref_info_label = TRUE;

static const enum_val_t severity_vals[] = {
    { "chat", "Chat", SIPDIAG_SEVERITY_CHAT },
    { "note", "Note", SIPDIAG_SEVERITY_NOTE },
    { "warn", "Warning", SIPDIAG_SEVERITY_WARN },
    { "error", "Error", SIPDIAG_SEVERITY_ERROR },
    { NULL, NULL, -1 }
};

/* The user table "SIP response remedies": a site's own texts per code. */
typedef struct {
    guint32 code;
    char *phrase;
    char *description;
    char *cause;
    char *remedy;
} remedy_rec_t;

static remedy_rec_t *remedy_recs;
static guint num_remedy_recs;
static sipdiag_codes_row *user_rows;
static const sipdiag_codes_row *user_rows_by_code[SIPDIAG_CODE_MAX + 1];
static void site_table_changed(void);

/* What came before, across the whole capture: rebuilt on every new file. */
static sipdiag_context *sipdiag_state;

/* Each frame's recorded messages, by frame number, in pages allocated (in
 * file scope) as frames with SIP turn up: cheaper than p_add_proto_data's
 * per-frame list, which every packet would search. */
#define FRAME_PAGE_BITS 10
typedef struct frame_messages frame_messages_t;
typedef struct {
    frame_messages_t *frame[1U << FRAME_PAGE_BITS];
} frame_page_t;
static wmem_array_t *frame_pages; /* frame_page_t *, by frame number >> FRAME_PAGE_BITS */
/* Frames are recorded in order; this is the latest that was. */
static guint32 newest_recorded_frame;

static const value_string sipdiag_class_vals[] = {
    { SIPDIAG_CLASS_PROVISIONAL,    "Provisional" },
    { SIPDIAG_CLASS_SUCCESSFUL,     "Successful" },
    { SIPDIAG_CLASS_REDIRECTION,    "Redirection" },
    { SIPDIAG_CLASS_CLIENT_FAILURE, "Client Failure" },
    { SIPDIAG_CLASS_SERVER_FAILURE, "Server Failure" },
    { SIPDIAG_CLASS_GLOBAL_FAILURE, "Global Failure" },
    { 0, NULL }
};

static expert_field *const ei_by_severity[] = {
    [SIPDIAG_SEVERITY_CHAT]  = &ei_sipdiag_response_chat,
    [SIPDIAG_SEVERITY_NOTE]  = &ei_sipdiag_response_note,
    [SIPDIAG_SEVERITY_WARN]  = &ei_sipdiag_response_warn,
    [SIPDIAG_SEVERITY_ERROR] = &ei_sipdiag_response_error,
};

/*
 * One annotated message of a frame: a response, or a BYE/CANCEL with a
 * Reason.  Its position is recorded the first time the frame is dissected
 * with taps running (see messages_in_frame); later dissections, which may run
 * no taps and build no tree, read the message again from there.  The context
 * (what came before) is only known then, so it is kept.
 */
typedef enum {
    MSG_RESPONSE,
    MSG_REQUEST,
    MSG_BAD_STATUS_LINE  /* "SIP/2.0 " and a code Wireshark refused: not dissected as SIP */
} message_kind_t;

/* What a later pass needs of a response's context, kept per response for
 * the whole file.  Most responses answer one plain request: the fields that
 * are zero for them live apart, in a memo_rare_t made only when one is not. */
typedef struct {
    char request_scheme[SIPDIAG_SCHEME_SIZE]; /* unless "sip" */
    gboolean has_request_expires;
    unsigned long request_expires;
    unsigned other_leg_retransmissions;
    guint32 other_leg_first_frame;
    guint32 other_leg_last_frame;
    const char *auth_username;
    const char *auth_realm;
    guint32 dialog_frame;
    guint32 dialog_end_frame;
} memo_rare_t;

typedef struct {
    guint64 request_time_ns;
    guint32 request_frame;
    guint32 last_request_frame;
    guint32 request_count;
    guint32 request_size;
    guint32 cancel_frame;
    guint32 original_frame;
    guint8 request_over_udp;
    guint8 auth;    /* sipdiag_auth_outcome */
    guint8 dialog;  /* sipdiag_dialog_state */
    guint8 sip_scheme; /* the Request-URI scheme was "sip": rare->request_scheme unused */
    const memo_rare_t *rare; /* NULL: every field of it zero (scheme "sip" or "") */
} response_memo_t;

typedef struct {
    guint16 code;
    guint8 kind;           /* message_kind_t */
    guint32 source_index;  /* in pinfo->data_src */
    gint line_start;       /* first byte of the start line */
    gint code_start;       /* responses: the status code */
    const response_memo_t *memo; /* responses */
} message_rec_t;

struct frame_messages {
    guint count;
    message_rec_t msg[];
};

/* A recorded message, found again in its data source and parsed. */
typedef struct {
    tvbuff_t *tvb;       /* NULL when the data source is not there */
    gint start;
    const char *base;    /* tvb bytes from start */
    gsize avail;
    sipdiag_message msg;
} message_view_t;

/* The status line of a response, found again. */
typedef struct {
    gint line_len;
    gint phrase_start;
    gint phrase_len;
    const char *phrase;  /* valid UTF-8, possibly empty; NULL when unknown */
} status_line_t;

/* ---- Where messages are ------------------------------------------------- */

static guint32
data_source_index(packet_info *pinfo, const tvbuff_t *tvb)
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

static void
view_message(packet_info *pinfo, const message_rec_t *rec, message_view_t *view)
{
    /* Not a memset: msg is 3 KB, and the parser sets what it reads. */
    view->tvb = NULL;
    view->start = 0;
    view->base = NULL;
    view->avail = 0;
    sipdiag_parse_message("", 0, &view->msg);
    tvbuff_t *tvb = data_source_at(pinfo, rec->source_index);
    gint remaining = tvb && rec->line_start >= 0 ? tvb_captured_length_remaining(tvb, rec->line_start) : -1;
    if (remaining <= 0)
        return;
    view->tvb = tvb;
    view->start = rec->line_start;
    view->avail = (gsize)MIN(remaining, MAX_HEADER_BYTES);
    view->base = (const char *)tvb_get_ptr(tvb, rec->line_start, (gint)view->avail);
    sipdiag_parse_message(view->base, view->avail, &view->msg);
}

/* Offset in the data source of a slice of the viewed message. */
static gint
offset_of(const message_view_t *view, sipdiag_str s)
{
    return view->start + (gint)(s.ptr - view->base);
}

/* Most phrases are the registered one, byte for byte: then that string is
 * the phrase, without converting the bytes again. */
static const char *
registered_phrase_at(tvbuff_t *tvb, gint offset, gint len, guint32 code)
{
    const sipdiag_codes_row *row = sipdiag_code_lookup(code);
    if (!row || strlen(row->phrase) != (size_t)len
        || tvb_memeql(tvb, offset, (const guint8 *)row->phrase, (size_t)len) != 0)
        return NULL;
    return row->phrase;
}

static void
locate_status_line(packet_info *pinfo, const message_rec_t *rec, const message_view_t *view,
                   status_line_t *line)
{
    gint next_offset;

    memset(line, 0, sizeof *line);
    if (!view->tvb || tvb_captured_length_remaining(view->tvb, rec->code_start) < STATUS_CODE_LEN)
        return;
    /* The SIP dissector only accepts a status code followed by one space. */
    line->phrase_start = rec->code_start + STATUS_CODE_LEN + 1;
    line->phrase = "";
    gint remaining = tvb_captured_length_remaining(view->tvb, line->phrase_start);
    if (remaining > 0) {
        gint to_eol = tvb_find_line_end(view->tvb, line->phrase_start, MIN(remaining, MAX_PHRASE_BYTES),
                                        &next_offset, FALSE);
        line->phrase_len = MAX(to_eol, 0);
        line->phrase = registered_phrase_at(view->tvb, line->phrase_start, line->phrase_len, rec->code);
        if (!line->phrase)
            line->phrase = (const char *)tvb_get_string_enc(pinfo->pool, view->tvb, line->phrase_start,
                                                            line->phrase_len, ENC_UTF_8 | ENC_NA);
    } else {
        line->phrase_start = rec->code_start + STATUS_CODE_LEN;
    }
    line->line_len = line->phrase_start + line->phrase_len - view->start;
}

/* ---- First pass: find the messages and what came before them ------------ */

/* Where frame num's messages are recorded; NULL when nothing is, unless create. */
static frame_messages_t **
recorded_slot(guint32 num, gboolean create)
{
    guint page_index = num >> FRAME_PAGE_BITS;
    if (!frame_pages) {
        if (!create)
            return NULL;
        frame_pages = wmem_array_new(wmem_file_scope(), sizeof(frame_page_t *));
    }
    while (create && wmem_array_get_count(frame_pages) <= page_index) {
        frame_page_t *none = NULL;
        wmem_array_append_one(frame_pages, none);
    }
    if (page_index >= wmem_array_get_count(frame_pages))
        return NULL;
    frame_page_t **page = (frame_page_t **)wmem_array_index(frame_pages, page_index);
    if (!*page) {
        if (!create)
            return NULL;
        *page = wmem_new0(wmem_file_scope(), frame_page_t);
    }
    return &(*page)->frame[num & ((1U << FRAME_PAGE_BITS) - 1)];
}

typedef struct {
    guint32 source_index;
    message_kind_t kind;
    gint line_start;
    gint code_start; /* responses */
    guint32 code;
    tvbuff_t *tvb;   /* where it was found, and at which offset */
    gint offset;
} found_t;

static int
compare_found(const void *a, const void *b)
{
    const found_t *x = (const found_t *)a;
    const found_t *y = (const found_t *)b;
    if (x->source_index != y->source_index)
        return x->source_index < y->source_index ? -1 : 1;
    return x->line_start < y->line_start ? -1 : x->line_start > y->line_start;
}

/* Bytes at offset that start like a status line: "SIP/2.0 " and a digit. */
static gboolean
looks_like_status_line(tvbuff_t *tvb, gint offset)
{
    return tvb_captured_length_remaining(tvb, offset) > STATUS_LINE_PREFIX_LEN
           && tvb_memeql(tvb, offset, (const guint8 *)"SIP/2.0 ", STATUS_LINE_PREFIX_LEN) == 0
           && g_ascii_isdigit(sipdiag_tvb_get_u8(tvb, offset + STATUS_LINE_PREFIX_LEN));
}

/* Whether sipdiag is enabled: asked where Wireshark does not ask for it
 * (handles without a protocol) and where the per-file state is set up. */
static gboolean
sipdiag_enabled(void)
{
    return proto_is_protocol_enabled(find_protocol_by_id(proto_sipdiag));
}

/* The messages of a frame, before sorting: most frames hold one. */
#define FOUND_ON_STACK 4
typedef struct {
    found_t *items;
    guint len;
    guint room;
    found_t on_stack[FOUND_ON_STACK];
} found_list_t;

static void
found_push(packet_info *pinfo, found_list_t *list, const found_t *f)
{
    if (list->len == list->room) {
        guint doubled = list->room * 2;
        found_t *bigger = wmem_alloc_array(pinfo->pool, found_t, doubled);
        memcpy(bigger, list->items, list->len * sizeof(found_t));
        list->items = bigger;
        list->room = doubled;
    }
    list->items[list->len++] = *f;
}

/* Where offset of tvb lies in its data source, as a field_info would say. */
static void
place_in_source(packet_info *pinfo, tvbuff_t *tvb, gint offset, found_t *f)
{
    f->source_index = data_source_index(pinfo, tvb_get_ds_tvb(tvb));
    f->line_start = tvb_raw_offset(tvb) + offset;
    f->tvb = tvb;
    f->offset = offset;
}

/* Reads the start line at offset as the SIP dissector's sip_parse_line does:
 * FALSE when it is neither a request nor a status line. */
static gboolean
classify_message(tvbuff_t *tvb, gint offset, found_t *f)
{
    gint avail = tvb_captured_length_remaining(tvb, offset);
    if (avail <= 0)
        return FALSE;
    gint line_max = MIN(avail, MAX_HEADER_BYTES);
    const char *line = (const char *)tvb_get_ptr(tvb, offset, line_max);
    const char *lf = (const char *)memchr(line, '\n', (size_t)line_max);
    const char *cr = (const char *)memchr(line, '\r', lf ? (size_t)(lf - line) : (size_t)line_max);
    const char *end = cr ? cr : lf ? lf : line + line_max;
    sipdiag_str start_line = { line, (size_t)(end - line) };
    size_t code_at = 0;
    switch (sipdiag_start_line_kind(start_line, sip_strict_version, &code_at)) {
    case SIPDIAG_LINE_STATUS:
        f->kind = MSG_RESPONSE;
        f->code_start = f->line_start + (gint)code_at;
        f->code = (guint32)((line[code_at] - '0') * 100 + (line[code_at + 1] - '0') * 10 + (line[code_at + 2] - '0'));
        return TRUE;
    case SIPDIAG_LINE_REQUEST:
        f->kind = MSG_REQUEST;
        f->code_start = -1;
        f->code = 0;
        return TRUE;
    case SIPDIAG_LINE_OTHER:
        break;
    }
    return FALSE;
}

/* Where the message at start ends, as the SIP dissector measures it: its
 * headers, then Content-Length bytes of body (an unreadable value counts as
 * 0, as ws_strtou32 leaves it).  -1 when it has no end within tvb: no
 * Content-Length (the body runs to the end) or headers cut short. */
static gint
end_of_message(tvbuff_t *tvb, gint start)
{
    gint remaining = tvb_captured_length_remaining(tvb, start);
    if (remaining <= 0)
        return -1;
    gsize avail = (gsize)MIN(remaining, MAX_HEADER_BYTES);
    sipdiag_message msg;
    sipdiag_parse_message((const char *)tvb_get_ptr(tvb, start, (gint)avail), avail, &msg);
    unsigned kept = sipdiag_kept_count(&msg, SIPDIAG_HDR_CONTENT_LENGTH);
    if (!msg.complete || kept == 0 || kept < msg.count[SIPDIAG_HDR_CONTENT_LENGTH])
        return -1;
    unsigned long body = 0;
    /* The SIP dissector keeps the last Content-Length. */
    if (!sipdiag_parse_uint(msg.values[SIPDIAG_HDR_CONTENT_LENGTH][kept - 1], G_MAXINT32, &body))
        body = 0;
    gsize after_headers = (gsize)remaining - msg.header_len;
    return start + (gint)msg.header_len + (gint)MIN(body, after_headers);
}

/* Where the next message handed over in tvb starts: at 0 for its first, and
 * where the latest one found in it ends for the others; -1 when that has no
 * end (then neither have the rest). */
static gint
next_start_in(const found_list_t *found, tvbuff_t *tvb)
{
    for (guint i = found->len; i-- > 0;)
        if (found->items[i].tvb == tvb)
            return end_of_message(tvb, found->items[i].offset);
    return 0;
}

/* The SIP dissector hands each request and response it dissects to the
 * "sip_follow" tap (Follow > SIP Call), as the tvb it dissects it in:
 * listening there costs tshark no protocol tree, where asking for the "sip"
 * field would build one for every packet.  A tvb's first message starts at
 * its offset 0 and each further one (several share a TCP segment) where the
 * one before it ends.  A message whose start line is not found there is
 * left out, and so is every later one in its tvb: their start is then found
 * at the same place again. */
static void
add_tapped_messages(packet_info *pinfo, found_list_t *found)
{
    const void *tapped;
    for (int i = 0; (tapped = fetch_tapped_data(sip_follow_tap, i)) != NULL; i++) {
        tvbuff_t *tvb = (tvbuff_t *)tapped; /* the tap hands it over as const */
        gint start = next_start_in(found, tvb);
        found_t f;
        if (start < 0)
            continue;
        place_in_source(pinfo, tvb, start, &f);
        if (classify_message(tvb, start, &f))
            found_push(pinfo, found, &f);
    }
}

/* What the hooks below note for the post-dissector, per packet (in
 * pinfo->pool, as sipdiag's packet data): tvbs. */
typedef struct {
    wmem_array_t *bad_status_lines;
    wmem_array_t *phrases;
} noted_t;

static void
note_tvb(packet_info *pinfo, gboolean phrase, tvbuff_t *tvb)
{
    noted_t *noted = (noted_t *)p_get_proto_data(pinfo->pool, pinfo, proto_sipdiag, 0);
    if (!noted) {
        noted = wmem_new0(pinfo->pool, noted_t);
        p_add_proto_data(pinfo->pool, pinfo, proto_sipdiag, 0, noted);
    }
    wmem_array_t **list = phrase ? &noted->phrases : &noted->bad_status_lines;
    if (!*list)
        *list = wmem_array_new(pinfo->pool, sizeof(tvbuff_t *));
    wmem_array_append_one(*list, tvb);
}

static guint
noted_count(wmem_array_t *list)
{
    return list ? wmem_array_get_count(list) : 0;
}

static tvbuff_t *
noted_at(wmem_array_t *list, guint i)
{
    return *(tvbuff_t **)wmem_array_index(list, i);
}

/* Undissected payloads that start like a status line (a code the SIP
 * dissector refused). */
static void
add_bad_status_lines(packet_info *pinfo, const noted_t *noted, found_list_t *found)
{
    for (guint i = 0; i < noted_count(noted->bad_status_lines); i++) {
        tvbuff_t *tvb = noted_at(noted->bad_status_lines, i);
        found_t f;
        place_in_source(pinfo, tvb, 0, &f);
        f.kind = MSG_BAD_STATUS_LINE;
        f.code_start = -1;
        f.code = 0;
        found_push(pinfo, found, &f);
    }
}

/* "SIP/2.0", a space, the code and a space come before the reason phrase. */
#define PHRASE_OFFSET (STATUS_LINE_PREFIX_LEN + STATUS_CODE_LEN + 1)

/* Status lines whose phrase the SIP dissector handed to note_status_phrase.
 * Most are found through the tap as well; not those of a response cut short
 * by the capture's snap length, which never reaches it. */
static void
add_noted_status_lines(packet_info *pinfo, const noted_t *noted, found_list_t *found)
{
    for (guint i = 0; i < noted_count(noted->phrases); i++) {
        tvbuff_t *phrase = noted_at(noted->phrases, i);
        found_t f;
        place_in_source(pinfo, phrase, -PHRASE_OFFSET, &f);
        tvbuff_t *source = data_source_at(pinfo, f.source_index);
        if (source && f.line_start >= 0 && classify_message(source, f.line_start, &f) && f.kind == MSG_RESPONSE)
            found_push(pinfo, found, &f);
    }
}

/* A heuristic that never claims anything: UDP, TCP and SCTP try it on a
 * payload no other dissector took, just before they show it as data.  A
 * status line with a malformed code ends up there (the SIP dissector refuses
 * it); it is noted for the post-dissector.  Registered without a protocol,
 * like note_status_phrase and for the same reason (no protocol layer added
 * and removed around every try), so it checks for a disabled sipdiag itself. */
static sipdiag_bool
note_undissected_status_line(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree _U_, void *data _U_)
{
    if (looks_like_status_line(tvb, 0) && sipdiag_enabled())
        note_tvb(pinfo, FALSE, tvb);
    return FALSE;
}

/* Registered as "sip.diagnostic": the SIP dissector hands it the reason
 * phrase of every status line that has one, before it reads the headers.
 * Only a response in bytes cut short by the capture's snap length can miss
 * the tap, so only those are noted.  The handle has no protocol, so the
 * check for a disabled sipdiag is made here. */
static int
note_status_phrase(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree _U_, void *data _U_)
{
    tvbuff_t *source = tvb_get_ds_tvb(tvb);
    if (tvb_captured_length(source) < tvb_reported_length(source) && sipdiag_enabled())
        note_tvb(pinfo, TRUE, tvb);
    return 0;
}

/* The same message found twice (tap and phrase) counts once. */
static void
drop_repeats(found_list_t *found)
{
    guint kept = 0;
    for (guint i = 0; i < found->len; i++) {
        const found_t *f = &found->items[i];
        if (kept > 0 && found->items[kept - 1].source_index == f->source_index
            && found->items[kept - 1].line_start == f->line_start)
            continue;
        found->items[kept++] = *f;
    }
    found->len = kept;
}

/* Only a request's size is kept (for 513): a response's is left at 0. */
static sipdiag_sighting
sighting_of(packet_info *pinfo, const message_view_t *view, gboolean with_size)
{
    sipdiag_sighting seen;
    unsigned long content_length = 0;
    seen.frame = pinfo->num;
    seen.time_ns = (guint64)pinfo->abs_ts.secs * G_GUINT64_CONSTANT(1000000000) + (guint64)pinfo->abs_ts.nsecs;
    seen.size = 0;
    if (with_size) {
        sipdiag_parse_uint(sipdiag_header(&view->msg, SIPDIAG_HDR_CONTENT_LENGTH), G_MAXUINT16, &content_length);
        seen.size = (guint32)(view->msg.header_len + content_length);
    }
    seen.over_udp = pinfo->ptype == PT_UDP;
    return seen;
}

static const char *
file_strdup(const char *s)
{
    return s ? wmem_strdup(wmem_file_scope(), s) : NULL;
}

static gboolean
needs_rare(const sipdiag_response_context *ctx, gboolean sip_scheme)
{
    return (!sip_scheme && ctx->request_scheme[0]) || ctx->has_request_expires
           || ctx->other_leg_retransmissions || ctx->other_leg_first_frame || ctx->other_leg_last_frame
           || ctx->auth_username || ctx->auth_realm || ctx->dialog_frame || ctx->dialog_end_frame;
}

static const memo_rare_t *
rare_of(const sipdiag_response_context *ctx, gboolean sip_scheme)
{
    if (!needs_rare(ctx, sip_scheme))
        return NULL;
    memo_rare_t *rare = wmem_new0(wmem_file_scope(), memo_rare_t);
    if (!sip_scheme)
        (void)g_strlcpy(rare->request_scheme, ctx->request_scheme, sizeof rare->request_scheme);
    rare->has_request_expires = ctx->has_request_expires;
    rare->request_expires = ctx->request_expires;
    rare->other_leg_retransmissions = ctx->other_leg_retransmissions;
    rare->other_leg_first_frame = ctx->other_leg_first_frame;
    rare->other_leg_last_frame = ctx->other_leg_last_frame;
    rare->auth_username = file_strdup(ctx->auth_username);
    rare->auth_realm = file_strdup(ctx->auth_realm);
    rare->dialog_frame = ctx->dialog_frame;
    rare->dialog_end_frame = ctx->dialog_end_frame;
    return rare;
}

static const response_memo_t *
memo_of(const sipdiag_response_context *ctx)
{
    response_memo_t *memo = wmem_new(wmem_file_scope(), response_memo_t);
    gboolean sip_scheme = strcmp(ctx->request_scheme, "sip") == 0;
    memo->request_time_ns = ctx->request_time_ns;
    memo->request_frame = ctx->request_frame;
    memo->last_request_frame = ctx->last_request_frame;
    memo->request_count = ctx->request_count;
    memo->request_size = ctx->request_size;
    memo->cancel_frame = ctx->cancel_frame;
    memo->original_frame = ctx->original_frame;
    memo->request_over_udp = ctx->request_over_udp;
    memo->auth = (guint8)ctx->auth;
    memo->dialog = (guint8)ctx->dialog;
    memo->sip_scheme = sip_scheme;
    memo->rare = rare_of(ctx, sip_scheme);
    return memo;
}

/* The context a memo was made from, in *ctx; NULL without a memo. */
static const sipdiag_response_context *
context_of(const response_memo_t *memo, sipdiag_response_context *ctx)
{
    static const memo_rare_t no_rare;
    if (!memo)
        return NULL;
    const memo_rare_t *rare = memo->rare ? memo->rare : &no_rare;
    memset(ctx, 0, sizeof *ctx);
    ctx->request_frame = memo->request_frame;
    ctx->request_time_ns = memo->request_time_ns;
    ctx->request_count = memo->request_count;
    ctx->last_request_frame = memo->last_request_frame;
    ctx->request_size = memo->request_size;
    ctx->request_over_udp = memo->request_over_udp;
    (void)g_strlcpy(ctx->request_scheme, memo->sip_scheme ? "sip" : rare->request_scheme,
                    sizeof ctx->request_scheme);
    ctx->has_request_expires = rare->has_request_expires;
    ctx->request_expires = rare->request_expires;
    ctx->other_leg_retransmissions = rare->other_leg_retransmissions;
    ctx->other_leg_first_frame = rare->other_leg_first_frame;
    ctx->other_leg_last_frame = rare->other_leg_last_frame;
    ctx->cancel_frame = memo->cancel_frame;
    ctx->original_frame = memo->original_frame;
    ctx->auth = (sipdiag_auth_outcome)memo->auth;
    ctx->auth_username = rare->auth_username;
    ctx->auth_realm = rare->auth_realm;
    ctx->dialog = (sipdiag_dialog_state)memo->dialog;
    ctx->dialog_frame = rare->dialog_frame;
    ctx->dialog_end_frame = rare->dialog_end_frame;
    return ctx;
}

static const response_memo_t *
observe_response(packet_info *pinfo, const message_view_t *view, guint32 code)
{
    sipdiag_response_context now;
    sipdiag_sighting seen = sighting_of(pinfo, view, FALSE);
    sipdiag_context_response(sipdiag_state, &seen, &view->msg, code, &now);
    return memo_of(&now);
}

/* Feeds one message, parsed into *view, to the state; TRUE when it gets a subtree. */
static gboolean
observe_message(packet_info *pinfo, message_rec_t *rec, message_view_t *view)
{
    sipdiag_hint hint;

    if (rec->kind == MSG_BAD_STATUS_LINE)
        return TRUE;
    view_message(pinfo, rec, view);
    if (!view->tvb)
        return rec->kind == MSG_RESPONSE; /* a response is annotated even so */
    if (rec->kind == MSG_RESPONSE) {
        rec->memo = observe_response(pinfo, view, rec->code);
        return TRUE;
    }
    sipdiag_sighting seen = sighting_of(pinfo, view, TRUE);
    sipdiag_context_request(sipdiag_state, &seen, &view->msg);
    return sipdiag_request_hint(&view->msg, &hint);
}

/* fetch_tapped_data finds nothing both when the SIP dissector handed nothing
 * over and when a dissection runs no taps at all (tshark -2's first pass),
 * whose finds must wait for a pass that sees the requests too: a probe
 * queued on a tap of sipdiag's own tells the two apart. */
static gboolean
taps_running(packet_info *pinfo)
{
    tap_queue_packet(probe_tap, pinfo, &probe_tap);
    return fetch_tapped_data(probe_tap, 0) != NULL;
}

/* *views gets the messages as parsed for the state, so that this first pass
 * does not parse them again to annotate them. */
static frame_messages_t *
record_messages(packet_info *pinfo, tvbuff_t *frame_tvb, message_view_t **views)
{
    found_list_t found;
    found.items = found.on_stack;
    found.len = 0;
    found.room = FOUND_ON_STACK;
    add_tapped_messages(pinfo, &found);
    guint tapped = found.len;
    /* A frame with SIP messages holds no undissected status line, unless it
     * is cut short: then a response may have missed the tap. */
    const noted_t *noted = tapped == 0 || tvb_captured_length(frame_tvb) < tvb_reported_length(frame_tvb)
                         ? (const noted_t *)p_get_proto_data(pinfo->pool, pinfo, proto_sipdiag, 0) : NULL;
    if (noted) {
        add_noted_status_lines(pinfo, noted, &found);
        add_bad_status_lines(pinfo, noted, &found);
    }
    if (found.len == 0 || (tapped == 0 && !taps_running(pinfo)))
        return NULL;
    if (found.len > 1) { /* message order, as several share a TCP segment */
        qsort(found.items, found.len, sizeof(found_t), compare_found);
        drop_repeats(&found);
    }

    frame_messages_t *frame = (frame_messages_t *)wmem_alloc0(wmem_file_scope(),
        sizeof(frame_messages_t) + found.len * sizeof(message_rec_t));
    *views = wmem_alloc_array(pinfo->pool, message_view_t, found.len);
    for (guint i = 0; i < found.len; i++) {
        const found_t *f = &found.items[i];
        message_rec_t *rec = &frame->msg[frame->count];
        rec->kind = (guint8)f->kind;
        rec->source_index = f->source_index;
        rec->line_start = f->line_start;
        rec->code_start = f->code_start;
        rec->code = (guint16)f->code;
        if (observe_message(pinfo, rec, &(*views)[frame->count]))
            frame->count++;
    }
    *recorded_slot(pinfo->num, TRUE) = frame;
    newest_recorded_frame = pinfo->num;
    return frame;
}

/* The messages of this frame that get a subtree, in message order.  They are
 * recorded the first time a frame is dissected with taps running, in frame
 * order (what came before is only known then): the first pass of tshark and
 * Wireshark, or tshark's second pass (-2), whose first runs no taps.  Other
 * dissections (the GUI's packet list and packet details, Expert
 * Information, retapping) find them recorded. */
static const frame_messages_t *
messages_in_frame(packet_info *pinfo, tvbuff_t *frame_tvb, message_view_t **views)
{
    frame_messages_t **slot = recorded_slot(pinfo->num, FALSE);
    frame_messages_t *recorded = slot ? *slot : NULL;
    *views = NULL;
    if (recorded || pinfo->num <= newest_recorded_frame || !sipdiag_state)
        return recorded;
    return record_messages(pinfo, frame_tvb, views);
}

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

static proto_item *
add_generated_string(proto_tree *tree, int hf, const char *value)
{
    proto_item *item = proto_tree_add_string(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

static proto_item *
add_generated_uint(proto_tree *tree, int hf, guint32 value)
{
    proto_item *item = proto_tree_add_uint(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

/* A piece of the message, with its bytes. */
static proto_item *
add_slice(proto_tree *tree, int hf, packet_info *pinfo, const message_view_t *view, sipdiag_str s)
{
    return proto_tree_add_string(tree, hf, view->tvb, offset_of(view, s), (gint)s.len,
                                 wmem_strndup(pinfo->pool, s.ptr, s.len));
}

static proto_item *
add_slice_uint(proto_tree *tree, int hf, const message_view_t *view, sipdiag_str s, guint32 value)
{
    return proto_tree_add_uint(tree, hf, view->tvb, offset_of(view, s), (gint)s.len, value);
}

static void
add_explanation(proto_tree *tree, const sipdiag_codes_row *entry)
{
    const int hfs[] = { hf_sipdiag_description, hf_sipdiag_cause, hf_sipdiag_remedy, hf_sipdiag_ref };
    const char *texts[] = { entry->description, entry->cause, entry->remedy, entry->ref };
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
add_code_fields(proto_tree *sub, const message_rec_t *rec, const message_view_t *view,
                const status_line_t *line, const sipdiag_verdict *verdict)
{
    proto_tree_add_uint(sub, hf_sipdiag_code, view->tvb, view->tvb ? rec->code_start : 0,
                        view->tvb ? STATUS_CODE_LEN : 0, verdict->code);
    if (verdict->klass != SIPDIAG_CLASS_NONE)
        add_generated_uint(sub, hf_sipdiag_class, verdict->klass);
    if (verdict->registered)
        add_generated_string(sub, hf_sipdiag_phrase, verdict->entry->phrase);
    if ((!verdict->registered || verdict->phrase_differs) && line->phrase)
        proto_tree_add_string(sub, hf_sipdiag_wire_phrase, view->tvb, line->phrase_start, line->phrase_len,
                              line->phrase);
    proto_item *item = proto_tree_add_boolean(sub, hf_sipdiag_registered, NULL, 0, 0, verdict->registered);
    proto_item_set_generated(item);
}

/* Description, cause, remedy and reference from the table. */
static void
add_meaning(proto_tree *sub, const sipdiag_verdict *verdict)
{
    if (verdict->from_user_table)
        proto_item_set_generated(proto_tree_add_boolean(sub, hf_sipdiag_from_user_table, NULL, 0, 0, TRUE));
    if (verdict->registered || verdict->from_user_table) {
        add_explanation(sub, verdict->entry);
    } else if (verdict->entry) {
        /* The x00 entry's texts explain how the code is handled, not what the
         * sender meant: they sit under "Treated as" to say so. */
        proto_item *item = proto_tree_add_uint_format_value(sub, hf_sipdiag_treated_as, NULL, 0, 0,
            verdict->entry->code, "%u %s (RFC 3261 §8.1.3.2)", verdict->entry->code, verdict->entry->phrase);
        proto_item_set_generated(item);
        add_explanation(proto_item_add_subtree(item, ett_sipdiag_treated_as), verdict->entry);
    }
}

/* The request this response answers, and what happened to it. */
static void
add_request_fields(proto_tree *sub, packet_info *pinfo, const message_view_t *view,
                   const sipdiag_response_context *ctx)
{
    unsigned long cseq;
    sipdiag_str method;
    sipdiag_str cseq_value = sipdiag_header(&view->msg, SIPDIAG_HDR_CSEQ);
    gboolean cseq_wanted = proto_field_is_referenced(sub, hf_sipdiag_method)
                           || proto_field_is_referenced(sub, hf_sipdiag_cseq);
    if (cseq_wanted && sipdiag_parse_cseq(cseq_value, &cseq, &method)) {
        add_slice(sub, hf_sipdiag_method, pinfo, view, method);
        add_slice_uint(sub, hf_sipdiag_cseq, view, cseq_value, (guint32)cseq);
    }
    if (!ctx)
        return;
    if (ctx->request_frame) {
        add_generated_uint(sub, hf_sipdiag_request_in, ctx->request_frame);
        nstime_t request_time;
        nstime_t delta;
        request_time.secs = (time_t)(ctx->request_time_ns / G_GUINT64_CONSTANT(1000000000));
        request_time.nsecs = (int)(ctx->request_time_ns % G_GUINT64_CONSTANT(1000000000));
        nstime_delta(&delta, &pinfo->abs_ts, &request_time);
        proto_item_set_generated(proto_tree_add_time(sub, hf_sipdiag_response_time, NULL, 0, 0, &delta));
        if (ctx->request_count > 1)
            add_generated_uint(sub, hf_sipdiag_request_count, ctx->request_count);
    }
    proto_item_set_generated(proto_tree_add_boolean(sub, hf_sipdiag_retransmission, NULL, 0, 0,
                                                    ctx->original_frame != 0));
    if (ctx->original_frame)
        add_generated_uint(sub, hf_sipdiag_original_in, ctx->original_frame);
    if (ctx->cancel_frame)
        add_generated_uint(sub, hf_sipdiag_cancel_in, ctx->cancel_frame);
}

static void
add_dialog_fields(proto_tree *sub, const sipdiag_response_context *ctx)
{
    if (ctx->dialog_frame)
        add_generated_uint(sub, hf_sipdiag_dialog_in, ctx->dialog_frame);
    if (ctx->dialog_end_frame)
        add_generated_uint(sub, hf_sipdiag_dialog_ended_in, ctx->dialog_end_frame);
}

static void
add_malformed(packet_info *pinfo, proto_item *item, const char *header, sipdiag_str value, const char *expected)
{
    value = sipdiag_trim(value);
    if (value.len == 0)
        expert_add_info_format(pinfo, item, &ei_sipdiag_malformed_value, "Empty %s header", header);
    else
        expert_add_info_format(pinfo, item, &ei_sipdiag_malformed_value, "Malformed %s value \"%s\": %s",
                               header, slice_text(pinfo, value), expected);
}

static void
add_challenges(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view,
               sipdiag_header_id id, const char *header)
{
    unsigned kept = sipdiag_kept_count(&view->msg, id);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str value = sipdiag_trim(view->msg.values[id][i]);
        sipdiag_auth auth;
        if (!sipdiag_parse_auth(value, &auth)) {
            add_malformed(pinfo, top, header, value, "expected a scheme and, for Digest, a realm");
            continue;
        }
        proto_item *item = add_slice(sub, hf_sipdiag_auth_challenge, pinfo, view, value);
        proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_challenge);
        add_slice(tree, hf_sipdiag_auth_scheme, pinfo, view, auth.scheme);
        if (auth.has_realm)
            add_slice(tree, hf_sipdiag_auth_realm, pinfo, view, auth.realm);
        if (auth.algorithm.len)
            add_slice(tree, hf_sipdiag_auth_algorithm, pinfo, view, auth.algorithm);
        if (auth.qop.len)
            add_slice(tree, hf_sipdiag_auth_qop, pinfo, view, auth.qop);
        proto_tree_add_boolean(tree, hf_sipdiag_auth_stale, NULL, 0, 0, auth.stale);
    }
}

/* Every element of every occurrence of a list header, one field each. */
static void
add_list(proto_tree *sub, packet_info *pinfo, const message_view_t *view, sipdiag_header_id id, int hf)
{
    unsigned kept = sipdiag_kept_count(&view->msg, id);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = view->msg.values[id][i];
        sipdiag_str element;
        while (sipdiag_next_element(&list, &element))
            add_slice(sub, hf, pinfo, view, element);
    }
}

static void
add_uint_header(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view,
                sipdiag_header_id id, int hf, const char *header)
{
    unsigned long value;
    sipdiag_str raw = sipdiag_header(&view->msg, id);
    if (view->msg.count[id] == 0)
        return;
    if (sipdiag_parse_uint(raw, G_MAXUINT32, &value))
        add_slice_uint(sub, hf, view, raw, (guint32)value);
    else
        add_malformed(pinfo, top, header, raw, "expected a number of seconds");
}

/* A redirection is only as good as its Contact targets (RFC 3261 §21.3). */
static void
add_contacts(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view)
{
    unsigned kept = sipdiag_kept_count(&view->msg, SIPDIAG_HDR_CONTACT);
    unsigned targets = 0;
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = view->msg.values[SIPDIAG_HDR_CONTACT][i];
        sipdiag_str element;
        sipdiag_contact contact;
        if (sipdiag_trim(list).len == 0)
            add_malformed(pinfo, top, "Contact", list, "");
        while (sipdiag_next_element(&list, &element)) {
            if (sipdiag_parse_contact(element, &contact) && !contact.star) {
                add_slice(sub, hf_sipdiag_contact, pinfo, view, element);
                targets++;
            } else {
                add_malformed(pinfo, top, "Contact", element, "expected a SIP URI, in <...> if it has parameters");
            }
        }
    }
    if (targets == 0)
        expert_add_info_format(pinfo, top, &ei_sipdiag_malformed_value,
                               "Redirection without a usable Contact: the caller has nowhere to retry");
}

static void
add_retry_after(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view)
{
    sipdiag_retry_after retry;
    sipdiag_str raw = sipdiag_header(&view->msg, SIPDIAG_HDR_RETRY_AFTER);
    if (view->msg.count[SIPDIAG_HDR_RETRY_AFTER] == 0)
        return;
    if (!sipdiag_parse_retry_after(raw, &retry)) {
        add_malformed(pinfo, top, "Retry-After", raw, "expected delta-seconds, a comment and parameters");
        return;
    }
    add_slice_uint(sub, hf_sipdiag_retry_after, view, raw, (guint32)retry.seconds);
    if (retry.has_duration)
        proto_tree_add_uint(sub, hf_sipdiag_retry_after_duration, NULL, 0, 0, (guint32)retry.duration);
}

static void
add_warning(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view,
            sipdiag_str element)
{
    sipdiag_warning warning;
    if (!sipdiag_parse_warning(element, &warning)) {
        add_malformed(pinfo, top, "Warning", element, "expected warn-code, warn-agent and a quoted warn-text");
        return;
    }
    const sipdiag_warn_codes_row *row = sipdiag_warn_code_lookup(warning.code);
    proto_item *item = add_slice(sub, hf_sipdiag_warning, pinfo, view, element);
    proto_item_set_text(item, "Warning: %lu %s", warning.code, row ? row->text : "(unregistered warn-code)");
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_warning);
    add_slice_uint(tree, hf_sipdiag_warning_code, view, (sipdiag_str){ element.ptr, 3 }, (guint32)warning.code);
    add_slice(tree, hf_sipdiag_warning_agent, pinfo, view, warning.agent);
    add_slice(tree, hf_sipdiag_warning_text, pinfo, view, warning.text);
    proto_item_set_generated(proto_tree_add_boolean(tree, hf_sipdiag_warning_registered, NULL, 0, 0, row != NULL));
    if (row) {
        add_generated_string(tree, hf_sipdiag_warning_meaning, row->meaning);
        add_generated_string(tree, hf_sipdiag_warning_remedy, row->remedy);
    } else {
        expert_add_info_format(pinfo, item, &ei_sipdiag_warn_code_unregistered,
                               "Warn-code %lu is not registered at IANA; read its text", warning.code);
    }
}

static void
add_warnings(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view)
{
    unsigned kept = sipdiag_kept_count(&view->msg, SIPDIAG_HDR_WARNING);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = view->msg.values[SIPDIAG_HDR_WARNING][i];
        sipdiag_str element;
        if (sipdiag_trim(list).len == 0)
            add_malformed(pinfo, top, "Warning", list, "");
        while (sipdiag_next_element(&list, &element))
            add_warning(sub, pinfo, top, view, element);
    }
}

static void
add_reason(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view,
           sipdiag_str element)
{
    sipdiag_reason reason;
    char described[160];
    if (!sipdiag_parse_reason(element, &reason) && !(reason.protocol.len && reason.has_cause)) {
        add_malformed(pinfo, top, "Reason", element, "expected protocol;cause=<number>");
        if (!reason.protocol.len)
            return;
    }
    sipdiag_describe_reason(&reason, described, sizeof described);
    proto_item *item = add_slice(sub, hf_sipdiag_reason, pinfo, view, element);
    proto_item_set_text(item, "Reason: %s", described);
    proto_tree *tree = proto_item_add_subtree(item, ett_sipdiag_reason);
    add_slice(tree, hf_sipdiag_reason_protocol, pinfo, view, reason.protocol);
    if (reason.cause_valid)
        add_slice_uint(tree, hf_sipdiag_reason_cause, view, reason.cause_text, (guint32)reason.cause);
    else if (reason.has_cause)
        add_malformed(pinfo, item, "Reason cause", reason.cause_text, "expected a decimal cause value below 2^32");
    if (reason.text.len)
        add_slice(tree, hf_sipdiag_reason_text, pinfo, view, reason.text);
    const sipdiag_q850_causes_row *q850 = reason.cause_valid && sipdiag_str_equal_nocase(reason.protocol, "Q.850")
                                          ? sipdiag_q850_lookup(reason.cause) : NULL;
    if (q850) {
        add_generated_string(tree, hf_sipdiag_reason_name, q850->name);
        add_generated_string(tree, hf_sipdiag_reason_meaning, q850->meaning);
        add_generated_string(tree, hf_sipdiag_reason_remedy, q850->remedy);
        if (q850->sip_code)
            add_generated_uint(tree, hf_sipdiag_reason_sip_code, q850->sip_code);
    }
}

static void
add_reasons(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view)
{
    unsigned kept = sipdiag_kept_count(&view->msg, SIPDIAG_HDR_REASON);
    for (unsigned i = 0; i < kept; i++) {
        sipdiag_str list = view->msg.values[SIPDIAG_HDR_REASON][i];
        sipdiag_str element;
        if (sipdiag_trim(list).len == 0)
            add_malformed(pinfo, top, "Reason", list, "");
        while (sipdiag_next_element(&list, &element))
            add_reason(sub, pinfo, top, view, element);
    }
}

/* The headers that carry the reason for this code (RFC 3261 §21 and others). */
static void
add_reason_headers(proto_tree *sub, packet_info *pinfo, proto_item *top, const message_view_t *view,
                   guint32 code, const sipdiag_response_context *ctx)
{
    if (ctx && ctx->auth_username && (code == 401 || code == 407 || code == 403))
        add_generated_string(sub, hf_sipdiag_auth_username, ctx->auth_username);
    if ((code >= 300 && code < 400) || code == 485) {
        add_contacts(sub, pinfo, top, view);
        add_uint_header(sub, pinfo, top, view, SIPDIAG_HDR_EXPIRES, hf_sipdiag_expires, "Expires");
    }
    add_retry_after(sub, pinfo, top, view);
    if (code == 423) {
        add_uint_header(sub, pinfo, top, view, SIPDIAG_HDR_MIN_EXPIRES, hf_sipdiag_min_expires, "Min-Expires");
        if (ctx && ctx->has_request_expires)
            add_generated_uint(sub, hf_sipdiag_requested_expires, (guint32)ctx->request_expires);
    }
    if (code == 422)
        add_uint_header(sub, pinfo, top, view, SIPDIAG_HDR_MIN_SE, hf_sipdiag_min_se, "Min-SE");
    if (code == 420)
        add_list(sub, pinfo, view, SIPDIAG_HDR_UNSUPPORTED, hf_sipdiag_unsupported);
    if (code == 421)
        add_list(sub, pinfo, view, SIPDIAG_HDR_REQUIRE, hf_sipdiag_require);
    if (code == 405)
        add_list(sub, pinfo, view, SIPDIAG_HDR_ALLOW, hf_sipdiag_allow);
    if (code == 415) {
        add_list(sub, pinfo, view, SIPDIAG_HDR_ACCEPT, hf_sipdiag_accept);
        add_list(sub, pinfo, view, SIPDIAG_HDR_ACCEPT_ENCODING, hf_sipdiag_accept_encoding);
        add_list(sub, pinfo, view, SIPDIAG_HDR_ACCEPT_LANGUAGE, hf_sipdiag_accept_language);
    }
    if (code == 494)
        add_list(sub, pinfo, view, SIPDIAG_HDR_SECURITY_SERVER, hf_sipdiag_security_server);
    if (code == 416 && ctx && ctx->request_scheme[0])
        add_generated_string(sub, hf_sipdiag_request_scheme, ctx->request_scheme);
    if (code == 513 && ctx && ctx->request_frame) {
        add_generated_uint(sub, hf_sipdiag_request_size, ctx->request_size);
        add_generated_string(sub, hf_sipdiag_request_transport, ctx->request_over_udp ? "UDP" : "stream");
    }
    add_warnings(sub, pinfo, top, view);
    add_reasons(sub, pinfo, top, view);
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
    if (!pref_info_label || verdict->klass == SIPDIAG_CLASS_PROVISIONAL
        || verdict->klass == SIPDIAG_CLASS_SUCCESSFUL)
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
    static expert_field *const eis[] = {
        &ei_sipdiag_response_chat, &ei_sipdiag_response_note, &ei_sipdiag_response_warn,
        &ei_sipdiag_response_error, &ei_sipdiag_unregistered, &ei_sipdiag_phrase_differs,
        &ei_sipdiag_malformed_value, &ei_sipdiag_warn_code_unregistered,
    };
    if (!tree)
        return FALSE;
    if (proto_expert > 0 && proto_field_is_referenced(tree, proto_expert))
        return TRUE;
    /* Filtering on a field marks its protocol as referenced too. */
    if (!proto_field_is_referenced(tree, proto_sipdiag))
        return FALSE;
    for (size_t i = 0; i < G_N_ELEMENTS(eis); i++)
        if (eis[i]->hf > 0 && proto_registrar_get_nth((guint)eis[i]->hf)->ref_type != HF_REF_TYPE_NONE)
            return TRUE;
    return FALSE;
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
queue_tap(packet_info *pinfo, const sipdiag_verdict *verdict, const status_line_t *line, const sipdiag_hint *hint)
{
    if (!have_tap_listener(sipdiag_tap))
        return;
    sipdiag_tap_info_t *info = wmem_new(pinfo->pool, sipdiag_tap_info_t);
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
        if (proto_field_is_referenced(tree, *hfs[i]))
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

static void
add_response_tree(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec, const message_view_t *view,
                  const sipdiag_response_context *ctx, const status_line_t *line,
                  const sipdiag_verdict *verdict, const sipdiag_hint *hint, const needs_t *needs)
{
    proto_item *top;
    if (needs->visible)
        top = proto_tree_add_protocol_format(tree, proto_sipdiag, view->tvb, view->start, line->line_len,
                                             "SIP Response Diagnostics: %s", headline(pinfo, verdict, line));
    else
        top = proto_tree_add_item(tree, proto_sipdiag, view->tvb, view->start, line->line_len, ENC_NA);
    proto_tree *sub = proto_item_add_subtree(top, ett_sipdiag);
    add_code_fields(sub, rec, view, line, verdict);
    add_request_fields(sub, pinfo, view, ctx);
    if (hint->text[0])
        add_generated_string(sub, hf_sipdiag_hint, hint->text);
    add_meaning(sub, verdict);
    if (view->tvb) {
        if (rec->code == 401 && challenges_needed(sub, needs))
            add_challenges(sub, pinfo, top, view, SIPDIAG_HDR_WWW_AUTHENTICATE, "WWW-Authenticate");
        if (rec->code == 407 && challenges_needed(sub, needs))
            add_challenges(sub, pinfo, top, view, SIPDIAG_HDR_PROXY_AUTHENTICATE, "Proxy-Authenticate");
        add_reason_headers(sub, pinfo, top, view, rec->code, ctx);
        if (rec->code == 481 && ctx)
            add_dialog_fields(sub, ctx);
    }
    if (needs->expert_text)
        add_expert_items(pinfo, top, verdict, line, hint);
    else if (verdict->klass != SIPDIAG_CLASS_PROVISIONAL && verdict->klass != SIPDIAG_CLASS_SUCCESSFUL)
        add_silent_expert(pinfo, top, verdict, hint);
}

/* The hint of a 1xx/2xx is only read where it shows. */
static gboolean
hint_needed(proto_tree *tree, gboolean success, const needs_t *needs)
{
    return !success || needs->expert_text || needs->tap
           || (needs->tree && proto_field_is_referenced(tree, hf_sipdiag_hint));
}

static void
annotate_response(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec, const message_view_t *parsed,
                  const needs_t *needs)
{
    static const sipdiag_response_context no_context;
    sipdiag_class klass = sipdiag_class_of(rec->code);
    gboolean success = klass == SIPDIAG_CLASS_PROVISIONAL || klass == SIPDIAG_CLASS_SUCCESSFUL;
    gboolean shown = !success || pref_annotate_success;
    /* A failure always gets its expert item and Info label; a 1xx/2xx only
     * where it shows. */
    if (!needs->tap && !(shown && (needs->tree || needs->expert_text || !success)))
        return;

    message_view_t own_view;
    const message_view_t *view = parsed;
    status_line_t line;
    sipdiag_verdict verdict;
    sipdiag_hint hint;
    sipdiag_response_context ctx_buf;
    const sipdiag_response_context *ctx = context_of(rec->memo, &ctx_buf);
    if (!view) {
        view_message(pinfo, rec, &own_view);
        view = &own_view;
    }
    locate_status_line(pinfo, rec, view, &line);
    sipdiag_classify(rec->code, line.phrase, &verdict);
    if (verdict.klass != SIPDIAG_CLASS_NONE)
        verdict.severity = (sipdiag_severity)pref_severity[verdict.klass];
    if (hint_needed(tree, success, needs)) {
        sipdiag_response_hint(&verdict, &view->msg, ctx ? ctx : &no_context, &hint);
    } else {
        hint.text[0] = '\0';
        hint.label = NULL;
        hint.severity_set = false;
    }
    if (needs->tap && (!ctx || !ctx->original_frame))
        queue_tap(pinfo, &verdict, &line, &hint); /* retransmissions counted once */
    if (!shown)
        return;

    if (needs->tree)
        add_response_tree(pinfo, tree, rec, view, ctx, &line, &verdict, &hint, needs);
    else if (needs->expert_text)
        add_expert_items(pinfo, NULL, &verdict, &line, &hint);
    else if (!success)
        add_silent_expert(pinfo, NULL, &verdict, &hint);
    if (needs->info)
        append_info_label(pinfo, &verdict, &hint);
}

static void
annotate_request(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec, const message_view_t *parsed)
{
    message_view_t own_view;
    const message_view_t *view = parsed;
    sipdiag_hint hint;

    if (!view) {
        view_message(pinfo, rec, &own_view);
        view = &own_view;
    }
    if (!view->tvb || !sipdiag_request_hint(&view->msg, &hint))
        return;
    proto_item *top = proto_tree_add_protocol_format(tree, proto_sipdiag, view->tvb, view->start,
                                                     (gint)MIN(view->msg.header_len, view->avail),
                                                     "SIP Response Diagnostics: %s", hint.text);
    proto_tree *sub = proto_item_add_subtree(top, ett_sipdiag);
    add_slice(sub, hf_sipdiag_method, pinfo, view, view->msg.method);
    add_generated_string(sub, hf_sipdiag_hint, hint.text);
    add_reasons(sub, pinfo, top, view);
    expert_add_info_format(pinfo, top, ei_by_severity[hint.severity], "%s", hint.text);
}

/* RFC 3261 §7.2: a Status-Code is exactly three digits followed by a space;
 * Wireshark leaves anything else undissected, as data. */
static void
annotate_bad_status_line(packet_info *pinfo, proto_tree *tree, const message_rec_t *rec)
{
    message_view_t view;
    view_message(pinfo, rec, &view);
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

static int
dissect_sipdiag(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    /* The handle's protocol is a helper (see proto_register_sipdiag), for
     * which Wireshark does not name the protocol running: expert items and
     * exceptions are sipdiag's. */
    pinfo->current_proto = "SIPDIAG";
    message_view_t *views;
    const frame_messages_t *messages = messages_in_frame(pinfo, tvb, &views);
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
            annotate_request(pinfo, tree, &messages->msg[i], parsed);
            break;
        case MSG_BAD_STATUS_LINE:
            annotate_bad_status_line(pinfo, tree, &messages->msg[i]);
            break;
        }
    }
    return 0;
}

/* ---- Registration -------------------------------------------------------- */

/*
 * sipdiag finds SIP messages by listening on the SIP dissector's
 * "sip_follow" tap, not by asking for a field: a post-dissector that wants a
 * field makes tshark build a protocol tree for every packet.  It listens only
 * while the protocol is enabled, so that a disabled sipdiag costs nothing.
 * Runs at every (re)dissection, after enable/disable changes, and starts the
 * per-file state afresh.
 */
static void
listen_to_sip(gboolean on)
{
    static gboolean listening;
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
        ws_warning("sipdiag: cannot listen to SIP messages (%s); nothing is annotated", error->str);
        g_string_free(error, TRUE);
        return;
    }
    listening = TRUE;
}

static void
sipdiag_init(void)
{
    site_table_changed();
    sipdiag_context_free(sipdiag_state);
    sipdiag_state = NULL;
    frame_pages = NULL; /* the file scope that held them is gone */
    newest_recorded_frame = 0;
    gboolean enabled = sipdiag_enabled();
    sip_follow_tap = find_tap_id("sip_follow");
    listen_to_sip(enabled && sip_follow_tap >= 0);
    if (!enabled || sip_follow_tap < 0)
        return;
    module_t *sip_module = prefs_find_module("sip");
    pref_t *strict = sip_module ? prefs_find_preference(sip_module, "strict_sip_version") : NULL;
    sip_strict_version = strict ? prefs_get_bool_value(strict, pref_current) : TRUE;
    sipdiag_state = sipdiag_context_new(MAX_STATE_ENTRIES);
    expert_tap = find_tap_id("expert");
}

static void
sipdiag_cleanup(void)
{
    sipdiag_set_overrides(NULL);
    memset(user_rows_by_code, 0, sizeof user_rows_by_code);
    g_free(user_rows);
    user_rows = NULL;
    sipdiag_context_free(sipdiag_state);
    sipdiag_state = NULL;
    frame_pages = NULL;
}

/* ---- The user table "SIP response remedies" ------------------------------ */

/* epan/uat.h always defines UAT_DEC_CB_DEF: the test only hides these macro
 * calls from cppcheck, which runs without Wireshark's headers
 * (tests/static-analysis.sh) and would otherwise stop at them (unknownMacro)
 * and skip this whole file.  Without them the build fails: remedy_fields
 * below names the callbacks they define. */
#ifdef UAT_DEC_CB_DEF
UAT_DEC_CB_DEF(sipdiag_remedies, code, remedy_rec_t)
UAT_CSTRING_CB_DEF(sipdiag_remedies, phrase, remedy_rec_t)
UAT_CSTRING_CB_DEF(sipdiag_remedies, description, remedy_rec_t)
UAT_CSTRING_CB_DEF(sipdiag_remedies, cause, remedy_rec_t)
UAT_CSTRING_CB_DEF(sipdiag_remedies, remedy, remedy_rec_t)
#endif

static void *
remedy_copy_cb(void *dest, const void *source, size_t len _U_)
{
    remedy_rec_t *to = (remedy_rec_t *)dest;
    const remedy_rec_t *from = (const remedy_rec_t *)source;
    to->code = from->code;
    to->phrase = g_strdup(from->phrase);
    to->description = g_strdup(from->description);
    to->cause = g_strdup(from->cause);
    to->remedy = g_strdup(from->remedy);
    return to;
}

/* Refusals found by the field checks while the table loads or is edited,
 * reported once it is complete: a bad row costs only itself. */
static GString *refused_rows;

static void
refuse_row(char **err, char *message)
{
    if (!refused_rows)
        refused_rows = g_string_new(NULL);
    g_string_append_printf(refused_rows, "\n  %s", message);
    *err = message;
}

static sipdiag_bool
site_code_chk(void *record _U_, const char *ptr, unsigned len, const void *chk_data _U_,
              const void *fld_data _U_, char **err)
{
    unsigned long code;
    sipdiag_str text = { ptr, len };
    if (sipdiag_parse_uint(text, 99999, &code) && code >= 100 && code <= SIPDIAG_CODE_MAX)
        return TRUE;
    refuse_row(err, g_strdup_printf("code \"%.*s\" is not a status code from 100 to 699; row refused",
                                    (int)MIN(len, 32), ptr));
    return FALSE;
}

static sipdiag_bool
site_remedy_chk(void *record, const char *ptr _U_, unsigned len, const void *chk_data _U_,
                const void *fld_data _U_, char **err)
{
    if (len > 0)
        return TRUE;
    refuse_row(err, g_strdup_printf("the row for code %u has an empty remedy; row refused",
                                    ((const remedy_rec_t *)record)->code));
    return FALSE;
}

static void
remedy_free_cb(void *record)
{
    remedy_rec_t *rec = (remedy_rec_t *)record;
    g_free(rec->phrase);
    g_free(rec->description);
    g_free(rec->cause);
    g_free(rec->remedy);
}

static const char *
text_or(const char *text, const char *fallback)
{
    return text && text[0] ? text : fallback;
}

/* A site row over the built-in one (or over nothing, for a code it adds). */
static void
merge_site_row(sipdiag_codes_row *row, const remedy_rec_t *rec)
{
    const sipdiag_codes_row *builtin = sipdiag_code_lookup(rec->code);
    row->code = rec->code;
    row->klass = rec->code / 100;
    row->phrase = builtin ? builtin->phrase : text_or(rec->phrase, "");
    row->ref = builtin ? builtin->ref : "Site table (SIP response remedies)";
    row->description = text_or(rec->description, builtin ? builtin->description : "");
    row->cause = text_or(rec->cause, builtin ? builtin->cause : "");
    row->remedy = rec->remedy;
    row->remedy_short = rec->remedy;
}

static gboolean
site_row_is_valid(const remedy_rec_t *rec)
{
    return rec->code >= 100 && rec->code <= SIPDIAG_CODE_MAX && rec->remedy && rec->remedy[0];
}

/* The site rows the classifier sees; later rows for a code win.  Rebuilt
 * after every edit and at every dissection start: when a file holds a bad
 * row, Wireshark stops loading at it without the post-update callback, and
 * the good rows loaded so far must still apply. */
static void
rebuild_site_rows(void)
{
    memset(user_rows_by_code, 0, sizeof user_rows_by_code);
    g_free(user_rows);
    user_rows = g_new0(sipdiag_codes_row, MAX(num_remedy_recs, 1));
    guint valid = 0;
    for (guint i = 0; i < num_remedy_recs; i++) {
        if (!site_row_is_valid(&remedy_recs[i]))
            continue;
        merge_site_row(&user_rows[i], &remedy_recs[i]);
        user_rows_by_code[remedy_recs[i].code] = &user_rows[i];
        valid++;
    }
    sipdiag_set_overrides(valid ? user_rows_by_code : NULL);
}

static void
site_table_changed(void)
{
    rebuild_site_rows();
    if (refused_rows && refused_rows->len) {
        report_warning("SIP response remedies:%s", refused_rows->str);
        g_string_truncate(refused_rows, 0);
    }
}

static void
register_preferences(void)
{
    static const char *const names[] = { NULL, "severity_1xx", "severity_2xx", "severity_3xx",
                                         "severity_4xx", "severity_5xx", "severity_6xx" };
    static const char *const titles[] = { NULL,
        "Expert severity of 1xx Provisional", "Expert severity of 2xx Successful",
        "Expert severity of 3xx Redirection", "Expert severity of 4xx Client Failure",
        "Expert severity of 5xx Server Failure", "Expert severity of 6xx Global Failure" };
    static uat_field_t remedy_fields[] = {
        UAT_FLD_CSTRING_OTHER(sipdiag_remedies, code, "Code", site_code_chk, "SIP status code, 100-699"),
        UAT_FLD_CSTRING(sipdiag_remedies, phrase, "Phrase", "Reason phrase (used for codes the registry lacks)"),
        UAT_FLD_CSTRING(sipdiag_remedies, description, "Description", "What the code means here (empty: built-in)"),
        UAT_FLD_CSTRING(sipdiag_remedies, cause, "Cause", "What produces it here (empty: built-in)"),
        UAT_FLD_CSTRING_OTHER(sipdiag_remedies, remedy, "Remedy", site_remedy_chk,
                              "What to do about it here (required)"),
        UAT_END_FIELDS
    };

    module_t *module = prefs_register_protocol(proto_sipdiag, NULL);
    for (int klass = SIPDIAG_CLASS_PROVISIONAL; klass <= SIPDIAG_CLASS_GLOBAL_FAILURE; klass++)
        prefs_register_enum_preference(module, names[klass], titles[klass],
            "Severity of the expert item on responses of this class; context still makes a normal Digest "
            "challenge or a 487 after CANCEL a Note and a retransmission Chat", &pref_severity[klass],
            severity_vals, FALSE);
    prefs_register_bool_preference(module, "annotate_success", "Annotate 1xx and 2xx responses",
        "Give provisional and successful responses a subtree and expert item too", &pref_annotate_success);
    prefs_register_bool_preference(module, "info_label", "Short remedy in the Info column",
        "Append the short remedy (or the hint) of 3xx-6xx responses to the packet list's Info column",
        &pref_info_label);

    uat_t *remedies = uat_new("SIP response remedies", sizeof(remedy_rec_t), "sipdiag_remedies", TRUE,
                              &remedy_recs, &num_remedy_recs, UAT_AFFECTS_DISSECTION,
                              NULL, remedy_copy_cb, NULL, remedy_free_cb, site_table_changed,
                              NULL, remedy_fields);
    prefs_register_uat_preference(module, "remedies", "SIP response remedies",
        "Your own description, cause and remedy per status code: they override the built-in texts or add "
        "codes (vendor-specific ones, a site runbook)", remedies);
}

#define FIELD_STRING(hf, name, abbrev, blurb) \
    { &(hf), { name, abbrev, FT_STRING, BASE_NONE, NULL, 0x0, blurb, HFILL } }
#define FIELD_UINT(hf, name, abbrev, blurb) \
    { &(hf), { name, abbrev, FT_UINT32, BASE_DEC, NULL, 0x0, blurb, HFILL } }
#define FIELD_FRAME(hf, name, abbrev, kind, blurb) \
    { &(hf), { name, abbrev, FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(kind), 0x0, blurb, HFILL } }
#define FIELD_BOOL(hf, name, abbrev, blurb) \
    { &(hf), { name, abbrev, FT_BOOLEAN, BASE_NONE, NULL, 0x0, blurb, HFILL } }

void
proto_register_sipdiag(void)
{
    static hf_register_info hf[] = {
        FIELD_UINT(hf_sipdiag_code, "Code", "sipdiag.code", "The status code of the SIP response"),
        FIELD_STRING(hf_sipdiag_phrase, "Registered phrase", "sipdiag.phrase",
                     "The reason phrase IANA registers for this code"),
        FIELD_STRING(hf_sipdiag_wire_phrase, "Phrase on the wire", "sipdiag.wire_phrase",
                     "The reason phrase as sent, when it is not the registered one or the code is unregistered"),
        { &hf_sipdiag_class,
          { "Class", "sipdiag.class", FT_UINT8, BASE_DEC, VALS(sipdiag_class_vals), 0x0,
            "Response class: the first digit of the code (absent outside 100-699)", HFILL } },
        FIELD_BOOL(hf_sipdiag_registered, "Registered at IANA", "sipdiag.registered",
                   "Whether the code is in the IANA SIP response-code registry (filter: sipdiag.registered == 0)"),
        FIELD_UINT(hf_sipdiag_treated_as, "Treated as", "sipdiag.treated_as",
                   "An unregistered code is treated as its class's x00 code (RFC 3261 section 8.1.3.2)"),
        FIELD_STRING(hf_sipdiag_description, "Description", "sipdiag.description", "What the code means"),
        FIELD_STRING(hf_sipdiag_cause, "Typical cause", "sipdiag.cause",
                     "What usually produces this code in real networks"),
        FIELD_STRING(hf_sipdiag_remedy, "Remedy", "sipdiag.remedy", "What to check or change"),
        FIELD_STRING(hf_sipdiag_ref, "Reference", "sipdiag.ref", "The RFC section that defines the code"),
        FIELD_BOOL(hf_sipdiag_from_user_table, "Text from the site table", "sipdiag.from_user_table",
                   "The description, cause and remedy come from the user table SIP response remedies"),
        FIELD_STRING(hf_sipdiag_hint, "Hint", "sipdiag.hint",
                     "What this particular message means, from its headers and the earlier messages"),
        FIELD_STRING(hf_sipdiag_method, "Method", "sipdiag.method",
                     "The method of the request this response answers (from CSeq), or of the annotated request"),
        FIELD_UINT(hf_sipdiag_cseq, "CSeq", "sipdiag.cseq", "The CSeq number of the response"),
        FIELD_FRAME(hf_sipdiag_request_in, "Request in", "sipdiag.request_in", FT_FRAMENUM_REQUEST,
                    "The frame of the request this response answers (first sighting), when the capture has it"),
        { &hf_sipdiag_response_time,
          { "Time since request", "sipdiag.response_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time from the request's first sighting to this response", HFILL } },
        FIELD_UINT(hf_sipdiag_request_count, "Request sent", "sipdiag.request_count",
                   "How many times the capture saw the request before this response (retransmissions + 1)"),
        FIELD_BOOL(hf_sipdiag_retransmission, "Retransmission", "sipdiag.retransmission",
                   "This response repeats an earlier one of the same transaction (counted once)"),
        FIELD_FRAME(hf_sipdiag_original_in, "Original response in", "sipdiag.original_in", FT_FRAMENUM_DUP_ACK,
                    "The first sighting of a retransmitted response"),
        FIELD_FRAME(hf_sipdiag_cancel_in, "Cancelled in", "sipdiag.cancel_in", FT_FRAMENUM_REQUEST,
                    "The CANCEL that ended the INVITE this response answers"),
        FIELD_FRAME(hf_sipdiag_dialog_in, "Dialog confirmed in", "sipdiag.dialog_in", FT_FRAMENUM_NONE,
                    "481: the 2xx that confirmed this Call-ID's dialog, when the capture saw it"),
        FIELD_FRAME(hf_sipdiag_dialog_ended_in, "Dialog ended in", "sipdiag.dialog_ended_in", FT_FRAMENUM_NONE,
                    "481: the BYE that ended this Call-ID's dialog, when the capture saw it"),
        FIELD_STRING(hf_sipdiag_auth_challenge, "Challenge", "sipdiag.auth.challenge",
                     "A WWW-Authenticate (401) or Proxy-Authenticate (407) challenge"),
        FIELD_STRING(hf_sipdiag_auth_scheme, "Scheme", "sipdiag.auth.scheme", "Authentication scheme"),
        FIELD_STRING(hf_sipdiag_auth_realm, "Realm", "sipdiag.auth.realm", "Protection realm of the challenge"),
        FIELD_STRING(hf_sipdiag_auth_algorithm, "Algorithm", "sipdiag.auth.algorithm", "Digest algorithm"),
        FIELD_STRING(hf_sipdiag_auth_qop, "QoP", "sipdiag.auth.qop", "Quality of protection offered"),
        FIELD_BOOL(hf_sipdiag_auth_stale, "Stale", "sipdiag.auth.stale",
                   "stale=true: the nonce expired, the credentials themselves were fine"),
        FIELD_STRING(hf_sipdiag_auth_username, "Credentials of user", "sipdiag.auth.username",
                     "The username in the credentials the request carried"),
        FIELD_STRING(hf_sipdiag_contact, "Contact", "sipdiag.contact", "A redirection target (3xx)"),
        FIELD_UINT(hf_sipdiag_expires, "Expires", "sipdiag.expires", "Seconds the redirection holds"),
        FIELD_UINT(hf_sipdiag_retry_after, "Retry after (s)", "sipdiag.retry_after",
                   "Retry-After: seconds to wait before retrying"),
        FIELD_UINT(hf_sipdiag_retry_after_duration, "Available for (s)", "sipdiag.retry_after.duration",
                   "Retry-After duration parameter"),
        FIELD_UINT(hf_sipdiag_min_expires, "Min-Expires", "sipdiag.min_expires",
                   "423: the shortest registration interval the registrar accepts"),
        FIELD_UINT(hf_sipdiag_requested_expires, "Requested expires", "sipdiag.requested_expires",
                   "423: the interval the request asked for"),
        FIELD_UINT(hf_sipdiag_min_se, "Min-SE", "sipdiag.min_se", "422: the smallest session interval accepted"),
        FIELD_STRING(hf_sipdiag_unsupported, "Unsupported", "sipdiag.unsupported",
                     "420: an option tag the server does not support"),
        FIELD_STRING(hf_sipdiag_require, "Require", "sipdiag.require", "421: an option tag the server requires"),
        FIELD_STRING(hf_sipdiag_allow, "Allow", "sipdiag.allow", "405: a method the server allows"),
        FIELD_STRING(hf_sipdiag_accept, "Accept", "sipdiag.accept", "415: an acceptable body type"),
        FIELD_STRING(hf_sipdiag_accept_encoding, "Accept-Encoding", "sipdiag.accept_encoding",
                     "415: an acceptable body encoding"),
        FIELD_STRING(hf_sipdiag_accept_language, "Accept-Language", "sipdiag.accept_language",
                     "415: an acceptable language"),
        FIELD_STRING(hf_sipdiag_security_server, "Security-Server", "sipdiag.security_server",
                     "494: a security mechanism the server offers"),
        FIELD_STRING(hf_sipdiag_request_scheme, "Request-URI scheme", "sipdiag.request_scheme",
                     "416: the URI scheme of the request"),
        FIELD_UINT(hf_sipdiag_request_size, "Request size", "sipdiag.request_size",
                   "513: bytes of the request this response answers"),
        FIELD_STRING(hf_sipdiag_request_transport, "Request transport", "sipdiag.request_transport",
                     "513: UDP or a stream transport"),
        FIELD_STRING(hf_sipdiag_warning, "Warning", "sipdiag.warning", "One warning-value of a Warning header"),
        FIELD_UINT(hf_sipdiag_warning_code, "Warn-code", "sipdiag.warning.code", "The warn-code"),
        FIELD_STRING(hf_sipdiag_warning_agent, "Warn-agent", "sipdiag.warning.agent", "Who added the warning"),
        FIELD_STRING(hf_sipdiag_warning_text, "Warn-text", "sipdiag.warning.text", "The warning's text"),
        FIELD_STRING(hf_sipdiag_warning_meaning, "Meaning", "sipdiag.warning.meaning", "What the warn-code means"),
        FIELD_STRING(hf_sipdiag_warning_remedy, "Remedy", "sipdiag.warning.remedy", "What to check"),
        FIELD_BOOL(hf_sipdiag_warning_registered, "Registered warn-code", "sipdiag.warning.registered",
                   "Whether IANA registers the warn-code"),
        FIELD_STRING(hf_sipdiag_reason, "Reason", "sipdiag.reason", "One value of a Reason header"),
        FIELD_STRING(hf_sipdiag_reason_protocol, "Protocol", "sipdiag.reason.protocol", "Q.850, SIP..."),
        FIELD_UINT(hf_sipdiag_reason_cause, "Cause", "sipdiag.reason.cause", "The cause value"),
        FIELD_STRING(hf_sipdiag_reason_text, "Text", "sipdiag.reason.text", "The text parameter"),
        FIELD_STRING(hf_sipdiag_reason_name, "Cause name", "sipdiag.reason.name", "The Q.850 cause name"),
        FIELD_STRING(hf_sipdiag_reason_meaning, "Meaning", "sipdiag.reason.meaning", "What the cause means"),
        FIELD_STRING(hf_sipdiag_reason_remedy, "Remedy", "sipdiag.reason.remedy", "What to check"),
        FIELD_UINT(hf_sipdiag_reason_sip_code, "Maps to SIP", "sipdiag.reason.sip_code",
                   "The SIP response RFC 3398 section 7.2.4.1 maps this Q.850 cause to"),
    };

    static gint *ett[] = {
        &ett_sipdiag,
        &ett_sipdiag_treated_as,
        &ett_sipdiag_challenge,
        &ett_sipdiag_warning,
        &ett_sipdiag_reason,
    };

    static ei_register_info ei[] = {
        { &ei_sipdiag_response_chat,
          { "sipdiag.response.chat", PI_RESPONSE_CODE, PI_CHAT,
            "SIP provisional or successful response, or a retransmission", EXPFILL } },
        { &ei_sipdiag_response_note,
          { "sipdiag.response.note", PI_RESPONSE_CODE, PI_NOTE,
            "SIP redirection, or an expected failure (Digest challenge, CANCEL)", EXPFILL } },
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
        { &ei_sipdiag_malformed_value,
          { "sipdiag.malformed_value", PI_PROTOCOL, PI_WARN,
            "Empty or malformed header value", EXPFILL } },
        { &ei_sipdiag_bad_status_line,
          { "sipdiag.bad_status_line", PI_PROTOCOL, PI_WARN,
            "Status line whose code is not three digits: not dissected as SIP", EXPFILL } },
        { &ei_sipdiag_warn_code_unregistered,
          { "sipdiag.warning.unregistered", PI_RESPONSE_CODE, PI_NOTE,
            "Warn-code not registered at IANA", EXPFILL } },
    };

    proto_sipdiag = proto_register_protocol("SIP Response Diagnostics", "SIPDIAG", "sipdiag");
    /* The post-dissector runs under a helper protocol of sipdiag's (enabled
     * with it): Wireshark adds and removes a protocol layer around every
     * call to a real protocol's dissector, which cost a post-dissector that
     * has nothing to do in most frames about 500 instructions per frame. */
    proto_sipdiag_post = proto_register_protocol_in_name_only("SIP Response Diagnostics post-dissector",
        "SIPDIAG post-dissector", "sipdiag_post", proto_sipdiag, FT_PROTOCOL);
    proto_register_field_array(proto_sipdiag, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *expert_sipdiag = expert_register_protocol(proto_sipdiag);
    expert_register_field_array(expert_sipdiag, ei, array_length(ei));

    register_preferences();
    sipdiag_tap = register_tap("sipdiag");
    probe_tap = register_tap("sipdiag_probe");
    /* The SIP dissector looks it up in its handoff, which runs after this.
     * A handle without a protocol: Wireshark then calls it without adding
     * and removing a protocol layer for every response, which cost more than
     * the hook itself; note_status_phrase checks the protocol instead. */
    if (!find_dissector("sip.diagnostic"))
        register_dissector("sip.diagnostic", note_status_phrase, -1);
    register_init_routine(sipdiag_init);
    register_cleanup_routine(sipdiag_cleanup);
}

void
proto_reg_handoff_sipdiag(void)
{
    sipdiag_handle = create_dissector_handle(dissect_sipdiag, proto_sipdiag_post);
    register_postdissector(sipdiag_handle);
    heur_dissector_add("udp", note_undissected_status_line, "SIP status line the SIP dissector refused, over UDP",
                       "sipdiag_status_line_udp", -1, HEURISTIC_ENABLE);
    heur_dissector_add("tcp", note_undissected_status_line, "SIP status line the SIP dissector refused, over TCP",
                       "sipdiag_status_line_tcp", -1, HEURISTIC_ENABLE);
    heur_dissector_add("sctp", note_undissected_status_line, "SIP status line the SIP dissector refused, over SCTP",
                       "sipdiag_status_line_sctp", -1, HEURISTIC_ENABLE);
}
