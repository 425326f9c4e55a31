"""boto3 as an independent peer of the producer tests: creates the AWS resources a producer needs in a
moto_server, and reads back what the producer stored and queued, without any of nitroforge's code.

    peer.py setup URL APP            -> {"dataKeyArn", "dataKeyAlias", "storageKeyArn", "bucket", "queueUrl", "missingQueueUrl"}
    peer.py inventory URL BUCKET QUEUE_URL
                                     -> {"objects": {key: {"size", "metadata"}}, "messages": [body, ...]}
                                        (messages are received and deleted: the queue is drained)
    peer.py drain URL QUEUE_URL COUNT SECONDS
                                     -> [body, ...]: receives and deletes messages while they arrive, until COUNT
                                        or SECONDS have passed (a consumer beside a load: moto's SendMessage
                                        slows with the queue's length, as a real queue does not)
    peer.py get URL BUCKET KEY FILE  -> writes the object to FILE
    peer.py put URL BUCKET KEY OWNER -> stores an empty object with the producer's owner metadata
"""
import json
import sys
import time
import uuid

import boto3


def client(service, url):
    return boto3.client(service, endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def setup(url, app):
    kms, s3, sqs = client("kms", url), client("s3", url), client("sqs", url)
    suffix = uuid.uuid4().hex[:8]
    data_key = kms.create_key()["KeyMetadata"]["Arn"]
    alias = f"alias/{app}-data-{suffix}"
    kms.create_alias(AliasName=alias, TargetKeyId=data_key)
    storage_key = kms.create_key()["KeyMetadata"]["Arn"]
    bucket = f"{app}-jobs-{suffix}"
    s3.create_bucket(Bucket=bucket)
    queue = sqs.create_queue(QueueName=f"{app}-jobs-{suffix}")["QueueUrl"]
    missing = queue.rsplit("/", 1)[0] + f"/{app}-missing-{suffix}"
    return {"dataKeyArn": data_key, "dataKeyAlias": alias, "storageKeyArn": storage_key, "bucket": bucket,
            "queueUrl": queue, "missingQueueUrl": missing}


def inventory(url, bucket, queue):
    s3, sqs = client("s3", url), client("sqs", url)
    objects = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            objects[item["Key"]] = {"size": item["Size"], "metadata": {}}
    if len(objects) <= 100:  # HeadObject is slow in moto: metadata only for small inventories
        for key, entry in objects.items():
            head = s3.head_object(Bucket=bucket, Key=key)
            entry.update({"metadata": head.get("Metadata", {}), "sse": head.get("ServerSideEncryption"),
                          "sseKey": head.get("SSEKMSKeyId")})
    uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    messages = []
    while True:
        batch = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not batch:
            break
        for message in batch:
            messages.append(message["Body"])
        sqs.delete_message_batch(QueueUrl=queue, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)])
    return {"objects": objects, "messages": messages, "openUploads": len(uploads)}


def drain(url, queue, count, seconds):
    sqs = client("sqs", url)
    bodies, deadline = [], time.time() + seconds
    while len(bodies) < count and time.time() < deadline:
        batch = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        if batch:
            bodies.extend(m["Body"] for m in batch)
            sqs.delete_message_batch(QueueUrl=queue, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)])
    return bodies


def main():
    command, url = sys.argv[1], sys.argv[2]
    if command == "setup":
        print(json.dumps(setup(url, sys.argv[3])))
    elif command == "inventory":
        print(json.dumps(inventory(url, sys.argv[3], sys.argv[4])))
    elif command == "drain":
        print(json.dumps(drain(url, sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))))
    elif command == "get":
        client("s3", url).download_file(sys.argv[3], sys.argv[4], sys.argv[5])
    elif command == "put":
        client("s3", url).put_object(Bucket=sys.argv[3], Key=sys.argv[4], Body=b"",
                                     Metadata={"nitroforge-owner": sys.argv[5]})
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
