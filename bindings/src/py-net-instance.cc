/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Net instances (net_instance_t) whose callbacks are Python callables.
 * nin_create, nin_shutdown and nin_destroy get no argument but the netid,
 * so each registered Python net instance has trampolines of its own, from
 * a fixed pool.
 */
#include "py-common.h"

#include "ns3/pfhooks-neti.h"

#include <array>
#include <utility>

namespace ns3
{
namespace py_bindings
{

namespace
{

constexpr size_t kSlots = 64;

/** A net instance written in Python. */
struct PyNetInstance
{
    std::shared_ptr<PyRef> create;
    std::shared_ptr<PyRef> shutdown;
    std::shared_ptr<PyRef> destroy;
    std::string name;
    net_instance_t* ni{nullptr};
    bool registered{false};
    py::object self; //!< the Python object, kept while registered
};

std::array<PyNetInstance*, kSlots> g_instanceSlots{};

/** The state nin_create returned, handed back to shutdown and destroy. */
struct InstanceState
{
    std::shared_ptr<PyRef> value;
};

template <size_t I>
void*
NinCreate(const netid_t netid)
{
    PyNetInstance* n = g_instanceSlots[I];
    auto* st = new InstanceState;
    py::object v = py::none();
    if (n && n->create)
    {
        try
        {
            v = n->create->Get()(netid);
        }
        catch (py::error_already_set& e)
        {
            ReportPythonError(e, "net instance '" + n->name + "' create", -1, "");
        }
    }
    st->value = Keep(v);
    return st;
}

template <size_t I>
void
NinShutdown(const netid_t netid, void* arg)
{
    PyNetInstance* n = g_instanceSlots[I];
    auto* st = static_cast<InstanceState*>(arg);
    if (n && n->shutdown && st)
    {
        try
        {
            n->shutdown->Get()(netid, st->value->Get());
        }
        catch (py::error_already_set& e)
        {
            ReportPythonError(e, "net instance '" + n->name + "' shutdown", -1, "");
        }
    }
}

template <size_t I>
void
NinDestroy(const netid_t netid, void* arg)
{
    PyNetInstance* n = g_instanceSlots[I];
    auto* st = static_cast<InstanceState*>(arg);
    if (n && n->destroy && st)
    {
        try
        {
            n->destroy->Get()(netid, st->value->Get());
        }
        catch (py::error_already_set& e)
        {
            ReportPythonError(e, "net instance '" + n->name + "' destroy", -1, "");
        }
    }
    delete st;
}

struct NinFns
{
    void* (*create)(const netid_t);
    void (*shutdown)(const netid_t, void*);
    void (*destroy)(const netid_t, void*);
};

template <size_t... I>
constexpr std::array<NinFns, kSlots>
NinTable(std::index_sequence<I...>)
{
    return {NinFns{&NinCreate<I>, &NinShutdown<I>, &NinDestroy<I>}...};
}

const std::array<NinFns, kSlots> g_ninFns = NinTable(std::make_index_sequence<kSlots>());

} // namespace

void
BindNetInstances(py::module_& m)
{
    py::class_<PyNetInstance>(
        m,
        "NetInstance",
        "A net instance written in Python (net_instance_t): create(netid) runs for every IP "
        "instance, existing and future, and returns a state; shutdown(netid, state) and "
        "destroy(netid, state) run as the instance goes, in illumos's order.")
        .def(py::init([](const std::string& name,
                         py::object create,
                         py::object shutdown,
                         py::object destroy) {
                 auto* n = new PyNetInstance;
                 n->name = name;
                 n->create = create.is_none() ? nullptr : Keep(create);
                 n->shutdown = shutdown.is_none() ? nullptr : Keep(shutdown);
                 n->destroy = destroy.is_none() ? nullptr : Keep(destroy);
                 return n;
             }),
             py::arg("name"),
             py::arg("create") = py::none(),
             py::arg("shutdown") = py::none(),
             py::arg("destroy") = py::none())
        .def_readonly("name", &PyNetInstance::name, "nin_name")
        .def_readonly("registered",
                      &PyNetInstance::registered,
                      "between register() and unregister()")
        .def(
            "register",
            [](py::object selfObj) {
                PyNetInstance& n = selfObj.cast<PyNetInstance&>();
                if (n.registered)
                {
                    ThrowErrno(EEXIST, "net_instance_register('" + n.name + "')");
                }
                size_t i = kSlots;
                for (size_t k = 0; k < kSlots; k++)
                {
                    if (g_instanceSlots[k] == nullptr)
                    {
                        i = k;
                        break;
                    }
                }
                if (i == kSlots)
                {
                    ThrowErrno(ENOMEM, "more than 64 Python net instances registered");
                }
                n.ni = net_instance_alloc(NETINFO_VERSION);
                n.ni->nin_name = &n.name[0];
                n.ni->nin_create = g_ninFns[i].create;
                n.ni->nin_shutdown = g_ninFns[i].shutdown;
                n.ni->nin_destroy = g_ninFns[i].destroy;
                g_instanceSlots[i] = &n;
                int err = net_instance_register(n.ni);
                if (err == -1)
                {
                    err = EEXIST; // the C call's only failure with both callbacks given
                }
                if (err != 0)
                {
                    g_instanceSlots[i] = nullptr;
                    net_instance_free(n.ni);
                    n.ni = nullptr;
                    ThrowErrno(err, "net_instance_register('" + n.name + "')");
                }
                n.registered = true;
                n.self = selfObj;
            },
            "net_instance_register: create runs now for every running instance. "
            "PfhooksError EEXIST when a net instance of that name is registered.")
        .def(
            "unregister",
            [](PyNetInstance& n) {
                if (!n.registered)
                {
                    ThrowErrno(ENXIO, "net_instance_unregister('" + n.name + "')");
                }
                CheckErrno(net_instance_unregister(n.ni),
                           "net_instance_unregister('" + n.name + "')");
                net_instance_free(n.ni);
                n.ni = nullptr;
                n.registered = false;
                py::object keep = std::move(n.self); // n may go with it, after this call
                for (auto& s : g_instanceSlots)
                {
                    if (s == &n)
                    {
                        s = nullptr;
                    }
                }
            },
            "net_instance_unregister: shutdown and destroy run now for every instance.");
}

} // namespace py_bindings
} // namespace ns3
