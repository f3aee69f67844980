/*
 * sipdiag_headers.h: reading the header block of one SIP message, and the
 * header values that carry the reason for a response.  Plain C over a byte
 * buffer (no Wireshark headers); every function is bounded by the lengths it
 * is given and never reads past them.
 */
#ifndef SIPDIAG_HEADERS_H
#define SIPDIAG_HEADERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A slice of the message buffer; not NUL-terminated. */
typedef struct {
    const char *ptr;
    size_t len;
} sipdiag_str;

typedef enum {
    SIPDIAG_HDR_CALL_ID,
    SIPDIAG_HDR_CSEQ,
    SIPDIAG_HDR_VIA,
    SIPDIAG_HDR_CONTACT,
    SIPDIAG_HDR_EXPIRES,
    SIPDIAG_HDR_MIN_EXPIRES,
    SIPDIAG_HDR_MIN_SE,
    SIPDIAG_HDR_SESSION_EXPIRES,
    SIPDIAG_HDR_RETRY_AFTER,
    SIPDIAG_HDR_WARNING,
    SIPDIAG_HDR_REASON,
    SIPDIAG_HDR_WWW_AUTHENTICATE,
    SIPDIAG_HDR_PROXY_AUTHENTICATE,
    SIPDIAG_HDR_AUTHORIZATION,
    SIPDIAG_HDR_PROXY_AUTHORIZATION,
    SIPDIAG_HDR_UNSUPPORTED,
    SIPDIAG_HDR_REQUIRE,
    SIPDIAG_HDR_ALLOW,
    SIPDIAG_HDR_ACCEPT,
    SIPDIAG_HDR_ACCEPT_ENCODING,
    SIPDIAG_HDR_ACCEPT_LANGUAGE,
    SIPDIAG_HDR_SECURITY_SERVER,
    SIPDIAG_HDR_CONTENT_LENGTH,
    /* Who generated the response, and the vendor and carrier reasons (issue 17). */
    SIPDIAG_HDR_SERVER,
    SIPDIAG_HDR_USER_AGENT,
    SIPDIAG_HDR_MS_DIAGNOSTICS,
    SIPDIAG_HDR_MS_DIAGNOSTICS_PUBLIC,
    SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSE,
    SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSECODE,
    SIPDIAG_HDR_X_TWILIO_ERROR,
    /* STIR/SHAKEN and the identities it is checked against. */
    SIPDIAG_HDR_IDENTITY,
    SIPDIAG_HDR_FROM,
    SIPDIAG_HDR_TO,
    SIPDIAG_HDR_RSEQ,
    SIPDIAG_HDR_P_ASSERTED_IDENTITY,
    SIPDIAG_HDR_DATE,
    SIPDIAG_HDR_CALL_INFO,
    /* The body and the headers the remedies name. */
    SIPDIAG_HDR_CONTENT_TYPE,
    SIPDIAG_HDR_ALLOW_EVENTS,
    SIPDIAG_HDR_EVENT,
    SIPDIAG_HDR_ACCEPT_RESOURCE_PRIORITY,
    SIPDIAG_HDR_GEOLOCATION_ERROR,
    SIPDIAG_HDR_ALERTMSG_ERROR,
    SIPDIAG_HDR_RECV_INFO,
    SIPDIAG_HDR_PERMISSION_MISSING,
    SIPDIAG_HDR_FEATURE_CAPS,
    SIPDIAG_HDR_COUNT
} sipdiag_header_id;

/* WWW-Authenticate / Proxy-Authenticate / (Proxy-)Authorization. */
typedef struct {
    sipdiag_str scheme;
    sipdiag_str realm;
    sipdiag_str algorithm;
    sipdiag_str qop;
    sipdiag_str username;
    sipdiag_str nonce;
    bool stale;
    bool has_stale;  /* the stale parameter is there, true or false */
    bool has_realm;
} sipdiag_auth;

/* Occurrences kept per header; further ones are counted but not kept. */
#define SIPDIAG_MAX_HEADER_VALUES 8

typedef struct {
    bool is_request;
    sipdiag_str method;      /* requests: the Request-Line method */
    sipdiag_str request_uri; /* requests */
    sipdiag_str reason_phrase; /* responses: the status line after the code, possibly empty */
    sipdiag_str values[SIPDIAG_HDR_COUNT][SIPDIAG_MAX_HEADER_VALUES];
    unsigned count[SIPDIAG_HDR_COUNT]; /* occurrences seen, may exceed the kept ones */
    const char *base;        /* the buffer parsed, and its length: the body follows the headers */
    size_t avail;
    size_t header_len;       /* bytes up to and including the blank line */
    bool complete;           /* the blank line ending the headers was found */
    /* The first CSeq, parsed once by sipdiag_parse_message for every reader
     * (the context, the trackers, the diagnosis): see sipdiag_message_cseq. */
    bool cseq_parsed;
    unsigned long cseq_number;
    sipdiag_str cseq_digits; /* the number as written */
    sipdiag_str cseq_method;
    /* The top Via branch, once sipdiag_read_branch has read it. */
    bool branch_read;
    sipdiag_str branch;
    /* The first value of one authentication header, once sipdiag_read_auth
     * has parsed it (a 401/407's challenge: the context and the hint both
     * read it). */
    bool auth_read;
    sipdiag_header_id auth_header;
    bool auth_parsed;
    sipdiag_auth auth;
} sipdiag_message;

typedef enum {
    SIPDIAG_LINE_OTHER,   /* neither: Wireshark shows it as a continuation */
    SIPDIAG_LINE_REQUEST,
    SIPDIAG_LINE_STATUS
} sipdiag_line_kind;

/* How Wireshark's SIP dissector tells a start line (RFC 3261 §7.1, §7.2): a
 * Status-Line is a version, a space, three digits and a space; a
 * Request-Line is a method, a space, a URI with a ':' after its first
 * character, a space and a version to the end of the line.  With strict
 * (the SIP preference strict_sip_version, on by default) the version is
 * "SIP/2.0" exactly; without, anything starting with "SIP/" in any case.
 * line is the first line without its line end; for a Status-Line, *code_at
 * is the offset of the status code in it. */
sipdiag_line_kind sipdiag_start_line_kind(sipdiag_str line, bool strict, size_t *code_at);

/* Parses the start line and headers of the message at buf (which starts at
 * its first line).  Stops at the blank line or at len. */
void sipdiag_parse_message(const char *buf, size_t len, sipdiag_message *msg);

/* The first CSeq value as sipdiag_parse_cseq reads it (false when it does
 * not parse), from what sipdiag_parse_message read. */
bool sipdiag_message_cseq(const sipdiag_message *msg, unsigned long *number, sipdiag_str *method);

/* The branch parameter of the top Via (sipdiag_via_branch of the first Via
 * value): read once by sipdiag_read_branch, which the message's first
 * readers call, else read again at each call. */
void sipdiag_read_branch(sipdiag_message *msg);
sipdiag_str sipdiag_top_branch(const sipdiag_message *msg);

/* sipdiag_parse_auth of the first value of header id (sipdiag_header):
 * parsed once by sipdiag_read_auth, which the message's first readers call
 * for a 401/407's challenge, else parsed again at each call. */
void sipdiag_read_auth(sipdiag_message *msg, sipdiag_header_id id);
bool sipdiag_message_auth(const sipdiag_message *msg, sipdiag_header_id id, sipdiag_auth *auth);

/* The header's name as registered ("Call-ID"), for ids below SIPDIAG_HDR_COUNT. */
const char *sipdiag_header_name(sipdiag_header_id id);

/* The body of the parsed message: what follows the headers in the buffer
 * given to sipdiag_parse_message, at most Content-Length bytes of it (the
 * last Content-Length, as Wireshark's SIP dissector reads it; all that is
 * there when it is absent or unreadable).  Empty when the headers did not end. */
sipdiag_str sipdiag_message_body(const sipdiag_message *msg);


/* How many values of a header are kept in values[id]: its count, at most
 * SIPDIAG_MAX_HEADER_VALUES. */
unsigned sipdiag_kept_count(const sipdiag_message *msg, sipdiag_header_id id);

/* Inline: called a dozen times for every message, mostly on short values. */
static inline bool sipdiag_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline char sipdiag_lower(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c;
}

static inline bool sipdiag_str_equal_nocase(sipdiag_str s, const char *literal)
{
    size_t len = strlen(literal); /* a constant where literal is one */
    if (s.len != len)
        return false;
    /* Most values are written as the literal is (methods, parameter
     * names): one comparison a byte then. */
    for (size_t i = 0; i < len; i++)
        if (s.ptr[i] != literal[i] && sipdiag_lower(s.ptr[i]) != sipdiag_lower(literal[i]))
            return false;
    return true;
}

/* Whether s holds word, in any case (ASCII). */
static inline bool sipdiag_str_contains_nocase(sipdiag_str s, const char *word)
{
    size_t n = strlen(word);
    for (size_t at = 0; s.len >= n && at <= s.len - n; at++) {
        sipdiag_str here = { s.ptr + at, n };
        if (sipdiag_str_equal_nocase(here, word))
            return true;
    }
    return false;
}

/* 64-bit hashing of identifiers (Call-ID, branch, tag), eight bytes at a
 * time, cut at max bytes: fast and well spread for real values, not meant
 * for hostile ones (which at worst mix up two records). */
static inline uint64_t sipdiag_hash_mix(uint64_t h, uint64_t word)
{
    h = (h ^ word) * UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 31);
}

static inline uint64_t sipdiag_hash_more(uint64_t h, sipdiag_str s, size_t max)
{
    size_t len = s.len < max ? s.len : max;
    const char *p = s.ptr;
    uint64_t word;
    h = sipdiag_hash_mix(h, len); /* slices of other lengths never line up */
    for (; len >= sizeof word; len -= sizeof word, p += sizeof word) {
        memcpy(&word, p, sizeof word);
        h = sipdiag_hash_mix(h, word);
    }
    word = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len > 0 && p - s.ptr >= (ptrdiff_t)sizeof word) {
        /* The last bytes as the eight ending with them, shifted down: the
         * same word as the loop below makes, in one load. */
        memcpy(&word, p + len - sizeof word, sizeof word);
        return sipdiag_hash_mix(h, word >> (8 * (sizeof word - len)));
    }
    if (len >= 4) {
        /* A short slice (a CSeq number, a method): the same word again,
         * from two four-byte loads that overlap where len < 8. */
        uint32_t head;
        uint32_t tail;
        memcpy(&head, p, sizeof head);
        memcpy(&tail, p + len - sizeof tail, sizeof tail);
        return sipdiag_hash_mix(h, head | (uint64_t)tail << (8 * (len - sizeof tail)));
    }
    if (len > 0) { /* 1-3 bytes: the first, the middle and the last one */
        word = (uint64_t)(unsigned char)p[0] | (uint64_t)(unsigned char)p[len / 2] << (8 * (len / 2))
             | (uint64_t)(unsigned char)p[len - 1] << (8 * (len - 1));
        return sipdiag_hash_mix(h, word);
    }
#endif
    for (size_t i = 0; i < len; i++)
        word |= (uint64_t)(unsigned char)p[i] << (8 * i);
    return sipdiag_hash_mix(h, word);
}

static inline sipdiag_str sipdiag_trim(sipdiag_str s)
{
    while (s.len > 0 && sipdiag_is_blank(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len > 0 && sipdiag_is_blank(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

/* The first value of a header, or an empty slice.  Inline: asked a dozen
 * times for every message. */
static inline sipdiag_str sipdiag_header(const sipdiag_message *msg, sipdiag_header_id id)
{
    if (msg->count[id] == 0) {
        sipdiag_str none = { "", 0 };
        return none;
    }
    return sipdiag_trim(msg->values[id][0]);
}

/* An unsigned decimal number filling the whole slice (blanks around are
 * allowed); false when empty, not a number or above max. */
bool sipdiag_parse_uint(sipdiag_str s, unsigned long max, unsigned long *out);

/* Takes the next comma-separated element off *list, respecting quoted strings
 * and <...>; false when the list is exhausted. */
bool sipdiag_next_element(sipdiag_str *list, sipdiag_str *element);

/* The value of parameter name (e.g. "realm") in a ';' or ',' separated
 * parameter list, unquoted; false when absent. */
bool sipdiag_param(sipdiag_str params, const char *name, char separator, sipdiag_str *value);

/* CSeq: "<number> <method>". */
bool sipdiag_parse_cseq(sipdiag_str value, unsigned long *number, sipdiag_str *method);

/* Why a CSeq value does not parse, in a few words ("the number is above
 * 2^32 - 1"...), or NULL when it does. */
const char *sipdiag_cseq_fault(sipdiag_str value);

/* The branch parameter of the first via-parm of a Via value. */
sipdiag_str sipdiag_via_branch(sipdiag_str via);

/* The transport of a Via value's first via-parm ("UDP" of "SIP/2.0/UDP
 * host;..."), blanks allowed around the slashes (RFC 3261 §25.1); empty
 * when its sent-protocol does not parse. */
sipdiag_str sipdiag_via_transport(sipdiag_str via);

/* The transport a message was carried on, as the capture shows it. */
typedef enum {
    SIPDIAG_CARRIED_UNKNOWN,
    SIPDIAG_CARRIED_UDP,
    SIPDIAG_CARRIED_TCP, /* TLS and WebSocket included */
    SIPDIAG_CARRIED_SCTP
} sipdiag_carrier;

/* Whether a Via transport token names a transport that cannot run on
 * carrier (UDP on TCP, TCP or TLS on UDP...); false for tokens it does not
 * know and for an unknown carrier. */
bool sipdiag_via_transport_misfits(sipdiag_str transport, sipdiag_carrier carrier);

/* The tag parameter of a To or From value (RFC 3261 §19.3), after its
 * name-addr or addr-spec; an empty slice when it has none. */
sipdiag_str sipdiag_tag_param(sipdiag_str value);

/* The event type of an Event header (RFC 6665 §8.2.1): the package and its
 * template, without the parameters ("presence", "message-summary",
 * "refer"); an empty slice when there is none. */
sipdiag_str sipdiag_event_type(sipdiag_str value);

/* False when the value has no scheme, a Digest value has no realm, or a
 * parameter is neither a token nor a quoted-string. */
bool sipdiag_parse_auth(sipdiag_str value, sipdiag_auth *auth);

/* Retry-After: delta-seconds [ "(" comment ")" ] *( ";" retry-param ). */
typedef struct {
    unsigned long seconds;
    sipdiag_str comment;
    bool has_duration;
    unsigned long duration;
} sipdiag_retry_after;

bool sipdiag_parse_retry_after(sipdiag_str value, sipdiag_retry_after *retry);

/* One warning-value: warn-code SP warn-agent SP warn-text. */
typedef struct {
    unsigned long code;
    sipdiag_str agent;
    sipdiag_str text; /* without its quotes */
} sipdiag_warning;

bool sipdiag_parse_warning(sipdiag_str element, sipdiag_warning *warning);

/* Reason: protocol *( ";" reason-params ), e.g. Q.850;cause=16;text="...". */
typedef struct {
    sipdiag_str protocol;
    bool has_cause;
    bool cause_valid;  /* cause is a decimal number that fits */
    unsigned long cause;
    sipdiag_str cause_text; /* the cause parameter as written */
    sipdiag_str text;
    bool has_location;      /* RFC 8606: where in the PSTN the call was released */
    sipdiag_str location;
} sipdiag_reason;

bool sipdiag_parse_reason(sipdiag_str element, sipdiag_reason *reason);

/* One contact-param: the URI (without <>) and its expires and q parameters. */
typedef struct {
    sipdiag_str uri;
    bool star;
    bool has_expires;
    unsigned long expires;
    sipdiag_str q;
} sipdiag_contact;

bool sipdiag_parse_contact(sipdiag_str element, sipdiag_contact *contact);

/* The scheme of a URI ("sip", "sips", "tel"...), or an empty slice. */
sipdiag_str sipdiag_uri_scheme(sipdiag_str uri);

#endif
