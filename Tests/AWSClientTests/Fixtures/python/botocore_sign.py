"""botocore's own S3 signer under a frozen clock, to compare the Swift signer with byte for byte.

Reads one JSON object on stdin:
  {"time": "20260101T000000Z", "accessKeyId", "secretAccessKey", "sessionToken" (optional), "region",
   "requests": [{"method", "url", "headers": {name: value}, "bodyHex", "unsignedPayload": bool}],
   "presign": [{"method", "bucket", "key", "endpoint", "expires"}]}
Prints {"authorizations": [...], "contentSha256": [...], "presigned": [...]}.
"""
import datetime
import json
import sys

import boto3
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials


def main():
    spec = json.load(sys.stdin)
    frozen = datetime.datetime.strptime(spec["time"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    botocore.auth.get_current_datetime = lambda *args, **kwargs: frozen
    credentials = Credentials(spec["accessKeyId"], spec["secretAccessKey"], spec.get("sessionToken"))

    authorizations, content_sha256 = [], []
    for item in spec["requests"]:
        request = AWSRequest(method=item["method"], url=item["url"], headers=item["headers"],
                             data=bytes.fromhex(item["bodyHex"]))
        if item["unsignedPayload"]:
            # What botocore does for streaming bodies it will not hash.
            request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
            request.url = request.url.replace("http://", "https://", 1)
        botocore.auth.S3SigV4Auth(credentials, "s3", spec["region"]).add_auth(request)
        authorizations.append(request.headers["Authorization"])
        content_sha256.append(request.headers["X-Amz-Content-SHA256"])

    presigned = []
    for item in spec["presign"]:
        client = boto3.client(
            "s3", endpoint_url=item["endpoint"], region_name=spec["region"],
            aws_access_key_id=spec["accessKeyId"], aws_secret_access_key=spec["secretAccessKey"],
            aws_session_token=spec.get("sessionToken"),
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
        operation = {"GET": "get_object", "PUT": "put_object"}[item["method"]]
        presigned.append(client.generate_presigned_url(
            operation, Params={"Bucket": item["bucket"], "Key": item["key"]}, ExpiresIn=item["expires"]))
    print(json.dumps({"authorizations": authorizations, "contentSha256": content_sha256, "presigned": presigned}))


if __name__ == "__main__":
    main()
