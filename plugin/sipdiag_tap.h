/*
 * sipdiag_tap.h: what the "sipdiag" tap hands to its listeners (the
 * statistics tree) for each response; a retransmission is marked so, and
 * counted apart.
 */
#ifndef SIPDIAG_TAP_H
#define SIPDIAG_TAP_H

#include <glib.h>

typedef struct {
    guint32 code;
    guint klass;           /* 1-6, 0 outside 100-699 */
    const char *phrase;    /* registered, site-table or wire phrase */
    const char *remedy;    /* the short remedy, or the hint when the context says more */
    gboolean registered;
    gboolean retransmission; /* repeats an earlier response: not a new outcome */
} sipdiag_tap_info_t;

void register_sipdiag_stats(void);
/* -z sipdiag,calls (sipdiag_calls_table.c) */
void register_sipdiag_calls_table(void);
/* When the capture's first frame was taken, in ns since the epoch, from any
 * later frame (as the packet list counts time from it); 0 if unknown. */
struct _packet_info;
guint64 sipdiag_capture_origin_ns(const struct _packet_info *pinfo);
/* Telephony > SIP calls (sipdiag), tshark -z sipdiag,calltable (sipdiag_calls_gui.c) */
void register_sipdiag_calls_gui(void);

#endif
