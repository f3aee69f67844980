/*
 * sipdiag_compat.h: the only place that knows how Wireshark's API differs
 * between the releases sipdiag builds against (4.0 to 4.6).
 */
#ifndef SIPDIAG_COMPAT_H
#define SIPDIAG_COMPAT_H

#include <ws_version.h>
#include <epan/proto.h>
#include <epan/strutil.h>

#define SIPDIAG_WS_AT_LEAST(major, minor)                                          \
    (WIRESHARK_VERSION_MAJOR > (major)                                             \
     || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* format_text() takes unsigned bytes in 4.0 (epan/strutil.h) and char from
 * 4.2 on, where it moved to wsutil/str_util.h (checked in 4.4 and 4.6). */
#if SIPDIAG_WS_AT_LEAST(4, 2)
#define sipdiag_format_text(scope, str) format_text((scope), (str), strlen(str))
#else
#define sipdiag_format_text(scope, str) \
    format_text((scope), (const guchar *)(str), strlen(str))
#endif

/* Preference variables, UAT update callbacks and heuristic dissectors use
 * gboolean in 4.0 and bool in 4.4 and 4.6 (all checked against the headers). */
#if SIPDIAG_WS_AT_LEAST(4, 4)
typedef bool sipdiag_bool;
#else
typedef gboolean sipdiag_bool;
#endif

/* tvb_get_guint8() is deprecated from 4.4 on in favour of tvb_get_uint8(),
 * which 4.0 does not have. */
#if SIPDIAG_WS_AT_LEAST(4, 4)
#define sipdiag_tvb_get_u8 tvb_get_uint8
#else
#define sipdiag_tvb_get_u8 tvb_get_guint8
#endif

/* The Telephony menu group: REGISTER_STAT_GROUP_TELEPHONY in 4.0, renamed
 * REGISTER_TELEPHONY_GROUP_UNSORTED by 4.4 (checked in 4.4 and 4.6; 4.2,
 * not available here, is taken to have the new name). */
#if SIPDIAG_WS_AT_LEAST(4, 2)
#define SIPDIAG_STAT_GROUP_TELEPHONY REGISTER_TELEPHONY_GROUP_UNSORTED
#else
#define SIPDIAG_STAT_GROUP_TELEPHONY REGISTER_STAT_GROUP_TELEPHONY
#endif

/* A stat_tap_ui init callback returns nothing in 4.0 and 4.4, and whether it
 * worked in 4.6 (both checked against the headers; 4.2 is taken as 4.4). */
#if SIPDIAG_WS_AT_LEAST(4, 6)
typedef bool sipdiag_tap_init_result;
#define SIPDIAG_TAP_INIT_DONE(ok) return (ok)
#else
typedef void sipdiag_tap_init_result;
#define SIPDIAG_TAP_INIT_DONE(ok) return
#endif

#endif
