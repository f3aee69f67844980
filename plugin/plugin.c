/*
 * plugin.c: the symbols Wireshark looks for when it loads sipdiag.so.
 * A plugin loads only into the Wireshark major.minor it was built against.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/proto.h>
#include <epan/tap.h>

#include "sipdiag_compat.h"
#include "sipdiag_tap.h"

#if SIPDIAG_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>

/* Optional from 4.2 on; without it tshark -G plugins calls the type "unknown". */
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t
plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif

void proto_register_sipdiag(void);
void proto_reg_handoff_sipdiag(void);

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = SIPDIAG_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void
plugin_register(void)
{
    static proto_plugin plug_sipdiag;
    static tap_plugin plug_sipdiag_stats;
    static tap_plugin plug_sipdiag_calls;
    static tap_plugin plug_sipdiag_calls_gui;

    plug_sipdiag.register_protoinfo = proto_register_sipdiag;
    plug_sipdiag.register_handoff = proto_reg_handoff_sipdiag;
    proto_register_plugin(&plug_sipdiag);
    /* The statistics tree is a tap listener: plugins register those apart. */
    plug_sipdiag_stats.register_tap_listener = register_sipdiag_stats;
    tap_register_plugin(&plug_sipdiag_stats);
    plug_sipdiag_calls.register_tap_listener = register_sipdiag_calls_table;
    tap_register_plugin(&plug_sipdiag_calls);
    plug_sipdiag_calls_gui.register_tap_listener = register_sipdiag_calls_gui;
    tap_register_plugin(&plug_sipdiag_calls_gui);
}
