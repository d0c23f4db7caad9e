/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * "neti.h", as the guide's full.c includes it: <sys/neti.h>.
 */
#include <sys/neti.h>
