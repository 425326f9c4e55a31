#!/usr/bin/env python3
"""The reference producer of scripts/bench-producer.sh: the seed's design in Flask and boto3, written for the
benchmark only (issue 12, "Performance").

Same API shape and API-key check as nitroforge-producer, reading the same YAML configuration (app, auth.apiKeys,
encryption, storage, queue, maxPayloadBytes; listen.host, with --port replacing listen.port so that both can run
at once):
  POST /v1/jobs (and /encrypt), Authorization: Bearer <key> or X-API-Key: <key>, any body
    -> bodies of at most 4096 bytes: one KMS Encrypt of the body (the seed's design);
       larger bodies: the Python ESDK (one GenerateDataKey per message; suite and frame length from the file);
    -> put_object <jobsPrefix><jobId>.esdk with SSE-KMS (storageKeyArn), then send_message with the job
       message; 202 {"jobId","bucket","key","size","sha256"}.
  GET /healthz; GET /metrics: reference_producer_kms_calls_total{operation=...} (counted with botocore's
    before-call events on every KMS client this process makes, ESDK's included) and reference_jobs_total.
Served by Werkzeug with threaded=True (one thread per connection, HTTP/1.1 keep-alive), one process, no
reloader, so /proc/<pid>/stat of this process is all of its CPU.
AWS endpoint, region and credentials come from the environment (AWS_ENDPOINT_URL, AWS_REGION, ...).
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import logging
import os
import sys
import threading
import time
import uuid

import aws_encryption_sdk
import boto3
import botocore.session
import yaml
from aws_encryption_sdk.identifiers import Algorithm, CommitmentPolicy
from flask import Flask, Response, request

KMS_ENCRYPT_LIMIT = 4096  # the largest plaintext KMS Encrypt takes


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.kms = {}
        self.jobs = 0

    def kms_call(self, operation):
        with self.lock:
            self.kms[operation] = self.kms.get(operation, 0) + 1

    def job(self):
        with self.lock:
            self.jobs += 1


def uuid7():
    """A UUIDv7 in lower case, as the producer names jobs (Python 3.11 has no uuid.uuid7)."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return str(uuid.UUID(int=value))


def json_response(status, document):
    return Response(json.dumps(document, separators=(",", ":")) + "\n", status=status, mimetype="application/json")


def error(status, code, message):
    return json_response(status, {"error": {"code": code, "message": message}})


def create_app(config, counters):
    app_name = config["app"]
    max_payload = int(config["maxPayloadBytes"])
    keys = [(entry["name"], bytes.fromhex(entry["sha256"])) for entry in config["auth"]["apiKeys"]]
    encryption = config["encryption"]
    data_key = encryption["dataKey"]
    algorithm = getattr(Algorithm, encryption.get("algorithm", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY"))
    frame_length = int(encryption.get("frameBytes", 1_048_576))
    storage = config["storage"]
    bucket = storage["bucket"]
    prefix = storage.get("jobsPrefix", "jobs/")
    storage_key = storage["storageKeyArn"]
    queue_url = config["queue"]["url"]

    # One botocore session for every client, KMS calls counted on it (the ESDK's own KMS clients included).
    session = botocore.session.Session()
    session.register("before-call.kms", lambda model, **_: counters.kms_call(model.name))
    boto = boto3.session.Session(botocore_session=session)
    kms = boto.client("kms")
    s3 = boto.client("s3")
    sqs = boto.client("sqs")
    esdk = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
    provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(key_ids=[data_key], botocore_session=session)

    app = Flask("reference_producer")

    def principal():
        """The API-key check of nitroforge-producer: SHA-256 of the key, compared with every entry in constant time."""
        authorization = request.headers.get("Authorization")
        if authorization is not None:
            parts = authorization.split(" ", 1)
            if len(parts) != 2 or parts[0].lower() != "bearer" or not parts[1].strip():
                return None
            secret = parts[1].strip()
        else:
            secret = request.headers.get("X-API-Key", "")
            if not secret:
                return None
        digest = hashlib.sha256(secret.encode()).digest()
        matched = None
        for name, stored in keys:
            if hmac.compare_digest(stored, digest) and matched is None:
                matched = name
        return None if matched is None else f"apikey:{matched}"

    @app.post("/v1/jobs")
    @app.post("/encrypt")
    def submit():
        who = principal()
        if who is None:
            return error(401, "unauthorized", "missing or unknown API key")
        if request.content_length is not None and request.content_length > max_payload:
            return error(413, "payload_too_large", f"Content-Length {request.content_length} is over {max_payload} bytes")
        body = request.get_data(cache=False)
        if len(body) > max_payload:
            return error(413, "payload_too_large", f"the body is over {max_payload} bytes")
        job_id = uuid7()
        key = f"{prefix}{job_id}.esdk"
        context = {"nitroforge:app": app_name, "nitroforge:purpose": "input", "nitroforge:job": job_id,
                   "nitroforge:bucket": bucket, "nitroforge:key": key}
        try:
            if len(body) <= KMS_ENCRYPT_LIMIT:
                ciphertext = kms.encrypt(KeyId=data_key, Plaintext=body, EncryptionContext=context)["CiphertextBlob"]
            else:
                ciphertext, _ = esdk.encrypt(source=body, key_provider=provider, encryption_context=context,
                                             algorithm=algorithm, frame_length=frame_length)
            s3.put_object(Bucket=bucket, Key=key, Body=ciphertext, ContentType="application/octet-stream",
                          ServerSideEncryption="aws:kms", SSEKMSKeyId=storage_key)
        except Exception as failure:  # noqa: BLE001 - any AWS failure is a 503, as in ours
            return error(503, "service_unavailable", f"storing the job failed: {failure}")
        sha256 = hashlib.sha256(body).hexdigest()
        submitted = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        message = {"v": 1, "jobId": job_id, "bucket": bucket, "key": key, "size": len(body), "sha256": sha256,
                   "submittedAt": submitted, "principal": who}
        try:
            sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(message, separators=(",", ":")))
        except Exception as failure:  # noqa: BLE001
            try:
                s3.delete_object(Bucket=bucket, Key=key)
            except Exception:  # noqa: BLE001
                pass
            return error(503, "service_unavailable", f"queueing the job failed: {failure}")
        counters.job()
        return json_response(202, {"jobId": job_id, "bucket": bucket, "key": key, "size": len(body), "sha256": sha256})

    @app.get("/healthz")
    def healthz():
        return json_response(200, {"status": "ok"})

    @app.get("/metrics")
    def metrics():
        with counters.lock:
            lines = [f'reference_producer_kms_calls_total{{operation="{op}"}} {n}' for op, n in sorted(counters.kms.items())]
            lines.append(f"reference_jobs_total {counters.jobs}")
        return Response("\n".join(lines) + "\n", mimetype="text/plain")

    # One ESDK encryption before serving, so the provider's regional client exists before threads race to make it.
    esdk.encrypt(source=b"\0" * (KMS_ENCRYPT_LIMIT + 1), key_provider=provider, algorithm=algorithm,
                 encryption_context={"nitroforge:purpose": "warm-up"}, frame_length=frame_length)
    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="the producer YAML configuration (the same file as ours)")
    parser.add_argument("--port", type=int, help="listen port (default: the file's listen.port)")
    parser.add_argument("--quiet", action="store_true", help="no per-request log lines")
    arguments = parser.parse_args()
    with open(arguments.config, encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    if "apiKeys" not in config.get("auth", {}):
        sys.exit("reference_producer: only auth.apiKeys is supported")
    if arguments.quiet:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    counters = Counters()
    app = create_app(config, counters)
    listen = config.get("listen", {})
    app.run(host=listen.get("host", "0.0.0.0"), port=arguments.port or int(listen["port"]), threaded=True,
            use_reloader=False, debug=False)


if __name__ == "__main__":
    main()
