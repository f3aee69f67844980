/* sipdiag_remedies.c
 * The user table "SIP response remedies": a site's own description, cause
 * and remedy per status code, checked and merged over the built-in rows.
 * May call Wireshark's UAT and preference API and sipdiag_classify.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <epan/prefs.h>
#include <epan/uat.h>
#include <wsutil/report_message.h>

#include "sipdiag_classify.h"
#include "sipdiag_compat.h"
#include "sipdiag_headers.h"
#include "sipdiag_remedies.h"

/* The user table "SIP response remedies": a site's own texts per code. */
typedef struct {
    guint32 code;
    char *phrase;
    char *description;
    char *cause;
    char *remedy;
} remedy_rec_t;

static remedy_rec_t *remedy_recs;
static guint num_remedy_recs;
static sipdiag_codes_row *user_rows;
static const sipdiag_codes_row *user_rows_by_code[SIPDIAG_CODE_MAX + 1];

/* epan/uat.h always defines UAT_DEC_CB_DEF: the test only hides these macro
 * calls from cppcheck, which runs without Wireshark's headers
 * (tests/static-analysis.sh) and would otherwise stop at them (unknownMacro)
 * and skip this whole file.  Without them the build fails: remedy_fields
 * below names the callbacks they define. */
#ifdef UAT_DEC_CB_DEF
UAT_DEC_CB_DEF(sipdiag_remedies, code, remedy_rec_t)
UAT_CSTRING_CB_DEF(sipdiag_remedies, phrase, remedy_rec_t)
UAT_CSTRING_CB_DEF(sipdiag_remedies, description, remedy_rec_t)
UAT_CSTRING_CB_DEF(sipdiag_remedies, cause, remedy_rec_t)
UAT_CSTRING_CB_DEF(sipdiag_remedies, remedy, remedy_rec_t)
#endif

static void *
remedy_copy_cb(void *dest, const void *source, size_t len _U_)
{
    remedy_rec_t *to = (remedy_rec_t *)dest;
    const remedy_rec_t *from = (const remedy_rec_t *)source;
    to->code = from->code;
    to->phrase = g_strdup(from->phrase);
    to->description = g_strdup(from->description);
    to->cause = g_strdup(from->cause);
    to->remedy = g_strdup(from->remedy);
    return to;
}

/* Refusals found by the field checks while the table loads or is edited,
 * reported once it is complete: a bad row costs only itself. */
static GString *refused_rows;

static void
refuse_row(char **err, char *message)
{
    if (!refused_rows)
        refused_rows = g_string_new(NULL);
    g_string_append_printf(refused_rows, "\n  %s", message);
    *err = message;
}

static sipdiag_bool
site_code_chk(void *record _U_, const char *ptr, unsigned len, const void *chk_data _U_,
              const void *fld_data _U_, char **err)
{
    unsigned long code;
    sipdiag_str text = { ptr, len };
    if (sipdiag_parse_uint(text, 99999, &code) && code >= 100 && code <= SIPDIAG_CODE_MAX)
        return TRUE;
    refuse_row(err, g_strdup_printf("code \"%.*s\" is not a status code from 100 to 699; row refused",
                                    (int)MIN(len, 32), ptr));
    return FALSE;
}

static sipdiag_bool
site_remedy_chk(void *record, const char *ptr _U_, unsigned len, const void *chk_data _U_,
                const void *fld_data _U_, char **err)
{
    if (len > 0)
        return TRUE;
    refuse_row(err, g_strdup_printf("the row for code %u has an empty remedy; row refused",
                                    ((const remedy_rec_t *)record)->code));
    return FALSE;
}

static void
remedy_free_cb(void *record)
{
    remedy_rec_t *rec = (remedy_rec_t *)record;
    g_free(rec->phrase);
    g_free(rec->description);
    g_free(rec->cause);
    g_free(rec->remedy);
}

static const char *
text_or(const char *text, const char *fallback)
{
    return text && text[0] ? text : fallback;
}

/* A site row over the built-in one (or over nothing, for a code it adds). */
static void
merge_site_row(sipdiag_codes_row *row, const remedy_rec_t *rec)
{
    const sipdiag_codes_row *builtin = sipdiag_code_lookup(rec->code);
    row->code = rec->code;
    row->klass = rec->code / 100;
    row->phrase = builtin ? builtin->phrase : text_or(rec->phrase, "");
    row->ref = builtin ? builtin->ref : "Site table (SIP response remedies)";
    row->description = text_or(rec->description, builtin ? builtin->description : "");
    row->cause = text_or(rec->cause, builtin ? builtin->cause : "");
    row->remedy = rec->remedy;
    row->remedy_short = rec->remedy;
}

static gboolean
site_row_is_valid(const remedy_rec_t *rec)
{
    return rec->code >= 100 && rec->code <= SIPDIAG_CODE_MAX && rec->remedy && rec->remedy[0];
}

/* The site rows the classifier sees; later rows for a code win.  Rebuilt
 * after every edit and at every dissection start: when a file holds a bad
 * row, Wireshark stops loading at it without the post-update callback, and
 * the good rows loaded so far must still apply. */
static void
rebuild_site_rows(void)
{
    memset(user_rows_by_code, 0, sizeof user_rows_by_code);
    g_free(user_rows);
    user_rows = g_new0(sipdiag_codes_row, MAX(num_remedy_recs, 1));
    guint valid = 0;
    for (guint i = 0; i < num_remedy_recs; i++) {
        if (!site_row_is_valid(&remedy_recs[i]))
            continue;
        merge_site_row(&user_rows[i], &remedy_recs[i]);
        user_rows_by_code[remedy_recs[i].code] = &user_rows[i];
        valid++;
    }
    sipdiag_set_overrides(valid ? user_rows_by_code : NULL);
}

static void
site_table_changed(void)
{
    rebuild_site_rows();
    if (refused_rows && refused_rows->len) {
        report_warning("SIP response remedies:%s", refused_rows->str);
        g_string_truncate(refused_rows, 0);
    }
}

void
sipdiag_remedies_register(module_t *module)
{
    static uat_field_t remedy_fields[] = {
        UAT_FLD_CSTRING_OTHER(sipdiag_remedies, code, "Code", site_code_chk, "SIP status code, 100-699"),
        UAT_FLD_CSTRING(sipdiag_remedies, phrase, "Phrase", "Reason phrase (used for codes the registry lacks)"),
        UAT_FLD_CSTRING(sipdiag_remedies, description, "Description", "What the code means here (empty: built-in)"),
        UAT_FLD_CSTRING(sipdiag_remedies, cause, "Cause", "What produces it here (empty: built-in)"),
        UAT_FLD_CSTRING_OTHER(sipdiag_remedies, remedy, "Remedy", site_remedy_chk,
                              "What to do about it here (required)"),
        UAT_END_FIELDS
    };


    uat_t *remedies = uat_new("SIP response remedies", sizeof(remedy_rec_t), "sipdiag_remedies", TRUE,
                              &remedy_recs, &num_remedy_recs, UAT_AFFECTS_DISSECTION,
                              NULL, remedy_copy_cb, NULL, remedy_free_cb, site_table_changed,
                              NULL, remedy_fields);
    prefs_register_uat_preference(module, "remedies", "SIP response remedies",
        "Your own description, cause and remedy per status code: they override the built-in texts or add "
        "codes (vendor-specific ones, a site runbook)", remedies);
}

void
sipdiag_remedies_apply(void)
{
    site_table_changed();
}

void
sipdiag_remedies_cleanup(void)
{
    sipdiag_set_overrides(NULL);
    memset(user_rows_by_code, 0, sizeof user_rows_by_code);
    g_free(user_rows);
    user_rows = NULL;
}
