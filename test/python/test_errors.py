# SPDX-License-Identifier: GPL-2.0-only
"""Errors and lifetime: exceptions in hooks, error names, references, stale views."""
import gc
import subprocess
import sys
import weakref

import pytest

import pfhooks
from pfhooks import ns
from conftest import chain, udp_flow


def run(t=3):
    ns.Simulator.stop(ns.seconds(t))
    ns.Simulator.run()


def failing(pkt):
    raise ValueError("boom in hook")


def test_exception_reported_with_traceback_time_node_hook(capsys):
    nodes, if4, _ = chain(2)
    pfhooks.get_instance(nodes[1]).add_packet_hook("NHF_INET", "PHYSICAL_IN", "bad", failing)
    got = udp_flow(nodes, if4[0].get_address(1), count=2)
    run()
    assert got == []  # default policy: dropped
    err = capsys.readouterr().err
    assert "pfhooks: Python hook 'bad' (NHF_INET PHYSICAL_IN" in err
    assert "on node 1 raised at +1.00" in err and "packet dropped (policy 'drop')" in err
    assert "Traceback (most recent call last)" in err and "ValueError: boom in hook" in err
    assert "in failing" in err
    e = pfhooks.hook_errors()
    assert len(e) == 2 and e[0]["node"] == 1 and isinstance(e[0]["exception"], ValueError)
    assert e[0]["time"] >= 1.0 and "bad" in e[0]["where"]


def test_policy_accept(capsys):
    pfhooks.set_hook_error_policy("accept")
    assert pfhooks.get_hook_error_policy() == "accept"
    nodes, if4, _ = chain(2)

    def change_then_fail(pkt):
        pkt.data[1] = 0x99  # not written back: the packet goes on as the hook found it
        raise RuntimeError("late")

    pfhooks.get_instance(nodes[1]).add_packet_hook("NHF_INET", "PHYSICAL_IN", "x", change_then_fail)
    tos = []
    ns.config_connect_without_context("/NodeList/1/$ns3::Ipv4L3Protocol/Rx",
                                      lambda p, i: tos.append(p.to_bytes()[1]))
    got = udp_flow(nodes, if4[0].get_address(1), count=2)
    run()
    assert len(got) == 2 and tos == [0, 0]
    assert "packet accepted (policy 'accept')" in capsys.readouterr().err


def test_policy_stop_raises_from_run(capsys):
    pfhooks.set_hook_error_policy("stop")
    nodes, if4, _ = chain(2)
    pfhooks.get_instance(nodes[1]).add_packet_hook("NHF_INET", "PHYSICAL_IN", "bad", failing)
    udp_flow(nodes, if4[0].get_address(1), count=5)
    with pytest.raises(pfhooks.HookError) as e:
        run(10)
    assert isinstance(e.value.__cause__, ValueError)
    assert e.value.record["node"] == 1
    assert ns.Simulator.now().seconds < 1.1  # stopped at the first error
    with pytest.raises(ValueError):
        pfhooks.set_hook_error_policy("ignore")


def test_errors_in_other_callables_are_reported(capsys):
    ns.Simulator.schedule(ns.seconds(1), lambda: 1 / 0)
    run(2)
    assert "ZeroDivisionError" in capsys.readouterr().err
    assert pfhooks.hook_errors()[0]["action"] == ""


def test_wrong_arguments_raise_with_illumos_names():
    nodes, _, _ = chain(2)
    ip = pfhooks.get_instance(nodes[0])
    ip.add_packet_hook("NHF_INET", "PHYSICAL_IN", "h", lambda p: 0)

    def name_of(*args):
        with pytest.raises(pfhooks.PfhooksError) as e:
            ip.add_packet_hook(*args)
        assert isinstance(e.value, OSError) and str(e.value).startswith(e.value.name)
        return e.value.name

    assert name_of("NHF_INET", "PHYSICAL_IN", "h", lambda p: 0) == "EEXIST"
    assert name_of("NHF_NOPE", "PHYSICAL_IN", "h2", lambda p: 0) == "ENXIO"
    assert name_of("NHF_INET", "NIC_EVENTS", "h3", lambda p: 0) == "EINVAL"
    with pytest.raises(TypeError):
        ip.add_packet_hook("NHF_INET", "PHYSICAL_IN", "h5", 42)
    with pytest.raises(TypeError):
        ip.add_packet_hook("NHF_INET", 3, "h6", lambda p: 0)
    with pytest.raises(pfhooks.PfhooksError) as e:
        ip.remove_hook("NHF_INET", "PHYSICAL_IN", "nope")
    assert e.value.name == "ENXIO"
    ip.stop()
    assert name_of("NHF_INET", "PHYSICAL_IN", "h7", lambda p: 0) == "ESHUTDOWN"
    with pytest.raises(ValueError):
        ns.Ipv4AddressHelper("10.1.1.300")


def test_bad_return_value_is_an_error(capsys):
    nodes, if4, _ = chain(2)
    pfhooks.get_instance(nodes[1]).add_packet_hook("NHF_INET", "PHYSICAL_IN", "s", lambda p: "x")
    got = udp_flow(nodes, if4[0].get_address(1), count=1)
    run()
    assert got == [] and "TypeError: a packet hook returns" in capsys.readouterr().err


class Hook:
    def __init__(self):
        self.calls = 0

    def __call__(self, pkt):
        self.calls += 1
        return pfhooks.ACCEPT


def test_registered_hook_keeps_its_callable_alive():
    nodes, if4, _ = chain(2)
    h = Hook()
    ref = weakref.ref(h)
    pfhooks.get_instance(nodes[1]).add_packet_hook("NHF_INET", "PHYSICAL_IN", "k", h)
    del h
    gc.collect()
    assert ref() is not None
    udp_flow(nodes, if4[0].get_address(1), count=3)
    run()
    assert ref().calls == 3
    ns.Simulator.destroy()
    gc.collect()
    assert ref() is None  # released with the simulation


def test_deleting_objects_during_the_run_is_safe():
    nodes, if4, _ = chain(3)
    holder = {"ip": pfhooks.get_instance(nodes[1]), "nodes": nodes,
              "pinger": pfhooks.EchoPinger(if4[1].get_address(1), count=3)}
    nodes[0].add_application(holder["pinger"])
    holder["pinger"].set_start_time(ns.seconds(1))
    holder["ip"].add_packet_hook("NHF_INET", "FORWARDING", "f", lambda p: 0)
    pinger = weakref.ref(holder["pinger"])

    def drop_everything():
        holder.clear()
        gc.collect()

    ns.Simulator.schedule(ns.seconds(1.5), drop_everything)
    del nodes, if4
    run(5)
    assert holder == {}
    assert pfhooks.kstats()  # the instances are still there, held by ns-3


def test_stale_views_raise():
    nodes, if4, _ = chain(2)
    kept = []
    pfhooks.get_instance(nodes[1]).add_packet_hook(
        "NHF_INET", "PHYSICAL_IN", "keep", lambda p: kept.append((p, p.data)))
    pfhooks.get_instance(nodes[1]).add_observe_hook("NHF_INET", "obs", lambda o: kept.append((o, None)))
    udp_flow(nodes, if4[0].get_address(1), count=2)
    run()
    assert len(kept) == 4
    for view, data in kept:
        for use in (lambda: view.src, lambda: len(view), lambda: view.data, lambda: view.hook):
            with pytest.raises(pfhooks.StaleViewError):
                use()
        if data is not None:
            assert data[0] == 0x45  # the bytearray was a copy: still readable
    with pytest.raises(pfhooks.StaleViewError):
        kept[0][0].replace(b"\x45")


def test_a_second_simulation_in_the_same_interpreter():
    results = []
    for _ in range(2):
        nodes, if4, _ = chain(2)
        calls = []
        pfhooks.get_instance(nodes[1]).add_packet_hook(
            "NHF_INET", "PHYSICAL_IN", "h", lambda p: calls.append(p.netid))
        got = udp_flow(nodes, if4[0].get_address(1), count=4)
        run()
        results.append((len(got), len(calls), ns.Simulator.now().seconds))
        ns.Simulator.destroy()
    assert results[0] == results[1] == (4, 4, 3.0)


def test_exit_with_hooks_registered_is_clean():
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from conftest import chain, udp_flow\n"
        "import pfhooks; from pfhooks import ns\n"
        "nodes, if4, _ = chain(2)\n"
        "pfhooks.get_instance(nodes[1]).add_packet_hook('NHF_INET', 'PHYSICAL_IN', 'h', lambda p: 0)\n"
        "ns.Simulator.schedule(ns.seconds(9), print, 'never')\n"
        "udp_flow(nodes, if4[0].get_address(1), count=2)\n"
        "ns.Simulator.stop(ns.seconds(2)); ns.Simulator.run(); print('ran')\n"
        % __import__("os").path.dirname(__file__))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "ran\n"


def test_what_ns3_would_abort_on_raises_instead():
    bare = ns.NodeContainer(2)  # no internet stack
    with pytest.raises(ValueError):
        pfhooks.install(bare)
    with pytest.raises(ValueError):
        pfhooks.install(bare[0])
    with pytest.raises(ValueError):
        pfhooks.zone_install(bare[0])
    nodes, _, _ = chain(2)
    pfhooks.zone_install(nodes[0])
    with pytest.raises(pfhooks.PfhooksError) as e:
        pfhooks.zone_install(nodes[0])
    assert e.value.name == "EEXIST"
    with pytest.raises(ValueError):
        pfhooks.schedule_churn(nodes, 1, 2, 0)
    with pytest.raises(ValueError):
        ns.Simulator.schedule(-1, print)
    with pytest.raises(TypeError):
        ns.Simulator.schedule(1, 42)
    with pytest.raises(ValueError):
        ns.Simulator.stop(-1)
    ns.Simulator.stop(ns.seconds(2))
    ns.Simulator.run()
    m = pfhooks.SolarisModule("/nonexistent.so")
    with pytest.raises(ValueError):
        m.schedule_load(ns.seconds(1))  # now is 2 s
