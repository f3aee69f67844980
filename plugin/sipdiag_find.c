/* sipdiag_find.c
 * Where SIP messages come from and the first-pass records (see
 * sipdiag_find.h).  May call Wireshark, the parser (sipdiag_headers) and
 * the context (sipdiag_context); decides nothing about a response.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <wireshark.h>

#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/prefs-int.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/address_types.h>
#include <epan/to_str.h>

#include "sipdiag_find.h"
#include "sipdiag_hint.h"
#include "sipdiag_table.h"

/* Transactions and dialogs kept per generation (two generations). */
#define MAX_STATE_ENTRIES 100000

static int proto_sipdiag = -1;
static int probe_tap = -1; /* see taps_running() */
static int sip_follow_tap = -1; /* where the SIP dissector hands over each message */
static int proto_icmp = -1, proto_icmpv6 = -1; /* a message in a frame of theirs is quoted */
static int proto_udp = -1, proto_tcp = -1, proto_sctp = -1;
static gboolean sip_strict_version = TRUE; /* the SIP preference strict_sip_version */

/* What came before, across the whole capture: rebuilt on every new file. */
static sipdiag_context *sipdiag_state;
/* Calls kept per generation (two generations), and each call's latest
 * snapshot, by serial, whose strings the next one shares when unchanged. */
#define MAX_CALLS 50000
static sipdiag_calls *calls_state;
static wmem_array_t *latest_call_memo; /* const sipdiag_call_state *, by serial - 1 */
/* OPTIONS pings per target (their address), at most this many targets. */
#define MAX_PING_TARGETS 1000
static sipdiag_pings *pings_state;

/* Each frame's recorded messages, by frame number, in pages allocated (in
 * file scope) as frames with SIP turn up: cheaper than p_add_proto_data's
 * per-frame list, which every packet would search. */
#define FRAME_PAGE_BITS 10
typedef struct {
    frame_messages_t *frame[1U << FRAME_PAGE_BITS];
} frame_page_t;
static wmem_array_t *frame_pages; /* frame_page_t *, by frame number >> FRAME_PAGE_BITS */
/* Frames are recorded in order; this is the latest that was. */
static guint32 newest_recorded_frame;

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
    guint32 nonce_challenge_frame;
    guint64 nonce_age_ns;
    guint32 latest_challenge_frame;
    guint8 identity;          /* sipdiag_identity_verdict of the request */
    guint8 bounced_error;     /* sipdiag_icmp_error, with bounced_frame */
    gint32 identity_delta;
    guint32 accepted_frame;
    gboolean nonce_in_phrase;
    guint32 dialog_rejected_frame;
    guint16 dialog_rejected_code;
    guint32 response_count; /* 1 unless the response was seen before */
    guint32 first_request_frame; /* unless request_frame (the request was seen on several hops) */
    guint32 final_frame;      /* a provisional after its transaction's final response */
    guint16 final_code;
    guint32 ack_frame;
    guint32 bounced_frame;    /* an ICMP error quoted an earlier copy */
    gboolean response_over_udp;
    const char *request_event;
    const char *sdp_comparison; /* a failed INVITE's offer against the other side's SDP */
    guint8 sdp_mismatch;
    guint32 sdp_offer_frame;
    guint32 sdp_other_frame;
    guint32 registered_frame;
    gboolean unregistered_at_registrar;
} memo_rare_t;

struct response_memo {
    guint64 request_time_ns;
    guint32 request_frame;
    guint32 last_request_frame;
    guint32 request_count;
    guint32 request_size;
    guint32 cancel_frame;
    guint32 original_frame;
    guint32 provisional_frame;
    guint16 provisional_code;
    guint8 request_over_udp;
    guint8 auth;    /* sipdiag_auth_outcome */
    guint8 dialog;  /* sipdiag_dialog_state */
    guint8 sip_scheme; /* the Request-URI scheme was "sip": rare->request_scheme unused */
    const memo_rare_t *rare; /* NULL: every field of it zero (scheme "sip" or "") */
};

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

void
sipdiag_view_message(packet_info *pinfo, const message_rec_t *rec, message_view_t *view)
{
    /* Not a memset: msg is 3 KB, and the parser sets what it reads. */
    view->tvb = NULL;
    view->start = 0;
    view->base = NULL;
    view->avail = 0;
    tvbuff_t *tvb = data_source_at(pinfo, rec->source_index);
    gint remaining = tvb && rec->line_start >= 0 ? tvb_captured_length_remaining(tvb, rec->line_start) : -1;
    if (remaining <= 0) {
        sipdiag_parse_message("", 0, &view->msg); /* an empty message: nothing to read */
        return;
    }
    view->tvb = tvb;
    view->start = rec->line_start;
    view->avail = (gsize)MIN(remaining, MAX_HEADER_BYTES);
    view->base = (const char *)tvb_get_ptr(tvb, rec->line_start, (gint)view->avail);
    sipdiag_parse_message(view->base, view->avail, &view->msg);
}

/* Offset in the data source of a slice of the viewed message. */
gint
sipdiag_offset_of(const message_view_t *view, sipdiag_str s)
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

/* The length of the phrase at phrase_start, within bound bytes: up to its
 * first CR or LF, else the bound, as tvb_find_line_end has it. */
static gint
phrase_length(const message_view_t *view, gint phrase_start, gint bound)
{
    gint next_offset;
    gint in_view = phrase_start - view->start;
    if (!view->base || in_view < 0 || (gsize)in_view + (gsize)bound > view->avail)
        return tvb_find_line_end(view->tvb, phrase_start, bound, &next_offset, FALSE);
    /* The viewed bytes hold the whole range: no tvb_find_line_end set-up. */
    const char *from = view->base + in_view;
    const char *cr = (const char *)memchr(from, '\r', (size_t)bound);
    const char *lf = (const char *)memchr(from, '\n', cr ? (size_t)(cr - from) : (size_t)bound);
    return lf ? (gint)(lf - from) : cr ? (gint)(cr - from) : bound;
}

void
sipdiag_locate_status_line(packet_info *pinfo, const message_rec_t *rec, const message_view_t *view,
                           gboolean with_phrase, status_line_t *line)
{
    memset(line, 0, sizeof *line);
    if (!view->tvb || tvb_captured_length_remaining(view->tvb, rec->code_start) < STATUS_CODE_LEN)
        return;
    /* The SIP dissector only accepts a status code followed by one space. */
    line->phrase_start = rec->code_start + STATUS_CODE_LEN + 1;
    line->phrase = "";
    gint remaining = tvb_captured_length_remaining(view->tvb, line->phrase_start);
    if (remaining > 0) {
        gint to_eol = phrase_length(view, line->phrase_start, MIN(remaining, MAX_PHRASE_BYTES));
        line->phrase_len = MAX(to_eol, 0);
        if (with_phrase)
            line->phrase = registered_phrase_at(view->tvb, line->phrase_start, line->phrase_len, rec->code);
        if (with_phrase && !line->phrase)
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
 * at the same place again.  first: the tap's first message (fetched by
 * the caller, to tell frames without SIP at once). */
static void
add_tapped_messages(packet_info *pinfo, const void *first, found_list_t *found)
{
    const void *tapped = first;
    for (int i = 1; tapped != NULL; tapped = fetch_tapped_data(sip_follow_tap, i++)) {
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

/* The latest frame the hooks noted something for: the other frames have
 * nothing to look up (p_get_proto_data searches a list). */
static guint32 latest_noted_frame;

static void
note_tvb(packet_info *pinfo, gboolean phrase, tvbuff_t *tvb)
{
    latest_noted_frame = pinfo->num;
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
sipdiag_bool
sipdiag_note_undissected_status_line(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree _U_, void *data _U_)
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
int
sipdiag_note_status_phrase(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree _U_, void *data _U_)
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

static guint64 address_key(const address *addr, guint32 port);

/* One end of a hop: its address key (the port again, for a missing address). */
static guint64
end_hash(guint64 key, guint32 port)
{
    guint64 h = (key ^ port) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
    return h ^ (h >> 29);
}

/* Only a request's size is kept (for 513): a response's is left at 0. */

static sipdiag_sighting
sighting_of(packet_info *pinfo, const message_view_t *view, gboolean with_size)
{
    sipdiag_sighting seen;
    unsigned long content_length = 0;
    seen.frame = pinfo->num;
    seen.time_ns = sipdiag_frame_time_ns(pinfo);
    seen.size = 0;
    if (with_size) {
        sipdiag_parse_uint(sipdiag_header(&view->msg, SIPDIAG_HDR_CONTENT_LENGTH), G_MAXUINT16, &content_length);
        seen.size = (guint32)(view->msg.header_len + content_length);
    }
    seen.over_udp = pinfo->ptype == PT_UDP;
    /* The hop: a resent message is seen between the same two addresses; the
     * same either way, so that a response is paired with its request's hop. */
    seen.source = address_key(&pinfo->src, pinfo->srcport);
    seen.hop = (end_hash(seen.source, pinfo->srcport)
                + end_hash(address_key(&pinfo->dst, pinfo->destport), pinfo->destport)) ^ (guint64)pinfo->ptype;
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
           || ctx->auth_username || ctx->auth_realm || ctx->dialog_frame || ctx->dialog_end_frame
           || ctx->nonce_challenge_frame || ctx->latest_challenge_frame || ctx->accepted_frame || ctx->nonce_in_phrase
           || ctx->dialog_rejected_frame || ctx->response_count != 1 || ctx->ack_frame || ctx->request_event
           || ctx->identity != SIPDIAG_IDENTITY_ABSENT || ctx->first_request_frame != ctx->request_frame
           || ctx->final_frame || ctx->sdp_comparison || ctx->registered_frame
           || ctx->unregistered_at_registrar || ctx->bounced_frame;
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
    rare->nonce_challenge_frame = ctx->nonce_challenge_frame;
    rare->nonce_age_ns = ctx->nonce_age_ns;
    rare->latest_challenge_frame = ctx->latest_challenge_frame;
    rare->accepted_frame = ctx->accepted_frame;
    rare->nonce_in_phrase = ctx->nonce_in_phrase;
    rare->dialog_rejected_frame = ctx->dialog_rejected_frame;
    rare->dialog_rejected_code = (guint16)ctx->dialog_rejected_code;
    rare->response_count = ctx->response_count;
    rare->first_request_frame = ctx->first_request_frame;
    rare->final_frame = ctx->final_frame;
    rare->final_code = (guint16)ctx->final_code;
    rare->ack_frame = ctx->ack_frame;
    rare->bounced_frame = ctx->bounced_frame;
    rare->bounced_error = (guint8)ctx->bounced_error;
    rare->response_over_udp = ctx->response_over_udp;
    rare->request_event = file_strdup(ctx->request_event);
    rare->identity = (guint8)ctx->identity;
    rare->identity_delta = ctx->identity_delta;
    rare->sdp_comparison = file_strdup(ctx->sdp_comparison);
    rare->sdp_mismatch = ctx->sdp_mismatch;
    rare->sdp_offer_frame = ctx->sdp_offer_frame;
    rare->sdp_other_frame = ctx->sdp_other_frame;
    rare->registered_frame = ctx->registered_frame;
    rare->unregistered_at_registrar = ctx->unregistered_at_registrar;
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
    memo->provisional_frame = ctx->provisional_frame;
    memo->provisional_code = (guint16)ctx->provisional_code;
    memo->request_over_udp = ctx->request_over_udp;
    memo->auth = (guint8)ctx->auth;
    memo->dialog = (guint8)ctx->dialog;
    memo->sip_scheme = sip_scheme;
    memo->rare = rare_of(ctx, sip_scheme);
    return memo;
}

gboolean
sipdiag_rec_repeats(const message_rec_t *rec)
{
    return rec->memo && rec->memo->original_frame != 0;
}

const sipdiag_response_context *
sipdiag_context_of(const message_rec_t *rec, guint64 time_ns, sipdiag_response_context *ctx)
{
    static const memo_rare_t no_rare;
    const response_memo_t *memo = rec->memo;
    if (!memo)
        return NULL;
    const memo_rare_t *rare = memo->rare ? memo->rare : &no_rare;
    memset(ctx, 0, sizeof *ctx);
    ctx->request_frame = memo->request_frame;
    ctx->request_time_ns = memo->request_time_ns;
    ctx->response_time_ns = time_ns;
    ctx->request_count = memo->request_count;
    ctx->last_request_frame = memo->last_request_frame;
    ctx->request_size = memo->request_size;
    ctx->request_over_udp = memo->request_over_udp;
    if (memo->sip_scheme)
        memcpy(ctx->request_scheme, "sip", sizeof "sip"); /* most requests */
    else
        (void)g_strlcpy(ctx->request_scheme, rare->request_scheme, sizeof ctx->request_scheme);
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
    ctx->provisional_code = memo->provisional_code;
    ctx->provisional_frame = memo->provisional_frame;
    ctx->nonce_challenge_frame = rare->nonce_challenge_frame;
    ctx->nonce_age_ns = rare->nonce_age_ns;
    ctx->latest_challenge_frame = rare->latest_challenge_frame;
    ctx->accepted_frame = rare->accepted_frame;
    ctx->identity = (sipdiag_identity_verdict)rare->identity;
    ctx->identity_delta = rare->identity_delta;
    ctx->nonce_in_phrase = rare->nonce_in_phrase;
    ctx->dialog_rejected_frame = rare->dialog_rejected_frame;
    ctx->dialog_rejected_code = rare->dialog_rejected_code;
    ctx->response_count = memo->rare ? rare->response_count : 1;
    ctx->first_request_frame = memo->rare ? rare->first_request_frame : memo->request_frame;
    ctx->final_frame = rare->final_frame;
    ctx->final_code = rare->final_code;
    ctx->ack_frame = rare->ack_frame;
    ctx->bounced_frame = rare->bounced_frame;
    ctx->bounced_error = rare->bounced_error;
    ctx->response_over_udp = rare->response_over_udp;
    ctx->request_event = rare->request_event;
    ctx->sdp_comparison = rare->sdp_comparison;
    ctx->sdp_mismatch = rare->sdp_mismatch;
    ctx->sdp_offer_frame = rare->sdp_offer_frame;
    ctx->sdp_other_frame = rare->sdp_other_frame;
    ctx->registered_frame = rare->registered_frame;
    ctx->unregistered_at_registrar = rare->unregistered_at_registrar;
    return ctx;
}

static const response_memo_t *
observe_response(const sipdiag_sighting *seen, const message_view_t *view, guint32 code,
                 sipdiag_response_context *now)
{
    sipdiag_context_response(sipdiag_state, seen, &view->msg, code, now);
    return memo_of(now);
}

/* ---- Calls -------------------------------------------------------------- */

/* IPv6 addresses as address_to_str_buf writes them, the latest few kept by
 * their last bytes: writing one costs about 3,000 instructions, and the same
 * few senders answer call after call. */
#define IPV6_TEXTS 16
#define IPV6_LEN 16
static struct {
    guint8 bytes[IPV6_LEN];
    gboolean kept;
    char text[64];
} ipv6_texts[IPV6_TEXTS];

static void
ipv6_text(const address *addr, char *buf, size_t size)
{
    const guint8 *bytes = (const guint8 *)addr->data;
    guint slot = (bytes[IPV6_LEN - 1] ^ bytes[IPV6_LEN - 2]) % IPV6_TEXTS;
    if (!ipv6_texts[slot].kept || memcmp(ipv6_texts[slot].bytes, bytes, IPV6_LEN) != 0) {
        address_to_str_buf(addr, ipv6_texts[slot].text, (int)sizeof ipv6_texts[slot].text);
        memcpy(ipv6_texts[slot].bytes, bytes, IPV6_LEN);
        ipv6_texts[slot].kept = TRUE;
    }
    (void)g_strlcpy(buf, ipv6_texts[slot].text, size);
}

/* An address and port as "address:port" ("[address]:port" for IPv6), in
 * pinfo->pool. */
static const char *
address_port_text(packet_info *pinfo, const address *addr, guint32 port_number)
{
    char address[128];
    char port[8];
    if (addr->type == AT_IPv4 && addr->len == 4) {
        /* Dotted decimal, as address_to_str_buf writes it, without going
         * through the address types: most senders are IPv4. */
        const guint8 *octets = (const guint8 *)addr->data;
        char *out = address;
        for (int i = 0; i < 4; i++) {
            guint8 octet = octets[i];
            if (i)
                *out++ = '.';
            if (octet >= 100)
                *out++ = (char)('0' + octet / 100);
            if (octet >= 10)
                *out++ = (char)('0' + octet / 10 % 10);
            *out++ = (char)('0' + octet % 10);
        }
        *out = '\0';
    } else if (addr->type == AT_IPv6 && addr->len == IPV6_LEN) {
        ipv6_text(addr, address, sizeof address);
    } else {
        address_to_str_buf(addr, address, (int)sizeof address);
    }
    /* No printf: a call's first INVITE and every final response ask for it. */
    guint32 value = port_number;
    size_t at = sizeof port - 1;
    port[at] = '\0';
    do {
        port[--at] = (char)('0' + value % 10);
        value /= 10;
    } while (value && at > 0);
    gboolean v6 = addr->type == AT_IPv6;
    size_t address_len = strlen(address);
    size_t port_len = sizeof port - at; /* with its NUL */
    char *text = (char *)wmem_alloc(pinfo->pool, address_len + port_len + 3);
    char *end = text;
    if (v6)
        *end++ = '[';
    memcpy(end, address, address_len + 1); /* its NUL is overwritten next */
    end += address_len;
    if (v6)
        *end++ = ']';
    *end++ = ':';
    memcpy(end, port + at, port_len);
    return text;
}

/* The sender as "address:port". */
static const char *
source_text(void *ctx)
{
    packet_info *pinfo = (packet_info *)ctx;
    return address_port_text(pinfo, &pinfo->src, pinfo->srcport);
}

/* An address and port as a key for the tracker (equal keys: the same
 * address and port), so that it compares senders and receivers without
 * formatting them: IPv4 and port exactly, other addresses hashed with their
 * type and port; 0 when there is no address. */
static guint64
address_key(const address *addr, guint32 port)
{
    if (addr->len <= 0 || !addr->data)
        return 0;
    if (addr->type == AT_IPv4 && addr->len == 4) {
        guint32 ip;
        memcpy(&ip, addr->data, sizeof ip);
        return G_GUINT64_CONSTANT(1) << 56 | (guint64)ip << 16 | (guint64)(port & 0xffff);
    }
    sipdiag_str bytes = { (const char *)addr->data, (size_t)addr->len };
    guint64 h = sipdiag_hash_more((guint64)addr->type << 40 | port, bytes, bytes.len); /* eight bytes at a time */
    return h | G_GUINT64_CONSTANT(1) << 63; /* never 0, never an IPv4 key */
}

/* Bytes file_strdups needs for the n strings at from[]; "" is not copied. */
static gsize
strdups_size(const char **from, gsize *lens, guint n)
{
    gsize total = 0;
    for (guint i = 0; i < n; i++) {
        lens[i] = from[i] && from[i][0] ? strlen(from[i]) + 1 : 0;
        total += lens[i];
    }
    return total;
}

/* Copies the n strings at from[] into block, which holds strdups_size bytes. */
static char *
file_strdups(const char **from, const gsize *lens, const char **to, guint n, char *block)
{
    for (guint i = 0; i < n; i++) {
        if (!lens[i]) {
            to[i] = from[i] ? "" : NULL;
            continue;
        }
        memcpy(block, from[i], lens[i]);
        to[i] = block;
        block += lens[i];
    }
    return block;
}

/* Each call's latest memo, by serial (calls are numbered from 1 in start order). */
static const sipdiag_call_state *
latest_memo(guint32 serial)
{
    if (!latest_call_memo || serial == 0 || serial > wmem_array_get_count(latest_call_memo))
        return NULL;
    return *(const sipdiag_call_state **)wmem_array_index(latest_call_memo, serial - 1);
}

static void
set_latest_memo(guint32 serial, const sipdiag_call_state *memo)
{
    while (wmem_array_get_count(latest_call_memo) < serial) {
        const sipdiag_call_state *none = NULL;
        wmem_array_append_one(latest_call_memo, none);
    }
    *(const sipdiag_call_state **)wmem_array_index(latest_call_memo, serial - 1) = memo;
}

/* The call as a later pass shows it: a copy of the tracker's snapshot whose
 * strings are the call's previous snapshot's, unless they changed here. */
static const sipdiag_call_state *
call_memo_of(const sipdiag_call_state *now)
{
    const sipdiag_call_state *previous = latest_memo(now->serial);
    gboolean new_ids = !previous || now->new_call;
    gboolean new_texts = new_ids || now->texts_changed;
    const char *ids[] = { now->call_id, now->from_user, now->to_user };
    const char *texts[] = { now->responder, now->agent, now->warning, now->reason, now->why, now->icmp_target };
    gsize id_lens[G_N_ELEMENTS(ids)];
    gsize text_lens[G_N_ELEMENTS(texts)];
    gsize strings = (new_ids ? strdups_size(ids, id_lens, G_N_ELEMENTS(ids)) : 0)
                    + (new_texts ? strdups_size(texts, text_lens, G_N_ELEMENTS(texts)) : 0);
    /* The memo and the strings it does not share with the call's previous
     * one, in one block. */
    sipdiag_call_state *memo = (sipdiag_call_state *)wmem_alloc(wmem_file_scope(), sizeof *memo + strings);
    char *block = (char *)(memo + 1);
    *memo = *now;
    if (new_ids) {
        const char *to[G_N_ELEMENTS(ids)];
        block = file_strdups(ids, id_lens, to, G_N_ELEMENTS(ids), block);
        memo->call_id = to[0];
        memo->from_user = to[1];
        memo->to_user = to[2];
    } else {
        memo->call_id = previous->call_id;
        memo->from_user = previous->from_user;
        memo->to_user = previous->to_user;
    }
    if (new_texts) {
        const char *to[G_N_ELEMENTS(texts)];
        (void)file_strdups(texts, text_lens, to, G_N_ELEMENTS(texts), block);
        memo->responder = to[0];
        memo->agent = to[1];
        memo->warning = to[2];
        memo->reason = to[3];
        memo->why = to[4];
        memo->icmp_target = to[5];
    } else {
        memo->responder = previous->responder;
        memo->agent = previous->agent;
        memo->warning = previous->warning;
        memo->reason = previous->reason;
        memo->why = previous->why;
        memo->icmp_target = previous->icmp_target;
    }
    set_latest_memo(now->serial, memo);
    return memo;
}

const sipdiag_call_state *
sipdiag_call_latest(guint32 serial)
{
    return latest_memo(serial);
}

/* What failure_hint needs to make a response's hint. */
typedef struct {
    guint32 code;
    const sipdiag_message *msg;
    const sipdiag_response_context *ctx;
    sipdiag_hint hint;
} failure_t;

/* A final failure's hint, for the call verdict: the same sentence the
 * response's Hint shows. */
static const char *
failure_hint(void *data, bool *decisive)
{
    failure_t *failure = (failure_t *)data;
    sipdiag_verdict verdict;
    memset(&verdict, 0, sizeof verdict);
    verdict.code = failure->code;
    sipdiag_response_hint(&verdict, failure->msg, failure->ctx, &failure->hint);
    *decisive = failure->hint.says_why;
    return failure->hint.text;
}

/* Only INVITE, ACK, CANCEL, BYE and the responses to INVITE and BYE get
 * past sipdiag_calls_observe's first test (sipdiag_calls_wants): the rest
 * cost a method comparison. */
/* A message an ICMP error quoted, as the tracker takes it. */
typedef struct {
    sipdiag_icmp_error error;
    const char *destination; /* the quoted datagram's, as text */
} quoted_t;

/* The tracker's sighting and message for this one; quoted: it came back in
 * an ICMP error (not a sighting).  The only call of sipdiag_calls_observe,
 * so that the compiler inlines it here. */
static void
observe_call(packet_info *pinfo, message_rec_t *rec, const message_view_t *view, const sipdiag_sighting *seen,
             const sipdiag_response_context *ctx, const quoted_t *quoted)
{
    if (!calls_state)
        return;
    sipdiag_call_sighting call_seen = { seen->frame, seen->time_ns, NULL, source_text, pinfo, seen->source, 0, 0, 0,
                                        seen->over_udp && seen->size > 1300 };
    failure_t failure; /* its hint is made only if asked for */
    failure.code = rec->code;
    failure.msg = &view->msg;
    failure.ctx = ctx;
    /* a failure's hint, or an unusable 2xx's (most 2xx have none: not worked out for them) */
    gboolean why = ctx && !ctx->original_frame && (rec->code >= 300 || sipdiag_response_unusable(rec->code, &view->msg));
    sipdiag_call_message m = { &view->msg, rec->code, ctx ? ctx->auth : SIPDIAG_AUTH_NONE, why ? failure_hint : NULL,
                               &failure, quoted != NULL, quoted ? quoted->error : 0 };
    if (quoted) {
        call_seen.source = quoted->destination;
        call_seen.source_of = NULL;
    } else if (view->msg.is_request) { /* only a new call's INVITE uses it */
        call_seen.destination_key = address_key(&pinfo->dst, pinfo->destport);
        if (sipdiag_str_equal_nocase(view->msg.method, "INVITE"))
            (void)sipdiag_context_last_response_from(sipdiag_state, call_seen.destination_key,
                                                      &call_seen.destination_answered_frame,
                                                      &call_seen.destination_answered_ns);
    }
    sipdiag_call_state now;
    if (sipdiag_calls_observe(calls_state, &call_seen, &m, &now))
        rec->call = call_memo_of(&now);
}

/* ---- OPTIONS pings ------------------------------------------------------ */

const char *
sipdiag_quoted_destination(packet_info *pinfo, const sipdiag_icmp_header *header)
{
    address quoted;
    if (header->ip_version == 4)
        set_address(&quoted, AT_IPv4, 4, header->destination);
    else if (header->ip_version == 6)
        set_address(&quoted, AT_IPv6, 16, header->destination);
    else
        return "";
    return address_port_text(pinfo, &quoted, header->destination_port);
}

/* A ping's destination, or an answer's source, as "address:port". */
static const char *
ping_address(void *ctx, bool destination)
{
    packet_info *pinfo = (packet_info *)ctx;
    return destination ? address_port_text(pinfo, &pinfo->dst, pinfo->destport)
                       : address_port_text(pinfo, &pinfo->src, pinfo->srcport);
}

/* OPTIONS and, once one was seen, the responses to OPTIONS: every other
 * message costs one method comparison (a request) or nothing (a response
 * before the first OPTIONS). */
static void
observe_ping(packet_info *pinfo, message_rec_t *rec, const message_view_t *view, guint32 code)
{
    if (!pings_state || !sipdiag_pings_wants(pings_state, &view->msg))
        return;
    sipdiag_ping_sighting seen = { pinfo->num, sipdiag_frame_time_ns(pinfo), ping_address, pinfo };
    sipdiag_ping_target now;
    if (sipdiag_pings_observe(pings_state, &seen, &view->msg, code, &now))
        rec->ping = (const sipdiag_ping_target *)wmem_memdup(wmem_file_scope(), &now, sizeof now);
}

/* ---- Messages quoted in ICMP errors ------------------------------------- */

/* Whether the frame's SIP sits in an ICMP error (the layers before its
 * first transport include ICMP): what the error quotes was sent once
 * already, so it is no sighting of its own (RFC 3261 §18.4). */
static gboolean
quoted_in_icmp(packet_info *pinfo)
{
    for (wmem_list_frame_t *layer = wmem_list_head(pinfo->layers); layer; layer = wmem_list_frame_next(layer)) {
        int proto = GPOINTER_TO_INT(wmem_list_frame_data(layer));
        if (proto == proto_udp || proto == proto_tcp || proto == proto_sctp)
            return FALSE;
        if (proto == proto_icmp || proto == proto_icmpv6)
            return TRUE;
    }
    return FALSE;
}

/* Before a quoted UDP payload: at least an IPv4 header, ICMP's 8 bytes, the
 * quoted IPv4 header and the UDP header (more for IPv6). */
#define MIN_QUOTED_OFFSET (20 + 8 + 20 + 8)

/* The messages an ICMP error quotes.  Their offset and the bytes before
 * them are checked first (most frames fail there, without a function call
 * per layer); the frame's layers confirm, as bytes alone can mistake an
 * Ethernet header for ICMP. */
static void
mark_quoted(packet_info *pinfo, tvbuff_t *frame_tvb, found_list_t *found)
{
    for (guint i = 0; i < found->len; i++) {
        found_t *f = &found->items[i];
        sipdiag_icmp_header header;
        if (f->line_start < MIN_QUOTED_OFFSET || f->kind == MSG_BAD_STATUS_LINE || f->source_index != 0
            || tvb_captured_length(frame_tvb) < (guint)f->line_start
            || !sipdiag_icmp_read(tvb_get_ptr(frame_tvb, 0, f->line_start), (size_t)f->line_start, &header))
            continue;
        if (!quoted_in_icmp(pinfo))
            return;
        f->kind = MSG_QUOTED;
    }
}

gboolean
sipdiag_quoting_icmp(packet_info *pinfo, const message_rec_t *rec, sipdiag_icmp_header *out)
{
    tvbuff_t *tvb = data_source_at(pinfo, rec->source_index);
    if (!tvb || rec->line_start <= 0 || tvb_captured_length(tvb) < (guint)rec->line_start)
        return sipdiag_icmp_read(NULL, 0, out);
    return sipdiag_icmp_read(tvb_get_ptr(tvb, 0, rec->line_start), (size_t)rec->line_start, out);
}

/* The quoted datagram's hop, as sighting_of makes a hop, from the quoted
 * headers: the frame's addresses are the ICMP error's, and so are its
 * ports and port type from Wireshark 4.2 on. */
static guint64
quoted_hop(const sipdiag_icmp_header *header)
{
    address source;
    address destination;
    address_type type = header->ip_version == 6 ? AT_IPv6 : AT_IPv4;
    int len = header->ip_version == 6 ? 16 : 4;
    set_address(&source, type, len, header->source);
    set_address(&destination, type, len, header->destination);
    return (end_hash(address_key(&source, header->source_port), header->source_port)
            + end_hash(address_key(&destination, header->destination_port), header->destination_port))
           ^ (guint64)PT_UDP;
}

/* A response an ICMP error quotes tells the context (its resends say so);
 * an INVITE or a 2xx to one tells its call, an OPTIONS ping its target. */
static void
observe_quoted(packet_info *pinfo, message_rec_t *rec, const message_view_t *view)
{
    sipdiag_icmp_header header;
    if (!sipdiag_quoting_icmp(pinfo, rec, &header))
        return;
    sipdiag_icmp_error error = sipdiag_icmp_error_of(&header);
    sipdiag_sighting seen = { pinfo->num, sipdiag_frame_time_ns(pinfo), 0, TRUE, quoted_hop(&header), 0 };
    rec->quoted_frame = sipdiag_context_quoted(sipdiag_state, &seen, &view->msg, rec->code, error,
                                               sipdiag_icmp_is_failure(error));
    const char *destination = sipdiag_quoted_destination(pinfo, &header);
    quoted_t quoted = { error, destination };
    observe_call(pinfo, rec, view, &seen, NULL, &quoted);
    sipdiag_ping_target target;
    if (pings_state && sipdiag_pings_quoted(pings_state, &view->msg, destination, pinfo->num, error, &target))
        rec->ping = (const sipdiag_ping_target *)wmem_memdup(wmem_file_scope(), &target, sizeof target);
}

/* Feeds one message, parsed into *view, to the state; TRUE when it gets a subtree. */
static gboolean
observe_message(packet_info *pinfo, message_rec_t *rec, message_view_t *view)
{
    sipdiag_hint hint;

    if (rec->kind == MSG_BAD_STATUS_LINE)
        return TRUE;
    sipdiag_view_message(pinfo, rec, view);
    if (!view->tvb)
        return rec->kind == MSG_RESPONSE || rec->kind == MSG_QUOTED; /* annotated even so */
    sipdiag_read_branch(&view->msg); /* for the context and both trackers */
    if (rec->kind == MSG_QUOTED) {
        observe_quoted(pinfo, rec, view);
        return TRUE;
    }
    if (rec->kind == MSG_RESPONSE) {
        if (rec->code == 401 || rec->code == 407) /* for the context and the hint */
            sipdiag_read_auth(&view->msg, rec->code == 401 ? SIPDIAG_HDR_WWW_AUTHENTICATE
                                                           : SIPDIAG_HDR_PROXY_AUTHENTICATE);
        sipdiag_response_context now;
        sipdiag_sighting seen = sighting_of(pinfo, view, FALSE);
        rec->memo = observe_response(&seen, view, rec->code, &now);
        observe_call(pinfo, rec, view, &seen, &now, NULL);
        observe_ping(pinfo, rec, view, rec->code);
        return TRUE;
    }
    sipdiag_sighting seen = sighting_of(pinfo, view, TRUE);
    sipdiag_context_request(sipdiag_state, &seen, &view->msg);
    observe_call(pinfo, rec, view, &seen, NULL, NULL);
    observe_ping(pinfo, rec, view, 0);
    return sipdiag_request_hint(&view->msg, (int64_t)pinfo->abs_ts.secs, carrier_of(pinfo), &hint) || rec->call || rec->ping;
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
record_messages(packet_info *pinfo, tvbuff_t *frame_tvb, const void *first_tapped, message_view_t **views)
{
    found_list_t found;
    found.items = found.on_stack;
    found.len = 0;
    found.room = FOUND_ON_STACK;
    add_tapped_messages(pinfo, first_tapped, &found);
    guint tapped = found.len;
    /* A frame with SIP messages holds no undissected status line, unless it
     * is cut short: then a response may have missed the tap. */
    const noted_t *noted = latest_noted_frame == pinfo->num
                           && (tapped == 0 || tvb_captured_length(frame_tvb) < tvb_reported_length(frame_tvb))
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
    /* What ICMP quotes of a TCP segment holds no SIP (an ICMP frame's port
     * type is the quoted UDP's up to Wireshark 4.0, the ICMP's from 4.2 on),
     * and the first message starts first (sorted). */
    if (pinfo->ptype != PT_TCP && found.items[0].line_start >= MIN_QUOTED_OFFSET)
        mark_quoted(pinfo, frame_tvb, &found);

    /* Not zeroed: each kept record is written whole below. */
    frame_messages_t *frame = (frame_messages_t *)wmem_alloc(wmem_file_scope(),
        sizeof(frame_messages_t) + found.len * sizeof(message_rec_t));
    frame->count = 0;
    /* A frame's one message (most frames) parsed into a view kept for it,
     * without an allocation: the views last only as long as this dissection. */
    static message_view_t one_view;
    *views = found.len == 1 ? &one_view : wmem_alloc_array(pinfo->pool, message_view_t, found.len);
    for (guint i = 0; i < found.len; i++) {
        const found_t *f = &found.items[i];
        message_rec_t *rec = &frame->msg[frame->count];
        rec->kind = (guint8)f->kind;
        rec->source_index = f->source_index;
        rec->line_start = f->line_start;
        rec->code_start = f->code_start;
        rec->code = (guint16)f->code;
        rec->memo = NULL;
        rec->call = NULL; /* the slot may hold a message that was not kept */
        rec->ping = NULL;
        rec->quoted_frame = 0;
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
const frame_messages_t *
sipdiag_messages_in_frame(packet_info *pinfo, tvbuff_t *frame_tvb, message_view_t **views)
{
    frame_messages_t **slot = recorded_slot(pinfo->num, FALSE);
    frame_messages_t *recorded = slot ? *slot : NULL;
    *views = NULL;
    if (recorded || pinfo->num <= newest_recorded_frame || !sipdiag_state)
        return recorded;
    /* Most frames of most captures hold no SIP: nothing tapped, nothing noted. */
    const void *first_tapped = fetch_tapped_data(sip_follow_tap, 0);
    if (!first_tapped && latest_noted_frame != pinfo->num)
        return NULL;
    return record_messages(pinfo, frame_tvb, first_tapped, views);
}

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

void
sipdiag_find_register(int proto, int probe)
{
    proto_sipdiag = proto;
    probe_tap = probe;
}

/* The protocols quoted_in_icmp looks for among a frame's layers. */
static void
find_layer_protocols(void)
{
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    proto_udp = proto_get_id_by_filter_name("udp");
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_sctp = proto_get_id_by_filter_name("sctp");
}

gboolean
sipdiag_find_file_start(void)
{
    sipdiag_context_free(sipdiag_state);
    sipdiag_state = NULL;
    sipdiag_calls_free(calls_state);
    calls_state = NULL;
    latest_call_memo = NULL;
    sipdiag_pings_free(pings_state);
    pings_state = NULL;
    frame_pages = NULL; /* the file scope that held them is gone */
    newest_recorded_frame = 0;
    gboolean enabled = sipdiag_enabled();
    sip_follow_tap = find_tap_id("sip_follow");
    find_layer_protocols();
    listen_to_sip(enabled && sip_follow_tap >= 0);
    if (!enabled || sip_follow_tap < 0)
        return FALSE;
    module_t *sip_module = prefs_find_module("sip");
    pref_t *strict = sip_module ? prefs_find_preference(sip_module, "strict_sip_version") : NULL;
    sip_strict_version = strict ? prefs_get_bool_value(strict, pref_current) : TRUE;
    sipdiag_state = sipdiag_context_new(MAX_STATE_ENTRIES);
    calls_state = sipdiag_calls_new(MAX_CALLS);
    latest_call_memo = wmem_array_new(wmem_file_scope(), sizeof(const sipdiag_call_state *));
    pings_state = sipdiag_pings_new(MAX_PING_TARGETS);
    return TRUE;
}

void
sipdiag_find_cleanup(void)
{
    sipdiag_context_free(sipdiag_state);
    sipdiag_state = NULL;
    sipdiag_calls_free(calls_state);
    calls_state = NULL;
    latest_call_memo = NULL;
    sipdiag_pings_free(pings_state);
    pings_state = NULL;
    frame_pages = NULL;
}
