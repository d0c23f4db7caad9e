# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil -*-
# The pfhooks module for waf-era ns-3 trees (ns-3.35 and older):
# drop this directory into contrib/ or src/ as "pfhooks".
# Keep the source and header lists equal to CMakeLists.txt's
# (test/check-build-lists.py checks it).


def build(bld):
    module = bld.create_ns3_module('pfhooks', ['internet', 'traffic-control'])
    module.use.append('BOOST')
    module.env.append_value('LIB', ['boost_context', 'dl'])
    module.source = [
        'model/kernel/pfhooks-mblk.cc',
        'model/hook/pfhooks-notify-list.cc',
        'model/hook/pfhooks-observer.cc',
        'model/hook/pfhooks-hook-event.cc',
        'model/hook/pfhooks-hook-family.cc',
        'model/hook/pfhooks-hook-stack.cc',
        'model/neti/pfhooks-net-instance-registry.cc',
        'model/neti/pfhooks-net-protocol.cc',
        'model/tap/pfhooks-ip-instance.cc',
        'model/tap/pfhooks-node-tap.cc',
        'model/hook/packet-hook.cc',
        'model/hook/observe-hook.cc',
        'model/solaris/pfhooks-neti.cc',
        'model/neti/pfhooks-netinfo-queries.cc',
        'model/kernel/pfhooks-kernel-thread.cc',
        'model/kernel/solaris-kernel.cc',
        'model/kernel/solaris-module.cc',
        'model/kernel/pfhooks-elf-symbols.cc',
        'model/kernel/pfhooks-unload-hook.cc',
        'model/kernel/pfhooks-kernel-log.cc',
        'model/kernel/pfhooks-kmem.cc',
        'model/kernel/pfhooks-kmem-faults.cc',
        'model/kernel/pfhooks-callouts.cc',
        'model/kernel/pfhooks-kernel-sync.cc',
        'model/kernel/pfhooks-ddi.cc',
        'model/neti/pfhooks-take-back.cc',
        'model/solaris/pfhooks-kernel-face.cc',
        'model/solaris/pfhooks-modctl-face.cc',
        'model/solaris/pfhooks-ddi-face.cc',
        'model/solaris/pfhooks-kernel-wiring.cc',
        'model/check/pfhooks-contract-checker.cc',
        'model/check/pfhooks-module-counters.cc',
        'model/neti/packet-checksums.cc',
        'model/check/pfhooks-kstats.cc',
        'model/zone/pfhooks-zone.cc',
        'helper/pfhooks-helper.cc',
        'model/app/pfhooks-echo-pinger.cc',
        'helper/pfhooks-zone-helper.cc',
    ]

    headers = bld(features='ns3header')
    headers.module = 'pfhooks'
    headers.source = [
        'model/kernel/pfhooks-mblk.h',
        'model/hook/pfhooks-hook-types.h',
        'model/neti/pfhooks-event-table.h',
        'model/solaris/pfhooks-neti.h',
        'model/neti/pfhooks-if-flags.h',
        'model/neti/pfhooks-netinfo-queries.h',
        'model/check/pfhooks-kstats.h',
        'model/hook/pfhooks-notify-list.h',
        'model/hook/pfhooks-observer.h',
        'model/hook/pfhooks-hook-lifecycle.h',
        'model/hook/pfhooks-hook-event.h',
        'model/hook/pfhooks-hook-family.h',
        'model/hook/pfhooks-hook-stack.h',
        'model/neti/pfhooks-net-instance-registry.h',
        'model/neti/pfhooks-net-protocol.h',
        'model/neti/pfhooks-ip-provider.h',
        'model/tap/pfhooks-ip-instance.h',
        'model/tap/pfhooks-node-tap.h',
        'model/hook/packet-hook.h',
        'model/solaris/pfhooks-kernel.h',
        'model/solaris/pfhooks-modctl.h',
        'model/kernel/pfhooks-kernel-thread.h',
        'model/kernel/solaris-kernel.h',
        'model/kernel/solaris-module.h',
        'model/kernel/pfhooks-kernel-types.h',
        'model/kernel/pfhooks-modctl-types.h',
        'model/kernel/pfhooks-elf-symbols.h',
        'model/kernel/pfhooks-unload-hook.h',
        'model/kernel/pfhooks-kernel-log.h',
        'model/kernel/pfhooks-kmem.h',
        'model/kernel/pfhooks-kmem-faults.h',
        'model/kernel/pfhooks-callouts.h',
        'model/kernel/pfhooks-kernel-sync.h',
        'model/kernel/pfhooks-ddi.h',
        'model/neti/pfhooks-take-back.h',
        'model/check/pfhooks-contract-checker.h',
        'model/check/pfhooks-module-counters.h',
        'model/neti/packet-checksums.h',
        'model/hook/observe-hook.h',
        'model/zone/pfhooks-zone.h',
        'helper/pfhooks-helper.h',
        'model/app/pfhooks-echo-pinger.h',
        'helper/pfhooks-zone-helper.h',
    ]

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
