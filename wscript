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
        'model/pfhooks-mblk.cc',
        'model/hook-notify-list.cc',
        'model/hook-event.cc',
        'model/hook-family.cc',
        'model/hook-stack.cc',
        'model/net-instance-registry.cc',
        'model/ip-instance.cc',
        'model/node-hook-tap.cc',
        'model/packet-hook.cc',
        'model/observe-hook.cc',
        'model/pfhooks-neti.cc',
        'model/netinfo-queries.cc',
        'model/kernel-thread.cc',
        'model/solaris-kernel.cc',
        'model/solaris-module.cc',
        'model/contract-checker.cc',
        'model/packet-checksums.cc',
        'model/hook-kstats.cc',
        'model/zone.cc',
        'helper/pfhooks-helper.cc',
        'helper/echo-pinger.cc',
        'helper/zone-helper.cc',
    ]

    headers = bld(features='ns3header')
    headers.module = 'pfhooks'
    headers.source = [
        'model/pfhooks-mblk.h',
        'model/pfhooks-hook-types.h',
        'model/pfhooks-event-table.h',
        'model/pfhooks-neti.h',
        'model/pfhooks-if-flags.h',
        'model/netinfo-queries.h',
        'model/hook-kstats.h',
        'model/hook-notify-list.h',
        'model/hook-event.h',
        'model/hook-family.h',
        'model/hook-stack.h',
        'model/net-instance-registry.h',
        'model/ip-instance.h',
        'model/node-hook-tap.h',
        'model/packet-hook.h',
        'model/pfhooks-kernel.h',
        'model/pfhooks-modctl.h',
        'model/kernel-thread.h',
        'model/solaris-kernel.h',
        'model/solaris-module.h',
        'model/contract-checker.h',
        'model/packet-checksums.h',
        'model/observe-hook.h',
        'model/zone.h',
        'helper/pfhooks-helper.h',
        'helper/echo-pinger.h',
        'helper/zone-helper.h',
    ]

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
