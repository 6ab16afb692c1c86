#!/usr/bin/env python3
"""An HTTP SMS gateway on loopback for the messaging tests (http.server).

usage: sms_gateway.py OUT_DIR --token TOKEN

Accepts POST /send with a JSON body {"to": ..., "text": ..., "key": ...}
and the header "Authorization: Bearer TOKEN" (else 401). Writes the port to
OUT_DIR/port when ready. Every request is appended to OUT_DIR/requests.jsonl
(the Idempotency-Key header, the body, the answer's status). A request whose
Idempotency-Key was accepted before is answered with the same message id
and not delivered again, as a gateway that honours idempotency keys does;
each first delivery is appended to OUT_DIR/delivered.jsonl.

The recipient chooses the behaviour:
  +989111111111  400 {"error": "invalid number"}        (permanent)
  +989122222222  503 the first time, then accepted       (temporary)
  +989133333333  no answer for 3 s the first time, then accepted (timeout)
  +989144444444  200 with status "rejected"              (permanent)
  anything else  200 {"messages": [{"id": "gw-N", "status": "queued"}]}
Runs until killed.
"""
import argparse
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
accepted = {}  # idempotency key -> message id
seen_recipients = set()


def append(path, record):
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
        f.flush()


class Gateway(BaseHTTPRequestHandler):
    out_dir = "."
    token = ""

    def log_message(self, *args):
        pass

    def answer(self, status, payload, record):
        record["status"] = status
        with lock:
            append(os.path.join(self.out_dir, "requests.jsonl"), record)
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        key = self.headers.get("Idempotency-Key", "")
        record = {"key": key, "path": self.path, "body": raw.decode("utf-8", "replace")}
        if self.headers.get("Authorization") != "Bearer " + self.token:
            return self.answer(401, {"error": "bad token"}, record)
        try:
            message = json.loads(raw)
        except ValueError:
            return self.answer(400, {"error": "not JSON"}, record)
        to = message.get("to", "")
        with lock:
            first_time = to not in seen_recipients
            seen_recipients.add(to)
        if to == "+989111111111":
            return self.answer(400, {"error": "invalid number"}, record)
        if to == "+989122222222" and first_time:
            return self.answer(503, {"error": "busy"}, record)
        if to == "+989133333333" and first_time:
            time.sleep(3)
            return self.answer(504, {"error": "late"}, record)
        if to == "+989144444444":
            return self.answer(200, {"messages": [{"id": "x", "status": "rejected"}]}, record)
        with lock:
            known = key in accepted
            if not known:
                accepted[key] = "gw-%d" % (len(accepted) + 1)
                append(os.path.join(self.out_dir, "delivered.jsonl"),
                       {"key": key, "id": accepted[key], "to": to,
                        "text": message.get("text", "")})
            message_id = accepted[key]
        record["repeat"] = known
        return self.answer(200, {"messages": [{"id": message_id, "status": "queued"}]}, record)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--token", required=True)
    args = parser.parse_args()
    Gateway.out_dir = args.out_dir
    Gateway.token = args.token
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    port_file = os.path.join(args.out_dir, "port")
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
