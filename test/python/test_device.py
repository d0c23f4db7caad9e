# SPDX-License-Identifier: GPL-2.0-only
"""The device face from Python: a module's minor node opened, ioctl'ed and
closed as a zone's process, with a bytearray as the caller's buffer."""
import errno
import os
import struct

import pfhooks
from pfhooks import ns
from conftest import MODULES, chain

DSRIOC_DROP = 0x64737201
DSRIOC_LIST = 0x64737203
DSRIOC_SYNC = 0x64737204


def test_device_calls_from_python_with_zone_credentials():
    nodes, _, _ = chain(3)
    dsr = pfhooks.SolarisModule(os.path.join(MODULES, "disruptor.so"))
    dsr.load()
    seen = {}

    def calls() -> None:
        assert pfhooks.device_open("/dev/nothing")["error"] == errno.ENOENT
        assert pfhooks.device_open("/dev/dsr", flags=pfhooks.FREAD)["error"] == errno.EINVAL
        o = pfhooks.device_open("/dev/dsr", zone=0)
        assert o["error"] == 0, o["what"]
        dev = o["dev"]
        # zone 2's stack from kcred: allowed; from zone 1: EPERM
        arg = bytearray(struct.pack("<iI", 2, 30))
        assert pfhooks.device_ioctl(dev, DSRIOC_DROP, arg)["error"] == 0
        assert pfhooks.device_ioctl(dev, DSRIOC_DROP, arg, zone=1)["error"] == errno.EPERM
        # LIST: the driver copies the count out into our buffer
        lst = bytearray(struct.pack("<IIQ", 0, 0, 0))
        assert pfhooks.device_ioctl(dev, DSRIOC_LIST, lst)["error"] == 0
        seen["nzones"] = struct.unpack_from("<I", lst)[0]
        r = pfhooks.device_ioctl(dev, DSRIOC_SYNC, done=lambda res: seen.update(sync=res))
        seen["sync_done_at_once"] = r["done"]
        seen["dev"] = dev

    ns.Simulator.schedule(ns.seconds(1), calls)
    ns.Simulator.stop(ns.seconds(2))
    ns.Simulator.run()
    assert seen["nzones"] == 1
    assert seen["sync_done_at_once"] is False
    assert seen["sync"]["error"] == 0 and seen["sync"]["rval"] == 1
    assert pfhooks.device_close(seen["dev"])["error"] == 0
