/* packet-sipdiag.c
 * SIP Response Diagnostics: a post-dissector that annotates every SIP
 * response with its class, meaning, typical cause, remedy and RFC, and with
 * what this particular response means given its headers and the messages
 * before it (the request it answers, earlier challenges, a CANCEL...).
 * BYE and CANCEL requests that carry a Reason header are annotated too.
 * This file only registers: the protocol, its fields, subtrees and expert
 * items, preferences, hooks and handoff.  It may call sipdiag_find,
 * sipdiag_render and sipdiag_remedies; see docs/architecture.md.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/proto.h>
#include <epan/prefs.h>
#include <epan/prefs-int.h>
#include <epan/strutil.h>
#include <epan/tap.h>

#include "sipdiag_classify.h"
#include "sipdiag_compat.h"
#include "sipdiag_context.h"
#include "sipdiag_find.h"
#include "sipdiag_headers.h"
#include "sipdiag_hint.h"
#include "sipdiag_remedies.h"
#include "sipdiag_render.h"
#include "sipdiag_tap.h"

void proto_register_sipdiag(void);
void proto_reg_handoff_sipdiag(void);

int proto_sipdiag = -1;

int hf_sipdiag_code = -1;
int hf_sipdiag_phrase = -1;
int hf_sipdiag_wire_phrase = -1;
int hf_sipdiag_class = -1;
int hf_sipdiag_registered = -1;
int hf_sipdiag_treated_as = -1;
int hf_sipdiag_description = -1;
int hf_sipdiag_cause = -1;
int hf_sipdiag_remedy = -1;
int hf_sipdiag_ref = -1;
int hf_sipdiag_remedy_short = -1;
int hf_sipdiag_variant = -1;
int hf_sipdiag_hint = -1;
int hf_sipdiag_from_user_table = -1;
int hf_sipdiag_method = -1;
int hf_sipdiag_cseq = -1;
int hf_sipdiag_request_in = -1;
int hf_sipdiag_response_time = -1;
int hf_sipdiag_request_count = -1;
int hf_sipdiag_retransmission = -1;
int hf_sipdiag_original_in = -1;
int hf_sipdiag_cancel_in = -1;
int hf_sipdiag_dialog_in = -1;
int hf_sipdiag_dialog_ended_in = -1;
int hf_sipdiag_auth_challenge = -1;
int hf_sipdiag_auth_scheme = -1;
int hf_sipdiag_auth_realm = -1;
int hf_sipdiag_auth_algorithm = -1;
int hf_sipdiag_auth_qop = -1;
int hf_sipdiag_auth_stale = -1;
int hf_sipdiag_auth_username = -1;
int hf_sipdiag_contact = -1;
int hf_sipdiag_expires = -1;
int hf_sipdiag_retry_after = -1;
int hf_sipdiag_retry_after_duration = -1;
int hf_sipdiag_min_expires = -1;
int hf_sipdiag_requested_expires = -1;
int hf_sipdiag_min_se = -1;
int hf_sipdiag_unsupported = -1;
int hf_sipdiag_require = -1;
int hf_sipdiag_allow = -1;
int hf_sipdiag_accept = -1;
int hf_sipdiag_accept_encoding = -1;
int hf_sipdiag_accept_language = -1;
int hf_sipdiag_security_server = -1;
int hf_sipdiag_request_scheme = -1;
int hf_sipdiag_request_size = -1;
int hf_sipdiag_request_transport = -1;
int hf_sipdiag_warning = -1;
int hf_sipdiag_warning_code = -1;
int hf_sipdiag_warning_agent = -1;
int hf_sipdiag_warning_text = -1;
int hf_sipdiag_warning_meaning = -1;
int hf_sipdiag_warning_remedy = -1;
int hf_sipdiag_warning_registered = -1;
int hf_sipdiag_reason = -1;
int hf_sipdiag_reason_protocol = -1;
int hf_sipdiag_reason_cause = -1;
int hf_sipdiag_reason_text = -1;
int hf_sipdiag_reason_name = -1;
int hf_sipdiag_reason_meaning = -1;
int hf_sipdiag_reason_remedy = -1;
int hf_sipdiag_reason_sip_code = -1;
int hf_sipdiag_reason_location = -1;
int hf_sipdiag_reason_released_in = -1;
int hf_sipdiag_ms_diagnostics = -1;
int hf_sipdiag_ms_diagnostics_public = -1;
int hf_sipdiag_ms_diagnostics_code = -1;
int hf_sipdiag_ms_diagnostics_reason = -1;
int hf_sipdiag_ms_diagnostics_source = -1;
int hf_sipdiag_ms_diagnostics_sbc_code = -1;
int hf_sipdiag_twilio_error = -1;
int hf_sipdiag_twilio_error_code = -1;
int hf_sipdiag_twilio_error_text = -1;
int hf_sipdiag_hangup_cause = -1;
int hf_sipdiag_hangup_cause_code = -1;
int hf_sipdiag_hangup_cause_name = -1;
int hf_sipdiag_hangup_cause_meaning = -1;
int hf_sipdiag_carrier_code = -1;
int hf_sipdiag_server = -1;
int hf_sipdiag_user_agent = -1;
int hf_sipdiag_accept_resource_priority = -1;
int hf_sipdiag_geolocation_error = -1;
int hf_sipdiag_alertmsg_error = -1;
int hf_sipdiag_recv_info = -1;
int hf_sipdiag_permission_missing = -1;
int hf_sipdiag_allow_events = -1;
int hf_sipdiag_feature_caps = -1;
int hf_sipdiag_call_info = -1;
int hf_sipdiag_sdp_media = -1;
int hf_sipdiag_sdp_port = -1;
int hf_sipdiag_sdp_proto = -1;
int hf_sipdiag_sdp_codec = -1;
int hf_sipdiag_sdp_ptime = -1;
int hf_sipdiag_sdp_direction = -1;
int hf_sipdiag_sdp_crypto = -1;
int hf_sipdiag_sdp_fingerprint = -1;
int hf_sipdiag_sdp_comparison = -1;
int hf_sipdiag_jwscard = -1;
int hf_sipdiag_jwscard_source = -1;
int hf_sipdiag_jwscard_fn = -1;
int hf_sipdiag_jwscard_org = -1;
int hf_sipdiag_jwscard_tel = -1;
int hf_sipdiag_jwscard_email = -1;
int hf_sipdiag_jwscard_url = -1;
int hf_sipdiag_sdp_mismatch = -1;
int hf_sipdiag_sdp_offer_in = -1;
int hf_sipdiag_sdp_other_in = -1;
int hf_sipdiag_identity = -1;
int hf_sipdiag_identity_compact = -1;
int hf_sipdiag_identity_info = -1;
int hf_sipdiag_identity_alg = -1;
int hf_sipdiag_identity_ppt = -1;
int hf_sipdiag_identity_x5u = -1;
int hf_sipdiag_identity_attest = -1;
int hf_sipdiag_identity_orig_tn = -1;
int hf_sipdiag_identity_dest_tn = -1;
int hf_sipdiag_identity_origid = -1;
int hf_sipdiag_identity_iat = -1;
int hf_sipdiag_identity_date_check = -1;
int hf_sipdiag_identity_date_delta = -1;
int hf_sipdiag_identity_capture_check = -1;
int hf_sipdiag_identity_capture_delta = -1;
int hf_sipdiag_identity_orig_check = -1;
int hf_sipdiag_identity_dest_check = -1;
int hf_sipdiag_call_outcome = -1;
int hf_sipdiag_call_verdict = -1;
int hf_sipdiag_call_start_in = -1;
int hf_sipdiag_call_pdd = -1;
int hf_sipdiag_call_setup_time = -1;
int hf_sipdiag_call_duration = -1;
int hf_sipdiag_call_ended_by = -1;
int hf_sipdiag_call_responder = -1;
int hf_sipdiag_call_other_leg = -1;
int hf_sipdiag_icmp = -1;
int hf_sipdiag_icmp_from = -1;
int hf_sipdiag_icmp_quotes = -1;
int hf_sipdiag_call_leg = -1;

gint ett_sipdiag = -1;
gint ett_sipdiag_treated_as = -1;
gint ett_sipdiag_challenge = -1;
gint ett_sipdiag_warning = -1;
gint ett_sipdiag_reason = -1;
gint ett_sipdiag_vendor = -1;
gint ett_sipdiag_sdp = -1;
gint ett_sipdiag_jwscard = -1;
gint ett_sipdiag_identity = -1;
gint ett_sipdiag_call = -1;

expert_field ei_sipdiag_response_chat = EI_INIT;
expert_field ei_sipdiag_response_note = EI_INIT;
expert_field ei_sipdiag_response_warn = EI_INIT;
expert_field ei_sipdiag_response_error = EI_INIT;
expert_field ei_sipdiag_unregistered = EI_INIT;
expert_field ei_sipdiag_phrase_differs = EI_INIT;
expert_field ei_sipdiag_malformed_value = EI_INIT;
expert_field ei_sipdiag_warn_code_unregistered = EI_INIT;
expert_field ei_sipdiag_bad_status_line = EI_INIT;
expert_field ei_sipdiag_no_response = EI_INIT;
expert_field ei_sipdiag_icmp_error = EI_INIT;
expert_field ei_sipdiag_icmp_other = EI_INIT;

static dissector_handle_t sipdiag_handle;
static int proto_sipdiag_post = -1;
int sipdiag_tap = -1;
int sipdiag_calls_tap = -1;
int sipdiag_pings_tap = -1;

/* Preferences (Edit > Preferences > Protocols > SIPDIAG, tshark -o sipdiag.NAME:VALUE). */
gint pref_severity[SIPDIAG_CLASS_GLOBAL_FAILURE + 1] = {
    [SIPDIAG_CLASS_PROVISIONAL] = SIPDIAG_SEVERITY_CHAT,
    [SIPDIAG_CLASS_SUCCESSFUL] = SIPDIAG_SEVERITY_CHAT,
    [SIPDIAG_CLASS_REDIRECTION] = SIPDIAG_SEVERITY_NOTE,
    [SIPDIAG_CLASS_CLIENT_FAILURE] = SIPDIAG_SEVERITY_WARN,
    [SIPDIAG_CLASS_SERVER_FAILURE] = SIPDIAG_SEVERITY_ERROR,
    [SIPDIAG_CLASS_GLOBAL_FAILURE] = SIPDIAG_SEVERITY_ERROR,
};
sipdiag_bool pref_annotate_success = TRUE;
sipdiag_bool pref_info_label = TRUE;

static const enum_val_t severity_vals[] = {
    { "chat", "Chat", SIPDIAG_SEVERITY_CHAT },
    { "note", "Note", SIPDIAG_SEVERITY_NOTE },
    { "warn", "Warning", SIPDIAG_SEVERITY_WARN },
    { "error", "Error", SIPDIAG_SEVERITY_ERROR },
    { NULL, NULL, -1 }
};

const value_string sipdiag_class_vals[] = {
    { SIPDIAG_CLASS_PROVISIONAL,    "Provisional" },
    { SIPDIAG_CLASS_SUCCESSFUL,     "Successful" },
    { SIPDIAG_CLASS_REDIRECTION,    "Redirection" },
    { SIPDIAG_CLASS_CLIENT_FAILURE, "Client Failure" },
    { SIPDIAG_CLASS_SERVER_FAILURE, "Server Failure" },
    { SIPDIAG_CLASS_GLOBAL_FAILURE, "Global Failure" },
    { 0, NULL }
};


/* ---- Registration -------------------------------------------------------- */

static void
sipdiag_init(void)
{
    sipdiag_remedies_apply();
    if (sipdiag_find_file_start())
        sipdiag_render_file_start();
}

static void
sipdiag_cleanup(void)
{
    sipdiag_remedies_cleanup();
    sipdiag_find_cleanup();
}

static void
register_preferences(void)
{
    static const char *const names[] = { NULL, "severity_1xx", "severity_2xx", "severity_3xx",
                                         "severity_4xx", "severity_5xx", "severity_6xx" };
    static const char *const titles[] = { NULL,
        "Expert severity of 1xx Provisional", "Expert severity of 2xx Successful",
        "Expert severity of 3xx Redirection", "Expert severity of 4xx Client Failure",
        "Expert severity of 5xx Server Failure", "Expert severity of 6xx Global Failure" };
    module_t *module = prefs_register_protocol(proto_sipdiag, NULL);
    for (int klass = SIPDIAG_CLASS_PROVISIONAL; klass <= SIPDIAG_CLASS_GLOBAL_FAILURE; klass++)
        prefs_register_enum_preference(module, names[klass], titles[klass],
            "Severity of the expert item on responses of this class; context still makes a normal Digest "
            "challenge or a 487 after CANCEL a Note and a retransmission Chat", &pref_severity[klass],
            severity_vals, FALSE);
    prefs_register_bool_preference(module, "annotate_success", "Annotate 1xx and 2xx responses",
        "Give provisional and successful responses a subtree and expert item too", &pref_annotate_success);
    prefs_register_bool_preference(module, "info_label", "Short remedy in the Info column",
        "Append the short remedy (or the hint) of 3xx-6xx responses to the packet list's Info column",
        &pref_info_label);
    sipdiag_remedies_register(module);
}

#define FIELD_STRING(hf, name, abbrev, blurb) \
    { &(hf), { name, abbrev, FT_STRING, BASE_NONE, NULL, 0x0, blurb, HFILL } }
#define FIELD_UINT(hf, name, abbrev, blurb) \
    { &(hf), { name, abbrev, FT_UINT32, BASE_DEC, NULL, 0x0, blurb, HFILL } }
#define FIELD_FRAME(hf, name, abbrev, kind, blurb) \
    { &(hf), { name, abbrev, FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(kind), 0x0, blurb, HFILL } }
#define FIELD_INT(hf, name, abbrev, blurb) \
    { &(hf), { name, abbrev, FT_INT32, BASE_DEC, NULL, 0x0, blurb, HFILL } }
#define FIELD_BOOL(hf, name, abbrev, blurb) \
    { &(hf), { name, abbrev, FT_BOOLEAN, BASE_NONE, NULL, 0x0, blurb, HFILL } }
#define FIELD_TIME(hf, name, abbrev, blurb) \
    { &(hf), { name, abbrev, FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0, blurb, HFILL } }

void
proto_register_sipdiag(void)
{
    static hf_register_info hf[] = {
        FIELD_UINT(hf_sipdiag_code, "Code", "sipdiag.code", "The status code of the SIP response"),
        FIELD_STRING(hf_sipdiag_phrase, "Registered phrase", "sipdiag.phrase",
                     "The reason phrase IANA registers for this code"),
        FIELD_STRING(hf_sipdiag_wire_phrase, "Phrase on the wire", "sipdiag.wire_phrase",
                     "The reason phrase as sent, when it is not the registered one or the code is unregistered"),
        { &hf_sipdiag_class,
          { "Class", "sipdiag.class", FT_UINT8, BASE_DEC, VALS(sipdiag_class_vals), 0x0,
            "Response class: the first digit of the code (absent outside 100-699)", HFILL } },
        FIELD_BOOL(hf_sipdiag_registered, "Registered at IANA", "sipdiag.registered",
                   "Whether the code is in the IANA SIP response-code registry (filter: sipdiag.registered == 0)"),
        FIELD_UINT(hf_sipdiag_treated_as, "Treated as", "sipdiag.treated_as",
                   "An unregistered code is treated as its class's x00 code (RFC 3261 section 8.1.3.2)"),
        FIELD_STRING(hf_sipdiag_description, "Description", "sipdiag.description", "What the code means"),
        FIELD_STRING(hf_sipdiag_cause, "Typical cause", "sipdiag.cause",
                     "What usually produces this code in real networks"),
        FIELD_STRING(hf_sipdiag_remedy, "Remedy", "sipdiag.remedy", "What to check or change"),
        FIELD_STRING(hf_sipdiag_remedy_short, "Short remedy", "sipdiag.remedy_short",
                     "The remedy in one line, as the Info column shows it"),
        FIELD_STRING(hf_sipdiag_variant, "Texts for", "sipdiag.variant",
                     "The request method (or re-INVITE) whose own description, cause and remedy apply; absent: the code's general texts"),
        FIELD_STRING(hf_sipdiag_ref, "Reference", "sipdiag.ref", "The RFC section that defines the code, or the method's"),
        FIELD_BOOL(hf_sipdiag_from_user_table, "Text from the site table", "sipdiag.from_user_table",
                   "The description, cause and remedy come from the user table SIP response remedies"),
        FIELD_STRING(hf_sipdiag_hint, "Hint", "sipdiag.hint",
                     "What this particular message means, from its headers and the earlier messages"),
        FIELD_STRING(hf_sipdiag_method, "Method", "sipdiag.method",
                     "The method of the request this response answers (from CSeq), or of the annotated request"),
        FIELD_UINT(hf_sipdiag_cseq, "CSeq", "sipdiag.cseq", "The CSeq number of the response"),
        FIELD_FRAME(hf_sipdiag_request_in, "Request in", "sipdiag.request_in", FT_FRAMENUM_REQUEST,
                    "The frame of the request this response answers (first sighting), when the capture has it"),
        { &hf_sipdiag_response_time,
          { "Time since request", "sipdiag.response_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time from the request's first sighting to this response", HFILL } },
        FIELD_UINT(hf_sipdiag_request_count, "Request sent", "sipdiag.request_count",
                   "How many times the capture saw the request before this response (retransmissions + 1)"),
        FIELD_BOOL(hf_sipdiag_retransmission, "Retransmission", "sipdiag.retransmission",
                   "This response repeats an earlier one of the same transaction (counted once)"),
        FIELD_FRAME(hf_sipdiag_original_in, "Original response in", "sipdiag.original_in", FT_FRAMENUM_DUP_ACK,
                    "The first sighting of a retransmitted response"),
        FIELD_FRAME(hf_sipdiag_cancel_in, "Cancelled in", "sipdiag.cancel_in", FT_FRAMENUM_REQUEST,
                    "The CANCEL that ended the INVITE this response answers"),
        FIELD_FRAME(hf_sipdiag_dialog_in, "Dialog confirmed in", "sipdiag.dialog_in", FT_FRAMENUM_NONE,
                    "481: the 2xx that confirmed this Call-ID's dialog, when the capture saw it"),
        FIELD_FRAME(hf_sipdiag_dialog_ended_in, "Dialog ended in", "sipdiag.dialog_ended_in", FT_FRAMENUM_NONE,
                    "481: the BYE that ended this Call-ID's dialog, when the capture saw it"),
        FIELD_STRING(hf_sipdiag_auth_challenge, "Challenge", "sipdiag.auth.challenge",
                     "A WWW-Authenticate (401) or Proxy-Authenticate (407) challenge"),
        FIELD_STRING(hf_sipdiag_auth_scheme, "Scheme", "sipdiag.auth.scheme", "Authentication scheme"),
        FIELD_STRING(hf_sipdiag_auth_realm, "Realm", "sipdiag.auth.realm", "Protection realm of the challenge"),
        FIELD_STRING(hf_sipdiag_auth_algorithm, "Algorithm", "sipdiag.auth.algorithm", "Digest algorithm"),
        FIELD_STRING(hf_sipdiag_auth_qop, "QoP", "sipdiag.auth.qop", "Quality of protection offered"),
        FIELD_BOOL(hf_sipdiag_auth_stale, "Stale", "sipdiag.auth.stale",
                   "stale=true: the nonce expired, the credentials themselves were fine"),
        FIELD_STRING(hf_sipdiag_auth_username, "Credentials of user", "sipdiag.auth.username",
                     "The username in the credentials the request carried"),
        FIELD_STRING(hf_sipdiag_contact, "Contact", "sipdiag.contact", "A redirection target (3xx)"),
        FIELD_UINT(hf_sipdiag_expires, "Expires", "sipdiag.expires", "Seconds the redirection holds"),
        FIELD_UINT(hf_sipdiag_retry_after, "Retry after (s)", "sipdiag.retry_after",
                   "Retry-After: seconds to wait before retrying"),
        FIELD_UINT(hf_sipdiag_retry_after_duration, "Available for (s)", "sipdiag.retry_after.duration",
                   "Retry-After duration parameter"),
        FIELD_UINT(hf_sipdiag_min_expires, "Min-Expires", "sipdiag.min_expires",
                   "423: the shortest registration interval the registrar accepts"),
        FIELD_UINT(hf_sipdiag_requested_expires, "Requested expires", "sipdiag.requested_expires",
                   "423: the interval the request asked for"),
        FIELD_UINT(hf_sipdiag_min_se, "Min-SE", "sipdiag.min_se", "422: the smallest session interval accepted"),
        FIELD_STRING(hf_sipdiag_unsupported, "Unsupported", "sipdiag.unsupported",
                     "420: an option tag the server does not support"),
        FIELD_STRING(hf_sipdiag_require, "Require", "sipdiag.require", "421: an option tag the server requires"),
        FIELD_STRING(hf_sipdiag_allow, "Allow", "sipdiag.allow", "405: a method the server allows"),
        FIELD_STRING(hf_sipdiag_accept, "Accept", "sipdiag.accept", "415: an acceptable body type"),
        FIELD_STRING(hf_sipdiag_accept_encoding, "Accept-Encoding", "sipdiag.accept_encoding",
                     "415: an acceptable body encoding"),
        FIELD_STRING(hf_sipdiag_accept_language, "Accept-Language", "sipdiag.accept_language",
                     "415: an acceptable language"),
        FIELD_STRING(hf_sipdiag_security_server, "Security-Server", "sipdiag.security_server",
                     "494: a security mechanism the server offers"),
        FIELD_STRING(hf_sipdiag_request_scheme, "Request-URI scheme", "sipdiag.request_scheme",
                     "416: the URI scheme of the request"),
        FIELD_UINT(hf_sipdiag_request_size, "Request size", "sipdiag.request_size",
                   "513: bytes of the request this response answers"),
        FIELD_STRING(hf_sipdiag_request_transport, "Request transport", "sipdiag.request_transport",
                     "513: UDP or a stream transport"),
        FIELD_STRING(hf_sipdiag_warning, "Warning", "sipdiag.warning", "One warning-value of a Warning header"),
        FIELD_UINT(hf_sipdiag_warning_code, "Warn-code", "sipdiag.warning.code", "The warn-code"),
        FIELD_STRING(hf_sipdiag_warning_agent, "Warn-agent", "sipdiag.warning.agent", "Who added the warning"),
        FIELD_STRING(hf_sipdiag_warning_text, "Warn-text", "sipdiag.warning.text", "The warning's text"),
        FIELD_STRING(hf_sipdiag_warning_meaning, "Meaning", "sipdiag.warning.meaning", "What the warn-code means"),
        FIELD_STRING(hf_sipdiag_warning_remedy, "Remedy", "sipdiag.warning.remedy", "What to check"),
        FIELD_BOOL(hf_sipdiag_warning_registered, "Registered warn-code", "sipdiag.warning.registered",
                   "Whether IANA registers the warn-code"),
        FIELD_STRING(hf_sipdiag_reason, "Reason", "sipdiag.reason", "One value of a Reason header"),
        FIELD_STRING(hf_sipdiag_reason_protocol, "Protocol", "sipdiag.reason.protocol", "Q.850, SIP..."),
        FIELD_UINT(hf_sipdiag_reason_cause, "Cause", "sipdiag.reason.cause", "The cause value"),
        FIELD_STRING(hf_sipdiag_reason_text, "Text", "sipdiag.reason.text", "The text parameter"),
        FIELD_STRING(hf_sipdiag_reason_name, "Cause name", "sipdiag.reason.name", "The cause name (Q.850, STIR, preemption)"),
        FIELD_STRING(hf_sipdiag_reason_meaning, "Meaning", "sipdiag.reason.meaning", "What the cause means"),
        FIELD_STRING(hf_sipdiag_reason_remedy, "Remedy", "sipdiag.reason.remedy", "What to check"),
        FIELD_UINT(hf_sipdiag_reason_sip_code, "Maps to SIP", "sipdiag.reason.sip_code",
                   "The SIP response RFC 3398 section 7.2.4.1 maps this Q.850 cause to"),
        FIELD_STRING(hf_sipdiag_reason_location, "Location", "sipdiag.reason.location", "RFC 8606 location parameter of a Q.850 Reason"),
        FIELD_STRING(hf_sipdiag_reason_released_in, "Released in", "sipdiag.reason.released_in", "Where the location says the call was released"),
        FIELD_STRING(hf_sipdiag_ms_diagnostics, "ms-diagnostics", "sipdiag.ms_diagnostics", "One ms-diagnostics or ms-diagnostics-public value (Microsoft)"),
        FIELD_BOOL(hf_sipdiag_ms_diagnostics_public, "Public variant", "sipdiag.ms_diagnostics.public", "From ms-diagnostics-public rather than ms-diagnostics"),
        FIELD_UINT(hf_sipdiag_ms_diagnostics_code, "Code", "sipdiag.ms_diagnostics.code", "Microsoft's diagnostic code"),
        FIELD_STRING(hf_sipdiag_ms_diagnostics_reason, "Reason", "sipdiag.ms_diagnostics.reason", "The reason parameter, as written"),
        FIELD_STRING(hf_sipdiag_ms_diagnostics_source, "Source", "sipdiag.ms_diagnostics.source", "The source parameter: the server that wrote it"),
        FIELD_UINT(hf_sipdiag_ms_diagnostics_sbc_code, "SBC sent", "sipdiag.ms_diagnostics.sbc_code", "A 560xxx code: the SIP response the SBC sent, per Microsoft's Direct Routing documentation"),
        FIELD_STRING(hf_sipdiag_twilio_error, "X-Twilio-Error", "sipdiag.twilio_error", "The X-Twilio-Error value (Twilio)"),
        FIELD_UINT(hf_sipdiag_twilio_error_code, "Code", "sipdiag.twilio_error.code", "Twilio's error code"),
        FIELD_STRING(hf_sipdiag_twilio_error_text, "Text", "sipdiag.twilio_error.text", "Twilio's error text"),
        FIELD_STRING(hf_sipdiag_hangup_cause, "X-Asterisk-HangupCause", "sipdiag.hangup_cause", "The X-Asterisk-HangupCause text (Asterisk)"),
        FIELD_UINT(hf_sipdiag_hangup_cause_code, "X-Asterisk-HangupCauseCode", "sipdiag.hangup_cause_code", "The Q.850 cause Asterisk gives for the hangup"),
        FIELD_STRING(hf_sipdiag_hangup_cause_name, "Cause name", "sipdiag.hangup_cause_code.name", "The Q.850 cause name"),
        FIELD_STRING(hf_sipdiag_hangup_cause_meaning, "Meaning", "sipdiag.hangup_cause_code.meaning", "What the Q.850 cause means"),
        FIELD_STRING(hf_sipdiag_carrier_code, "Carrier code", "sipdiag.carrier_code", "A carrier's own code after the registered reason phrase; not explained"),
        FIELD_STRING(hf_sipdiag_server, "Server", "sipdiag.server", "The Server header: the software that sent the response"),
        FIELD_STRING(hf_sipdiag_user_agent, "User-Agent", "sipdiag.user_agent", "The User-Agent header of the response"),
        FIELD_STRING(hf_sipdiag_accept_resource_priority, "Accept-Resource-Priority", "sipdiag.accept_resource_priority", "One resource priority the server accepts (417)"),
        FIELD_STRING(hf_sipdiag_geolocation_error, "Geolocation-Error", "sipdiag.geolocation_error", "The Geolocation-Error value (424)"),
        FIELD_STRING(hf_sipdiag_alertmsg_error, "AlertMsg-Error", "sipdiag.alertmsg_error", "The AlertMsg-Error value (425)"),
        FIELD_STRING(hf_sipdiag_recv_info, "Recv-Info", "sipdiag.recv_info", "One Info Package the UA accepts (469)"),
        FIELD_STRING(hf_sipdiag_permission_missing, "Permission-Missing", "sipdiag.permission_missing", "One target without permission (470)"),
        FIELD_STRING(hf_sipdiag_allow_events, "Allow-Events", "sipdiag.allow_events", "One event package the notifier accepts (489)"),
        FIELD_STRING(hf_sipdiag_feature_caps, "Feature-Caps", "sipdiag.feature_caps", "One Feature-Caps value"),
        FIELD_STRING(hf_sipdiag_call_info, "Call-Info", "sipdiag.call_info", "One Call-Info value (608: who rejected the call, RFC 8688)"),
        FIELD_STRING(hf_sipdiag_sdp_media, "SDP media", "sipdiag.sdp.media", "One m= line of the response's SDP, summarised"),
        FIELD_UINT(hf_sipdiag_sdp_port, "Port", "sipdiag.sdp.port", "Its port (0: the stream is refused)"),
        FIELD_STRING(hf_sipdiag_sdp_proto, "Transport", "sipdiag.sdp.proto", "RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, udptl..."),
        FIELD_STRING(hf_sipdiag_sdp_codec, "Codec", "sipdiag.sdp.codec", "A codec by rtpmap or static payload type (RFC 3551)"),
        FIELD_UINT(hf_sipdiag_sdp_ptime, "ptime", "sipdiag.sdp.ptime", "The a=ptime in milliseconds"),
        FIELD_STRING(hf_sipdiag_sdp_direction, "Direction", "sipdiag.sdp.direction", "sendrecv, sendonly, recvonly or inactive"),
        FIELD_BOOL(hf_sipdiag_sdp_crypto, "SDES crypto", "sipdiag.sdp.crypto", "An a=crypto line (RFC 4568)"),
        FIELD_BOOL(hf_sipdiag_sdp_fingerprint, "DTLS fingerprint", "sipdiag.sdp.fingerprint", "An a=fingerprint line (RFC 8122)"),
        FIELD_STRING(hf_sipdiag_jwscard, "Rejected by (jwscard)", "sipdiag.jwscard",
                     "608: the Call-Info URI with purpose=jwscard, the rejecting intermediary's signed jCard (RFC 8688)"),
        FIELD_STRING(hf_sipdiag_jwscard_source, "Card", "sipdiag.jwscard.source",
                     "Where the jCard is: in a data: URI (decoded here) or at an https URI (fetched from there, not by sipdiag)"),
        FIELD_STRING(hf_sipdiag_jwscard_fn, "Name", "sipdiag.jwscard.fn", "The jCard's fn: who rejected the call"),
        FIELD_STRING(hf_sipdiag_jwscard_org, "Organization", "sipdiag.jwscard.org", "The jCard's org"),
        FIELD_STRING(hf_sipdiag_jwscard_tel, "Telephone", "sipdiag.jwscard.tel", "The jCard's tel: where to dispute the rejection"),
        FIELD_STRING(hf_sipdiag_jwscard_email, "Email", "sipdiag.jwscard.email", "The jCard's email"),
        FIELD_STRING(hf_sipdiag_jwscard_url, "URL", "sipdiag.jwscard.url", "The jCard's url"),
        FIELD_STRING(hf_sipdiag_sdp_comparison, "Offer against the other side", "sipdiag.sdp.comparison",
                     "The failed INVITE's SDP offer against the refusing side's SDP (in this response, else its latest in the dialog)"),
        FIELD_STRING(hf_sipdiag_sdp_mismatch, "SDP mismatch", "sipdiag.sdp.mismatch",
                     "agree, srtp, codec, transport, media, refused, disabled, hold or nothing (no other SDP known)"),
        FIELD_FRAME(hf_sipdiag_sdp_offer_in, "Offer in", "sipdiag.sdp.offer_in", FT_FRAMENUM_REQUEST,
                    "The INVITE whose SDP offer was refused"),
        FIELD_FRAME(hf_sipdiag_sdp_other_in, "Other side's SDP in", "sipdiag.sdp.other_in", FT_FRAMENUM_NONE,
                    "The refusing side's latest SDP before the offer (absent when this response carries it)"),
        FIELD_STRING(hf_sipdiag_identity, "Identity", "sipdiag.identity", "One Identity header value (STIR, RFC 8224); the signature is not verified"),
        FIELD_BOOL(hf_sipdiag_identity_compact, "Compact form", "sipdiag.identity.compact", "The PASSporT is in compact form: no claims to read"),
        FIELD_STRING(hf_sipdiag_identity_info, "Info", "sipdiag.identity.info", "The info parameter: where the certificate is"),
        FIELD_STRING(hf_sipdiag_identity_alg, "alg", "sipdiag.identity.alg", "The JOSE header's signing algorithm"),
        FIELD_STRING(hf_sipdiag_identity_ppt, "ppt", "sipdiag.identity.ppt", "The PASSporT extension (shaken, div, rcd...)"),
        FIELD_STRING(hf_sipdiag_identity_x5u, "x5u", "sipdiag.identity.x5u", "The certificate URL of the JOSE header"),
        FIELD_STRING(hf_sipdiag_identity_attest, "Attestation", "sipdiag.identity.attest", "SHAKEN attestation: A, B or C"),
        FIELD_STRING(hf_sipdiag_identity_orig_tn, "orig.tn", "sipdiag.identity.orig_tn", "The signed calling number"),
        FIELD_STRING(hf_sipdiag_identity_dest_tn, "dest.tn", "sipdiag.identity.dest_tn", "A signed called number"),
        FIELD_STRING(hf_sipdiag_identity_origid, "origid", "sipdiag.identity.origid", "SHAKEN origination identifier"),
        FIELD_UINT(hf_sipdiag_identity_iat, "iat", "sipdiag.identity.iat", "When it was signed, seconds since 1970 (below 2^32)"),
        FIELD_STRING(hf_sipdiag_identity_date_check, "iat vs Date", "sipdiag.identity.date_check", "pass or fail: iat within 60 s of the Date header"),
        FIELD_INT(hf_sipdiag_identity_date_delta, "Date - iat", "sipdiag.identity.date_delta", "Seconds from iat to the Date header"),
        FIELD_STRING(hf_sipdiag_identity_capture_check, "iat vs capture time", "sipdiag.identity.capture_check", "pass or fail: iat within 60 s of the capture time"),
        FIELD_INT(hf_sipdiag_identity_capture_delta, "Capture - iat", "sipdiag.identity.capture_delta", "Seconds from iat to the capture time"),
        FIELD_STRING(hf_sipdiag_identity_orig_check, "orig.tn vs From/PAI", "sipdiag.identity.orig_check", "pass or fail: orig.tn has the digits of the From or P-Asserted-Identity user"),
        FIELD_STRING(hf_sipdiag_identity_dest_check, "dest.tn vs To", "sipdiag.identity.dest_check", "pass or fail: a dest.tn has the digits of the To user"),
        FIELD_STRING(hf_sipdiag_call_outcome, "Call outcome", "sipdiag.call.outcome",
                     "How the call stands after this message: completed, answered, dropped, cancelled, busy, "
                     "declined, redirected, auth-failed, rejected, timeout or unanswered (docs/calls.md)"),
        FIELD_STRING(hf_sipdiag_call_verdict, "Call verdict", "sipdiag.call.verdict",
                     "One sentence: which element settled the call and why"),
        FIELD_FRAME(hf_sipdiag_call_start_in, "Call started in", "sipdiag.call.start_in", FT_FRAMENUM_REQUEST,
                    "The call's first INVITE"),
        FIELD_TIME(hf_sipdiag_call_pdd, "Post-dial delay", "sipdiag.call.pdd",
                   "From the call's first INVITE to its first 18x"),
        FIELD_TIME(hf_sipdiag_call_setup_time, "Setup time", "sipdiag.call.setup_time",
                   "From the call's first INVITE to the 2xx that answered it"),
        FIELD_TIME(hf_sipdiag_call_duration, "Duration", "sipdiag.call.duration", "From the 2xx to the BYE"),
        FIELD_STRING(hf_sipdiag_call_ended_by, "Ended by", "sipdiag.call.ended_by",
                     "caller or callee: who sent the BYE (by its From tag)"),
        FIELD_STRING(hf_sipdiag_call_responder, "Responder", "sipdiag.call.responder",
                     "Who sent the final response: address and port, and the Server, User-Agent or Warning agent"),
        FIELD_STRING(hf_sipdiag_call_leg, "B2BUA leg", "sipdiag.call.leg",
                     "inbound (the caller's call to a B2BUA) or outbound (the call the B2BUA placed for it), when "
                     "the other leg is in the capture (docs/calls.md)"),
        FIELD_FRAME(hf_sipdiag_call_other_leg, "Other leg starts in", "sipdiag.call.other_leg", FT_FRAMENUM_NONE,
                    "The first INVITE of the B2BUA's other leg of this call"),
        FIELD_STRING(hf_sipdiag_icmp, "ICMP error", "sipdiag.icmp",
                     "The ICMP error that quotes this SIP message (port unreachable, host unreachable, ...): it "
                     "was not delivered (RFC 3261 section 18.4)"),
        FIELD_STRING(hf_sipdiag_icmp_from, "ICMP error from", "sipdiag.icmp_from",
                     "Who sent the ICMP error: the quoted message's destination itself, or a device on the path "
                     "(a router or firewall)"),
        FIELD_FRAME(hf_sipdiag_icmp_quotes, "Quotes the message in", "sipdiag.icmp_quotes", FT_FRAMENUM_RESPONSE,
                    "The latest sighting, on the same hop, of the SIP message the ICMP error quotes"),
    };

    static gint *ett[] = {
        &ett_sipdiag,
        &ett_sipdiag_treated_as,
        &ett_sipdiag_challenge,
        &ett_sipdiag_warning,
        &ett_sipdiag_reason,
        &ett_sipdiag_vendor,
        &ett_sipdiag_sdp,
        &ett_sipdiag_jwscard,
        &ett_sipdiag_identity,
        &ett_sipdiag_call,
    };

    static ei_register_info ei[] = {
        { &ei_sipdiag_response_chat,
          { "sipdiag.response.chat", PI_RESPONSE_CODE, PI_CHAT,
            "SIP provisional or successful response, or a retransmission", EXPFILL } },
        { &ei_sipdiag_response_note,
          { "sipdiag.response.note", PI_RESPONSE_CODE, PI_NOTE,
            "SIP redirection, or an expected failure (Digest challenge, CANCEL)", EXPFILL } },
        { &ei_sipdiag_response_warn,
          { "sipdiag.response.warn", PI_RESPONSE_CODE, PI_WARN,
            "SIP client failure response, or a code with no class", EXPFILL } },
        { &ei_sipdiag_response_error,
          { "sipdiag.response.error", PI_RESPONSE_CODE, PI_ERROR,
            "SIP server or global failure response", EXPFILL } },
        { &ei_sipdiag_unregistered,
          { "sipdiag.unregistered", PI_RESPONSE_CODE, PI_NOTE,
            "Unregistered status code", EXPFILL } },
        { &ei_sipdiag_phrase_differs,
          { "sipdiag.phrase_differs", PI_RESPONSE_CODE, PI_CHAT,
            "Reason phrase differs from the registered one", EXPFILL } },
        { &ei_sipdiag_malformed_value,
          { "sipdiag.malformed_value", PI_PROTOCOL, PI_WARN,
            "Empty or malformed header value", EXPFILL } },
        { &ei_sipdiag_no_response,
          { "sipdiag.no_response", PI_SEQUENCE, PI_WARN,
            "No response to this INVITE in the whole capture (after a complete first pass only)", EXPFILL } },
        { &ei_sipdiag_icmp_error,
          { "sipdiag.icmp_error", PI_SEQUENCE, PI_WARN,
            "An ICMP error quotes a SIP message: it was not delivered", EXPFILL } },
        { &ei_sipdiag_icmp_other,
          { "sipdiag.icmp_other", PI_SEQUENCE, PI_NOTE,
            "An ICMP message that is no delivery failure quotes a SIP message", EXPFILL } },
        { &ei_sipdiag_bad_status_line,
          { "sipdiag.bad_status_line", PI_PROTOCOL, PI_WARN,
            "Status line whose code is not three digits: not dissected as SIP", EXPFILL } },
        { &ei_sipdiag_warn_code_unregistered,
          { "sipdiag.warning.unregistered", PI_RESPONSE_CODE, PI_NOTE,
            "Warn-code not registered at IANA", EXPFILL } },
    };

    proto_sipdiag = proto_register_protocol("SIP Response Diagnostics", "SIPDIAG", "sipdiag");
    /* The post-dissector runs under a helper protocol of sipdiag's (enabled
     * with it): Wireshark adds and removes a protocol layer around every
     * call to a real protocol's dissector, which cost a post-dissector that
     * has nothing to do in most frames about 500 instructions per frame. */
    proto_sipdiag_post = proto_register_protocol_in_name_only("SIP Response Diagnostics post-dissector",
        "SIPDIAG post-dissector", "sipdiag_post", proto_sipdiag, FT_PROTOCOL);
    proto_register_field_array(proto_sipdiag, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *expert_sipdiag = expert_register_protocol(proto_sipdiag);
    expert_register_field_array(expert_sipdiag, ei, array_length(ei));

    register_preferences();
    sipdiag_tap = register_tap("sipdiag");
    sipdiag_calls_tap = register_tap("sipdiag_calls");
    sipdiag_pings_tap = register_tap("sipdiag_pings");
    sipdiag_find_register(proto_sipdiag, register_tap("sipdiag_probe"));
    /* The SIP dissector looks it up in its handoff, which runs after this.
     * A handle without a protocol: Wireshark then calls it without adding
     * and removing a protocol layer for every response, which cost more than
     * the hook itself; note_status_phrase checks the protocol instead. */
    if (!find_dissector("sip.diagnostic"))
        register_dissector("sip.diagnostic", sipdiag_note_status_phrase, -1);
    register_init_routine(sipdiag_init);
    register_cleanup_routine(sipdiag_cleanup);
}

void
proto_reg_handoff_sipdiag(void)
{
    sipdiag_handle = create_dissector_handle(sipdiag_dissect, proto_sipdiag_post);
    register_postdissector(sipdiag_handle);
    heur_dissector_add("udp", sipdiag_note_undissected_status_line, "SIP status line the SIP dissector refused, over UDP",
                       "sipdiag_status_line_udp", -1, HEURISTIC_ENABLE);
    heur_dissector_add("tcp", sipdiag_note_undissected_status_line, "SIP status line the SIP dissector refused, over TCP",
                       "sipdiag_status_line_tcp", -1, HEURISTIC_ENABLE);
    heur_dissector_add("sctp", sipdiag_note_undissected_status_line, "SIP status line the SIP dissector refused, over SCTP",
                       "sipdiag_status_line_sctp", -1, HEURISTIC_ENABLE);
}
