/*
 * sipdiag_passport.c: Identity header and PASSporT decoding.  Base64url and
 * a small JSON reader, both bounded: JSON nesting deeper than JSON_DEPTH or
 * longer than the fixed buffers is reported, never followed.
 */
#include "sipdiag_passport.h"

#include <string.h>

#include "sipdiag_vendor.h"

#define JSON_DEPTH 6

static sipdiag_str slice(const char *ptr, size_t len)
{
    sipdiag_str s = { ptr, len };
    return s;
}

/* --- base64url */

static int b64url_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

/* Base64 (RFC 4648): the URL-safe alphabet (§5), with std_too also the
 * standard one (§4); blanks skipped, and padding, after which the URL-safe
 * form allows no more symbols. */
static bool base64_decode(sipdiag_str in, bool std_too, char *out, size_t out_size, size_t *out_len)
{
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t n = 0;
    size_t symbols = 0;
    bool padding = false;
    *out_len = 0;
    for (size_t i = 0; i < in.len; i++) {
        unsigned char c = (unsigned char)in.ptr[i];
        if (sipdiag_is_blank((char)c))
            continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        int v = std_too && c == '+' ? 62 : std_too && c == '/' ? 63 : b64url_value(c);
        if (v < 0 || (padding && !std_too))
            return false;
        symbols++;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n >= out_size)
                return false;
            out[n++] = (char)((acc >> bits) & 0xFF);
        }
    }
    if (symbols % 4 == 1)
        return false;
    *out_len = n;
    return true;
}

bool sipdiag_base64url_decode(sipdiag_str in, char *out, size_t out_size, size_t *out_len)
{
    return base64_decode(in, false, out, out_size, out_len);
}

/* --- a minimal JSON reader over one decoded object */

typedef struct {
    const char *p;
    size_t len;
    size_t i;
} json_t;

static void json_blanks(json_t *j)
{
    while (j->i < j->len && (j->p[j->i] == ' ' || j->p[j->i] == '\t' || j->p[j->i] == '\r' || j->p[j->i] == '\n'))
        j->i++;
}

static bool json_take(json_t *j, char c)
{
    json_blanks(j);
    if (j->i < j->len && j->p[j->i] == c) {
        j->i++;
        return true;
    }
    return false;
}

static bool json_peek(json_t *j, char c)
{
    json_blanks(j);
    return j->i < j->len && j->p[j->i] == c;
}

/* A string, its content as written (escapes not undone). */
static bool json_string(json_t *j, sipdiag_str *out)
{
    if (!json_take(j, '"'))
        return false;
    size_t start = j->i;
    while (j->i < j->len && j->p[j->i] != '"') {
        if ((unsigned char)j->p[j->i] < 0x20)
            return false;
        j->i += j->p[j->i] == '\\' ? 2 : 1;
    }
    if (j->i >= j->len)
        return false;
    *out = slice(j->p + start, j->i - start);
    j->i++;
    return true;
}

/* A key or literal, byte for byte: JSON is case-sensitive. */
static bool key_word(sipdiag_str s, const char *word)
{
    return s.len == strlen(word) && memcmp(s.ptr, word, s.len) == 0;
}

static bool is_number_byte(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* A number (its bytes, loosely checked) or true, false or null. */
static bool json_scalar(json_t *j, sipdiag_str *out)
{
    json_blanks(j);
    size_t start = j->i;
    while (j->i < j->len && is_number_byte(j->p[j->i]))
        j->i++;
    if (j->i == start) {
        while (j->i < j->len && j->p[j->i] >= 'a' && j->p[j->i] <= 'z')
            j->i++;
        *out = slice(j->p + start, j->i - start);
        return key_word(*out, "true") || key_word(*out, "false") || key_word(*out, "null");
    }
    *out = slice(j->p + start, j->i - start);
    return true;
}

/* One byte of a skipped array or object: a bracket moves the stack of
 * closers, a string is jumped over; false on a fault. */
static bool skip_step(json_t *j, char *closers, int *open, int room)
{
    sipdiag_str ignored;
    char c = j->p[j->i];
    if (c == '"')
        return json_string(j, &ignored);
    if (c == '{' || c == '[') {
        if (*open >= room)
            return false;
        closers[(*open)++] = c == '{' ? '}' : ']';
    } else if (c == '}' || c == ']') {
        if (*open == 0 || closers[*open - 1] != c)
            return false;
        (*open)--;
    } else if ((unsigned char)c < 0x20) {
        return false;
    }
    j->i++;
    return true;
}

/* Skips one value.  Arrays and objects are walked with a stack of their
 * closing brackets, no deeper than JSON_DEPTH in all; inside them only the
 * nesting and the strings are checked. */
static bool json_skip(json_t *j, int depth)
{
    sipdiag_str ignored;
    char closers[JSON_DEPTH];
    int open = 0;
    if (!json_peek(j, '{') && !json_peek(j, '['))
        return json_peek(j, '"') ? json_string(j, &ignored) : json_scalar(j, &ignored);
    int room = depth < JSON_DEPTH ? JSON_DEPTH - depth : 0;
    do {
        json_blanks(j);
        if (j->i >= j->len || !skip_step(j, closers, &open, room))
            return false;
    } while (open > 0);
    return true;
}

/* A string value into *out, anything else skipped (and left empty). */
static bool json_string_or_skip(json_t *j, sipdiag_str *out, int depth)
{
    if (json_peek(j, '"'))
        return json_string(j, out);
    return json_skip(j, depth);
}

/* Walks the members of an object: on_member reads or skips each value. */
typedef bool (*member_fn)(json_t *j, sipdiag_str key, void *ctx, int depth);

static bool json_object(json_t *j, member_fn on_member, void *ctx, int depth)
{
    if (depth > JSON_DEPTH || !json_take(j, '{'))
        return false;
    if (json_take(j, '}'))
        return true;
    do {
        sipdiag_str key;
        if (!json_string(j, &key) || !json_take(j, ':') || !on_member(j, key, ctx, depth + 1))
            return false;
    } while (json_take(j, ','));
    return json_take(j, '}');
}


static bool header_member(json_t *j, sipdiag_str key, void *ctx, int depth)
{
    sipdiag_passport *pp = ctx;
    if (key_word(key, "alg"))
        return json_string_or_skip(j, &pp->alg, depth);
    if (key_word(key, "ppt"))
        return json_string_or_skip(j, &pp->ppt, depth);
    if (key_word(key, "typ"))
        return json_string_or_skip(j, &pp->typ, depth);
    if (key_word(key, "x5u"))
        return json_string_or_skip(j, &pp->x5u, depth);
    return json_skip(j, depth);
}

static bool orig_member(json_t *j, sipdiag_str key, void *ctx, int depth)
{
    sipdiag_passport *pp = ctx;
    if (key_word(key, "tn"))
        return json_string_or_skip(j, &pp->orig_tn, depth);
    if (key_word(key, "uri"))
        return json_string_or_skip(j, &pp->orig_uri, depth);
    return json_skip(j, depth);
}

static bool keep_dest(sipdiag_passport *pp, sipdiag_str tn)
{
    if (pp->dest_count < SIPDIAG_PASSPORT_DEST_MAX)
        pp->dest_tn[pp->dest_count++] = tn;
    return true;
}

/* dest.tn: an array of strings (RFC 8225 §5.2.1), or one string as some signers write it. */
static bool dest_tn_value(json_t *j, sipdiag_passport *pp, int depth)
{
    sipdiag_str tn;
    if (json_peek(j, '"'))
        return json_string(j, &tn) && keep_dest(pp, tn);
    if (!json_take(j, '['))
        return json_skip(j, depth);
    if (json_take(j, ']'))
        return true;
    do {
        if (json_peek(j, '"') ? !(json_string(j, &tn) && keep_dest(pp, tn)) : !json_skip(j, depth + 1))
            return false;
    } while (json_take(j, ','));
    return json_take(j, ']');
}

static bool dest_member(json_t *j, sipdiag_str key, void *ctx, int depth)
{
    if (key_word(key, "tn"))
        return dest_tn_value(j, ctx, depth);
    return json_skip(j, depth);
}

/* iat: a NumericDate; only a whole number of seconds is read. */
static bool iat_value(json_t *j, sipdiag_passport *pp)
{
    sipdiag_str number;
    if (json_peek(j, '"') || json_peek(j, '{') || json_peek(j, '['))
        return json_skip(j, 1);
    if (!json_scalar(j, &number))
        return false;
    unsigned long long v = 0;
    for (size_t i = 0; i < number.len; i++) {
        if (number.ptr[i] < '0' || number.ptr[i] > '9' || v > (unsigned long long)INT64_MAX / 10 - 1)
            return true; /* kept as no iat */
        v = v * 10 + (unsigned long long)(number.ptr[i] - '0');
    }
    pp->has_iat = true;
    pp->iat = (int64_t)v;
    return true;
}

static bool claims_member(json_t *j, sipdiag_str key, void *ctx, int depth)
{
    sipdiag_passport *pp = ctx;
    if (key_word(key, "attest"))
        return json_string_or_skip(j, &pp->attest, depth);
    if (key_word(key, "origid"))
        return json_string_or_skip(j, &pp->origid, depth);
    if (key_word(key, "iat"))
        return iat_value(j, pp);
    if (key_word(key, "orig"))
        return json_peek(j, '{') ? json_object(j, orig_member, pp, depth) : json_skip(j, depth);
    if (key_word(key, "dest"))
        return json_peek(j, '{') ? json_object(j, dest_member, pp, depth) : json_skip(j, depth);
    return json_skip(j, depth);
}

/* Decodes one base64url part into buf and walks it as an object. */
static bool decode_part(sipdiag_str part, char *buf, size_t size, size_t *len, member_fn on_member,
                        sipdiag_passport *pp, const char **error, const char *what_b64, const char *what_json)
{
    if (!sipdiag_base64url_decode(part, buf, size, len)) {
        *error = what_b64;
        return false;
    }
    json_t j = { buf, *len, 0 };
    if (!json_object(&j, on_member, pp, 0)) {
        *error = what_json;
        return false;
    }
    json_blanks(&j);
    if (j.i != j.len) {
        *error = what_json;
        return false;
    }
    return true;
}

static void identity_params(sipdiag_str params, sipdiag_passport *pp)
{
    sipdiag_str name;
    sipdiag_str value;
    while (sipdiag_vendor_next_param(&params, &name, &value)) {
        if (sipdiag_str_equal_nocase(name, "info")) {
            if (value.len >= 2 && value.ptr[0] == '<' && value.ptr[value.len - 1] == '>')
                value = slice(value.ptr + 1, value.len - 2);
            pp->info = value;
        } else if (sipdiag_str_equal_nocase(name, "alg")) {
            pp->alg_param = value;
        } else if (sipdiag_str_equal_nocase(name, "ppt")) {
            pp->ppt_param = value;
        }
    }
}

static void clear(sipdiag_passport *pp)
{
    /* Not the buffers: only header_len/claims_len bytes of them are read. */
    sipdiag_str empty = slice("", 0);
    pp->jws = pp->info = pp->alg_param = pp->ppt_param = empty;
    pp->alg = pp->ppt = pp->typ = pp->x5u = empty;
    pp->attest = pp->orig_tn = pp->orig_uri = pp->origid = empty;
    pp->compact = pp->header_decoded = pp->claims_decoded = pp->has_iat = false;
    pp->dest_count = 0;
    pp->iat = 0;
    pp->error = NULL;
    pp->header_len = pp->claims_len = 0;
}

bool sipdiag_parse_passport(sipdiag_str value, sipdiag_passport *pp)
{
    clear(pp);
    value = sipdiag_trim(value);
    const char *semi = memchr(value.ptr, ';', value.len);
    size_t jws_len = semi ? (size_t)(semi - value.ptr) : value.len;
    pp->jws = sipdiag_trim(slice(value.ptr, jws_len));
    if (semi)
        identity_params(slice(semi + 1, value.len - jws_len - 1), pp);
    const char *dot1 = memchr(pp->jws.ptr, '.', pp->jws.len);
    const char *dot2 = dot1 ? memchr(dot1 + 1, '.', pp->jws.len - (size_t)(dot1 + 1 - pp->jws.ptr)) : NULL;
    if (!dot2 || memchr(dot2 + 1, '.', pp->jws.len - (size_t)(dot2 + 1 - pp->jws.ptr))) {
        pp->error = "not a JWS (header.claims.signature)";
        return false;
    }
    sipdiag_str header = slice(pp->jws.ptr, (size_t)(dot1 - pp->jws.ptr));
    sipdiag_str claims = slice(dot1 + 1, (size_t)(dot2 - dot1 - 1));
    size_t sig_len = pp->jws.len - (size_t)(dot2 + 1 - pp->jws.ptr);
    if (sig_len == 0) {
        pp->error = "no signature";
        return false;
    }
    if (header.len == 0 && claims.len == 0) {
        pp->compact = true;
        return true;
    }
    pp->header_decoded = decode_part(header, pp->header_json, sizeof pp->header_json, &pp->header_len,
                                     header_member, pp, &pp->error, "header is not base64url (or too long)",
                                     "header is not a JSON object");
    if (!pp->header_decoded)
        return false;
    pp->claims_decoded = decode_part(claims, pp->claims_json, sizeof pp->claims_json, &pp->claims_len,
                                     claims_member, pp, &pp->error, "claims are not base64url (or too long)",
                                     "claims are not a JSON object");
    return pp->claims_decoded;
}

/* --- Date */

static bool digits_value(sipdiag_str s, size_t at, size_t n, int *out)
{
    if (at + n > s.len)
        return false;
    int v = 0;
    for (size_t i = at; i < at + n; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
        v = v * 10 + (s.ptr[i] - '0');
    }
    *out = v;
    return true;
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (the usual civil algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = ((int64_t)153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool sipdiag_parse_sip_date(sipdiag_str value, int64_t *epoch)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    /* "Sat, 13 Nov 2010 23:29:00 GMT": fixed columns after the weekday. */
    value = sipdiag_trim(value);
    if (value.len != 29 || value.ptr[3] != ',' || value.ptr[4] != ' ' || value.ptr[7] != ' ' || value.ptr[11] != ' '
        || value.ptr[16] != ' ' || value.ptr[19] != ':' || value.ptr[22] != ':' || value.ptr[25] != ' '
        || memcmp(value.ptr + 26, "GMT", 3) != 0)
        return false;
    int day;
    int year;
    int hour;
    int minute;
    int second;
    if (!digits_value(value, 5, 2, &day) || !digits_value(value, 12, 4, &year) || !digits_value(value, 17, 2, &hour)
        || !digits_value(value, 20, 2, &minute) || !digits_value(value, 23, 2, &second))
        return false;
    int month = 0;
    for (int m = 0; m < 12; m++)
        if (memcmp(value.ptr + 8, months + (size_t)m * 3, 3) == 0)
            month = m + 1;
    if (month == 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return false;
    *epoch = days_from_civil(year, month, day) * 86400 + (int64_t)hour * 3600 + (int64_t)minute * 60 + second;
    return true;
}

/* --- the identity checks */

sipdiag_str sipdiag_uri_user(sipdiag_str value)
{
    value = sipdiag_trim(value);
    const char *open = memchr(value.ptr, '<', value.len);
    if (open) {
        const char *close = memchr(open, '>', value.len - (size_t)(open - value.ptr));
        if (!close)
            return slice("", 0);
        value = slice(open + 1, (size_t)(close - open - 1));
    }
    const char *colon = memchr(value.ptr, ':', value.len);
    if (!colon)
        return slice("", 0);
    sipdiag_str scheme = slice(value.ptr, (size_t)(colon - value.ptr));
    sipdiag_str user = slice(colon + 1, value.len - scheme.len - 1);
    if (!sipdiag_str_equal_nocase(scheme, "tel")) {
        /* sip:/sips: the userinfo before '@'; no '@', no user. */
        const char *at = memchr(user.ptr, '@', user.len);
        if (!at)
            return slice("", 0);
        user.len = (size_t)(at - user.ptr);
    }
    /* Without its parameters (;npdi, ;rn=..., ;phone-context=...) and any password. */
    size_t end = 0;
    while (end < user.len && user.ptr[end] != ';' && user.ptr[end] != ':' && user.ptr[end] != '?'
           && !sipdiag_is_blank(user.ptr[end]))
        end++;
    return slice(user.ptr, end);
}

/* The next digit of s from *i, or -1 at its end. */
static int next_digit(sipdiag_str s, size_t *i)
{
    while (*i < s.len) {
        char c = s.ptr[(*i)++];
        if (c >= '0' && c <= '9')
            return c;
    }
    return -1;
}

sipdiag_check sipdiag_tn_compare(sipdiag_str a, sipdiag_str b)
{
    size_t i = 0;
    size_t k = 0;
    int ca = next_digit(a, &i);
    int cb = next_digit(b, &k);
    if (ca < 0 || cb < 0)
        return SIPDIAG_CHECK_UNKNOWN;
    while (ca >= 0 && cb >= 0 && ca == cb) {
        ca = next_digit(a, &i);
        cb = next_digit(b, &k);
    }
    return ca < 0 && cb < 0 ? SIPDIAG_CHECK_PASS : SIPDIAG_CHECK_FAIL;
}

sipdiag_check sipdiag_passport_check_iat(const sipdiag_passport *pp, int64_t reference, int64_t window,
                                         int64_t *delta)
{
    *delta = 0;
    if (!pp->has_iat)
        return SIPDIAG_CHECK_UNKNOWN;
    *delta = reference - pp->iat;
    return *delta > window || *delta < -window ? SIPDIAG_CHECK_FAIL : SIPDIAG_CHECK_PASS;
}

sipdiag_check sipdiag_passport_check_orig(const sipdiag_passport *pp, sipdiag_str from, sipdiag_str pai)
{
    if (pp->orig_tn.len == 0)
        return SIPDIAG_CHECK_UNKNOWN;
    sipdiag_check by_from = sipdiag_tn_compare(pp->orig_tn, sipdiag_uri_user(from));
    if (by_from == SIPDIAG_CHECK_PASS)
        return by_from;
    sipdiag_check by_pai = sipdiag_tn_compare(pp->orig_tn, sipdiag_uri_user(pai));
    if (by_pai != SIPDIAG_CHECK_UNKNOWN)
        return by_pai;
    return by_from;
}

sipdiag_check sipdiag_passport_check_dest(const sipdiag_passport *pp, sipdiag_str to)
{
    sipdiag_str user = sipdiag_uri_user(to);
    sipdiag_check result = SIPDIAG_CHECK_UNKNOWN;
    for (unsigned i = 0; i < pp->dest_count; i++) {
        sipdiag_check c = sipdiag_tn_compare(pp->dest_tn[i], user);
        if (c == SIPDIAG_CHECK_PASS)
            return c;
        if (c == SIPDIAG_CHECK_FAIL)
            result = c;
    }
    return result;
}

/* --- RFC 8688 jwscard */

/* Base64 of either alphabet (RFC 4648 §4 and §5), padding and blanks skipped. */
static bool base64_any_decode(sipdiag_str in, char *out, size_t out_size, size_t *out_len)
{
    return base64_decode(in, true, out, out_size, out_len);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = sipdiag_lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* RFC 3986 percent-decoding into out; false when it does not fit or a %XX is broken. */
static bool percent_decode(sipdiag_str in, char *out, size_t out_size, size_t *out_len)
{
    size_t n = 0;
    for (size_t i = 0; i < in.len; i++) {
        char c = in.ptr[i];
        if (c == '%') {
            if (i + 2 >= in.len)
                return false;
            int hi = hex_value(in.ptr[i + 1]);
            int lo = hex_value(in.ptr[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (n >= out_size)
            return false;
        out[n++] = c;
    }
    *out_len = n;
    return true;
}

static bool name_is_nocase(sipdiag_str s, const char *word)
{
    return sipdiag_str_equal_nocase(s, word);
}

/* The first value of one jCard property: ["name", {params}, "type", value...]. */
static bool jcard_property(json_t *j, sipdiag_jwscard *card)
{
    sipdiag_str name;
    sipdiag_str type;
    sipdiag_str value = slice("", 0);
    if (!json_take(j, '[') || !json_string(j, &name) || !json_take(j, ',') || !json_peek(j, '{')
        || !json_skip(j, 3) || !json_take(j, ',') || !json_string(j, &type) || !json_take(j, ',')
        || !json_string_or_skip(j, &value, 3))
        return false;
    while (json_take(j, ','))
        if (!json_skip(j, 3))
            return false;
    if (!json_take(j, ']'))
        return false;
    sipdiag_str *slot = name_is_nocase(name, "fn") ? &card->fn
                        : name_is_nocase(name, "org") ? &card->org
                        : name_is_nocase(name, "tel") ? &card->tel
                        : name_is_nocase(name, "email") ? &card->email
                        : name_is_nocase(name, "url") ? &card->url
                        : NULL;
    if (slot && slot->len == 0)
        *slot = value;
    return true;
}

/* RFC 7095: ["vcard", [property, ...]]; at most 64 properties read. */
static bool read_jcard(sipdiag_jwscard *card)
{
    json_t j = { card->json, card->json_len, 0 };
    sipdiag_str tag;
    if (!json_take(&j, '[') || !json_string(&j, &tag) || !key_word(tag, "vcard") || !json_take(&j, ',')
        || !json_take(&j, '['))
        return false;
    if (!json_peek(&j, ']')) {
        unsigned count = 0;
        do {
            if (++count > 64 || !jcard_property(&j, card))
                return false;
        } while (json_take(&j, ','));
    }
    if (!json_take(&j, ']')) /* the list of properties */
        return false;
    if (!json_take(&j, ']')) /* the card */
        return false;
    json_blanks(&j);
    return j.i == j.len;
}

/* "data:[<mediatype>][;base64],<data>" (RFC 2397) into card->json: the jCard itself, or a JWS's payload. */
static void decode_data_uri(sipdiag_jwscard *card)
{
    char raw[SIPDIAG_JWSCARD_MAX * 2];
    size_t raw_len;
    sipdiag_str rest = slice(card->uri.ptr + 5, card->uri.len - 5);
    const char *comma = memchr(rest.ptr, ',', rest.len);
    if (!comma) {
        card->error = "a data: URI without its ',' before the data";
        return;
    }
    sipdiag_str meta = slice(rest.ptr, (size_t)(comma - rest.ptr));
    sipdiag_str data = slice(comma + 1, rest.len - meta.len - 1);
    bool base64 = meta.len >= 7 && sipdiag_str_equal_nocase(slice(meta.ptr + meta.len - 7, 7), ";base64");
    if (!(base64 ? base64_any_decode(data, raw, sizeof raw, &raw_len)
                 : percent_decode(data, raw, sizeof raw, &raw_len))) {
        card->error = base64 ? "the data: URI's base64 does not decode (or is over 4 KiB)"
                             : "the data: URI's %-encoding does not decode (or is over 4 KiB)";
        return;
    }
    sipdiag_str text = sipdiag_trim(slice(raw, raw_len));
    if (text.len > 0 && text.ptr[0] == '[') {
        if (text.len > sizeof card->json) {
            card->error = "a jCard over 2 KiB";
            return;
        }
        memcpy(card->json, text.ptr, text.len);
        card->json_len = text.len;
    } else {
        const char *dot1 = memchr(text.ptr, '.', text.len);
        const char *dot2 = dot1 ? memchr(dot1 + 1, '.', text.len - (size_t)(dot1 + 1 - text.ptr)) : NULL;
        if (!dot2) {
            card->error = "neither a JWS (header.payload.signature) nor a jCard ([\"vcard\", ...])";
            return;
        }
        card->jws = true;
        if (!sipdiag_base64url_decode(slice(dot1 + 1, (size_t)(dot2 - dot1 - 1)), card->json, sizeof card->json,
                                      &card->json_len)) {
            card->error = "the JWS payload is not base64url (or is over 2 KiB)";
            return;
        }
    }
    card->decoded = read_jcard(card);
    if (!card->decoded) {
        card->fn = card->org = card->tel = card->email = card->url = slice("", 0);
        card->error = "the jCard is not [\"vcard\", [[name, {params}, type, value], ...]]";
    }
}

bool sipdiag_parse_jwscard(sipdiag_str element, sipdiag_jwscard *card)
{
    memset(card, 0, sizeof *card);
    card->uri = card->fn = card->org = card->tel = card->email = card->url = slice("", 0);
    element = sipdiag_trim(element);
    const char *open = memchr(element.ptr, '<', element.len);
    const char *close = open ? memchr(open, '>', element.len - (size_t)(open - element.ptr)) : NULL;
    if (!open || !close)
        return false;
    sipdiag_str params = slice(close + 1, element.len - (size_t)(close + 1 - element.ptr));
    sipdiag_str purpose;
    if (!sipdiag_param(params, "purpose", ';', &purpose) || !sipdiag_str_equal_nocase(sipdiag_trim(purpose), "jwscard"))
        return false;
    card->uri = sipdiag_trim(slice(open + 1, (size_t)(close - open - 1)));
    card->data = card->uri.len >= 5 && sipdiag_str_equal_nocase(slice(card->uri.ptr, 5), "data:");
    if (card->data)
        decode_data_uri(card);
    else if (card->uri.len == 0)
        card->error = "an empty URI";
    return true;
}
