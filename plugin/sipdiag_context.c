/*
 * sipdiag_context.c: transaction and dialog state for response diagnosis.
 * Plain C on GLib; calls the header parser (sipdiag_headers) only.
 */
#include "sipdiag_context.h"
#include "sipdiag_explain.h"

#include <glib.h>
#include <string.h>

/* Identifiers longer than this are cut: enough to tell real ones apart,
 * and a hostile 64 KiB Call-ID is not hashed to its end. */
#define MAX_ID_LEN 256
#define MAX_NAME_LEN 128
/* Credentials are kept as sent, up to this size: a realm or user name
 * further into a hostile value is not seen. */
#define MAX_CREDENTIALS_LEN 512
#define MAX_RESPONSES_PER_TXN 8

typedef struct {
    unsigned code;
    uint32_t frame;
} seen_response_t;

/* A request's Authorization or Proxy-Authorization value, kept as sent and
 * read only when a response needs it: most requests that carry credentials
 * are answered 2xx, and reading them was a third of a request's cost. */
typedef struct {
    char *raw; /* NULL: the request carried none */
    size_t len;
} credentials_t;

/*
 * Every entry is found by a 64-bit hash of its identifiers (Call-ID, CSeq,
 * method, branch) rather than by the identifiers themselves: every SIP
 * message looks up two or three entries, and copying and comparing the
 * strings was most of the plugin's cost.  Two different transactions share
 * a hash with a chance of about n^2 / 2^65 (10^-9 for the 200,000 kept).
 * The hashes start from a random seed per context, so colliding ids cannot
 * be worked out in advance; if two did collide, only the context shown would
 * be mixed up.
 */
typedef uint64_t entry_id;

typedef struct {
    entry_id id; /* first in every entry: the table's key points at it */
    uint32_t request_frame;
    uint64_t request_time_ns;
    uint32_t last_request_frame;
    unsigned request_count;
    uint32_t request_size;
    bool request_over_udp;
    char request_scheme[SIPDIAG_SCHEME_SIZE];
    bool has_request_expires;
    unsigned long request_expires;
    uint32_t cancel_frame;
    credentials_t authorization;
    credentials_t proxy_authorization;
    seen_response_t responses[MAX_RESPONSES_PER_TXN];
    unsigned response_count;
    uint16_t provisional_code;
    uint32_t provisional_frame;
    uint8_t identity;           /* sipdiag_identity_verdict of the request */
    int32_t identity_delta;
} transaction_t;

/* One request across every leg it took (all branches of Call-ID, CSeq, method). */
typedef struct {
    entry_id id;
    unsigned retransmissions;
    uint32_t first_retransmission_frame;
    uint32_t last_retransmission_frame;
} request_family_t;

/* The challenges of a Call-ID are kept this many at a time, newest last. */
#define MAX_CHALLENGES_PER_CALL 4

typedef struct {
    uint64_t nonce_hash;
    uint32_t frame;
    uint64_t time_ns;
} challenge_t;

typedef struct {
    entry_id id;
    uint32_t invite_frame;
    uint32_t last_invite_frame;
    uint32_t confirmed_frame;
    uint32_t bye_frame;
    uint32_t rejected_frame; /* a final non-2xx to the INVITE; 0: none */
    unsigned rejected_code;
    challenge_t challenges[MAX_CHALLENGES_PER_CALL];
    unsigned challenge_count;
    /* The latest user (realm and username) whose credentials a 2xx accepted
     * in this Call-ID: a registration refresh keeps its Call-ID (RFC 3261
     * §10.2.4), so a later rejection of that user is not about the password. */
    entry_id accepted_user;
    uint32_t accepted_frame;
} dialog_t;

/*
 * One generation of one table: open addressing on the ids themselves (they
 * are hashes already), entries in fixed-size chunks, so that an entry never
 * moves once made.  A GHashTable hashed and compared through callbacks and
 * made one allocation per entry: about three times the instructions.
 */
#define CHUNK_ENTRIES 256
#define FIRST_SLOTS 64

typedef struct {
    uint32_t *slots;  /* entry index + 1; 0 is free */
    uint32_t mask;    /* number of slots - 1 */
    uint32_t count;
    char **chunks;
    uint32_t chunk_room;
} id_table_t;

/* Two generations of one table: lookups see both, inserts go to the newest. */
typedef struct {
    id_table_t newest;
    id_table_t oldest;
    size_t entry_size;
    void (*clear_entry)(void *entry); /* frees what an entry owns, or NULL */
} generations_t;

struct sipdiag_context {
    unsigned max_entries;
    uint64_t seed; /* per context: ids of a crafted capture cannot be aimed at one slot */
    generations_t transactions;
    generations_t families;
    generations_t dialogs;
    /* The credentials a response was answered to, as read for it: what
     * sipdiag_response_context's auth strings point at. */
    char used_username[MAX_NAME_LEN + 1];
    char used_realm[MAX_NAME_LEN + 1];
};

static void clear_transaction(void *p)
{
    transaction_t *txn = p;
    g_free(txn->authorization.raw);
    g_free(txn->proxy_authorization.raw);
}

static void *table_entry(const id_table_t *t, size_t entry_size, uint32_t index)
{
    return t->chunks[index / CHUNK_ENTRIES] + (size_t)(index % CHUNK_ENTRIES) * entry_size;
}

static void *table_lookup(const id_table_t *t, size_t entry_size, entry_id id)
{
    if (!t->slots)
        return NULL;
    /* Never more than half full: a free slot ends every search. */
    for (uint32_t i = (uint32_t)id & t->mask;; i = (i + 1) & t->mask) {
        if (t->slots[i] == 0)
            return NULL;
        void *entry = table_entry(t, entry_size, t->slots[i] - 1);
        if (*(const entry_id *)entry == id)
            return entry;
    }
}

static void table_place(id_table_t *t, entry_id id, uint32_t index)
{
    uint32_t i = (uint32_t)id & t->mask;
    while (t->slots[i] != 0)
        i = (i + 1) & t->mask;
    t->slots[i] = index + 1;
}

static void table_grow_slots(id_table_t *t, size_t entry_size)
{
    uint32_t size = t->slots ? (t->mask + 1) * 2 : FIRST_SLOTS;
    g_free(t->slots);
    t->slots = g_new0(uint32_t, size);
    t->mask = size - 1;
    for (uint32_t index = 0; index < t->count; index++)
        table_place(t, *(const entry_id *)table_entry(t, entry_size, index), index);
}

/* A new zeroed entry for id, which is not in the table. */
static void *table_insert(id_table_t *t, size_t entry_size, entry_id id)
{
    if (!t->slots || (t->count + 1) * 2 > t->mask + 1)
        table_grow_slots(t, entry_size);
    if (t->count % CHUNK_ENTRIES == 0) {
        uint32_t chunk = t->count / CHUNK_ENTRIES;
        if (chunk == t->chunk_room) {
            t->chunk_room = t->chunk_room ? t->chunk_room * 2 : 4;
            t->chunks = g_renew(char *, t->chunks, t->chunk_room);
        }
        t->chunks[chunk] = g_malloc0(CHUNK_ENTRIES * entry_size);
    }
    uint32_t index = t->count++;
    entry_id *entry = table_entry(t, entry_size, index);
    *entry = id;
    table_place(t, id, index);
    return entry;
}

static void table_clear(id_table_t *t, const generations_t *g)
{
    if (g->clear_entry)
        for (uint32_t index = 0; index < t->count; index++)
            g->clear_entry(table_entry(t, g->entry_size, index));
    for (uint32_t chunk = 0; chunk * CHUNK_ENTRIES < t->count; chunk++)
        g_free(t->chunks[chunk]);
    g_free(t->chunks);
    g_free(t->slots);
    memset(t, 0, sizeof *t);
}

static void generations_init(generations_t *g, size_t entry_size, void (*clear_entry)(void *))
{
    memset(g, 0, sizeof *g);
    g->entry_size = entry_size;
    g->clear_entry = clear_entry;
}

static void generations_clear(generations_t *g)
{
    table_clear(&g->newest, g);
    table_clear(&g->oldest, g);
}

static gpointer generations_lookup(const generations_t *g, entry_id id)
{
    gpointer value = table_lookup(&g->newest, g->entry_size, id);
    return value ? value : table_lookup(&g->oldest, g->entry_size, id);
}

/* The entry for id: the one kept, else (with create) a new zeroed one,
 * which starts with its id, else NULL. */
static gpointer generations_get(generations_t *g, unsigned max_entries, entry_id id, bool create)
{
    gpointer value = generations_lookup(g, id);
    if (value || !create)
        return value;
    if (g->newest.count >= max_entries) {
        table_clear(&g->oldest, g);
        g->oldest = g->newest;
        memset(&g->newest, 0, sizeof g->newest);
    }
    return table_insert(&g->newest, g->entry_size, id);
}

sipdiag_context *sipdiag_context_new(unsigned max_entries)
{
    sipdiag_context *ctx = g_new0(sipdiag_context, 1);
    ctx->max_entries = max_entries > 0 ? max_entries : 1;
    ctx->seed = ((uint64_t)g_random_int() << 32) | g_random_int();
    generations_init(&ctx->transactions, sizeof(transaction_t), clear_transaction);
    generations_init(&ctx->families, sizeof(request_family_t), NULL);
    generations_init(&ctx->dialogs, sizeof(dialog_t), NULL);
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
        size += tables[i]->newest.count + tables[i]->oldest.count;
    return size;
}

/* s, cut at MAX_NAME_LEN bytes or at a NUL, NUL-terminated into name. */
static void copy_name(char name[MAX_NAME_LEN + 1], sipdiag_str s)
{
    size_t len = 0;
    while (len < MIN(s.len, MAX_NAME_LEN) && s.ptr[len] != '\0')
        len++;
    memcpy(name, s.ptr, len);
    name[len] = '\0';
}

/* 64-bit hashing of identifiers, eight bytes at a time: not for hostile
 * inputs (see entry_id), only fast and well spread for real ones. */
static uint64_t mix(uint64_t h, uint64_t word)
{
    h = (h ^ word) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
    return h ^ (h >> 31);
}

static uint64_t hash_part(uint64_t h, sipdiag_str part, size_t max)
{
    size_t len = MIN(part.len, max);
    const char *p = part.ptr;
    uint64_t word;
    h = mix(h, len); /* parts of other lengths never line up */
    for (; len >= sizeof word; len -= sizeof word, p += sizeof word) {
        memcpy(&word, p, sizeof word);
        h = mix(h, word);
    }
    word = 0;
    for (size_t i = 0; i < len; i++)
        word |= (uint64_t)(unsigned char)p[i] << (8 * i);
    return mix(h, word);
}

/* A different last step for each table, so that their ids never coincide. */
enum { TABLE_DIALOG = 1, TABLE_FAMILY = 2, TABLE_TRANSACTION = 3, TABLE_USER = 4 }; /* USER: not a table, a dialog's accepted user */

/* The identifiers of one message, read once: Call-ID, CSeq and top Via
 * branch, and the hashes its ids start from. */
typedef struct {
    sipdiag_str call_id;
    sipdiag_str cseq_number;
    sipdiag_str method;
    sipdiag_str branch;
    uint64_t call_hash;   /* Call-ID */
    uint64_t family_hash; /* Call-ID, CSeq number and method */
    bool valid;
} message_ids_t;

/* The request on all its legs: Call-ID, CSeq number and a method. */
static uint64_t family_hash(const message_ids_t *ids, sipdiag_str method)
{
    return hash_part(hash_part(ids->call_hash, ids->cseq_number, 16), method, 32);
}

static message_ids_t ids_of(const sipdiag_context *ctx, const sipdiag_message *msg)
{
    message_ids_t ids = { { "", 0 }, { "", 0 }, { "", 0 }, { "", 0 }, 0, 0, false };
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
    ids.call_hash = hash_part(ctx->seed, ids.call_id, MAX_ID_LEN);
    ids.family_hash = family_hash(&ids, ids.method);
    ids.valid = true;
    return ids;
}

static entry_id dialog_id(const message_ids_t *ids)
{
    return mix(ids->call_hash, TABLE_DIALOG);
}

static entry_id family_id(const message_ids_t *ids)
{
    return mix(ids->family_hash, TABLE_FAMILY);
}

/* One leg: a family (family_hash) and the top Via branch. */
static entry_id transaction_id(const message_ids_t *ids, uint64_t family)
{
    return mix(hash_part(family, ids->branch, MAX_ID_LEN), TABLE_TRANSACTION);
}

static request_family_t *family_of(sipdiag_context *ctx, const message_ids_t *ids, bool create)
{
    return generations_get(&ctx->families, ctx->max_entries, family_id(ids), create);
}

static dialog_t *dialog_of(sipdiag_context *ctx, const message_ids_t *ids, bool create)
{
    return generations_get(&ctx->dialogs, ctx->max_entries, dialog_id(ids), create);
}

static void remember_credentials(credentials_t *creds, const sipdiag_message *msg, sipdiag_header_id id)
{
    if (msg->count[id] == 0)
        return;
    sipdiag_str value = sipdiag_header(msg, id);
    g_free(creds->raw);
    creds->len = MIN(value.len, MAX_CREDENTIALS_LEN);
    creds->raw = g_malloc(creds->len + 1);
    memcpy(creds->raw, value.ptr, creds->len);
}

/* False when the request sent none, or none that parse (no scheme, or Digest without a realm). */
static bool read_credentials(const credentials_t *creds, sipdiag_auth *auth)
{
    return creds->raw && sipdiag_parse_auth((sipdiag_str){ creds->raw, creds->len }, auth);
}

/* The Expires a request asked for: the Expires header, else (a REGISTER's,
 * RFC 3261 §10.2.1.1) the first Contact's. */
static bool requested_expires(const sipdiag_message *msg, unsigned long *expires)
{
    if (msg->count[SIPDIAG_HDR_EXPIRES] > 0)
        return sipdiag_parse_uint(sipdiag_header(msg, SIPDIAG_HDR_EXPIRES), 0xFFFFFFFFUL, expires);
    if (!sipdiag_str_equal_nocase(msg->method, "REGISTER"))
        return false; /* every INVITE has a Contact: not read for nothing */
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
    static const sipdiag_str invite_method = { "INVITE", 6 };
    uint64_t invite_family = family_hash(ids, invite_method);
    transaction_t *invite = generations_lookup(&ctx->transactions, transaction_id(ids, invite_family));
    if (invite && invite->cancel_frame == 0)
        invite->cancel_frame = frame;
}

static void note_dialog_request(sipdiag_context *ctx, const message_ids_t *ids, uint32_t frame)
{
    bool invite = sipdiag_str_equal_nocase(ids->method, "INVITE");
    bool bye = sipdiag_str_equal_nocase(ids->method, "BYE");
    if (!invite && !bye)
        return;
    dialog_t *dialog = dialog_of(ctx, ids, true);
    if (invite && dialog->invite_frame == 0)
        dialog->invite_frame = frame;
    if (invite)
        dialog->last_invite_frame = frame;
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
    size_t scheme_len = MIN(scheme.len, sizeof txn->request_scheme - 1);
    memcpy(txn->request_scheme, scheme.ptr, scheme_len);
    txn->request_scheme[scheme_len] = '\0';
    txn->has_request_expires = requested_expires(msg, &txn->request_expires);
    txn->identity = (uint8_t)sipdiag_identity_of(msg, (int64_t)(seen->time_ns / 1000000000U), &txn->identity_delta);
    remember_credentials(&txn->authorization, msg, SIPDIAG_HDR_AUTHORIZATION);
    remember_credentials(&txn->proxy_authorization, msg, SIPDIAG_HDR_PROXY_AUTHORIZATION);
}

void sipdiag_context_request(sipdiag_context *ctx, const sipdiag_sighting *seen, const sipdiag_message *msg)
{
    message_ids_t ids = ids_of(ctx, msg);
    if (!ids.valid || sipdiag_str_equal_nocase(ids.method, "ACK"))
        return; /* no response to an ACK */
    transaction_t *txn = generations_get(&ctx->transactions, ctx->max_entries, transaction_id(&ids, ids.family_hash),
                                         true);
    if (txn->request_count++ == 0 || txn->request_frame == 0) {
        start_transaction(txn, seen, msg);
    } else {
        request_family_t *family = family_of(ctx, &ids, true);
        if (family->retransmissions++ == 0)
            family->first_retransmission_frame = seen->frame;
        family->last_retransmission_frame = seen->frame;
    }
    txn->last_request_frame = seen->frame;

    if (sipdiag_str_equal_nocase(ids.method, "CANCEL"))
        note_cancel(ctx, &ids, seen->frame);
    note_dialog_request(ctx, &ids, seen->frame);
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

static entry_id user_id(const sipdiag_context *ctx, const sipdiag_auth *creds)
{
    return mix(hash_part(hash_part(ctx->seed, creds->realm, MAX_NAME_LEN), creds->username, MAX_NAME_LEN), TABLE_USER);
}

static uint64_t nonce_hash(const sipdiag_context *ctx, sipdiag_str nonce)
{
    return hash_part(ctx->seed, nonce, MAX_CREDENTIALS_LEN);
}

/* A 2xx to a request with credentials: that user's password works. */
static void note_accepted_user(sipdiag_context *ctx, const message_ids_t *ids, const transaction_t *txn,
                               uint32_t frame)
{
    sipdiag_auth creds;
    if (!read_credentials(&txn->proxy_authorization, &creds) && !read_credentials(&txn->authorization, &creds))
        return;
    if (creds.username.len == 0)
        return;
    dialog_t *dialog = dialog_of(ctx, ids, true);
    dialog->accepted_user = user_id(ctx, &creds);
    dialog->accepted_frame = frame;
}

static void note_challenge(sipdiag_context *ctx, const message_ids_t *ids, const sipdiag_message *msg,
                           unsigned code, const sipdiag_sighting *seen)
{
    sipdiag_auth challenge;
    if (!sipdiag_parse_auth(sipdiag_header(msg, code == 401 ? SIPDIAG_HDR_WWW_AUTHENTICATE
                                                             : SIPDIAG_HDR_PROXY_AUTHENTICATE), &challenge)
        || challenge.nonce.len == 0)
        return;
    dialog_t *dialog = dialog_of(ctx, ids, true);
    if (dialog->challenge_count == MAX_CHALLENGES_PER_CALL) {
        memmove(dialog->challenges, dialog->challenges + 1, sizeof dialog->challenges[0] * (MAX_CHALLENGES_PER_CALL - 1));
        dialog->challenge_count--;
    }
    challenge_t *kept = &dialog->challenges[dialog->challenge_count++];
    kept->nonce_hash = nonce_hash(ctx, challenge.nonce);
    kept->frame = seen->frame;
    kept->time_ns = seen->time_ns;
}

/*
 * Rejected credentials are a nonce problem, not a password one, when they
 * used the nonce of an older challenge than the latest one of this Call-ID,
 * when the same user's were accepted earlier in this Call-ID, or when the
 * reason phrase itself names the nonce and the challenge does not say
 * stale=false.
 */
static bool phrase_names_nonce(sipdiag_str phrase)
{
    static const char *const words[] = { "nonce", "stale" };
    for (size_t w = 0; w < G_N_ELEMENTS(words); w++) {
        size_t n = strlen(words[w]);
        for (size_t i = 0; i + n <= phrase.len; i++)
            if (g_ascii_strncasecmp(phrase.ptr + i, words[w], n) == 0)
                return true;
    }
    return false;
}

static bool blame_nonce(sipdiag_context *ctx, const message_ids_t *ids, const transaction_t *txn,
                        const sipdiag_auth *creds, sipdiag_str phrase, bool phrase_counts,
                        sipdiag_response_context *out)
{
    const dialog_t *dialog = dialog_of(ctx, ids, false);
    bool older = false;
    if (dialog && dialog->challenge_count > 0 && creds->nonce.len > 0) {
        uint64_t used = nonce_hash(ctx, creds->nonce);
        const challenge_t *latest = NULL;
        for (unsigned i = 0; i < dialog->challenge_count; i++)
            if (dialog->challenges[i].frame < txn->request_frame)
                latest = &dialog->challenges[i];
        for (unsigned i = 0; latest && i < dialog->challenge_count; i++) {
            const challenge_t *c = &dialog->challenges[i];
            if (c->nonce_hash != used || c->frame >= txn->request_frame)
                continue;
            out->nonce_challenge_frame = c->frame;
            out->nonce_age_ns = txn->request_time_ns > c->time_ns ? txn->request_time_ns - c->time_ns : 0;
            older = c != latest && c->nonce_hash != latest->nonce_hash;
        }
        if (latest)
            out->latest_challenge_frame = latest->frame;
    }
    if (dialog && creds->username.len && dialog->accepted_frame && dialog->accepted_frame < txn->request_frame
        && dialog->accepted_user == user_id(ctx, creds))
        out->accepted_frame = dialog->accepted_frame;
    out->nonce_in_phrase = phrase_names_nonce(phrase);
    return older || out->accepted_frame != 0 || (out->nonce_in_phrase && phrase_counts);
}

static bool same_realm(const char *realm, sipdiag_str challenge_realm)
{
    return !realm[0] || challenge_realm.len == 0
           || (strlen(realm) == challenge_realm.len && memcmp(realm, challenge_realm.ptr, challenge_realm.len) == 0);
}

/* The outcome, and in the context's name buffers the credentials it was to. */
static sipdiag_auth_outcome auth_outcome(sipdiag_context *ctx, const message_ids_t *ids, const transaction_t *txn,
                                         const sipdiag_message *msg, unsigned code, bool *used,
                                         sipdiag_response_context *out)
{
    sipdiag_auth creds;
    memset(&creds, 0, sizeof creds);
    *used = false;
    if (code == 403) {
        *used = txn && (read_credentials(&txn->proxy_authorization, &creds)
                        || read_credentials(&txn->authorization, &creds));
    } else if ((code == 401 || code == 407) && txn) {
        *used = read_credentials(code == 401 ? &txn->authorization : &txn->proxy_authorization, &creds);
    }
    if (*used) {
        copy_name(ctx->used_username, creds.username);
        copy_name(ctx->used_realm, creds.realm);
    }
    if (code == 403)
        return *used ? SIPDIAG_AUTH_REJECTED : SIPDIAG_AUTH_NONE;
    if (code != 401 && code != 407)
        return SIPDIAG_AUTH_NONE;

    sipdiag_auth challenge;
    bool parsed = sipdiag_parse_auth(sipdiag_header(msg, code == 401 ? SIPDIAG_HDR_WWW_AUTHENTICATE
                                                                      : SIPDIAG_HDR_PROXY_AUTHENTICATE),
                                     &challenge);
    if (!*used || (parsed && !same_realm(ctx->used_realm, challenge.realm))) {
        *used = false;
        return SIPDIAG_AUTH_CHALLENGE;
    }
    if (parsed && challenge.stale)
        return SIPDIAG_AUTH_STALE;
    /* stale=false says the credentials, not the nonce, were refused (RFC
     * 7616 §3.3): it outweighs a phrase that names the nonce. */
    bool phrase_counts = !(parsed && challenge.has_stale);
    return blame_nonce(ctx, ids, txn, &creds, msg->reason_phrase, phrase_counts, out) ? SIPDIAG_AUTH_NONCE
                                                                                      : SIPDIAG_AUTH_REJECTED;
}

static void describe_dialog(sipdiag_context *ctx, const message_ids_t *ids, sipdiag_response_context *out)
{
    const dialog_t *dialog = dialog_of(ctx, ids, false);
    if (!dialog)
        return;
    /* The BYE this response answers has not ended anything yet. */
    bool ended = dialog->bye_frame && dialog->bye_frame != out->request_frame;
    out->dialog = ended ? SIPDIAG_DIALOG_ENDED
                : dialog->confirmed_frame ? SIPDIAG_DIALOG_CONFIRMED
                : dialog->invite_frame ? SIPDIAG_DIALOG_EARLY : SIPDIAG_DIALOG_UNSEEN;
    out->dialog_frame = dialog->confirmed_frame;
    out->dialog_end_frame = ended ? dialog->bye_frame : 0;
    /* Rejected, and not tried again since (an authentication retry is a new INVITE). */
    if (!dialog->confirmed_frame && dialog->rejected_frame > dialog->last_invite_frame) {
        out->dialog_rejected_frame = dialog->rejected_frame;
        out->dialog_rejected_code = dialog->rejected_code;
    }
}

static void copy_transaction(const transaction_t *txn, sipdiag_response_context *out)
{
    out->request_frame = txn->request_frame;
    out->request_time_ns = txn->request_time_ns;
    out->request_count = txn->request_count;
    out->last_request_frame = txn->last_request_frame;
    out->request_size = txn->request_size;
    out->request_over_udp = txn->request_over_udp;
    memcpy(out->request_scheme, txn->request_scheme, sizeof out->request_scheme);
    out->has_request_expires = txn->has_request_expires;
    out->request_expires = txn->request_expires;
    out->cancel_frame = txn->cancel_frame;
    out->provisional_code = txn->provisional_code;
    out->provisional_frame = txn->provisional_frame;
    out->identity = (sipdiag_identity_verdict)txn->identity;
    out->identity_delta = txn->identity_delta;
}

/* 180-199 say the request got further than 100 Trying (RFC 3261 §21.1). */
static void note_provisional(transaction_t *txn, unsigned code, uint32_t frame)
{
    if (code <= 100 && txn->provisional_code != 0)
        return;
    if (code > 100 && txn->provisional_code > 100)
        return;
    txn->provisional_code = (uint16_t)code;
    txn->provisional_frame = frame;
}

void sipdiag_context_response(sipdiag_context *ctx, const sipdiag_sighting *seen, const sipdiag_message *msg,
                              unsigned code, sipdiag_response_context *out)
{
    memset(out, 0, sizeof *out);
    message_ids_t ids = ids_of(ctx, msg);
    if (!ids.valid)
        return;
    /* Request not in the capture: the responses are remembered all the same,
     * to recognise their retransmissions. */
    transaction_t *txn = generations_get(&ctx->transactions, ctx->max_entries, transaction_id(&ids, ids.family_hash),
                                         true);
    copy_transaction(txn, out);
    out->original_frame = repeated_response(txn, code, seen->frame);
    if (code >= 100 && code < 200)
        note_provisional(txn, code, seen->frame);
    const request_family_t *family = family_of(ctx, &ids, false);
    if (family) {
        unsigned own = txn->request_count > 1 ? txn->request_count - 1 : 0;
        out->other_leg_retransmissions = family->retransmissions - MIN(own, family->retransmissions);
        out->other_leg_first_frame = family->first_retransmission_frame;
        out->other_leg_last_frame = family->last_retransmission_frame;
    }

    bool used;
    out->auth = auth_outcome(ctx, &ids, txn->request_count ? txn : NULL, msg, code, &used, out);
    if (code == 401 || code == 407)
        note_challenge(ctx, &ids, msg, code, seen);
    else if (code >= 200 && code < 300 && txn->request_count && !out->original_frame
             && (txn->authorization.raw || txn->proxy_authorization.raw))
        note_accepted_user(ctx, &ids, txn, seen->frame);
    if (used) {
        out->auth_username = ctx->used_username;
        out->auth_realm = ctx->used_realm;
    }

    bool invite = code >= 200 && sipdiag_str_equal_nocase(ids.method, "INVITE");
    if (invite && code < 300) {
        dialog_t *dialog = dialog_of(ctx, &ids, true);
        if (dialog->confirmed_frame == 0)
            dialog->confirmed_frame = seen->frame;
    }
    describe_dialog(ctx, &ids, out);
    if (invite && code >= 300 && !out->original_frame) {
        dialog_t *dialog = dialog_of(ctx, &ids, true);
        dialog->rejected_frame = seen->frame;
        dialog->rejected_code = code;
    }
}
