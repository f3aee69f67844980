/* fixed-seed.c: an LD_PRELOAD shim for the benchmark's callgrind runs that
 * replaces GLib's g_random_int() with a fixed sequence.
 *
 * Wireshark's wmem maps hash with multipliers drawn from g_random_int() at
 * start-up (wmem_init_hashing), so the number of collisions, and with it the
 * instruction count, changes from run to run: the same tshark command on the
 * same 10,000 packets varied by 2.8 million instructions (0.5 % of a plain
 * read of non-sip.pcap), as much as the differences being measured.  With
 * this shim the same runs agree within about 20,000 instructions.
 *
 * Built by tests/bench/run.sh:
 *   gcc -shared -fPIC -O2 $(pkg-config --cflags glib-2.0) fixed-seed.c \
 *       -o fixed-seed.so $(pkg-config --libs glib-2.0)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

guint32 g_random_int(void);

static guint32 state = 0x9E3779B9u;
G_LOCK_DEFINE_STATIC(state);

guint32
g_random_int(void)
{
    guint32 x;

    G_LOCK(state);
    x = state; /* xorshift32 */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    state = x;
    G_UNLOCK(state);
    return x;
}
