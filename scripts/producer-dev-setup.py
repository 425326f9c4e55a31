#!/usr/bin/env python3
"""Creates what a producer needs in the AWS endpoint of the environment (moto on loopback, normally):
a data key with an alias, a storage key, a bucket and a queue; prints a producer configuration for them
(plain HTTP on 127.0.0.1:PORT, one API key) on standard output and the API key on standard error.

    AWS_ENDPOINT_URL=http://127.0.0.1:5000 .tools/bin/python scripts/producer-dev-setup.py [--port 8080] [--app demo] > dev.producer.yaml

Development only: `nitroforge generate` writes the production configuration (host/producer.yaml)."""
import argparse
import hashlib
import os
import secrets
import sys

import boto3

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--port", type=int, default=8080)
parser.add_argument("--app", default="demo")
parser.add_argument("--api-key", help="the API key to accept (a random one by default)")
args = parser.parse_args()
if not os.environ.get("AWS_ENDPOINT_URL"):
    sys.exit("producer-dev-setup: AWS_ENDPOINT_URL is not set: this script is for a local moto_server, not an AWS account")
region = os.environ.get("AWS_REGION", "us-east-1")
kms, s3, sqs = (boto3.client(name, region_name=region) for name in ("kms", "s3", "sqs"))

data_key = kms.create_key(Description=f"{args.app} job data keys")["KeyMetadata"]["Arn"]
alias = f"alias/{args.app}-data"
kms.create_alias(AliasName=alias, TargetKeyId=data_key)
storage_key = kms.create_key(Description=f"{args.app} storage")["KeyMetadata"]["Arn"]
bucket = f"{args.app}-jobs"
s3.create_bucket(Bucket=bucket)
queue = sqs.create_queue(QueueName=f"{args.app}-jobs")["QueueUrl"]
api_key = args.api_key or secrets.token_urlsafe(24)
print(f"api key: {api_key}", file=sys.stderr)
print(f"""# Development producer for {args.app}, made by scripts/producer-dev-setup.py.
app: {args.app}
region: {region}
listen:
  host: 127.0.0.1
  port: {args.port}
  tls: none
maxPayloadBytes: 1073741824
auth:
  apiKeys:
    - name: dev
      sha256: "{hashlib.sha256(api_key.encode()).hexdigest()}"
encryption:
  dataKey: {alias}
  algorithm: AES_256_GCM_HKDF_SHA512_COMMIT_KEY
  frameBytes: 1048576
storage:
  bucket: {bucket}
  jobsPrefix: jobs/
  storageKeyArn: {storage_key}
queue:
  url: {queue}""")
