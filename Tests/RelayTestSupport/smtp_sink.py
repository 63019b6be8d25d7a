#!/usr/bin/env python3
"""A real SMTP relay on loopback for socreport's tests (aiosmtpd).

Every accepted message is written to OUT/<n>.eml (raw) and OUT/<n>.json (envelope and what Python's
email package decodes: subject, From/To display names, text body, attachments), each file complete
before it appears. Prints "READY <port>" once listening, then runs until killed.
"""
import argparse, asyncio, email, email.header, email.policy, email.utils, json, os, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def mailboxes(raw_message, name):
    """The header's mailboxes. Display names are decoded with email.header, which follows RFC 2047
    §6.2 (white space between adjacent encoded words is dropped); the newer structured-header parser
    keeps it inside names and would report a name split over two words with a space added."""
    raw = email.message_from_bytes(raw_message, policy=email.policy.compat32).get_all(name, [])
    return [{"name": str(email.header.make_header(email.header.decode_header(display))), "address": address}
            for display, address in email.utils.getaddresses(raw)]


def free_port():
    """A port no socket holds on 127.0.0.1 nor on ::1."""
    import socket
    while True:
        with socket.socket() as v4:
            v4.bind(("127.0.0.1", 0))
            port = v4.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET6) as v6:
                    v6.bind(("::1", port))
                    return port
            except OSError:
                continue


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


class MisbehavingSMTP(SMTP):
    """aiosmtpd's session, made to misbehave as the tests ask:
    - `refuse` sessions (counted over the relay's life) are greeted 554 and closed, as by a relay that
      is out of service;
    - `inject`: replies nobody asked for, sent in the same write as the 220 to STARTTLS and so still in
      clear text: what a man in the middle does to have them taken for answers given over TLS (CVE-2011-0411)."""
    refuse = 0
    inject = b""
    greeted = False

    async def push(self, status):
        if not self.greeted:
            self.greeted = True
            if MisbehavingSMTP.refuse > 0:
                MisbehavingSMTP.refuse -= 1
                await super().push("554 5.3.2 not accepting mail now")
                self.transport.close()
                return
        if status == "220 Ready to start TLS" and self.inject:
            status = status.encode() + b"\r\n" + self.inject
        await super().push(status)


class MisbehavingController(Controller):
    def factory(self):
        return MisbehavingSMTP(self.handler, **self.SMTP_kwargs)


class Sink:
    def __init__(self, out, reject, slow_rcpt):
        self.out, self.reject, self.slow_rcpt = out, reject, slow_rcpt
        self.count = len([n for n in os.listdir(out) if n.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.slow_rcpt:
            # Tells the test a recipient is being held, so it can kill the client at a known point.
            write_atomically(os.path.join(self.out, "holding"), str(self.count).encode())
            await asyncio.sleep(self.slow_rcpt)
        if self.reject:
            return self.reject
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        body = None
        for part in message.walk():
            if part.is_multipart():
                continue
            if part.get_content_disposition() == "attachment":
                parts.append({"filename": part.get_filename(), "contentType": part.get_content_type(),
                              "size": len(part.get_payload(decode=True))})
            elif part.get_content_type() == "text/plain" and body is None:
                body = part.get_content()
        decoded = {
            "mailFrom": envelope.mail_from, "rcptTos": envelope.rcpt_tos,
            "subject": str(message["subject"]), "messageId": str(message["message-id"]),
            "from": mailboxes(raw, "from"), "to": mailboxes(raw, "to"),
            "body": body, "attachments": parts, "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated), "receivedAt": time.time(),
        }
        self.count += 1
        base = os.path.join(self.out, str(self.count))
        write_atomically(base + ".eml", raw)
        write_atomically(base + ".json", json.dumps(decoded, ensure_ascii=False).encode())
        return "250 2.0.0 queued as %d" % self.count


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--auth", help="user:password; AUTH then required, after STARTTLS")
    p.add_argument("--reject", help='answer every RCPT with this reply, e.g. "550 5.1.1 no such user"')
    p.add_argument("--slow-rcpt", type=float, default=0, help="seconds to hold each RCPT")
    p.add_argument("--size-limit", type=int, default=33554432)
    p.add_argument("--inject-after-starttls", help='reply lines ("|" between them) sent with the 220 to STARTTLS')
    p.add_argument("--refuse-sessions", type=int, default=0, help="greet the first N sessions with 554 and close them")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)

    kwargs = {"data_size_limit": a.size_limit}
    if a.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.tls_cert, a.tls_key)
        kwargs.update(tls_context=context, require_starttls=True)
    if a.auth:
        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)

    # Clients connect to "localhost", which resolves to ::1 as well as 127.0.0.1: the relay listens on both,
    # on a port free on both, so that no other test's server on the other family takes the connection.
    port = a.port or free_port()
    if a.inject_after_starttls:
        MisbehavingSMTP.inject = a.inject_after_starttls.replace("|", "\r\n").encode()
    controller = MisbehavingController(Sink(a.out, a.reject, a.slow_rcpt), hostname="localhost", port=port,
                            server_hostname="localhost", **kwargs)
    controller.start()
    # Counted from here: starting, the controller opened a session of its own to check it answers.
    MisbehavingSMTP.refuse = a.refuse_sessions
    print("READY %d" % port, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
