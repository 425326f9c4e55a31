"""boto3 as an independent observer of the pipeline tests (and as the untrusted host when a test plays an
attacker): reads queue depths and bucket listings, and writes objects and messages, without nitroforge's code.

    pipeline_peer.py counts URL QUEUE_URL DLQ_URL    -> {"queue": visible + in flight, "dlq": messages}
    pipeline_peer.py keys URL BUCKET PREFIX           -> [key, ...]
    pipeline_peer.py copy URL BUCKET SOURCE TARGET [DROP]
                                                      -> copies an object, without its last DROP bytes
    pipeline_peer.py put URL BUCKET KEY FILE          -> stores FILE's bytes
    pipeline_peer.py send URL QUEUE_URL BODY          -> sends one message
    pipeline_peer.py create-key URL                   -> the ARN of a new KMS key with moto's default policy
"""
import json
import sys

import boto3


def client(service, url):
    return boto3.client(service, endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="host", aws_secret_access_key="host")


def depth(sqs, queue):
    attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def main(argv):
    command, url = argv[1], argv[2]
    if command == "counts":
        sqs = client("sqs", url)
        print(json.dumps({"queue": depth(sqs, argv[3]), "dlq": depth(sqs, argv[4])}))
    elif command == "keys":
        s3 = client("s3", url)
        keys = []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=argv[3], Prefix=argv[4]):
            keys += [item["Key"] for item in page.get("Contents", [])]
        print(json.dumps(keys))
    elif command == "copy":
        s3 = client("s3", url)
        body = s3.get_object(Bucket=argv[3], Key=argv[4])["Body"].read()
        drop = int(argv[6]) if len(argv) > 6 else 0
        s3.put_object(Bucket=argv[3], Key=argv[5], Body=body[:len(body) - drop])
        print(json.dumps({"bytes": len(body) - drop}))
    elif command == "put":
        with open(argv[5], "rb") as handle:
            client("s3", url).put_object(Bucket=argv[3], Key=argv[4], Body=handle.read())
        print("{}")
    elif command == "send":
        client("sqs", url).send_message(QueueUrl=argv[3], MessageBody=argv[4])
        print("{}")
    elif command == "create-key":
        print(json.dumps(client("kms", url).create_key()["KeyMetadata"]["Arn"]))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
