#!/usr/bin/env python3
"""A local receiver for Tracehound's webhook notifications: checks each one's signature and prints it.

./dev receiver starts it on the port and with the secret of the demo workspace's "Local webhook
receiver" channel (docs/incidents.md). Every verified body is also appended, one JSON object a line,
to the file given with --out, so a script can read what arrived.
"""
import argparse
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 300


def verify(secret, header, body, now):
    """Whether the Tracehound-Signature header (t=<unix seconds>,v1=<hex HMAC-SHA256>) signs this body."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if "t" not in parts or "v1" not in parts or not parts["t"].isdigit():
        return False, "malformed signature header"
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, parts["v1"]):
        return False, "signature does not match (wrong secret, or the body was changed)"
    if abs(now - int(parts["t"])) > TOLERANCE_SECONDS:
        return False, "timestamp more than 5 minutes from this clock (a replay?)"
    return True, "signature ok"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=9099)
    parser.add_argument("--secret", required=True, help="the channel's signing secret (whsec_...)")
    parser.add_argument("--out", help="append each verified notification to this file, one JSON a line")
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            ok, why = verify(args.secret, self.headers.get("Tracehound-Signature", ""), body, int(time.time()))
            if not ok:
                print(f"REFUSED {self.headers.get('Tracehound-Event-Id', '?')}: {why}", flush=True)
                self.send_response(401)
                self.end_headers()
                return
            note = json.loads(body)
            print(f"[{note.get('kind')}] {note.get('title')} ({why}; event {note.get('id')})", flush=True)
            if note.get("text"):
                print("    " + note["text"].replace("\n", "\n    "), flush=True)
            if note.get("link"):
                print("    " + note["link"], flush=True)
            if args.out:
                with open(args.out, "a", encoding="utf-8") as out:
                    out.write(json.dumps(note) + "\n")
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"receiving Tracehound webhooks on http://127.0.0.1:{args.port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
