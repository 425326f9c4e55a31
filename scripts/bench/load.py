#!/usr/bin/env python3
"""Load generator of scripts/bench-producer.sh: N POSTs of S bytes from C concurrent clients (threads, one
keep-alive http.client connection each), loopback only. Prints one JSON document on standard output:
requests, status counts, errors, wall seconds, jobs/s, latency p50/p90/p99/max in ms (from the first byte
sent to the last byte of the answer).

Bodies: random bytes made once; --stream sends each body as --chunk-bytes writes of a reused random chunk
with a Content-Length header, so bodies of any size (1 GiB) need no file and no memory of their size.
--sample-pid PID samples VmRSS and VmHWM of that process (/proc/PID/status) every --sample-ms during the
load and adds their peaks (KiB) to the output.
Bounded: stops starting requests after --deadline seconds; each socket operation times out after --timeout.
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an ascending list (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * fraction // 1))  # ceil(n * fraction)
    return sorted_values[int(rank) - 1]


def read_status(pid):
    values = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    values[name] = int(rest.split()[0])
    except OSError:
        pass
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="e.g. http://127.0.0.1:8080/v1/jobs")
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--size", type=int, required=True, help="body bytes")
    parser.add_argument("--stream", action="store_true", help="send each body in --chunk-bytes writes")
    parser.add_argument("--chunk-bytes", type=int, default=1 << 20)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per socket operation")
    parser.add_argument("--deadline", type=float, default=3600.0, help="seconds after which no request starts")
    parser.add_argument("--sample-pid", type=int)
    parser.add_argument("--sample-ms", type=int, default=100)
    parser.add_argument("--label", default="")
    arguments = parser.parse_args()

    url = urllib.parse.urlsplit(arguments.url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("load.py: loopback targets only")
    headers = {"Authorization": f"Bearer {arguments.api_key}", "Content-Type": "application/octet-stream",
               "Content-Length": str(arguments.size)}
    body = None if arguments.stream else os.urandom(arguments.size)
    chunk = os.urandom(min(arguments.chunk_bytes, max(arguments.size, 1)))

    lock = threading.Lock()
    next_index = [0]
    latencies = []
    statuses = {}
    errors = {}
    started = time.monotonic()
    deadline = started + arguments.deadline

    def take():
        with lock:
            if next_index[0] >= arguments.requests or time.monotonic() > deadline:
                return False
            next_index[0] += 1
            return True

    def send_body(connection):
        if body is not None:
            connection.send(body)
            return
        remaining = arguments.size
        view = memoryview(chunk)
        while remaining > 0:
            piece = view[: min(len(chunk), remaining)]
            connection.send(piece)
            remaining -= len(piece)

    def client():
        connection = None
        while take():
            if connection is None:
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=arguments.timeout)
            begin = time.monotonic()
            try:
                connection.putrequest("POST", url.path or "/", skip_accept_encoding=True)
                for name, value in headers.items():
                    connection.putheader(name, value)
                connection.endheaders()
                send_body(connection)
                response = connection.getresponse()
                response.read()
                elapsed = time.monotonic() - begin
                with lock:
                    statuses[response.status] = statuses.get(response.status, 0) + 1
                    if response.status == 202:
                        latencies.append(elapsed)
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as failure:
                with lock:
                    kind = type(failure).__name__
                    errors[kind] = errors.get(kind, 0) + 1
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    peaks = {"VmRSS": 0, "VmHWM": 0}
    sampling = threading.Event()

    def sampler():
        while not sampling.wait(arguments.sample_ms / 1000):
            for name, value in read_status(arguments.sample_pid).items():
                peaks[name] = max(peaks[name], value)

    sampler_thread = None
    if arguments.sample_pid:
        sampler_thread = threading.Thread(target=sampler, daemon=True)
        sampler_thread.start()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(arguments.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    result = {"label": arguments.label, "size": arguments.size, "requests": next_index[0],
              "concurrency": arguments.concurrency, "accepted": statuses.get(202, 0),
              "statuses": {str(k): v for k, v in sorted(statuses.items())}, "errors": errors,
              "wallSeconds": round(wall, 3), "jobsPerSecond": round(statuses.get(202, 0) / wall, 2) if wall else None}
    ordered = sorted(latencies)
    for name, fraction in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("max", 1.0)):
        value = percentile(ordered, fraction)
        result[f"{name}Ms"] = None if value is None else round(value * 1000, 2)
    if sampler_thread is not None:
        sampling.set()
        sampler_thread.join()
        for name, value in read_status(arguments.sample_pid).items():
            peaks[name] = max(peaks[name], value)
        result["peakVmRSSKiB"] = peaks["VmRSS"]
        result["VmHWMKiB"] = peaks["VmHWM"]
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
