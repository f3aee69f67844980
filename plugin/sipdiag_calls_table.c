/* sipdiag_calls_table.c
 * tshark -z sipdiag,calls[,csv][,filter]: one line per call in start
 * order, then the calls per outcome, ASR and NER, then the OPTIONS pings per
 * target (trunk health).  Printed at the end, as Wireshark's own taps are,
 * in one-pass and two-pass tshark alike.  Rows are the latest snapshot of
 * each call the "sipdiag_calls" tap handed over, and of each target the
 * "sipdiag_pings" tap did.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <wireshark.h>

#include "sipdiag_compat.h"

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "sipdiag_calls.h"
#include "sipdiag_pings.h"
#include "sipdiag_tap.h"

#define CLI_PREFIX "sipdiag,calls"
#define VERDICT_SIZE 512
#define RESPONDER_SIZE 160

typedef struct {
    sipdiag_call_state state; /* its strings are the g_strdup'ed ones below */
    gchar *texts[8];
} call_row_t;

/* The second listener's, on "sipdiag_pings": it owns the targets. */
typedef struct {
    GHashTable *targets;      /* serial -> sipdiag_ping_target */
} pings_table_t;

typedef struct {
    gboolean csv;
    pings_table_t *pings;     /* NULL until its listener is registered */
    gchar *filter;
    GHashTable *rows;         /* serial -> call_row_t */
    gboolean has_origin;
    guint64 origin_ns;        /* first frame of the capture */
} calls_table_t;

static void
free_row(gpointer p)
{
    call_row_t *row = (call_row_t *)p;
    for (size_t i = 0; i < G_N_ELEMENTS(row->texts); i++)
        g_free(row->texts[i]);
    g_free(row);
}

static void
calls_reset(void *tapdata)
{
    calls_table_t *table = (calls_table_t *)tapdata;
    g_hash_table_remove_all(table->rows);
    table->has_origin = FALSE;
}

static void
keep_state(call_row_t *row, const sipdiag_call_state *call)
{
    const char *from[G_N_ELEMENTS(row->texts)] = {
        call->call_id, call->from_user, call->to_user, call->responder, call->agent, call->warning, call->reason,
        call->why,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(row->texts); i++) {
        g_free(row->texts[i]);
        row->texts[i] = g_strdup(from[i] ? from[i] : "");
    }
    row->state = *call;
    row->state.call_id = row->texts[0];
    row->state.from_user = row->texts[1];
    row->state.to_user = row->texts[2];
    row->state.responder = row->texts[3];
    row->state.agent = row->texts[4];
    row->state.warning = row->texts[5];
    row->state.reason = row->texts[6];
    row->state.why = row->texts[7];
}

static void
pings_reset(void *tapdata)
{
    g_hash_table_remove_all(((pings_table_t *)tapdata)->targets);
}

static tap_packet_status
pings_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data, tap_flags_t flags _U_)
{
    pings_table_t *pings = (pings_table_t *)tapdata;
    const sipdiag_ping_target *target = (const sipdiag_ping_target *)data;
    g_hash_table_replace(pings->targets, GUINT_TO_POINTER(target->serial), g_memdup2(target, sizeof *target));
    return TAP_PACKET_REDRAW;
}

static void
pings_finish(void *tapdata)
{
    pings_table_t *pings = (pings_table_t *)tapdata;
    g_hash_table_destroy(pings->targets);
    g_free(pings);
}

guint64
sipdiag_capture_origin_ns(const packet_info *pinfo)
{
    guint64 abs_ns = (guint64)pinfo->abs_ts.secs * G_GUINT64_CONSTANT(1000000000) + (guint64)pinfo->abs_ts.nsecs;
    guint64 rel_ns = (guint64)pinfo->rel_ts.secs * G_GUINT64_CONSTANT(1000000000) + (guint64)pinfo->rel_ts.nsecs;
    return abs_ns > rel_ns ? abs_ns - rel_ns : 0;
}

static tap_packet_status
calls_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data, tap_flags_t flags _U_)
{
    calls_table_t *table = (calls_table_t *)tapdata;
    const sipdiag_call_state *call = (const sipdiag_call_state *)data;
    if (!table->has_origin) {
        table->origin_ns = sipdiag_capture_origin_ns(pinfo);
        table->has_origin = TRUE;
    }
    call_row_t *row = (call_row_t *)g_hash_table_lookup(table->rows, GUINT_TO_POINTER(call->serial));
    if (!row) {
        row = g_new0(call_row_t, 1);
        g_hash_table_insert(table->rows, GUINT_TO_POINTER(call->serial), row);
    }
    keep_state(row, call);
    return TAP_PACKET_REDRAW;
}

static gint
by_start(gconstpointer a, gconstpointer b)
{
    const call_row_t *x = *(const call_row_t *const *)a;
    const call_row_t *y = *(const call_row_t *const *)b;
    return x->state.serial < y->state.serial ? -1 : x->state.serial > y->state.serial;
}

/* A table's values, in the order compare gives them. */
static GPtrArray *
sorted_values(GHashTable *table, GCompareFunc compare)
{
    GPtrArray *rows = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, table);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(rows, value);
    g_ptr_array_sort(rows, compare);
    return rows;
}

/* Seconds with milliseconds, or none when not measured. */
static const char *
seconds_or(char *buf, size_t size, gboolean has, guint64 ns, const char *none)
{
    if (!has)
        return none;
    snprintf(buf, size, "%.3f", (double)ns / 1e9);
    return buf;
}

static double
start_seconds(const calls_table_t *table, const sipdiag_call_state *call)
{
    return call->start_ns > table->origin_ns ? (double)(call->start_ns - table->origin_ns) / 1e9 : 0.0;
}

static void
print_csv_text(const char *text, gboolean last)
{
    putchar('"');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    fputs(last ? "\"\n" : "\",", stdout);
}

static void
print_csv(const calls_table_t *table, const GPtrArray *rows)
{
    puts("start_s,start_frame,call_id,from,to,outcome,final_code,responder,pdd_s,setup_s,duration_s,ended_by,verdict,"
         "leg,other_leg_frame");
    for (guint i = 0; i < rows->len; i++) {
        const sipdiag_call_state *c = &((const call_row_t *)g_ptr_array_index(rows, i))->state;
        char verdict[VERDICT_SIZE];
        char responder[RESPONDER_SIZE];
        char pdd[32];
        char setup[32];
        char duration[32];
        sipdiag_call_verdict(c, verdict, sizeof verdict);
        sipdiag_call_responder_text(c, responder, sizeof responder);
        printf("%.3f,%u,", start_seconds(table, c), c->start_frame);
        print_csv_text(c->call_id, FALSE);
        print_csv_text(c->from_user, FALSE);
        print_csv_text(c->to_user, FALSE);
        if (c->final_code)
            printf("%s,%u,", sipdiag_call_outcome_name(c->outcome), c->final_code);
        else
            printf("%s,,", sipdiag_call_outcome_name(c->outcome));
        print_csv_text(c->responder[0] ? responder : "", FALSE);
        printf("%s,%s,%s,%s,", seconds_or(pdd, sizeof pdd, c->has_pdd, c->pdd_ns, ""),
               seconds_or(setup, sizeof setup, c->has_setup, c->setup_ns, ""),
               seconds_or(duration, sizeof duration, c->has_duration, c->duration_ns, ""),
               sipdiag_call_ender_name(c->ended_by));
        print_csv_text(verdict, FALSE);
        if (c->other_leg_frame)
            printf("%s,%u\n", c->leg == SIPDIAG_LEG_OUTBOUND ? "outbound" : "inbound", c->other_leg_frame);
        else
            puts(",");
    }
}

static void
print_lines(const calls_table_t *table, const GPtrArray *rows)
{
    printf("%11s %6s %-24s %-12s %-12s %-11s %4s %-21s %7s %7s %8s %-6s %s\n", "Start", "Frame", "Call-ID", "From",
           "To", "Outcome", "Code", "Responder", "PDD", "Setup", "Duration", "Ended", "Verdict");
    for (guint i = 0; i < rows->len; i++) {
        const sipdiag_call_state *c = &((const call_row_t *)g_ptr_array_index(rows, i))->state;
        char verdict[VERDICT_SIZE];
        char pdd[32];
        char setup[32];
        char duration[32];
        sipdiag_call_verdict(c, verdict, sizeof verdict);
        char code[12] = "-";
        if (c->final_code)
            snprintf(code, sizeof code, "%u", c->final_code);
        printf("%11.3f %6u %-24.24s %-12.12s %-12.12s %-11s %4s %-21s %7s %7s %8s %-6s %s\n", start_seconds(table, c),
               c->start_frame, c->call_id, c->from_user, c->to_user, sipdiag_call_outcome_name(c->outcome),
               code, c->responder[0] ? c->responder : "-",
               seconds_or(pdd, sizeof pdd, c->has_pdd, c->pdd_ns, "-"),
               seconds_or(setup, sizeof setup, c->has_setup, c->setup_ns, "-"),
               seconds_or(duration, sizeof duration, c->has_duration, c->duration_ns, "-"),
               c->ended_by != SIPDIAG_ENDED_NONE ? sipdiag_call_ender_name(c->ended_by) : "-", verdict);
    }
}

static double
percent(guint part, guint whole)
{
    return whole ? 100.0 * part / whole : 0.0;
}

static void
print_summary(const GPtrArray *rows)
{
    guint counts[SIPDIAG_CALL_OUTCOME_COUNT] = { 0 };
    guint answered = 0;
    guint effective = 0;
    guint outbound_legs = 0;
    for (guint i = 0; i < rows->len; i++) {
        const sipdiag_call_state *c = &((const call_row_t *)g_ptr_array_index(rows, i))->state;
        if (c->leg == SIPDIAG_LEG_OUTBOUND) { /* the same call as its inbound leg, counted there */
            outbound_legs++;
            continue;
        }
        counts[c->outcome]++;
        answered += sipdiag_call_answered(c);
        effective += sipdiag_call_effective(c);
    }
    /* The order: answered first, then the ways a call fails. */
    static const sipdiag_call_outcome order[SIPDIAG_CALL_OUTCOME_COUNT] = {
        SIPDIAG_CALL_COMPLETED, SIPDIAG_CALL_ANSWERED, SIPDIAG_CALL_DROPPED, SIPDIAG_CALL_CANCELLED,
        SIPDIAG_CALL_BUSY, SIPDIAG_CALL_DECLINED, SIPDIAG_CALL_REDIRECTED, SIPDIAG_CALL_AUTH_FAILED,
        SIPDIAG_CALL_REJECTED, SIPDIAG_CALL_TIMEOUT, SIPDIAG_CALL_UNANSWERED,
    };
    puts("\nCalls per outcome:");
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++)
        if (counts[order[i]])
            printf("  %-12s %u\n", sipdiag_call_outcome_name(order[i]), counts[order[i]]);
    guint calls = rows->len - outbound_legs;
    printf("Calls: %u  Answered: %u  ASR: %.1f%%  Effective: %u  NER: %.1f%%\n", calls, answered,
           percent(answered, calls), effective, percent(effective, calls));
    puts("(ASR: answered, completed and dropped calls over all calls; NER in ITU-T E.425's sense: answered, busy,\n"
         " declined, and calls that rang and then timed out or were cancelled count as effective)");
    if (outbound_legs)
        printf("(%u call%s a B2BUA placed for a caller's call %s counted once, by the caller's leg)\n", outbound_legs,
               outbound_legs == 1 ? "" : "s", outbound_legs == 1 ? "is" : "are");
}

static gint
by_serial(gconstpointer a, gconstpointer b)
{
    const sipdiag_ping_target *x = *(const sipdiag_ping_target *const *)a;
    const sipdiag_ping_target *y = *(const sipdiag_ping_target *const *)b;
    return x->serial < y->serial ? -1 : x->serial > y->serial;
}

/* Trunk health: one line per target of OPTIONS pings, in order of first ping. */
static void
print_pings(const pings_table_t *pings)
{
    if (!pings || g_hash_table_size(pings->targets) == 0)
        return;
    GPtrArray *rows = sorted_values(pings->targets, by_serial);
    puts("\nOPTIONS pings per target (the address and port they were sent to):");
    printf("  %-24s %6s %6s %8s %-18s %11s %s\n", "Target", "Frame", "Pings", "Answered", "Codes", "Longest gap",
           "Verdict");
    for (guint i = 0; i < rows->len; i++) {
        const sipdiag_ping_target *t = (const sipdiag_ping_target *)g_ptr_array_index(rows, i);
        char codes[64];
        char gap[32] = "-";
        char verdict[VERDICT_SIZE];
        sipdiag_ping_codes_text(t, codes, sizeof codes);
        if (t->has_gap)
            snprintf(gap, sizeof gap, "%.3f%s", (double)t->longest_gap_ns / 1e9, t->gap_open ? "+" : "");
        sipdiag_ping_verdict(t, verdict, sizeof verdict);
        printf("  %-24s %6u %6u %8u %-18s %11s %s\n", t->target, t->first_frame, t->sent, t->answered, codes, gap,
               verdict);
    }
    puts("(Longest gap: from a ping that got no answer to the next one that did; \"+\": none did by the end of the\n"
         " capture, measured to the latest ping)");
    g_ptr_array_free(rows, TRUE);
}

static void
calls_draw(void *tapdata)
{
    calls_table_t *table = (calls_table_t *)tapdata;
    GPtrArray *rows = sorted_values(table->rows, by_start);
    if (table->csv) {
        print_csv(table, rows);
    } else {
        puts("\n=================================================================================================");
        printf("SIP calls (sipdiag)%s%s\n", table->filter ? ", filter: " : "", table->filter ? table->filter : "");
        print_lines(table, rows);
        print_summary(rows);
        print_pings(table->pings);
        puts("=================================================================================================");
    }
    g_ptr_array_free(rows, TRUE);
}

static void
calls_finish(void *tapdata)
{
    calls_table_t *table = (calls_table_t *)tapdata;
    g_hash_table_destroy(table->rows);
    g_free(table->filter);
    g_free(table);
}

/* opt_arg: "sipdiag,calls", then ",csv" and ",<display filter>", each optional. */
static sipdiag_tap_init_result
calls_init(const char *opt_arg, void *userdata _U_)
{
    calls_table_t *table = g_new0(calls_table_t, 1);
    const char *rest = opt_arg + strlen(CLI_PREFIX);
    if (g_str_has_prefix(rest, ",csv") && (rest[4] == '\0' || rest[4] == ',')) {
        table->csv = TRUE;
        rest += 4;
    }
    if (rest[0] == ',' && rest[1])
        table->filter = g_strdup(rest + 1);
    table->rows = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free_row);
    GString *error = register_tap_listener("sipdiag_calls", table, table->filter, TL_REQUIRES_NOTHING, calls_reset,
                                           calls_packet, calls_draw, calls_finish);
    if (error) {
        fprintf(stderr, "sipdiag: cannot register the sipdiag,calls tap: %s\n", error->str);
        g_string_free(error, TRUE);
        calls_finish(table);
        SIPDIAG_TAP_INIT_DONE(FALSE);
    }
    /* The pings have a tap of their own (another type of snapshot), and a
     * listener that owns them; the calls' draw prints them.  Not in CSV,
     * whose rows are calls. */
    if (!table->csv) {
        pings_table_t *pings = g_new0(pings_table_t, 1);
        pings->targets = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
        error = register_tap_listener("sipdiag_pings", pings, table->filter, TL_REQUIRES_NOTHING, pings_reset,
                                      pings_packet, NULL, pings_finish);
        if (error) {
            fprintf(stderr, "sipdiag: cannot register the sipdiag,calls tap for OPTIONS pings: %s\n", error->str);
            g_string_free(error, TRUE);
            pings_finish(pings);
            remove_tap_listener(table);
            SIPDIAG_TAP_INIT_DONE(FALSE);
        }
        table->pings = pings;
    }
    SIPDIAG_TAP_INIT_DONE(TRUE);
}

static tap_param calls_params[] = {
    { PARAM_FILTER, "filter", "Filter", NULL, TRUE },
};

static stat_tap_ui calls_ui = {
    SIPDIAG_STAT_GROUP_TELEPHONY, "SIP calls (sipdiag)", CLI_PREFIX, calls_init,
    G_N_ELEMENTS(calls_params), calls_params,
};

void
register_sipdiag_calls_table(void)
{
    register_stat_tap_ui(&calls_ui, NULL);
}
