#!/usr/bin/env python3
"""A counting pass-through for KMS, for scripts/bench-producer.sh: both producers get AWS_ENDPOINT_URL_KMS pointing
here, every request is forwarded unchanged to the upstream endpoint (moto_server) and counted by its X-Amz-Target
operation, so KMS calls per job are measured on the wire, the same way for both producers.
GET /__counts answers {"GenerateDataKey": n, "Encrypt": n, ...} (cumulative; the benchmark takes differences).
Loopback only; one thread per connection, HTTP/1.1 keep-alive on both sides.
"""
import argparse
import http.client
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True, help="e.g. http://127.0.0.1:5000")
    arguments = parser.parse_args()
    upstream = urllib.parse.urlsplit(arguments.upstream)
    lock = threading.Lock()
    counts = {}
    local = threading.local()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def upstream_connection(self):
            if getattr(local, "connection", None) is None:
                local.connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=120)
            return local.connection

        def do_GET(self):
            if self.path == "/__counts":
                with lock:
                    body = json.dumps(counts).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.forward()

        def do_POST(self):
            self.forward()

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            target = self.headers.get("X-Amz-Target", "")
            operation = target.rsplit(".", 1)[-1] if target else f"{self.command} {self.path}"
            with lock:
                counts[operation] = counts.get(operation, 0) + 1
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            for attempt in (1, 2):
                connection = self.upstream_connection()
                try:
                    connection.request(self.command, self.path, body=body, headers=headers)
                    response = connection.getresponse()
                    data = response.read()
                    break
                except (http.client.HTTPException, OSError):
                    connection.close()
                    local.connection = None
                    if attempt == 2:
                        self.send_error(502, "upstream failed")
                        return
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP and name.lower() not in ("content-length", "server", "date"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
