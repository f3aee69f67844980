/*
 * test_variants: the per-method variant rows (data/sip-response-variants.tsv)
 * and sipdiag_variant_for's lookup order.
 */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "sipdiag_table.h"
#include "sipdiag_variants.h"

#define MAX_SENTENCES 4096
#define MAX_TEXT_LEN 220 /* as test_table: tree labels are cut at 240 */

/* The methods a response can answer, and the families of docs/variants.md.
 * ACK is absent on purpose: it never gets a response. */
static const char *const labels[] = {
    "INVITE", "re-INVITE", "UPDATE", "BYE", "CANCEL", "PRACK", "REGISTER", "OPTIONS",
    "SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE", "REFER", "INFO",
};

static bool known_label(const char *label)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i], label) == 0)
            return true;
    return false;
}

static void check_row(size_t i)
{
    const sipdiag_variants_row *v = &sipdiag_variants_rows[i];
    const sipdiag_codes_row *r = &v->row;
    const sipdiag_codes_row *base = sipdiag_code_lookup(r->code);
    CHECK(known_label(v->label), "code %u: '%s' is no SIP method or family", r->code, v->label);
    CHECK(base != NULL, "code %u: not in the base table", r->code);
    if (!base)
        return;
    CHECK(r->klass == base->klass && strcmp(r->phrase, base->phrase) == 0, "code %u: class/phrase",
          r->code);
    CHECK(strncmp(r->ref, "RFC ", 4) == 0, "%u %s: reference '%s'", r->code, v->label, r->ref);
    CHECK(strlen(r->remedy_short) <= 70, "%u %s: remedy_short %zu chars", r->code, v->label,
          strlen(r->remedy_short));
    const char *texts[] = { r->description, r->cause, r->remedy };
    for (size_t t = 0; t < 3; t++)
        CHECK(strlen(texts[t]) <= MAX_TEXT_LEN, "%u %s: text %zu is %zu bytes", r->code, v->label,
              t, strlen(texts[t]));
    CHECK(strcmp(r->description, base->description) != 0 || strcmp(r->cause, base->cause) != 0
          || strcmp(r->remedy, base->remedy) != 0, "%u %s: says nothing the base row does not",
          r->code, v->label);
    if (i > 0) {
        const sipdiag_variants_row *p = &sipdiag_variants_rows[i - 1];
        CHECK(p->row.code < r->code || (p->row.code == r->code && strcmp(p->label, v->label) < 0),
              "rows not sorted at %u %s", r->code, v->label);
    }
    CHECK(sipdiag_variants_first[r->code] != 0 && sipdiag_variants_first[r->code] <= i + 1,
          "%u: index", r->code);
}

typedef struct {
    char text[512];
    size_t owner; /* base row i: i; variant row j: codes_count + j */
} sentence_t;

static sentence_t sentences[MAX_SENTENCES];
static size_t sentence_count;

static void collect(size_t owner, const char *text)
{
    const char *start = text;
    while (*start) {
        const char *end = strstr(start, ". ");
        size_t len = end ? (size_t)(end - start) : strlen(start);
        CHECK(sentence_count < MAX_SENTENCES, "too many sentences");
        if (sentence_count < MAX_SENTENCES && len > 0 && len < sizeof sentences[0].text) {
            memcpy(sentences[sentence_count].text, start, len);
            sentences[sentence_count].text[len] = '\0';
            sentences[sentence_count].owner = owner;
            sentence_count++;
        }
        start += len + (end ? 2 : 0);
    }
}

static void collect_row(size_t owner, const sipdiag_codes_row *r, const sipdiag_codes_row *base)
{
    const char *own[] = { r->description, r->cause, r->remedy, r->remedy_short };
    const char *inherited[] = { base->description, base->cause, base->remedy, base->remedy_short };
    for (size_t t = 0; t < 4; t++)
        if (r == base || strcmp(own[t], inherited[t]) != 0) /* an empty cell inherits: not a repeat */
            collect(owner, own[t]);
}

static const char *owner_name(size_t owner)
{
    static char name[2][64];
    static int flip;
    flip ^= 1;
    if (owner < sipdiag_codes_count)
        snprintf(name[flip], sizeof name[0], "base %u", sipdiag_codes_rows[owner].code);
    else
        snprintf(name[flip], sizeof name[0], "%u %s",
                 sipdiag_variants_rows[owner - sipdiag_codes_count].row.code,
                 sipdiag_variants_rows[owner - sipdiag_codes_count].label);
    return name[flip];
}

/* No sentence of a variant may stand in another row, variant or base. */
static void check_sentences(void)
{
    for (size_t i = 0; i < sipdiag_codes_count; i++)
        collect_row(i, &sipdiag_codes_rows[i], &sipdiag_codes_rows[i]);
    for (size_t j = 0; j < sipdiag_variants_count; j++) {
        const sipdiag_codes_row *r = &sipdiag_variants_rows[j].row;
        const sipdiag_codes_row *base = sipdiag_code_lookup(r->code);
        if (base)
            collect_row(sipdiag_codes_count + j, r, base);
    }
    for (size_t i = 0; i < sentence_count; i++)
        for (size_t j = i + 1; j < sentence_count; j++)
            if (sentences[i].owner != sentences[j].owner
                && (sentences[i].owner >= sipdiag_codes_count || sentences[j].owner >= sipdiag_codes_count))
                CHECK(strcmp(sentences[i].text, sentences[j].text) != 0, "%s and %s share '%s'",
                      owner_name(sentences[i].owner), owner_name(sentences[j].owner), sentences[i].text);
}

static const char *label_of(unsigned code, const char *method, int in_dialog)
{
    const char *label = "unset";
    const sipdiag_codes_row *r = sipdiag_variant_for(code, method, method ? strlen(method) : 0,
                                                     in_dialog, &label);
    CHECK((r == NULL) == (label == NULL), "%u %s: row and label disagree", code, method);
    CHECK(r == NULL || r->code == code, "%u %s: row of code %u", code, method, r ? r->code : 0);
    return label ? label : "(base)";
}

#define EXPECT(code, method, in_dialog, want)                                          \
    CHECK(strcmp(label_of(code, method, in_dialog), want) == 0, "%u %s dialog=%d: %s, want %s", \
          code, method, in_dialog, label_of(code, method, in_dialog), want)

static void check_lookup(void)
{
    EXPECT(200, "REGISTER", 0, "REGISTER");
    EXPECT(200, "REGISTER", 1, "REGISTER");
    EXPECT(491, "INVITE", 1, "re-INVITE");
    EXPECT(491, "UPDATE", 1, "re-INVITE");
    EXPECT(488, "INVITE", 0, "(base)");    /* an initial INVITE keeps the base row */
    EXPECT(488, "INVITE", 1, "re-INVITE");
    EXPECT(481, "BYE", 1, "BYE");
    EXPECT(488, "register", 0, "(base)");    /* methods are case-sensitive */
    EXPECT(488, "re-INVITE", 1, "(base)");   /* a family is no method name */
    EXPECT(488, "INVITEX", 0, "(base)");
    EXPECT(488, "INVIT", 0, "(base)");
    EXPECT(100, "INVITE", 0, "(base)");
    EXPECT(999, "INVITE", 0, "(base)");
    EXPECT(488, "", 0, "(base)");
    CHECK(sipdiag_variant_for(488, NULL, 6, 0, NULL) == NULL, "NULL method");
    /* Not NUL-terminated, and a length beyond any method. */
    static const char buf[4] = { 'B', 'Y', 'E', 'X' };
    CHECK(sipdiag_variant_for(481, buf, 3, 1, NULL) != NULL, "481 BYE from a 3-byte buffer");
    CHECK(sipdiag_variant_for(481, buf, 4, 1, NULL) == NULL, "481 BYEX");
    static const char longm[] = "REGISTERREGISTERREGISTER";
    CHECK(sipdiag_variant_for(200, longm, sizeof longm - 1, 0, NULL) == NULL, "long method");
    CHECK(sipdiag_variant_for(200, "REGISTER", 8, 0, NULL) != NULL, "no label pointer");
}

int main(void)
{
    CHECK(sipdiag_variants_count > 0, "no variant rows");
    for (size_t i = 0; i < sipdiag_variants_count; i++)
        check_row(i);
    check_sentences();
    check_lookup();
    return check_report("test_variants");
}
