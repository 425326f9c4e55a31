"""boto3 as an independent peer of the Swift clients (run by AWSClientTests with $NITROFORGE_TOOLS/python).

Usage: peer.py <command> <endpoint-url> [arguments...]; prints one JSON object on stdout.
Credentials and region come from the environment the test passes.
"""
import base64
import hashlib
import json
import sys
import urllib.request

import boto3


def client(service, endpoint):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1")


def count_versions(s3, bucket):
    versions = markers = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        versions += len(page.get("Versions", []))
        markers += len(page.get("DeleteMarkers", []))
    return {"versions": versions, "deleteMarkers": markers}


def main():
    command, endpoint, *args = sys.argv[1:]
    if command == "kms-decrypt":
        ciphertext_b64, context_json = args
        answer = client("kms", endpoint).decrypt(
            CiphertextBlob=base64.b64decode(ciphertext_b64), EncryptionContext=json.loads(context_json))
        print(json.dumps({"plaintext": base64.b64encode(answer["Plaintext"]).decode(), "keyId": answer["KeyId"]}))
    elif command == "s3-get":
        bucket, key = args
        body = client("s3", endpoint).get_object(Bucket=bucket, Key=key)["Body"].read()
        print(json.dumps({"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}))
    elif command == "s3-put":
        bucket, key, size = args
        body = bytes((i * 7 + 3) % 251 for i in range(int(size)))
        client("s3", endpoint).put_object(Bucket=bucket, Key=key, Body=body)
        print(json.dumps({"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}))
    elif command == "s3-list-uploads":
        (bucket,) = args
        uploads = client("s3", endpoint).list_multipart_uploads(Bucket=bucket).get("Uploads", [])
        print(json.dumps({"keys": [u["Key"] for u in uploads]}))
    elif command == "s3-versioned-bucket":
        # A versioned bucket of COUNT objects, k0 with two more versions, k1 deleted (a delete marker).
        bucket, count = args
        s3 = client("s3", endpoint)
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        for i in range(int(count)):
            s3.put_object(Bucket=bucket, Key=f"k{i}", Body=b"x")
        s3.put_object(Bucket=bucket, Key="k0", Body=b"y")
        s3.put_object(Bucket=bucket, Key="k0", Body=b"z")
        s3.delete_object(Bucket=bucket, Key="k1")
        print(json.dumps(count_versions(s3, bucket)))
    elif command == "s3-count-versions":
        (bucket,) = args
        print(json.dumps(count_versions(client("s3", endpoint), bucket)))
    elif command == "sqs-send":
        queue_url, body = args
        answer = client("sqs", endpoint).send_message(
            QueueUrl=queue_url, MessageBody=body,
            MessageAttributes={"origin": {"DataType": "String", "StringValue": "boto3"}})
        print(json.dumps({"messageId": answer["MessageId"]}))
    elif command == "sqs-receive":
        (queue_url,) = args
        sqs = client("sqs", endpoint)
        answer = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=5, MessageAttributeNames=["All"])
        messages = answer.get("Messages", [])
        for message in messages:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        print(json.dumps({"bodies": [m["Body"] for m in messages],
                          "attributes": [{k: v.get("StringValue") for k, v in m.get("MessageAttributes", {}).items()}
                                         for m in messages]}))
    elif command == "create-iam-user":
        # moto started with INITIAL_NO_AUTH_ACTION_COUNT=0 checks every request; its /moto-api/reset-auth
        # endpoint (never authenticated) lets exactly the next three IAM calls through unauthenticated.
        urllib.request.urlopen(urllib.request.Request(
            endpoint + "/moto-api/reset-auth", data=b"3", method="POST", headers={"Content-Type": "text/plain"})).read()
        iam = client("iam", endpoint)
        iam.create_user(UserName="nitroforge-test")
        iam.put_user_policy(UserName="nitroforge-test", PolicyName="all",
                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                                {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="nitroforge-test")["AccessKey"]
        print(json.dumps({"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
