/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * kstat(9S) and kstat_named(9S): the layouts and constants modules and the
 * simulated kernel share (illumos sys/kstat.h, the kernel's part).  Plain
 * C; <sys/kstat.h> includes it, and the functions are in
 * pfhooks-kernel.h.
 */
#ifndef PFHOOKS_KSTAT_TYPES_H
#define PFHOOKS_KSTAT_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C"
{
#endif

#define KSTAT_STRLEN 31 /**< longest name, without the NUL */

/* ks_type */
#define KSTAT_TYPE_RAW 0
#define KSTAT_TYPE_NAMED 1
#define KSTAT_TYPE_INTR 2
#define KSTAT_TYPE_IO 3
#define KSTAT_TYPE_TIMER 4
#define KSTAT_NUM_TYPES 5

/* ks_flags */
#define KSTAT_FLAG_VIRTUAL 0x01
#define KSTAT_FLAG_VAR_SIZE 0x02
#define KSTAT_FLAG_WRITABLE 0x04
#define KSTAT_FLAG_PERSISTENT 0x08
#define KSTAT_FLAG_DORMANT 0x10
#define KSTAT_FLAG_INVALID 0x20
#define KSTAT_FLAG_LONGSTRINGS 0x40

/* kstat_named data_type */
#define KSTAT_DATA_CHAR 0
#define KSTAT_DATA_INT32 1
#define KSTAT_DATA_UINT32 2
#define KSTAT_DATA_INT64 3
#define KSTAT_DATA_UINT64 4
#define KSTAT_DATA_LONG KSTAT_DATA_INT64
#define KSTAT_DATA_ULONG KSTAT_DATA_UINT64
#define KSTAT_DATA_STRING 9

/* ks_update's rw */
#define KSTAT_READ 0
#define KSTAT_WRITE 1

    /** One named statistic (kstat_named(9S)). */
    typedef struct kstat_named
    {
        char name[KSTAT_STRLEN + 1]; /**< the statistic's name */
        uint8_t data_type;           /**< KSTAT_DATA_* */

        /** The value, by data_type. */
        union {
            char c[16];    /**< KSTAT_DATA_CHAR */
            int32_t i32;   /**< KSTAT_DATA_INT32 */
            uint32_t ui32; /**< KSTAT_DATA_UINT32 */

            /** KSTAT_DATA_STRING */
            struct
            {
                union {
                    char* ptr;     /**< the string */
                    char __pad[8]; /**< 64 bits on every model */
                } addr;            /**< where it is */

                uint32_t len; /**< bytes with the NUL */
            } str;            /**< a string value */

            int64_t i64;      /**< KSTAT_DATA_INT64 */
            uint64_t ui64;    /**< KSTAT_DATA_UINT64 */
            long l;           /**< KSTAT_DATA_LONG */
            unsigned long ul; /**< KSTAT_DATA_ULONG */
        } value;
    } kstat_named_t;

    /** A kernel statistic (kstat(9S)); the fields a driver may touch, in illumos's order. */
    typedef struct kstat
    {
        int64_t ks_crtime;                             /**< creation time (gethrtime) */
        struct kstat* ks_next;                         /**< kept by the kernel */
        int ks_kid;                                    /**< unique id */
        char ks_module[KSTAT_STRLEN + 1];              /**< provider module name */
        uint8_t ks_resv;                               /**< reserved */
        int ks_instance;                               /**< provider instance */
        char ks_name[KSTAT_STRLEN + 1];                /**< kstat name */
        uint8_t ks_type;                               /**< KSTAT_TYPE_* */
        char ks_class[KSTAT_STRLEN + 1];               /**< kstat class */
        uint8_t ks_flags;                              /**< KSTAT_FLAG_* */
        void* ks_data;                                 /**< the data */
        unsigned int ks_ndata;                         /**< number of entries */
        size_t ks_data_size;                           /**< bytes of data */
        int64_t ks_snaptime;                           /**< time of the last update */
        int (*ks_update)(struct kstat*, int);          /**< refreshes ks_data before a read */
        void* ks_private;                              /**< for ks_update */
        int (*ks_snapshot)(struct kstat*, void*, int); /**< unused here */
        void* ks_lock;                                 /**< the provider's lock, or NULL */
    } kstat_t;

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_KSTAT_TYPES_H */
