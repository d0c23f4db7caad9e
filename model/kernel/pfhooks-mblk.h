/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * STREAMS messages (mblk_t) as the illumos kernel lays them out, for the
 * bytes a packet hook sees.  Plain C so that Solaris modules use it as is.
 */
#ifndef PFHOOKS_MBLK_H
#define PFHOOKS_MBLK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C"
{
#endif

    /** Free routine of an esballoc()ed data block (kept for layout). */
    typedef struct free_rtn
    {
        void (*free_func)(void*); /**< called with free_arg when the data block goes */
        char* free_arg;           /**< argument of free_func */
    } frtn_t;

    /** A data block: the bytes, shared by reference count. */
    typedef struct datab
    {
        frtn_t* db_frtnp;            /**< free routine (esballoc()), NULL here */
        unsigned char* db_base;      /**< first byte of the buffer */
        unsigned char* db_lim;       /**< one past the last byte of the buffer */
        unsigned char db_ref;        /**< message blocks referring to this data block */
        unsigned char db_type;       /**< message type (M_DATA, ...) */
        unsigned char db_flags;      /**< kept for layout, unused */
        unsigned char db_struioflag; /**< kept for layout, unused */
        uint32_t db_cksumstart;      /**< kept for layout, unused */
        uint32_t db_cksumend;        /**< kept for layout, unused */
        uint32_t db_cksumstuff;      /**< kept for layout, unused */
    } dblk_t;

    struct queue;

    /** A message block: a window [b_rptr, b_wptr) onto a data block. */
    typedef struct msgb
    {
        struct msgb* b_next;   /**< next message on a queue */
        struct msgb* b_prev;   /**< previous message on a queue */
        struct msgb* b_cont;   /**< next block of this message */
        unsigned char* b_rptr; /**< first byte to read */
        unsigned char* b_wptr; /**< one past the last byte written */
        struct datab* b_datap; /**< the data block */
        unsigned char b_band;  /**< priority band (unused) */
        unsigned char b_tag;   /**< kept for layout, unused */
        unsigned short b_flag; /**< flags (PFHOOKS_MSG_TRACKED) */
        struct queue* b_queue; /**< kept for layout, unused */
    } mblk_t;

/** Message types (only M_DATA is produced by the framework). */
#define M_DATA 0x00
#define M_PROTO 0x01

/** Bytes in one message block. */
#define MBLKL(mp) ((size_t)((mp)->b_wptr - (mp)->b_rptr))
/** Room left at the end of one message block. */
#define MBLKTAIL(mp) ((size_t)((mp)->b_datap->db_lim - (mp)->b_wptr))
/** Size of one message block's data buffer. */
#define MBLKSIZE(mp) ((size_t)((mp)->b_datap->db_lim - (mp)->b_datap->db_base))
/** Priorities of allocb(); ignored, as in illumos. */
#define BPRI_LO 1
#define BPRI_MED 2
#define BPRI_HI 3

    /** allocb(9F): a message block with a new data block of @p size bytes. */
    mblk_t* allocb(size_t size, unsigned int pri);
    /** freeb(9F): free one block; the data block goes with its last reference. */
    void freeb(mblk_t* mp);
    /** freemsg(9F): free every block of a message (b_cont chain). */
    void freemsg(mblk_t* mp);
    /** msgdsize(9F): bytes of M_DATA in the message. */
    size_t msgdsize(const mblk_t* mp);
    /** copyb(9F): a copy of one block, with its own data block. */
    mblk_t* copyb(mblk_t* mp);
    /** copymsg(9F): a copy of the whole message. */
    mblk_t* copymsg(mblk_t* mp);
    /** dupb(9F): a new block sharing the data block. */
    mblk_t* dupb(mblk_t* mp);
    /** dupmsg(9F): dupb() of every block. */
    mblk_t* dupmsg(mblk_t* mp);
    /** msgpullup(9F): a new single-block message of the first @p len bytes (-1: all). */
    mblk_t* msgpullup(mblk_t* mp, ssize_t len);
    /** pullupmsg(9F): make the first @p len bytes (-1: all) contiguous in place; 1 ok, 0 fail. */
    int pullupmsg(mblk_t* mp, ssize_t len);
    /** linkb(9F): append @p bp to the end of @p mp's b_cont chain. */
    void linkb(mblk_t* mp, mblk_t* bp);
    /** unlinkb(9F): detach and return the second block of the message. */
    mblk_t* unlinkb(mblk_t* mp);
    /** Copies the message's M_DATA bytes to @p out (msgdsize() bytes). \return bytes copied */
    size_t pfhooks_msg_copy(const mblk_t* mp, unsigned char* out);
    /** msgsize-like helper: number of blocks in the chain. */
    size_t pfhooks_msg_nblocks(const mblk_t* mp);

/** b_flag bit of a block the simulated kernel charges to a module (pfhooks-kernel.h). */
#define PFHOOKS_MSG_TRACKED 0x8000
    /** Sets who hears of a PFHOOKS_MSG_TRACKED block being freed (the simulated kernel). */
    void pfhooks_mblk_set_untrack(void (*fn)(mblk_t*));

    /**
     * \return non-zero when @p mp is a freed block (kmem_flags audit or
     *         deadbeef, or ASan's poisoning in the sanitizer build)
     */
    int pfhooks_msg_freed(const mblk_t* mp);
    /** \return where @p mp was freed, while it is in the quarantine (audit), else NULL */
    const void* pfhooks_msg_freed_at(const mblk_t* mp);
    /** Panics: @p what happened to the freed block @p mp at @p site (both sites named). */
    void pfhooks_msg_misuse(const char* what, const mblk_t* mp, const void* site);
    /** Sets the kmem_flags bits messages honour and the quarantine's size (PfhooksKmemDebug). */
    void pfhooks_mblk_set_debug(uint32_t flags, uint32_t quarantine);
    /** Sets who hears of a misuse: what, block, first site, second site (the simulated kernel). */
    void pfhooks_mblk_set_misuse(void (*fn)(const char*, const void*, const void*, const void*));

    /**
     * Where the stack keeps one message for its next use instead of
     * freemsg() and allocb() (PacketHookSpareMessage).  A kept message is a
     * freed one to the debugging: not live, marked (audit, its free site
     * pfhooks_msg_keep), filled with 0xdeadbeef (deadbeef, checked when it
     * is taken back), poisoned for ASan; a module that frees it again or
     * wrote to it is caught as with any freed block.  Set up by
     * pfhooks_msg_spare_init(), ended by pfhooks_msg_spare_fini().
     */
    typedef struct pfhooks_msg_spare
    {
        mblk_t* ps_mp;                     /**< the kept message block, or NULL */
        dblk_t* ps_db;                     /**< its data block */
        uint32_t ps_size;                  /**< the data block's size, as allocb() made it */
        uint32_t ps_filled;                /**< bytes of ps_db filled with 0xdeadbeef (0: none) */
        struct pfhooks_msg_spare* ps_next; /**< every spare, for pfhooks_msg_freed_at() */
        struct pfhooks_msg_spare* ps_prev; /**< the one before */
    } pfhooks_msg_spare_t;

    /** Sets up @p s, keeping nothing. */
    void pfhooks_msg_spare_init(pfhooks_msg_spare_t* s);
    /** Frees what @p s keeps, if anything (checked, as a freed block is when reused). */
    void pfhooks_msg_spare_drop(pfhooks_msg_spare_t* s);
    /** pfhooks_msg_spare_drop() and the end of @p s. */
    void pfhooks_msg_spare_fini(pfhooks_msg_spare_t* s);
    /**
     * Keeps @p mp in @p s in place of freemsg(): only a message nothing
     * else can hold (one block, its data block referred to once, of at
     * most 2048 bytes, not charged to a module, not freed) while @p s keeps
     * none.
     * \return 1 when kept, 0 when not (the caller frees it)
     */
    int pfhooks_msg_keep(pfhooks_msg_spare_t* s, mblk_t* mp);
    /**
     * \return the message @p s keeps, as allocb() leaves one (its size as
     *         it was made), when it has room for @p len bytes; else NULL
     *         (the caller allocb()s).  A write to it while it was kept
     *         panics here (deadbeef).
     */
    mblk_t* pfhooks_msg_reuse(pfhooks_msg_spare_t* s, size_t len);
    /**
     * pfhooks_msg_keep() after a packet event: @p mp (one block,
     * MBLKL(mp) == @p len) is compared with the @p bytes it was given in
     * the call that fills it; when they differ (a rewrite) its bytes are
     * copied to @p out (@p len bytes) before it is kept, and
     * *@p change_end set to one past the last byte that differs (found in
     * the same pass as the copy).
     * \return 1 when equal and kept; -1 when they differed (in @p out) and
     *         it is kept; 0 when it cannot be kept (nothing done, not compared)
     */
    int pfhooks_msg_keep_same(pfhooks_msg_spare_t* s,
                              mblk_t* mp,
                              const void* bytes,
                              size_t len,
                              unsigned char* out,
                              size_t* change_end);
    /**
     * pfhooks_msg_reuse() with @p len bytes copied in (b_wptr after them),
     * in one pass with the check of the fill.
     * \return the message, or NULL (the caller allocb()s and copies)
     */
    mblk_t* pfhooks_msg_reuse_copy(pfhooks_msg_spare_t* s, const void* bytes, size_t len);

    /**
     * pfhooks_msg_keep() of a two-block message (OBSERVING's header block
     * and, in its b_cont, the packet block) in s[0] and s[1], with one fill
     * for both: only when both could be kept alone and s keeps neither.
     * \return 1 when kept, 0 when not (the caller frees it)
     */
    int pfhooks_msg_keep_pair(pfhooks_msg_spare_t* s, mblk_t* head);
    /**
     * \return what pfhooks_msg_keep_pair() kept in s[0] and s[1], as
     *         allocb(@p size0) linked to allocb(@p size1) leave them (one
     *         check of both fills; a write while kept panics as in
     *         pfhooks_msg_reuse()); NULL when s keeps nothing or a size is
     *         over a pooled block's room (the caller allocb()s)
     */
    mblk_t* pfhooks_msg_reuse_pair(pfhooks_msg_spare_t* s, size_t size0, size_t size1);

    /** Message blocks currently allocated, process-wide (for leak checks). */
    uint64_t pfhooks_mblk_live(void);
    /** Data blocks currently allocated, process-wide (for leak checks). */
    uint64_t pfhooks_dblk_live(void);

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_MBLK_H */
