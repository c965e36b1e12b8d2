"""The CNI spec's output objects, per spec version, as checks.

Each check takes a parsed JSON value and returns a list of problems (empty
when the value conforms). The rules are the spec's, version by version; the
sources are the spec's own tags and the reference library's types in
containernetworking/cni:

  0.1.0, 0.2.0  SPEC.md at spec-v0.1.0 / spec-v0.2.0, "Result": one `ip4` and
                one `ip6` object, each {ip, gateway (optional), routes
                (optional)}; `dns` with optional nameservers, domain, search,
                options. pkg/types/020/types.go (v1.1.2) prints ipConfig as
                `ip`, `gateway,omitempty`, `routes,omitempty` and the result
                as `cniVersion`, `ip4`/`ip6` (omitempty), `dns`.
  0.3.0-0.4.0   SPEC.md at spec-v0.3.1 / spec-v0.4.0, "Result" and "IP
                Allocation": an IPAM plugin returns {cniVersion, ips, routes
                (optional), dns}; each ip is {version: "4" or "6", address
                (CIDR), gateway (optional)}; "the `interfaces` key [is] omitted
                by IPAM plugins" and the `interface` index is "missing from
                IPAM plugin output". pkg/types/040/types.go: ipConfig is
                `version`, `interface,omitempty`, `address`,
                `gateway,omitempty`.
  1.0.0, 1.1.0  SPEC.md at spec-v1.0.0 / spec-v1.1.0, Section 5 "Result
                Types", "ADD Success" and "Delegated plugins (IPAM)": IPAM
                plugins "must return an abbreviated Success object.
                Specifically, it is missing the interfaces array, as well as
                the interface entry in ips"; ips carry no `version` (removed
                in 1.0.0). pkg/types/100/types.go: ipConfig is
                `interface,omitempty`, `address`, `gateway,omitempty`. 1.1.0
                adds route fields mtu, advmss, priority, table, scope (uint).
  Routes        pkg/types/types.go: route is `dst`, `gw,omitempty` (+ the
                1.1.0 fields); DNS is nameservers, domain, search, options,
                each omitempty.
  Error         every spec version: {cniVersion, code (number), msg,
                details}; spec-v0.1.0 through spec-v0.4.0 mark details
                "(optional)". Codes 0-99 are reserved for the well-known codes
                (1-7, 11, 50, 51 in spec-v1.1.0 "Error"); 100+ are the
                plugin's own. pkg/types/types.go: Error is `code`, `msg`,
                `details,omitempty`.
  VERSION       SPEC.md at spec-v1.1.0, "VERSION Success": {cniVersion: "the
                value of cniVersion specified on input", supportedVersions: a
                list}. pkg/version/plugin.go: pluginInfo is `cniVersion`,
                `supportedVersions`.
"""

import ipaddress
import re

KNOWN_VERSIONS = ("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0")

# spec-v1.1.0 SPEC.md, "Error": the well-known codes below 100.
WELL_KNOWN_CODES = frozenset({1, 2, 3, 4, 5, 6, 7, 11, 50, 51})

_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def shape_of(version):
    """'020', '040' or '100': the result shape a cniVersion prints."""
    if version in ("0.1.0", "0.2.0"):
        return "020"
    if version in ("0.3.0", "0.3.1", "0.4.0"):
        return "040"
    return "100"


def _is_str(v):
    return isinstance(v, str)


def _is_uint(v):
    # JSON numbers parse as int or float; bool is an int subclass in Python.
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _keys(obj, allowed, required, where, problems):
    if not isinstance(obj, dict):
        problems.append("%s: expected an object, got %r" % (where, obj))
        return False
    for k in obj:
        if k not in allowed:
            problems.append("%s: key %r is not in the spec (allowed: %s)"
                            % (where, k, ", ".join(sorted(allowed))))
    for k in required:
        if k not in obj:
            problems.append("%s: required key %r is missing" % (where, k))
    return True


def _cidr(v, where, problems):
    """The ip_interface of CIDR text `v`, or None (and a problem)."""
    bad = "%s: %r is not an address in CIDR notation" % (where, v)
    if not _is_str(v) or "/" not in v:
        problems.append(bad)
        return None
    try:
        return ipaddress.ip_interface(v)
    except ValueError:
        problems.append(bad)
        return None


def _ip(v, where, problems):
    if not _is_str(v):
        problems.append("%s: %r is not an IP address string" % (where, v))
        return None
    try:
        return ipaddress.ip_address(v)
    except ValueError:
        problems.append("%s: %r is not an IP address" % (where, v))
        return None


def _string_list(v, where, problems):
    if not isinstance(v, list) or not all(_is_str(s) for s in v):
        problems.append("%s: expected a list of strings, got %r" % (where, v))
        return False
    return True


def check_dns(dns, where, problems):
    if not _keys(dns, {"nameservers", "domain", "search", "options"}, (),
                 where, problems):
        return
    if "nameservers" in dns and _string_list(
            dns["nameservers"], where + ".nameservers", problems):
        for i, ns in enumerate(dns["nameservers"]):
            _ip(ns, "%s.nameservers[%d]" % (where, i), problems)
    if "domain" in dns and not _is_str(dns["domain"]):
        problems.append("%s.domain: expected a string" % where)
    for key in ("search", "options"):
        if key in dns:
            _string_list(dns[key], "%s.%s" % (where, key), problems)


def check_route(route, version, where, problems):
    allowed = {"dst", "gw"}
    if version == "1.1.0":
        allowed |= {"mtu", "advmss", "priority", "table", "scope"}
    if not _keys(route, allowed, ("dst",), where, problems):
        return
    dst = _cidr(route.get("dst"), where + ".dst", problems)
    if "gw" in route:
        gw = _ip(route["gw"], where + ".gw", problems)
        if dst is not None and gw is not None and dst.version != gw.version:
            problems.append("%s: gw %s is not of dst %s's family"
                            % (where, gw, dst))
    for key in ("mtu", "advmss", "priority", "table", "scope"):
        if key in route and not _is_uint(route[key]):
            problems.append("%s.%s: expected a uint" % (where, key))


def _check_gateway(ip_obj, addr, key, where, problems):
    if key in ip_obj:
        gw = _ip(ip_obj[key], "%s.%s" % (where, key), problems)
        if gw is not None and addr is not None and gw.version != addr.version:
            problems.append("%s: gateway %s is not of address %s's family"
                            % (where, gw, addr))


def _check_020_ip(ip_obj, family, where, problems):
    if not _keys(ip_obj, {"ip", "gateway", "routes"}, ("ip",), where,
                 problems):
        return
    addr = _cidr(ip_obj.get("ip"), where + ".ip", problems)
    if addr is not None and addr.version != family:
        problems.append("%s.ip: %s is not IPv%d" % (where, addr, family))
    _check_gateway(ip_obj, addr, "gateway", where, problems)
    if "routes" in ip_obj:
        if not isinstance(ip_obj["routes"], list):
            problems.append("%s.routes: expected a list" % where)
        else:
            for i, r in enumerate(ip_obj["routes"]):
                check_route(r, "0.2.0", "%s.routes[%d]" % (where, i), problems)


def check_ipam_result(obj, version):
    """Problems with `obj` as an IPAM plugin's ADD result for `version`."""
    problems = []
    shape = shape_of(version)
    if shape == "020":
        allowed = {"cniVersion", "ip4", "ip6", "dns"}
    else:
        allowed = {"cniVersion", "ips", "routes", "dns"}
    if not _keys(obj, allowed, ("cniVersion",), "result", problems):
        return problems
    if obj.get("cniVersion") != version:
        problems.append("result.cniVersion is %r, the request's is %r"
                        % (obj.get("cniVersion"), version))
    if "dns" in obj:
        check_dns(obj["dns"], "result.dns", problems)
    if shape == "020":
        if "ip4" not in obj and "ip6" not in obj:
            problems.append("result: neither ip4 nor ip6")
        for key, family in (("ip4", 4), ("ip6", 6)):
            if key in obj:
                _check_020_ip(obj[key], family, "result." + key, problems)
        return problems
    ips = obj.get("ips")
    if not isinstance(ips, list) or not ips:
        problems.append("result.ips: expected a non-empty list, got %r"
                        % (ips,))
        ips = []
    for i, ip_obj in enumerate(ips):
        where = "result.ips[%d]" % i
        # No `interface`: IPAM plugins are unaware of interfaces.
        if shape == "040":
            ok = _keys(ip_obj, {"version", "address", "gateway"},
                       ("version", "address"), where, problems)
        else:
            ok = _keys(ip_obj, {"address", "gateway"}, ("address",), where,
                       problems)
        if not ok:
            continue
        addr = _cidr(ip_obj.get("address"), where + ".address", problems)
        if shape == "040" and addr is not None:
            if ip_obj.get("version") != str(addr.version):
                problems.append("%s.version is %r for %s" % (
                    where, ip_obj.get("version"), addr))
        _check_gateway(ip_obj, addr, "gateway", where, problems)
    if "routes" in obj:
        if not isinstance(obj["routes"], list):
            problems.append("result.routes: expected a list")
        else:
            for i, r in enumerate(obj["routes"]):
                check_route(r, version, "result.routes[%d]" % i, problems)
    return problems


def check_error(obj, version=None):
    """Problems with `obj` as an error object; `version` is the expected
    cniVersion (the request's), or None when the request had none usable."""
    problems = []
    if not _keys(obj, {"cniVersion", "code", "msg", "details"},
                 ("cniVersion", "code", "msg"), "error", problems):
        return problems
    cv = obj.get("cniVersion")
    if not _is_str(cv) or cv not in KNOWN_VERSIONS:
        problems.append("error.cniVersion: %r is not a spec version" % (cv,))
    elif version is not None and cv != version:
        problems.append("error.cniVersion is %r, the request's is %r"
                        % (cv, version))
    code = obj.get("code")
    if not _is_uint(code):
        problems.append("error.code: %r is not a non-negative integer"
                        % (code,))
    elif code == 0:
        problems.append("error.code is 0")
    elif code < 100 and code not in WELL_KNOWN_CODES:
        problems.append("error.code %d is reserved and not a well-known code"
                        % code)
    if not _is_str(obj.get("msg")) or not obj.get("msg"):
        problems.append("error.msg: expected a non-empty string, got %r"
                        % (obj.get("msg"),))
    if "details" in obj and not _is_str(obj["details"]):
        problems.append("error.details: expected a string, got %r"
                        % (obj["details"],))
    return problems


def check_version_info(obj, requested):
    """Problems with `obj` as VERSION's answer to a request for `requested`
    (None: no usable version was requested)."""
    problems = []
    if not _keys(obj, {"cniVersion", "supportedVersions"},
                 ("cniVersion", "supportedVersions"), "version", problems):
        return problems
    cv = obj.get("cniVersion")
    if not _is_str(cv) or not _SEMVER.match(cv):
        problems.append("version.cniVersion: %r is not a version" % (cv,))
    elif requested is not None and cv != requested:
        problems.append("version.cniVersion is %r, the request's is %r"
                        % (cv, requested))
    supported = obj.get("supportedVersions")
    if _string_list(supported, "version.supportedVersions", problems):
        for v in supported:
            if not _SEMVER.match(v):
                problems.append("version.supportedVersions: %r is not a "
                                "version" % v)
        if len(set(supported)) != len(supported):
            problems.append("version.supportedVersions repeats a version")
    return problems
