/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A scenario file (doc/scenarios.md) as the runner reads it: every value
 * checked, with defaults filled in, before anything is built or run.
 */
#ifndef PFHOOKS_SCENARIO_SPEC_H
#define PFHOOKS_SCENARIO_SPEC_H

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{

/** Bad input: the message names the file, line, column and key. */
class ScenarioError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

/** What an expectation accepts: min <= actual <= max. */
struct ScenarioRange
{
    int64_t min{0}; //!< smallest accepted value
    int64_t max{0}; //!< largest accepted value
};

/** One link: p2p between two nodes, or a CSMA LAN of two or more. */
struct ScenarioLinkSpec
{
    std::vector<uint32_t> nodes; //!< node indices, in address order
    std::string type;            //!< "p2p" or "csma"
    std::string rate;            //!< ns-3 DataRate text
    std::string delay;           //!< ns-3 Time text
};

/** One traffic flow. */
struct ScenarioFlowSpec
{
    std::string name;   //!< unique among flows
    std::string kind;   //!< "ping", "udp" or "tcp"
    bool v6{false};     //!< over IPv6
    uint32_t from{0};   //!< sending node
    uint32_t to{1};     //!< receiving node
    double start{1};    //!< first packet, seconds
    uint32_t count{5};  //!< pings, datagrams or TCP segments
    double interval{1}; //!< seconds between pings or datagrams
    uint32_t size{56};  //!< payload bytes
    uint16_t port{9};   //!< UDP/TCP destination port
};

/** One Solaris module with its times and kmem faults. */
struct ScenarioModuleSpec
{
    std::string file;           //!< as written in the scenario
    std::string path;           //!< as found
    double load{0};             //!< seconds
    double unload{-1};          //!< seconds, -1: never
    double faultProbability{0}; //!< KmemFaultProbability
    uint64_t faultNth{0};       //!< KmemFaultNth
    bool faultAll{false};       //!< KmemFaultAll
};

/** What a built-in hook acts on (unset fields match anything). */
struct ScenarioMatchSpec
{
    int protocol{-1};     //!< IP protocol number, -1 any
    std::string src;      //!< address or prefix, "" any
    std::string dst;      //!< address or prefix, "" any
    int64_t srcNode{-1};  //!< any address of this node, -1 any
    int64_t dstNode{-1};  //!< any address of this node, -1 any
    int32_t sport{-1};    //!< UDP/TCP source port, -1 any
    int32_t dport{-1};    //!< UDP/TCP destination port, -1 any
    int32_t icmpType{-1}; //!< ICMP/ICMPv6 type, -1 any
};

/** A built-in hook (C++ hook API) registered on nodes. */
struct ScenarioHookSpec
{
    std::string name;            //!< hook name, unique among hooks
    std::vector<uint32_t> nodes; //!< where it is registered
    std::string family;          //!< "inet", "inet6" or "arp"
    std::string event;           //!< "PHYSICAL_IN", ...
    ScenarioMatchSpec match;     //!< what it acts on
    std::string action;          //!< "accept", "drop", "rewrite" or "inject"
    std::string field;           //!< rewrite: ttl, tos, hlim, tclass, sport, dport
    uint32_t value{0};           //!< rewrite: the new value
    std::string style;           //!< inject: NI_QUEUE_IN, NI_QUEUE_OUT, NI_DIRECT_OUT
    std::string nextHop;         //!< inject NI_DIRECT_OUT: the next hop ("" from the packet)
    uint64_t limit{0};           //!< act on the first N matches only, 0 unlimited
    double start{0};             //!< registered at, seconds
    double stop{-1};             //!< unregistered at, seconds, -1 never
};

/** A planned boot and halt of a node's zone. */
struct ScenarioZoneSpec
{
    uint32_t node{0}; //!< the node
    double boot{0};   //!< 0: booted from the start
    double halt{-1};  //!< -1: never
};

/** Zone churn (PfhooksZoneChurn) on some nodes. */
struct ScenarioChurnSpec
{
    std::vector<uint32_t> nodes; //!< the churning zones
    double period{0};            //!< seconds, 0: no churn
    double start{0};             //!< earliest first toggle
};

/** A call on a module's device (PfhooksDeviceScript) at a given time. */
struct ScenarioDeviceSpec
{
    std::string name;   //!< unique among device calls
    double at{0};       //!< seconds
    std::string op;     //!< "open", "ioctl" or "close"
    std::string script; //!< the call as pfhooks-run's --device= text
};

/** One expectation checked after the run. */
struct ScenarioExpectSpec
{
    std::string name;    //!< shown in the report
    std::string kind;    //!< ping, flow, kstat, findings, held, module, zone
    std::string subject; //!< flow or module name
    std::string field;   //!< flow: sent, delivered, lost, hook-drops; zone: boots, halts;
                         //!< device: errno, rval, arg
    std::vector<ScenarioRange> list; //!< ping: replies per sequence number
    bool hasTotal{false};            //!< ping: total given
    ScenarioRange value;             //!< the accepted range
    uint32_t node{0};                //!< kstat, zone: the node
    std::string module;              //!< kstat: module ("inet", "inet/PHYSICAL_IN")
    std::string kname;               //!< kstat: name
    std::string stat;                //!< kstat: statistic
    std::string state;               //!< module: LOADED, UNLOADED, FAILED; device: errno, arg
};

/** A whole scenario. */
struct ScenarioSpec
{
    std::string file;                        //!< the scenario file
    std::string name;                        //!< its name
    std::string description;                 //!< free text
    std::vector<std::string> tags;           //!< e.g. fast
    double duration{10};                     //!< simulated seconds
    uint32_t seed{1};                        //!< RngSeed
    uint64_t run{1};                         //!< RngRun
    double timeout{60};                      //!< wall seconds
    std::string topology;                    //!< chain, star, dumbbell, lan, explicit
    std::vector<std::string> nodeNames;      //!< one per node
    std::vector<ScenarioLinkSpec> links;     //!< every link
    bool ipv4{true};                         //!< IPv4 addresses
    bool ipv6{false};                        //!< IPv6 addresses
    bool flowMonitor{false};                 //!< FlowMonitor figures per flow
    std::vector<ScenarioFlowSpec> flows;     //!< traffic
    std::vector<ScenarioModuleSpec> modules; //!< Solaris modules
    std::vector<ScenarioHookSpec> hooks;     //!< built-in hooks
    std::vector<ScenarioZoneSpec> zones;     //!< zone plans
    std::vector<ScenarioDeviceSpec> devices; //!< device calls
    ScenarioChurnSpec churn;                 //!< zone churn
    std::vector<ScenarioExpectSpec> expects; //!< expectations
    std::string parameters;                  //!< the tree after --set, as JSON text
};

/**
 * Reads and checks a scenario file.
 * \param file the YAML file
 * \param sets --set KEY=VALUE overrides, applied before the checks
 * \param moduleDirs where module files without a directory are looked for
 * \return the scenario
 * \throws ScenarioError naming file:line:column and the key
 */
ScenarioSpec LoadScenarioSpec(const std::string& file,
                              const std::vector<std::string>& sets,
                              const std::vector<std::string>& moduleDirs);

} // namespace ns3

#endif /* PFHOOKS_SCENARIO_SPEC_H */
