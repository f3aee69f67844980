/* sipdiag_stats.c
 * Statistics > SIP Response Diagnostics (tshark -z sipdiag,tree): responses
 * counted per class, then per code with its phrase, and for each failing
 * code the remedies that applied, so a batch run ends with what is failing
 * and what to do about it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <epan/stats_tree.h>

#include "sipdiag_tap.h"

static const char *const class_labels[] = {
    "Codes outside 100-699", "1xx Provisional", "2xx Successful", "3xx Redirection",
    "4xx Client Failure", "5xx Server Failure", "6xx Global Failure",
};

static const char st_str_responses[] = "SIP responses";
static const char st_str_repeats[] = "Retransmitted responses (not counted above)";
static int st_node_responses = -1;

static void
sipdiag_stats_init(stats_tree *st)
{
    st_node_responses = stats_tree_create_node(st, st_str_responses, 0, STAT_DT_INT, TRUE);
    stats_tree_create_node(st, st_str_repeats, 0, STAT_DT_INT, FALSE);
}

static tap_packet_status
sipdiag_stats_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data,
                     tap_flags_t flags _U_)
{
    const sipdiag_tap_info_t *info = (const sipdiag_tap_info_t *)data;
    guint klass = info->klass < G_N_ELEMENTS(class_labels) ? info->klass : 0;

    /* So that the totals add up to what Telephony > SIP counts. */
    if (info->retransmission) {
        tick_stat_node(st, st_str_repeats, 0, FALSE);
        return TAP_PACKET_REDRAW;
    }
    tick_stat_node(st, st_str_responses, 0, TRUE);
    int class_node = tick_stat_node(st, class_labels[klass], st_node_responses, TRUE);
    const char *code_label = wmem_strdup_printf(pinfo->pool, "%u %s%s", info->code, info->phrase,
                                                info->registered ? "" : " (unregistered)");
    int code_node = tick_stat_node(st, code_label, class_node, TRUE);
    if (klass == 0 || klass >= 3)
        tick_stat_node(st, info->remedy, code_node, FALSE);
    return TAP_PACKET_REDRAW;
}

void
register_sipdiag_stats(void)
{
    stats_tree_register_plugin("sipdiag", "sipdiag", "SIP Response Diagnostics", 0, sipdiag_stats_packet,
                               sipdiag_stats_init, NULL);
}
