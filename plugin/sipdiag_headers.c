/*
 * sipdiag_headers.c: header block and header-value parsing (RFC 3261 §7.3,
 * §20, §25).  Tolerant: a malformed value is reported as such by the
 * parser's return value, never read past.
 */
#include "sipdiag_headers.h"

#include <stdint.h>
#include <string.h>

/* Room for the longest name. */
#define NAME_ROOM 32

typedef struct {
    char lower[NAME_ROOM]; /* the name in lower case */
    size_t len;
    const char *name; /* as registered */
} known_header_t;

#define KNOWN(id, lower, name) [id] = { lower, sizeof(lower) - 1, name }

/* Indexed by sipdiag_header_id. */
static const known_header_t known_headers[SIPDIAG_HDR_COUNT] = {
    KNOWN(SIPDIAG_HDR_CALL_ID, "call-id", "Call-ID"),
    KNOWN(SIPDIAG_HDR_CSEQ, "cseq", "CSeq"),
    KNOWN(SIPDIAG_HDR_VIA, "via", "Via"),
    KNOWN(SIPDIAG_HDR_CONTACT, "contact", "Contact"),
    KNOWN(SIPDIAG_HDR_EXPIRES, "expires", "Expires"),
    KNOWN(SIPDIAG_HDR_MIN_EXPIRES, "min-expires", "Min-Expires"),
    KNOWN(SIPDIAG_HDR_MIN_SE, "min-se", "Min-SE"),
    KNOWN(SIPDIAG_HDR_SESSION_EXPIRES, "session-expires", "Session-Expires"),
    KNOWN(SIPDIAG_HDR_RETRY_AFTER, "retry-after", "Retry-After"),
    KNOWN(SIPDIAG_HDR_WARNING, "warning", "Warning"),
    KNOWN(SIPDIAG_HDR_REASON, "reason", "Reason"),
    KNOWN(SIPDIAG_HDR_WWW_AUTHENTICATE, "www-authenticate", "WWW-Authenticate"),
    KNOWN(SIPDIAG_HDR_PROXY_AUTHENTICATE, "proxy-authenticate", "Proxy-Authenticate"),
    KNOWN(SIPDIAG_HDR_AUTHORIZATION, "authorization", "Authorization"),
    KNOWN(SIPDIAG_HDR_PROXY_AUTHORIZATION, "proxy-authorization", "Proxy-Authorization"),
    KNOWN(SIPDIAG_HDR_UNSUPPORTED, "unsupported", "Unsupported"),
    KNOWN(SIPDIAG_HDR_REQUIRE, "require", "Require"),
    KNOWN(SIPDIAG_HDR_ALLOW, "allow", "Allow"),
    KNOWN(SIPDIAG_HDR_ACCEPT, "accept", "Accept"),
    KNOWN(SIPDIAG_HDR_ACCEPT_ENCODING, "accept-encoding", "Accept-Encoding"),
    KNOWN(SIPDIAG_HDR_ACCEPT_LANGUAGE, "accept-language", "Accept-Language"),
    KNOWN(SIPDIAG_HDR_SECURITY_SERVER, "security-server", "Security-Server"),
    KNOWN(SIPDIAG_HDR_CONTENT_LENGTH, "content-length", "Content-Length"),
    KNOWN(SIPDIAG_HDR_SERVER, "server", "Server"),
    KNOWN(SIPDIAG_HDR_USER_AGENT, "user-agent", "User-Agent"),
    KNOWN(SIPDIAG_HDR_MS_DIAGNOSTICS, "ms-diagnostics", "ms-diagnostics"),
    KNOWN(SIPDIAG_HDR_MS_DIAGNOSTICS_PUBLIC, "ms-diagnostics-public", "ms-diagnostics-public"),
    KNOWN(SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSE, "x-asterisk-hangupcause", "X-Asterisk-HangupCause"),
    KNOWN(SIPDIAG_HDR_X_ASTERISK_HANGUPCAUSECODE, "x-asterisk-hangupcausecode", "X-Asterisk-HangupCauseCode"),
    KNOWN(SIPDIAG_HDR_X_TWILIO_ERROR, "x-twilio-error", "X-Twilio-Error"),
    KNOWN(SIPDIAG_HDR_IDENTITY, "identity", "Identity"),
    KNOWN(SIPDIAG_HDR_FROM, "from", "From"),
    KNOWN(SIPDIAG_HDR_TO, "to", "To"),
    KNOWN(SIPDIAG_HDR_RSEQ, "rseq", "RSeq"),
    KNOWN(SIPDIAG_HDR_P_ASSERTED_IDENTITY, "p-asserted-identity", "P-Asserted-Identity"),
    KNOWN(SIPDIAG_HDR_DATE, "date", "Date"),
    KNOWN(SIPDIAG_HDR_CALL_INFO, "call-info", "Call-Info"),
    KNOWN(SIPDIAG_HDR_CONTENT_TYPE, "content-type", "Content-Type"),
    KNOWN(SIPDIAG_HDR_ALLOW_EVENTS, "allow-events", "Allow-Events"),
    KNOWN(SIPDIAG_HDR_EVENT, "event", "Event"),
    KNOWN(SIPDIAG_HDR_ACCEPT_RESOURCE_PRIORITY, "accept-resource-priority", "Accept-Resource-Priority"),
    KNOWN(SIPDIAG_HDR_GEOLOCATION_ERROR, "geolocation-error", "Geolocation-Error"),
    KNOWN(SIPDIAG_HDR_ALERTMSG_ERROR, "alertmsg-error", "AlertMsg-Error"),
    KNOWN(SIPDIAG_HDR_RECV_INFO, "recv-info", "Recv-Info"),
    KNOWN(SIPDIAG_HDR_PERMISSION_MISSING, "permission-missing", "Permission-Missing"),
    KNOWN(SIPDIAG_HDR_FEATURE_CAPS, "feature-caps", "Feature-Caps"),
};

static sipdiag_str slice(const char *ptr, size_t len)
{
    sipdiag_str s = { ptr, len };
    return s;
}

bool sipdiag_parse_uint(sipdiag_str s, unsigned long max, unsigned long *out)
{
    s = sipdiag_trim(s);
    if (s.len == 0)
        return false;
    unsigned long value = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
        unsigned long digit = (unsigned long)(s.ptr[i] - '0');
        if (value > (max - digit) / 10)
            return false;
        value = value * 10 + digit;
    }
    *out = value;
    return true;
}

/* Length of the line at p (without its CRLF or LF) and of its terminator. */
static size_t line_length(const char *p, size_t avail, size_t *eol_len)
{
    const char *lf = memchr(p, '\n', avail);
    if (!lf) {
        *eol_len = 0;
        return avail;
    }
    size_t len = (size_t)(lf - p);
    *eol_len = 1;
    if (len > 0 && p[len - 1] == '\r') {
        len--;
        *eol_len = 2;
    }
    return len;
}

/* Header names are letters and '-': OR-ing 0x20 lowers a letter and keeps
 * '-'.  Only '\r' (0x0D) also becomes '-', so it is refused on its own. */
static bool name_matches(const char *text, const char *lower_name, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((text[i] | 0x20) != lower_name[i] || text[i] == '\r')
            return false;
    return true;
}

static uint64_t load8(const char *p)
{
    uint64_t word;
    memcpy(&word, p, sizeof word);
    return word;
}

/* Known header ids + 1 by the first letter of the name, lowered (0 ends a
 * row), the headers most messages carry first.  Called for every header line
 * of every message: a candidate costs one byte compare (does the name end
 * at its length?) unless it is the header, so a longer row costs little. */
#define ROW_MAX 8
#define ID(name) (SIPDIAG_HDR_##name + 1)

static const unsigned char known_by_letter[26][ROW_MAX] = {
    ['a' - 'a'] = { ID(ALLOW), ID(ACCEPT), ID(AUTHORIZATION), ID(ALLOW_EVENTS), ID(ACCEPT_ENCODING),
                    ID(ACCEPT_LANGUAGE), ID(ACCEPT_RESOURCE_PRIORITY), ID(ALERTMSG_ERROR) },
    ['c' - 'a'] = { ID(CALL_ID), ID(CSEQ), ID(CONTACT), ID(CONTENT_LENGTH), ID(CONTENT_TYPE), ID(CALL_INFO) },
    ['d' - 'a'] = { ID(DATE) },
    ['e' - 'a'] = { ID(EXPIRES), ID(EVENT) },
    ['f' - 'a'] = { ID(FROM), ID(FEATURE_CAPS) },
    ['g' - 'a'] = { ID(GEOLOCATION_ERROR) },
    ['i' - 'a'] = { ID(IDENTITY) },
    ['m' - 'a'] = { ID(MIN_EXPIRES), ID(MIN_SE), ID(MS_DIAGNOSTICS), ID(MS_DIAGNOSTICS_PUBLIC) },
    ['p' - 'a'] = { ID(P_ASSERTED_IDENTITY), ID(PROXY_AUTHENTICATE), ID(PROXY_AUTHORIZATION), ID(PERMISSION_MISSING) },
    ['r' - 'a'] = { ID(REASON), ID(RETRY_AFTER), ID(REQUIRE), ID(RECV_INFO), ID(RSEQ) },
    ['s' - 'a'] = { ID(SERVER), ID(SESSION_EXPIRES), ID(SECURITY_SERVER) },
    ['t' - 'a'] = { ID(TO) },
    ['u' - 'a'] = { ID(USER_AGENT), ID(UNSUPPORTED) },
    ['v' - 'a'] = { ID(VIA) },
    ['w' - 'a'] = { ID(WARNING), ID(WWW_AUTHENTICATE) },
    ['x' - 'a'] = { ID(X_ASTERISK_HANGUPCAUSE), ID(X_ASTERISK_HANGUPCAUSECODE), ID(X_TWILIO_ERROR) },
};

/* The compact forms (RFC 3261 §7.3.3 and the RFCs that define them) of the
 * known headers, ids + 1 by letter. */
static const unsigned char known_by_compact[26] = {
    ['i' - 'a'] = ID(CALL_ID),         ['v' - 'a'] = ID(VIA),
    ['m' - 'a'] = ID(CONTACT),         ['x' - 'a'] = ID(SESSION_EXPIRES),
    ['l' - 'a'] = ID(CONTENT_LENGTH),  ['f' - 'a'] = ID(FROM),
    ['t' - 'a'] = ID(TO),              ['c' - 'a'] = ID(CONTENT_TYPE),
    ['y' - 'a'] = ID(IDENTITY),        ['u' - 'a'] = ID(ALLOW_EVENTS),
    ['o' - 'a'] = ID(EVENT),
};

const char *sipdiag_header_name(sipdiag_header_id id)
{
    return (unsigned)id < SIPDIAG_HDR_COUNT ? known_headers[id].name : "";
}

static bool ends_name(char c)
{
    return c == ':' || sipdiag_is_blank(c);
}

/*
 * How a line's name is compared with a known one: eight bytes of the line
 * at a time, a word matching when ((word | fold) & keep) == lower.  fold
 * lowers the name's letters (0x20 there) and leaves its '-' to match
 * exactly, so that a CR, which OR-ing would turn into '-', never passes for
 * one; keep drops the bytes after a name shorter than a word.  The last word
 * of a longer name ends with it (and may overlap the one before).  A compact
 * form needs no word: its letter and the end of its name chose it.
 */
#define NAME_WORDS 4

typedef struct {
    uint64_t lower;
    uint64_t fold;
    uint64_t keep;
    size_t offset; /* in the name */
} name_word_t;

/* Every known name's words, then every compact form's (none). */
static name_word_t name_words[SIPDIAG_HDR_COUNT + 26][NAME_WORDS];

/* A line's candidates, by the class of its first byte (0: no name starts
 * so; 1-26: a letter, in either case) and of its second (0: none; 1-26: a
 * letter; 27: '-'; 28: the end of a compact name), in known_by_letter's
 * order, a zero matcher ending a row; each with what turns most candidates
 * down before any word is read.  The two class tables hold the classes as
 * offsets into candidates, added to find the row.  Made on first use. */
#define DASH_CLASS 27
#define COMPACT_CLASS 28
#define ROW_ROOM (ROW_MAX + 1)
#define ROWS_PER_FIRST ((COMPACT_CLASS + 1) * ROW_ROOM)

typedef struct {
    unsigned char matcher; /* index into name_words + 1 */
    unsigned char len;
    unsigned char id;      /* sipdiag_header_id */
    unsigned char words;
} candidate_t;

static candidate_t candidates[27 * ROWS_PER_FIRST];
static uint16_t row_by_first[256];
static unsigned char row_by_second[256];
static bool names_indexed;

static void set_name_word(name_word_t *word, size_t offset, const char *lower, size_t len)
{
    char lower_bytes[sizeof(uint64_t)] = { 0 };
    char fold_bytes[sizeof(uint64_t)] = { 0 };
    char keep_bytes[sizeof(uint64_t)] = { 0 };
    for (size_t i = 0; i < sizeof(uint64_t) && offset + i < len; i++) {
        lower_bytes[i] = lower[offset + i];
        fold_bytes[i] = lower[offset + i] == '-' ? 0 : 0x20;
        keep_bytes[i] = (char)0xFF;
    }
    word->lower = load8(lower_bytes);
    word->fold = load8(fold_bytes);
    word->keep = load8(keep_bytes);
    word->offset = offset;
}

/* The words of a name; how many. */
static unsigned set_name_words(name_word_t *words, const char *lower, size_t len)
{
    unsigned count = len <= sizeof(uint64_t) ? 1 : (unsigned)((len + sizeof(uint64_t) - 1) / sizeof(uint64_t));
    for (unsigned k = 0; k < count; k++) {
        size_t offset = k + 1 < count ? k * sizeof(uint64_t) : len > sizeof(uint64_t) ? len - sizeof(uint64_t) : 0;
        set_name_word(&words[k], offset, lower, len);
    }
    return count;
}

static void add_candidate(unsigned first, unsigned second, candidate_t candidate)
{
    candidate_t *row = &candidates[first * ROWS_PER_FIRST + second * ROW_ROOM];
    size_t end = 0;
    while (row[end].matcher)
        end++;
    row[end] = candidate;
}

static unsigned name_byte_class(char c)
{
    char lower = (char)(c | 0x20);
    if (lower >= 'a' && lower <= 'z')
        return (unsigned)(lower - 'a' + 1);
    return c == '-' ? DASH_CLASS : 0;
}

static void index_names(void)
{
    for (unsigned c = 0; c < 256; c++) {
        unsigned cls = name_byte_class((char)c);
        row_by_first[c] = (uint16_t)((cls == DASH_CLASS ? 0 : cls) * ROWS_PER_FIRST);
        row_by_second[c] = (unsigned char)((ends_name((char)c) ? COMPACT_CLASS : cls) * ROW_ROOM);
    }
    for (unsigned first = 0; first < 26; first++) {
        for (size_t i = 0; i < ROW_MAX && known_by_letter[first][i]; i++) {
            unsigned id = known_by_letter[first][i] - 1U;
            const known_header_t *known = &known_headers[id];
            candidate_t candidate = { (unsigned char)(id + 1), (unsigned char)known->len, (unsigned char)id,
                                      (unsigned char)set_name_words(name_words[id], known->lower, known->len) };
            add_candidate(first + 1, name_byte_class(known->lower[1]), candidate);
        }
        if (known_by_compact[first]) {
            unsigned matcher = SIPDIAG_HDR_COUNT + first;
            candidate_t compact = { (unsigned char)(matcher + 1), 1, (unsigned char)(known_by_compact[first] - 1), 0 };
            add_candidate(first + 1, COMPACT_CLASS, compact);
        }
    }
    names_indexed = true;
}

static bool name_fits(const char *line, size_t n, const candidate_t *candidate)
{
    const name_word_t *words = name_words[candidate->matcher - 1];
    if (n < sizeof(uint64_t) && candidate->words) { /* then the name is shorter than a word */
        char lower[sizeof(uint64_t)];
        char fold[sizeof(uint64_t)];
        memcpy(lower, &words[0].lower, sizeof lower);
        memcpy(fold, &words[0].fold, sizeof fold);
        for (size_t i = 0; i < candidate->len; i++)
            if ((line[i] | fold[i]) != lower[i])
                return false;
        return true;
    }
    if (!candidate->words)
        return true;
    /* The first word apart: most names have no other. */
    if (((load8(line + words[0].offset) | words[0].fold) & words[0].keep) != words[0].lower)
        return false;
    for (unsigned k = 1; k < candidate->words; k++)
        if (((load8(line + words[k].offset) | words[k].fold) & words[k].keep) != words[k].lower)
            return false;
    return true;
}

/* The known header a line starts with, and the length of its name; -1 when
 * the line's name is no known header. */
static int known_header_of(const char *line, size_t n, size_t *name_len)
{
    if (n < 2)
        return -1;
    const candidate_t *row = &candidates[row_by_first[(unsigned char)line[0]] + row_by_second[(unsigned char)line[1]]];
    for (size_t i = 0; i < ROW_MAX && row[i].matcher; i++) {
        size_t len = row[i].len;
        if (n > len && ends_name(line[len]) && name_fits(line, n, &row[i])) {
            *name_len = len;
            return row[i].id;
        }
    }
    return -1;
}

/* The colon after a header name, blanks allowed before it; false when the
 * line has none there. */
static bool colon_after(const char *line, size_t n, size_t name_len, size_t *colon)
{
    size_t i = name_len;
    if (i < n && line[i] == ':') { /* most lines: the name ends there */
        *colon = i;
        return true;
    }
    while (i < n && sipdiag_is_blank(line[i]))
        i++;
    *colon = i;
    return i < n && line[i] == ':';
}

static bool is_version(const char *p, size_t len, bool strict)
{
    if (strict)
        return len == 7 && memcmp(p, "SIP/2.0", 7) == 0;
    return len >= 4 && sipdiag_str_equal_nocase(slice(p, 4), "SIP/");
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "SIP/2.0 ", three digits and a space: a Status-Line, strict or not. */
static bool usual_status_line(sipdiag_str line)
{
    return line.len > 11 && memcmp(line.ptr, "SIP/2.0 ", 8) == 0 && is_digit(line.ptr[8]) && is_digit(line.ptr[9])
           && is_digit(line.ptr[10]) && line.ptr[11] == ' ';
}

sipdiag_line_kind sipdiag_start_line_kind(sipdiag_str line, bool strict, size_t *code_at)
{
    if (usual_status_line(line)) { /* most responses: no space to look for */
        *code_at = 8;
        return SIPDIAG_LINE_STATUS;
    }
    const char *sp1 = memchr(line.ptr, ' ', line.len);
    if (!sp1 || sp1 == line.ptr)
        return SIPDIAG_LINE_OTHER;
    size_t first_len = (size_t)(sp1 - line.ptr);
    if (is_version(line.ptr, first_len, strict)) {
        size_t code = first_len + 1;
        if (line.len > code + 3 && is_digit(line.ptr[code]) && is_digit(line.ptr[code + 1])
            && is_digit(line.ptr[code + 2]) && line.ptr[code + 3] == ' ') {
            *code_at = code;
            return SIPDIAG_LINE_STATUS;
        }
        return SIPDIAG_LINE_OTHER;
    }
    const char *uri = sp1 + 1;
    const char *end = line.ptr + line.len;
    const char *sp2 = memchr(uri, ' ', (size_t)(end - uri));
    if (!sp2 || sp2 - uri < 3 || !memchr(uri + 1, ':', (size_t)(sp2 - uri - 1)))
        return SIPDIAG_LINE_OTHER;
    const char *version = sp2 + 1;
    size_t version_len = (size_t)(end - version);
    return is_version(version, version_len, strict) ? SIPDIAG_LINE_REQUEST : SIPDIAG_LINE_OTHER;
}

static void parse_start_line(sipdiag_str line, sipdiag_message *msg)
{
    msg->is_request = !(line.len >= 4 && memcmp(line.ptr, "SIP/", 4) == 0);
    /* Most: "SIP/2.0 ", three bytes of code and a space, the phrase after it. */
    if (line.len >= 12 && memcmp(line.ptr, "SIP/2.0 ", 8) == 0 && line.ptr[8] != ' ' && line.ptr[9] != ' '
        && line.ptr[10] != ' ' && line.ptr[11] == ' ') {
        msg->reason_phrase = slice(line.ptr + 12, line.len - 12);
        return;
    }
    if (!msg->is_request) {
        const char *sp1 = memchr(line.ptr, ' ', line.len);
        const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', line.len - (size_t)(sp1 + 1 - line.ptr)) : NULL;
        if (sp2)
            msg->reason_phrase = slice(sp2 + 1, line.len - (size_t)(sp2 + 1 - line.ptr));
        return;
    }
    const char *sp1 = memchr(line.ptr, ' ', line.len);
    if (!sp1)
        return;
    msg->method = slice(line.ptr, (size_t)(sp1 - line.ptr));
    size_t rest = line.len - msg->method.len - 1;
    const char *sp2 = memchr(sp1 + 1, ' ', rest);
    msg->request_uri = slice(sp1 + 1, sp2 ? (size_t)(sp2 - sp1 - 1) : rest);
}

void sipdiag_parse_message(const char *buf, size_t len, sipdiag_message *msg)
{
    if (!names_indexed)
        index_names();
    /* values[][] is read only below count[]: no need to clear its 3 KB. */
    msg->is_request = false;
    msg->method = slice("", 0);
    msg->request_uri = slice("", 0);
    msg->reason_phrase = slice("", 0);
    memset(msg->count, 0, sizeof msg->count);
    msg->base = buf;
    msg->avail = len;
    msg->header_len = 0;
    msg->complete = false;
    msg->branch_read = false;
    msg->auth_read = false;
    size_t pos = 0;
    size_t eol_len;
    size_t first_len = line_length(buf, len, &eol_len);
    parse_start_line(slice(buf, first_len), msg);
    pos = first_len + eol_len;

    sipdiag_str *last_value = NULL; /* for folded continuation lines */
    while (pos < len && eol_len > 0) {
        const char *line = buf + pos;
        size_t n = line_length(line, len - pos, &eol_len);
        pos += n + eol_len;
        if (n == 0) {
            msg->complete = eol_len > 0;
            break;
        }
        if (line[0] == ' ' || line[0] == '\t') {
            if (last_value) /* LWS folding: the value goes on */
                last_value->len = (size_t)(line + n - last_value->ptr);
            continue;
        }
        last_value = NULL;
        size_t name_len;
        size_t colon;
        int id = known_header_of(line, n, &name_len);
        if (id < 0 || !colon_after(line, n, name_len, &colon))
            continue;
        unsigned k = msg->count[id]++;
        if (k < SIPDIAG_MAX_HEADER_VALUES) {
            msg->values[id][k] = slice(line + colon + 1, n - colon - 1);
            last_value = &msg->values[id][k];
        }
    }
    msg->header_len = pos <= len ? pos : len;
    sipdiag_str cseq = sipdiag_header(msg, SIPDIAG_HDR_CSEQ);
    msg->cseq_number = 0;
    msg->cseq_method = slice("", 0);
    msg->cseq_parsed = sipdiag_parse_cseq(cseq, &msg->cseq_number, &msg->cseq_method);
    /* The number as written: what comes before the method and the blanks
     * in front of it (the value is trimmed, and starts with the digits). */
    size_t digits = msg->cseq_parsed ? (size_t)(msg->cseq_method.ptr - cseq.ptr) : 0;
    while (digits > 0 && sipdiag_is_blank(cseq.ptr[digits - 1]))
        digits--;
    msg->cseq_digits = slice(cseq.ptr, digits);
}

bool sipdiag_message_cseq(const sipdiag_message *msg, unsigned long *number, sipdiag_str *method)
{
    if (!msg->cseq_parsed)
        return false;
    *number = msg->cseq_number;
    *method = msg->cseq_method;
    return true;
}

void sipdiag_read_branch(sipdiag_message *msg)
{
    msg->branch = sipdiag_via_branch(sipdiag_header(msg, SIPDIAG_HDR_VIA));
    msg->branch_read = true;
}

sipdiag_str sipdiag_top_branch(const sipdiag_message *msg)
{
    return msg->branch_read ? msg->branch : sipdiag_via_branch(sipdiag_header(msg, SIPDIAG_HDR_VIA));
}

void sipdiag_read_auth(sipdiag_message *msg, sipdiag_header_id id)
{
    msg->auth_parsed = sipdiag_parse_auth(sipdiag_header(msg, id), &msg->auth);
    msg->auth_header = id;
    msg->auth_read = true;
}

bool sipdiag_message_auth(const sipdiag_message *msg, sipdiag_header_id id, sipdiag_auth *auth)
{
    if (!msg->auth_read || msg->auth_header != id)
        return sipdiag_parse_auth(sipdiag_header(msg, id), auth);
    *auth = msg->auth;
    return msg->auth_parsed;
}

sipdiag_str sipdiag_message_body(const sipdiag_message *msg)
{
    if (!msg->complete || msg->header_len > msg->avail)
        return slice("", 0);
    size_t len = msg->avail - msg->header_len;
    unsigned kept = sipdiag_kept_count(msg, SIPDIAG_HDR_CONTENT_LENGTH);
    unsigned long declared;
    if (kept > 0 && kept == msg->count[SIPDIAG_HDR_CONTENT_LENGTH]
        && sipdiag_parse_uint(msg->values[SIPDIAG_HDR_CONTENT_LENGTH][kept - 1], 0xFFFFFFFFUL, &declared)
        && declared < len)
        len = declared;
    return slice(msg->base + msg->header_len, len);
}

unsigned sipdiag_kept_count(const sipdiag_message *msg, sipdiag_header_id id)
{
    return msg->count[id] < SIPDIAG_MAX_HEADER_VALUES ? msg->count[id] : SIPDIAG_MAX_HEADER_VALUES;
}

/* Index just past the quoted string starting at s[i] == '"', or len.  A
 * backslash escapes the byte after it.  Nonces and digests are long quoted
 * strings in most messages: jumped over, not read byte by byte. */
static size_t skip_quoted(const char *s, size_t len, size_t i)
{
    for (i++; i < len;) {
        const char *quote = memchr(s + i, '"', len - i);
        size_t end = quote ? (size_t)(quote - s) : len;
        const char *escape = memchr(s + i, '\\', end - i);
        if (!escape)
            return quote ? end + 1 : len;
        i = (size_t)(escape - s) + 2;
    }
    return len;
}

/* Index of the first c outside quoted strings, or len. */
static size_t find_unquoted(sipdiag_str s, char c)
{
    size_t i = 0;
    while (i < s.len) {
        if (s.ptr[i] == '"') {
            i = skip_quoted(s.ptr, s.len, i);
            continue;
        }
        if (s.ptr[i] == c)
            return i;
        i++;
    }
    return s.len;
}

/* Index of the next separator outside quotes and <...>, or len. */
static size_t find_separator(sipdiag_str s, char separator)
{
    int angle_depth = 0;
    size_t i = 0;
    while (i < s.len) {
        char c = s.ptr[i];
        if ((unsigned char)c > '>') { /* letters and most of a value: none of "<>,; */
            i++;
            continue;
        }
        if (c == '"') {
            i = skip_quoted(s.ptr, s.len, i);
            continue;
        }
        if (c == '<')
            angle_depth++;
        else if (c == '>' && angle_depth > 0)
            angle_depth--;
        else if (c == separator && angle_depth == 0)
            return i;
        i++;
    }
    return s.len;
}

/* Takes the text up to the next separator off *list; false when nothing is left. */
static bool next_part(sipdiag_str *list, char separator, sipdiag_str *part)
{
    while (list->len > 0) {
        size_t end = find_separator(*list, separator);
        *part = sipdiag_trim(slice(list->ptr, end));
        size_t consumed = end < list->len ? end + 1 : end;
        list->ptr += consumed;
        list->len -= consumed;
        if (part->len > 0)
            return true;
    }
    return false;
}

bool sipdiag_next_element(sipdiag_str *list, sipdiag_str *element)
{
    return next_part(list, ',', element);
}

static sipdiag_str unquote(sipdiag_str s)
{
    s = sipdiag_trim(s);
    if (s.len >= 2 && s.ptr[0] == '"' && s.ptr[s.len - 1] == '"')
        return slice(s.ptr + 1, s.len - 2);
    if (s.len >= 1 && s.ptr[0] == '"') /* unterminated: keep what is there */
        return slice(s.ptr + 1, s.len - 1);
    return s;
}

bool sipdiag_param(sipdiag_str params, const char *name, char separator, sipdiag_str *value)
{
    sipdiag_str part;
    while (next_part(&params, separator, &part)) {
        const char *eq = memchr(part.ptr, '=', part.len);
        sipdiag_str key = sipdiag_trim(slice(part.ptr, eq ? (size_t)(eq - part.ptr) : part.len));
        if (!sipdiag_str_equal_nocase(key, name))
            continue;
        *value = eq ? unquote(slice(eq + 1, part.len - (size_t)(eq + 1 - part.ptr))) : slice("", 0);
        return true;
    }
    return false;
}

/* One pass over the number (every message's CSeq is read): it must be all
 * digits up to the first blank and fit in 32 bits. */
bool sipdiag_parse_cseq(sipdiag_str value, unsigned long *number, sipdiag_str *method)
{
    value = sipdiag_trim(value);
    uint64_t n = 0;
    size_t i = 0;
    for (; i < value.len && is_digit(value.ptr[i]); i++) {
        n = n * 10 + (uint64_t)(value.ptr[i] - '0');
        if (n > 0xFFFFFFFFU)
            return false;
    }
    if (i == 0 || (i < value.len && !sipdiag_is_blank(value.ptr[i])))
        return false;
    *number = (unsigned long)n;
    *method = sipdiag_trim(slice(value.ptr + i, value.len - i));
    return method->len > 0;
}

/* RFC 3261 §8.1.1.5, §20.16: one decimal number that fits in 32 bits, a
 * blank, the method. */
const char *sipdiag_cseq_fault(sipdiag_str value)
{
    unsigned long number;
    sipdiag_str method;
    value = sipdiag_trim(value);
    if (sipdiag_parse_cseq(value, &number, &method))
        return NULL;
    if (value.len == 0)
        return "the value is empty";
    if (value.ptr[0] == '+' || value.ptr[0] == '-')
        return "the sequence number has a sign; it must be plain decimal digits";
    size_t digits = 0;
    while (digits < value.len && is_digit(value.ptr[digits]))
        digits++;
    if (digits == 0)
        return "no sequence number before the method";
    if (digits < value.len && !sipdiag_is_blank(value.ptr[digits]))
        return "the sequence number is not a plain decimal integer (no fractions, exponents or letters)";
    unsigned long ignored;
    if (!sipdiag_parse_uint((sipdiag_str){ value.ptr, digits }, 0xFFFFFFFFUL, &ignored))
        return "the sequence number is above 2^32 - 1";
    return "no method after the sequence number";
}

/* True when s[i..] starts a "branch" parameter name (blanks allowed
 * around it, then '='); *value_at is then the index after the '='. */
static bool at_branch_param(const char *s, size_t len, size_t i, size_t *value_at)
{
    static const char name[] = "branch";
    /* Most Vias: "branch=" right after the ';'.  OR-ing 0x20 lowers a
     * letter and turns no other byte into one of these letters. */
    if (len - i > sizeof name - 1 && s[i + sizeof name - 1] == '=') {
        uint32_t head;
        uint16_t tail;
        uint32_t name_head;
        uint16_t name_tail;
        memcpy(&head, s + i, sizeof head);
        memcpy(&tail, s + i + sizeof head, sizeof tail);
        memcpy(&name_head, name, sizeof name_head);
        memcpy(&name_tail, name + sizeof name_head, sizeof name_tail);
        if ((head | 0x20202020U) == name_head && (uint16_t)(tail | 0x2020U) == name_tail) {
            *value_at = i + sizeof name;
            return true;
        }
    }
    while (i < len && sipdiag_is_blank(s[i]))
        i++;
    if (len - i < sizeof name - 1 || !name_matches(s + i, name, sizeof name - 1))
        return false;
    i += sizeof name - 1;
    while (i < len && sipdiag_is_blank(s[i]))
        i++;
    if (i >= len || s[i] != '=')
        return false;
    *value_at = i + 1;
    return true;
}

/* Index of the first ';', ',' or '"' from i, or len: three memchr, cheaper
 * than a loop over the twenty-odd bytes of a branch. */
static size_t branch_end(const char *s, size_t len, size_t i)
{
    const char *semi = memchr(s + i, ';', len - i);
    size_t end = semi ? (size_t)(semi - s) : len;
    const char *comma = memchr(s + i, ',', end - i);
    end = comma ? (size_t)(comma - s) : end;
    const char *quote = memchr(s + i, '"', end - i);
    return quote ? (size_t)(quote - s) : end;
}

static sipdiag_str branch_value(sipdiag_str via, size_t value_at)
{
    size_t end = value_at;
    for (;;) {
        end = branch_end(via.ptr, via.len, end);
        if (end >= via.len || via.ptr[end] != '"')
            break;
        end = skip_quoted(via.ptr, via.len, end);
    }
    return unquote(slice(via.ptr + value_at, end - value_at));
}

static bool holds(const char *p, size_t len, char c)
{
    return memchr(p, c, len) != NULL;
}

/* sipdiag_via_branch of a Via with neither a quote nor a comma anywhere (a
 * single via-parm, as most are): from ';' to ';', the value ending at the
 * next one. */
static sipdiag_str plain_via_branch(sipdiag_str via)
{
    size_t value_at;
    for (const char *semi = memchr(via.ptr, ';', via.len); semi;) {
        size_t i = (size_t)(semi - via.ptr) + 1;
        semi = i < via.len ? memchr(via.ptr + i, ';', via.len - i) : NULL;
        if (at_branch_param(via.ptr, via.len, i, &value_at)) {
            size_t end = semi ? (size_t)(semi - via.ptr) : via.len;
            return unquote(slice(via.ptr + value_at, end - value_at));
        }
    }
    return slice("", 0);
}

/* Every message's Via is read for its transaction, so the usual case (no
 * quotes and no second via-parm before the branch) jumps from ';' to ';';
 * anything else is read a character at a time. */
sipdiag_str sipdiag_via_branch(sipdiag_str via)
{
    size_t i = 0;
    size_t value_at;
    if (!holds(via.ptr, via.len, '"') && !holds(via.ptr, via.len, ','))
        return plain_via_branch(via);
    while (i < via.len) {
        const char *semi = memchr(via.ptr + i, ';', via.len - i);
        size_t to_semi = semi ? (size_t)(semi - via.ptr) - i : via.len - i;
        if (holds(via.ptr + i, to_semi, '"') || holds(via.ptr + i, to_semi, ','))
            break;
        if (!semi)
            return slice("", 0);
        i += to_semi + 1;
        if (at_branch_param(via.ptr, via.len, i, &value_at))
            return branch_value(via, value_at);
    }
    while (i < via.len) {
        char c = via.ptr[i];
        if (c == '"') {
            i = skip_quoted(via.ptr, via.len, i);
            continue;
        }
        if (c == ',')
            break; /* the next via-parm: not the top one */
        if (c == ';' && at_branch_param(via.ptr, via.len, i + 1, &value_at))
            return branch_value(via, value_at);
        i++;
    }
    return slice("", 0);
}

/* What follows "name" and blanks, then a '/' and blanks; NULL if not that. */
static const char *after_slash(const char *p, const char *end)
{
    while (p < end && sipdiag_is_blank(*p))
        p++;
    if (p >= end || *p != '/')
        return NULL;
    p++;
    while (p < end && sipdiag_is_blank(*p))
        p++;
    return p;
}

static const char *token_end(const char *p, const char *end)
{
    while (p < end && !sipdiag_is_blank(*p) && *p != '/' && *p != ';' && *p != ',')
        p++;
    return p;
}

sipdiag_str sipdiag_via_transport(sipdiag_str via)
{
    const char *p = via.ptr;
    const char *end = via.ptr + via.len;
    while (p < end && sipdiag_is_blank(*p))
        p++;
    for (int part = 0; part < 2 && p; part++) /* protocol name, then version */
        p = after_slash(token_end(p, end), end);
    if (!p)
        return slice("", 0);
    return slice(p, (size_t)(token_end(p, end) - p));
}

bool sipdiag_via_transport_misfits(sipdiag_str transport, sipdiag_carrier carrier)
{
    static const struct {
        const char *name;
        sipdiag_carrier runs_on;
    } known[] = {
        { "UDP", SIPDIAG_CARRIED_UDP },  { "TCP", SIPDIAG_CARRIED_TCP },       { "TLS", SIPDIAG_CARRIED_TCP },
        { "WS", SIPDIAG_CARRIED_TCP },   { "WSS", SIPDIAG_CARRIED_TCP },       { "SCTP", SIPDIAG_CARRIED_SCTP },
        { "TLS-SCTP", SIPDIAG_CARRIED_SCTP },
    };
    if (carrier == SIPDIAG_CARRIED_UNKNOWN)
        return false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (sipdiag_str_equal_nocase(transport, known[i].name))
            return known[i].runs_on != carrier;
    return false;
}

sipdiag_str sipdiag_tag_param(sipdiag_str value)
{
    value = sipdiag_trim(value);
    size_t i = 0;
    /* The display name may be quoted and the URI in <...> holds its own ';'. */
    const char *open = NULL;
    for (; i < value.len && value.ptr[i] != ';'; i++) {
        if (value.ptr[i] == '"') {
            i = skip_quoted(value.ptr, value.len, i) - 1;
        } else if (value.ptr[i] == '<') {
            open = value.ptr + i;
            break;
        }
    }
    if (open) {
        const char *close = memchr(open, '>', value.len - (size_t)(open - value.ptr));
        if (!close)
            return slice("", 0);
        i = (size_t)(close - value.ptr) + 1;
    }
    sipdiag_str tag;
    if (i >= value.len || !sipdiag_param(slice(value.ptr + i, value.len - i), "tag", ';', &tag))
        return slice("", 0);
    return tag;
}

sipdiag_str sipdiag_event_type(sipdiag_str value)
{
    value = sipdiag_trim(value);
    const char *semi = memchr(value.ptr, ';', value.len);
    return sipdiag_trim(slice(value.ptr, semi ? (size_t)(semi - value.ptr) : value.len));
}

bool sipdiag_parse_auth(sipdiag_str value, sipdiag_auth *auth)
{
    memset(auth, 0, sizeof *auth);
    value = sipdiag_trim(value);
    size_t i = 0;
    while (i < value.len && !sipdiag_is_blank(value.ptr[i]))
        i++;
    auth->scheme = slice(value.ptr, i);
    if (auth->scheme.len == 0)
        return false;
    /* One pass over the parameters: challenges and credentials are in most messages. */
    sipdiag_str params = slice(value.ptr + i, value.len - i);
    sipdiag_str part;
    bool well_formed = true;
    while (next_part(&params, ',', &part)) {
        const char *eq = memchr(part.ptr, '=', part.len);
        if (!eq)
            continue;
        sipdiag_str key = sipdiag_trim(slice(part.ptr, (size_t)(eq - part.ptr)));
        sipdiag_str raw = sipdiag_trim(slice(eq + 1, part.len - (size_t)(eq + 1 - part.ptr)));
        /* A parameter is a token or a quoted-string (RFC 3261 §25.1): a
         * quote inside a token (realm=\"x\") leaves nothing a client can answer. */
        if (raw.len && raw.ptr[0] != '"' && (memchr(raw.ptr, '"', raw.len) || memchr(raw.ptr, '\\', raw.len)))
            well_formed = false;
        sipdiag_str val = unquote(raw);
        if (sipdiag_str_equal_nocase(key, "realm")) {
            auth->realm = val;
            auth->has_realm = true;
        } else if (sipdiag_str_equal_nocase(key, "algorithm")) {
            auth->algorithm = val;
        } else if (sipdiag_str_equal_nocase(key, "qop")) {
            auth->qop = val;
        } else if (sipdiag_str_equal_nocase(key, "username")) {
            auth->username = val;
        } else if (sipdiag_str_equal_nocase(key, "nonce")) {
            auth->nonce = val;
        } else if (sipdiag_str_equal_nocase(key, "stale")) {
            auth->stale = sipdiag_str_equal_nocase(val, "true");
            auth->has_stale = true;
        }
    }
    return well_formed && (auth->has_realm || !sipdiag_str_equal_nocase(auth->scheme, "Digest"));
}

bool sipdiag_parse_retry_after(sipdiag_str value, sipdiag_retry_after *retry)
{
    memset(retry, 0, sizeof *retry);
    value = sipdiag_trim(value);
    size_t i = 0;
    while (i < value.len && value.ptr[i] >= '0' && value.ptr[i] <= '9')
        i++;
    if (!sipdiag_parse_uint(slice(value.ptr, i), 0xFFFFFFFFUL, &retry->seconds))
        return false;
    sipdiag_str rest = sipdiag_trim(slice(value.ptr + i, value.len - i));
    if (rest.len > 0 && rest.ptr[0] == '(') {
        const char *close = memchr(rest.ptr, ')', rest.len);
        if (!close)
            return false;
        retry->comment = slice(rest.ptr + 1, (size_t)(close - rest.ptr - 1));
        rest = sipdiag_trim(slice(close + 1, rest.len - (size_t)(close + 1 - rest.ptr)));
    }
    if (rest.len > 0 && rest.ptr[0] != ';')
        return false;
    sipdiag_str duration;
    if (sipdiag_param(rest, "duration", ';', &duration))
        retry->has_duration = sipdiag_parse_uint(duration, 0xFFFFFFFFUL, &retry->duration);
    return true;
}

bool sipdiag_parse_warning(sipdiag_str element, sipdiag_warning *warning)
{
    memset(warning, 0, sizeof *warning);
    element = sipdiag_trim(element);
    if (element.len < 3 || !sipdiag_parse_uint(slice(element.ptr, 3), 999, &warning->code))
        return false;
    if (element.len == 3 || element.ptr[3] != ' ')
        return false;
    sipdiag_str rest = sipdiag_trim(slice(element.ptr + 4, element.len - 4));
    size_t i = 0;
    while (i < rest.len && !sipdiag_is_blank(rest.ptr[i]))
        i++;
    warning->agent = slice(rest.ptr, i);
    sipdiag_str text = sipdiag_trim(slice(rest.ptr + i, rest.len - i));
    if (warning->agent.len == 0 || text.len < 2 || text.ptr[0] != '"' || text.ptr[text.len - 1] != '"')
        return false;
    warning->text = unquote(text);
    return true;
}

bool sipdiag_parse_reason(sipdiag_str element, sipdiag_reason *reason)
{
    memset(reason, 0, sizeof *reason);
    element = sipdiag_trim(element);
    size_t end = find_separator(element, ';');
    reason->protocol = sipdiag_trim(slice(element.ptr, end));
    sipdiag_str params = slice(element.ptr + end, element.len - end);
    reason->has_cause = sipdiag_param(params, "cause", ';', &reason->cause_text);
    if (reason->has_cause)
        reason->cause_valid = sipdiag_parse_uint(reason->cause_text, 0xFFFFFFFFUL, &reason->cause);
    sipdiag_param(params, "text", ';', &reason->text);
    reason->has_location = sipdiag_param(params, "location", ';', &reason->location);
    return reason->protocol.len > 0 && reason->has_cause && reason->cause_valid;
}

bool sipdiag_parse_contact(sipdiag_str element, sipdiag_contact *contact)
{
    memset(contact, 0, sizeof *contact);
    element = sipdiag_trim(element);
    if (element.len == 1 && element.ptr[0] == '*') {
        contact->star = true;
        return true;
    }
    size_t open = find_unquoted(element, '<');
    sipdiag_str params;
    if (open < element.len) {
        const char *close = memchr(element.ptr + open, '>', element.len - open);
        if (!close)
            return false;
        contact->uri = slice(element.ptr + open + 1, (size_t)(close - element.ptr - open - 1));
        params = slice(close + 1, element.len - (size_t)(close + 1 - element.ptr));
    } else {
        size_t semi = find_separator(element, ';');
        contact->uri = sipdiag_trim(slice(element.ptr, semi));
        params = slice(element.ptr + semi, element.len - semi);
    }
    sipdiag_str expires;
    if (sipdiag_param(params, "expires", ';', &expires))
        contact->has_expires = sipdiag_parse_uint(expires, 0xFFFFFFFFUL, &contact->expires);
    sipdiag_param(params, "q", ';', &contact->q);
    return contact->uri.len > 0;
}

sipdiag_str sipdiag_uri_scheme(sipdiag_str uri)
{
    uri = sipdiag_trim(uri);
    for (size_t i = 0; i < uri.len; i++) {
        char c = uri.ptr[i];
        if (c == ':')
            return slice(uri.ptr, i);
        bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                           || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!scheme_char)
            break;
    }
    return slice("", 0);
}
