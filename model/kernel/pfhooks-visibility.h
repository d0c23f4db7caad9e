/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PFHOOKS_LOCAL: the library's own data that the packet path reads inline.
 */
#ifndef PFHOOKS_VISIBILITY_H
#define PFHOOKS_VISIBILITY_H

/**
 * \ingroup pfhooks
 * Marks a static data member that only the library's own code reads, even
 * where it is read in a header's inline function: hidden, the library reaches
 * it without a load through the GOT, several per packet event on the hot
 * path.  Code outside the library (tests, bindings, modules) must not read
 * it inline: it would not link.
 */
#define PFHOOKS_LOCAL __attribute__((visibility("hidden")))

#endif /* PFHOOKS_VISIBILITY_H */
