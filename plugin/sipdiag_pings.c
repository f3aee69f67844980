/*
 * sipdiag_pings.c: OPTIONS pings per target (see sipdiag_pings.h).
 */
#include "sipdiag_pings.h"

#include <glib.h>

#include "sipdiag_icmp.h"
#include <stdio.h>
#include <string.h>

/* Pings of one target still waiting for an answer: a keepalive sends one
 * every few seconds and gets its answer in milliseconds, so a few slots
 * hold them all; a ping pushed out of the ring counts as unanswered. */
#define PENDING 8
/* A Call-ID or branch longer than this is hashed only up to here. */
#define MAX_HASHED 256

typedef struct {
    uint64_t key;      /* Call-ID, CSeq number and top Via branch, hashed; 0: free */
    uint64_t sent_ns;
    uint32_t frame;
    bool answered;     /* kept, so that a late retransmission is not a new ping */
} pending_t;

typedef struct {
    sipdiag_ping_target state;
    pending_t pending[PENDING];
    unsigned next_slot;
    /* The first ping sent after the latest answered one: where the current
     * stretch without an answer starts, if it gets none. */
    bool has_stretch;
    uint64_t stretch_ns;
    uint32_t stretch_frame;
    uint64_t last_sent_ns;
    uint64_t closed_gap_ns; /* longest gap that an answer ended */
    uint32_t closed_gap_frame;
    bool has_closed_gap;
} target_t;

struct sipdiag_pings {
    unsigned max_targets;
    uint32_t next_serial;
    unsigned untracked;
    GHashTable *targets; /* uint64 address hash -> target_t */
};

sipdiag_pings *sipdiag_pings_new(unsigned max_targets)
{
    sipdiag_pings *pings = g_new0(sipdiag_pings, 1);
    pings->max_targets = max_targets > 0 ? max_targets : 1;
    pings->targets = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    return pings;
}

void sipdiag_pings_free(sipdiag_pings *pings)
{
    if (!pings)
        return;
    g_hash_table_destroy(pings->targets);
    g_free(pings);
}

unsigned sipdiag_pings_size(const sipdiag_pings *pings)
{
    return g_hash_table_size(pings->targets);
}

unsigned sipdiag_pings_untracked(const sipdiag_pings *pings)
{
    return pings->untracked;
}

/* FNV-1a, cut at MAX_HASHED bytes, continuing from h. */
static uint64_t hash_more(uint64_t h, const char *p, size_t len)
{
    for (size_t i = 0; i < MIN(len, MAX_HASHED); i++)
        h = (h ^ (unsigned char)p[i]) * G_GUINT64_CONSTANT(0x100000001b3);
    return h;
}

#define HASH_START G_GUINT64_CONSTANT(0xcbf29ce484222325)

static bool is_options(sipdiag_str method)
{
    return sipdiag_str_equal_nocase(method, "OPTIONS");
}

bool sipdiag_pings_wants(const sipdiag_pings *pings, const sipdiag_message *msg)
{
    if (msg->is_request)
        return is_options(msg->method);
    if (pings->next_serial == 0)
        return false; /* no OPTIONS so far: no response can answer one */
    unsigned long number;
    sipdiag_str method;
    return sipdiag_message_cseq(msg, &number, &method) && is_options(method);
}

/* The transaction: Call-ID, CSeq number and top Via branch (RFC 3261
 * §17.2.3 matches a request by branch; the Call-ID and CSeq keep pings of
 * senders without RFC 3261 branches apart).  0 when there is no Call-ID. */
static uint64_t transaction_key(const sipdiag_message *msg)
{
    sipdiag_str call_id = sipdiag_trim(sipdiag_header(msg, SIPDIAG_HDR_CALL_ID));
    unsigned long number;
    sipdiag_str method;
    if (call_id.len == 0 || !sipdiag_message_cseq(msg, &number, &method))
        return 0;
    uint64_t h = hash_more(HASH_START, call_id.ptr, call_id.len);
    /* The number's eight bytes after a separator, not its printed digits:
     * a key only, compared with the pending pings' keys. */
    char bytes[1 + 8] = { '\n' };
    for (size_t i = 0; i < 8; i++)
        bytes[1 + i] = (char)(((uint64_t)number >> (8 * i)) & 0xff);
    h = hash_more(h, bytes, sizeof bytes);
    sipdiag_str branch = sipdiag_top_branch(msg);
    h = hash_more(h, branch.ptr, branch.len);
    return h ? h : 1;
}

static pending_t *find_pending(target_t *t, uint64_t key)
{
    for (unsigned i = 0; i < PENDING; i++)
        if (t->pending[i].key == key)
            return &t->pending[i];
    return NULL;
}

static target_t *find_target(sipdiag_pings *pings, const char *address, bool create, uint32_t frame)
{
    uint64_t id = hash_more(HASH_START, address, strlen(address));
    target_t *t = g_hash_table_lookup(pings->targets, &id);
    if (t || !create)
        return t;
    if (g_hash_table_size(pings->targets) >= pings->max_targets) {
        pings->untracked++;
        return NULL;
    }
    uint64_t *key = g_new(uint64_t, 1);
    *key = id;
    t = g_new0(target_t, 1);
    t->state.serial = ++pings->next_serial;
    t->state.first_frame = frame;
    (void)g_strlcpy(t->state.target, address, sizeof t->state.target);
    g_hash_table_insert(pings->targets, key, t);
    return t;
}

static void observe_ping(target_t *t, const sipdiag_ping_sighting *seen, uint64_t key)
{
    pending_t *slot = &t->pending[t->next_slot];
    t->next_slot = (t->next_slot + 1) % PENDING;
    slot->key = key;
    slot->sent_ns = seen->time_ns;
    slot->frame = seen->frame;
    slot->answered = false;
    t->state.sent++;
    t->state.last_frame = seen->frame;
    t->last_sent_ns = seen->time_ns;
    if (!t->has_stretch) {
        t->has_stretch = true;
        t->stretch_ns = seen->time_ns;
        t->stretch_frame = seen->frame;
    }
}

static void count_code(sipdiag_ping_target *s, unsigned code)
{
    for (unsigned i = 0; i < SIPDIAG_PING_CODES; i++) {
        if (s->codes[i].count == 0)
            s->codes[i].code = code;
        if (s->codes[i].code == code) {
            s->codes[i].count++;
            return;
        }
    }
    s->other_codes++;
}

/* A first final answer to the ping in slot p. */
static void observe_answer(target_t *t, pending_t *p, unsigned code)
{
    uint64_t sent_ns = p->sent_ns;
    p->answered = true;
    t->state.answered++;
    count_code(&t->state, code);
    if (t->has_stretch && t->stretch_ns < sent_ns) {
        /* pings before this one went unanswered: the target looked down from
         * the first of them until this ping, which it answered */
        uint64_t gap = sent_ns - t->stretch_ns;
        if (!t->has_closed_gap || gap > t->closed_gap_ns) {
            t->has_closed_gap = true;
            t->closed_gap_ns = gap;
            t->closed_gap_frame = t->stretch_frame;
        }
    }
    /* The next stretch starts at the first ping sent after this one, if any. */
    t->has_stretch = false;
    for (unsigned i = 0; i < PENDING; i++) {
        const pending_t *q = &t->pending[i];
        if (q->key && !q->answered && q->sent_ns > sent_ns && (!t->has_stretch || q->sent_ns < t->stretch_ns)) {
            t->has_stretch = true;
            t->stretch_ns = q->sent_ns;
            t->stretch_frame = q->frame;
        }
    }
}

/* The gaps as the capture stands: an answered gap, or the open stretch. */
static void settle_gaps(target_t *t)
{
    sipdiag_ping_target *s = &t->state;
    s->has_gap = t->has_closed_gap;
    s->gap_open = false;
    s->longest_gap_ns = t->closed_gap_ns;
    s->gap_frame = t->closed_gap_frame;
    if (t->has_stretch) {
        uint64_t open = t->last_sent_ns - t->stretch_ns;
        if (!s->has_gap || open >= s->longest_gap_ns) {
            s->has_gap = true;
            s->gap_open = true;
            s->longest_gap_ns = open;
            s->gap_frame = t->stretch_frame;
        }
    }
}

bool sipdiag_pings_observe(sipdiag_pings *pings, const sipdiag_ping_sighting *seen, const sipdiag_message *msg,
                           unsigned code, sipdiag_ping_target *out)
{
    if (!msg->is_request && code < 200)
        return false; /* a provisional answer does not say the ping got through */
    uint64_t key = transaction_key(msg);
    if (!key)
        return false;
    const char *address = seen->address_of ? seen->address_of(seen->ctx, msg->is_request) : NULL;
    if (!address || !address[0])
        return false;
    target_t *t = find_target(pings, address, msg->is_request, seen->frame);
    if (!t)
        return false;
    pending_t *p = find_pending(t, key);
    if (msg->is_request) {
        if (p)
            return false; /* a retransmission */
        observe_ping(t, seen, key);
    } else {
        if (!p || p->answered)
            return false; /* a ping not seen (or pushed out of the ring), or answered already */
        observe_answer(t, p, code);
    }
    settle_gaps(t);
    *out = t->state;
    return true;
}

bool sipdiag_pings_quoted(sipdiag_pings *pings, const sipdiag_message *msg, const char *address, uint32_t frame,
                          unsigned icmp_error, sipdiag_ping_target *out)
{
    if (!msg->is_request || !is_options(msg->method) || !address || !address[0])
        return false;
    target_t *t = find_target(pings, address, false, frame);
    if (!t || t->state.icmp_frame)
        return false;
    t->state.icmp_frame = frame;
    t->state.icmp_error = icmp_error;
    *out = t->state;
    return true;
}

/* ---- Words -------------------------------------------------------------- */

void sipdiag_ping_codes_text(const sipdiag_ping_target *t, char *buf, size_t size)
{
    buf[0] = '\0';
    if (size == 0)
        return;
    size_t at = 0;
    for (unsigned i = 0; i < SIPDIAG_PING_CODES && t->codes[i].count; i++) {
        int n = snprintf(buf + at, size - at, "%s%ux%u", at ? "," : "", t->codes[i].code, t->codes[i].count);
        if (n < 0 || (size_t)n >= size - at)
            return;
        at += (size_t)n;
    }
    if (t->other_codes)
        (void)snprintf(buf + at, size - at, "%sother x%u", at ? "," : "", t->other_codes);
    else if (at == 0)
        (void)g_strlcpy(buf, "-", size);
}

static double seconds(uint64_t ns)
{
    return (double)ns / 1e9;
}

/* "; ICMP port unreachable came back (frame 8): nothing takes UDP on ...",
 * when an ICMP error that stops delivery quoted a ping; else "". */
static void icmp_clause(const sipdiag_ping_target *t, char *buf, size_t size)
{
    buf[0] = '\0';
    sipdiag_icmp_error error = (sipdiag_icmp_error)t->icmp_error;
    if (!t->icmp_frame || !sipdiag_icmp_is_failure(error))
        return;
    char meaning[320];
    sipdiag_icmp_meaning(error, t->target, false, 0, meaning, sizeof meaning);
    (void)snprintf(buf, size, "; ICMP %s came back (frame %u): %s", sipdiag_icmp_error_name(error), t->icmp_frame,
                   meaning);
}

void sipdiag_ping_verdict(const sipdiag_ping_target *t, char *buf, size_t size)
{
    char icmp[400];
    icmp_clause(t, icmp, sizeof icmp);
    unsigned failures = t->other_codes;
    for (unsigned i = 0; i < SIPDIAG_PING_CODES; i++)
        if (t->codes[i].count && t->codes[i].code >= 300)
            failures += t->codes[i].count;
    unsigned unanswered = t->sent - t->answered;
    char frames[40];
    if (t->first_frame == t->last_frame)
        (void)snprintf(frames, sizeof frames, "frame %u", t->first_frame);
    else
        (void)snprintf(frames, sizeof frames, "frames %u to %u", t->first_frame, t->last_frame);
    if (t->answered == 0 && icmp[0]) {
        (void)snprintf(buf, size, "No answer to %s %u ping%s (%s)%s", t->sent == 1 ? "its" : "any of its", t->sent,
                       t->sent == 1 ? "" : "s", frames, icmp);
    } else if (t->answered == 0) {
        (void)snprintf(buf, size, "No answer to %s %u ping%s (%s): the target is down, or unreachable at that "
                       "address, port and transport (firewall, NAT, routing), or its answers take a path this "
                       "capture does not see", t->sent == 1 ? "its" : "any of its", t->sent, t->sent == 1 ? "" : "s",
                       frames);
    } else if (unanswered > 0) {
        (void)snprintf(buf, size, "%u of %u pings got no answer; the longest stretch without one lasted %.3f s "
                       "from frame %u%s: the target or the path to it dropped out (restart, overload, loss, "
                       "firewall)%s", unanswered, t->sent, seconds(t->longest_gap_ns), t->gap_frame,
                       t->gap_open ? " and still runs at the end of the capture" : "", icmp);
    } else if (failures > 0) {
        (void)snprintf(buf, size, "Every ping answered, %u with a failure code: the target is reachable and its SIP "
                       "stack responds; it answers an OPTIONS with the code an INVITE would get (RFC 3261 "
                       "§11.2), so read that code (a 503 means it refuses traffic now)", failures);
    } else {
        (void)snprintf(buf, size, "Every ping answered with 2xx: the target is up");
    }
}
