/* sipdiag_find.h
 * Where SIP messages come from (Wireshark side): the sip_follow tap, the
 * reason-phrase hook and the status-line heuristic, and the first-pass
 * records that let every later pass find a message and its context again.
 * May call Wireshark and the plain-C parser and context; never builds a tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPDIAG_FIND_H
#define SIPDIAG_FIND_H

#include <wireshark.h>

#include <epan/packet.h>

#include "sipdiag_calls.h"
#include "sipdiag_compat.h"
#include "sipdiag_context.h"
#include "sipdiag_headers.h"
#include "sipdiag_icmp.h"
#include "sipdiag_pings.h"

/* Longer reason phrases are compared and shown up to this many bytes. */
#define MAX_PHRASE_BYTES 1024
/* Header blocks are read up to this many bytes from the start line. */
#define MAX_HEADER_BYTES 65536
/* "SIP/2.0 " precedes the status code on the status line. */
#define STATUS_LINE_PREFIX_LEN 8
/* A Status-Code is exactly three digits (RFC 3261 §7.2). */
#define STATUS_CODE_LEN 3

/*
 * One annotated message of a frame: a response, or a BYE/CANCEL with a
 * Reason.  Its position is recorded the first time the frame is dissected
 * with taps running (see sipdiag_messages_in_frame); later dissections, which may run
 * no taps and build no tree, read the message again from there.  The context
 * (what came before) is only known then, so it is kept.
 */
typedef enum {
    MSG_RESPONSE,
    MSG_REQUEST,
    MSG_BAD_STATUS_LINE, /* "SIP/2.0 " and a code Wireshark refused: not dissected as SIP */
    MSG_QUOTED           /* a request or response (code_start >= 0) an ICMP error quotes: not a sighting */
} message_kind_t;

typedef struct response_memo response_memo_t;

typedef struct {
    guint16 code;
    guint8 kind;           /* message_kind_t */
    guint32 source_index;  /* in pinfo->data_src */
    gint line_start;       /* first byte of the start line */
    gint code_start;       /* responses: the status code */
    guint32 quoted_frame;  /* MSG_QUOTED: the latest sighting of the message it quotes; 0: none */
    const response_memo_t *memo; /* responses */
    /* The call after this message, when it started or changed one (INVITE,
     * ACK, CANCEL, BYE and responses to INVITE and BYE); strings in file
     * scope, shared with the call's other messages.  NULL for the rest. */
    const sipdiag_call_state *call;
    /* The target of an OPTIONS ping after this ping or its first answer
     * (file scope); NULL for the rest. */
    const sipdiag_ping_target *ping;
} message_rec_t;

typedef struct {
    guint count;
    message_rec_t msg[];
} frame_messages_t;

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

/* Registration: sipdiag's protocol and its probe tap (see taps_running). */
void sipdiag_find_register(int proto, int probe_tap);
/* A new file: forgets the last one's records and state; FALSE when sipdiag
 * is disabled or the SIP dissector has no sip_follow tap. */
gboolean sipdiag_find_file_start(void);
void sipdiag_find_cleanup(void);

/* The hooks registered in the SIP, UDP, TCP and SCTP dissectors. */
int sipdiag_note_status_phrase(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data);
sipdiag_bool sipdiag_note_undissected_status_line(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                                  void *data);

/* The messages of this frame that get a subtree; *views their parse when
 * this call recorded them, else NULL. */
const frame_messages_t *sipdiag_messages_in_frame(packet_info *pinfo, tvbuff_t *frame_tvb,
                                                  message_view_t **views);
void sipdiag_view_message(packet_info *pinfo, const message_rec_t *rec, message_view_t *view);

/* The ICMP header in front of a MSG_QUOTED message (sipdiag_icmp_read). */
gboolean sipdiag_quoting_icmp(packet_info *pinfo, const message_rec_t *rec, sipdiag_icmp_header *out);
/* Where the datagram an ICMP error quotes was sent, as "address:port" (in
 * pinfo->pool); "" when the ICMP header was not found. */
const char *sipdiag_quoted_destination(packet_info *pinfo, const sipdiag_icmp_header *header);

/* The frame's absolute time in nanoseconds, as sightings keep it. */
static inline guint64
sipdiag_frame_time_ns(const packet_info *pinfo)
{
    return (guint64)pinfo->abs_ts.secs * G_GUINT64_CONSTANT(1000000000) + (guint64)pinfo->abs_ts.nsecs;
}

/* The transport the frame carried the message on (TLS and WebSocket ride on TCP). */
static inline sipdiag_carrier
carrier_of(const packet_info *pinfo)
{
    return pinfo->ptype == PT_UDP ? SIPDIAG_CARRIED_UDP
           : pinfo->ptype == PT_TCP ? SIPDIAG_CARRIED_TCP
           : pinfo->ptype == PT_SCTP ? SIPDIAG_CARRIED_SCTP : SIPDIAG_CARRIED_UNKNOWN;
}
gint sipdiag_offset_of(const message_view_t *view, sipdiag_str s);
/* The status line's place; its phrase too (else "") when with_phrase. */
void sipdiag_locate_status_line(packet_info *pinfo, const message_rec_t *rec, const message_view_t *view,
                                gboolean with_phrase, status_line_t *line);
/* Whether a recorded response repeats an earlier one (cheap: no context copied). */
gboolean sipdiag_rec_repeats(const message_rec_t *rec);
/* The latest snapshot of call serial recorded so far (after a complete
 * first pass: the call as the capture ends), or NULL. */
const sipdiag_call_state *sipdiag_call_latest(guint32 serial);
/* What came before a response, into *ctx; NULL when it was not recorded. */
/* The response's context as recorded on the first pass, rebuilt into *ctx
 * (its own time, time_ns, is the frame's); NULL when none was recorded. */
const sipdiag_response_context *sipdiag_context_of(const message_rec_t *rec, guint64 time_ns,
                                                   sipdiag_response_context *ctx);

#endif
