/* floor.c: the benchmark's "floor" (issue #5), what an empty post-dissector
 * that wants one field costs: it registers, asks for sip.Status-Code (only
 * while enabled), and does nothing with it.  Asking for a field makes tshark
 * build a protocol tree for every packet, even a plain "tshark -r"; what this
 * plugin costs is that, and nothing else.  sipdiag itself asks for no field:
 * it finds SIP messages through the SIP dissector's sip_follow tap.
 *
 * Built by tests/bench/run.sh with gcc (not part of the CMake build):
 *   gcc -shared -fPIC -O2 $(pkg-config --cflags wireshark) floor.c \
 *       -o sipdiag_floor.so $(pkg-config --libs wireshark)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/packet.h>
#include <epan/proto.h>

#ifndef VERSION
#define VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);

static int proto_floor = -1;
static dissector_handle_t floor_handle;

static int
dissect_floor(tvbuff_t *tvb _U_, packet_info *pinfo _U_, proto_tree *tree _U_, void *data _U_)
{
    return 0;
}

/* The same want/don't-want logic as sipdiag_init(). */
static void
floor_init(void)
{
    int hf;

    if (!proto_is_protocol_enabled(find_protocol_by_id(proto_floor))
        || (hf = proto_registrar_get_id_byname("sip.Status-Code")) <= 0) {
        set_postdissector_wanted_hfids(floor_handle, NULL);
        return;
    }
    GArray *wanted = g_array_sized_new(FALSE, FALSE, (guint)sizeof(int), 1);
    g_array_append_val(wanted, hf);
    set_postdissector_wanted_hfids(floor_handle, wanted);
}

static void
proto_register_floor(void)
{
    proto_floor = proto_register_protocol("sipdiag benchmark floor", "SIPDIAGFLOOR", "sipdiagfloor");
    register_init_routine(floor_init);
}

static void
proto_reg_handoff_floor(void)
{
    floor_handle = create_dissector_handle(dissect_floor, proto_floor);
    register_postdissector(floor_handle);
}

void
plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_floor;
    plug.register_handoff = proto_reg_handoff_floor;
    proto_register_plugin(&plug);
}
