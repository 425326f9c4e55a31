"""What TerraformApplyTests asks of the moto_server standing in for an AWS account (ours; runs under
$NITROFORGE_TOOLS/python with boto3). Every command prints one JSON document.

  prepare-certificate ENDPOINT REGION         an imported self-signed certificate: {"arn"}
  prepare-vpc ENDPOINT REGION                 an existing VPC with two private subnets: {"vpc", "subnets"}
  read-back ENDPOINT REGION OUTPUTS_JSON      what apply created, as the test compares it with the design
  empty-bucket ENDPOINT REGION BUCKET         deletes every object version in it: {"deleted"}
  artifacts ENDPOINT REGION BUCKET            the SHA-256 of each object's bytes: {"objects": {key: hex}}
  put-job ENDPOINT REGION BUCKET              one object under jobs/ (the bucket policy deleted first): {"key"}
  tamper ENDPOINT REGION BUCKET KEY           one byte of the object changed in place: {"changed"}
  instances-at ENDPOINT REGION GROUP VERSION  moto's instances reported at that template version ("latest"): {"version"}
  leftovers ENDPOINT REGION KEEP_IDS...       everything still there after destroy, except moto's defaults
                                              and the ids given (what the test itself prepared)
"""
import datetime
import hashlib
import json
import sys

import boto3


def client(service, endpoint, region):
    return boto3.client(service, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def prepare_certificate(endpoint, region):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "producer.example.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("producer.example.com")]), critical=False)
            .sign(key, hashes.SHA256()))
    arn = client("acm", endpoint, region).import_certificate(
        Certificate=cert.public_bytes(serialization.Encoding.PEM),
        PrivateKey=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))["CertificateArn"]
    return {"arn": arn}


def prepare_vpc(endpoint, region):
    ec2 = client("ec2", endpoint, region)
    vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.60.{i}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
               for i, zone in enumerate(zones)]
    return {"vpc": vpc, "subnets": subnets}


def read_back(endpoint, region, outputs_path):
    outputs = {k: v["value"] for k, v in json.load(open(outputs_path)).items()}
    kms, s3, sqs, ec2 = (client(s, endpoint, region) for s in ("kms", "s3", "sqs", "ec2"))
    keys = {}
    for role in ("data", "results", "storage"):
        arn = outputs[f"{role}_key_arn"]
        metadata = kms.describe_key(KeyId=arn)["KeyMetadata"]
        keys[role] = {"id": metadata["KeyId"], "arn": arn, "state": metadata["KeyState"],
                      "policy": json.loads(kms.get_key_policy(KeyId=arn, PolicyName="default")["Policy"])}
    aliases = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]
               if not a["AliasName"].startswith("alias/aws/")}
    bucket = outputs["jobs_bucket"]
    encryption = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    jobs_bucket = {
        "name": bucket,
        "policy": json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]),
        "versioning": s3.get_bucket_versioning(Bucket=bucket).get("Status"),
        "encryption": [{"algorithm": r["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
                        "key": r["ApplyServerSideEncryptionByDefault"].get("KMSMasterKeyID"),
                        "bucketKey": r.get("BucketKeyEnabled", False)} for r in encryption],
        "publicAccessBlock": s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"],
    }
    queue = sqs.get_queue_attributes(QueueUrl=outputs["jobs_queue_url"], AttributeNames=["All"])["Attributes"]
    dlq = sqs.get_queue_attributes(QueueUrl=outputs["dead_letter_queue_url"], AttributeNames=["QueueArn"])["Attributes"]
    templates = {}
    for template in ec2.describe_launch_templates()["LaunchTemplates"]:
        data = ec2.describe_launch_template_versions(
            LaunchTemplateId=template["LaunchTemplateId"], Versions=["$Latest"])["LaunchTemplateVersions"][0]["LaunchTemplateData"]
        templates[template["LaunchTemplateName"]] = {
            "enclave": data.get("EnclaveOptions", {}).get("Enabled"),
            "httpTokens": data.get("MetadataOptions", {}).get("HttpTokens"),
            "hopLimit": data.get("MetadataOptions", {}).get("HttpPutResponseHopLimit"),
        }
    return {"keys": keys, "aliases": aliases, "jobsBucket": jobs_bucket,
            "jobsQueue": {"redrive": json.loads(queue.get("RedrivePolicy", "null")), "kmsKey": queue.get("KmsMasterKeyId"),
                          "deadLetterQueueArn": dlq["QueueArn"]},
            "launchTemplates": templates}


def empty_bucket(endpoint, region, bucket):
    s3 = client("s3", endpoint, region)
    deleted = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for item in page.get("Versions", []) + page.get("DeleteMarkers", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"], VersionId=item["VersionId"])
            deleted += 1
    return {"deleted": deleted}


def artifacts(endpoint, region, bucket):
    """Every object in the bucket with the SHA-256 of its bytes, as read back."""
    s3 = client("s3", endpoint, region)
    found = {}
    for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        found[item["Key"]] = hashlib.sha256(body).hexdigest()
    return {"objects": found}


def put_job(endpoint, region, bucket):
    """A job object in the jobs bucket, as the producer would leave one. moto applies the bucket policy's
    Deny statements without their conditions (TLS-only would refuse every write over its plain HTTP), so
    the policy goes first; destroy then finds it gone."""
    s3 = client("s3", endpoint, region)
    s3.delete_bucket_policy(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="jobs/left-behind.esdk", Body=b"ciphertext")
    return {"key": "jobs/left-behind.esdk"}


def instances_at(endpoint, region, group, version):
    """Which launch template version the group's instances were launched from, as moto reports it: moto
    reports each instance at its template's default version, and runs no instance refresh, so the default
    is set to VERSION ("latest" for the newest)."""
    autoscaling, ec2 = client("autoscaling", endpoint, region), client("ec2", endpoint, region)
    template_id = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[group])["AutoScalingGroups"][0]["LaunchTemplate"]["LaunchTemplateId"]
    if version == "latest":
        version = str(ec2.describe_launch_templates(LaunchTemplateIds=[template_id])["LaunchTemplates"][0]["LatestVersionNumber"])
    ec2.modify_launch_template(LaunchTemplateId=template_id, DefaultVersion=version)
    return {"version": version}


def tamper(endpoint, region, bucket, key):
    """The object with one byte changed, written back under its key."""
    s3 = client("s3", endpoint, region)
    body = bytearray(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    body[len(body) // 2] ^= 1
    s3.put_object(Bucket=bucket, Key=key, Body=bytes(body))
    return {"changed": len(body) // 2}


def leftovers(endpoint, region, keep):
    """One line per resource still there: "service kind id [state]"."""
    c = lambda s: client(s, endpoint, region)
    found = []
    # moto makes the account's default EBS key (AWS's aws/ebs) as a customer key when an instance launches
    # with encrypted volumes and no key of its own; on AWS it is AWS-managed, so it is not ours to destroy.
    aws_managed = {a.get("TargetKeyId") for a in c("kms").list_aliases()["Aliases"] if a["AliasName"].startswith("alias/aws/")}
    for key in c("kms").list_keys()["Keys"]:
        metadata = c("kms").describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        ebs_default = metadata.get("Description", "").startswith("Default master key that protects my EBS volumes")
        if metadata.get("KeyManager") == "CUSTOMER" and key["KeyId"] not in aws_managed and not ebs_default:
            found.append(f"kms key {key['KeyId']} {metadata['KeyState']} ({metadata.get('Description', '')}; {region})")
    found += [f"kms alias {a['AliasName']}" for a in c("kms").list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/")]
    found += [f"s3 bucket {b['Name']}" for b in c("s3").list_buckets().get("Buckets", [])]
    found += [f"sqs queue {q}" for q in c("sqs").list_queues().get("QueueUrls", [])]
    iam = c("iam")
    found += [f"iam role {r['RoleName']}" for r in iam.list_roles()["Roles"] if not r["Path"].startswith("/aws-service-role/")]
    found += [f"iam instance-profile {p['InstanceProfileName']}" for p in iam.list_instance_profiles()["InstanceProfiles"]]
    ec2 = c("ec2")
    default_vpcs = {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault")}
    skip = lambda vpc: vpc in default_vpcs or vpc in keep
    found += [f"ec2 vpc {v['VpcId']}" for v in ec2.describe_vpcs()["Vpcs"] if not skip(v["VpcId"])]
    found += [f"ec2 subnet {s['SubnetId']}" for s in ec2.describe_subnets()["Subnets"] if not skip(s["VpcId"]) and s["SubnetId"] not in keep]
    found += [f"ec2 security-group {g['GroupId']} {g['GroupName']}" for g in ec2.describe_security_groups()["SecurityGroups"]
              if not skip(g.get("VpcId")) and g["GroupName"] != "default"]
    found += [f"ec2 nat-gateway {n['NatGatewayId']} {n['State']}" for n in ec2.describe_nat_gateways()["NatGateways"] if n["State"] != "deleted"]
    found += [f"ec2 address {a.get('AllocationId')}" for a in ec2.describe_addresses()["Addresses"]]
    found += [f"ec2 internet-gateway {g['InternetGatewayId']}" for g in ec2.describe_internet_gateways()["InternetGateways"]
              if not any(skip(a["VpcId"]) for a in g.get("Attachments", []))]
    found += [f"ec2 vpc-endpoint {e['VpcEndpointId']} {e['State']}" for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]
              if e["State"].lower() != "deleted"]
    found += [f"ec2 flow-log {f['FlowLogId']}" for f in ec2.describe_flow_logs()["FlowLogs"]]
    found += [f"ec2 launch-template {t['LaunchTemplateName']}" for t in ec2.describe_launch_templates()["LaunchTemplates"]]
    found += [f"ec2 instance {i['InstanceId']} {i['State']['Name']}" for r in ec2.describe_instances()["Reservations"]
              for i in r["Instances"] if i["State"]["Name"] not in ("terminated", "shutting-down")]
    found += [f"autoscaling group {g['AutoScalingGroupName']}" for g in c("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]]
    elb = c("elbv2")
    found += [f"elbv2 load-balancer {b['LoadBalancerName']}" for b in elb.describe_load_balancers()["LoadBalancers"]]
    found += [f"elbv2 target-group {t['TargetGroupName']}" for t in elb.describe_target_groups()["TargetGroups"]]
    found += [f"wafv2 web-acl {w['Name']}" for w in c("wafv2").list_web_acls(Scope="REGIONAL")["WebACLs"]]
    found += [f"logs log-group {g['logGroupName']}" for g in c("logs").describe_log_groups()["logGroups"]]
    found += [f"cloudwatch alarm {a['AlarmName']}" for a in c("cloudwatch").describe_alarms()["MetricAlarms"]]
    found += [f"sns topic {t['TopicArn']}" for t in c("sns").list_topics()["Topics"]]
    found += [f"cloudtrail trail {t['Name']}" for t in c("cloudtrail").describe_trails()["trailList"]]
    return {"leftovers": sorted(found)}


def main(argv):
    command, endpoint, region = argv[1], argv[2], argv[3]
    if command == "prepare-certificate":
        result = prepare_certificate(endpoint, region)
    elif command == "prepare-vpc":
        result = prepare_vpc(endpoint, region)
    elif command == "read-back":
        result = read_back(endpoint, region, argv[4])
    elif command == "empty-bucket":
        result = empty_bucket(endpoint, region, argv[4])
    elif command == "artifacts":
        result = artifacts(endpoint, region, argv[4])
    elif command == "put-job":
        result = put_job(endpoint, region, argv[4])
    elif command == "instances-at":
        result = instances_at(endpoint, region, argv[4], argv[5])
    elif command == "tamper":
        result = tamper(endpoint, region, argv[4], argv[5])
    elif command == "leftovers":
        result = leftovers(endpoint, region, set(argv[4:]))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main(sys.argv)
