#!/usr/bin/env python3
"""An SMTP server on loopback for the messaging tests (aiosmtpd).

usage: smtp_sink.py OUT_DIR [--user USER --password PASSWORD]

Listens on a free port of 127.0.0.1 and, once ready, writes the port to
OUT_DIR/port. Each message received is written twice: OUT_DIR/N.eml as it
came, and OUT_DIR/N.json as Python's email package reads it (envelope,
decoded subject and body, the headers the tests check), so the tests check
vafa's encoding against an independent decoder. With --user, AUTH is
required and only that user and password are let in. A recipient whose
address starts with "nobody@" is refused with 550. Runs until killed.
"""
import argparse
import email
import email.policy
import json
import logging
import os
import socket
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    @staticmethod
    def login_of(session):
        data = getattr(session, "auth_data", None)
        login = getattr(data, "login", None) if session.authenticated else None
        return login.decode() if login else ""

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.startswith("nobody@"):
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        raw = envelope.original_content or envelope.content
        base = os.path.join(self.out_dir, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        # A message with the open pixel is multipart/alternative: "body" is
        # its plain text part, "html" its HTML part.
        html = ""
        parts = [part.get_content_type() for part in message.walk()]
        if message.is_multipart():
            plain = message.get_body(preferencelist=("plain",))
            rich = message.get_body(preferencelist=("html",))
            body = plain.get_content() if plain is not None else ""
            html = rich.get_content() if rich is not None else ""
        else:
            body = message.get_content()
        summary = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["From"]),
            "to": str(message["To"]),
            "reply_to": str(message.get("Reply-To", "")),
            "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]),
            "list_unsubscribe": str(message.get("List-Unsubscribe", "")),
            "list_unsubscribe_post": str(message.get("List-Unsubscribe-Post", "")),
            "content_type": message.get_content_type(),
            "charset": message.get_content_charset(),
            "body": body,
            "html": html,
            "parts": parts,
            "auth_login": self.login_of(session),
        }
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 Message accepted"


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    # AUTH without TLS is what a loopback test wants; aiosmtpd warns of it.
    warnings.filterwarnings("ignore")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    port = free_port()
    extra = {}
    if args.user:
        extra = dict(authenticator=Authenticator(args.user, args.password),
                     auth_required=True, auth_require_tls=False)
    controller = Controller(Sink(args.out_dir), hostname="127.0.0.1", port=port,
                            **extra)
    controller.start()
    with open(os.path.join(args.out_dir, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(args.out_dir, "port.tmp"),
              os.path.join(args.out_dir, "port"))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
