/* sipdiag_calls_gui.c
 * The per-call table in Wireshark's Telephony menu, "SIP calls (sipdiag)":
 * the rows of tshark -z sipdiag,calls as a table the GUI sorts, filters,
 * copies and saves (Wireshark's simple statistics dialog).  Fed by the same
 * "sipdiag_calls" tap; a row is the latest snapshot of its call.  tshark
 * knows the same table as -z sipdiag,calltable.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include <wireshark.h>

#include "sipdiag_compat.h"

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "sipdiag_calls.h"
#include "sipdiag_tap.h"

#define TABLE_NAME "SIP calls"
#define VERDICT_SIZE 512
#define RESPONDER_SIZE 160

enum {
    COL_START,
    COL_FRAME,
    COL_CALL_ID,
    COL_FROM,
    COL_TO,
    COL_OUTCOME,
    COL_CODE,
    COL_RESPONDER,
    COL_PDD,
    COL_SETUP,
    COL_DURATION,
    COL_ENDED,
    COL_VERDICT,
    COL_OTHER_LEG,
    COL_COUNT
};

/* Times are text, right-aligned and padded so that sorting the column as
 * text sorts them by value, with "-" where a call has none. */
static stat_tap_table_item call_columns[COL_COUNT] = {
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Start (s)", "%.3f" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Frame", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Call-ID", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "From", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "To", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Outcome", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Code", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Responder", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "PDD (s)", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Setup (s)", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Duration (s)", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Ended by", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Verdict", "%s" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Other leg", "%u" },
};

/* Call serial -> row index + 1, for the one table of this statistic (Wireshark
 * shares a statistic's tables between its open dialogs). */
static GHashTable *row_of_call;

static void
free_row_texts(stat_tap_table_item_type *row)
{
    for (guint col = 0; col < COL_COUNT; col++) {
        if (row[col].type == TABLE_ITEM_STRING) {
            g_free((gchar *)row[col].value.string_value);
            row[col].value.string_value = NULL;
        }
    }
}

/* A retap starts from no rows: the calls it finds may be others (a new
 * display filter). */
static void
calls_gui_reset(stat_tap_table *table)
{
    for (guint i = 0; i < table->num_elements; i++) {
        free_row_texts(table->elements[i]);
        g_free(table->elements[i]);
        table->elements[i] = NULL;
    }
    table->num_elements = 0;
    if (row_of_call)
        g_hash_table_remove_all(row_of_call);
}

static void
calls_gui_free_item(stat_tap_table *table _U_, guint row _U_, guint column, stat_tap_table_item_type *field)
{
    if (column == 0 && row_of_call)
        g_hash_table_remove_all(row_of_call);
    if (field->type == TABLE_ITEM_STRING) {
        g_free((gchar *)field->value.string_value);
        field->value.string_value = NULL;
    }
}

static void
calls_gui_init(stat_tap_table_ui *ui)
{
    if (!row_of_call)
        row_of_call = g_hash_table_new(g_direct_hash, g_direct_equal);
    stat_tap_table *table = stat_tap_find_table(ui, TABLE_NAME);
    if (table) {
        calls_gui_reset(table);
        return;
    }
    table = stat_tap_init_table(TABLE_NAME, COL_COUNT, 0, NULL);
    stat_tap_add_table(ui, table);
    g_hash_table_remove_all(row_of_call);
}

static gchar *
seconds_text(gboolean has, guint64 ns)
{
    return has ? g_strdup_printf("%10.3f", (double)ns / 1e9) : g_strdup("-");
}

static void
fill_row(stat_tap_table_item_type *row, const sipdiag_call_state *c, double start_s)
{
    char verdict[VERDICT_SIZE];
    char responder[RESPONDER_SIZE];
    sipdiag_call_verdict(c, verdict, sizeof verdict);
    sipdiag_call_responder_text(c, responder, sizeof responder);

    for (guint col = 0; col < COL_COUNT; col++)
        row[col].type = call_columns[col].type;
    row[COL_START].value.float_value = start_s;
    row[COL_FRAME].value.uint_value = c->start_frame;
    row[COL_CALL_ID].value.string_value = g_strdup(c->call_id ? c->call_id : "");
    row[COL_FROM].value.string_value = g_strdup(c->from_user ? c->from_user : "");
    row[COL_TO].value.string_value = g_strdup(c->to_user ? c->to_user : "");
    row[COL_OUTCOME].value.string_value = g_strdup(sipdiag_call_outcome_name(c->outcome));
    row[COL_CODE].value.string_value = c->final_code ? g_strdup_printf("%u", c->final_code) : g_strdup("-");
    row[COL_RESPONDER].value.string_value = g_strdup(c->responder && c->responder[0] ? responder : "-");
    row[COL_PDD].value.string_value = seconds_text(c->has_pdd, c->pdd_ns);
    row[COL_SETUP].value.string_value = seconds_text(c->has_setup, c->setup_ns);
    row[COL_DURATION].value.string_value = seconds_text(c->has_duration, c->duration_ns);
    row[COL_ENDED].value.string_value =
        g_strdup(c->ended_by != SIPDIAG_ENDED_NONE ? sipdiag_call_ender_name(c->ended_by) : "-");
    row[COL_VERDICT].value.string_value = g_strdup(verdict);
    row[COL_OTHER_LEG].value.uint_value = c->other_leg_frame; /* 0: none (a B2BUA's legs, docs/calls.md) */
}

static double
start_seconds(const packet_info *pinfo, const sipdiag_call_state *call)
{
    guint64 origin_ns = sipdiag_capture_origin_ns(pinfo);
    return call->start_ns > origin_ns ? (double)(call->start_ns - origin_ns) / 1e9 : 0.0;
}

static tap_packet_status
calls_gui_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data, tap_flags_t flags _U_)
{
    stat_data_t *stat_data = (stat_data_t *)tapdata;
    const sipdiag_call_state *call = (const sipdiag_call_state *)data;
    stat_tap_table *table = stat_tap_find_table(stat_data->stat_tap_data, TABLE_NAME);
    if (!table || !row_of_call)
        return TAP_PACKET_DONT_REDRAW;

    guint index = GPOINTER_TO_UINT(g_hash_table_lookup(row_of_call, GUINT_TO_POINTER(call->serial)));
    stat_tap_table_item_type row[COL_COUNT];
    memset(row, 0, sizeof row);
    fill_row(row, call, start_seconds(pinfo, call));
    if (index) {
        free_row_texts(stat_tap_get_field_data(table, index - 1, 0));
        index--;
    } else {
        index = table->num_elements;
        g_hash_table_insert(row_of_call, GUINT_TO_POINTER(call->serial), GUINT_TO_POINTER(index + 1));
    }
    stat_tap_init_table_row(table, index, COL_COUNT, row);
    return TAP_PACKET_REDRAW;
}

static tap_param calls_gui_params[] = {
    { PARAM_FILTER, "filter", "Filter", NULL, TRUE },
};

static stat_tap_table_ui calls_gui = {
    SIPDIAG_STAT_GROUP_TELEPHONY,
    "SIP calls (sipdiag)",
    "sipdiag_calls",
    "sipdiag,calltable",
    calls_gui_init,
    calls_gui_packet,
    calls_gui_reset,
    calls_gui_free_item,
    NULL,
    G_N_ELEMENTS(call_columns),
    call_columns,
    G_N_ELEMENTS(calls_gui_params),
    calls_gui_params,
    NULL,
    0,
};

void
register_sipdiag_calls_gui(void)
{
    register_stat_tap_table_ui(&calls_gui);
}
