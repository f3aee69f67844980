/*
 * sipdiag_context.c: transaction and dialog state for response diagnosis.
 * Plain C on GLib; calls the header parser (sipdiag_headers) only.
 */
#include "sipdiag_context.h"
#include "sipdiag_icmp.h"
#include "sipdiag_explain.h"

#include <glib.h>
#include <string.h>

/* Identifiers are hashed whole: a header block is read up to 64 KiB
 * (MAX_HEADER_BYTES), which bounds the work on a hostile one. */
#define WHOLE ((size_t)-1)
#define MAX_NAME_LEN 128
/* Credentials are kept as sent, up to this size: a realm or user name
 * further into a hostile value is not seen. */
#define MAX_CREDENTIALS_LEN 512
/* The event package of a request (RFC 6665 Event header) is kept up to this size. */
#define MAX_EVENT_LEN 64
/* Spare buffers for pending SDP offers (see dialog_sdp_t). */
#define MAX_SPARE_TEXTS 16

/* A request's Authorization or Proxy-Authorization value, kept as sent and
 * read only when a response needs it: most requests that carry credentials
 * are answered 2xx, and reading them was a third of a request's cost. */
typedef struct {
    char *raw; /* NULL: the request carried none */
    size_t len;
} credentials_t;

/*
 * Every entry is found by a 64-bit hash of its identifiers (Call-ID, CSeq,
 * method, branch, and for a response its code, To-tag, RSeq and hop), each
 * hashed whole: every SIP message looks up three or four entries, and
 * copying and comparing all the strings was most of the plugin's cost.  The
 * Call-ID alone is also compared (see entry_key_t).  Two different
 * transactions of one call share a hash with a chance of about n^2 / 2^65.
 * The hashes start from a random seed per context, so colliding ids cannot
 * be worked out in advance; if two did collide, only the context shown would
 * be mixed up.
 */
typedef uint64_t entry_id;

/*
 * The hash is not the whole key: every entry also keeps the Call-ID it was
 * made for, and a lookup compares it byte for byte (NULs included), so two
 * calls whose Call-IDs share a long prefix, or hash alike, never meet.  A
 * Call-ID is kept whole up to MAX_KEPT_CALL_ID bytes: inline up to
 * CALL_ID_INLINE (most real ones), else in a copy of its own.  Of a longer
 * one, which no real SIP software sends, the length and the first
 * MAX_KEPT_CALL_ID bytes are compared and the rest is told apart by the hash
 * of the whole value.  The other identifiers (CSeq, method, branch, To-tag)
 * are hashed whole and compared through the hash only.
 */
#define CALL_ID_INLINE 48
#define MAX_KEPT_CALL_ID 1024

typedef struct {
    entry_id id;
    uint32_t call_id_len;           /* of the whole Call-ID */
    char call_id_inline[CALL_ID_INLINE];
    char *call_id_copy;             /* when longer than CALL_ID_INLINE */
} entry_key_t;

typedef struct {
    entry_key_t key; /* first in every entry: the table's key points at it */
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
    char *event;        /* the request's event package, or NULL */
    uint16_t provisional_code;
    uint32_t provisional_frame;
    uint16_t final_code;        /* the first final response seen; 0: none yet */
    uint32_t final_frame;
    uint64_t final_hop;
    uint8_t identity;           /* sipdiag_identity_verdict of the request */
    int32_t identity_delta;
    /* The sightings above are those on the hop of the first one (the same
     * two addresses, either way).  The request seen between other addresses
     * (a capture taken at several points) is a copy on another hop, counted
     * there (request_hop_t), not a retransmission. */
    uint64_t hop;
    uint64_t request_source;  /* the first sighting's sender (sipdiag_sighting.source) */
    bool other_hops;
    unsigned retransmissions; /* on every hop */
} transaction_t;

/* The sightings of a transaction's request on a hop other than its first. */
typedef struct {
    entry_key_t key;
    uint32_t first_frame;
    uint32_t last_frame;
    uint64_t time_ns;
    unsigned count;
} request_hop_t;

/* One request across every leg it took (all branches of Call-ID, CSeq, method). */
typedef struct {
    entry_key_t key;
    unsigned retransmissions;
    uint32_t first_retransmission_frame;
    uint32_t last_retransmission_frame;
} request_family_t;

/*
 * A user (realm and username) whose credentials a 2xx accepted, in any
 * Call-ID: a REGISTER accepted, then an INVITE of the same account refused,
 * is not a wrong password.  Keyed by the hash of realm and username; the
 * username is the string compared (entry_key_t).
 */
typedef struct {
    entry_key_t key;
    uint32_t first_frame; /* the first and latest 2xx that accepted them */
    uint32_t last_frame;
} user_t;

/*
 * A user's latest registration that a registrar accepted (a 2xx to
 * REGISTER), by the address-of-record in its To header: a later 404 or 480
 * for it from that registrar is about routing or reachability, not a
 * missing account.  Keyed by the hash of the AoR; the AoR is the string
 * compared.
 */
typedef struct {
    entry_key_t key;
    uint32_t frame;     /* the 2xx; 0: its bindings were removed since */
    uint64_t registrar; /* that 2xx's sender (sipdiag_sighting.source); 0: unknown */
    uint64_t device;    /* the REGISTER's sender; 0: unknown */
} binding_t;

/*
 * The latest response each sender sent, by its address and port
 * (sipdiag_sighting.source): an INVITE that gets no response from an
 * address that answers other requests was lost or ignored there, not sent
 * to an unreachable one.  A fixed array indexed by the key's hash, looked
 * up on every response: a sender pushed out by another one that hashes
 * alike is only forgotten (the verdicts that ask say less), never mixed up,
 * as the whole key is compared.
 */
#define RESPONDER_SLOTS 4096

typedef struct {
    uint64_t source; /* 0: free */
    uint32_t frame;
    uint64_t time_ns;
    bool registrar;  /* it accepted a REGISTER (a 2xx to one) */
} responder_t;

/* The challenges of a Call-ID are kept this many at a time, newest last. */
#define MAX_CHALLENGES_PER_CALL 4

typedef struct {
    uint64_t nonce_hash;
    uint32_t frame;
    uint64_t time_ns;
} challenge_t;

/*
 * One distinct response of a transaction: its code, To-tag, RSeq and the
 * hop it was seen on (source and destination), hashed with the
 * transaction's id.  A table of their own rather than a list per
 * transaction: a transaction keeps every distinct response it saw, forked
 * ones and reliable provisionals included, however many there are.
 */
typedef struct {
    entry_key_t key;
    uint32_t first_frame;
    uint32_t last_frame;
    uint32_t count;      /* sightings */
    uint32_t bounced_frame; /* an ICMP error quoted one of them; 0: none */
    uint8_t bounced_error;  /* sipdiag_icmp_error */
} response_t;

typedef struct {
    entry_key_t key;
    uint32_t invite_frame;
    uint32_t last_invite_frame;
    uint32_t confirmed_frame;
    uint32_t bye_frame;
    uint32_t rejected_frame; /* a final non-2xx to the INVITE; 0: none */
    unsigned rejected_code;
    challenge_t challenges[MAX_CHALLENGES_PER_CALL];
    unsigned challenge_count;
    /* The latest ACK of this Call-ID (RFC 3261 §13.2.2.4, §17.1.1.3). */
    uint32_t ack_frame;
    unsigned long ack_cseq;
    /* The SDP offer of its latest INVITE, as sent, until its final
     * response (see dialog_sdp_t); NULL: none, or summarised. */
    char *offer_text;
    uint16_t offer_text_len;
    uint16_t offer_text_size;
    uint32_t offer_frame;
    unsigned long offer_cseq;     /* 0: no offer pending */
    /* An INVITE without SDP (RFC 3261 §13.2.1): its 2xx (or a reliable
     * 18x) offers and the ACK answers; 0: none. */
    unsigned long late_offer_cseq;
    struct dialog_sdp *sdp;       /* made when an SDP is first summarised */
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
    generations_t responses;
    generations_t request_hops;
    generations_t users;
    generations_t bindings;
    responder_t *responders; /* RESPONDER_SLOTS of them */
    /* The credentials a response was answered to, as read for it: what
     * sipdiag_response_context's auth strings point at. */
    char used_username[MAX_NAME_LEN + 1];
    char used_realm[MAX_NAME_LEN + 1];
    /* What sipdiag_response_context's sdp_comparison points at. */
    char sdp_comparison[SIPDIAG_SDP_COMPARISON_SIZE];
    /* Buffers of OFFER_TEXT_CLASS bytes for the next pending offers. */
    char *spare_texts[MAX_SPARE_TEXTS];
    unsigned spare_text_count;
};

/*
 * What a dialog's offer/answer exchanges showed (RFC 3264), as fixed-size
 * summaries (sipdiag_sdp_summary), never the bodies: once a 2xx confirmed
 * an INVITE, the latest SDP of each side; and the offer of the latest
 * INVITE.  Summarising costs about ten times as much as copying, and most
 * INVITEs are challenged or answered without anyone asking for their
 * offer: the pending offer is kept as sent in the dialog (up to
 * MAX_OFFER_TEXT bytes, MAX_OFFER_TEXT_TOTAL for all dialogs together,
 * beyond which it is summarised at once) until its final response, and
 * summarised only when that response needs it: a 2xx, or a failure about
 * the SDP.  Freed with the dialog entry, or when a BYE ends the dialog.
 */
#define MAX_OFFER_TEXT 4096
#define MAX_OFFER_TEXT_TOTAL (4u << 20)
/* Most offers fit this size: their buffers are reused, a few kept spare per context. */
#define OFFER_TEXT_CLASS 512

typedef struct {
    uint64_t tag;           /* the side's tag, hashed; 0: slot unused */
    uint32_t frame;
    bool answer;            /* an answer (2xx), else the offer that 2xx accepted */
    sipdiag_sdp_summary sdp;
} side_sdp_t;

typedef struct dialog_sdp {
    bool offer_summarised;  /* offer holds the pending offer (dialog_t's offer_frame, offer_cseq) */
    sipdiag_sdp_summary offer;
    uint64_t caller_tag;    /* the From tag of the 2xx that confirmed the dialog, hashed; 0: unknown */
    side_sdp_t side[2];
} dialog_sdp_t;

/* Bytes of pending offers kept as sent, in every context: bounds them all. */
static size_t offer_text_total;

/* Frees the pending offer's text, or keeps its buffer spare (spare NULL: frees it). */
static void drop_offer_text(dialog_t *dialog, char **spare, unsigned *spare_count)
{
    if (!dialog->offer_text)
        return;
    offer_text_total -= dialog->offer_text_size;
    if (spare && dialog->offer_text_size == OFFER_TEXT_CLASS && *spare_count < MAX_SPARE_TEXTS)
        spare[(*spare_count)++] = dialog->offer_text;
    else
        g_free(dialog->offer_text);
    dialog->offer_text = NULL;
    dialog->offer_text_len = 0;
    dialog->offer_text_size = 0;
}

static void clear_dialog(void *p)
{
    dialog_t *dialog = p;
    drop_offer_text(dialog, NULL, NULL);
    g_free(dialog->sdp);
    dialog->sdp = NULL;
    dialog->offer_cseq = 0;
}

static void clear_transaction(void *p)
{
    transaction_t *txn = p;
    g_free(txn->authorization.raw);
    g_free(txn->proxy_authorization.raw);
    g_free(txn->event);
}

static void *table_entry(const id_table_t *t, size_t entry_size, uint32_t index)
{
    return t->chunks[index / CHUNK_ENTRIES] + (size_t)(index % CHUNK_ENTRIES) * entry_size;
}

static bool same_call_id(const entry_key_t *key, sipdiag_str call_id)
{
    if (key->call_id_len != call_id.len)
        return false;
    size_t kept = MIN(call_id.len, MAX_KEPT_CALL_ID);
    const char *stored = kept <= CALL_ID_INLINE ? key->call_id_inline : key->call_id_copy;
    return memcmp(stored, call_id.ptr, kept) == 0;
}

static void set_key(entry_key_t *key, entry_id id, sipdiag_str call_id)
{
    size_t kept = MIN(call_id.len, MAX_KEPT_CALL_ID);
    key->id = id;
    key->call_id_len = (uint32_t)MIN(call_id.len, G_MAXUINT32);
    if (kept > CALL_ID_INLINE)
        key->call_id_copy = g_malloc(kept);
    memcpy(kept <= CALL_ID_INLINE ? key->call_id_inline : key->call_id_copy, call_id.ptr, kept);
}

static void *table_lookup(const id_table_t *t, size_t entry_size, entry_id id, sipdiag_str call_id)
{
    if (!t->slots)
        return NULL;
    /* Never more than half full: a free slot ends every search. */
    for (uint32_t i = (uint32_t)id & t->mask;; i = (i + 1) & t->mask) {
        if (t->slots[i] == 0)
            return NULL;
        entry_key_t *entry = table_entry(t, entry_size, t->slots[i] - 1);
        if (entry->id == id && same_call_id(entry, call_id))
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

/* A new zeroed entry for id and call_id, which is not in the table. */
static void *table_insert(id_table_t *t, size_t entry_size, entry_id id, sipdiag_str call_id)
{
    if (!t->slots || (t->count + 1) * 2 > t->mask + 1)
        table_grow_slots(t, entry_size);
    if (t->count % CHUNK_ENTRIES == 0) {
        uint32_t chunk = t->count / CHUNK_ENTRIES;
        if (chunk == t->chunk_room) {
            t->chunk_room = t->chunk_room ? t->chunk_room * 2 : 4;
            t->chunks = g_renew(char *, t->chunks, t->chunk_room);
        }
        /* Not zeroed here: a chunk's entries are cleared one by one as
         * they are made (a 50 KB memset per chunk cost more than all of them). */
        t->chunks[chunk] = g_malloc(CHUNK_ENTRIES * entry_size);
    }
    uint32_t index = t->count++;
    entry_key_t *entry = table_entry(t, entry_size, index);
    memset(entry, 0, entry_size);
    set_key(entry, id, call_id);
    table_place(t, id, index);
    return entry;
}

static void table_clear(id_table_t *t, const generations_t *g)
{
    for (uint32_t index = 0; index < t->count; index++) {
        entry_key_t *entry = table_entry(t, g->entry_size, index);
        g_free(entry->call_id_copy);
        if (g->clear_entry)
            g->clear_entry(entry);
    }
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

static gpointer generations_lookup(const generations_t *g, entry_id id, sipdiag_str call_id)
{
    gpointer value = table_lookup(&g->newest, g->entry_size, id, call_id);
    /* Most captures never fill a generation: no call for an empty one. */
    return value || !g->oldest.count ? value : table_lookup(&g->oldest, g->entry_size, id, call_id);
}

/* The entry for id and call_id: the one kept, else (with create) a new
 * zeroed one, which starts with its key, else NULL. */
static gpointer generations_get(generations_t *g, unsigned max_entries, entry_id id, sipdiag_str call_id,
                                bool create)
{
    gpointer value = generations_lookup(g, id, call_id);
    if (value || !create)
        return value;
    if (g->newest.count >= max_entries) {
        table_clear(&g->oldest, g);
        g->oldest = g->newest;
        memset(&g->newest, 0, sizeof g->newest);
    }
    return table_insert(&g->newest, g->entry_size, id, call_id);
}

sipdiag_context *sipdiag_context_new(unsigned max_entries)
{
    sipdiag_context *ctx = g_new0(sipdiag_context, 1);
    ctx->max_entries = max_entries > 0 ? max_entries : 1;
    ctx->seed = ((uint64_t)g_random_int() << 32) | g_random_int();
    generations_init(&ctx->transactions, sizeof(transaction_t), clear_transaction);
    generations_init(&ctx->families, sizeof(request_family_t), NULL);
    generations_init(&ctx->dialogs, sizeof(dialog_t), clear_dialog);
    generations_init(&ctx->responses, sizeof(response_t), NULL);
    generations_init(&ctx->request_hops, sizeof(request_hop_t), NULL);
    generations_init(&ctx->users, sizeof(user_t), NULL);
    generations_init(&ctx->bindings, sizeof(binding_t), NULL);
    ctx->responders = g_new0(responder_t, RESPONDER_SLOTS);
    return ctx;
}

void sipdiag_context_free(sipdiag_context *ctx)
{
    if (!ctx)
        return;
    generations_clear(&ctx->transactions);
    generations_clear(&ctx->families);
    generations_clear(&ctx->dialogs);
    generations_clear(&ctx->responses);
    generations_clear(&ctx->request_hops);
    generations_clear(&ctx->users);
    generations_clear(&ctx->bindings);
    g_free(ctx->responders);
    for (unsigned i = 0; i < ctx->spare_text_count; i++)
        g_free(ctx->spare_texts[i]);
    g_free(ctx);
}

unsigned sipdiag_context_size(const sipdiag_context *ctx)
{
    const generations_t *tables[] = { &ctx->transactions, &ctx->families, &ctx->dialogs, &ctx->responses,
                                      &ctx->request_hops, &ctx->users, &ctx->bindings };
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

/* A different last step for each table, so that their ids never coincide. */
enum {
    TABLE_DIALOG = 1, TABLE_FAMILY = 2, TABLE_TRANSACTION = 3, TABLE_USER = 4, TABLE_RESPONSE = 5, TABLE_HOP = 6,
    TABLE_BINDING = 7, TABLE_RESPONDER = 8
};

/* The identifiers of one message, read once: Call-ID, CSeq and top Via
 * branch, and the hashes its ids start from. */
typedef struct {
    sipdiag_str call_id;
    sipdiag_str cseq_number;
    sipdiag_str method;
    sipdiag_str branch;
    uint64_t call_hash;   /* Call-ID */
    uint64_t family_hash; /* Call-ID, CSeq number and method */
    unsigned long cseq;
    bool valid;
} message_ids_t;

/* The request on all its legs: Call-ID, CSeq number and a method. */
static uint64_t family_hash(const message_ids_t *ids, sipdiag_str method)
{
    return sipdiag_hash_more(sipdiag_hash_more(ids->call_hash, ids->cseq_number, WHOLE), method, WHOLE);
}

static message_ids_t ids_of(const sipdiag_context *ctx, const sipdiag_message *msg)
{
    message_ids_t ids = { { "", 0 }, { "", 0 }, { "", 0 }, { "", 0 }, 0, 0, 0, false };
    ids.call_id = sipdiag_header(msg, SIPDIAG_HDR_CALL_ID);
    if (ids.call_id.len == 0 || !sipdiag_message_cseq(msg, &ids.cseq, &ids.method))
        return ids;
    ids.cseq_number = msg->cseq_digits;
    ids.branch = sipdiag_top_branch(msg);
    ids.call_hash = sipdiag_hash_more(ctx->seed, ids.call_id, WHOLE);
    ids.family_hash = family_hash(&ids, ids.method);
    ids.valid = true;
    return ids;
}

static entry_id dialog_id(const message_ids_t *ids)
{
    return sipdiag_hash_mix(ids->call_hash, TABLE_DIALOG);
}

static entry_id family_id(const message_ids_t *ids)
{
    return sipdiag_hash_mix(ids->family_hash, TABLE_FAMILY);
}

/* One leg: a family (family_hash) and the top Via branch. */
static entry_id transaction_id(const message_ids_t *ids, uint64_t family)
{
    return sipdiag_hash_mix(sipdiag_hash_more(family, ids->branch, WHOLE), TABLE_TRANSACTION);
}

static transaction_t *transaction_of(sipdiag_context *ctx, const message_ids_t *ids)
{
    return generations_get(&ctx->transactions, ctx->max_entries, transaction_id(ids, ids->family_hash), ids->call_id,
                           true);
}

/* The request's sightings on a hop other than the transaction's first. */
static request_hop_t *request_hop_of(sipdiag_context *ctx, const message_ids_t *ids, uint64_t hop, bool create)
{
    entry_id id = sipdiag_hash_mix(sipdiag_hash_mix(transaction_id(ids, ids->family_hash), hop), TABLE_HOP);
    return generations_get(&ctx->request_hops, ctx->max_entries, id, ids->call_id, create);
}

static request_family_t *family_of(sipdiag_context *ctx, const message_ids_t *ids, bool create)
{
    return generations_get(&ctx->families, ctx->max_entries, family_id(ids), ids->call_id, create);
}

static dialog_t *dialog_of(sipdiag_context *ctx, const message_ids_t *ids, bool create)
{
    return generations_get(&ctx->dialogs, ctx->max_entries, dialog_id(ids), ids->call_id, create);
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
    transaction_t *invite = generations_lookup(&ctx->transactions, transaction_id(ids, invite_family), ids->call_id);
    if (invite && invite->cancel_frame == 0)
        invite->cancel_frame = frame;
}

/* The dialog of an INVITE or BYE, else NULL. */
static dialog_t *note_dialog_request(sipdiag_context *ctx, const message_ids_t *ids, uint32_t frame)
{
    bool invite = sipdiag_str_equal_nocase(ids->method, "INVITE");
    bool bye = sipdiag_str_equal_nocase(ids->method, "BYE");
    if (!invite && !bye)
        return NULL;
    dialog_t *dialog = dialog_of(ctx, ids, true);
    if (invite && dialog->invite_frame == 0)
        dialog->invite_frame = frame;
    if (invite)
        dialog->last_invite_frame = frame;
    if (bye && dialog->bye_frame == 0)
        dialog->bye_frame = frame;
    return dialog;
}

static void start_transaction(transaction_t *txn, const sipdiag_sighting *seen, const sipdiag_message *msg)
{
    txn->hop = seen->hop;
    txn->request_source = seen->source;
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
    if (msg->count[SIPDIAG_HDR_EVENT] > 0) {
        sipdiag_str event = sipdiag_event_type(sipdiag_header(msg, SIPDIAG_HDR_EVENT));
        g_free(txn->event);
        txn->event = g_strndup(event.ptr, MIN(event.len, MAX_EVENT_LEN));
    }
}

/* ---- SDP offer/answer (see dialog_sdp_t) -------------------------------- */

/* The SDP of a message (the whole body, or its application/sdp part), or empty. */
static sipdiag_str sdp_text(const sipdiag_message *msg)
{
    sipdiag_str body = sipdiag_message_body(msg);
    if (body.len == 0)
        return body;
    return sipdiag_sdp_in_body(sipdiag_header(msg, SIPDIAG_HDR_CONTENT_TYPE), body);
}

static uint64_t tag_hash(const sipdiag_context *ctx, const sipdiag_message *msg, sipdiag_header_id id)
{
    uint64_t h = sipdiag_hash_more(ctx->seed, sipdiag_tag_param(sipdiag_header(msg, id)), WHOLE);
    return h ? h : 1; /* 0 marks an unused slot */
}

static dialog_sdp_t *sdp_of(dialog_t *dialog)
{
    if (!dialog->sdp)
        dialog->sdp = g_new0(dialog_sdp_t, 1);
    return dialog->sdp;
}

/* An INVITE's first sighting: its offer waits for the final response. */
static void note_offer(sipdiag_context *ctx, dialog_t *dialog, const message_ids_t *ids, const sipdiag_sighting *seen,
                       const sipdiag_message *msg)
{
    sipdiag_str text = sdp_text(msg);
    if (text.len == 0) {
        /* no offer (RFC 3261 §13.2.1: an INVITE's 2xx will carry it); the CSeq keeps an older one apart */
        if (sipdiag_str_equal_nocase(ids->method, "INVITE"))
            dialog->late_offer_cseq = ids->cseq;
        return;
    }
    drop_offer_text(dialog, ctx->spare_texts, &ctx->spare_text_count);
    dialog->offer_frame = seen->frame;
    dialog->offer_cseq = ids->cseq;
    if (dialog->sdp)
        dialog->sdp->offer_summarised = false;
    size_t size = text.len <= OFFER_TEXT_CLASS ? OFFER_TEXT_CLASS : text.len;
    if (text.len <= MAX_OFFER_TEXT && offer_text_total + size <= MAX_OFFER_TEXT_TOTAL) {
        dialog->offer_text = size == OFFER_TEXT_CLASS && ctx->spare_text_count
                                 ? ctx->spare_texts[--ctx->spare_text_count]
                                 : g_malloc(size);
        memcpy(dialog->offer_text, text.ptr, text.len);
        dialog->offer_text_len = (uint16_t)text.len;
        dialog->offer_text_size = (uint16_t)size;
        offer_text_total += size;
    } else if (!sipdiag_sdp_summarise_text(text, &sdp_of(dialog)->offer)) {
        dialog->offer_cseq = 0;
    } else {
        dialog->sdp->offer_summarised = true;
    }
}

/* The pending offer of this INVITE, summarised now if it was not; NULL
 * when this INVITE had none that parses. */
static const sipdiag_sdp_summary *offer_of(sipdiag_context *ctx, dialog_t *dialog, const message_ids_t *ids)
{
    if (!dialog || dialog->offer_cseq != ids->cseq || ids->cseq == 0)
        return NULL;
    if (dialog->offer_text) {
        dialog_sdp_t *sdp = sdp_of(dialog);
        sdp->offer_summarised = sipdiag_sdp_summarise_text((sipdiag_str){ dialog->offer_text, dialog->offer_text_len },
                                                           &sdp->offer);
        drop_offer_text(dialog, ctx->spare_texts, &ctx->spare_text_count);
    }
    return dialog->sdp && dialog->sdp->offer_summarised ? &dialog->sdp->offer : NULL;
}

/* The latest SDP of the side with this tag: its own slot, else a free one,
 * else the older one (a forked INVITE meets more than two tags). */
static void keep_side(dialog_sdp_t *sdp, uint64_t tag, uint32_t frame, bool answer, const sipdiag_sdp_summary *summary)
{
    side_sdp_t *s0 = &sdp->side[0];
    side_sdp_t *s1 = &sdp->side[1];
    side_sdp_t *slot = s0->tag == tag ? s0
                       : s1->tag == tag ? s1
                       : s0->tag == 0 ? s0
                       : s1->tag == 0 ? s1
                       : s0->frame <= s1->frame ? s0 : s1;
    slot->tag = tag;
    slot->frame = frame;
    slot->answer = answer;
    slot->sdp = *summary;
}

/* A 2xx or reliable 18x to an INVITE: its SDP answers the pending offer
 * (RFC 3261 §13.3.1, RFC 3262), and both
 * become the latest of their sides (the offerer is the From of both).
 * After an INVITE without SDP the response's SDP is the offer. */
static void note_answer(sipdiag_context *ctx, const message_ids_t *ids, const sipdiag_sighting *seen,
                        const sipdiag_message *msg, bool confirms)
{
    sipdiag_str text = sdp_text(msg);
    dialog_t *dialog = dialog_of(ctx, ids, text.len > 0);
    const sipdiag_sdp_summary *offer = offer_of(ctx, dialog, ids);
    sipdiag_sdp_summary answer;
    if (!text.len || !sipdiag_sdp_summarise_text(text, &answer))
        return;
    dialog_sdp_t *sdp = sdp_of(dialog);
    uint64_t from = tag_hash(ctx, msg, SIPDIAG_HDR_FROM);
    if (confirms || (!sdp->caller_tag && sipdiag_str_equal_nocase(ids->method, "INVITE")))
        sdp->caller_tag = from;
    if (offer)
        keep_side(sdp, from, dialog->offer_frame, false, offer);
    bool late = !offer && ids->cseq && dialog->late_offer_cseq == ids->cseq;
    keep_side(sdp, tag_hash(ctx, msg, SIPDIAG_HDR_TO), seen->frame, !late, &answer);
}

/* The ACK that answers a late offer (RFC 3261 §13.2.1) keeps the caller's SDP. */
static void note_ack_answer(sipdiag_context *ctx, dialog_t *dialog, const message_ids_t *ids,
                            const sipdiag_sighting *seen, const sipdiag_message *msg)
{
    sipdiag_sdp_summary answer;
    sipdiag_str text = sdp_text(msg);
    if (!text.len || !ids->cseq || dialog->late_offer_cseq != ids->cseq || !sipdiag_sdp_summarise_text(text, &answer))
        return;
    keep_side(sdp_of(dialog), tag_hash(ctx, msg, SIPDIAG_HDR_FROM), seen->frame, true, &answer);
}

/* An ACK answers the final response to the INVITE of its CSeq number:
 * one hop by hop for a failure, one end to end for a 2xx. */
static void note_ack(sipdiag_context *ctx, const message_ids_t *ids, const sipdiag_sighting *seen,
                     const sipdiag_message *msg)
{
    dialog_t *dialog = dialog_of(ctx, ids, true);
    dialog->ack_frame = seen->frame;
    dialog->ack_cseq = ids->cseq;
    note_ack_answer(ctx, dialog, ids, seen, msg);
}

/* Failures that can be about the SDP: the media ones, and a re-INVITE's
 * others but for authentication, glare, timers and the dialog itself. */
static bool sdp_failure(unsigned code, bool reinvite)
{
    if (code == 488 || code == 606 || code == 415 || code == 380)
        return true;
    return reinvite && code >= 400 && code != 401 && code != 407 && code != 408 && code != 422 && code != 481
           && code != 487 && code != 491;
}

/* A failed INVITE: its offer against the refusing side's SDP. */
static void compare_offer(sipdiag_context *ctx, const message_ids_t *ids, const sipdiag_message *msg,
                          unsigned code, sipdiag_response_context *out)
{
    dialog_t *dialog = dialog_of(ctx, ids, false);
    /* an UPDATE's failure leaves the session as it was, like a re-INVITE's (RFC 3311 §5.2) */
    bool reinvite = out->dialog == SIPDIAG_DIALOG_CONFIRMED || sipdiag_str_equal_nocase(ids->method, "UPDATE");
    if (!dialog || dialog->offer_cseq != ids->cseq)
        return;
    if (!sdp_failure(code, reinvite)) {
        /* answered: nobody will ask for it */
        drop_offer_text(dialog, ctx->spare_texts, &ctx->spare_text_count);
        return;
    }
    const sipdiag_sdp_summary *offer = offer_of(ctx, dialog, ids);
    if (!offer)
        return;
    const dialog_sdp_t *sdp = dialog->sdp;
    const char *who = "the callee";
    if (reinvite)
        who = !sdp->caller_tag ? "the other side"
              : tag_hash(ctx, msg, SIPDIAG_HDR_FROM) == sdp->caller_tag ? "the callee" : "the caller";
    char name[64];
    const sipdiag_sdp_summary *other = NULL;
    bool other_answered = false;
    sipdiag_sdp_summary own;
    sipdiag_str text = sdp_text(msg);
    if (text.len > 0 && sipdiag_sdp_summarise_text(text, &own)) {
        other = &own;
        g_snprintf(name, sizeof name, "%s's SDP in this response", who);
    } else {
        uint64_t tag = tag_hash(ctx, msg, SIPDIAG_HDR_TO);
        for (unsigned i = 0; i < G_N_ELEMENTS(sdp->side) && !other; i++) {
            const side_sdp_t *side = &sdp->side[i];
            if (side->tag != tag || side->frame >= dialog->offer_frame)
                continue;
            other = &side->sdp;
            other_answered = side->answer;
            out->sdp_other_frame = side->frame;
            g_snprintf(name, sizeof name, "%s's earlier %s in frame %u", who, side->answer ? "answer" : "offer",
                       side->frame);
        }
    }
    sipdiag_sdp_mismatch mismatch = sipdiag_sdp_compare_summaries(offer, other, name, other_answered,
                                                                  ctx->sdp_comparison, sizeof ctx->sdp_comparison);
    if (!ctx->sdp_comparison[0]) {
        out->sdp_other_frame = 0;
        return;
    }
    out->sdp_comparison = ctx->sdp_comparison;
    out->sdp_mismatch = (uint8_t)mismatch;
    out->sdp_offer_frame = dialog->offer_frame;
}

void sipdiag_context_request(sipdiag_context *ctx, const sipdiag_sighting *seen, const sipdiag_message *msg)
{
    message_ids_t ids = ids_of(ctx, msg);
    if (!ids.valid)
        return;
    if (sipdiag_str_equal_nocase(ids.method, "ACK")) {
        note_ack(ctx, &ids, seen, msg);
        return; /* no response to an ACK */
    }
    transaction_t *txn = transaction_of(ctx, &ids);
    bool resent;
    bool first_sighting = txn->request_count == 0 || txn->request_frame == 0;
    if (first_sighting) {
        start_transaction(txn, seen, msg);
        txn->request_count = 1;
        txn->last_request_frame = seen->frame;
        resent = false;
    } else if (seen->hop == txn->hop) {
        txn->request_count++;
        txn->last_request_frame = seen->frame;
        resent = true;
    } else {
        /* Another hop (rare): a copy there, resent only if seen there before. */
        request_hop_t *there = request_hop_of(ctx, &ids, seen->hop, true);
        resent = there->count++ > 0;
        if (!resent) {
            there->first_frame = seen->frame;
            there->time_ns = seen->time_ns;
        }
        there->last_frame = seen->frame;
        txn->other_hops = true;
    }
    if (resent) {
        txn->retransmissions++;
        request_family_t *family = family_of(ctx, &ids, true);
        if (family->retransmissions++ == 0)
            family->first_retransmission_frame = seen->frame;
        family->last_retransmission_frame = seen->frame;
    }

    if (sipdiag_str_equal_nocase(ids.method, "CANCEL"))
        note_cancel(ctx, &ids, seen->frame);
    dialog_t *dialog = note_dialog_request(ctx, &ids, seen->frame);
    if (!dialog && first_sighting && sipdiag_str_equal_nocase(ids.method, "UPDATE"))
        dialog = dialog_of(ctx, &ids, false); /* RFC 3311: an offer inside a dialog */
    if (dialog && first_sighting && sipdiag_str_equal_nocase(ids.method, "BYE"))
        clear_dialog(dialog); /* the dialog ends: no offer left to compare */
    else if (dialog && first_sighting)
        note_offer(ctx, dialog, &ids, seen, msg);
}

/*
 * A response repeats an earlier one of its transaction (Call-ID, CSeq, top
 * Via branch) when it has the same code and To-tag (another To-tag is
 * another fork, RFC 3261 §12.1, §16.7), for a reliable provisional the same
 * RSeq (RFC 3262 §3), and was seen between the same two addresses: the
 * same message on another hop of the capture is a copy, not a resend.
 */
static response_t *response_of(sipdiag_context *ctx, const message_ids_t *ids, const sipdiag_sighting *seen,
                               const sipdiag_message *msg, unsigned code, bool create)
{
    uint64_t h = sipdiag_hash_mix(transaction_id(ids, ids->family_hash), code);
    h = sipdiag_hash_more(h, sipdiag_tag_param(sipdiag_header(msg, SIPDIAG_HDR_TO)), WHOLE);
    if (code < 200 && msg->count[SIPDIAG_HDR_RSEQ] > 0)
        h = sipdiag_hash_more(h, sipdiag_header(msg, SIPDIAG_HDR_RSEQ), WHOLE);
    h = sipdiag_hash_mix(h, seen->hop);
    return generations_get(&ctx->responses, ctx->max_entries, sipdiag_hash_mix(h, TABLE_RESPONSE), ids->call_id,
                           create);
}

/* The sightings of this response; out->original_frame is the first, unless this is it. */
static const response_t *note_response(sipdiag_context *ctx, const message_ids_t *ids, const sipdiag_sighting *seen,
                                       const sipdiag_message *msg, unsigned code, sipdiag_response_context *out)
{
    response_t *response = response_of(ctx, ids, seen, msg, code, true);
    if (response->count++ == 0)
        response->first_frame = seen->frame;
    else
        out->original_frame = response->first_frame;
    out->bounced_frame = response->bounced_frame;
    out->bounced_error = response->bounced_error;
    out->response_over_udp = out->original_frame && seen->over_udp;
    response->last_frame = seen->frame;
    out->response_count = response->count;
    return response;
}

/* A final response to an INVITE sent again: was an ACK for it seen after its first sighting? */
static void check_ack(sipdiag_context *ctx, const message_ids_t *ids, const response_t *response,
                      sipdiag_response_context *out)
{
    const dialog_t *dialog = dialog_of(ctx, ids, false);
    if (dialog && dialog->ack_frame > response->first_frame && dialog->ack_cseq == ids->cseq)
        out->ack_frame = dialog->ack_frame;
}

static entry_id user_id(const sipdiag_context *ctx, const sipdiag_auth *creds)
{
    return sipdiag_hash_mix(sipdiag_hash_more(sipdiag_hash_more(ctx->seed, creds->realm, MAX_NAME_LEN), creds->username, MAX_NAME_LEN), TABLE_USER);
}

static uint64_t nonce_hash(const sipdiag_context *ctx, sipdiag_str nonce)
{
    return sipdiag_hash_more(ctx->seed, nonce, MAX_CREDENTIALS_LEN);
}

/* The username, cut as it is compared, is the string a user_t keeps. */
static sipdiag_str user_key(const sipdiag_auth *creds)
{
    return (sipdiag_str){ creds->username.ptr, MIN(creds->username.len, MAX_NAME_LEN) };
}

/* A 2xx to a request with credentials: that user's password works. */
static void note_accepted_user(sipdiag_context *ctx, const transaction_t *txn, uint32_t frame)
{
    sipdiag_auth creds;
    if (!read_credentials(&txn->proxy_authorization, &creds) && !read_credentials(&txn->authorization, &creds))
        return;
    if (creds.username.len == 0)
        return;
    user_t *user = generations_get(&ctx->users, ctx->max_entries, user_id(ctx, &creds), user_key(&creds), true);
    if (user->first_frame == 0)
        user->first_frame = frame;
    user->last_frame = frame;
}

/* The latest 2xx before the request that accepted the same user's credentials; 0: none. */
static uint32_t accepted_before(const sipdiag_context *ctx, const sipdiag_auth *creds, uint32_t request_frame)
{
    if (creds->username.len == 0)
        return 0;
    const user_t *user = generations_lookup(&ctx->users, user_id(ctx, creds), user_key(creds));
    if (!user)
        return 0;
    return user->last_frame < request_frame ? user->last_frame
         : user->first_frame < request_frame ? user->first_frame : 0;
}

/* challenge: the 401/407's challenge as parsed, NULL when it does not parse. */
static void note_challenge(sipdiag_context *ctx, const message_ids_t *ids, const sipdiag_auth *parsed,
                           const sipdiag_sighting *seen)
{
    if (!parsed || parsed->nonce.len == 0)
        return;
    const sipdiag_auth challenge = *parsed;
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
 * when the same user's were accepted earlier (in any Call-ID: a REGISTER
 * accepted, then the INVITE challenged again), or when the reason phrase
 * itself names the nonce and the challenge does not say stale=false.
 */
static bool phrase_names_nonce(sipdiag_str phrase)
{
    return sipdiag_str_contains_nocase(phrase, "nonce") || sipdiag_str_contains_nocase(phrase, "stale");
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
    out->accepted_frame = accepted_before(ctx, creds, txn->request_frame);
    out->nonce_in_phrase = phrase_names_nonce(phrase);
    return older || out->accepted_frame != 0 || (out->nonce_in_phrase && phrase_counts);
}

static bool same_realm(const char *realm, sipdiag_str challenge_realm)
{
    return !realm[0] || challenge_realm.len == 0
           || (strlen(realm) == challenge_realm.len && memcmp(realm, challenge_realm.ptr, challenge_realm.len) == 0);
}

/* The outcome, and in the context's name buffers the credentials it was to.
 * challenge: a 401/407's challenge as parsed, NULL when it does not parse. */
static sipdiag_auth_outcome auth_outcome(sipdiag_context *ctx, const message_ids_t *ids, const transaction_t *txn,
                                         const sipdiag_message *msg, unsigned code, const sipdiag_auth *challenge,
                                         bool *used, sipdiag_response_context *out)
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
    if (code == 403) {
        /* Refused for good (no new challenge), but the same user accepted
         * before points at a policy or the nonce, not the password. */
        if (*used)
            (void)blame_nonce(ctx, ids, txn, &creds, msg->reason_phrase, false, out);
        return *used ? SIPDIAG_AUTH_REJECTED : SIPDIAG_AUTH_NONE;
    }
    if (code != 401 && code != 407)
        return SIPDIAG_AUTH_NONE;

    bool parsed = challenge != NULL;
    if (!*used || (parsed && !same_realm(ctx->used_realm, challenge->realm))) {
        *used = false;
        return SIPDIAG_AUTH_CHALLENGE;
    }
    if (parsed && challenge->stale)
        return SIPDIAG_AUTH_STALE;
    /* stale=false says the credentials, not the nonce, were refused (RFC
     * 7616 §3.3): it outweighs a phrase that names the nonce. */
    bool phrase_counts = !(parsed && challenge->has_stale);
    return blame_nonce(ctx, ids, txn, &creds, msg->reason_phrase, phrase_counts, out) ? SIPDIAG_AUTH_NONCE
                                                                                      : SIPDIAG_AUTH_REJECTED;
}

static void describe_dialog(sipdiag_context *ctx, const message_ids_t *ids, sipdiag_response_context *out)
{
    const dialog_t *dialog = dialog_of(ctx, ids, false);
    if (!dialog)
        return;
    /* The BYE this response answers has not ended anything yet. */
    bool ended = dialog->bye_frame && dialog->bye_frame != out->first_request_frame;
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
    out->first_request_frame = txn->request_frame;
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
    out->request_event = txn->event;
    out->identity = (sipdiag_identity_verdict)txn->identity;
    out->identity_delta = txn->identity_delta;
}

/* A response seen on another hop than the request's first sighting is
 * paired with the request's sightings on that hop, when there were some. */
static void copy_request_hop(sipdiag_context *ctx, const message_ids_t *ids, uint64_t hop,
                             sipdiag_response_context *out)
{
    const request_hop_t *there = request_hop_of(ctx, ids, hop, false);
    if (!there)
        return;
    out->request_frame = there->first_frame;
    out->request_time_ns = there->time_ns;
    out->request_count = there->count;
    out->last_request_frame = there->last_frame;
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

/* The transaction's provisional and final responses; a provisional after
 * the final response on the same hop is late or reordered (on another hop
 * of the capture, it may be relayed still). */
static void note_response_code(transaction_t *txn, const sipdiag_sighting *seen, unsigned code,
                               sipdiag_response_context *out)
{
    if (code >= 100 && code < 200) {
        note_provisional(txn, code, seen->frame);
        if (txn->final_frame && txn->final_hop == seen->hop) {
            out->final_code = txn->final_code;
            out->final_frame = txn->final_frame;
        }
    } else if (code >= 200 && txn->final_frame == 0) {
        txn->final_code = (uint16_t)MIN(code, 999);
        txn->final_frame = seen->frame;
        txn->final_hop = seen->hop;
    }
}

/* What was resent of the request on its other legs. */
static void copy_family(sipdiag_context *ctx, const message_ids_t *ids, const transaction_t *txn,
                        sipdiag_response_context *out)
{
    const request_family_t *family = family_of(ctx, ids, false);
    if (!family)
        return;
    out->other_leg_retransmissions = family->retransmissions - MIN(txn->retransmissions, family->retransmissions);
    out->other_leg_first_frame = family->first_retransmission_frame;
    out->other_leg_last_frame = family->last_retransmission_frame;
}

/* The credentials' outcome; a 401/407's challenge is read once, for the
 * outcome and to be kept, and a 2xx to credentials accepts their user. */
static void note_auth(sipdiag_context *ctx, const message_ids_t *ids, transaction_t *txn, const sipdiag_sighting *seen,
                      const sipdiag_message *msg, unsigned code, sipdiag_response_context *out)
{
    bool used;
    sipdiag_auth challenge;
    bool challenge_parsed = (code == 401 || code == 407)
                          && sipdiag_message_auth(msg, code == 401 ? SIPDIAG_HDR_WWW_AUTHENTICATE
                                                                   : SIPDIAG_HDR_PROXY_AUTHENTICATE,
                                                  &challenge);
    out->auth = auth_outcome(ctx, ids, txn->request_count ? txn : NULL, msg, code,
                             challenge_parsed ? &challenge : NULL, &used, out);
    if (code == 401 || code == 407)
        note_challenge(ctx, ids, challenge_parsed ? &challenge : NULL, seen);
    else if (code >= 200 && code < 300 && txn->request_count && !out->original_frame
             && (txn->authorization.raw || txn->proxy_authorization.raw))
        note_accepted_user(ctx, txn, seen->frame);
    if (used) {
        out->auth_username = ctx->used_username;
        out->auth_realm = ctx->used_realm;
    }
}

/* The address-of-record of a To value: its URI without scheme, parameters
 * or headers ("alice@example.com"); empty without a user part. */
static sipdiag_str aor_of(sipdiag_str to)
{
    static const sipdiag_str none = { "", 0 };
    const char *open = memchr(to.ptr, '<', to.len);
    if (open) {
        const char *close = memchr(open, '>', to.len - (size_t)(open - to.ptr));
        if (!close)
            return none;
        to.ptr = open + 1;
        to.len = (size_t)(close - open - 1);
    }
    const char *colon = memchr(to.ptr, ':', to.len);
    if (!colon)
        return none;
    sipdiag_str aor = { colon + 1, to.len - (size_t)(colon + 1 - to.ptr) };
    size_t end = 0;
    while (end < aor.len && aor.ptr[end] != ';' && aor.ptr[end] != '?' && aor.ptr[end] != '>')
        end++;
    const char *at = memchr(aor.ptr, '@', end);
    if (!at)
        return none;
    /* Without the port: a phone registers bob@host, a caller dials bob@host:5060. */
    size_t host = (size_t)(at + 1 - aor.ptr);
    const char *bracket = host < end && aor.ptr[host] == '[' ? memchr(aor.ptr + host, ']', end - host) : NULL;
    size_t from = bracket ? (size_t)(bracket - aor.ptr) : host;
    const char *port = from < end ? memchr(aor.ptr + from, ':', end - from) : NULL;
    aor.len = port ? (size_t)(port - aor.ptr) : end;
    return sipdiag_trim(aor);
}

static entry_id binding_id(const sipdiag_context *ctx, sipdiag_str user)
{
    return sipdiag_hash_mix(sipdiag_hash_more(ctx->seed, user, MAX_NAME_LEN), TABLE_BINDING);
}

static size_t responder_slot(const sipdiag_context *ctx, uint64_t source)
{
    return (size_t)(sipdiag_hash_mix(ctx->seed ^ source, TABLE_RESPONDER) % RESPONDER_SLOTS);
}

static const responder_t *find_responder(const sipdiag_context *ctx, uint64_t source)
{
    const responder_t *slot = &ctx->responders[responder_slot(ctx, source)];
    return source && slot->source == source ? slot : NULL;
}

/* The sender's slot, taken over from another sender's if need be; NULL
 * for an unknown sender. */
static responder_t *claim_responder(sipdiag_context *ctx, uint64_t source)
{
    responder_t *slot = &ctx->responders[responder_slot(ctx, source)];
    if (!source)
        return NULL;
    if (slot->source != source) {
        memset(slot, 0, sizeof *slot);
        slot->source = source;
    }
    return slot;
}

static void note_responder(sipdiag_context *ctx, const sipdiag_sighting *seen)
{
    responder_t *responder = claim_responder(ctx, seen->source);
    if (responder) {
        responder->frame = seen->frame;
        responder->time_ns = seen->time_ns;
    }
}

/* The latest sighting of a request on a hop: the transaction's own, or another hop's. */
static uint32_t request_seen_last(sipdiag_context *ctx, const message_ids_t *ids, uint64_t hop)
{
    const transaction_t *txn = generations_get(&ctx->transactions, ctx->max_entries,
                                               transaction_id(ids, ids->family_hash), ids->call_id, false);
    if (!txn || !txn->request_frame)
        return 0;
    if (hop == txn->hop)
        return txn->last_request_frame;
    const request_hop_t *there = txn->other_hops ? request_hop_of(ctx, ids, hop, false) : NULL;
    return there ? there->last_frame : 0;
}

uint32_t sipdiag_context_quoted(sipdiag_context *ctx, const sipdiag_sighting *seen, const sipdiag_message *msg,
                                unsigned code, unsigned icmp_error, bool delivery_failed)
{
    message_ids_t ids = ids_of(ctx, msg);
    if (!ids.valid)
        return 0;
    if (msg->is_request)
        return request_seen_last(ctx, &ids, seen->hop);
    response_t *response = response_of(ctx, &ids, seen, msg, code, false);
    if (!response)
        return 0;
    if (delivery_failed && !response->bounced_frame) {
        response->bounced_frame = seen->frame;
        response->bounced_error = (uint8_t)icmp_error;
    }
    return response->last_frame;
}

bool sipdiag_context_last_response_from(const sipdiag_context *ctx, uint64_t source, uint32_t *frame,
                                        uint64_t *time_ns)
{
    const responder_t *responder = find_responder(ctx, source);
    if (!responder)
        return false;
    *frame = responder->frame;
    *time_ns = responder->time_ns;
    return true;
}

/* A 2xx to REGISTER records its To AoR's registration (or, listing no
 * Contact for a REGISTER that asked for expiry 0, its removal: RFC 3261
 * §10.3 has the 2xx list the bindings left); a 404 or 480 to anything else
 * looks the AoR in its To header up. */
static void note_registration(sipdiag_context *ctx, const message_ids_t *ids, const transaction_t *txn,
                              const sipdiag_sighting *seen, const sipdiag_message *msg, unsigned code,
                              sipdiag_response_context *out)
{
    if (out->original_frame || (code != 404 && code != 480 && code != 603 && (code < 200 || code >= 300)))
        return;
    bool register_ok = code < 300 && sipdiag_str_equal_nocase(ids->method, "REGISTER");
    if (!register_ok && (code < 400 || sipdiag_str_equal_nocase(ids->method, "REGISTER")))
        return;
    /* The whole address-of-record: the same user name in another domain is someone else. */
    sipdiag_str user = aor_of(sipdiag_trim(sipdiag_header(msg, SIPDIAG_HDR_TO)));
    if (user.len == 0)
        return;
    binding_t *binding = generations_get(&ctx->bindings, ctx->max_entries, binding_id(ctx, user), user,
                                         register_ok);
    if (!register_ok && (!binding || !binding->frame)) {
        /* A server that accepts REGISTERs, none (left) for this AoR. */
        const responder_t *responder = find_responder(ctx, seen->source);
        out->unregistered_at_registrar = responder && responder->registrar;
    }
    if (!binding)
        return;
    if (register_ok) {
        responder_t *responder = claim_responder(ctx, seen->source);
        if (responder)
            responder->registrar = true;
        bool removed = msg->count[SIPDIAG_HDR_CONTACT] == 0 && txn->has_request_expires && txn->request_expires == 0;
        binding->frame = removed ? 0 : seen->frame;
        binding->registrar = seen->source;
        binding->device = txn->request_count ? txn->request_source : 0;
        return;
    }
    /* Only the registrar that accepted it speaks for the registration: the
     * registered device answering for itself says nothing of it, and
     * another server may serve another domain or no one's bindings. */
    if (binding->frame && seen->source && binding->registrar == seen->source && binding->device != seen->source) {
        out->registered_frame = binding->frame;
    }
}

/* The dialog an INVITE's final response confirms or rejects, and its SDP (and an UPDATE's, RFC 3311). */
static void note_invite_final(sipdiag_context *ctx, const message_ids_t *ids, const sipdiag_sighting *seen,
                              const sipdiag_message *msg, unsigned code, sipdiag_response_context *out)
{
    bool invite = code >= 200 && sipdiag_str_equal_nocase(ids->method, "INVITE");
    if (invite && code < 300) {
        dialog_t *dialog = dialog_of(ctx, ids, true);
        if (dialog->confirmed_frame == 0)
            dialog->confirmed_frame = seen->frame;
    }
    describe_dialog(ctx, ids, out);
    if (invite && code < 300 && !out->original_frame)
        note_answer(ctx, ids, seen, msg, out->dialog_frame == seen->frame);
    else if (code > 100 && code < 200 && msg->count[SIPDIAG_HDR_RSEQ] > 0 && !out->original_frame
             && sipdiag_str_equal_nocase(ids->method, "INVITE") && sdp_text(msg).len > 0)
        /* only a reliable one can carry the answer alone (RFC 3262 §5); an
         * unreliable one's SDP comes again in the 2xx (RFC 3261 §13.3.1) */
        note_answer(ctx, ids, seen, msg, false);
    else if (invite && code >= 300)
        compare_offer(ctx, ids, msg, code, out);
    else if (code >= 200 && !out->original_frame && sipdiag_str_equal_nocase(ids->method, "UPDATE")) {
        if (code < 300)
            note_answer(ctx, ids, seen, msg, false);
        else
            compare_offer(ctx, ids, msg, code, out);
    }
    if (invite && code >= 300 && !out->original_frame) {
        dialog_t *dialog = dialog_of(ctx, ids, true);
        dialog->rejected_frame = seen->frame;
        dialog->rejected_code = code;
    }
}

void sipdiag_context_response(sipdiag_context *ctx, const sipdiag_sighting *seen, const sipdiag_message *msg,
                              unsigned code, sipdiag_response_context *out)
{
    memset(out, 0, sizeof *out);
    out->response_time_ns = seen->time_ns;
    note_responder(ctx, seen);
    message_ids_t ids = ids_of(ctx, msg);
    if (!ids.valid)
        return;
    /* Request not in the capture: the responses are remembered all the same,
     * to recognise their retransmissions. */
    transaction_t *txn = transaction_of(ctx, &ids);
    copy_transaction(txn, out);
    if (txn->other_hops && seen->hop != txn->hop)
        copy_request_hop(ctx, &ids, seen->hop, out);
    const response_t *response = note_response(ctx, &ids, seen, msg, code, out);
    if (out->original_frame && code >= 200 && sipdiag_str_equal_nocase(ids.method, "INVITE"))
        check_ack(ctx, &ids, response, out);
    note_response_code(txn, seen, code, out);
    copy_family(ctx, &ids, txn, out);
    note_auth(ctx, &ids, txn, seen, msg, code, out);
    note_invite_final(ctx, &ids, seen, msg, code, out);
    note_registration(ctx, &ids, txn, seen, msg, code, out);
}
