#!/usr/bin/env python3
"""A customer's TAXII client against a real `socreport serve`: the OASIS taxii2-client polls the tenant's
feed as a SIEM would, and requests checks the answers the client never asks for (401, 403, 404, 406, 415).

Usage: taxii_customer.py CONFIG.json, where CONFIG holds
  base       the server's URL,
  tokens     {publisher, acme, acme_red, acme_read, beta}: an operator's publish key, acme's TAXII key,
             acme's TAXII key with --allow-red, acme's key with the read scope only, beta's TAXII key,
  before     incidents to publish first (acme's many indicators, acme's TLP:RED incident, beta's),
  later      incidents to publish after the first polls (a new revision of acme's),
  indicators how many indicators acme's first incident names,
  only       {red, beta, later}: a domain only the red incident, beta's, and the later revision name.
Prints every failed check and exits 1, or prints "ok".
"""
import json
import sys

import requests
from stix2validator import ValidationOptions, validate_instance
from taxii2client.v21 import Collection, Server, as_pages

TAXII = "application/taxii+json;version=2.1"
RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
# {103}: deterministic ids are UUIDv5 (the exporter's choice); the validator asks for UUIDv4.
ACCEPTED_WARNINGS = ("{103}",)

failures = []
validated = set()


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def validate(objects):
    """Every object served passes the OASIS validator."""
    for obj in objects:
        key = (obj["id"], obj.get("modified", obj.get("created")))
        if key in validated:
            continue
        validated.add(key)
        result = validate_instance(obj, ValidationOptions(version="2.1"))
        warnings = [str(w) for w in result.warnings if not any(a in str(w) for a in ACCEPTED_WARNINGS)]
        check(result.is_valid and not warnings, f"{obj['id']}: stix2-validator: {[str(e) for e in result.errors]} {warnings}")


class Bearer(requests.auth.AuthBase):
    def __init__(self, token):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def every(method, per_request, **filters):
    pages = list(as_pages(method, per_request=per_request, **filters))
    return pages, [item for page in pages for item in page.get("objects", [])]


def publish(base, token, incident):
    answer = requests.post(f"{base}/api/v1/incidents", json=incident, headers={"Authorization": f"Bearer {token}"})
    check(answer.status_code == 201, f"publishing {incident['id']} r{incident['revision']}: {answer.status_code} {answer.text}")


def main():
    config = json.load(open(sys.argv[1], encoding="utf-8"))
    base, tokens, only = config["base"], config["tokens"], config["only"]
    for incident in config["before"]:
        publish(base, tokens["publisher"], incident)

    # Discovery with HTTP Basic, the key as password: the key's tenant only.
    server = Server(f"{base}/taxii2/", user="acme-siem", password=tokens["acme"])
    check(server.title == "socreport TAXII", f"discovery title {server.title}")
    check([root.url for root in server.api_roots] == [f"{base}/taxii2/acme/"], f"api roots {[r.url for r in server.api_roots]}")
    root = server.default
    check(root is not None and root.url == f"{base}/taxii2/acme/", "the default API root is acme's")
    check(root.versions == [TAXII], f"api root versions {root.versions}")
    collections = root.collections
    check(len(collections) == 1, f"{len(collections)} collections")
    collection = collections[0]
    check(collection.can_read and not collection.can_write, "the collection is read-only")

    # Every object, 50 to a page; the latest version of each, none of TLP:RED, none of beta's.
    pages, objects = every(collection.get_objects, 50)
    check(len(pages) >= config["indicators"] // 50, f"{len(pages)} pages")
    check(all(page["more"] for page in pages[:-1]) and not pages[-1]["more"], "more is true on every page but the last")
    ids = [o["id"] for o in objects]
    check(len(ids) == len(set(ids)), "each object once, in its latest version")
    indicators = [o for o in objects if o["type"] == "indicator"]
    check(len(indicators) == config["indicators"], f"{len(indicators)} indicators, expected {config['indicators']}")
    text = json.dumps(objects)
    check(only["red"] not in text and RED not in text, "a key without --allow-red is served nothing marked TLP:RED")
    check(only["beta"] not in text, "acme's feed holds nothing of beta's")
    check(any(o["type"] == "marking-definition" for o in objects), "the TLP marking definitions travel with the objects")
    validate(objects)

    # The same feed for the key made with --allow-red, with Bearer this time.
    red = Collection(collection.url, auth=Bearer(tokens["acme_red"]))
    _, red_objects = every(red.get_objects, 200)
    red_text = json.dumps(red_objects)
    check(only["red"] in red_text and RED in red_text, "a key with --allow-red is served the TLP:RED incident and its marking")
    validate(red_objects)

    # The manifest lists the same versions, with the dates added; a poll after the last one finds nothing.
    _, manifest = every(collection.get_manifest, 100)
    check({(m["id"], m["version"]) for m in manifest} == {(o["id"], o.get("modified", o["created"])) for o in objects},
          "the manifest lists the versions the objects endpoint serves")
    last = max(m["date_added"] for m in manifest)
    quiet = requests.get(f"{collection.url}objects/", params={"added_after": last}, auth=("acme-siem", tokens["acme"]),
                         headers={"Accept": TAXII})
    check(quiet.status_code == 200 and quiet.json() == {"more": False}, f"nothing new: {quiet.status_code} {quiet.text}")
    check("X-TAXII-Date-Added-First" not in quiet.headers, "no date headers without objects")

    # A new revision is published: polling after `last` gets only what it added or changed.
    for incident in config["later"]:
        publish(base, tokens["publisher"], incident)
    _, new = every(collection.get_objects, 100, added_after=last)
    _, new_manifest = every(collection.get_manifest, 100, added_after=last)
    check(new and all(m["date_added"] > last for m in new_manifest), "everything polled was added after added_after")
    check(only["later"] in json.dumps(new), "the new revision's new indicator is polled")
    check(not any(o["type"] in ("identity", "marking-definition") for o in new), f"unchanged objects are not served again: {[o['type'] for o in new]}")
    first = requests.get(f"{collection.url}objects/", params={"added_after": last, "limit": 1}, auth=("x", tokens["acme"]),
                         headers={"Accept": TAXII})
    check(first.headers.get("X-TAXII-Date-Added-First", "") > last and first.json()["more"], "date headers and more on a page of one")
    validate(new)

    # A revision's indicator has two versions; the objects endpoint serves the last unless asked.
    renewed = next(o for o in new if o["type"] == "indicator" and o["id"] in ids)
    versions = collection.object_versions(renewed["id"])["versions"]
    check(len(versions) == 2 and versions[-1] == renewed["modified"], f"versions of {renewed['id']}: {versions}")
    latest = collection.get_object(renewed["id"])["objects"]
    check([o["modified"] for o in latest] == [versions[-1]], "an object is served in its last version")
    earliest = collection.get_object(renewed["id"], version="first")["objects"]
    check([o["modified"] for o in earliest] == [versions[0]], "match[version]=first serves the first")
    both = collection.get_object(renewed["id"], version="all")["objects"]
    check(len(both) == 2, "match[version]=all serves both")
    typed = collection.get_objects(type="indicator", limit=1000).get("objects", [])
    check(len(typed) == config["indicators"] + 1 and all(o["type"] == "indicator" for o in typed), "match[type] filters by type")

    # Beta's key sees beta's API root only, and acme's key nothing of beta's.
    beta = Server(f"{base}/taxii2/", user="beta-siem", password=tokens["beta"])
    check([r.url for r in beta.api_roots] == [f"{base}/taxii2/beta/"], "beta's discovery lists beta's root only")
    _, beta_objects = every(beta.default.collections[0].get_objects, 100)
    beta_text = json.dumps(beta_objects)
    check(only["beta"] in beta_text and "acme" not in beta_text and only["later"] not in beta_text, "beta's feed is beta's")
    validate(beta_objects)
    acme = ("acme-siem", tokens["acme"])
    for path in ["beta/", "beta/collections/", f"beta/collections/{collection.id}/objects/", f"beta/collections/{collection.id}/manifest/"]:
        answer = requests.get(f"{base}/taxii2/{path}", auth=acme, headers={"Accept": TAXII})
        check(answer.status_code == 404, f"acme's key on {path}: {answer.status_code}")
    entries = requests.get(f"{base}/api/v1/tenants/beta/entries", auth=("x", tokens["acme_read"]))
    check(entries.status_code == 404, f"acme's read key on beta's entries: {entries.status_code}")
    own = requests.get(f"{base}/api/v1/tenants/acme/entries", auth=("x", tokens["acme_read"]))
    check(own.status_code == 200, f"acme's read key on acme's entries: {own.status_code}")

    # What the client never asks for.
    objects_url = f"{collection.url}objects/"
    anonymous = requests.get(f"{base}/taxii2/", headers={"Accept": TAXII})
    challenges = anonymous.headers.get("WWW-Authenticate", "")
    check(anonymous.status_code == 401 and "Basic" in challenges and "Bearer" in challenges, f"no key: {anonymous.status_code} {challenges}")
    check(anonymous.headers.get("Content-Type") == TAXII and anonymous.json().get("http_status") == "401", "errors are TAXII error messages")
    wrong = requests.get(f"{base}/taxii2/", auth=("x", "socr_" + "0" * 64), headers={"Accept": TAXII})
    check(wrong.status_code == 401, f"an unknown key: {wrong.status_code}")
    html = requests.get(objects_url, auth=acme, headers={"Accept": "text/html"})
    check(html.status_code == 406, f"Accept: text/html: {html.status_code}")
    old = requests.get(f"{base}/taxii2/", auth=acme, headers={"Accept": "application/taxii+json;version=2.0"})
    check(old.status_code == 406, f"TAXII 2.0: {old.status_code}")
    stix = requests.get(objects_url, auth=acme, headers={"Accept": "application/stix+json;version=2.1"})
    check(stix.status_code == 200 and stix.headers.get("Content-Type") == "application/stix+json;version=2.1", f"STIX media type: {stix.status_code}")
    scope = requests.get(f"{base}/taxii2/", auth=("x", tokens["acme_read"]), headers={"Accept": TAXII})
    check(scope.status_code == 403, f"a key without the taxii scope: {scope.status_code}")
    envelope = json.dumps({"objects": []})
    plain = requests.post(objects_url, data=envelope, auth=acme, headers={"Accept": TAXII, "Content-Type": "application/json"})
    check(plain.status_code == 415, f"POST as application/json: {plain.status_code}")
    written = requests.post(objects_url, data=envelope, auth=acme, headers={"Accept": TAXII, "Content-Type": TAXII})
    check(written.status_code == 403, f"POST to a read-only collection: {written.status_code}")
    for path in [f"{collection.url}", f"{base}/taxii2/acme/collections/00000000-0000-4000-8000-000000000000/",
                 f"{objects_url}indicator--00000000-0000-4000-8000-000000000000/", f"{base}/taxii2/nobody/", f"{base}/taxii2/acme/status/1/"]:
        answer = requests.get(path, auth=acme, headers={"Accept": TAXII})
        check(answer.status_code == (200 if path == collection.url else 404), f"GET {path}: {answer.status_code}")
    bad = requests.get(objects_url, params={"added_after": "yesterday", "limit": "0", "match[version]": "newest"}, auth=acme,
                       headers={"Accept": TAXII})
    problems = bad.json().get("details", {}).get("problems", []) if bad.status_code == 400 else []
    check([p.split(":")[0] for p in problems] == ["added_after", "limit", "match[version]"], f"bad filters: {bad.status_code} {bad.text}")

    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("ok")


main()
