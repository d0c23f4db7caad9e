# SPDX-License-Identifier: GPL-2.0-only
"""Solaris modules, kmem faults, the contract checker and zones from Python."""
import os

import pytest

import pfhooks
from pfhooks import ns
from conftest import EXAMPLE_MODULES, MODULES, chain


def pinger_line(n=3, count=3):
    nodes, if4, _ = chain(n)
    pinger = pfhooks.EchoPinger(if4[-1].get_address(1), count=count)
    nodes[0].add_application(pinger)
    pinger.set_start_time(ns.seconds(1))
    return nodes, pinger


def test_module_load_unload_at_times_and_report():
    nodes, pinger = pinger_line(2, count=4)
    pamp = pfhooks.SolarisModule(os.path.join(EXAMPLE_MODULES, "pamp_drv.so"))
    states = []
    pamp.trace_connect("State", lambda name, state: states.append((ns.Simulator.now().seconds, state)))
    pamp.schedule_load(ns.seconds(1.5))
    pamp.schedule_unload(ns.seconds(3.5))
    ns.Simulator.stop(ns.seconds(6))
    ns.Simulator.run()
    assert (1.5, "loaded") in states and states[-1] == (3.5, "unloaded")
    assert pinger.replies == 4 + 2  # two requests while loaded: answered twice
    r = pamp.report()
    assert r["name"] == "pamp_drv" and r["state"] == "unloaded" and r["leaks"] == []
    assert r["figures"]["kmem_allocs"] == r["figures"]["kmem_frees"] > 0
    assert "left at unload: nothing" in r["text"]


def test_module_errors_carry_illumos_names():
    chain(2)
    missing = pfhooks.SolarisModule("/nonexistent/x.so")
    with pytest.raises(pfhooks.PfhooksError) as e:
        missing.load()
    assert e.value.name == "ENOENT" and "x.so" in str(e.value)
    assert missing.state == "failed"
    m = pfhooks.SolarisModule(os.path.join(MODULES, "probe.so"))
    m.load()  # its _init sleeps: loaded once the simulation ran a little
    ns.Simulator.stop(ns.seconds(1))
    ns.Simulator.run()
    with pytest.raises(pfhooks.PfhooksError) as e:
        m.load()
    assert e.value.name == "EEXIST"
    m.unload()
    ns.Simulator.stop(ns.seconds(1))
    ns.Simulator.run()
    assert m.state == "unloaded"
    with pytest.raises(pfhooks.PfhooksError) as e:
        m.unload()
    assert e.value.name == "EINVAL"


def test_kmem_faults():
    nodes, pinger = pinger_line(3, count=1)
    with pytest.raises(pfhooks.PfhooksError) as e:
        pfhooks.set_kmem_faults("nth=0")
    assert e.value.name == "EINVAL"
    pfhooks.set_kmem_faults("all,module=pamp_drv")
    pamp = pfhooks.SolarisModule(os.path.join(EXAMPLE_MODULES, "pamp_drv.so"))
    pamp.schedule_load(ns.seconds(0.5))
    pamp.schedule_unload(ns.seconds(2.5))
    ns.Simulator.stop(ns.seconds(3))
    ns.Simulator.run()
    r = pamp.report()
    assert r["figures"]["kmem_failed"] == 3 and r["figures"]["kmem_allocs"] == 0
    assert pinger.replies == pinger.sent == 1
    assert pfhooks.contract_findings("pamp_drv") == []


def test_contract_findings():
    nodes, pinger = pinger_line(3, count=1)
    bad = pfhooks.SolarisModule(os.path.join(MODULES, "bad-module.so"))
    bad.schedule_load(ns.seconds(1))
    ns.Simulator.schedule(ns.seconds(2), pfhooks.get_instance(nodes[2]).stop)
    bad.schedule_unload(ns.seconds(2.5))
    ns.Simulator.stop(ns.seconds(3))
    ns.Simulator.run()
    f = pfhooks.contract_findings("bad-module")
    assert f and set(f[0]) == {"time", "module", "node", "netid", "what", "site"}
    assert any("net_instance_free" in x["what"] for x in f)
    assert all(x["module"] == "bad-module" and x["time"] >= 1 for x in f)
    pfhooks.clear_contract_findings()
    assert pfhooks.contract_findings() == []


def test_zones_boot_halt_and_churn():
    nodes, if4, _ = chain(3)
    seen = []
    z = pfhooks.zone_install(nodes[2])
    z.trace_connect("ZoneState", lambda node, netid, booted: seen.append((node, booted)))
    first = z.netid
    z.schedule_halt(ns.seconds(1))
    pfhooks.schedule_boot(nodes[2], ns.seconds(2))
    with pytest.raises(pfhooks.PfhooksError) as e:
        z.schedule_boot(ns.seconds(3))  # it will be booted then already
    assert e.value.name == "EALREADY"
    others = pfhooks.zone_install(ns.NodeContainer(nodes[0], nodes[1]))
    n = pfhooks.schedule_churn(ns.NodeContainer(nodes[0], nodes[1]), ns.seconds(3), ns.seconds(6),
                               ns.seconds(1), 7)
    assert n > 0 and len(others) == 2
    ns.Simulator.stop(ns.seconds(7))
    ns.Simulator.run()
    assert seen == [(2, False), (2, True)]
    h = z.history
    assert [(x["time"], x["booted"]) for x in h] == [(0.0, True), (1.0, False), (2.0, True)]
    assert z.booted and z.netid != first and (z.boots, z.halts) == (2, 1)
    # each churning zone's first boot was its installation
    assert sum(pfhooks.get_zone(nodes[i]).boots - 1 + pfhooks.get_zone(nodes[i]).halts
               for i in range(2)) == n
    with pytest.raises(pfhooks.PfhooksError) as e:
        z.boot()
    assert e.value.name == "EALREADY"
