/*
 * sipdiag_context.c: transaction and dialog state for response diagnosis.
 */
#include "sipdiag_context.h"

#include <glib.h>
#include <string.h>

/* Identifiers longer than this are cut: enough to tell real ones apart,
 * and a hostile 64 KiB Call-ID does not become a 64 KiB key. */
#define MAX_ID_LEN 256
#define MAX_NAME_LEN 128
#define MAX_RESPONSES_PER_TXN 8

typedef struct {
    unsigned code;
    uint32_t frame;
} seen_response_t;

typedef struct {
    bool present;
    char *username;
    char *realm;
} credentials_t;

typedef struct {
    uint32_t request_frame;
    uint64_t request_time_ns;
    uint32_t last_request_frame;
    unsigned request_count;
    uint32_t request_size;
    bool request_over_udp;
    char *request_scheme;
    bool has_request_expires;
    unsigned long request_expires;
    uint32_t cancel_frame;
    credentials_t authorization;
    credentials_t proxy_authorization;
    seen_response_t responses[MAX_RESPONSES_PER_TXN];
    unsigned response_count;
} transaction_t;

/* One request across every leg it took (all branches of Call-ID, CSeq, method). */
typedef struct {
    unsigned retransmissions;
    uint32_t first_retransmission_frame;
    uint32_t last_retransmission_frame;
} request_family_t;

typedef struct {
    uint32_t invite_frame;
    uint32_t confirmed_frame;
    uint32_t bye_frame;
} dialog_t;

/* Two generations of one table: lookups see both, inserts go to the newest. */
typedef struct {
    GHashTable *newest;
    GHashTable *oldest;
    GDestroyNotify free_value;
} generations_t;

struct sipdiag_context {
    unsigned max_entries;
    generations_t transactions;
    generations_t families;
    generations_t dialogs;
};

static void free_transaction(gpointer p)
{
    transaction_t *txn = p;
    g_free(txn->request_scheme);
    g_free(txn->authorization.username);
    g_free(txn->authorization.realm);
    g_free(txn->proxy_authorization.username);
    g_free(txn->proxy_authorization.realm);
    g_free(txn);
}

static GHashTable *new_table(GDestroyNotify free_value)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_value);
}

static void generations_init(generations_t *g, GDestroyNotify free_value)
{
    g->free_value = free_value;
    g->newest = new_table(free_value);
    g->oldest = new_table(free_value);
}

static void generations_clear(generations_t *g)
{
    g_hash_table_destroy(g->newest);
    g_hash_table_destroy(g->oldest);
}

static gpointer generations_lookup(const generations_t *g, const char *key)
{
    gpointer value = g_hash_table_lookup(g->newest, key);
    return value ? value : g_hash_table_lookup(g->oldest, key);
}

static void generations_insert(generations_t *g, unsigned max_entries, char *key, gpointer value)
{
    if (g_hash_table_size(g->newest) >= max_entries) {
        g_hash_table_destroy(g->oldest);
        g->oldest = g->newest;
        g->newest = new_table(g->free_value);
    }
    g_hash_table_insert(g->newest, key, value);
}

/* The entry for key, which this call owns: the one kept, else (with create)
 * a new zeroed one of size bytes, else NULL. */
static gpointer generations_get(generations_t *g, unsigned max_entries, char *key, size_t size, bool create)
{
    gpointer value = generations_lookup(g, key);
    if (value || !create) {
        g_free(key);
        return value;
    }
    value = g_malloc0(size);
    generations_insert(g, max_entries, key, value);
    return value;
}

sipdiag_context *sipdiag_context_new(unsigned max_entries)
{
    sipdiag_context *ctx = g_new0(sipdiag_context, 1);
    ctx->max_entries = max_entries > 0 ? max_entries : 1;
    generations_init(&ctx->transactions, free_transaction);
    generations_init(&ctx->families, g_free);
    generations_init(&ctx->dialogs, g_free);
    return ctx;
}

void sipdiag_context_free(sipdiag_context *ctx)
{
    if (!ctx)
        return;
    generations_clear(&ctx->transactions);
    generations_clear(&ctx->families);
    generations_clear(&ctx->dialogs);
    g_free(ctx);
}

unsigned sipdiag_context_size(const sipdiag_context *ctx)
{
    const generations_t *tables[] = { &ctx->transactions, &ctx->families, &ctx->dialogs };
    unsigned size = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(tables); i++)
        size += g_hash_table_size(tables[i]->newest) + g_hash_table_size(tables[i]->oldest);
    return size;
}

static char *bounded_dup(sipdiag_str s, size_t max)
{
    return g_strndup(s.ptr, MIN(s.len, max));
}

/* The identifiers of one message, read once: Call-ID, CSeq and top Via branch. */
typedef struct {
    sipdiag_str call_id;
    sipdiag_str cseq_number;
    sipdiag_str method;
    sipdiag_str branch;
    bool valid;
} message_ids_t;

static message_ids_t ids_of(const sipdiag_message *msg)
{
    message_ids_t ids = { { "", 0 }, { "", 0 }, { "", 0 }, { "", 0 }, false };
    unsigned long cseq;
    ids.call_id = sipdiag_header(msg, SIPDIAG_HDR_CALL_ID);
    sipdiag_str cseq_value = sipdiag_header(msg, SIPDIAG_HDR_CSEQ);
    if (ids.call_id.len == 0 || !sipdiag_parse_cseq(cseq_value, &cseq, &ids.method))
        return ids;
    size_t digits = 0;
    while (digits < cseq_value.len && cseq_value.ptr[digits] >= '0' && cseq_value.ptr[digits] <= '9')
        digits++;
    ids.cseq_number = (sipdiag_str){ cseq_value.ptr, digits };
    ids.branch = sipdiag_via_branch(sipdiag_header(msg, SIPDIAG_HDR_VIA));
    ids.valid = true;
    return ids;
}

static void key_append(GString *key, sipdiag_str part, size_t max)
{
    g_string_append_len(key, part.ptr, (gssize)MIN(part.len, max));
    g_string_append_c(key, '\x1f');
}

/* "Call-ID \x1f CSeq number \x1f method \x1f [branch]": a transaction with
 * its branch, the request on all its legs without; NULL without ids. */
static char *make_key(const message_ids_t *ids, const char *method_override, bool with_branch)
{
    if (!ids->valid)
        return NULL;
    GString *key = g_string_sized_new(ids->call_id.len + ids->branch.len + 32);
    key_append(key, ids->call_id, MAX_ID_LEN);
    key_append(key, ids->cseq_number, 16);
    key_append(key, method_override ? (sipdiag_str){ method_override, strlen(method_override) } : ids->method, 32);
    if (with_branch)
        key_append(key, ids->branch, MAX_ID_LEN);
    return g_string_free(key, FALSE);
}

/* The request on all its legs (every branch of one Call-ID, CSeq and method). */
static request_family_t *family_of(sipdiag_context *ctx, const message_ids_t *ids, bool create)
{
    char *key = make_key(ids, NULL, false);
    return key ? generations_get(&ctx->families, ctx->max_entries, key, sizeof(request_family_t), create) : NULL;
}

static dialog_t *dialog_of(sipdiag_context *ctx, const sipdiag_message *msg, bool create)
{
    sipdiag_str call_id = sipdiag_header(msg, SIPDIAG_HDR_CALL_ID);
    if (call_id.len == 0)
        return NULL;
    return generations_get(&ctx->dialogs, ctx->max_entries, bounded_dup(call_id, MAX_ID_LEN), sizeof(dialog_t),
                           create);
}

static void remember_credentials(credentials_t *creds, const sipdiag_message *msg, sipdiag_header_id id)
{
    sipdiag_auth auth;
    if (msg->count[id] == 0 || !sipdiag_parse_auth(sipdiag_header(msg, id), &auth))
        return;
    creds->present = true;
    g_free(creds->username);
    g_free(creds->realm);
    creds->username = bounded_dup(auth.username, MAX_NAME_LEN);
    creds->realm = bounded_dup(auth.realm, MAX_NAME_LEN);
}

/* The Expires a REGISTER asked for: the Expires header, else the first Contact's. */
static bool requested_expires(const sipdiag_message *msg, unsigned long *expires)
{
    if (msg->count[SIPDIAG_HDR_EXPIRES] > 0)
        return sipdiag_parse_uint(sipdiag_header(msg, SIPDIAG_HDR_EXPIRES), 0xFFFFFFFFUL, expires);
    sipdiag_str contacts = sipdiag_header(msg, SIPDIAG_HDR_CONTACT);
    sipdiag_str element;
    sipdiag_contact contact;
    if (sipdiag_next_element(&contacts, &element) && sipdiag_parse_contact(element, &contact)
        && contact.has_expires) {
        *expires = contact.expires;
        return true;
    }
    return false;
}

static void note_cancel(sipdiag_context *ctx, const message_ids_t *ids, uint32_t frame)
{
    char *invite_key = make_key(ids, "INVITE", true);
    transaction_t *invite = invite_key ? generations_lookup(&ctx->transactions, invite_key) : NULL;
    if (invite && invite->cancel_frame == 0)
        invite->cancel_frame = frame;
    g_free(invite_key);
}

static void note_dialog_request(sipdiag_context *ctx, const sipdiag_message *msg, const message_ids_t *ids,
                                uint32_t frame)
{
    bool invite = sipdiag_str_equal_nocase(ids->method, "INVITE");
    bool bye = sipdiag_str_equal_nocase(ids->method, "BYE");
    if (!invite && !bye)
        return;
    dialog_t *dialog = dialog_of(ctx, msg, true);
    if (!dialog)
        return;
    if (invite && dialog->invite_frame == 0)
        dialog->invite_frame = frame;
    if (bye && dialog->bye_frame == 0)
        dialog->bye_frame = frame;
}

static void start_transaction(transaction_t *txn, const sipdiag_sighting *seen, const sipdiag_message *msg)
{
    txn->request_frame = seen->frame;
    txn->request_time_ns = seen->time_ns;
    txn->request_size = seen->size;
    txn->request_over_udp = seen->over_udp;
    sipdiag_str scheme = sipdiag_uri_scheme(msg->request_uri);
    txn->request_scheme = scheme.len ? bounded_dup(scheme, 16) : NULL;
    txn->has_request_expires = requested_expires(msg, &txn->request_expires);
    remember_credentials(&txn->authorization, msg, SIPDIAG_HDR_AUTHORIZATION);
    remember_credentials(&txn->proxy_authorization, msg, SIPDIAG_HDR_PROXY_AUTHORIZATION);
}

void sipdiag_context_request(sipdiag_context *ctx, const sipdiag_sighting *seen, const sipdiag_message *msg)
{
    message_ids_t ids = ids_of(msg);
    if (!ids.valid || sipdiag_str_equal_nocase(ids.method, "ACK"))
        return; /* no response to an ACK */
    transaction_t *txn = generations_get(&ctx->transactions, ctx->max_entries, make_key(&ids, NULL, true),
                                         sizeof(transaction_t), true);
    if (txn->request_count++ == 0 || txn->request_frame == 0) {
        start_transaction(txn, seen, msg);
    } else {
        request_family_t *family = family_of(ctx, &ids, true);
        if (family && family->retransmissions++ == 0)
            family->first_retransmission_frame = seen->frame;
        if (family)
            family->last_retransmission_frame = seen->frame;
    }
    txn->last_request_frame = seen->frame;

    if (sipdiag_str_equal_nocase(ids.method, "CANCEL"))
        note_cancel(ctx, &ids, seen->frame);
    note_dialog_request(ctx, msg, &ids, seen->frame);
}

/* The frame of an earlier response with this code, or 0 (and it is remembered). */
static uint32_t repeated_response(transaction_t *txn, unsigned code, uint32_t frame)
{
    for (unsigned i = 0; i < txn->response_count; i++)
        if (txn->responses[i].code == code)
            return txn->responses[i].frame;
    if (txn->response_count < MAX_RESPONSES_PER_TXN) {
        txn->responses[txn->response_count].code = code;
        txn->responses[txn->response_count].frame = frame;
        txn->response_count++;
    }
    return 0;
}

static bool same_realm(const char *realm, sipdiag_str challenge_realm)
{
    return !realm || !realm[0] || challenge_realm.len == 0
           || (strlen(realm) == challenge_realm.len && memcmp(realm, challenge_realm.ptr, challenge_realm.len) == 0);
}

static sipdiag_auth_outcome auth_outcome(const transaction_t *txn, const sipdiag_message *msg, unsigned code,
                                         const credentials_t **used)
{
    *used = NULL;
    if (code == 403) {
        *used = txn && txn->proxy_authorization.present ? &txn->proxy_authorization
              : txn && txn->authorization.present ? &txn->authorization : NULL;
        return *used ? SIPDIAG_AUTH_REJECTED : SIPDIAG_AUTH_NONE;
    }
    if (code != 401 && code != 407)
        return SIPDIAG_AUTH_NONE;

    const credentials_t *creds = !txn ? NULL : code == 401 ? &txn->authorization : &txn->proxy_authorization;
    sipdiag_auth challenge;
    bool parsed = sipdiag_parse_auth(sipdiag_header(msg, code == 401 ? SIPDIAG_HDR_WWW_AUTHENTICATE
                                                                      : SIPDIAG_HDR_PROXY_AUTHENTICATE),
                                     &challenge);
    if (!creds || !creds->present || (parsed && !same_realm(creds->realm, challenge.realm)))
        return SIPDIAG_AUTH_CHALLENGE;
    *used = creds;
    return parsed && challenge.stale ? SIPDIAG_AUTH_STALE : SIPDIAG_AUTH_REJECTED;
}

static void describe_dialog(sipdiag_context *ctx, const sipdiag_message *msg, sipdiag_response_context *out)
{
    const dialog_t *dialog = dialog_of(ctx, msg, false);
    if (!dialog)
        return;
    out->dialog = dialog->bye_frame ? SIPDIAG_DIALOG_ENDED
                : dialog->confirmed_frame ? SIPDIAG_DIALOG_CONFIRMED
                : dialog->invite_frame ? SIPDIAG_DIALOG_EARLY : SIPDIAG_DIALOG_UNSEEN;
    out->dialog_frame = dialog->confirmed_frame;
    out->dialog_end_frame = dialog->bye_frame;
}

static void copy_transaction(const transaction_t *txn, sipdiag_response_context *out)
{
    out->request_frame = txn->request_frame;
    out->request_time_ns = txn->request_time_ns;
    out->request_count = txn->request_count;
    out->last_request_frame = txn->last_request_frame;
    out->request_size = txn->request_size;
    out->request_over_udp = txn->request_over_udp;
    out->request_scheme = txn->request_scheme;
    out->has_request_expires = txn->has_request_expires;
    out->request_expires = txn->request_expires;
    out->cancel_frame = txn->cancel_frame;
}

void sipdiag_context_response(sipdiag_context *ctx, const sipdiag_sighting *seen, const sipdiag_message *msg,
                              unsigned code, sipdiag_response_context *out)
{
    memset(out, 0, sizeof *out);
    message_ids_t ids = ids_of(msg);
    if (!ids.valid)
        return;
    /* Request not in the capture: the responses are remembered all the same,
     * to recognise their retransmissions. */
    transaction_t *txn = generations_get(&ctx->transactions, ctx->max_entries, make_key(&ids, NULL, true),
                                         sizeof(transaction_t), true);
    copy_transaction(txn, out);
    out->original_frame = repeated_response(txn, code, seen->frame);
    const request_family_t *family = family_of(ctx, &ids, false);
    if (family) {
        unsigned own = txn->request_count > 1 ? txn->request_count - 1 : 0;
        out->other_leg_retransmissions = family->retransmissions - MIN(own, family->retransmissions);
        out->other_leg_first_frame = family->first_retransmission_frame;
        out->other_leg_last_frame = family->last_retransmission_frame;
    }

    const credentials_t *used;
    out->auth = auth_outcome(txn->request_count ? txn : NULL, msg, code, &used);
    if (used) {
        out->auth_username = used->username;
        out->auth_realm = used->realm;
    }

    if (code >= 200 && code < 300 && sipdiag_str_equal_nocase(ids.method, "INVITE")) {
        dialog_t *dialog = dialog_of(ctx, msg, true);
        if (dialog && dialog->confirmed_frame == 0)
            dialog->confirmed_frame = seen->frame;
    }
    describe_dialog(ctx, msg, out);
}
