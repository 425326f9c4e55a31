/// The brief's traceability matrix (plus model theft), each threat tied to the control nitroforge
/// generates for it and to the places in the rendered output that implement it. Places are found by a
/// marker in the rendered text, so SECURITY.md's line numbers are always those of the files beside it.
struct SecurityMatrix {
    struct Place {
        var file: String
        var marker: String
    }

    struct Threat {
        var threat: String
        var control: String
        /// Where the control is; places whose file or marker is absent in this deployment are left out.
        var places: [Place]
    }

    static func threats(_ deployment: Deployment) -> [Threat] {
        let onEC2 = deployment.producer.placement == .ec2
        let signed = deployment.enclave.signingCertificatePath != nil
        let producerServesTLS = deployment.producer.tls != .none
        return [
            Threat(
                threat: "Data interception during submission",
                control: onEC2
                    ? "HTTPS only: the load balancer listens on 443 with a TLS 1.2/1.3 policy and drops invalid headers; the producer serves TLS behind it too."
                    : producerServesTLS
                        ? "The producer serves TLS itself; nothing listens in plain HTTP."
                        : "The producer listens in plain HTTP (producer.tls: none): TLS must end in front of it on the same machine, which this deployment does not provide.",
                places: [Place(file: "producer.tf", marker: "ssl_policy"), Place(file: "producer.tf", marker: "drop_invalid_header_fields"),
                         Place(file: "host/producer.yaml", marker: "  tls:")]
            ),
            Threat(
                threat: "Unauthorized data submission",
                control: "Every request carries an OIDC bearer token checked against the issuer's keys, or an API key stored only as a hash; "
                    + "the producer role writes, reads back and deletes objects only under jobs/, and reads results only as ciphertext under the results key, which it cannot use.",
                places: [Place(file: "host/producer.yaml", marker: "auth:"), Place(file: "policies/producer-role.json", marker: "\"WriteJobObjects\""),
                         Place(file: "policies/producer-role.json", marker: "\"ReadBackAndDeleteJobObjects\""),
                         Place(file: "policies/producer-role.json", marker: "\"CheckResultObjects\"")]
            ),
            Threat(
                threat: "Compromise of the KMS key (CMK)",
                control: "Three keys with rotation; no statement for the account root, so IAM cannot widen access; administrators manage but cannot use the keys; CloudTrail and an alarm on key-policy, grant, deletion, disable and alias events.",
                places: [Place(file: "kms.tf", marker: "enable_key_rotation"), Place(file: "policies/data-key.json", marker: "\"KeyAdministratorsManageOnly\""),
                         Place(file: "monitoring.tf", marker: "resource \"aws_cloudtrail\""),
                         Place(file: "monitoring.tf", marker: "resource \"aws_cloudwatch_metric_alarm\" \"key_changes\"")]
            ),
            Threat(
                threat: "Weak encryption algorithms",
                control: "AWS Encryption SDK message format 2 with the committing suite AES-256-GCM HKDF-SHA512; one data key per job; TLS 1.2+ everywhere.",
                places: [Place(file: "host/producer.yaml", marker: "algorithm:"), Place(file: "producer.tf", marker: "ssl_policy")]
            ),
            Threat(
                threat: "Unauthorized access to the S3 bucket",
                control: "Public access blocked, bucket owner enforced, TLS-only and storage-key-only bucket policy, SSE-KMS with the storage key, access logs, S3 reached through a VPC gateway endpoint; the objects are ESDK ciphertext besides.",
                places: [Place(file: "storage.tf", marker: "block_public_acls"), Place(file: "policies/bucket.json", marker: "\"DenyInsecureTransport\""),
                         Place(file: "storage.tf", marker: "sse_algorithm     = \"aws:kms\""), Place(file: "network.tf", marker: "resource \"aws_vpc_endpoint\" \"s3\"")]
            ),
            Threat(
                threat: "Data integrity compromise",
                control: "Versioning on every bucket" + (deployment.storage.objectLock != nil ? ", Object Lock retention on the jobs bucket" : "")
                    + "; ESDK messages are authenticated (AES-GCM with key commitment), and the job message carries the object's SHA-256.",
                places: [Place(file: "storage.tf", marker: "status = \"Enabled\""), Place(file: "storage.tf", marker: "object_lock_enabled"),
                         Place(file: "host/host.yaml", marker: "storage:")]
            ),
            Threat(
                threat: "Unauthorized access to the SQS queue",
                control: "Only the producer role sends and only the consumer role receives; TLS-only queue policy; SSE with the storage key; messages carry no plaintext.",
                places: [Place(file: "queue.tf", marker: "resource \"aws_sqs_queue_policy\""), Place(file: "policies/consumer-role.json", marker: "\"ConsumeJobMessages\""),
                         Place(file: "queue.tf", marker: "kms_master_key_id")]
            ),
            Threat(
                threat: "Unauthorized decryption of data",
                control: "The data key decrypts only for the consumer role with an attestation whose PCR0 is allowed (StringEqualsIgnoreCase on kms:RecipientAttestation:ImageSha384); a Deny for every principal without it"
                    + (signed ? ", a separate Deny on PCR8 (the signing certificate)" : "") + "; ReEncrypt denied outright.",
                places: [Place(file: "kms.tf", marker: "EnclaveDecryptsWithAttestation"), Place(file: "kms.tf", marker: "DenyDecryptOutsideAllowedImages"),
                         Place(file: "kms.tf", marker: "DenyDecryptOutsideSigningCertificate"), Place(file: "kms.tf", marker: "DenyReEncryptForEveryone")]
            ),
            Threat(
                threat: "Data interception during retrieval",
                control: "S3, SQS and KMS are reached through VPC endpoints; the host moves ciphertext only; KMS TLS ends inside the enclave (vsock-proxy forwards to the regional KMS endpoint only).",
                places: [Place(file: "network.tf", marker: "resource \"aws_vpc_endpoint\" \"interface\""), Place(file: "enclave/vsock-proxy.yaml", marker: "allowlist:")]
            ),
            Threat(
                threat: "Unauthorized processing",
                control: "Processing happens only in a Nitro Enclave on hosts in private subnets with no inbound rules and no SSH; IMDSv2 with hop limit 1.",
                places: [Place(file: "compute.tf", marker: "enclave_options"), Place(file: "compute.tf", marker: "http_put_response_hop_limit"),
                         Place(file: "compute.tf", marker: "resource \"aws_security_group\" \"consumer\"")]
            ),
            Threat(
                threat: "Compromise of the Nitro Enclave",
                control: "Everything the enclave trusts (enclave.json, CA bundle, binaries) is inside the image and so inside PCR0; the keys accept only the measured PCR0 values; debug-mode (all-zero) PCRs are refused unless the spec says debug.",
                places: [Place(file: "enclave/Dockerfile", marker: "COPY enclave.json"), Place(file: "variables.tf", marker: "variable \"enclave_pcr0\""),
                         Place(file: "kms.tf", marker: "kms:RecipientAttestation:ImageSha384")]
            ),
            Threat(
                threat: "Model poisoning",
                control: "Training data and models are decrypted and used only inside the enclave; only the producer role"
                    + (deployment.kms.modelPublisherArn != nil ? " and the named model publisher" : "")
                    + " can encrypt under the data key, only for this app's encryption context.",
                places: [Place(file: "kms.tf", marker: "ProducersGenerateDataKeysForThisApp"), Place(file: "kms.tf", marker: "kms:EncryptionContext:nitroforge:app")]
            ),
            Threat(
                threat: "Unauthorized access to AI/ML models (model theft)",
                control: "Models reach the enclave encrypted under the data key, so only an allowed enclave image can decrypt them; the artifacts bucket is private, TLS-only and encrypted at rest.",
                places: [Place(file: "policies/consumer-role.json", marker: "\"ReadEnclaveArtifacts\""), Place(file: "kms.tf", marker: "DenyDecryptOutsideAllowedImages"),
                         Place(file: "policies/artifacts-bucket.json", marker: "\"DenyInsecureTransport\"")]
            ),
            Threat(
                threat: "Inferencing with compromised data",
                control: "The producer bounds payload size and authenticates the submitter; the host validates each job message (schema version, bucket, prefix, size); the ESDK rejects altered ciphertext.",
                places: [Place(file: "host/producer.yaml", marker: "maxPayloadBytes"), Place(file: "host/host.yaml", marker: "maxObjectBytes")]
            ),
            Threat(
                threat: "Unauthorized model deployment",
                control: "A new enclave image is accepted only after its PCR0 is added to the key policies by Terraform; instances install only artifacts whose SHA-256 matches their user data; key-policy changes raise an alarm.",
                places: [Place(file: "host/user-data.sh", marker: "sha256sum --check"), Place(file: "variables.tf", marker: "variable \"enclave_extra_pcr0\""),
                         Place(file: "monitoring.tf", marker: "resource \"aws_cloudwatch_log_metric_filter\" \"key_changes\"")]
            ),
            Threat(
                threat: "Model extraction attacks",
                control: "Authenticated clients only; "
                    + (deployment.producer.ingress?.wafRateLimit != nil ? "a WAF rate limit per client address; " : "")
                    + "queue-age and dead-letter alarms; CloudTrail data events on the jobs bucket.",
                places: [Place(file: "producer.tf", marker: "rate_based_statement"), Place(file: "host/producer.yaml", marker: "auth:"),
                         Place(file: "monitoring.tf", marker: "data_resource")]
            ),
        ]
    }
}
