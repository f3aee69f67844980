/*
 * sipdiag_passport.h: the PASSporT of an Identity header (RFC 8224, RFC 8225,
 * SHAKEN's RFC 8588), decoded for display and for the checks a verifier
 * makes that a capture can repeat: iat against the Date header and the
 * capture time, orig.tn against the From / P-Asserted-Identity user, dest.tn
 * against the To user.  The signature is not verified (a capture holds no
 * certificates).  Plain C; the decoded JSON lives in fixed buffers inside
 * the struct, so nothing grows with the input.
 */
#ifndef SIPDIAG_PASSPORT_H
#define SIPDIAG_PASSPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "sipdiag_headers.h"

#define SIPDIAG_PASSPORT_HEADER_MAX 512   /* decoded JOSE header bytes kept */
#define SIPDIAG_PASSPORT_CLAIMS_MAX 1536  /* decoded claims bytes kept */
#define SIPDIAG_PASSPORT_DEST_MAX 4       /* dest.tn entries kept */
#define SIPDIAG_PASSPORT_FRESHNESS 60     /* seconds: the freshness window RFC 8224 recommends */

typedef struct {
    /* The header field value: <jws>;info=<uri>;alg=..;ppt=.. */
    sipdiag_str jws;
    sipdiag_str info;        /* without its <> */
    sipdiag_str alg_param;
    sipdiag_str ppt_param;
    bool compact;            /* "..signature": header and claims left out (RFC 8225 §7) */
    /* The JOSE header, when the full form decodes. */
    bool header_decoded;
    sipdiag_str alg, ppt, typ, x5u;
    /* The claims, when the full form decodes. */
    bool claims_decoded;
    sipdiag_str attest;      /* SHAKEN: A, B or C */
    sipdiag_str orig_tn;
    sipdiag_str orig_uri;
    sipdiag_str dest_tn[SIPDIAG_PASSPORT_DEST_MAX];
    unsigned dest_count;     /* kept, at most SIPDIAG_PASSPORT_DEST_MAX */
    sipdiag_str origid;
    bool has_iat;
    int64_t iat;
    /* What did not parse first, or NULL: a short fixed phrase. */
    const char *error;
    /* The decoded JSON the slices above point into. */
    char header_json[SIPDIAG_PASSPORT_HEADER_MAX];
    size_t header_len;
    char claims_json[SIPDIAG_PASSPORT_CLAIMS_MAX];
    size_t claims_len;
} sipdiag_passport;

/* False (and pp->error set) when the value is not a PASSporT sipdiag can
 * read; the fields found before the fault are kept. */
bool sipdiag_parse_passport(sipdiag_str value, sipdiag_passport *pp);

/* Base64url (RFC 4648 §5, no padding needed; blanks skipped) into out;
 * false when a byte is outside the alphabet, the length is impossible or
 * out is too small.  *out_len is the decoded length. */
bool sipdiag_base64url_decode(sipdiag_str in, char *out, size_t out_size, size_t *out_len);

/* A SIP Date header (RFC 3261 §20.17, the RFC 1123 form "Sat, 13 Nov 2010
 * 23:29:00 GMT") as seconds since 1970; false when it is not one. */
bool sipdiag_parse_sip_date(sipdiag_str value, int64_t *epoch);

/* The user part of a name-addr or addr-spec (sip:, sips: or tel: URI). */
sipdiag_str sipdiag_uri_user(sipdiag_str value);

typedef enum {
    SIPDIAG_CHECK_UNKNOWN, /* nothing to compare */
    SIPDIAG_CHECK_PASS,
    SIPDIAG_CHECK_FAIL
} sipdiag_check;

/* Telephone numbers compared by their digits only ("+1 (215) 555-0100" is
 * "12155550100"); UNKNOWN when either has no digit. */
sipdiag_check sipdiag_tn_compare(sipdiag_str a, sipdiag_str b);

/* iat against a reference time (the Date header, or the capture time):
 * FAIL when they differ by more than window seconds; *delta = reference - iat. */
sipdiag_check sipdiag_passport_check_iat(const sipdiag_passport *pp, int64_t reference, int64_t window,
                                         int64_t *delta);

/* orig.tn against the From user, or the P-Asserted-Identity user when there
 * is one and From does not match (the values are the header values). */
sipdiag_check sipdiag_passport_check_orig(const sipdiag_passport *pp, sipdiag_str from, sipdiag_str pai);

/* dest.tn against the To user: PASS when any dest.tn matches. */
sipdiag_check sipdiag_passport_check_dest(const sipdiag_passport *pp, sipdiag_str to);

/*
 * 608's Call-Info with purpose=jwscard (RFC 8688): who rejected the call
 * and how to reach them, in a jCard (RFC 7095) that the rejecting
 * intermediary signs as a JWS.  An https URI is only named (the card is
 * fetched from there); a data: URI is decoded here: a JWS (its payload,
 * base64url, is the jCard) or the jCard itself, base64 or as written.  The
 * signature is not verified.  Strings are shown as written (JSON escapes
 * not undone).
 */
#define SIPDIAG_JWSCARD_MAX 2048 /* decoded bytes kept */

typedef struct {
    sipdiag_str uri;         /* the Call-Info URI, without its <> */
    bool data;               /* a data: URI: the card is in it */
    bool decoded;            /* the jCard was read */
    bool jws;                /* the data held a JWS, not a bare jCard */
    sipdiag_str fn, org, tel, email, url; /* the first of each, into json */
    const char *error;       /* what did not decode first, or NULL */
    char json[SIPDIAG_JWSCARD_MAX];
    size_t json_len;
} sipdiag_jwscard;

/* One Call-Info element: false when its purpose is not jwscard.  When it
 * is, card->error says what of a data: URI did not decode. */
bool sipdiag_parse_jwscard(sipdiag_str element, sipdiag_jwscard *card);

#endif
