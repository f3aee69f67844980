/*
 * sipdiag_calls.c: per-call records (see sipdiag_calls.h).
 */
#include "sipdiag_calls.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "sipdiag_icmp.h"
#include "sipdiag_table.h"

/* A Call-ID longer than this is hashed only up to here. */
#define MAX_CALL_ID_HASHED 256
#define ADDRESS_SIZE 64
/* Calls looked at for the inbound leg of a new call (link_legs). */
#define RECENT_CALLS 32
#define LEG_WINDOW_NS G_GUINT64_CONSTANT(10000000000)
/* A response from an INVITE's receiver at most this long before it (Timer
 * B's 64 * T1) shows the receiver reachable when the INVITE was sent. */
#define REACHED_WINDOW_NS G_GUINT64_CONSTANT(32000000000)

typedef struct {
    sipdiag_call_state state; /* its strings point at the arrays below */
    char call_id[SIPDIAG_CALL_ID_SIZE];
    char from_user[SIPDIAG_CALL_USER_SIZE];
    char to_user[SIPDIAG_CALL_USER_SIZE];
    char responder[ADDRESS_SIZE];
    char agent[SIPDIAG_CALL_TEXT_SIZE];
    char warning[SIPDIAG_CALL_TEXT_SIZE];
    char reason[SIPDIAG_CALL_TEXT_SIZE];
    char why[SIPDIAG_CALL_WHY_SIZE];
    char icmp_target[ADDRESS_SIZE];
    uint64_t caller_source;   /* source_key of the first INVITE's sender; 0: unknown */
    uint64_t responder_source; /* source_key of the responder's last message; 0: unknown */
    uint64_t responder_inputs; /* what note_responder made responder, agent and warning of */
    uint64_t caller_tag;      /* hash of the first INVITE's From tag; 0: none */
    unsigned long attempt_cseq;
    uint64_t attempt_branch;  /* hash of the attempt INVITE's top Via branch: the caller's leg */
    bool final_on_caller_leg; /* the final response kept was sent on that leg */
    uint64_t answer_ns;
    bool setup_on_caller_leg; /* setup_ns was measured on a 2xx of the caller's leg */
    bool reason_from_bye;
    uint64_t invite_destination; /* address and port the first INVITE was sent to (hashed); 0: unknown */
    uint64_t attempt_ns;         /* when the latest attempt's INVITE was sent */
    uint64_t other_leg_id;       /* Call-ID hash of the linked leg; 0: none */
    bool leg_news;               /* the other leg changed this call's link since its last snapshot */
} call_t;

/* One generation of calls: open addressing on the Call-ID hash (never 0),
 * linear probing, at most half full.  A GHashTable hashed through callbacks
 * and allocated a key per call: every INVITE and response looks a call up. */
typedef struct {
    uint64_t id; /* 0: free */
    call_t *call;
} call_slot_t;

typedef struct {
    call_slot_t *slots;
    uint32_t mask; /* number of slots - 1 */
    uint32_t count;
} call_table_t;

/* Calls are made from chunks and kept for reuse when dropped: one malloc
 * per CALL_CHUNK calls instead of one per call.  The spare ones are at most
 * as many as the calls kept at the peak, so the bound stays 2 * max_calls. */
#define CALL_CHUNK 64

typedef union call_slot {
    call_t call;
    union call_slot *next_spare;
} call_slot_u;

typedef struct call_chunk {
    struct call_chunk *next;
    call_slot_u slots[CALL_CHUNK];
} call_chunk_t;

struct sipdiag_calls {
    call_chunk_t *chunks; /* newest first; the first has chunk_used slots handed out */
    unsigned chunk_used;
    call_slot_u *spare;   /* dropped calls, for reuse */
    unsigned max_calls;
    uint32_t next_serial;
    call_table_t newest; /* Call-ID hash -> call_t */
    call_table_t oldest;
    struct {
        uint64_t id;          /* Call-ID hash of one of the latest calls started (a ring) */
        uint64_t destination; /* where its first INVITE went: most new calls match none, unlooked-up */
    } recent[RECENT_CALLS];
    unsigned recent_next;
};

#define FIRST_CALL_SLOTS 64

static call_t *call_new(sipdiag_calls *calls)
{
    call_slot_u *slot = calls->spare;
    if (slot) {
        calls->spare = slot->next_spare;
    } else {
        if (!calls->chunks || calls->chunk_used == CALL_CHUNK) {
            call_chunk_t *chunk = g_new(call_chunk_t, 1);
            chunk->next = calls->chunks;
            calls->chunks = chunk;
            calls->chunk_used = 0;
        }
        slot = &calls->chunks->slots[calls->chunk_used++];
    }
    memset(&slot->call, 0, sizeof slot->call);
    return &slot->call;
}

static void call_drop(sipdiag_calls *calls, call_t *call)
{
    if (!call)
        return;
    call_slot_u *slot = (call_slot_u *)call; /* call is the slot's first member */
    slot->next_spare = calls->spare;
    calls->spare = slot;
}

/* Drops the table's calls (keeping them for reuse) and the table. */
static void table_free(sipdiag_calls *calls, call_table_t *t)
{
    for (uint32_t i = 0; t->slots && i <= t->mask; i++)
        call_drop(calls, t->slots[i].call);
    g_free(t->slots);
    memset(t, 0, sizeof *t);
}

static call_slot_t *table_slot(const call_table_t *t, uint64_t id)
{
    if (!t->slots)
        return NULL;
    for (uint32_t i = (uint32_t)(id ^ (id >> 32)) & t->mask;; i = (i + 1) & t->mask) {
        if (t->slots[i].id == id)
            return &t->slots[i];
        if (t->slots[i].id == 0)
            return NULL;
    }
}

static void table_put(call_table_t *t, uint64_t id, call_t *call)
{
    uint32_t i = (uint32_t)(id ^ (id >> 32)) & t->mask;
    while (t->slots[i].id != 0)
        i = (i + 1) & t->mask;
    t->slots[i].id = id;
    t->slots[i].call = call;
}

/* Adds id, which is not in the table. */
static void table_add(call_table_t *t, uint64_t id, call_t *call)
{
    if (!t->slots || (t->count + 1) * 2 > t->mask + 1) {
        call_table_t bigger = { NULL, t->slots ? t->mask * 2 + 1 : FIRST_CALL_SLOTS - 1, t->count };
        bigger.slots = g_new0(call_slot_t, (gsize)bigger.mask + 1);
        for (uint32_t i = 0; t->slots && i <= t->mask; i++)
            if (t->slots[i].id)
                table_put(&bigger, t->slots[i].id, t->slots[i].call);
        g_free(t->slots);
        *t = bigger;
    }
    table_put(t, id, call);
    t->count++;
}

/* Frees id's call and takes it out, moving back the entries after it that
 * its slot had pushed on (linear probing needs no tombstones). */
static void table_remove(sipdiag_calls *calls, call_table_t *t, uint64_t id)
{
    call_slot_t *slot = table_slot(t, id);
    if (!slot)
        return;
    call_drop(calls, slot->call);
    uint32_t hole = (uint32_t)(slot - t->slots);
    for (uint32_t i = (hole + 1) & t->mask; t->slots[i].id != 0; i = (i + 1) & t->mask) {
        uint32_t home = (uint32_t)(t->slots[i].id ^ (t->slots[i].id >> 32)) & t->mask;
        /* Moved back only if its home is not between the hole and it (cyclically). */
        if (((i - home) & t->mask) >= ((i - hole) & t->mask)) {
            t->slots[hole] = t->slots[i];
            hole = i;
        }
    }
    t->slots[hole].id = 0;
    t->slots[hole].call = NULL;
    t->count--;
}

sipdiag_calls *sipdiag_calls_new(unsigned max_calls)
{
    sipdiag_calls *calls = g_new0(sipdiag_calls, 1);
    calls->max_calls = max_calls > 0 ? max_calls : 1;
    return calls;
}

void sipdiag_calls_free(sipdiag_calls *calls)
{
    if (!calls)
        return;
    g_free(calls->newest.slots);
    g_free(calls->oldest.slots);
    while (calls->chunks) {
        call_chunk_t *next = calls->chunks->next;
        g_free(calls->chunks);
        calls->chunks = next;
    }
    g_free(calls);
}

unsigned sipdiag_calls_size(const sipdiag_calls *calls)
{
    return calls->newest.count + calls->oldest.count;
}

static call_t *find_call(const sipdiag_calls *calls, uint64_t id)
{
    const call_slot_t *slot = table_slot(&calls->newest, id);
    if (!slot)
        slot = table_slot(&calls->oldest, id);
    return slot ? slot->call : NULL;
}

static call_t *new_call(sipdiag_calls *calls, uint64_t id)
{
    if (calls->newest.count >= calls->max_calls) {
        table_free(calls, &calls->oldest);
        calls->oldest = calls->newest;
        memset(&calls->newest, 0, sizeof calls->newest);
    }
    call_t *call = call_new(calls);
    table_remove(calls, &calls->oldest, id); /* a Call-ID reused: the new call replaces the old */
    call_slot_t *slot = table_slot(&calls->newest, id);
    if (slot) {
        call_drop(calls, slot->call);
        slot->call = call;
    } else {
        table_add(&calls->newest, id, call);
    }
    return call;
}

/* ---- Reading the few headers the tracker needs --------------------------- */

static sipdiag_str slice(const char *ptr, size_t len)
{
    sipdiag_str s = { ptr, len };
    return s;
}

static uint64_t hash_str(sipdiag_str s, size_t max)
{
    uint64_t h = sipdiag_hash_more(G_GUINT64_CONSTANT(0xcbf29ce484222325), s, max);
    return h ? h : 1;
}

/* The sender as text, made only when needed; NULL when unknown. */
static const char *source_text(const sipdiag_call_sighting *seen)
{
    if (seen->source)
        return seen->source;
    return seen->source_of ? seen->source_of(seen->source_ctx) : NULL;
}


/* The sender as a key: equal keys, the same sender (address and port).
 * From the sighting when it has one, else from the text; 0 when unknown,
 * and, with empty_unknown, when the text is empty. */
static uint64_t source_key(const sipdiag_call_sighting *seen, bool empty_unknown)
{
    if (seen->source_key)
        return seen->source_key;
    const char *text = source_text(seen);
    if (!text || (empty_unknown && !text[0]))
        return 0;
    return sipdiag_calls_text_key(text);
}

uint64_t sipdiag_calls_text_key(const char *address)
{
    return address ? hash_str(slice(address, strlen(address)), ADDRESS_SIZE) : 0;
}

/* s into buf, cut at size - 1 bytes, as g_strlcpy copies it: with memcpy,
 * not a byte at a time (a failure's hint is a long sentence). */
static void copy_string(char *buf, size_t size, const char *s)
{
    size_t len = MIN(strlen(s), size - 1);
    memcpy(buf, s, len);
    buf[len] = '\0';
}

/* Whether any byte of word is a control byte (below 0x20, or 0x7f). */
static bool holds_control(uint64_t word)
{
    const uint64_t ones = G_GUINT64_CONSTANT(0x0101010101010101);
    const uint64_t highs = ones * 0x80;
    uint64_t del = word ^ (ones * 0x7f);
    return (((word - ones * 0x20) & ~word) | ((del - ones) & ~del)) & highs;
}

/* s into buf, cut at size - 1 bytes; control bytes (a hostile CR, NUL) become '?'.
 * Copied eight bytes at a time while none is one: every new call and
 * responder copies a few texts. */
static void copy_text(char *buf, size_t size, sipdiag_str s)
{
    size_t len = MIN(s.len, size - 1);
    size_t i = 0;
    for (uint64_t word; i + sizeof word <= len; i += sizeof word) {
        memcpy(&word, s.ptr + i, sizeof word);
        if (holds_control(word))
            break;
        memcpy(buf + i, &word, sizeof word);
    }
    for (; i < len; i++) {
        char c = s.ptr[i];
        if ((unsigned char)c < 0x20 || c == 0x7f)
            c = '?';
        buf[i] = c;
    }
    buf[len] = '\0';
}

/* The first value of a header, trimmed (the parser has already found it). */
static sipdiag_str first_value(const sipdiag_call_message *m, sipdiag_header_id id)
{
    return sipdiag_trim(sipdiag_header(m->msg, id));
}

/* The name-addr or addr-spec of a From/To value, and its parameters. */
static void split_address(sipdiag_str value, sipdiag_str *uri, sipdiag_str *params)
{
    const char *lt = memchr(value.ptr, '<', value.len);
    const char *gt = lt ? memchr(lt, '>', value.len - (size_t)(lt - value.ptr)) : NULL;
    if (lt && gt) {
        *uri = slice(lt + 1, (size_t)(gt - lt - 1));
        *params = slice(gt + 1, value.len - (size_t)(gt + 1 - value.ptr));
        return;
    }
    const char *semi = memchr(value.ptr, ';', value.len);
    *uri = slice(value.ptr, semi ? (size_t)(semi - value.ptr) : value.len);
    *params = semi ? slice(semi, value.len - (size_t)(semi - value.ptr)) : slice("", 0);
}

/* The user part of a URI ("alice" of sip:alice@example.com), else its host
 * or number (tel:+4930...). */
static sipdiag_str uri_user(sipdiag_str uri)
{
    const char *colon = memchr(uri.ptr, ':', uri.len);
    if (colon)
        uri = slice(colon + 1, uri.len - (size_t)(colon + 1 - uri.ptr));
    size_t end = 0;
    while (end < uri.len && uri.ptr[end] != '@' && uri.ptr[end] != ';' && uri.ptr[end] != '>')
        end++;
    if (end == uri.len || uri.ptr[end] != '@') { /* no user part: the host */
        end = 0;
        while (end < uri.len && uri.ptr[end] != ';' && uri.ptr[end] != ':')
            end++;
    }
    return slice(uri.ptr, end);
}

static sipdiag_str address_tag(sipdiag_str value)
{
    sipdiag_str uri;
    sipdiag_str params;
    sipdiag_str tag;
    split_address(value, &uri, &params);
    return sipdiag_param(params, "tag", ';', &tag) ? tag : slice("", 0);
}

static void copy_user(char *buf, size_t size, sipdiag_str value)
{
    sipdiag_str uri;
    sipdiag_str params;
    split_address(value, &uri, &params);
    copy_text(buf, size, uri_user(uri));
}

/* ---- Which messages, and of which call ---------------------------------- */

typedef enum { M_OTHER, M_INVITE, M_ACK, M_CANCEL, M_BYE } method_t;

static method_t method_of(sipdiag_str method)
{
    if (sipdiag_str_equal_nocase(method, "INVITE"))
        return M_INVITE;
    if (sipdiag_str_equal_nocase(method, "ACK"))
        return M_ACK;
    if (sipdiag_str_equal_nocase(method, "CANCEL"))
        return M_CANCEL;
    if (sipdiag_str_equal_nocase(method, "BYE"))
        return M_BYE;
    return M_OTHER;
}

static bool cseq_of(const sipdiag_message *msg, unsigned long *number, method_t *method)
{
    sipdiag_str name;
    if (!sipdiag_message_cseq(msg, number, &name))
        return false;
    *method = method_of(name);
    return true;
}

bool sipdiag_calls_wants(const sipdiag_message *msg)
{
    if (msg->is_request)
        return method_of(msg->method) != M_OTHER;
    unsigned long number;
    method_t method;
    return cseq_of(msg, &number, &method) && (method == M_INVITE || method == M_BYE);
}

/* ---- Outcome ------------------------------------------------------------ */

/* Reason values that say a call ended normally: Q.850 16 (normal call
 * clearing) and 31 (normal, unspecified); a SIP cause below 300. */
static bool failure_reason(const sipdiag_message *msg)
{
    for (unsigned i = 0; i < sipdiag_kept_count(msg, SIPDIAG_HDR_REASON); i++) {
        sipdiag_str list = msg->values[SIPDIAG_HDR_REASON][i];
        sipdiag_str element;
        while (sipdiag_next_element(&list, &element)) {
            sipdiag_reason reason;
            if (!sipdiag_parse_reason(element, &reason) || !reason.cause_valid)
                continue;
            if (sipdiag_str_equal_nocase(reason.protocol, "Q.850") && reason.cause != 16 && reason.cause != 31)
                return true;
            if (sipdiag_str_equal_nocase(reason.protocol, "SIP") && reason.cause >= 300)
                return true;
        }
    }
    return false;
}

static sipdiag_call_outcome final_outcome(const sipdiag_call_state *s, bool auth_rejected)
{
    unsigned code = s->final_code;
    if (code == 487)
        return SIPDIAG_CALL_CANCELLED;
    if (code == 486 || code == 600)
        return SIPDIAG_CALL_BUSY;
    if (code == 603 || code == 607 || code == 608)
        return SIPDIAG_CALL_DECLINED;
    if (code >= 300 && code < 400)
        return SIPDIAG_CALL_REDIRECTED;
    if (code == 408)
        return SIPDIAG_CALL_TIMEOUT;
    if (auth_rejected)
        return SIPDIAG_CALL_AUTH_FAILED;
    return SIPDIAG_CALL_REJECTED; /* a challenge nobody answered included */
}

/* What the outcome would be if the capture ended now. */
static sipdiag_call_outcome outcome_now(const sipdiag_call_state *s, bool auth_rejected)
{
    if (s->answer_count > 0) {
        if (s->drop != SIPDIAG_DROP_NONE)
            return SIPDIAG_CALL_DROPPED;
        if (s->bye_frame)
            return SIPDIAG_CALL_COMPLETED;
        if (!s->acked && s->answer_count > 1)
            return SIPDIAG_CALL_DROPPED; /* repeated 2xx, no ACK so far */
        return SIPDIAG_CALL_ANSWERED;
    }
    if (s->final_code)
        return final_outcome(s, auth_rejected);
    if (s->cancel_frame || s->bye_frame)
        return SIPDIAG_CALL_CANCELLED;
    if (s->provisional_code)
        return SIPDIAG_CALL_TIMEOUT;
    return SIPDIAG_CALL_UNANSWERED;
}

/* ---- Observations ------------------------------------------------------- */

/* Through a proxy the capture can hold both legs of a call with one
 * Call-ID: the caller's leg is the one whose top Via branch is the first
 * INVITE's (a CANCEL and the responses there carry it too, RFC 3261 §9.1,
 * §8.2.6.2). */
static uint64_t top_branch(const sipdiag_message *msg)
{
    return hash_str(sipdiag_top_branch(msg), SIPDIAG_CALL_ID_SIZE);
}

/* What the INVITE's receiver answered before it, for "no response at all". */
static void note_destination(sipdiag_call_state *s, const sipdiag_call_sighting *seen)
{
    bool before = seen->destination_answered_frame && seen->destination_answered_ns <= seen->time_ns;
    s->destination_answered_frame = before ? seen->destination_answered_frame : 0;
    s->destination_answered_ago_ns = before ? seen->time_ns - seen->destination_answered_ns : 0;
    s->invite_large_over_udp = seen->large_over_udp;
}

static void start_call(sipdiag_calls *calls, call_t *call, const sipdiag_call_sighting *seen,
                       const sipdiag_call_message *m, sipdiag_str call_id, unsigned long cseq)
{
    sipdiag_call_state *s = &call->state;
    s->serial = ++calls->next_serial;
    s->new_call = true;
    s->start_frame = seen->frame;
    s->start_ns = seen->time_ns;
    copy_text(call->call_id, sizeof call->call_id, call_id);
    copy_user(call->from_user, sizeof call->from_user, first_value(m, SIPDIAG_HDR_FROM));
    copy_user(call->to_user, sizeof call->to_user, first_value(m, SIPDIAG_HDR_TO));
    sipdiag_str tag = address_tag(first_value(m, SIPDIAG_HDR_FROM));
    call->caller_tag = tag.len ? hash_str(tag, SIPDIAG_CALL_ID_SIZE) : 0;
    call->caller_source = source_key(seen, true);
    call->attempt_cseq = cseq;
    call->attempt_branch = top_branch(m->msg);
    call->invite_destination = seen->destination_key;
    call->attempt_ns = seen->time_ns;
    s->attempts = 1;
    s->invite_count = 1;
    note_destination(s, seen);
}

/* Whether the outbound call just started, sent from the sender keyed
 * source at now_ns, is the one a B2BUA placed for the call inbound. */
static bool legs_of_one_call(const call_t *inbound, const call_t *outbound, uint64_t source, uint64_t now_ns)
{
    const sipdiag_call_state *in = &inbound->state;
    return inbound != outbound && in->leg != SIPDIAG_LEG_OUTBOUND && inbound->invite_destination == source
           && in->final_code == 0 && in->answer_count == 0 && now_ns >= inbound->attempt_ns
           && now_ns - inbound->attempt_ns <= LEG_WINDOW_NS && strcmp(inbound->from_user, outbound->from_user) == 0;
}

/* A B2BUA meets the caller's INVITE with a call of its own to the callee:
 * another Call-ID, sent from the address and port the caller's INVITE went
 * to (the B2BUA's listening socket), with the
 * caller's From user (the caller ID passed on), while the caller's attempt
 * has no final response yet, within LEG_WINDOW_NS of it.  A heuristic
 * (docs/calls.md says how sure it is); the newest such call wins. */
static void link_legs(sipdiag_calls *calls, call_t *outbound, uint64_t id, const sipdiag_call_sighting *seen)
{
    uint64_t source = outbound->from_user[0] ? source_key(seen, true) : 0;
    for (unsigned i = 0; source && i < RECENT_CALLS; i++) {
        unsigned at = (calls->recent_next + RECENT_CALLS - 1 - i) % RECENT_CALLS;
        if (calls->recent[at].destination != source) /* most: one comparison */
            continue;
        uint64_t other = calls->recent[at].id;
        if (!other || other == id)
            continue;
        call_t *inbound = find_call(calls, other);
        if (!inbound || !legs_of_one_call(inbound, outbound, source, seen->time_ns))
            continue;
        outbound->state.leg = SIPDIAG_LEG_OUTBOUND;
        outbound->state.other_leg_frame = inbound->state.start_frame;
        outbound->other_leg_id = other;
        if (inbound->state.leg == SIPDIAG_LEG_NONE) {
            inbound->state.leg = SIPDIAG_LEG_INBOUND;
            inbound->state.other_leg_frame = outbound->state.start_frame;
            inbound->other_leg_id = id;
            inbound->leg_news = true;
        }
        break;
    }
    calls->recent[calls->recent_next].id = id;
    calls->recent[calls->recent_next].destination = outbound->invite_destination;
    calls->recent_next = (calls->recent_next + 1) % RECENT_CALLS;
}

/* The outbound leg's final response, told to its inbound leg: the one that
 * answered becomes the inbound leg's other leg (a B2BUA ringing several). */
static void tell_inbound_leg(const sipdiag_calls *calls, const call_t *outbound, uint64_t outbound_id)
{
    const sipdiag_call_state *out = &outbound->state;
    call_t *inbound = find_call(calls, outbound->other_leg_id);
    if (!inbound || inbound->other_leg_id == 0)
        return;
    if (out->answer_count > 0 || inbound->state.other_leg_frame == out->start_frame) {
        inbound->state.other_leg_frame = out->start_frame;
        inbound->other_leg_id = outbound_id;
        inbound->state.other_leg_code = out->final_code;
        inbound->leg_news = true;
    }
}

/* The final failure's hint, kept for the verdict; texts_changed when it differs. */
static void set_why(call_t *call, const char *why, bool decisive)
{
    if (!why)
        why = "";
    call->state.why_decisive = decisive && why[0];
    if (strncmp(call->why, why, sizeof call->why - 1) == 0)
        return;
    copy_string(call->why, sizeof call->why, why);
    call->state.texts_changed = true;
}

/* The final failure's hint, when the tracker keeps that failure. */
static void note_why(call_t *call, const sipdiag_call_message *m)
{
    bool decisive = false;
    const char *why = m->why_of ? m->why_of(m->why_ctx, &decisive) : NULL;
    set_why(call, why, decisive);
}

/* A new INVITE without To tag in a call not yet answered: an
 * authentication retry (or another retry after a failure). */
static void start_attempt(call_t *call, const sipdiag_message *msg, unsigned long cseq,
                          const sipdiag_call_sighting *seen)
{
    sipdiag_call_state *s = &call->state;
    call->attempt_cseq = cseq;
    call->attempt_ns = seen->time_ns;
    note_destination(s, seen);
    call->attempt_branch = top_branch(msg);
    call->final_on_caller_leg = false;
    s->attempts++;
    s->invite_count = 1;
    s->provisional_code = 0;
    s->provisional_frame = 0;
    s->final_code = 0;
    s->final_frame = 0;
    s->challenged = false;
    s->cancel_frame = 0;
    s->icmp_frame = 0;
    s->answer_icmp_frame = 0;
    set_why(call, "", false);
}

/* The first INVITE again, after its call ended: same top Via branch, from
 * the same address (a copy that a proxy relays comes from another). */
static bool late_retransmission(const call_t *call, const sipdiag_call_sighting *seen, const sipdiag_call_message *m)
{
    if (top_branch(m->msg) != call->attempt_branch)
        return false;
    uint64_t source = call->caller_source ? source_key(seen, false) : 0;
    return !source || source == call->caller_source;
}

static void observe_invite(sipdiag_calls *calls, call_t **callp, uint64_t id, const sipdiag_call_sighting *seen,
                           const sipdiag_call_message *m, sipdiag_str call_id, unsigned long cseq)
{
    call_t *call = *callp;
    bool to_tag = address_tag(first_value(m, SIPDIAG_HDR_TO)).len > 0;
    /* A dialog-creating INVITE after the call was answered and ended: the
     * Call-ID reused for a new call (traffic generators replaying one
     * template do; RFC 3261 §8.1.1.4 wants it unique). */
    bool reused = call && !to_tag && call->state.bye_frame && call->state.answer_count > 0
                  && !late_retransmission(call, seen, m);
    if (!call || reused) {
        if (to_tag)
            return; /* a re-INVITE of a call that started before the capture */
        call = *callp = new_call(calls, id);
        start_call(calls, call, seen, m, call_id, cseq);
        link_legs(calls, call, id, seen);
        return;
    }
    if (cseq == call->attempt_cseq) {
        if (call->state.final_code == 0 && call->state.provisional_code == 0
            && top_branch(m->msg) == call->attempt_branch) /* not the proxy's copy on the next leg */
            call->state.invite_count++; /* for "no response at all": only while there is none */
        return;
    }
    if (!to_tag && call->state.answer_count == 0 && cseq > call->attempt_cseq)
        start_attempt(call, m->msg, cseq, seen);
}

/* RFC 3261 §15: a BYE's From is its sender's; the caller's tag is the
 * first INVITE's From tag.  Without tags, the sender's address decides. */
static sipdiag_call_ender ender_of(const call_t *call, const sipdiag_call_sighting *seen,
                                   const sipdiag_call_message *m)
{
    sipdiag_str tag = address_tag(first_value(m, SIPDIAG_HDR_FROM));
    if (tag.len && call->caller_tag)
        return hash_str(tag, SIPDIAG_CALL_ID_SIZE) == call->caller_tag ? SIPDIAG_ENDED_CALLER : SIPDIAG_ENDED_CALLEE;
    uint64_t source = call->caller_source ? source_key(seen, false) : 0;
    if (source)
        return source == call->caller_source ? SIPDIAG_ENDED_CALLER : SIPDIAG_ENDED_CALLEE;
    return SIPDIAG_ENDED_NONE;
}

static void copy_reason(call_t *call, const sipdiag_message *msg)
{
    sipdiag_str reason = sipdiag_header(msg, SIPDIAG_HDR_REASON);
    copy_text(call->reason, sizeof call->reason, reason);
    call->state.texts_changed = true;
}

static void observe_bye(call_t *call, const sipdiag_call_sighting *seen, const sipdiag_call_message *m)
{
    sipdiag_call_state *s = &call->state;
    if (s->bye_frame)
        return;
    s->bye_frame = seen->frame;
    if (s->answer_count == 0 && s->final_code >= 300)
        return; /* after the call failed: no dialog is left to end (RFC 3261 §12.3), the BYE ends nothing */
    s->ended_by = ender_of(call, seen, m);
    if (m->msg->count[SIPDIAG_HDR_REASON] > 0) {
        copy_reason(call, m->msg);
        call->reason_from_bye = true;
    }
    if (s->answer_count == 0)
        return; /* a BYE in an early dialog: the caller gave up */
    s->settles = true;
    s->has_duration = true;
    s->duration_ns = seen->time_ns > call->answer_ns ? seen->time_ns - call->answer_ns : 0;
    if (s->drop == SIPDIAG_DROP_NONE && !s->acked)
        s->drop = SIPDIAG_DROP_NO_ACK;
    else if (s->drop == SIPDIAG_DROP_NONE && failure_reason(m->msg))
        s->drop = SIPDIAG_DROP_REASON;
}

/* Who answered: the sender, and the header that names its software. */
/* label, ": " and the value's text into buf (no printf: this runs for most responses). */
static void labelled_text(char *buf, size_t size, const char *label, sipdiag_str value)
{
    static const char separator[] = ": ";
    size_t at = MIN(strlen(label), size - 1);
    for (size_t i = 0; i < at; i++)
        buf[i] = label[i];
    for (size_t i = 0; i < sizeof separator - 1 && at < size - 1; i++)
        buf[at++] = separator[i];
    copy_text(buf + at, size - at, value); /* cut where the whole text reaches size - 1 bytes */
}

/* text, cut at its last blank before max bytes, with "..." after it. */
static void cut_at_word(char *text, size_t max)
{
    size_t cut = strlen(text) < max ? strlen(text) : max;
    size_t end = cut;
    while (end > 0 && text[end] != ' ')
        end--;
    while (end > 0 && text[end - 1] == ' ')
        end--;
    memcpy(text + (end ? end : cut), "...", 4); /* one long word: cut inside it */
}

static void note_responder(call_t *call, const sipdiag_call_sighting *seen, const sipdiag_call_message *m)
{
    static const struct {
        sipdiag_header_id id;
        const char *label;
    } agents[] = { { SIPDIAG_HDR_SERVER, "Server" }, { SIPDIAG_HDR_USER_AGENT, "User-Agent" } };
    char responder[sizeof call->responder];
    char agent[sizeof call->agent] = "";
    char warning_text[sizeof call->warning] = "";
    /* The same element answering again (100, then 180) with the same
     * headers makes the same texts: known without making them. */
    uint64_t key = source_key(seen, false);
    uint64_t inputs = key;
    inputs = sipdiag_hash_more(inputs, first_value(m, SIPDIAG_HDR_SERVER), MAX_CALL_ID_HASHED);
    inputs = sipdiag_hash_more(inputs, first_value(m, SIPDIAG_HDR_USER_AGENT), MAX_CALL_ID_HASHED);
    inputs = sipdiag_hash_more(inputs, sipdiag_header(m->msg, SIPDIAG_HDR_WARNING), (size_t)4 * MAX_CALL_ID_HASHED);
    call->responder_source = key;
    if (key && call->responder_inputs == inputs)
        return;
    call->responder_inputs = key ? inputs : 0;
    const char *source = source_text(seen);
    copy_string(responder, sizeof responder, source ? source : "");
    sipdiag_warning warning;
    sipdiag_str list = sipdiag_header(m->msg, SIPDIAG_HDR_WARNING);
    sipdiag_str element;
    bool has_warning = sipdiag_next_element(&list, &element) && sipdiag_parse_warning(element, &warning);
    if (has_warning) {
        char text[SIPDIAG_CALL_TEXT_SIZE];
        copy_text(text, sizeof text, warning.text);
        if (warning.text.len >= sizeof text - 8) /* cut at a word, not inside a number */
            cut_at_word(text, sizeof text - 8);
        (void)g_snprintf(warning_text, sizeof warning_text, "%03lu \"%s\"", warning.code, text);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(agents) && !agent[0]; i++) {
        sipdiag_str value = first_value(m, agents[i].id);
        if (value.len)
            labelled_text(agent, sizeof agent, agents[i].label, value);
    }
    if (!agent[0] && has_warning && warning.agent.len)
        labelled_text(agent, sizeof agent, "Warning agent", warning.agent);
    /* The same element answering again (100, then 180) changes nothing to copy. */
    if (strcmp(responder, call->responder) == 0 && strcmp(agent, call->agent) == 0
        && strcmp(warning_text, call->warning) == 0)
        return;
    memcpy(call->responder, responder, sizeof responder);
    memcpy(call->agent, agent, sizeof agent);
    memcpy(call->warning, warning_text, sizeof warning_text);
    call->state.texts_changed = true;
}

static void observe_provisional(call_t *call, const sipdiag_call_sighting *seen, const sipdiag_call_message *m)
{
    sipdiag_call_state *s = &call->state;
    /* A 1xx after the 2xx (reordered, or sent late) did not delay the caller;
     * nor did one on a proxy's leg to the callee (RFC 6076 §4.3.1 measures
     * post-dial delay where the call started). */
    if (m->code >= 180 && !s->has_pdd && s->answer_count == 0 && top_branch(m->msg) == call->attempt_branch) {
        s->has_pdd = true;
        s->pdd_ns = seen->time_ns > s->start_ns ? seen->time_ns - s->start_ns : 0;
    }
    if (s->provisional_code == 0 || (s->provisional_code == 100 && m->code > 100)) {
        s->provisional_code = m->code;
        s->provisional_frame = seen->frame;
        if (s->final_code == 0)
            note_responder(call, seen, m);
    }
}

static void observe_answer(call_t *call, const sipdiag_call_sighting *seen, const sipdiag_call_message *m)
{
    sipdiag_call_state *s = &call->state;
    bool caller_leg = top_branch(m->msg) == call->attempt_branch;
    if (s->answer_count > 0) {
        /* Repeated by the element that answered (no ACK yet); not the same
         * 2xx relayed by a proxy on the capture's other leg, which is
         * where the caller's setup time ends. */
        uint64_t source = source_key(seen, false);
        if (source && source == call->responder_source)
            s->answer_count++;
        else if (caller_leg && !call->setup_on_caller_leg) {
            s->setup_ns = seen->time_ns > s->start_ns ? seen->time_ns - s->start_ns : 0;
            call->setup_on_caller_leg = true;
            s->texts_changed = true; /* a new snapshot, though the outcome is the same */
        }
        return;
    }
    s->answer_count = 1;
    s->settles = true;
    s->has_setup = true;
    s->setup_ns = seen->time_ns > s->start_ns ? seen->time_ns - s->start_ns : 0;
    call->setup_on_caller_leg = caller_leg;
    call->answer_ns = seen->time_ns;
    s->final_code = m->code;
    s->final_frame = seen->frame;
    s->challenged = false;
    note_responder(call, seen, m);
    note_why(call, m); /* a 2xx the caller cannot use (no Contact...) says so */
}

static bool observe_failure(call_t *call, const sipdiag_call_sighting *seen, const sipdiag_call_message *m,
                            bool *auth_rejected)
{
    sipdiag_call_state *s = &call->state;
    if (s->answer_count > 0 || s->final_code == m->code)
        return false; /* after an answer, or repeated (or relayed to the caller's leg) */
    if (s->final_code && call->final_on_caller_leg)
        return false; /* what the caller got stands: a 487 after a proxy's own 408 is the next leg's */
    call->final_on_caller_leg = top_branch(m->msg) == call->attempt_branch;
    s->final_code = m->code;
    s->final_frame = seen->frame;
    note_responder(call, seen, m);
    note_why(call, m);
    if (!call->reason_from_bye) {
        copy_reason(call, m->msg);
    }
    bool credentials_refused = m->auth == SIPDIAG_AUTH_REJECTED || m->auth == SIPDIAG_AUTH_NONCE;
    bool challenge = (m->code == 401 || m->code == 407) && !credentials_refused;
    *auth_rejected = credentials_refused && (m->code == 401 || m->code == 407 || m->code == 403);
    s->challenged = challenge;
    /* A challenge is not final for the call: a retry with credentials follows. */
    s->settles = !challenge;
    return true;
}

/* A re-INVITE answered 408 or 481: RFC 3261 §12.2.1.2 has the UAC end the
 * dialog (a session refresh that failed). */
static void observe_refresh(call_t *call, const sipdiag_call_sighting *seen, unsigned code)
{
    sipdiag_call_state *s = &call->state;
    if ((code != 408 && code != 481) || s->refresh_frame || s->bye_frame)
        return;
    s->refresh_frame = seen->frame;
    s->refresh_code = code;
    if (s->drop == SIPDIAG_DROP_NONE)
        s->drop = SIPDIAG_DROP_REFRESH;
    s->settles = true;
}

static void observe_invite_response(call_t *call, const sipdiag_call_sighting *seen, const sipdiag_call_message *m,
                                    unsigned long cseq, bool *auth_rejected)
{
    sipdiag_call_state *s = &call->state;
    if (cseq != call->attempt_cseq) {
        if (s->answer_count > 0 && m->code >= 300)
            observe_refresh(call, seen, m->code);
        /* Any other failure leaves the call with its earlier session (RFC
         * 3261 §14.1); a challenge is answered by a retry. */
        if (s->answer_count > 0 && m->code >= 300 && m->code != 408 && m->code != 481 && m->code != 401
            && m->code != 407 && !s->reinvite_failed_frame && !s->bye_frame) {
            s->reinvite_failed_frame = seen->frame;
            s->reinvite_failed_code = m->code;
            s->texts_changed = true;
        }
        return;
    }
    if (m->code < 200)
        observe_provisional(call, seen, m);
    else if (m->code < 300)
        observe_answer(call, seen, m);
    else
        (void)observe_failure(call, seen, m, auth_rejected);
}

static void observe_bye_response(call_t *call, unsigned code)
{
    sipdiag_call_state *s = &call->state;
    if (code < 200 || !s->bye_frame || s->bye_code)
        return;
    s->bye_code = code;
    s->settles = s->answer_count > 0;
}

/* What a table shows of a call; a message changes the call when it changes
 * one of these (kept apart: copying the whole state for each message cost more). */
typedef struct {
    sipdiag_call_outcome outcome;
    unsigned final_code;
    bool has_pdd;
    unsigned provisional_code;
    unsigned bye_code;
    uint32_t cancel_frame;
    unsigned invite_count;
    unsigned attempts;
} call_view_t;

static call_view_t view_of(const sipdiag_call_state *s)
{
    call_view_t v = { s->outcome, s->final_code, s->has_pdd, s->provisional_code, s->bye_code, s->cancel_frame,
                      s->invite_count, s->attempts };
    return v;
}

static bool same_view(const call_view_t *a, const call_view_t *b)
{
    return a->outcome == b->outcome && a->final_code == b->final_code && a->has_pdd == b->has_pdd
           && a->provisional_code == b->provisional_code && a->bye_code == b->bye_code
           && a->cancel_frame == b->cancel_frame && a->invite_count == b->invite_count && a->attempts == b->attempts;
}

static void dispatch(sipdiag_calls *calls, call_t **call, uint64_t id, const sipdiag_call_sighting *seen,
                     const sipdiag_call_message *m, sipdiag_str call_id, unsigned long cseq, method_t method,
                     method_t request, bool *auth_rejected)
{
    const sipdiag_message *msg = m->msg;
    if (msg->is_request && request == M_INVITE) {
        observe_invite(calls, call, id, seen, m, call_id, cseq);
        return;
    }
    if (!*call)
        return;
    sipdiag_call_state *s = &(*call)->state;
    if (!msg->is_request) {
        if (method == M_INVITE)
            observe_invite_response(*call, seen, m, cseq, auth_rejected);
        else if (method == M_BYE)
            observe_bye_response(*call, m->code);
        return;
    }
    switch (request) {
    case M_ACK:
        if (s->answer_count > 0)
            s->acked = true;
        break;
    case M_CANCEL: /* the caller's, not a proxy's on the next leg */
        if (cseq == (*call)->attempt_cseq && !s->cancel_frame && top_branch(msg) == (*call)->attempt_branch)
            s->cancel_frame = seen->frame;
        break;
    case M_BYE:
        observe_bye(*call, seen, m);
        break;
    default:
        break;
    }
}

/* A snapshot's strings point into its call. */
static void point_strings(call_t *call)
{
    sipdiag_call_state *s = &call->state;
    s->call_id = call->call_id;
    s->from_user = call->from_user;
    s->to_user = call->to_user;
    s->responder = call->responder;
    s->agent = call->agent;
    s->warning = call->warning;
    s->reason = call->reason;
    s->why = call->why;
    s->icmp_target = call->icmp_target;
}

/* The first ICMP error that quoted the attempt's INVITE (request) or its
 * 2xx: true when this is it, and noted. */
static bool note_quoted(call_t *call, const sipdiag_message *msg, uint32_t frame, unsigned icmp_error)
{
    sipdiag_call_state *s = &call->state;
    if (msg->is_request) {
        if (s->icmp_frame || top_branch(msg) != call->attempt_branch) /* not a proxy's copy on the next leg */
            return false;
        s->icmp_frame = frame;
        s->icmp_error = icmp_error;
        return true;
    }
    if (s->answer_icmp_frame || s->answer_count == 0)
        return false;
    s->answer_icmp_frame = frame;
    s->answer_icmp_error = icmp_error;
    return true;
}

/* The INVITE or 2xx an ICMP error quoted (m->quoted_icmp): not a sighting. */
static bool observe_quoted(call_t *call, const sipdiag_call_sighting *seen, const sipdiag_call_message *m,
                           unsigned long cseq, sipdiag_call_state *out)
{
    if (cseq != call->attempt_cseq || (!m->msg->is_request && (m->code < 200 || m->code > 299))
        || !note_quoted(call, m->msg, seen->frame, m->icmp_error))
        return false;
    sipdiag_call_state *s = &call->state;
    s->new_call = false;
    s->settles = false;
    s->texts_changed = true;
    const char *target = seen->source ? seen->source : "";
    copy_text(call->icmp_target, sizeof call->icmp_target, slice(target, strlen(target)));
    point_strings(call);
    *out = *s;
    return true;
}

bool sipdiag_calls_observe(sipdiag_calls *calls, const sipdiag_call_sighting *seen, const sipdiag_call_message *m,
                           sipdiag_call_state *out)
{
    unsigned long cseq;
    method_t method;
    /* What sipdiag_calls_wants says, from the same reading of the CSeq. */
    method_t request = m->msg->is_request ? method_of(m->msg->method) : M_OTHER;
    if (m->msg->is_request && request == M_OTHER)
        return false;
    sipdiag_str call_id = sipdiag_trim(sipdiag_header(m->msg, SIPDIAG_HDR_CALL_ID));
    if (call_id.len == 0 || !cseq_of(m->msg, &cseq, &method))
        return false;
    if (!m->msg->is_request && method != M_INVITE && method != M_BYE)
        return false;
    uint64_t id = hash_str(call_id, MAX_CALL_ID_HASHED);
    call_t *call = find_call(calls, id);
    if (m->quoted_icmp)
        return call && (m->msg->is_request ? request == M_INVITE : method == M_INVITE)
               && observe_quoted(call, seen, m, cseq, out);
    call_view_t before;
    memset(&before, 0, sizeof before);
    if (call) {
        before = view_of(&call->state);
        call->state.new_call = false;
        call->state.settles = false;
        call->state.texts_changed = false;
    }
    bool auth_rejected = call && call->state.outcome == SIPDIAG_CALL_AUTH_FAILED;
    dispatch(calls, &call, id, seen, m, call_id, cseq, method, request, &auth_rejected);
    if (!call)
        return false;
    sipdiag_call_state *s = &call->state;
    if (s->leg == SIPDIAG_LEG_OUTBOUND && s->final_code >= 200 && s->final_code != before.final_code)
        tell_inbound_leg(calls, call, id);
    s->outcome = outcome_now(s, auth_rejected);
    point_strings(call);
    bool leg_news = call->leg_news;
    call->leg_news = false;
    call_view_t after = view_of(s);
    if (!s->new_call && !s->settles && !s->texts_changed && !leg_news && same_view(&before, &after))
        return false;
    *out = *s;
    return true;
}

/* ---- Words -------------------------------------------------------------- */

const char *sipdiag_call_outcome_name(sipdiag_call_outcome outcome)
{
    static const char *const names[SIPDIAG_CALL_OUTCOME_COUNT] = {
        "unanswered", "timeout", "answered", "completed", "dropped", "cancelled",
        "busy", "declined", "redirected", "auth-failed", "rejected",
    };
    return (unsigned)outcome < SIPDIAG_CALL_OUTCOME_COUNT ? names[outcome] : "unknown";
}

const char *sipdiag_call_ender_name(sipdiag_call_ender ender)
{
    return ender == SIPDIAG_ENDED_CALLER ? "caller" : ender == SIPDIAG_ENDED_CALLEE ? "callee" : "";
}

bool sipdiag_call_answered(const sipdiag_call_state *call)
{
    return call->outcome == SIPDIAG_CALL_ANSWERED || call->outcome == SIPDIAG_CALL_COMPLETED
           || call->outcome == SIPDIAG_CALL_DROPPED;
}

/* E.425 counts answer, user busy, ring no answer and refusal by the callee
 * as effective; a call abandoned or timed out after the callee was alerted
 * (an 18x) is a ring with no answer. */
bool sipdiag_call_effective(const sipdiag_call_state *call)
{
    switch (call->outcome) {
    case SIPDIAG_CALL_ANSWERED:
    case SIPDIAG_CALL_COMPLETED:
    case SIPDIAG_CALL_DROPPED:
    case SIPDIAG_CALL_BUSY:
    case SIPDIAG_CALL_DECLINED:
        return true;
    case SIPDIAG_CALL_TIMEOUT:
    case SIPDIAG_CALL_CANCELLED:
        return call->has_pdd;
    default:
        return false;
    }
}

void sipdiag_call_responder_text(const sipdiag_call_state *call, char *buf, size_t size)
{
    const char *who = call->responder && call->responder[0] ? call->responder : "an element not in the capture";
    if (call->agent && call->agent[0])
        (void)g_snprintf(buf, size, "%s (%s)", who, call->agent);
    else
        (void)g_snprintf(buf, size, "%s", who);
}

static double seconds(uint64_t ns)
{
    return (double)ns / 1e9;
}

/* "; Warning 304 "..."" or "", for a sentence about a failure. */
static void warning_clause(const sipdiag_call_state *call, char *buf, size_t size)
{
    if (call->warning && call->warning[0])
        (void)g_snprintf(buf, size, " (Warning %s)", call->warning);
    else
        buf[0] = '\0';
}

/* The short remedy of a registered code; for another, what RFC 3261
 * §8.1.3.2 makes of it. */
static const char *short_remedy(unsigned code, char *note, size_t size)
{
    const sipdiag_codes_row *row = sipdiag_code_lookup(code);
    note[0] = '\0';
    if (row && row->remedy_short[0])
        return row->remedy_short;
    if (code >= 100 && code <= 699) {
        (void)g_snprintf(note, size, " (unregistered, handled as %u)", code / 100 * 100);
        return "Ask the sender's vendor what the code means";
    }
    (void)g_snprintf(note, size, " (outside 100-699: no class)");
    return "Report the code to the sender's vendor";
}

/* The 2xx came back in an ICMP error: it never reached the caller, so no
 * ACK could come. */
static void verdict_answer_bounced(const sipdiag_call_state *c, const char *who, char *buf, size_t size)
{
    sipdiag_icmp_error error = (sipdiag_icmp_error)c->answer_icmp_error;
    char meaning[320];
    sipdiag_icmp_meaning(error, c->icmp_target, true, 0, meaning, sizeof meaning);
    (void)g_snprintf(buf, size, "Answered by %s, but its %u never reached the caller, so no ACK could come: ICMP %s "
                     "came back for it (frame %u): %s", who, c->final_code, sipdiag_icmp_error_name(error),
                     c->answer_icmp_frame, meaning);
}

static void verdict_answered(const sipdiag_call_state *c, const char *who, char *buf, size_t size)
{
    /* RFC 3261 §9.2: a CANCEL has no effect once the final response is sent. */
    char race[96] = "";
    if (c->cancel_frame)
        (void)g_snprintf(race, sizeof race, ", as the caller's CANCEL (frame %u) crossed it: the 2xx won (RFC 3261 "
                         "§9.2)", c->cancel_frame);
    /* On the leg a B2BUA placed, its caller is the B2BUA. */
    const char *caller = c->leg == SIPDIAG_LEG_OUTBOUND ? "the B2BUA" : "the caller";
    const char *ender = c->ended_by == SIPDIAG_ENDED_CALLEE ? "the callee" : c->ended_by == SIPDIAG_ENDED_CALLER
                      ? caller : "one side";
    char kept[112 + SIPDIAG_CALL_WHY_SIZE] = "";
    size_t kept_len = 0;
    if (c->why_decisive && c->why[0]) /* the 2xx's own flaw */
        kept_len = (size_t)g_snprintf(kept, sizeof kept, ", but: %s", c->why);
    if (c->reinvite_failed_frame && kept_len < sizeof kept) /* RFC 3261 §14.1: a failed re-INVITE changes nothing */
        (void)g_snprintf(kept + kept_len, sizeof kept - kept_len, "; a re-INVITE got %u (frame %u) and the call "
                         "went on with its earlier session", c->reinvite_failed_code, c->reinvite_failed_frame);
    switch (c->outcome) {
    case SIPDIAG_CALL_COMPLETED:
        (void)g_snprintf(buf, size, "Answered with %u by %s after %.3f s%s%s; %s ended it with BYE after %.3f s%s%s%s",
                         c->final_code, who, seconds(c->setup_ns), race, kept, ender, seconds(c->duration_ns),
                         c->reason[0] ? " (Reason: " : "", c->reason, c->reason[0] ? ")" : "");
        return;
    case SIPDIAG_CALL_ANSWERED:
        (void)g_snprintf(buf, size, "Answered with %u by %s after %.3f s%s%s; no BYE so far in this capture",
                         c->final_code, who, seconds(c->setup_ns), race, kept);
        return;
    default:
        break;
    }
    /* Dropped for a missing ACK: by a BYE before it, or the 2xx repeated. */
    bool no_ack = c->drop == SIPDIAG_DROP_NO_ACK || (c->drop == SIPDIAG_DROP_NONE && !c->acked);
    if (no_ack && c->answer_icmp_frame && sipdiag_icmp_is_failure((sipdiag_icmp_error)c->answer_icmp_error))
        verdict_answer_bounced(c, who, buf, size);
    else if (c->drop == SIPDIAG_DROP_REFRESH)
        (void)g_snprintf(buf, size, "Answered by %s, then a re-INVITE got %u: the far end no longer knows the "
                         "dialog, so the call is over (RFC 3261 §12.2.1.2); check session timers and what "
                         "restarted or lost state between the two sides", who, c->refresh_code);
    else if (c->drop == SIPDIAG_DROP_REASON)
        (void)g_snprintf(buf, size, "Answered by %s, then %s ended it after %.3f s with a BYE whose Reason (%s) "
                         "is not a normal clearing: read that cause on the side that sent the BYE",
                         who, ender, seconds(c->duration_ns), c->reason);
    else if (c->bye_frame && c->ended_by == SIPDIAG_ENDED_CALLEE)
        (void)g_snprintf(buf, size, "Answered by %s, but no ACK for its %u came before the callee's BYE: the "
                         "callee ends a call whose 2xx is never acknowledged (RFC 3261 §13.3.1.4); check that the "
                         "caller's ACK reaches the Contact and Record-Route of the 2xx (NAT, private address)",
                         who, c->final_code);
    else if (c->bye_frame)
        (void)g_snprintf(buf, size, "Answered by %s, then %s sent BYE (frame %u) with no ACK for the %u in the "
                         "capture: every 2xx must be acknowledged (RFC 3261 §13.2.2.4); the ACK took another path "
                         "(Contact, Record-Route) or was never sent", who, ender, c->bye_frame, c->final_code);
    else
        (void)g_snprintf(buf, size, "Answered by %s, which repeated its %u %u times without an ACK: the "
                         "caller's ACK does not reach the Contact and Record-Route of the 2xx (NAT, private "
                         "address, firewall), and the callee will end the call", who, c->final_code,
                         c->answer_count);
}

static void verdict_cancelled(const sipdiag_call_state *c, const char *who, char *buf, size_t size)
{
    if (c->final_code != 487 && c->cancel_frame)
        (void)g_snprintf(buf, size, "The caller gave up before an answer (CANCEL in frame %u)", c->cancel_frame);
    else if (c->final_code != 487 && c->provisional_code == 0)
        /* A BYE needs a dialog, which only a response with a To tag sets up (RFC 3261 §12.1). */
        (void)g_snprintf(buf, size, "The caller sent BYE (frame %u) though no response to its INVITE is in the "
                         "capture: a BYE needs a dialog, which only a response with a To tag sets up (RFC 3261 "
                         "§12.1), so the capture misses the callee's responses (capture point, one direction only, "
                         "loss) and the call's real outcome is unknown", c->bye_frame);
    else if (c->final_code != 487)
        (void)g_snprintf(buf, size, "The caller ended the early dialog with BYE (frame %u) before an answer (RFC "
                         "3261 §15); the INVITE's own final response (487, §15.1.2) is not in the capture",
                         c->bye_frame);
    else if (!c->cancel_frame && c->bye_frame)
        (void)g_snprintf(buf, size, "Ended by the caller's BYE in the early dialog (frame %u), then 487 by %s "
                         "(RFC 3261 §15.1.2)", c->bye_frame, who);
    else if (c->cancel_frame)
        (void)g_snprintf(buf, size, "Cancelled by the caller before an answer: CANCEL in frame %u, then 487 by %s",
                         c->cancel_frame, who);
    else
        (void)g_snprintf(buf, size, "Ended with 487 by %s with no CANCEL of this INVITE in the capture: a "
                         "CANCEL on another leg, a forking proxy or the INVITE's Expires ended it", who);
}

static const char *failure_word(sipdiag_call_outcome outcome)
{
    switch (outcome) {
    case SIPDIAG_CALL_BUSY:
        return "Busy";
    case SIPDIAG_CALL_DECLINED:
        return "Declined";
    case SIPDIAG_CALL_REDIRECTED:
        return "Redirected";
    case SIPDIAG_CALL_TIMEOUT:
        return "Timed out";
    default:
        return "Rejected";
    }
}

/* The hint after the code's remedy. */
static void append_why(char *buf, size_t size, const char *why)
{
    size_t len = strlen(buf);
    if (len + 3 < size)
        (void)g_snprintf(buf + len, size - len, "; %s", why);
}

static void verdict_failed(const sipdiag_call_state *c, const char *who, char *buf, size_t size)
{
    char warning[SIPDIAG_CALL_TEXT_SIZE + 16];
    char note[48];
    const char *remedy = short_remedy(c->final_code, note, sizeof note);
    /* The response's hint read its headers and what came before it: where
     * it says what the failure means, the verdict says it instead of the
     * code's generic remedy; else it follows that remedy. */
    const char *why = c->why && c->why[0] ? c->why : NULL;
    if (c->outcome == SIPDIAG_CALL_CANCELLED) {
        verdict_cancelled(c, who, buf, size);
    } else if (c->outcome == SIPDIAG_CALL_AUTH_FAILED) {
        (void)g_snprintf(buf, size, "Credentials refused with %u by %s: %s", c->final_code, who,
                         why && c->why_decisive ? why
                                            : "check the user name and password the caller uses for that realm");
    } else if (c->challenged) {
        (void)g_snprintf(buf, size, "Challenged with %u by %s and no INVITE with credentials followed in "
                         "this capture: the caller has none for that realm, or gave up", c->final_code, who);
    } else {
        char cancelled[80] = "";
        if (c->cancel_frame) /* RFC 3261 §9.2: a CANCEL that took effect gives the INVITE a 487 */
            (void)g_snprintf(cancelled, sizeof cancelled, " after the caller's CANCEL (frame %u), which it did not "
                             "act on", c->cancel_frame);
        if (why && c->why_decisive) {
            (void)g_snprintf(buf, size, "%s with %u%s by %s%s: %s", failure_word(c->outcome), c->final_code, note,
                             who, cancelled, why);
            return;
        }
        if (why) /* a hint names the Warning where it matters */
            warning[0] = '\0';
        else
            warning_clause(c, warning, sizeof warning);
        (void)g_snprintf(buf, size, "%s with %u%s by %s%s%s: %c%s", failure_word(c->outcome), c->final_code, note,
                         who, warning, cancelled, g_ascii_tolower(remedy[0]), remedy + 1);
        if (why)
            append_why(buf, size, why);
    }
}

/* The B2BUA link, after the sentence: which leg this is and, for the
 * caller's leg, what the other leg got. */
static void append_leg(const sipdiag_call_state *c, char *buf, size_t size)
{
    size_t len = strlen(buf);
    if (!c->other_leg_frame || len + 1 >= size)
        return;
    if (c->leg == SIPDIAG_LEG_OUTBOUND)
        (void)g_snprintf(buf + len, size - len, " [the leg a B2BUA placed for the call in frame %u]",
                         c->other_leg_frame);
    else if (c->other_leg_code)
        (void)g_snprintf(buf + len, size - len, " [the B2BUA's leg to the callee, frame %u, got %u]",
                         c->other_leg_frame, c->other_leg_code);
    else
        (void)g_snprintf(buf + len, size - len, " [the B2BUA's leg to the callee starts in frame %u]",
                         c->other_leg_frame);
}

/* An INVITE nothing answered, but an ICMP error quoted (RFC 3261 §18.4). */
static void verdict_icmp(const sipdiag_call_state *c, char *buf, size_t size)
{
    sipdiag_icmp_error error = (sipdiag_icmp_error)c->icmp_error;
    char meaning[320];
    sipdiag_icmp_meaning(error, c->icmp_target, false, 0, meaning, sizeof meaning);
    (void)g_snprintf(buf, size, "No response at all to the INVITE (sent %u time%s); ICMP %s came back for it "
                     "(frame %u): %s", c->invite_count, c->invite_count == 1 ? "" : "s",
                     sipdiag_icmp_error_name(error), c->icmp_frame, meaning);
}

void sipdiag_call_verdict(const sipdiag_call_state *c, char *buf, size_t size)
{
    char who[ADDRESS_SIZE + SIPDIAG_CALL_TEXT_SIZE + 4];
    sipdiag_call_responder_text(c, who, sizeof who);
    buf[0] = '\0';
    if (sipdiag_call_answered(c)) {
        verdict_answered(c, who, buf, size);
    } else if (c->final_code || c->outcome == SIPDIAG_CALL_CANCELLED) {
        verdict_failed(c, who, buf, size);
    } else if (c->outcome == SIPDIAG_CALL_TIMEOUT && c->provisional_code == 100) {
        /* 100 is hop-by-hop (RFC 3261 §21.1.1): only the next hop took the INVITE. */
        (void)g_snprintf(buf, size, "No final response after 100 Trying from %s (frame %u): that hop took the "
                         "INVITE, but nothing came back from further on (no ringing, no answer); follow the call "
                         "past it, or the capture ended too soon", who, c->provisional_frame);
    } else if (c->outcome == SIPDIAG_CALL_TIMEOUT) {
        (void)g_snprintf(buf, size, "No final response after %u from %s (frame %u) by the end of the capture: "
                         "still ringing when it stopped, left ringing, or its answer was lost on the way back",
                         c->provisional_code, who, c->provisional_frame);
    } else if (c->icmp_frame && sipdiag_icmp_is_failure((sipdiag_icmp_error)c->icmp_error)) {
        verdict_icmp(c, buf, size);
    } else if (c->destination_answered_frame && c->destination_answered_ago_ns <= REACHED_WINDOW_NS) {
        bool under_second = c->destination_answered_ago_ns < G_GUINT64_CONSTANT(1000000000);
        (void)g_snprintf(buf, size, "No response at all to the INVITE (sent %u time%s), though its receiver "
                         "answered another request %.*f %s before it (frame %u): that address and port are "
                         "reachable, so this INVITE was dropped on the way%s or ignored there (check that "
                         "element's logs)",
                         c->invite_count, c->invite_count == 1 ? "" : "s", under_second ? 1 : 3,
                         (double)c->destination_answered_ago_ns / (under_second ? 1e6 : 1e9),
                         under_second ? "ms" : "s", c->destination_answered_frame,
                         c->invite_large_over_udp ? " (over 1300 bytes on UDP it goes in IP fragments, which "
                                                    "firewalls often drop; RFC 3261 §18.1.1 wants TCP)" : "");
    } else {
        (void)g_snprintf(buf, size, "No response at all to the INVITE (sent %u time%s): check that the "
                         "destination is reachable at that address, port and transport (firewall, NAT, DNS)",
                         c->invite_count, c->invite_count == 1 ? "" : "s");
    }
    append_leg(c, buf, size);
}
