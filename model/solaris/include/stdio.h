/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <stdio.h>: glibc's, read with the kernel's printf macro
 * (<sys/cmn_err.h>) set aside, so that a module may include <stdio.h>
 * before or after the Solaris headers and printf still goes to the
 * simulation's log.  Not an illumos kernel header.
 */
#pragma push_macro("printf")
#undef printf
#include_next <stdio.h>
#pragma pop_macro("printf")
