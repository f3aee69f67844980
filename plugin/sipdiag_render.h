/* sipdiag_render.h
 * Wireshark side: a found message and what sipdiag concludes about it ->
 * subtree, fields, expert items, Info label and the sipdiag tap.  The
 * fields, subtrees, expert items and preferences it fills are registered
 * in packet-sipdiag.c and declared here.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPDIAG_RENDER_H
#define SIPDIAG_RENDER_H

#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>

#include "sipdiag_classify.h"
#include "sipdiag_compat.h"

extern int proto_sipdiag;
extern int hf_sipdiag_code;
extern int hf_sipdiag_phrase;
extern int hf_sipdiag_wire_phrase;
extern int hf_sipdiag_class;
extern int hf_sipdiag_registered;
extern int hf_sipdiag_treated_as;
extern int hf_sipdiag_description;
extern int hf_sipdiag_cause;
extern int hf_sipdiag_remedy;
extern int hf_sipdiag_ref;
extern int hf_sipdiag_remedy_short;
extern int hf_sipdiag_variant;
extern int hf_sipdiag_hint;
extern int hf_sipdiag_from_user_table;
extern int hf_sipdiag_method;
extern int hf_sipdiag_cseq;
extern int hf_sipdiag_request_in;
extern int hf_sipdiag_response_time;
extern int hf_sipdiag_request_count;
extern int hf_sipdiag_retransmission;
extern int hf_sipdiag_original_in;
extern int hf_sipdiag_cancel_in;
extern int hf_sipdiag_dialog_in;
extern int hf_sipdiag_dialog_ended_in;
extern int hf_sipdiag_auth_challenge;
extern int hf_sipdiag_auth_scheme;
extern int hf_sipdiag_auth_realm;
extern int hf_sipdiag_auth_algorithm;
extern int hf_sipdiag_auth_qop;
extern int hf_sipdiag_auth_stale;
extern int hf_sipdiag_auth_username;
extern int hf_sipdiag_contact;
extern int hf_sipdiag_expires;
extern int hf_sipdiag_retry_after;
extern int hf_sipdiag_retry_after_duration;
extern int hf_sipdiag_min_expires;
extern int hf_sipdiag_requested_expires;
extern int hf_sipdiag_min_se;
extern int hf_sipdiag_unsupported;
extern int hf_sipdiag_require;
extern int hf_sipdiag_allow;
extern int hf_sipdiag_accept;
extern int hf_sipdiag_accept_encoding;
extern int hf_sipdiag_accept_language;
extern int hf_sipdiag_security_server;
extern int hf_sipdiag_request_scheme;
extern int hf_sipdiag_request_size;
extern int hf_sipdiag_request_transport;
extern int hf_sipdiag_warning;
extern int hf_sipdiag_warning_code;
extern int hf_sipdiag_warning_agent;
extern int hf_sipdiag_warning_text;
extern int hf_sipdiag_warning_meaning;
extern int hf_sipdiag_warning_remedy;
extern int hf_sipdiag_warning_registered;
extern int hf_sipdiag_reason;
extern int hf_sipdiag_reason_protocol;
extern int hf_sipdiag_reason_cause;
extern int hf_sipdiag_reason_text;
extern int hf_sipdiag_reason_name;
extern int hf_sipdiag_reason_meaning;
extern int hf_sipdiag_reason_remedy;
extern int hf_sipdiag_reason_sip_code;
extern int hf_sipdiag_reason_location;
extern int hf_sipdiag_reason_released_in;
extern int hf_sipdiag_ms_diagnostics;
extern int hf_sipdiag_ms_diagnostics_public;
extern int hf_sipdiag_ms_diagnostics_code;
extern int hf_sipdiag_ms_diagnostics_reason;
extern int hf_sipdiag_ms_diagnostics_source;
extern int hf_sipdiag_ms_diagnostics_sbc_code;
extern int hf_sipdiag_twilio_error;
extern int hf_sipdiag_twilio_error_code;
extern int hf_sipdiag_twilio_error_text;
extern int hf_sipdiag_hangup_cause;
extern int hf_sipdiag_hangup_cause_code;
extern int hf_sipdiag_hangup_cause_name;
extern int hf_sipdiag_hangup_cause_meaning;
extern int hf_sipdiag_carrier_code;
extern int hf_sipdiag_server;
extern int hf_sipdiag_user_agent;
extern int hf_sipdiag_accept_resource_priority;
extern int hf_sipdiag_geolocation_error;
extern int hf_sipdiag_alertmsg_error;
extern int hf_sipdiag_recv_info;
extern int hf_sipdiag_permission_missing;
extern int hf_sipdiag_allow_events;
extern int hf_sipdiag_feature_caps;
extern int hf_sipdiag_call_info;
extern int hf_sipdiag_sdp_media;
extern int hf_sipdiag_sdp_port;
extern int hf_sipdiag_sdp_proto;
extern int hf_sipdiag_sdp_codec;
extern int hf_sipdiag_sdp_ptime;
extern int hf_sipdiag_sdp_direction;
extern int hf_sipdiag_sdp_crypto;
extern int hf_sipdiag_sdp_fingerprint;
extern int hf_sipdiag_sdp_comparison;
extern int hf_sipdiag_jwscard;
extern int hf_sipdiag_jwscard_source;
extern int hf_sipdiag_jwscard_fn;
extern int hf_sipdiag_jwscard_org;
extern int hf_sipdiag_jwscard_tel;
extern int hf_sipdiag_jwscard_email;
extern int hf_sipdiag_jwscard_url;
extern int hf_sipdiag_sdp_mismatch;
extern int hf_sipdiag_sdp_offer_in;
extern int hf_sipdiag_sdp_other_in;
extern int hf_sipdiag_identity;
extern int hf_sipdiag_identity_compact;
extern int hf_sipdiag_identity_info;
extern int hf_sipdiag_identity_alg;
extern int hf_sipdiag_identity_ppt;
extern int hf_sipdiag_identity_x5u;
extern int hf_sipdiag_identity_attest;
extern int hf_sipdiag_identity_orig_tn;
extern int hf_sipdiag_identity_dest_tn;
extern int hf_sipdiag_identity_origid;
extern int hf_sipdiag_identity_iat;
extern int hf_sipdiag_identity_date_check;
extern int hf_sipdiag_identity_date_delta;
extern int hf_sipdiag_identity_capture_check;
extern int hf_sipdiag_identity_capture_delta;
extern int hf_sipdiag_identity_orig_check;
extern int hf_sipdiag_identity_dest_check;
extern int hf_sipdiag_call_outcome;
extern int hf_sipdiag_call_verdict;
extern int hf_sipdiag_call_start_in;
extern int hf_sipdiag_call_pdd;
extern int hf_sipdiag_call_setup_time;
extern int hf_sipdiag_call_duration;
extern int hf_sipdiag_call_ended_by;
extern int hf_sipdiag_call_responder;
extern int hf_sipdiag_call_leg;
extern int hf_sipdiag_call_other_leg;
extern int hf_sipdiag_icmp;
extern int hf_sipdiag_icmp_from;
extern int hf_sipdiag_icmp_quotes;
extern gint ett_sipdiag;
extern gint ett_sipdiag_treated_as;
extern gint ett_sipdiag_challenge;
extern gint ett_sipdiag_warning;
extern gint ett_sipdiag_reason;
extern gint ett_sipdiag_vendor;
extern gint ett_sipdiag_sdp;
extern gint ett_sipdiag_jwscard;
extern gint ett_sipdiag_identity;
extern gint ett_sipdiag_call;
extern expert_field ei_sipdiag_response_chat;
extern expert_field ei_sipdiag_response_note;
extern expert_field ei_sipdiag_response_warn;
extern expert_field ei_sipdiag_response_error;
extern expert_field ei_sipdiag_unregistered;
extern expert_field ei_sipdiag_phrase_differs;
extern expert_field ei_sipdiag_malformed_value;
extern expert_field ei_sipdiag_warn_code_unregistered;
extern expert_field ei_sipdiag_bad_status_line;
extern expert_field ei_sipdiag_no_response;
extern expert_field ei_sipdiag_icmp_error;
extern expert_field ei_sipdiag_icmp_other;
extern int sipdiag_tap;
extern int sipdiag_calls_tap; /* hands each call snapshot (const sipdiag_call_state *) to -z sipdiag,calls */
extern int sipdiag_pings_tap; /* hands each ping target snapshot (const sipdiag_ping_target *) to it too */
extern sipdiag_bool pref_annotate_success;
extern sipdiag_bool pref_info_label;
extern gint pref_severity[SIPDIAG_CLASS_GLOBAL_FAILURE + 1];
extern const value_string sipdiag_class_vals[];

/* A new file: finds the taps it queues on. */
void sipdiag_render_file_start(void);
/* The post-dissector: annotates every recorded message of the frame. */
int sipdiag_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data);

#endif
