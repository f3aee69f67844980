/*
 * gen_table: turns one of sipdiag's data tables (TSV) into C source at
 * build time, so the plugin reads no file at run time.
 *
 *   gen_table IN.tsv OUT.c NAME SPEC KEY_MAX HEADER
 *
 * SPEC has one letter per column: 'n' a decimal number, 's' a non-empty
 * string.  The first column must be numeric and unique; it becomes the key
 * of NAME_index[KEY_MAX + 1], which maps a key to its row number plus one
 * (0: no row), giving constant-time lookup.  The row struct NAME_row is
 * declared in HEADER with one member per column, in column order.
 * Any malformed row stops the build with the file and line number.
 *
 *   gen_table --variants IN.tsv BASE.tsv OUT.c NAME HEADER
 *
 * The per-method variants (data/sip-response-variants.tsv: code, method, ref,
 * description, cause, remedy, remedy_short) become NAME_rows[] of NAME_row
 * { label, row }, where row is a full sipdiag_codes_row: class and phrase come
 * from the base row of BASE.tsv (data/sip-response-codes.tsv), and so does any
 * empty text cell.  Rows must be sorted by code, then method, with no pair
 * twice; NAME_first[code] is the first row of a code plus one (0: none).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 8192
#define MAX_COLS 16
#define MAX_KEY 65535

static const char *in_path;
static const char *out_path;

static void die_at(unsigned line_no, const char *what)
{
    fprintf(stderr, "%s:%u: %s\n", in_path, line_no, what);
    if (out_path)
        remove(out_path); /* never leave a half-written table for make to trust */
    exit(1);
}

static size_t split_tabs(char *line, char **cols)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        if (n == MAX_COLS)
            return MAX_COLS + 1;
        cols[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            return n;
        *tab = '\0';
        p = tab + 1;
    }
}

static void chomp(char *line)
{
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
}

static int is_decimal(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* Writes s as a C string literal; bytes outside printable ASCII as octal. */
static void put_c_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(out, "\\%03o", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* The table to generate, from the command line. */
typedef struct {
    const char *name;
    const char *spec;
    const char *header;
    size_t ncols;
    long key_max;
} table_t;

/* Row number plus one of each key (0: no row). */
static unsigned row_of_key[MAX_KEY + 1];

/* Fills t from the command line; 0 (after a message) when it is unusable. */
static int check_args(int argc, char **argv, table_t *t)
{
    if (argc != 7) {
        fprintf(stderr, "usage: gen_table IN.tsv OUT.c NAME SPEC KEY_MAX HEADER\n");
        return 0;
    }
    t->name = argv[3];
    t->spec = argv[4];
    t->header = argv[6];
    t->ncols = strlen(t->spec);
    t->key_max = strtol(argv[5], NULL, 10);
    if (t->ncols == 0 || t->ncols > MAX_COLS || t->spec[0] != 'n' || t->key_max <= 0 || t->key_max > MAX_KEY) {
        fprintf(stderr, "gen_table: bad SPEC or KEY_MAX\n");
        return 0;
    }
    return 1;
}

/* One column of a row: kind 'n' a decimal number, 's' a non-empty string. */
static void write_cell(FILE *out, char kind, const char *text, unsigned line_no)
{
    if (kind == 'n') {
        if (!is_decimal(text) || strlen(text) > 5)
            die_at(line_no, "column is not a decimal number");
        fputs(text, out);
    } else {
        if (text[0] == '\0')
            die_at(line_no, "empty text column");
        put_c_string(out, text);
    }
}

/* One data row, split into its columns: its initializer, and its key. */
static void write_row(FILE *out, const table_t *t, char **cols, unsigned line_no, unsigned row)
{
    fputs("    { ", out);
    for (size_t c = 0; c < t->ncols; c++) {
        write_cell(out, t->spec[c], cols[c], line_no);
        fputs(c + 1 < t->ncols ? ", " : " },\n", out);
    }
    long key = strtol(cols[0], NULL, 10);
    if (key > t->key_max)
        die_at(line_no, "key above KEY_MAX");
    if (row_of_key[key])
        die_at(line_no, "duplicate key");
    row_of_key[key] = row;
}

/* Every row after the header line; returns how many (at least one). */
static unsigned write_rows(FILE *in, FILE *out, const table_t *t)
{
    static char line[MAX_LINE];
    char *cols[MAX_COLS + 1];
    unsigned line_no = 0;
    unsigned rows = 0;

    while (fgets(line, sizeof line, in)) {
        line_no++;
        if (!strchr(line, '\n') && !feof(in))
            die_at(line_no, "line too long");
        chomp(line);
        if (line_no == 1)
            continue; /* header */
        if (line[0] == '\0')
            die_at(line_no, "empty line");
        if (split_tabs(line, cols) != t->ncols)
            die_at(line_no, "wrong number of columns");
        write_row(out, t, cols, line_no, rows + 1);
        rows++;
    }
    if (ferror(in))
        die_at(line_no, "read error"); /* not a shorter table */
    if (rows == 0)
        die_at(line_no, "no rows");
    return rows;
}

static void write_index(FILE *out, const table_t *t, unsigned rows)
{
    fprintf(out, "};\n\nconst size_t %s_count = %u;\n\n", t->name, rows);
    fprintf(out, "const unsigned short %s_index[%ld] = {\n", t->name, t->key_max + 1);
    for (long k = 0; k <= t->key_max; k++)
        if (row_of_key[k])
            fprintf(out, "    [%ld] = %u,\n", k, row_of_key[k]);
    fputs("};\n", out);
}

/* Any failed write (disk full...) fails the build; fclose alone may not see
 * an error from an earlier, already flushed write. */
static int close_output(FILE *out)
{
    int failed = ferror(out);
    if (fclose(out) != 0 || failed) {
        fprintf(stderr, "%s: write failed\n", out_path);
        remove(out_path);
        return 1;
    }
    return 0;
}

/* --- The variants mode. */

#define BASE_COLS 8    /* code class phrase ref description cause remedy remedy_short */
#define VARIANT_COLS 7 /* code method ref description cause remedy remedy_short */

/* The base table's lines, split, by code (NULL: no base row). */
static char **base_cols[MAX_KEY + 1];

static unsigned code_of(const char *text, unsigned line_no)
{
    if (!is_decimal(text) || strlen(text) > 3)
        die_at(line_no, "code is not a 3-digit number");
    return (unsigned)strtoul(text, NULL, 10);
}

/* Reads one TSV line (header skipped by the caller) into a fresh buffer. */
static char *read_line(FILE *in, unsigned line_no)
{
    static char line[MAX_LINE];
    if (!fgets(line, sizeof line, in))
        return NULL;
    if (!strchr(line, '\n') && !feof(in))
        die_at(line_no, "line too long");
    chomp(line);
    if (line[0] == '\0')
        die_at(line_no, "empty line");
    char *copy = strdup(line);
    if (!copy)
        die_at(line_no, "out of memory");
    return copy;
}

/* Splits line into exactly ncols columns, in a fresh array. */
static char **split_exact(char *line, size_t ncols, unsigned line_no)
{
    char **cols = calloc(MAX_COLS + 1, sizeof *cols);
    if (!cols)
        die_at(line_no, "out of memory");
    if (split_tabs(line, cols) != ncols)
        die_at(line_no, "wrong number of columns");
    return cols;
}

static void load_base(const char *path)
{
    const char *saved = in_path;
    in_path = path;
    FILE *in = fopen(path, "r");
    if (!in)
        die_at(0, strerror(errno));
    unsigned line_no = 1;
    free(read_line(in, line_no)); /* header */
    char *line;
    while ((line = read_line(in, ++line_no)) != NULL) {
        char **cols = split_exact(line, BASE_COLS, line_no);
        unsigned code = code_of(cols[0], line_no);
        if (base_cols[code])
            die_at(line_no, "duplicate code");
        base_cols[code] = cols;
    }
    if (ferror(in))
        die_at(line_no, "read error");
    fclose(in);
    in_path = saved;
}

/* A variant's text cell, or the base row's when it is empty. */
static void put_inherited(FILE *out, const char *own, const char *base)
{
    put_c_string(out, own[0] ? own : base);
}

static int is_method_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
}

static void check_method(const char *method, unsigned line_no)
{
    size_t len = strlen(method);
    if (len == 0 || len > 16)
        die_at(line_no, "method empty or too long");
    for (const char *p = method; *p; p++)
        if (!is_method_char(*p))
            die_at(line_no, "method is not a token");
}

/* Rows go by code, then method (strcmp order), each pair once. */
static void check_order(unsigned code, const char *method, unsigned line_no)
{
    static unsigned last_code;
    static char last_method[32];
    if (code < last_code || (code == last_code && strcmp(method, last_method) <= 0))
        die_at(line_no, "rows not sorted by code then method, or a pair twice");
    last_code = code;
    snprintf(last_method, sizeof last_method, "%s", method);
}

static void write_variant(FILE *out, char **v, unsigned line_no)
{
    unsigned code = code_of(v[0], line_no);
    char **b = base_cols[code];
    if (!b)
        die_at(line_no, "code not in the base table");
    check_method(v[1], line_no);
    check_order(code, v[1], line_no);
    fputs("    { ", out);
    put_c_string(out, v[1]);
    fprintf(out, ", { %u, %u, ", code, code / 100);
    put_c_string(out, b[2]);
    for (size_t c = 2; c < VARIANT_COLS; c++) {
        fputs(", ", out);
        put_inherited(out, v[c], b[c + 1]);
    }
    fputs(" } },\n", out);
}

/* Writes the rows and notes the first row of each code; returns the count. */
static unsigned write_variants(FILE *in, FILE *out)
{
    unsigned line_no = 1;
    unsigned rows = 0;
    free(read_line(in, line_no)); /* header */
    char *line;
    while ((line = read_line(in, ++line_no)) != NULL) {
        char **cols = split_exact(line, VARIANT_COLS, line_no);
        write_variant(out, cols, line_no);
        unsigned code = code_of(cols[0], line_no);
        if (!row_of_key[code])
            row_of_key[code] = rows + 1;
        rows++;
        free(cols);
        free(line);
    }
    if (ferror(in))
        die_at(line_no, "read error");
    if (rows == 0)
        die_at(line_no, "no rows");
    return rows;
}

static int variants_main(char **argv)
{
    in_path = argv[2];
    out_path = NULL;
    load_base(argv[3]);
    FILE *in = fopen(in_path, "r");
    if (!in)
        die_at(0, strerror(errno));
    out_path = argv[4];
    FILE *out = fopen(out_path, "w");
    if (!out) {
        fprintf(stderr, "%s: %s\n", out_path, strerror(errno));
        fclose(in);
        return 1;
    }
    const char *name = argv[5];
    fprintf(out, "/* Generated from %s and %s by gen_table: do not edit. */\n", argv[2], argv[3]);
    fprintf(out, "#include \"%s\"\n\nconst %s_row %s_rows[] = {\n", argv[6], name, name);
    unsigned rows = write_variants(in, out);
    fclose(in);
    fprintf(out, "};\n\nconst size_t %s_count = %u;\n\n", name, rows);
    fprintf(out, "const unsigned short %s_first[SIPDIAG_CODE_MAX + 1] = {\n", name);
    for (unsigned k = 0; k <= 699; k++)
        if (row_of_key[k])
            fprintf(out, "    [%u] = %u,\n", k, row_of_key[k]);
    fputs("};\n", out);
    return close_output(out);
}

int main(int argc, char **argv)
{
    if (argc == 7 && strcmp(argv[1], "--variants") == 0)
        return variants_main(argv);

    table_t t;
    if (!check_args(argc, argv, &t))
        return 2;

    in_path = argv[1];
    FILE *in = fopen(in_path, "r");
    if (!in) {
        fprintf(stderr, "%s: %s\n", in_path, strerror(errno));
        return 1;
    }
    out_path = argv[2];
    FILE *out = fopen(out_path, "w");
    if (!out) {
        fprintf(stderr, "%s: %s\n", out_path, strerror(errno));
        fclose(in);
        return 1;
    }
    fprintf(out, "/* Generated from %s by gen_table: do not edit. */\n", in_path);
    fprintf(out, "#include \"%s\"\n\nconst %s_row %s_rows[] = {\n", t.header, t.name, t.name);

    unsigned rows = write_rows(in, out, &t);
    fclose(in);
    write_index(out, &t, rows);
    return close_output(out);
}
