/*
 * sipdiag_reason.c: the Reason protocols beyond SIP and Q.850's cause.
 */
#include "sipdiag_reason.h"

#include <stdio.h>

#include "sipdiag_table.h"

sipdiag_reason_protocol sipdiag_reason_protocol_of(sipdiag_str protocol)
{
    protocol = sipdiag_trim(protocol);
    if (sipdiag_str_equal_nocase(protocol, "SIP"))
        return SIPDIAG_REASON_SIP;
    if (sipdiag_str_equal_nocase(protocol, "Q.850"))
        return SIPDIAG_REASON_Q850;
    if (sipdiag_str_equal_nocase(protocol, "STIR"))
        return SIPDIAG_REASON_STIR;
    if (sipdiag_str_equal_nocase(protocol, "preemption"))
        return SIPDIAG_REASON_PREEMPTION;
    return SIPDIAG_REASON_OTHER;
}

const sipdiag_stir_causes_row *sipdiag_stir_cause_lookup(unsigned long cause)
{
    if (cause > SIPDIAG_STIR_CAUSE_MAX || sipdiag_stir_causes_index[cause] == 0)
        return NULL;
    return &sipdiag_stir_causes_rows[sipdiag_stir_causes_index[cause] - 1];
}

const sipdiag_preemption_causes_row *sipdiag_preemption_cause_lookup(unsigned long cause)
{
    if (cause > SIPDIAG_PREEMPTION_CAUSE_MAX || sipdiag_preemption_causes_index[cause] == 0)
        return NULL;
    return &sipdiag_preemption_causes_rows[sipdiag_preemption_causes_index[cause] - 1];
}

/* Q.850 §2.2.3's location codes, as RFC 8606 spells them: "local" is the
 * side of the user who sent the release, "remote" the other one. */
static const sipdiag_location_row locations[] = {
    { "U", "the user's own equipment", true },
    { "LPN", "a private network serving the local user", false },
    { "LN", "the public network serving the local user", false },
    { "TN", "a transit network", false },
    { "RLN", "the public network serving the remote user", false },
    { "RPN", "a private network serving the remote user", false },
    { "INTL", "an international network", false },
    { "BI", "a network beyond the interworking point", false },
};

const sipdiag_location_row *sipdiag_reason_location(sipdiag_str location)
{
    location = sipdiag_trim(location);
    for (size_t i = 0; i < sizeof locations / sizeof locations[0]; i++)
        if (sipdiag_str_equal_nocase(location, locations[i].code))
            return &locations[i];
    return NULL;
}

/* The cause's name and meaning by protocol, or NULL. */
static void cause_of(const sipdiag_reason *reason, const char **name, const char **meaning, const char **ref)
{
    *name = *meaning = *ref = NULL;
    if (!reason->cause_valid)
        return;
    switch (sipdiag_reason_protocol_of(reason->protocol)) {
    case SIPDIAG_REASON_STIR: {
        const sipdiag_stir_causes_row *row = sipdiag_stir_cause_lookup(reason->cause);
        if (row) {
            *name = row->name;
            *meaning = row->meaning;
            *ref = row->ref;
        }
        break;
    }
    case SIPDIAG_REASON_PREEMPTION: {
        const sipdiag_preemption_causes_row *row = sipdiag_preemption_cause_lookup(reason->cause);
        if (row) {
            *name = row->name;
            *meaning = row->meaning;
            *ref = row->ref;
        }
        break;
    }
    case SIPDIAG_REASON_Q850: {
        const sipdiag_q850_causes_row *row = sipdiag_q850_lookup(reason->cause);
        if (row) {
            *name = row->name;
            *meaning = row->meaning;
            *ref = "ITU-T Q.850";
        }
        break;
    }
    default:
        break;
    }
}

static size_t append(char *buf, size_t size, size_t len, const char *fmt, const char *a, const char *b)
{
    if (len + 1 >= size)
        return len;
    int n = snprintf(buf + len, size - len, fmt, a, b);
    if (n < 0)
        return len;
    return len + (size_t)n < size ? len + (size_t)n : size - 1;
}

size_t sipdiag_reason_explain(const sipdiag_reason *reason, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    buf[0] = '\0';
    const char *name;
    const char *meaning;
    const char *ref;
    cause_of(reason, &name, &meaning, &ref);
    size_t len = 0;
    if (name)
        len = append(buf, size, len, "%s (%s). ", name, ref);
    if (meaning)
        len = append(buf, size, len, "%s%s", meaning, "");
    const sipdiag_location_row *where = reason->has_location && sipdiag_reason_protocol_of(reason->protocol)
                                                                        == SIPDIAG_REASON_Q850
                                            ? sipdiag_reason_location(reason->location) : NULL;
    if (where && where->user)
        len = append(buf, size, len, "%sReleased by %s (location U, RFC 8606), not by a network: some gateways "
                                     "pick the SIP code by this, e.g. 603 rather than 403 for a rejected call.",
                     len ? " " : "", where->where);
    else if (where)
        len = append(buf, size, len, "%sReleased in %s (RFC 8606 location).", len ? " " : "", where->where);
    return len;
}
