/*
 * sipdiag_vendor.h: the headers in which vendors and carriers write the
 * real reason for a response: Microsoft's ms-diagnostics (Teams Direct
 * Routing, Skype for Business, Lync), Asterisk's X-Asterisk-HangupCause
 * and X-Asterisk-HangupCauseCode, Twilio's X-Twilio-Error, and a carrier's
 * own code after the reason phrase.  Vendor behaviour, not any RFC.  Plain
 * C over slices of the message, bounded by their lengths.
 */
#ifndef SIPDIAG_VENDOR_H
#define SIPDIAG_VENDOR_H

#include <stdbool.h>

#include "sipdiag_headers.h"

/* ms-diagnostics / ms-diagnostics-public: code;reason="...";source="..." *(;param). */
typedef struct {
    sipdiag_str code_text;   /* as written */
    bool code_valid;         /* decimal, below 2^32 */
    unsigned long code;
    sipdiag_str reason;      /* unquoted; empty when absent */
    sipdiag_str source;      /* the server that wrote it */
    sipdiag_str params;      /* every parameter after the code, for sipdiag_vendor_next_param */
    unsigned sbc_code;       /* 560xxx: the SIP code the SBC sent (Microsoft's rule); 0 otherwise */
} sipdiag_ms_diagnostics;

/* False when the value has no decimal code first. */
bool sipdiag_parse_ms_diagnostics(sipdiag_str value, sipdiag_ms_diagnostics *diag);

/* Takes the next ';' parameter off *params: its name and its value
 * (unquoted, empty when it has none); false when none is left. */
bool sipdiag_vendor_next_param(sipdiag_str *params, sipdiag_str *name, sipdiag_str *value);

/* X-Twilio-Error: <code> <text>. */
typedef struct {
    sipdiag_str code_text;
    unsigned long code;
    sipdiag_str text;
} sipdiag_twilio_error;

/* False when the value does not start with a decimal code. */
bool sipdiag_parse_twilio_error(sipdiag_str value, sipdiag_twilio_error *error);

/* X-Asterisk-HangupCauseCode: the Q.850 cause number (0-127); false when it
 * is not one. */
bool sipdiag_parse_asterisk_cause_code(sipdiag_str value, unsigned long *cause);

/* A carrier's own code after the registered reason phrase ("Service
 * Unavailable D35", "Forbidden (CC12)"): one token of letters and digits
 * holding a digit, at most SIPDIAG_CARRIER_TOKEN_MAX long, bracketed or
 * after a blank, '-' or ':'.  False when the phrase is not the registered
 * one plus such a token. */
#define SIPDIAG_CARRIER_TOKEN_MAX 16
bool sipdiag_carrier_token(sipdiag_str phrase, const char *registered, sipdiag_str *token);

#endif
