/*
 * sipdiag_sdp.h: the SDP of a message body (RFC 8866), read for what a
 * 488/606/415/380 or a failed re-INVITE refused: per m= line the media,
 * port, transport, payload types and their codecs (rtpmap, or RFC 3551's
 * static types), ptime, direction, SDES crypto (RFC 4568), DTLS fingerprint
 * (RFC 8122) and T.38 (image udptl); and an offer/answer comparison
 * (RFC 3264) naming the mismatch.  Plain C; fixed-size results, nothing
 * allocated, every loop bounded by the body.
 */
#ifndef SIPDIAG_SDP_H
#define SIPDIAG_SDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sipdiag_headers.h"

#define SIPDIAG_SDP_MAX_MEDIA 6     /* m= lines kept */
#define SIPDIAG_SDP_MAX_FORMATS 16  /* formats kept per m= line */
#define SIPDIAG_SDP_MAX_PARTS 8     /* multipart body parts looked at */

typedef enum {
    SIPDIAG_SDP_DIR_UNSET,
    SIPDIAG_SDP_SENDRECV,
    SIPDIAG_SDP_SENDONLY,
    SIPDIAG_SDP_RECVONLY,
    SIPDIAG_SDP_INACTIVE
} sipdiag_sdp_direction;

typedef struct {
    sipdiag_str fmt;       /* as on the m= line: "0", "101", "t38" */
    sipdiag_str encoding;  /* from a=rtpmap, without its /rate; empty when none */
} sipdiag_sdp_format;

typedef struct {
    sipdiag_str media;     /* audio, video, image, application... */
    unsigned long port;    /* 0: the stream is refused or disabled */
    sipdiag_str proto;     /* RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, udptl... */
    sipdiag_sdp_format formats[SIPDIAG_SDP_MAX_FORMATS];
    unsigned format_count; /* kept */
    bool formats_cut;      /* more than SIPDIAG_SDP_MAX_FORMATS */
    bool has_ptime;
    unsigned long ptime;
    sipdiag_sdp_direction direction; /* its own a= line, or UNSET */
    bool crypto;           /* a=crypto */
    bool fingerprint;      /* a=fingerprint here or at session level */
    bool hold_address;     /* its own c= line is 0.0.0.0 (RFC 2543 hold, RFC 3264 §8.4) */
} sipdiag_sdp_media;

typedef struct {
    bool valid;            /* starts with v=0 and has at least one m= line that parses */
    sipdiag_sdp_direction session_direction;
    bool session_hold_address; /* the session c= line is 0.0.0.0 */
    sipdiag_sdp_media media[SIPDIAG_SDP_MAX_MEDIA];
    unsigned media_count;  /* kept */
    bool media_cut;        /* more m= lines than kept */
    const char *error;     /* what did not parse first, or NULL */
} sipdiag_sdp;

/* The SDP in a body: the whole body for application/sdp, the first
 * application/sdp part of a multipart body (at most SIPDIAG_SDP_MAX_PARTS
 * looked at), a body starting with "v=" when there is no Content-Type;
 * empty otherwise. */
sipdiag_str sipdiag_sdp_in_body(sipdiag_str content_type, sipdiag_str body);

/* False (sdp->error set) when it is no SDP sipdiag can read. */
bool sipdiag_parse_sdp(sipdiag_str text, sipdiag_sdp *sdp);

/* RFC 3551's name of a static payload type (0 "PCMU", 8 "PCMA", 18
 * "G729"...), or NULL for a dynamic or unassigned one. */
const char *sipdiag_sdp_static_name(unsigned long pt);

/* A format's codec name into buf: its rtpmap encoding, else the static
 * name, else the format as written.  Returns buf. */
const char *sipdiag_sdp_codec(const sipdiag_sdp_format *format, char *buf, size_t size);

/* The direction that applies to m: its own, else the session's, else sendrecv. */
sipdiag_sdp_direction sipdiag_sdp_direction_of(const sipdiag_sdp *sdp, const sipdiag_sdp_media *m);
const char *sipdiag_sdp_direction_name(sipdiag_sdp_direction direction);

/* SRTP transport (RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVP(F)). */
bool sipdiag_sdp_secure(sipdiag_str proto);

/* One line on an m= line: "audio 49170 RTP/SAVP PCMU PCMA telephone-event,
 * ptime 20, sendrecv, SDES crypto".  Returns the length written. */
size_t sipdiag_sdp_media_summary(const sipdiag_sdp *sdp, const sipdiag_sdp_media *m, char *buf, size_t size);

typedef enum {
    SIPDIAG_SDP_AGREE,        /* a stream both can use */
    SIPDIAG_SDP_NOTHING,      /* no offer or no answer to compare */
    SIPDIAG_SDP_MEDIA,        /* no m= line of the same media */
    SIPDIAG_SDP_REFUSED,      /* the other side set the port to 0 */
    SIPDIAG_SDP_TRANSPORT,    /* transports differ (udptl vs RTP, TCP vs UDP...) */
    SIPDIAG_SDP_CODEC,        /* same transport, no codec in common */
    SIPDIAG_SDP_SRTP,         /* one side SRTP, the other plain RTP */
    SIPDIAG_SDP_DISABLED,     /* the offer itself has no stream with a port */
    SIPDIAG_SDP_HOLD          /* nothing differs, but the offer holds a stream */
} sipdiag_sdp_mismatch;

/* A short name of a mismatch for filters: "agree", "srtp", "codec"... */
const char *sipdiag_sdp_mismatch_name(sipdiag_sdp_mismatch mismatch);

/*
 * What one side's SDP said, kept after its message is gone (a dialog keeps
 * the pending offer and the latest SDP of each side, sipdiag_context.c):
 * fixed size, no pointers.  Names are cut to their arrays; the codecs, as
 * sipdiag_sdp_codec names them, are kept blank-separated while whole names
 * fit (codecs_cut: some did not).
 */
#define SIPDIAG_SDP_KEPT_MEDIA 3

typedef struct {
    char media[12];
    char proto[20];
    char codecs[56];
    bool codecs_cut;
    uint8_t direction;     /* sipdiag_sdp_direction, resolved (never UNSET) */
    uint16_t port;
    bool crypto;
    bool fingerprint;
    bool hold_address;     /* c=0.0.0.0 at media or session level */
} sipdiag_sdp_kept_media;

typedef struct {
    sipdiag_sdp_kept_media media[SIPDIAG_SDP_KEPT_MEDIA];
    uint8_t media_count;   /* 0: no SDP */
    bool media_cut;
} sipdiag_sdp_summary;

void sipdiag_sdp_summarise(const sipdiag_sdp *sdp, sipdiag_sdp_summary *summary);

/* The summary of SDP text without parsing it first (what a dialog keeps of
 * every INVITE and 2xx): the same as sipdiag_parse_sdp then
 * sipdiag_sdp_summarise.  False (an empty summary) when it has no m= line
 * that parses. */
bool sipdiag_sdp_summarise_text(sipdiag_str text, sipdiag_sdp_summary *summary);

/*
 * The offer against the other side's SDP (an answer, its own earlier SDP,
 * or the SDP of the refusing response), named other_name in the phrase
 * ("the callee's earlier answer in frame 4"; NULL: "the other side"),
 * other NULL or empty when none is known.  Each m= line of the offer is
 * compared with the first of the same media on the other side; *phrase
 * (at most size bytes) says the first mismatch, else what they share, e.g.
 * "audio: offer PCMU, PCMA over RTP/SAVP with SDES; the callee's earlier
 * answer used RTP/AVP only: SRTP mismatch", and adds a stream the offer
 * disables (port 0) or holds (sendonly, inactive, c=0.0.0.0).  With
 * other_answered (other is an answer, whose transport the offer of its
 * time set), a transport mismatch reads as a switch refused: "...; the
 * callee's earlier answer in frame 4 kept the session on RTP/AVP: the
 * switch to SRTP was refused".
 */
sipdiag_sdp_mismatch sipdiag_sdp_compare_summaries(const sipdiag_sdp_summary *offer, const sipdiag_sdp_summary *other,
                                                   const char *other_name, bool other_answered, char *phrase,
                                                   size_t size);

/* The same on two parsed SDPs. */
sipdiag_sdp_mismatch sipdiag_sdp_compare(const sipdiag_sdp *offer, const sipdiag_sdp *other, char *phrase,
                                         size_t size);

#endif
