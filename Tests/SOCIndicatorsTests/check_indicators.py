#!/usr/bin/env python3
"""Checks the indicator files socreport exported against the records they came from.

usage: check_indicators.py CASES.json

CASES.json lists {"name", "folder", "incidents": [incident JSON paths], "monthly": bool}; the folder holds
<name>.stix.json, <name>.iocs.csv and <name>.{domains,urls,ips}.txt. For every case:
  - the bundle passes the OASIS stix2-validator with no error and no warning but the accepted ones,
  - every pattern passes stix2-patterns,
  - the bundle loads with the stix2 library and its indicators are exactly the records' values,
    worked out here independently (Python's IDNA codec, urllib quoting, the ipaddress module),
  - every object but the marking definitions carries the right TLP 2.0 marking,
  - the CSV, read back with the csv module, holds exactly those indicators,
  - each blocklist holds exactly the values of its kind, one a line.
Prints one line per problem and exits 1 when there is any; else prints a JSON summary.
"""
import csv
import io
import ipaddress
import json
import sys
import urllib.parse

import stix2
from stix2patterns.validator import run_validator
from stix2patterns.v21.pattern import Pattern
from stix2validator import ValidationOptions, validate_string

# {103}: deterministic ids are UUIDv5, as the issue requires; the validator asks for UUIDv4.
ACCEPTED_WARNINGS = {"103"}
TLP = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
ORDER = ["clear", "green", "amber", "amber+strict", "red"]
SEVERITY = ["information", "medium", "serious", "critical"]
PATH = {"domain": "domain-name", "url": "url", "ipv4": "ipv4-addr", "ipv6": "ipv6-addr"}
BLOCKLIST = {"domain": "domains", "url": "urls", "ipv4": "ips", "ipv6": "ips"}
problems = []


def problem(case, message):
    problems.append(f"{case}: {message}")


def domain(value):
    return value.encode("idna").decode("ascii").lower().rstrip(".")


def url(value):
    safe = "-._~:/?#[]@!$&'()*+,;=%"
    parts = value.split("://", 1)
    if len(parts) == 1:
        return quote(value, safe)
    scheme, rest = parts
    end = min([i for i in (rest.find(c) for c in "/?#") if i >= 0], default=len(rest))
    authority, tail = rest[:end], rest[end:]
    at = authority.rfind("@")
    userinfo, hostport = authority[:at + 1], authority[at + 1:]
    host, port = hostport, ""
    if not hostport.startswith("[") and ":" in hostport:
        host, port = hostport[:hostport.rfind(":")], hostport[hostport.rfind(":"):]
    if not host.isascii():
        host = domain(host)
    return quote(scheme + "://", safe) + quote(userinfo, safe) + quote(host, safe) + quote(port, safe) + quote(tail, safe)


def quote(text, safe):
    """urllib's quoting, keeping existing %XX escapes and encoding any other '%'."""
    out, raw = [], text.encode("utf-8")
    i = 0
    while i < len(raw):
        if raw[i:i + 1] == b"%":
            esc = raw[i + 1:i + 3]
            if len(esc) == 2 and all(c in b"0123456789abcdefABCDEF" for c in esc):
                out.append(raw[i:i + 3].decode())
                i += 3
                continue
            out.append("%25")
        else:
            out.append(urllib.parse.quote(raw[i:i + 1], safe=safe.replace("%", "")))
        i += 1
    return "".join(out)


def network(value):
    address, _, prefix = value.partition("/")
    ip = ipaddress.ip_address(address)
    kind = "ipv4" if ip.version == 4 else "ipv6"
    return kind, str(ip) + ("/" + str(int(prefix)) if prefix else "")


def same(kind, value):
    """The key two spellings of one value share: glibc writes IPv4-mapped IPv6 addresses as RFC 5952
    recommends (::ffff:192.0.2.1), Python's ipaddress in hex; both are read back with ipaddress."""
    return network(value) if kind in ("ipv4", "ipv6") else (kind, value)


def expected(incidents):
    """{(kind, value): {"recorded", "incidents": [(id, revision)], "severity", "tlp"}} from the records."""
    found = {}
    for record in incidents:
        rec = record.get("recommendations", {})
        values = [("domain", domain(v), v) for v in rec.get("blockDomains", [])]
        values += [("url", url(v), v) for v in rec.get("blockUrls", [])]
        values += [network(v) + (v,) for v in rec.get("blockIps", [])]
        for kind, value, recorded in values:
            entry = found.setdefault((kind, value), {"recorded": recorded, "incidents": [], "severity": [], "tlp": []})
            mention = (record["id"], record.get("revision", 1))
            if mention not in entry["incidents"]:
                entry["incidents"].append(mention)
                entry["severity"].append(record["severity"])
                entry["tlp"].append(record.get("tlp", "amber"))
    return found


def pattern_value(case, pattern):
    errors = run_validator(pattern, stix_version="2.1")
    if errors:
        problem(case, f"pattern {pattern!r}: {errors}")
        return None
    comparisons = Pattern(pattern).inspect().comparisons
    (object_type, [(path, op, constant)]), = comparisons.items()
    if path != ["value"] or op != "=":
        problem(case, f"pattern {pattern!r} does not compare the value")
    assert constant.startswith("'") and constant.endswith("'")
    body, out, i = constant[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\":
            i += 1
        out.append(body[i])
        i += 1
    return object_type, "".join(out)


def check(case):
    name, folder = case["name"], case["folder"]
    incidents = [json.load(open(p, encoding="utf-8")) for p in case["incidents"]]
    want = expected(incidents)
    base = f"{folder}/{name}"
    text = open(base + ".stix.json", encoding="utf-8").read()

    results = validate_string(text, ValidationOptions(version="2.1"))
    warnings = []
    for error in results.errors:
        problem(name, f"stix2-validator error: {error}")
    for warning in results.warnings:  # "<object id>: {<code>} <message>"
        code = warning.split("{", 1)[1].split("}", 1)[0] if "{" in warning else "?"
        if code not in ACCEPTED_WARNINGS:
            problem(name, f"stix2-validator warning: {warning}")
        warnings.append(code)
    if not results.is_valid:
        problem(name, "stix2-validator: not valid")

    bundle = stix2.parse(text, allow_custom=False)
    got = {}
    for obj in bundle.objects:
        if obj.type == "indicator":
            parsed = pattern_value(name, obj.pattern)
            if parsed:
                object_type, value = parsed
                kind = next((k for k, t in PATH.items() if t == object_type), None)
                if same(kind, value) in got:
                    problem(name, f"indicator {kind} {value!r} twice")
                got[same(kind, value)] = obj
        if obj.type != "marking-definition":
            refs = list(obj.get("object_marking_refs", []))
            if len(refs) != 1 or refs[0] not in TLP.values():
                problem(name, f"{obj.id}: marking {refs} is not one TLP 2.0 marking")
    if set(got) != set(want):
        problem(name, f"STIX indicators {sorted(set(got) ^ set(want))} differ from the record")
    for key, obj in got.items():
        if key in want:
            tlp = max(want[key]["tlp"], key=ORDER.index)
            if obj.object_marking_refs[0] != TLP[tlp]:
                problem(name, f"{key}: marked {obj.object_marking_refs[0]}, expected {tlp}")
    report_tlp = max([r.get("tlp", "amber") for r in incidents], key=ORDER.index, default="clear")
    reports = [o for o in bundle.objects if o.type == "report"]
    if len(reports) != 1 or reports[0].object_marking_refs[0] != TLP[report_tlp]:
        problem(name, "not one report with the incidents' most restrictive TLP")
    elif not case.get("monthly") and reports[0].name != incidents[0]["title"]:
        problem(name, "the report is not named by the incident's title")
    if not any(o.type == "identity" for o in bundle.objects):
        problem(name, "no identity")

    with open(base + ".iocs.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = ["type", "value", "incident", "revision", "severity", "tlp", "first_seen", "last_seen", "recorded"]
    if not rows or rows[0] != header:
        problem(name, f"CSV header {rows[:1]}")
    by_key = {}
    for row in rows[1:]:
        if len(row) != len(header):
            problem(name, f"CSV row {row} has {len(row)} fields")
            continue
        key = same(row[0], row[1])
        if key in by_key:
            problem(name, f"CSV row {key} twice")
        by_key[key] = dict(zip(header, row))
    if set(by_key) != set(want):
        problem(name, f"CSV indicators {sorted(set(by_key) ^ set(want))} differ from the record")
    for key, row in by_key.items():
        if key not in want:
            continue
        w = want[key]
        if row["incident"].split(" ") != [i for i, _ in w["incidents"]] or row["revision"].split(" ") != [str(r) for _, r in w["incidents"]]:
            problem(name, f"CSV {key}: incidents {row['incident']!r} / {row['revision']!r}, expected {w['incidents']}")
        if row["severity"] != max(w["severity"], key=SEVERITY.index) or row["tlp"] != max(w["tlp"], key=ORDER.index):
            problem(name, f"CSV {key}: severity/tlp {row['severity']}/{row['tlp']}")
        if row["recorded"] != w["recorded"]:
            problem(name, f"CSV {key}: recorded {row['recorded']!r}, expected {w['recorded']!r}")

    for blocklist in ("domains", "urls", "ips"):
        content = open(f"{base}.{blocklist}.txt", encoding="utf-8", newline="").read()
        lines = content.split("\n")
        if content and lines[-1] != "":
            problem(name, f"{blocklist}.txt does not end with a line break")
        lines = sorted(same("ipv4" if blocklist == "ips" else "domain", line)[1] for line in lines[:-1]) if content else []
        values = sorted(v for (k, v) in want if BLOCKLIST[k] == blocklist)
        if sorted(lines) != values or len(set(lines)) != len(lines):
            problem(name, f"{blocklist}.txt {lines[:5]}… differs from the record's {values[:5]}…")
    return len(got), warnings


def main():
    cases = json.load(open(sys.argv[1], encoding="utf-8"))
    indicators, warnings = 0, {}
    for case in cases:
        try:
            count, seen = check(case)
            indicators += count
            for code in seen:
                warnings[code] = warnings.get(code, 0) + 1
        except Exception as error:  # a case that cannot even be read is a failure of that case
            problem(case["name"], f"{type(error).__name__}: {error}")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(json.dumps({"cases": len(cases), "indicators": indicators, "acceptedWarnings": warnings}))


if __name__ == "__main__":
    main()
