#!/usr/bin/env python3
"""A paging system's webhook receiver on loopback, for the escalation tests.

Each POST is written to --out as N.json: its path, its Idempotency-Key, the X-Socreport-Signature header, whether that header is
sha256=HMAC-SHA256(--secret, body) as Python's hmac computes it, and the body parsed. The first --fail-first
requests are answered 500 (a paging system that is down); the rest 200; --hold-first keeps the first one waiting
(a server killed meanwhile never hears the answer). Prints "READY <port>" once listening.
"""
import argparse
import hashlib
import hmac
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Lock


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--hold-first", type=float, default=0, help="seconds the first request waits before it is answered")
    a = p.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    lock = Lock()
    state = {"seen": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                state["seen"] += 1
                n = state["seen"]
            failing = n <= a.fail_first
            signature = self.headers.get("X-Socreport-Signature", "")
            expected = "sha256=" + hmac.new(a.secret.encode(), body, hashlib.sha256).hexdigest()
            record = {"path": self.path, "idempotencyKey": self.headers.get("Idempotency-Key", ""), "signature": signature, "signatureValid": hmac.compare_digest(signature, expected),
                      "contentType": self.headers.get("Content-Type", ""), "answered": 500 if failing else 200,
                      "body": json.loads(body or b"null")}
            (out / f"{n}.json").write_text(json.dumps(record, ensure_ascii=False))
            if n == 1 and a.hold_first:
                time.sleep(a.hold_first)
            self.send_response(500 if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
