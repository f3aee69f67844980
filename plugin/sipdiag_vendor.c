/*
 * sipdiag_vendor.c: vendor and carrier reason headers.  What each value
 * means is the vendor's; sipdiag shows it and explains only what the
 * vendor documents (docs/content-review.md lists the sources).
 */
#include "sipdiag_vendor.h"

#include <string.h>

static sipdiag_str slice(const char *ptr, size_t len)
{
    sipdiag_str s = { ptr, len };
    return s;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The leading run of digits of s. */
static size_t digits_at(sipdiag_str s)
{
    size_t i = 0;
    while (i < s.len && is_digit(s.ptr[i]))
        i++;
    return i;
}

/* Index just past the quoted string starting at s.ptr[i] == '"', or s.len;
 * a backslash escapes the byte after it. */
static size_t past_quoted(sipdiag_str s, size_t i)
{
    for (i++; i < s.len; i++) {
        if (s.ptr[i] == '\\')
            i++;
        else if (s.ptr[i] == '"')
            return i + 1;
    }
    return s.len;
}

static sipdiag_str unquoted(sipdiag_str s)
{
    s = sipdiag_trim(s);
    if (s.len >= 2 && s.ptr[0] == '"' && s.ptr[s.len - 1] == '"')
        return slice(s.ptr + 1, s.len - 2);
    if (s.len >= 1 && s.ptr[0] == '"')
        return slice(s.ptr + 1, s.len - 1);
    return s;
}

bool sipdiag_vendor_next_param(sipdiag_str *params, sipdiag_str *name, sipdiag_str *value)
{
    while (params->len > 0) {
        size_t end = 0;
        while (end < params->len && params->ptr[end] != ';')
            end = params->ptr[end] == '"' ? past_quoted(*params, end) : end + 1;
        sipdiag_str part = sipdiag_trim(slice(params->ptr, end));
        size_t consumed = end < params->len ? end + 1 : end;
        params->ptr += consumed;
        params->len -= consumed;
        if (part.len == 0)
            continue;
        const char *eq = memchr(part.ptr, '=', part.len);
        size_t name_len = eq ? (size_t)(eq - part.ptr) : part.len;
        *name = sipdiag_trim(slice(part.ptr, name_len));
        *value = eq ? unquoted(slice(eq + 1, part.len - name_len - 1)) : slice("", 0);
        return true;
    }
    return false;
}

/* Microsoft: a code of 560 followed by a SIP code says the SBC sent that
 * final response (the Direct Routing SIP response codes page). */
static unsigned sbc_code_of(const sipdiag_ms_diagnostics *diag)
{
    if (!diag->code_valid || diag->code_text.len != 6 || diag->code < 560100 || diag->code > 560699)
        return 0;
    return (unsigned)(diag->code - 560000);
}

bool sipdiag_parse_ms_diagnostics(sipdiag_str value, sipdiag_ms_diagnostics *diag)
{
    memset(diag, 0, sizeof *diag);
    value = sipdiag_trim(value);
    const char *semi = memchr(value.ptr, ';', value.len);
    size_t code_len = semi ? (size_t)(semi - value.ptr) : value.len;
    diag->code_text = sipdiag_trim(slice(value.ptr, code_len));
    diag->code_valid = diag->code_text.len > 0 && digits_at(diag->code_text) == diag->code_text.len
                       && sipdiag_parse_uint(diag->code_text, 0xFFFFFFFFUL, &diag->code);
    diag->params = semi ? slice(semi + 1, value.len - code_len - 1) : slice("", 0);
    sipdiag_str params = diag->params;
    sipdiag_str name;
    sipdiag_str val;
    while (sipdiag_vendor_next_param(&params, &name, &val)) {
        if (sipdiag_str_equal_nocase(name, "reason") && diag->reason.len == 0)
            diag->reason = val;
        else if (sipdiag_str_equal_nocase(name, "source") && diag->source.len == 0)
            diag->source = val;
    }
    diag->sbc_code = sbc_code_of(diag);
    return diag->code_valid;
}

bool sipdiag_parse_twilio_error(sipdiag_str value, sipdiag_twilio_error *error)
{
    memset(error, 0, sizeof *error);
    value = sipdiag_trim(value);
    size_t n = digits_at(value);
    error->code_text = slice(value.ptr, n);
    if (n == 0 || (n < value.len && !sipdiag_is_blank(value.ptr[n])))
        return false;
    if (!sipdiag_parse_uint(error->code_text, 0xFFFFFFFFUL, &error->code))
        return false;
    error->text = sipdiag_trim(slice(value.ptr + n, value.len - n));
    return true;
}

bool sipdiag_parse_asterisk_cause_code(sipdiag_str value, unsigned long *cause)
{
    return sipdiag_parse_uint(value, 127, cause);
}

/* The token of a tail such as " D35", " (D35)", " - D35" or ": [D35]". */
static bool tail_token(sipdiag_str tail, sipdiag_str *token)
{
    if (tail.len == 0 || !(sipdiag_is_blank(tail.ptr[0]) || tail.ptr[0] == '(' || tail.ptr[0] == '['
                           || tail.ptr[0] == '-' || tail.ptr[0] == ':'))
        return false;
    tail = sipdiag_trim(tail);
    if (tail.len > 0 && (tail.ptr[0] == '-' || tail.ptr[0] == ':'))
        tail = sipdiag_trim(slice(tail.ptr + 1, tail.len - 1));
    if (tail.len >= 2 && ((tail.ptr[0] == '(' && tail.ptr[tail.len - 1] == ')')
                          || (tail.ptr[0] == '[' && tail.ptr[tail.len - 1] == ']')))
        tail = sipdiag_trim(slice(tail.ptr + 1, tail.len - 2));
    if (tail.len == 0 || tail.len > SIPDIAG_CARRIER_TOKEN_MAX)
        return false;
    bool digit = false;
    for (size_t i = 0; i < tail.len; i++) {
        if (!is_alnum(tail.ptr[i]))
            return false;
        digit |= is_digit(tail.ptr[i]);
    }
    *token = tail;
    return digit;
}

bool sipdiag_carrier_token(sipdiag_str phrase, const char *registered, sipdiag_str *token)
{
    size_t n = registered ? strlen(registered) : 0;
    phrase = sipdiag_trim(phrase);
    if (n == 0 || phrase.len <= n || !sipdiag_str_equal_nocase(slice(phrase.ptr, n), registered))
        return false;
    return tail_token(slice(phrase.ptr + n, phrase.len - n), token);
}
