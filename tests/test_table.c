/*
 * test_table: the compiled code table against the IANA registry transcript
 * (data/iana-sip-codes.tsv), and the quality rules its text must keep.
 *
 *   test_table REGISTRY.tsv
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sipdiag_table.h"

#define MAX_SENTENCES 4096
/* Wireshark cuts tree labels at 240 characters; "Typical cause: " and the
 * brackets of a generated item must fit too. */
#define MAX_TEXT_LEN 220

static void check_registry(const char *path)
{
    FILE *in = fopen(path, "r");
    CHECK(in != NULL, "cannot open %s", path);
    if (!in)
        return;

    char line[1024];
    unsigned registry_rows = 0;
    unsigned seen[SIPDIAG_CODE_MAX + 1] = { 0 };
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "code\t", 5) == 0 || line[0] == '\0')
            continue;
        char *phrase = strchr(line, '\t');
        CHECK(phrase != NULL, "registry line without a phrase: %s", line);
        if (!phrase)
            continue;
        *phrase++ = '\0';
        char *rfc = strchr(phrase, '\t');
        if (rfc)
            *rfc = '\0';
        unsigned code = (unsigned)strtoul(line, NULL, 10);
        registry_rows++;
        CHECK(code >= 100 && code <= SIPDIAG_CODE_MAX, "registry code %u out of range", code);
        if (code > SIPDIAG_CODE_MAX)
            continue;
        seen[code]++;
        const sipdiag_codes_row *row = sipdiag_code_lookup(code);
        CHECK(row != NULL, "registered code %u missing from the table", code);
        if (row)
            CHECK(strcmp(row->phrase, phrase) == 0, "code %u: table phrase '%s', registry '%s'",
                  code, row->phrase, phrase);
    }
    fclose(in);

    CHECK(registry_rows == 75, "registry transcript has %u codes, IANA lists 75", registry_rows);
    CHECK(sipdiag_codes_count == registry_rows, "table has %zu rows, registry %u",
          sipdiag_codes_count, registry_rows);
    for (unsigned code = 0; code <= SIPDIAG_CODE_MAX; code++)
        CHECK(seen[code] == 0 ? sipdiag_code_lookup(code) == NULL : seen[code] == 1,
              "code %u: in registry %u times, in table %s", code, seen[code],
              sipdiag_code_lookup(code) ? "yes" : "no");
}

/* Claims an audit found wrong once: an ACK never gets a response (RFC 3261
 * section 17), a 3xx is followed by a new INVITE, not a re-INVITE, and a
 * local DNS or transport failure is 503 (section 8.1.3.1), not 408. */
static void check_row_claims(const sipdiag_codes_row *row)
{
    const char *texts[] = { row->description, row->cause, row->remedy, row->remedy_short };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        CHECK(strstr(texts[t], "an ACK or") == NULL && strstr(texts[t], "ACK or CANCEL for") == NULL,
              "code %u: text says an ACK gets a response", row->code);
        if (row->klass == 3)
            CHECK(strstr(texts[t], "re-INVITE") == NULL && strstr(texts[t], "Re-INVITE") == NULL,
                  "code %u: a redirect is followed by a new INVITE, not a re-INVITE", row->code);
        if (row->code == 408)
            CHECK(strstr(texts[t], "nothing sent") == NULL, "408: a local DNS failure is 503, not 408");
    }
}

static void check_rows(void)
{
    for (size_t i = 0; i < sipdiag_codes_count; i++) {
        const sipdiag_codes_row *row = &sipdiag_codes_rows[i];
        CHECK(row->klass == row->code / 100, "code %u has class %u", row->code, row->klass);
        CHECK(row->klass >= 1 && row->klass <= 6, "code %u: class %u", row->code, row->klass);
        CHECK(sipdiag_code_lookup(row->code) == row, "code %u: index points elsewhere", row->code);
        CHECK(strncmp(row->ref, "RFC ", 4) == 0, "code %u: reference '%s'", row->code, row->ref);
        CHECK(strlen(row->remedy_short) <= 70, "code %u: remedy_short is %zu chars", row->code,
              strlen(row->remedy_short));
        const char *long_texts[] = { row->description, row->cause, row->remedy };
        for (size_t t = 0; t < sizeof long_texts / sizeof long_texts[0]; t++)
            CHECK(strlen(long_texts[t]) <= MAX_TEXT_LEN, "code %u: text column %zu is %zu bytes",
                  row->code, t, strlen(long_texts[t]));
        const char *texts[] = { row->phrase, row->description, row->cause, row->remedy,
                                row->remedy_short };
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
            CHECK(texts[t][0] != '\0', "code %u: empty text column %zu", row->code, t);
        if (i > 0)
            CHECK(sipdiag_codes_rows[i - 1].code < row->code, "rows not in ascending order at %u",
                  row->code);
        check_row_claims(row);
    }
}

typedef const char *(*column_getter)(const sipdiag_codes_row *);
static const char *get_description(const sipdiag_codes_row *r) { return r->description; }
static const char *get_cause(const sipdiag_codes_row *r) { return r->cause; }
static const char *get_remedy(const sipdiag_codes_row *r) { return r->remedy; }
static const char *get_remedy_short(const sipdiag_codes_row *r) { return r->remedy_short; }

static void check_column_unique(const char *name, column_getter get)
{
    for (size_t i = 0; i < sipdiag_codes_count; i++)
        for (size_t j = i + 1; j < sipdiag_codes_count; j++)
            CHECK(strcmp(get(&sipdiag_codes_rows[i]), get(&sipdiag_codes_rows[j])) != 0,
                  "codes %u and %u share their %s", sipdiag_codes_rows[i].code,
                  sipdiag_codes_rows[j].code, name);
}

typedef struct {
    char text[512];
    unsigned code;
} sentence_t;

static sentence_t sentences[MAX_SENTENCES];
static size_t sentence_count;

/* Splits text at ". " into sentences remembered with their code. */
static void collect_sentences(unsigned code, const char *text)
{
    const char *start = text;
    while (*start) {
        const char *end = strstr(start, ". ");
        size_t len = end ? (size_t)(end - start) : strlen(start);
        if (sentence_count < MAX_SENTENCES && len > 0 && len < sizeof sentences[0].text) {
            memcpy(sentences[sentence_count].text, start, len);
            sentences[sentence_count].text[len] = '\0';
            sentences[sentence_count].code = code;
            sentence_count++;
        }
        start += len + (end ? 2 : 0);
    }
}

/* No sentence of a cause or remedy may stand under two different codes. */
static void check_sentences_specific(void)
{
    for (size_t i = 0; i < sipdiag_codes_count; i++) {
        collect_sentences(sipdiag_codes_rows[i].code, sipdiag_codes_rows[i].cause);
        collect_sentences(sipdiag_codes_rows[i].code, sipdiag_codes_rows[i].remedy);
    }
    CHECK(sentence_count > sipdiag_codes_count && sentence_count < MAX_SENTENCES,
          "collected %zu sentences", sentence_count);
    for (size_t i = 0; i < sentence_count; i++)
        for (size_t j = i + 1; j < sentence_count; j++)
            if (sentences[i].code != sentences[j].code)
                CHECK(strcmp(sentences[i].text, sentences[j].text) != 0,
                      "codes %u and %u share the sentence '%s'", sentences[i].code,
                      sentences[j].code, sentences[i].text);
}

/* The Q.850 causes the issue asks for beyond RFC 3398's table, and its table's own. */
static void check_q850(void)
{
    static const unsigned required[] = { 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23, 26, 27, 28, 29, 31, 34,
                                         38, 41, 42, 47, 55, 57, 58, 65, 70, 79, 87, 88, 102, 111, 127 };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        CHECK(sipdiag_q850_lookup(required[i]) != NULL, "Q.850 cause %u missing", required[i]);
    /* Every cause value ITU-T Q.850 defines (with its amendments: 14, 23, 24),
     * so that no valid cause is ever called unknown. */
    static const unsigned defined[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
                                        26, 27, 28, 29, 30, 31, 34, 38, 39, 40, 41, 42, 43, 44, 46, 47, 49, 50,
                                        53, 55, 57, 58, 62, 63, 65, 66, 69, 70, 79, 81, 82, 83, 84, 85, 86, 87,
                                        88, 90, 91, 95, 96, 97, 98, 99, 100, 101, 102, 103, 110, 111, 127 };
    for (size_t i = 0; i < sizeof defined / sizeof defined[0]; i++)
        CHECK(sipdiag_q850_lookup(defined[i]) != NULL, "Q.850 defines cause %u, the table lacks it", defined[i]);
    const sipdiag_q850_causes_row *no_channel = sipdiag_q850_lookup(34);
    CHECK(no_channel && no_channel->sip_code == 503, "cause 34 (no circuit/channel) must map to 503");
    for (size_t i = 0; i < sipdiag_q850_causes_count; i++) {
        const sipdiag_q850_causes_row *row = &sipdiag_q850_causes_rows[i];
        CHECK(row->cause >= 1 && row->cause <= 127, "cause %u out of range", row->cause);
        CHECK(row->sip_code == 0 || (row->sip_code >= 300 && sipdiag_code_lookup(row->sip_code)),
              "cause %u maps to %u, not a registered failure code", row->cause, row->sip_code);
        CHECK(strlen(row->meaning) <= MAX_TEXT_LEN && strlen(row->remedy) <= MAX_TEXT_LEN, "cause %u: long text",
              row->cause);
        for (size_t j = i + 1; j < sipdiag_q850_causes_count; j++)
            CHECK(strcmp(row->meaning, sipdiag_q850_causes_rows[j].meaning) != 0
                  && strcmp(row->remedy, sipdiag_q850_causes_rows[j].remedy) != 0,
                  "causes %u and %u share a text", row->cause, sipdiag_q850_causes_rows[j].cause);
    }
}

static void check_warn_codes(void)
{
    CHECK(sipdiag_warn_codes_count == 15, "%zu warn-codes, IANA has 15", sipdiag_warn_codes_count);
    for (size_t i = 0; i < sipdiag_warn_codes_count; i++) {
        const sipdiag_warn_codes_row *row = &sipdiag_warn_codes_rows[i];
        CHECK(row->code >= 300 && row->code <= 399, "warn-code %u out of range", row->code);
        CHECK(sipdiag_warn_code_lookup(row->code) == row, "warn-code %u: index", row->code);
        CHECK(strlen(row->meaning) <= MAX_TEXT_LEN && strlen(row->remedy) <= MAX_TEXT_LEN, "warn %u: long text",
              row->code);
        CHECK(strncmp(row->ref, "RFC ", 4) == 0, "warn %u: reference", row->code);
        for (size_t j = i + 1; j < sipdiag_warn_codes_count; j++)
            CHECK(strcmp(row->meaning, sipdiag_warn_codes_rows[j].meaning) != 0
                  && strcmp(row->remedy, sipdiag_warn_codes_rows[j].remedy) != 0,
                  "warn-codes %u and %u share a text", row->code, sipdiag_warn_codes_rows[j].code);
    }
    CHECK(sipdiag_warn_code_lookup(392) == NULL && sipdiag_warn_code_lookup(1000) == NULL, "392 is unregistered");
}

/* Splits a TSV line in place; returns the number of columns. */
static int split_tsv(char *line, char **cols, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < max; n++) {
        cols[n] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            return n + 1;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* Against ../shared/reference: RFC 3398's Q.850 mapping and IANA's warn-texts. */
static int check_shared(const char *dir)
{
    char path[1024], line[1024], *cols[8];
    snprintf(path, sizeof path, "%s/q850-to-sip-rfc3398.tsv", dir);
    FILE *in = fopen(path, "r");
    if (!in) {
        printf("SKIP: %s absent\n", path);
        return 77;
    }
    /* A cause may be listed more than once (22: 410, or 301 with the new
     * number); ours must be one of the codes RFC 3398 gives for it. */
    bool listed[SIPDIAG_Q850_CAUSE_MAX + 1] = { false }, matched[SIPDIAG_Q850_CAUSE_MAX + 1] = { false };
    while (fgets(line, sizeof line, in)) {
        if (split_tsv(line, cols, 8) < 3 || !isdigit((unsigned char)cols[0][0]))
            continue;
        unsigned long cause = strtoul(cols[0], NULL, 10);
        const sipdiag_q850_causes_row *row = sipdiag_q850_lookup(cause);
        CHECK(row != NULL, "RFC 3398 cause %lu missing", cause);
        if (!row || !isdigit((unsigned char)cols[2][0]))
            continue;
        listed[cause] = true;
        matched[cause] = matched[cause] || row->sip_code == strtoul(cols[2], NULL, 10);
    }
    fclose(in);
    for (unsigned cause = 0; cause <= SIPDIAG_Q850_CAUSE_MAX; cause++)
        if (listed[cause])
            CHECK(matched[cause], "cause %u maps to %u, not a code RFC 3398 gives", cause,
                  sipdiag_q850_lookup(cause)->sip_code);
    snprintf(path, sizeof path, "%s/sip-warn-codes.tsv", dir);
    in = fopen(path, "r");
    CHECK(in != NULL, "%s missing", path);
    while (in && fgets(line, sizeof line, in)) {
        if (split_tsv(line, cols, 8) < 2 || !isdigit((unsigned char)cols[0][0]))
            continue;
        const sipdiag_warn_codes_row *row = sipdiag_warn_code_lookup(strtoul(cols[0], NULL, 10));
        CHECK(row && strcmp(row->text, cols[1]) == 0, "warn-code %s: text differs from IANA's", cols[0]);
    }
    if (in)
        fclose(in);
    return check_report("test_table --shared");
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--shared") == 0)
        return check_shared(argv[2]);
    if (argc != 2) {
        fprintf(stderr, "usage: test_table REGISTRY.tsv | test_table --shared REFERENCE_DIR\n");
        return 2;
    }
    check_registry(argv[1]);
    check_rows();
    check_column_unique("description", get_description);
    check_column_unique("cause", get_cause);
    check_column_unique("remedy", get_remedy);
    check_column_unique("remedy_short", get_remedy_short);
    check_sentences_specific();
    check_q850();
    check_warn_codes();
    return check_report("test_table");
}
