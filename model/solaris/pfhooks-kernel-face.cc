/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The C functions of pfhooks-kernel.h: each a thin call into the simulated
 * kernel (model/kernel/), which keeps the rules.
 */
#include "pfhooks-kernel.h"

#include "ns3/solaris-kernel.h"

#include <cstdarg>
#include <cstdio>

using namespace ns3;

namespace
{
SolarisKernel&
K()
{
    return SolarisKernel::Get();
}

std::string
VFormat(const char* fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
    {
        return fmt;
    }
    std::string s(static_cast<size_t>(n) + 1, '\0');
    std::vsnprintf(&s[0], s.size(), fmt, ap);
    s.resize(static_cast<size_t>(n));
    return s;
}

std::string
NameOf(SolarisModule* m)
{
    return m != nullptr ? m->GetName() : "kernel";
}
} // namespace

// ---- kmem ----

extern "C" void*
pfhooks_kmem_alloc(size_t size, int kmflags, int zero, const pfhooks_site_t* site)
{
    return K().Kmem().Alloc(size, kmflags, zero != 0, site);
}

extern "C" void
pfhooks_kmem_free(void* buf, size_t size, const pfhooks_site_t* site)
{
    K().Kmem().Free(buf, size, site);
}

// ---- STREAMS allocations charged to the caller ----

extern "C" mblk_t*
pfhooks_allocb(size_t size, unsigned int pri, const pfhooks_site_t* site)
{
    return K().Kmem().ChargeMessage(allocb(size, pri), site);
}

extern "C" mblk_t*
pfhooks_copyb(mblk_t* mp, const pfhooks_site_t* site)
{
    return K().Kmem().ChargeMessage(copyb(mp), site);
}

extern "C" mblk_t*
pfhooks_copymsg(mblk_t* mp, const pfhooks_site_t* site)
{
    return K().Kmem().ChargeMessage(copymsg(mp), site);
}

extern "C" mblk_t*
pfhooks_dupb(mblk_t* mp, const pfhooks_site_t* site)
{
    return K().Kmem().ChargeMessage(dupb(mp), site);
}

extern "C" mblk_t*
pfhooks_dupmsg(mblk_t* mp, const pfhooks_site_t* site)
{
    return K().Kmem().ChargeMessage(dupmsg(mp), site);
}

extern "C" mblk_t*
pfhooks_msgpullup(mblk_t* mp, ssize_t len, const pfhooks_site_t* site)
{
    return K().Kmem().ChargeMessage(msgpullup(mp, len), site);
}

// ---- console and assertions ----

extern "C" void
pfhooks_cmn_err(const pfhooks_site_t* site, int level, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    std::string text = VFormat(fmt, ap);
    va_end(ap);
    K().Console().CmnErr(NameOf(K().ModuleOf(site)),
                         level,
                         text,
                         SolarisKernel::Site(site->ps_file, site->ps_line));
}

extern "C" int
pfhooks_printf(const pfhooks_site_t* site, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    std::string text = VFormat(fmt, ap);
    va_end(ap);
    K().Log(K().ModuleOf(site), PFHOOKS_CE_CONT, text);
    return static_cast<int>(text.size());
}

extern "C" void
pfhooks_assert_failed(const char* expr, const char* file, int line)
{
    // The module is the one whose file this is: the caller's return address
    // lies in it.
    SolarisModule* m = K().ModuleAt(__builtin_return_address(0));
    K().Panic(m,
              std::string("assertion failed: ") + expr + ", file: " + file +
                  ", line: " + std::to_string(line));
}

extern "C" void
pfhooks_panic(const pfhooks_site_t* site, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    std::string text = VFormat(fmt, ap);
    va_end(ap);
    K().Panic(K().ModuleOf(site),
              text + " (panic() at " + SolarisKernel::Site(site->ps_file, site->ps_line) + ")");
}

// ---- the clock ----

extern "C" pfhooks_timeout_id_t
pfhooks_timeout(const pfhooks_site_t* site, void (*fn)(void*), void* arg, clock_t ticks)
{
    return K().Callouts().Timeout(site, fn, arg, ticks);
}

extern "C" clock_t
pfhooks_untimeout(pfhooks_timeout_id_t id)
{
    return K().Callouts().Untimeout(id);
}

extern "C" void
pfhooks_delay(clock_t ticks)
{
    K().Callouts().Delay(ticks);
}

extern "C" void
pfhooks_drv_usecwait(clock_t usec)
{
    K().Callouts().UsecWait(usec);
}

extern "C" clock_t
pfhooks_drv_usectohz(clock_t usec)
{
    return PfhooksCallouts::UsecToHz(usec);
}

extern "C" clock_t
pfhooks_drv_hztousec(clock_t ticks)
{
    return PfhooksCallouts::HzToUsec(ticks);
}

extern "C" int64_t
pfhooks_ddi_get_lbolt64(void)
{
    return PfhooksCallouts::Lbolt64();
}

extern "C" clock_t
pfhooks_ddi_get_lbolt(void)
{
    return static_cast<clock_t>(PfhooksCallouts::Lbolt64());
}

extern "C" pfhooks_hrtime_t
pfhooks_gethrtime(void)
{
    return PfhooksCallouts::HrTime();
}

extern "C" int
pfhooks_hz(void)
{
    return PfhooksCallouts::Hz();
}

// ---- locks ----

extern "C" void
pfhooks_mutex_init(pfhooks_kmutex_t* mp, const char* /* name */, int /* type */, void* /* arg */)
{
    PfhooksKernelSync::MutexInit(mp);
}

extern "C" void
pfhooks_mutex_destroy(pfhooks_kmutex_t* mp)
{
    K().Sync().MutexDestroy(mp);
}

extern "C" void
pfhooks_mutex_enter(pfhooks_kmutex_t* mp)
{
    K().Sync().MutexEnter(mp);
}

extern "C" int
pfhooks_mutex_tryenter(pfhooks_kmutex_t* mp)
{
    return K().Sync().MutexTryEnter(mp);
}

extern "C" void
pfhooks_mutex_exit(pfhooks_kmutex_t* mp)
{
    K().Sync().MutexExit(mp);
}

extern "C" int
pfhooks_mutex_owned(const pfhooks_kmutex_t* mp)
{
    return PfhooksKernelSync::MutexOwned(mp);
}

extern "C" void
pfhooks_rw_init(pfhooks_krwlock_t* rwlp, const char* /* name */, int /* type */, void* /* arg */)
{
    PfhooksKernelSync::RwInit(rwlp);
}

extern "C" void
pfhooks_rw_destroy(pfhooks_krwlock_t* rwlp)
{
    K().Sync().RwDestroy(rwlp);
}

extern "C" void
pfhooks_rw_enter(pfhooks_krwlock_t* rwlp, int enter_type)
{
    K().Sync().RwEnter(rwlp, enter_type);
}

extern "C" int
pfhooks_rw_tryenter(pfhooks_krwlock_t* rwlp, int enter_type)
{
    return K().Sync().RwTryEnter(rwlp, enter_type);
}

extern "C" void
pfhooks_rw_exit(pfhooks_krwlock_t* rwlp)
{
    K().Sync().RwExit(rwlp);
}

extern "C" void
pfhooks_rw_downgrade(pfhooks_krwlock_t* rwlp)
{
    K().Sync().RwDowngrade(rwlp);
}

extern "C" int
pfhooks_rw_tryupgrade(pfhooks_krwlock_t* rwlp)
{
    return PfhooksKernelSync::RwTryUpgrade(rwlp);
}

extern "C" int
pfhooks_rw_read_held(pfhooks_krwlock_t* rwlp)
{
    return PfhooksKernelSync::RwReadHeld(rwlp);
}

extern "C" int
pfhooks_rw_write_held(pfhooks_krwlock_t* rwlp)
{
    return PfhooksKernelSync::RwWriteHeld(rwlp);
}

// ---- random bytes ----

extern "C" int
pfhooks_random_get_pseudo_bytes(const pfhooks_site_t* site, uint8_t* buf, size_t len)
{
    K().RandomBytes(site, buf, len);
    return 0;
}
