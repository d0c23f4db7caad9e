/* SPDX-License-Identifier: GPL-2.0-only */
/* A shared object with no module entry points: the loader must refuse it. */
int
not_a_module(void)
{
    return 42;
}
