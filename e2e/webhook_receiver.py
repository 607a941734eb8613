"""A webhook receiver for the tests, written apart from the platform: it checks each
delivery's signature with Python's own hmac, answers 500 to the first FAIL requests
(to make the platform retry), and appends one JSON line per request to LOG.

Usage: webhook_receiver.py SECRET_FILE LOG FAIL
Prints the port it listens on (127.0.0.1 only), then serves until killed. The secret
is read from SECRET_FILE at each request, so the test can write it after registering.
"""

import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET_FILE, LOG, FAIL = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen = 0


def verify(header, body, secret):
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    t, v1 = parts.get("t", ""), parts.get("v1", "")
    if not t.isdigit():
        return False
    want = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, v1)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        seen += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            with open(SECRET_FILE) as f:
                secret = f.read().strip()
        except OSError:
            secret = ""
        ok = verify(self.headers.get("Gongkai-Signature", ""), body, secret)
        # A tampered body must not pass: the check is not one that accepts anything.
        tampered = verify(self.headers.get("Gongkai-Signature", ""), body + b" ", secret)
        status = 500 if seen <= FAIL else (200 if ok else 401)
        record = {
            "n": seen,
            "path": self.path,
            "signature_ok": ok,
            "tampered_ok": tampered,
            "topic": self.headers.get("Gongkai-Topic"),
            "delivery": self.headers.get("Gongkai-Delivery"),
            "content_type": self.headers.get("Content-Type"),
            "answered": status,
            "body": json.loads(body or b"null"),
            "at": time.time(),
        }
        with open(LOG, "a") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
