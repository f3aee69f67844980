/*
 * sipdiag_sdp.c: SDP reading and the offer/answer comparison.
 */
#include "sipdiag_sdp.h"

#include <stdio.h>
#include <string.h>

static sipdiag_str slice(const char *ptr, size_t len)
{
    sipdiag_str s = { ptr, len };
    return s;
}

static bool starts_nocase(sipdiag_str s, const char *prefix)
{
    size_t n = strlen(prefix);
    return s.len >= n && sipdiag_str_equal_nocase(slice(s.ptr, n), prefix);
}

/* Takes the next line (without CRLF or LF) off *text; false at its end. */
static bool next_line(sipdiag_str *text, sipdiag_str *line)
{
    if (text->len == 0)
        return false;
    const char *lf = memchr(text->ptr, '\n', text->len);
    size_t len = lf ? (size_t)(lf - text->ptr) : text->len;
    size_t consumed = lf ? len + 1 : len;
    *line = slice(text->ptr, len);
    if (line->len > 0 && line->ptr[line->len - 1] == '\r')
        line->len--;
    text->ptr += consumed;
    text->len -= consumed;
    return true;
}

/* Takes the next blank-separated word off *s. */
static bool next_word(sipdiag_str *s, sipdiag_str *word)
{
    *s = sipdiag_trim(*s);
    if (s->len == 0)
        return false;
    size_t n = 0;
    while (n < s->len && !sipdiag_is_blank(s->ptr[n]))
        n++;
    *word = slice(s->ptr, n);
    s->ptr += n;
    s->len -= n;
    return true;
}

/* --- the body */

static bool is_sdp_type(sipdiag_str content_type)
{
    /* Nearly every body is SDP, written so: checked first, cheaply. */
    if (content_type.len == 15 && memcmp(content_type.ptr, "application/sdp", 15) == 0)
        return true;
    content_type = sipdiag_trim(content_type);
    const char *semi = memchr(content_type.ptr, ';', content_type.len);
    sipdiag_str type = sipdiag_trim(slice(content_type.ptr, semi ? (size_t)(semi - content_type.ptr) : content_type.len));
    return sipdiag_str_equal_nocase(type, "application/sdp");
}

/* The boundary parameter of a multipart Content-Type, unquoted. */
static bool boundary_of(sipdiag_str content_type, sipdiag_str *boundary)
{
    if (!starts_nocase(sipdiag_trim(content_type), "multipart/"))
        return false;
    const char *semi = memchr(content_type.ptr, ';', content_type.len);
    if (!semi)
        return false;
    sipdiag_str params = slice(semi, content_type.len - (size_t)(semi - content_type.ptr));
    return sipdiag_param(params, "boundary", ';', boundary) && boundary->len > 0 && boundary->len <= 70;
}

/* Whether line is "--boundary" (or its closing "--boundary--"), trailing blanks allowed. */
static bool is_delimiter(sipdiag_str line, sipdiag_str boundary, bool *last)
{
    line = sipdiag_trim(line);
    if (line.len < boundary.len + 2 || line.ptr[0] != '-' || line.ptr[1] != '-'
        || memcmp(line.ptr + 2, boundary.ptr, boundary.len) != 0)
        return false;
    size_t rest = line.len - boundary.len - 2;
    *last = rest == 2 && line.ptr[line.len - 1] == '-' && line.ptr[line.len - 2] == '-';
    return rest == 0 || *last;
}

/* One body part (from after its delimiter line to before the next): its
 * content when its Content-Type is application/sdp. */
static bool sdp_part(sipdiag_str part, sipdiag_str *sdp)
{
    sipdiag_str line;
    bool sdp_type = false;
    while (next_line(&part, &line)) {
        if (line.len == 0) {
            *sdp = part;
            return sdp_type;
        }
        if (starts_nocase(line, "content-type:"))
            sdp_type = is_sdp_type(slice(line.ptr + 13, line.len - 13));
    }
    return false;
}

static sipdiag_str sdp_in_multipart(sipdiag_str boundary, sipdiag_str body)
{
    sipdiag_str line;
    const char *part_start = NULL;
    unsigned parts = 0;
    bool last = false;
    while (!last && parts <= SIPDIAG_SDP_MAX_PARTS) {
        const char *line_start = body.ptr;
        if (!next_line(&body, &line))
            break;
        if (!is_delimiter(line, boundary, &last))
            continue;
        sipdiag_str sdp;
        if (part_start && sdp_part(slice(part_start, (size_t)(line_start - part_start)), &sdp))
            return sdp;
        part_start = body.ptr;
        parts++;
    }
    return slice("", 0);
}

sipdiag_str sipdiag_sdp_in_body(sipdiag_str content_type, sipdiag_str body)
{
    sipdiag_str boundary;
    if (content_type.len == 0)
        return starts_nocase(body, "v=") ? body : slice("", 0);
    if (is_sdp_type(content_type))
        return body;
    if (boundary_of(content_type, &boundary))
        return sdp_in_multipart(boundary, body);
    return slice("", 0);
}

/* --- SDP lines */

static sipdiag_sdp_direction direction_of(sipdiag_str attribute)
{
    if (sipdiag_str_equal_nocase(attribute, "sendrecv"))
        return SIPDIAG_SDP_SENDRECV;
    if (sipdiag_str_equal_nocase(attribute, "sendonly"))
        return SIPDIAG_SDP_SENDONLY;
    if (sipdiag_str_equal_nocase(attribute, "recvonly"))
        return SIPDIAG_SDP_RECVONLY;
    if (sipdiag_str_equal_nocase(attribute, "inactive"))
        return SIPDIAG_SDP_INACTIVE;
    return SIPDIAG_SDP_DIR_UNSET;
}

/* "m=<media> <port>[/<count>] <proto> <fmt> ..." */
static bool parse_m_line(sipdiag_str value, sipdiag_sdp_media *m)
{
    memset(m, 0, sizeof *m);
    sipdiag_str port;
    if (!next_word(&value, &m->media) || !next_word(&value, &port) || !next_word(&value, &m->proto))
        return false;
    const char *slash = memchr(port.ptr, '/', port.len);
    if (slash)
        port.len = (size_t)(slash - port.ptr);
    if (!sipdiag_parse_uint(port, 65535, &m->port))
        return false;
    sipdiag_str fmt;
    while (next_word(&value, &fmt)) {
        if (m->format_count == SIPDIAG_SDP_MAX_FORMATS) {
            m->formats_cut = true;
            break;
        }
        m->formats[m->format_count].fmt = fmt;
        m->formats[m->format_count++].encoding = slice("", 0);
    }
    return m->format_count > 0;
}

/* "a=rtpmap:<pt> <encoding>/<rate>[/<params>]" */
static void note_rtpmap(sipdiag_str value, sipdiag_sdp_media *m)
{
    sipdiag_str pt;
    sipdiag_str encoding;
    if (!next_word(&value, &pt) || !next_word(&value, &encoding))
        return;
    const char *slash = memchr(encoding.ptr, '/', encoding.len);
    if (slash)
        encoding.len = (size_t)(slash - encoding.ptr);
    for (unsigned i = 0; i < m->format_count; i++)
        if (m->formats[i].fmt.len == pt.len && memcmp(m->formats[i].fmt.ptr, pt.ptr, pt.len) == 0)
            m->formats[i].encoding = encoding;
}

/* An a= line: at session level (m NULL) or of the latest m= line. */
static void note_attribute(sipdiag_str value, sipdiag_sdp *sdp, sipdiag_sdp_media *m)
{
    const char *colon = memchr(value.ptr, ':', value.len);
    sipdiag_str name = slice(value.ptr, colon ? (size_t)(colon - value.ptr) : value.len);
    sipdiag_str rest = colon ? slice(colon + 1, value.len - name.len - 1) : slice("", 0);
    sipdiag_sdp_direction direction = direction_of(name);
    if (direction != SIPDIAG_SDP_DIR_UNSET) {
        if (m)
            m->direction = direction;
        else
            sdp->session_direction = direction;
    } else if (sipdiag_str_equal_nocase(name, "fingerprint")) {
        if (m)
            m->fingerprint = true;
        else
            for (unsigned i = 0; i < SIPDIAG_SDP_MAX_MEDIA; i++)
                sdp->media[i].fingerprint = true; /* session level: every m= line, even later ones */
    } else if (m && sipdiag_str_equal_nocase(name, "crypto")) {
        m->crypto = true;
    } else if (m && sipdiag_str_equal_nocase(name, "rtpmap")) {
        note_rtpmap(rest, m);
    } else if (m && sipdiag_str_equal_nocase(name, "ptime")) {
        m->has_ptime = sipdiag_parse_uint(rest, 10000, &m->ptime);
    }
}

/* "c=IN IP4 0.0.0.0": the old way of putting a stream on hold (RFC 3264 §8.4). */
static bool hold_address(sipdiag_str value)
{
    sipdiag_str word;
    sipdiag_str address = { "", 0 };
    for (unsigned i = 0; i < 3 && next_word(&value, &word); i++)
        address = word;
    return address.len == 7 && memcmp(address.ptr, "0.0.0.0", 7) == 0;
}

static void note_connection(sipdiag_str value, sipdiag_sdp *sdp, sipdiag_sdp_media *m)
{
    bool hold = hold_address(value);
    if (m)
        m->hold_address = hold;
    else
        sdp->session_hold_address = hold;
}

/* An m= line: kept in the next slot, or counted when they are full;
 * returns the media later a= lines belong to (NULL: not kept). */
static sipdiag_sdp_media *start_media(sipdiag_str value, sipdiag_sdp *sdp)
{
    if (sdp->media_count == SIPDIAG_SDP_MAX_MEDIA) {
        sdp->media_cut = true;
        return NULL;
    }
    sipdiag_sdp_media *m = &sdp->media[sdp->media_count];
    bool session_fingerprint = m->fingerprint;
    if (!parse_m_line(value, m)) {
        if (!sdp->error)
            sdp->error = "an m= line is not <media> <port> <proto> <fmt>...";
        memset(m, 0, sizeof *m);
        m->fingerprint = session_fingerprint;
        return NULL;
    }
    m->fingerprint = session_fingerprint;
    sdp->media_count++;
    return m;
}

bool sipdiag_parse_sdp(sipdiag_str text, sipdiag_sdp *sdp)
{
    memset(sdp, 0, sizeof *sdp);
    sipdiag_str line;
    if (!next_line(&text, &line) || !sipdiag_str_equal_nocase(sipdiag_trim(line), "v=0")) {
        sdp->error = "does not start with v=0";
        return false;
    }
    sipdiag_sdp_media *m = NULL;
    bool in_media = false;
    while (next_line(&text, &line)) {
        if (line.len < 2 || line.ptr[1] != '=')
            continue;
        sipdiag_str value = slice(line.ptr + 2, line.len - 2);
        if (line.ptr[0] == 'm') {
            m = start_media(value, sdp);
            in_media = true;
        } else if (line.ptr[0] == 'a' && (m || !in_media)) {
            note_attribute(value, sdp, m);
        } else if (line.ptr[0] == 'c' && (m || !in_media)) {
            note_connection(value, sdp, m);
        }
    }
    sdp->valid = sdp->media_count > 0;
    if (!sdp->valid && !sdp->error)
        sdp->error = "no m= line";
    return sdp->valid;
}

/* --- names and summaries */

const char *sipdiag_sdp_static_name(unsigned long pt)
{
    /* RFC 3551 §6, tables 4 and 5. */
    static const char *const names[35] = {
        [0] = "PCMU", [3] = "GSM", [4] = "G723", [5] = "DVI4", [6] = "DVI4", [7] = "LPC", [8] = "PCMA",
        [9] = "G722", [10] = "L16", [11] = "L16", [12] = "QCELP", [13] = "CN", [14] = "MPA", [15] = "G728",
        [16] = "DVI4", [17] = "DVI4", [18] = "G729", [25] = "CelB", [26] = "JPEG", [28] = "nv", [31] = "H261",
        [32] = "MPV", [33] = "MP2T", [34] = "H263",
    };
    return pt < sizeof names / sizeof names[0] ? names[pt] : NULL;
}

static void copy_str(char *buf, size_t size, sipdiag_str s)
{
    size_t n = s.len < size - 1 ? s.len : size - 1;
    memcpy(buf, s.ptr, n);
    buf[n] = '\0';
}

const char *sipdiag_sdp_codec(const sipdiag_sdp_format *format, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    unsigned long pt;
    const char *name = NULL;
    if (format->encoding.len == 0 && sipdiag_parse_uint(format->fmt, 127, &pt))
        name = sipdiag_sdp_static_name(pt);
    if (name)
        copy_str(buf, size, (sipdiag_str){ name, strlen(name) });
    else
        copy_str(buf, size, format->encoding.len ? format->encoding : format->fmt);
    return buf;
}

sipdiag_sdp_direction sipdiag_sdp_direction_of(const sipdiag_sdp *sdp, const sipdiag_sdp_media *m)
{
    if (m->direction != SIPDIAG_SDP_DIR_UNSET)
        return m->direction;
    return sdp->session_direction != SIPDIAG_SDP_DIR_UNSET ? sdp->session_direction : SIPDIAG_SDP_SENDRECV;
}

const char *sipdiag_sdp_direction_name(sipdiag_sdp_direction direction)
{
    static const char *const names[] = { "sendrecv", "sendrecv", "sendonly", "recvonly", "inactive" };
    return (unsigned)direction < sizeof names / sizeof names[0] ? names[direction] : "sendrecv";
}

bool sipdiag_sdp_secure(sipdiag_str proto)
{
    return sipdiag_str_equal_nocase(proto, "RTP/SAVP") || sipdiag_str_equal_nocase(proto, "RTP/SAVPF")
           || sipdiag_str_equal_nocase(proto, "UDP/TLS/RTP/SAVP") || sipdiag_str_equal_nocase(proto, "UDP/TLS/RTP/SAVPF")
           || sipdiag_str_equal_nocase(proto, "TCP/TLS/RTP/SAVP") || sipdiag_str_equal_nocase(proto, "TCP/TLS/RTP/SAVPF");
}

typedef struct {
    char *buf;
    size_t size;
    size_t len;
} out_t;

static void put(out_t *o, const char *text)
{
    size_t n = strlen(text);
    if (o->size == 0 || o->len + 1 >= o->size)
        return;
    size_t room = o->size - o->len - 1;
    if (n > room)
        n = room;
    memcpy(o->buf + o->len, text, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

#define SIZEOF_CODECS sizeof(((sipdiag_sdp_kept_media *)0)->codecs)

static void put_str(out_t *o, sipdiag_str s)
{
    char tmp[64];
    copy_str(tmp, sizeof tmp, s);
    put(o, tmp);
}

/* The codecs of m, comma-separated, at most max of them. */
static void put_codecs(out_t *o, const sipdiag_sdp_media *m, unsigned max)
{
    char name[32];
    for (unsigned i = 0; i < m->format_count && i < max; i++) {
        put(o, i ? ", " : "");
        put(o, sipdiag_sdp_codec(&m->formats[i], name, sizeof name));
    }
    if (m->format_count > max || m->formats_cut)
        put(o, ", ...");
}

size_t sipdiag_sdp_media_summary(const sipdiag_sdp *sdp, const sipdiag_sdp_media *m, char *buf, size_t size)
{
    out_t o = { buf, size, 0 };
    if (size > 0)
        buf[0] = '\0';
    char port[16];
    put_str(&o, m->media);
    snprintf(port, sizeof port, " %lu ", m->port);
    put(&o, port);
    put_str(&o, m->proto);
    put(&o, " ");
    put_codecs(&o, m, 8);
    if (m->has_ptime) {
        snprintf(port, sizeof port, ", ptime %lu", m->ptime);
        put(&o, port);
    }
    put(&o, ", ");
    put(&o, sipdiag_sdp_direction_name(sipdiag_sdp_direction_of(sdp, m)));
    if (m->crypto)
        put(&o, ", SDES crypto");
    if (m->fingerprint)
        put(&o, ", DTLS fingerprint");
    return o.len;
}

/* --- what a side said, kept */

static bool same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (sipdiag_lower(*a) != sipdiag_lower(*b))
            return false;
    return *a == *b;
}

/* Printable ASCII only: a kept name ends up in hints and string fields. */
static char *mask_name(char *name)
{
    for (char *p = name; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
            *p = '?';
    return name;
}

static void keep_name(char *buf, size_t size, sipdiag_str s)
{
    copy_str(buf, size, s);
    mask_name(buf);
}

/* One parsed m= line into k, with the direction that applies to it. */
static void keep_media(const sipdiag_sdp_media *m, sipdiag_sdp_direction direction, bool session_hold,
                       sipdiag_sdp_kept_media *k)
{
    keep_name(k->media, sizeof k->media, m->media);
    keep_name(k->proto, sizeof k->proto, m->proto);
    out_t o = { k->codecs, sizeof k->codecs, 0 };
    char name[32];
    k->codecs[0] = '\0';
    k->codecs_cut = m->formats_cut;
    for (unsigned f = 0; f < m->format_count; f++) {
        sipdiag_sdp_codec(&m->formats[f], name, sizeof name);
        mask_name(name);
        if (o.len + (o.len ? 1 : 0) + strlen(name) + 1 > o.size) {
            k->codecs_cut = true;
            break;
        }
        put(&o, o.len ? " " : "");
        put(&o, name);
    }
    k->direction = (uint8_t)direction;
    k->port = (uint16_t)m->port;
    k->crypto = m->crypto;
    k->fingerprint = m->fingerprint;
    k->hold_address = m->hold_address || session_hold;
}

void sipdiag_sdp_summarise(const sipdiag_sdp *sdp, sipdiag_sdp_summary *summary)
{
    memset(summary, 0, sizeof *summary);
    if (!sdp->valid)
        return;
    for (unsigned i = 0; i < sdp->media_count; i++) {
        if (summary->media_count == SIPDIAG_SDP_KEPT_MEDIA) {
            summary->media_cut = true;
            break;
        }
        const sipdiag_sdp_media *m = &sdp->media[i];
        keep_media(m, sipdiag_sdp_direction_of(sdp, m), sdp->session_hold_address,
                   &summary->media[summary->media_count++]);
    }
    summary->media_cut = summary->media_cut || sdp->media_cut;
}

/*
 * The same summary straight from the text, in one pass: every INVITE and
 * 2xx with SDP is summarised, and parsing six m= lines of sixteen formats
 * first cost four times as much.  Only the m= line being read is parsed;
 * a= lines are told apart by their first letter.
 */
typedef struct {
    sipdiag_sdp_summary *summary;
    sipdiag_sdp_media m;       /* the m= line being read */
    bool have_m;               /* m is kept (its a= lines count) */
    bool in_media;             /* an m= line was seen, kept or not */
    sipdiag_sdp_direction session_direction;
    bool session_fingerprint;
    bool session_hold;
} fast_t;

static void flush_media(fast_t *st)
{
    if (!st->have_m)
        return;
    sipdiag_sdp_direction direction = st->m.direction != SIPDIAG_SDP_DIR_UNSET ? st->m.direction
                                      : st->session_direction != SIPDIAG_SDP_DIR_UNSET ? st->session_direction
                                      : SIPDIAG_SDP_SENDRECV;
    keep_media(&st->m, direction, st->session_hold, &st->summary->media[st->summary->media_count++]);
    st->have_m = false;
}

static bool name_is(sipdiag_str name, const char *word, size_t len)
{
    return name.len == len && sipdiag_str_equal_nocase(name, word);
}

static void fast_attribute(fast_t *st, sipdiag_str value)
{
    if (value.len < 6)
        return; /* shorter than any name read here */
    const char *colon = memchr(value.ptr, ':', value.len);
    sipdiag_str name = slice(value.ptr, colon ? (size_t)(colon - value.ptr) : value.len);
    sipdiag_sdp_media *m = st->have_m ? &st->m : NULL;
    char first = sipdiag_lower(name.ptr[0]);
    if (first == 'r' && m && colon && name_is(name, "rtpmap", 6)) {
        note_rtpmap(slice(colon + 1, value.len - name.len - 1), m);
        return;
    }
    sipdiag_sdp_direction direction = SIPDIAG_SDP_DIR_UNSET;
    if (name.len == 8 && (first == 's' || first == 'r' || first == 'i'))
        direction = direction_of(name);
    if (direction != SIPDIAG_SDP_DIR_UNSET) {
        if (m)
            m->direction = direction;
        else
            st->session_direction = direction;
    } else if (first == 'c' && m && name_is(name, "crypto", 6)) {
        m->crypto = true;
    } else if (first == 'f' && name_is(name, "fingerprint", 11)) {
        if (m)
            m->fingerprint = true;
        else
            st->session_fingerprint = true;
    }
}

/* An m= line: the stream before it is complete; past the streams kept, a
 * further m= line that parses is counted as cut. */
static void fast_media_line(fast_t *st, sipdiag_str value)
{
    sipdiag_sdp_summary *summary = st->summary;
    flush_media(st);
    st->in_media = true;
    if (summary->media_count == SIPDIAG_SDP_KEPT_MEDIA) {
        if (!summary->media_cut && parse_m_line(value, &st->m))
            summary->media_cut = true;
        return;
    }
    st->have_m = parse_m_line(value, &st->m);
    if (st->have_m)
        st->m.fingerprint = st->session_fingerprint;
}

bool sipdiag_sdp_summarise_text(sipdiag_str text, sipdiag_sdp_summary *summary)
{
    fast_t st;
    sipdiag_str line;
    memset(summary, 0, sizeof *summary);
    st.summary = summary;
    st.have_m = false;
    st.in_media = false;
    st.session_direction = SIPDIAG_SDP_DIR_UNSET;
    st.session_fingerprint = false;
    st.session_hold = false;
    if (!next_line(&text, &line) || !sipdiag_str_equal_nocase(sipdiag_trim(line), "v=0"))
        return false;
    while (next_line(&text, &line)) {
        if (line.len < 2 || line.ptr[1] != '=')
            continue;
        sipdiag_str value = slice(line.ptr + 2, line.len - 2);
        switch (line.ptr[0]) {
        case 'm':
            fast_media_line(&st, value);
            break;
        case 'a':
            if (st.have_m || !st.in_media)
                fast_attribute(&st, value);
            break;
        case 'c':
            if (st.have_m)
                st.m.hold_address = hold_address(value);
            else if (!st.in_media)
                st.session_hold = hold_address(value);
            break;
        default:
            break;
        }
    }
    flush_media(&st);
    return summary->media_count > 0;
}

/* --- offer against the other side */

const char *sipdiag_sdp_mismatch_name(sipdiag_sdp_mismatch mismatch)
{
    static const char *const names[] = { "agree", "nothing", "media", "refused", "transport",
                                         "codec", "srtp", "disabled", "hold" };
    return (unsigned)mismatch < sizeof names / sizeof names[0] ? names[mismatch] : "nothing";
}

/* Codecs that carry media: not DTMF events or comfort noise alone. */
static bool carries_media(const char *codec)
{
    return !same_name(codec, "telephone-event") && !same_name(codec, "CN");
}

/* The next blank-separated name of a kept codec list into name. */
static bool next_codec(const char **list, char *name, size_t size)
{
    const char *p = *list;
    while (*p == ' ')
        p++;
    size_t n = 0;
    while (p[n] && p[n] != ' ')
        n++;
    if (n == 0)
        return false;
    copy_str(name, size, (sipdiag_str){ p, n });
    *list = p + n;
    return true;
}

static bool lists_codec(const sipdiag_sdp_kept_media *m, const char *codec)
{
    const char *list = m->codecs;
    char name[SIZEOF_CODECS];
    while (next_codec(&list, name, sizeof name))
        if (same_name(name, codec))
            return true;
    return false;
}

/* The codecs of m, comma-separated, at most max of them. */
static void put_kept_codecs(out_t *o, const sipdiag_sdp_kept_media *m, unsigned max)
{
    const char *list = m->codecs;
    char name[SIZEOF_CODECS];
    unsigned n = 0;
    bool more = m->codecs_cut;
    while (next_codec(&list, name, sizeof name)) {
        if (n == max) {
            more = true;
            break;
        }
        put(o, n++ ? ", " : "");
        put(o, name);
    }
    if (more)
        put(o, ", ...");
}

/* The media codecs of a that b lists too, into o (NULL: only counted). */
static unsigned common_codecs(const sipdiag_sdp_kept_media *a, const sipdiag_sdp_kept_media *b, out_t *o)
{
    const char *list = a->codecs;
    char name[SIZEOF_CODECS];
    unsigned n = 0;
    while (next_codec(&list, name, sizeof name)) {
        if (!carries_media(name) || !lists_codec(b, name))
            continue;
        if (o) {
            put(o, n ? ", " : "");
            put(o, name);
        }
        n++;
    }
    return n;
}

static void put_keying(out_t *o, const sipdiag_sdp_kept_media *m)
{
    if (m->crypto)
        put(o, " with SDES");
    else if (m->fingerprint)
        put(o, " with DTLS");
}

static const sipdiag_sdp_kept_media *kept_first_of(const sipdiag_sdp_summary *s, const char *media)
{
    for (unsigned i = 0; i < s->media_count; i++)
        if (same_name(s->media[i].media, media))
            return &s->media[i];
    return NULL;
}

static sipdiag_sdp_mismatch transport_mismatch(const sipdiag_sdp_kept_media *om, const sipdiag_sdp_kept_media *tm,
                                               const char **what)
{
    sipdiag_str op = { om->proto, strlen(om->proto) };
    sipdiag_str tp = { tm->proto, strlen(tm->proto) };
    if (sipdiag_sdp_secure(op) != sipdiag_sdp_secure(tp)) {
        *what = "SRTP mismatch";
        return SIPDIAG_SDP_SRTP;
    }
    if (same_name(om->proto, "udptl") || same_name(tm->proto, "udptl"))
        *what = "T.38 (udptl) against RTP";
    else if (sipdiag_sdp_secure(op) && om->crypto != tm->crypto)
        *what = "SDES against DTLS-SRTP: keying mismatch";
    else
        *what = "transport mismatch";
    return SIPDIAG_SDP_TRANSPORT;
}

/* An answer keeps the offer's transport (RFC 3264 §6): a session of
 * another one says the far side refused a switch, not that it lacks it.
 * mismatch: what transport_mismatch made of the two. */
static void put_switch(out_t *o, const sipdiag_sdp_kept_media *om, sipdiag_sdp_mismatch mismatch)
{
    sipdiag_str op = { om->proto, strlen(om->proto) };
    if (mismatch == SIPDIAG_SDP_SRTP)
        put(o, sipdiag_sdp_secure(op) ? "the switch to SRTP was refused" : "the switch to plain RTP was refused");
    else if (same_name(om->proto, "udptl"))
        put(o, "the switch to T.38 was refused");
    else
        put(o, "the switch of transport was refused");
}

/* One m= line of the offer against the other side's line of its media. */
static sipdiag_sdp_mismatch compare_media(const sipdiag_sdp_kept_media *om, const sipdiag_sdp_kept_media *tm,
                                          const char *other, bool other_answered, out_t *o)
{
    put(o, om->media);
    if (!tm) {
        put(o, ": ");
        put(o, other);
        put(o, " has no ");
        put(o, om->media);
        put(o, " stream");
        return SIPDIAG_SDP_MEDIA;
    }
    if (tm->port == 0) {
        put(o, ": ");
        put(o, other);
        put(o, " set its port to 0, refusing the stream");
        return SIPDIAG_SDP_REFUSED;
    }
    if (!same_name(om->proto, tm->proto)) {
        const char *what;
        sipdiag_sdp_mismatch mismatch = transport_mismatch(om, tm, &what);
        put(o, ": offer ");
        put_kept_codecs(o, om, 4);
        put(o, " over ");
        put(o, om->proto);
        put_keying(o, om);
        put(o, "; ");
        put(o, other);
        if (other_answered) {
            put(o, " kept the session on ");
            put(o, tm->proto);
            put_keying(o, tm);
            put(o, ": ");
            put_switch(o, om, mismatch);
            return mismatch;
        }
        put(o, " used ");
        put(o, tm->proto);
        put_keying(o, tm);
        put(o, " only: ");
        put(o, what);
        return mismatch;
    }
    if (common_codecs(om, tm, NULL) == 0) {
        put(o, ": offer ");
        put_kept_codecs(o, om, 4);
        put(o, "; ");
        put(o, other);
        put(o, " ");
        put_kept_codecs(o, tm, 4);
        put(o, om->codecs_cut || tm->codecs_cut ? ": no codec in common among those kept" : ": no codec in common");
        return SIPDIAG_SDP_CODEC;
    }
    put(o, ": both use ");
    put(o, om->proto);
    put(o, ", codecs in common ");
    common_codecs(om, tm, o);
    return SIPDIAG_SDP_AGREE;
}

/* "; the offer holds audio (sendonly)" for the first stream it holds. */
static bool put_hold(out_t *o, const sipdiag_sdp_summary *offer)
{
    for (unsigned i = 0; i < offer->media_count; i++) {
        const sipdiag_sdp_kept_media *m = &offer->media[i];
        bool held = m->direction == SIPDIAG_SDP_SENDONLY || m->direction == SIPDIAG_SDP_INACTIVE;
        if (m->port == 0 || !(held || m->hold_address))
            continue;
        put(o, o->len ? "; " : "");
        put(o, "the offer holds ");
        put(o, m->media);
        put(o, held ? " (" : " (c=0.0.0.0)");
        if (held) {
            put(o, sipdiag_sdp_direction_name((sipdiag_sdp_direction)m->direction));
            put(o, m->hold_address ? ", c=0.0.0.0)" : ")");
        }
        return true;
    }
    return false;
}

/* "; the offer disables video (port 0)" for the first stream it disables. */
static void put_disabled(out_t *o, const sipdiag_sdp_summary *offer)
{
    for (unsigned i = 0; i < offer->media_count; i++) {
        if (offer->media[i].port != 0)
            continue;
        put(o, o->len ? "; " : "");
        put(o, "the offer disables ");
        put(o, offer->media[i].media);
        put(o, " (port 0)");
        return;
    }
}

sipdiag_sdp_mismatch sipdiag_sdp_compare_summaries(const sipdiag_sdp_summary *offer, const sipdiag_sdp_summary *other,
                                                   const char *other_name, bool other_answered, char *phrase,
                                                   size_t size)
{
    out_t o = { phrase, size, 0 };
    if (size > 0)
        phrase[0] = '\0';
    if (!offer || offer->media_count == 0)
        return SIPDIAG_SDP_NOTHING;
    if (!other_name)
        other_name = "the other side";
    const sipdiag_sdp_kept_media *first_active = NULL;
    for (unsigned i = 0; i < offer->media_count && !first_active; i++)
        if (offer->media[i].port != 0)
            first_active = &offer->media[i];
    if (!first_active) {
        put(&o, "the offer has no stream with a port: every m= line is disabled (port 0)");
        return SIPDIAG_SDP_DISABLED;
    }
    sipdiag_sdp_mismatch result = SIPDIAG_SDP_NOTHING;
    if (other && other->media_count > 0) {
        /* The first active offered stream that fails, else the first one. */
        const sipdiag_sdp_kept_media *shown = first_active;
        for (unsigned i = 0; i < offer->media_count; i++) {
            const sipdiag_sdp_kept_media *om = &offer->media[i];
            if (om->port == 0)
                continue;
            out_t probe = { NULL, 0, 0 };
            if (compare_media(om, kept_first_of(other, om->media), other_name, other_answered, &probe)
                != SIPDIAG_SDP_AGREE) {
                shown = om;
                break;
            }
        }
        result = compare_media(shown, kept_first_of(other, shown->media), other_name, other_answered, &o);
    }
    bool held = put_hold(&o, offer);
    put_disabled(&o, offer);
    if (result == SIPDIAG_SDP_NOTHING && held)
        return SIPDIAG_SDP_HOLD;
    if (result == SIPDIAG_SDP_AGREE && held)
        return SIPDIAG_SDP_HOLD;
    return result;
}

sipdiag_sdp_mismatch sipdiag_sdp_compare(const sipdiag_sdp *offer, const sipdiag_sdp *other, char *phrase,
                                         size_t size)
{
    sipdiag_sdp_summary o;
    sipdiag_sdp_summary t;
    if (size > 0)
        phrase[0] = '\0';
    if (!offer->valid || !other->valid)
        return SIPDIAG_SDP_NOTHING;
    sipdiag_sdp_summarise(offer, &o);
    sipdiag_sdp_summarise(other, &t);
    return sipdiag_sdp_compare_summaries(&o, &t, NULL, false, phrase, size);
}
