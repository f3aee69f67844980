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

int main(int argc, char **argv)
{
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
