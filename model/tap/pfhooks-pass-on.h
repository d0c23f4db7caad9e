/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Handing a call that a seam stands in front of on to ns-3's own object
 * without copying its by-value arguments.
 */
#ifndef PFHOOKS_PASS_ON_H
#define PFHOOKS_PASS_ON_H

#include <type_traits>

namespace ns3
{

/**
 * \ingroup pfhooks
 * How a by-value parameter of type P reaches a function: a class the
 * Itanium C++ ABI passes by the address of the caller's object (one with a
 * non-trivial copy constructor or destructor, such as ns-3's Ptr and
 * Callback) is taken by const reference, anything else as it is.
 */
template <typename P>
using PfhooksPassedAs = std::conditional_t<!std::is_reference_v<P> && std::is_class_v<P> &&
                                               (!std::is_trivially_copy_constructible_v<P> ||
                                                !std::is_trivially_destructible_v<P>),
                                           const P&,
                                           P>;

/**
 * Calls obj->*fn with the caller's own objects as its by-value arguments.
 *
 * ns-3 3.37 takes packets, devices and callbacks by value, and its Ptr has
 * no move: a seam in front of an ns-3 object (the routing watcher before
 * the list, the tap before traffic control) copied each to pass it on, a
 * reference count up and down, about a tenth of a C++ accept's cost.
 * Under the Itanium C++ ABI (GCC on Linux) such an argument is passed by
 * the address of an object that the caller made and destroys after the
 * call; a function taking it by reference is called the same way.  So the
 * seam, itself called with them, hands ns-3's function the very objects
 * (it reads them; they go when the seam's caller drops them), as if ns-3
 * had been called in its place.  An argument of another type than the
 * parameter's is converted, a copy as before.  GCC's bound member function extension
 * gives the function (the override of obj's dynamic type).  Elsewhere the
 * call is made as written, with copies.
 *
 * \param obj the object called
 * \param fn the member function (virtual or not)
 * \param args the seam's own parameters, in fn's order
 * \return what fn returns
 */
template <typename C, typename R, typename... Params, typename... Args>
inline R
PfhooksPassOn(C* obj, R (C::*fn)(Params...), const Args&... args)
{
    static_assert(sizeof...(Params) == sizeof...(Args), "one argument per parameter");
#if defined(__GNUC__) && !defined(__clang__) && defined(__GXX_ABI_VERSION)
    typedef R (*Plain)(C*, PfhooksPassedAs<Params>...);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpmf-conversions"
    Plain plain = (Plain)(obj->*fn);
#pragma GCC diagnostic pop
    return plain(obj, args...);
#else
    return (obj->*fn)(args...);
#endif
}

} // namespace ns3

#endif /* PFHOOKS_PASS_ON_H */
