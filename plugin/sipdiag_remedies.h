/* sipdiag_remedies.h
 * The user table "SIP response remedies" (Wireshark side): registered as a
 * preference of sipdiag's module, applied over the built-in rows.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPDIAG_REMEDIES_H
#define SIPDIAG_REMEDIES_H

#include <epan/prefs.h>

void sipdiag_remedies_register(module_t *module);
/* The table as loaded now, over the built-in rows (run at every new file). */
void sipdiag_remedies_apply(void);
void sipdiag_remedies_cleanup(void);

#endif
