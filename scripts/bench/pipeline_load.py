#!/usr/bin/env python3
"""Load and measurement of scripts/bench-pipeline.sh, against a stack from `nitroforge dev up --detach --json`.
Prints one JSON document on standard output; nothing is asserted.

  many   N jobs of one body file from C concurrent clients (threads, one keep-alive connection each).
  large  K jobs of S MiB, one after the other, each streamed as 1 MiB writes of a reused random chunk with a
         Content-Length header (no file, no memory of its size), the next submitted once the last is deleted.

When a job's result is stored is read from the host agent's log ("job result stored", millisecond timestamps),
which costs moto nothing; every result is then confirmed in the bucket (ListObjectsV2 on the results prefix for
`many`, HeadObject for `large`). Latency is from the moment a submission starts to that timestamp (one clock:
everything runs on this machine). After the last result: the jobs' "job deleted" lines, then the depth of the
queue and its dead-letter queue (ApproximateNumberOfMessages + NotVisible + Delayed), polled until both are 0
or --settle seconds pass.
CPU: utime+stime of each process in the stack's stack.json (/proc/PID/stat) just before the first submission
and just after the last result is seen (cpuWallSeconds apart); "processor" is the enclave agent's live
descendants (an http processor) plus the children it reaped (exec processors run per job).
--kms-counter NAME=URL (repeatable): a scripts/bench/kms_counter.py whose /__counts are read before and after.
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime

import boto3
from botocore.config import Config

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an ascending list (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return sorted_values[int(rank) - 1]


# --- CPU of the stack's processes -------------------------------------------------------------------------

def proc_stat(pid):
    """(ppid, own ticks, reaped children's ticks) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = proc_stat(int(entry))
            if stat:
                children.setdefault(stat[0], []).append(int(entry))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def cpu_seconds(stack_file):
    """CPU seconds so far of each process named in stack.json, and of the enclave's processor."""
    processes = json.load(open(stack_file))["processes"]
    seconds = {}
    for process in processes:
        stat = proc_stat(process["pid"])
        if stat is None:
            seconds[process["name"]] = None
            continue
        below = stat[2]
        for child in descendants(process["pid"]):
            child_stat = proc_stat(child)
            if child_stat:
                below += child_stat[1] + child_stat[2]
        if process["name"] == "enclave":
            seconds["enclave"] = stat[1] / CLOCK_TICKS
            seconds["processor"] = below / CLOCK_TICKS
        else:
            seconds[process["name"]] = (stat[1] + below) / CLOCK_TICKS
    return seconds


def cpu_difference(before, after):
    return {name: round(after[name] - before[name], 2) if after.get(name) is not None and before.get(name) is not None
            else None for name in after}


# --- the host agent's log ---------------------------------------------------------------------------------

class HostLog:
    """Follows the host agent's JSON-lines log from where it ends now."""

    def __init__(self, path):
        self.handle = open(path, "rb")
        self.handle.seek(0, os.SEEK_END)
        self.partial = b""
        self.stored = {}    # jobId -> epoch seconds of "job result stored"
        self.deleted = set()
        self.failed = {}    # jobId -> reason of the last "job failed"

    def read(self):
        data = self.partial + self.handle.read()
        lines = data.split(b"\n")
        self.partial = lines.pop()
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("label") != "nitroforge-host":
                continue
            job = record.get("metadata", {}).get("jobId")
            message = record.get("message")
            if message == "job result stored":
                self.stored[job] = datetime.fromisoformat(record["timestamp"].replace("Z", "+00:00")).timestamp()
            elif message == "job deleted":
                self.deleted.add(job)
            elif message == "job failed":
                self.failed[job] = record["metadata"].get("reason", "")

    def wait(self, jobs, condition, timeout):
        """Reads until condition(job) holds for every job or timeout seconds pass; the jobs still missing."""
        deadline = time.monotonic() + timeout
        while True:
            self.read()
            missing = [job for job in jobs if not condition(job)]
            if not missing or time.monotonic() > deadline:
                return missing
            time.sleep(0.05)


# --- AWS stand-in -----------------------------------------------------------------------------------------

def clients(answer):
    identity = answer["identities"]["resultReader"]
    session = boto3.session.Session(aws_access_key_id=identity["accessKeyId"],
                                     aws_secret_access_key=identity["secretAccessKey"], region_name="us-east-1")
    config = Config(retries={"max_attempts": 2})
    return (session.client("s3", endpoint_url=answer["awsEndpoint"], config=config),
            session.client("sqs", endpoint_url=answer["awsEndpoint"], config=config))


def queue_depths(sqs, answer, settle):
    """Depth of the queue and its dead-letter queue, polled until both are 0 or settle seconds pass."""
    names = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed")
    deadline = time.monotonic() + settle
    while True:
        depths = {}
        for label, url in (("queue", answer["queueUrl"]), ("deadLetterQueue", answer["deadLetterQueueUrl"])):
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=list(names))["Attributes"]
            depths[label] = sum(int(attributes.get(name, 0)) for name in names)
        if not any(depths.values()) or time.monotonic() > deadline:
            return depths
        time.sleep(0.5)


def kms_counts(counters):
    return {name: json.loads(urllib.request.urlopen(f"{url}/__counts", timeout=10).read())
            for name, url in counters.items()}


# --- submission -------------------------------------------------------------------------------------------

def post(connection, path, api_key, size, write_body):
    """One POST; (status, answer)."""
    connection.putrequest("POST", path, skip_accept_encoding=True)
    connection.putheader("Authorization", f"Bearer {api_key}")
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", str(size))
    connection.endheaders()
    write_body(connection)
    response = connection.getresponse()
    return response.status, response.read(), response.will_close


def producer_target(answer):
    url = urllib.parse.urlsplit(answer["producerUrl"])
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("pipeline_load.py: loopback producers only")
    return url.hostname, url.port


def run_many(arguments, answer):
    host, port = producer_target(answer)
    body = open(arguments.body, "rb").read()
    s3, sqs = clients(answer)
    log = HostLog(arguments.host_log)
    counters = dict(item.split("=", 1) for item in arguments.kms_counter)
    lock = threading.Lock()
    next_index = [0]
    submitted = []    # (jobId, start epoch, accepted epoch)
    statuses, errors = {}, {}

    def client():
        connection = None
        while True:
            with lock:
                if next_index[0] >= arguments.jobs:
                    break
                next_index[0] += 1
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=arguments.timeout)
            start = time.time()
            try:
                status, answer_body, will_close = post(connection, "/v1/jobs", answer["apiKey"], len(body),
                                                       lambda c: c.send(body))
                accepted = time.time()
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if status == 202:
                        submitted.append((json.loads(answer_body)["jobId"], start, accepted))
                if will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as failure:
                with lock:
                    errors[type(failure).__name__] = errors.get(type(failure).__name__, 0) + 1
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    kms_before = kms_counts(counters)
    cpu_before = cpu_seconds(arguments.stack)
    first_submit = time.time()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(arguments.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    last_accepted = time.time()
    jobs = [job for job, _, _ in submitted]
    missing = log.wait(jobs, lambda job: job in log.stored or job in log.failed, arguments.timeout)
    cpu_after = cpu_seconds(arguments.stack)
    cpu_wall = time.time() - first_submit
    stored = [job for job in jobs if job in log.stored]
    last_stored = max((log.stored[job] for job in stored), default=None)

    listed = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=answer["bucket"], Prefix=arguments.results_prefix):
        listed.update(item["Key"] for item in page.get("Contents", []))
    in_bucket = sum(f"{arguments.results_prefix}{job}.esdk" in listed for job in stored)
    not_deleted = log.wait(stored, lambda job: job in log.deleted, 30)
    depths = queue_depths(sqs, answer, arguments.settle)
    kms_after = kms_counts(counters)

    latencies = sorted(log.stored[job] - start for job, start, _ in submitted if job in log.stored)
    wall = (last_stored - first_submit) if last_stored else None
    result = {
        "jobs": arguments.jobs, "bodyBytes": len(body), "concurrency": arguments.concurrency,
        "accepted": len(submitted), "statuses": {str(k): v for k, v in sorted(statuses.items())}, "errors": errors,
        "resultsStored": len(stored), "resultsInBucket": in_bucket, "failed": len(set(log.failed) & set(jobs)),
        "missing": len(missing), "notDeleted": len(not_deleted), "queueDepths": depths,
        "submitSeconds": round(last_accepted - first_submit, 3),
        "wallSeconds": round(wall, 3) if wall else None,
        "jobsPerSecond": round(len(stored) / wall, 2) if wall else None,
        "cpuSeconds": cpu_difference(cpu_before, cpu_after), "cpuWallSeconds": round(cpu_wall, 3),
        "kmsCalls": {name: {op: n - kms_before[name].get(op, 0) for op, n in counts.items()
                            if n != kms_before[name].get(op, 0)} for name, counts in kms_after.items()},
    }
    for name, fraction in (("p50", 0.50), ("p99", 0.99), ("max", 1.0)):
        value = percentile(latencies, fraction)
        result[f"{name}LatencyMs"] = None if value is None else round(value * 1000)
    if log.failed:
        result["failureReasons"] = sorted(set(log.failed.values()))[:3]
    return result


def run_large(arguments, answer):
    host, port = producer_target(answer)
    size = arguments.mib << 20
    chunk = os.urandom(1 << 20)
    s3, sqs = clients(answer)
    log = HostLog(arguments.host_log)

    def write_body(connection):
        view = memoryview(chunk)
        remaining = size
        while remaining > 0:
            piece = view[: min(len(chunk), remaining)]
            connection.send(piece)
            remaining -= len(piece)

    rows = []
    cpu_before = cpu_seconds(arguments.stack)
    first_submit = time.time()
    last_stored = None
    for _ in range(arguments.jobs):
        connection = http.client.HTTPConnection(host, port, timeout=arguments.timeout)
        start = time.time()
        try:
            status, answer_body, _ = post(connection, "/v1/jobs", answer["apiKey"], size, write_body)
        except (OSError, http.client.HTTPException) as failure:
            rows.append({"status": None, "error": type(failure).__name__})
            continue
        finally:
            connection.close()
        accepted = time.time()
        if status != 202:
            rows.append({"status": status, "answer": answer_body[:200].decode(errors="replace")})
            continue
        job = json.loads(answer_body)["jobId"]
        log.wait([job], lambda j: j in log.stored or j in log.failed, arguments.timeout)
        row = {"jobId": job, "status": status, "uploadSeconds": round(accepted - start, 3)}
        if job in log.stored:
            last_stored = log.stored[job]
            seconds = log.stored[job] - start
            head = s3.head_object(Bucket=answer["bucket"], Key=f"{arguments.results_prefix}{job}.esdk")
            row.update(seconds=round(seconds, 3), megabytesPerSecond=round(size / 1e6 / seconds, 1),
                       resultBytes=head["ContentLength"])
            log.wait([job], lambda j: j in log.deleted, 60)
        else:
            row["failed"] = log.failed.get(job, "no result within the timeout")
        rows.append(row)
    cpu_after = cpu_seconds(arguments.stack)
    cpu_wall = time.time() - first_submit
    done = [row for row in rows if "seconds" in row]
    wall = (last_stored - first_submit) if last_stored else None
    return {
        "jobs": arguments.jobs, "bodyBytes": size, "rows": rows, "resultsStored": len(done),
        "wallSeconds": round(wall, 3) if wall else None,
        "megabytesPerSecond": round(len(done) * size / 1e6 / wall, 1) if wall else None,
        "queueDepths": queue_depths(sqs, answer, arguments.settle),
        "cpuSeconds": cpu_difference(cpu_before, cpu_after), "cpuWallSeconds": round(cpu_wall, 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=("many", "large"))
    parser.add_argument("--answer", required=True, help="the JSON of dev up --json")
    parser.add_argument("--stack", required=True, help="STATE/stack.json")
    parser.add_argument("--host-log", required=True, help="STATE/logs/host.log")
    parser.add_argument("--jobs", type=int, required=True)
    parser.add_argument("--body", help="many: the file every job submits")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--mib", type=int, default=64, help="large: MiB per job")
    parser.add_argument("--results-prefix", default="results/")
    parser.add_argument("--kms-counter", action="append", default=[], metavar="NAME=URL")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds for a submission, and for results")
    parser.add_argument("--settle", type=float, default=15.0, help="seconds the queues get to drain")
    arguments = parser.parse_args()
    answer = json.load(open(arguments.answer))
    if arguments.mode == "many" and not arguments.body:
        parser.error("many needs --body")
    result = run_many(arguments, answer) if arguments.mode == "many" else run_large(arguments, answer)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
