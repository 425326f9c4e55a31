import NitroFormats

/// The example specs `nitroforge init` writes and `examples/*/nitroforge.yaml` holds (a test keeps them
/// equal). Short on purpose: everything left out takes its default.
public enum SpecExample: String, CaseIterable, Sendable {
    case inference
    case training
    case existingVPC = "existing-vpc"

    /// The opening comment lines, without `# `.
    var summary: [String] {
        switch self {
        case .inference:
            return ["Inference: a new VPC, the producer on EC2 behind a public HTTPS load balancer,",
                    "and an HTTP model server inside the enclave."]
        case .training:
            return ["Training: a larger enclave running a command per job, a model encrypted for the enclave,",
                    "jobs and results kept under S3 Object Lock, and a signed enclave image (PCR8)."]
        case .existingVPC:
            return ["Existing VPC: the instances go into subnets you already have; the producer runs outside",
                    "this deployment (only its role and keys are generated)."]
        }
    }

    /// The spec's content; keys are written in the description table's order.
    var content: JSONValue {
        switch self {
        case .inference: return Self.inferenceContent
        case .training: return Self.trainingContent
        case .existingVPC: return Self.existingVPCContent
        }
    }

    private static func header(name: String, region: String, account: String?) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "apiVersion": .string(SpecDescription.apiVersion), "name": .string(name), "region": .string(region),
        ]
        if let account { fields["accountId"] = .string(account) }
        return fields
    }

    private static func strings(_ values: [String]) -> JSONValue {
        .array(values.map(JSONValue.string))
    }

    private static func role(_ name: String) -> JSONValue {
        .string("arn:aws:iam::111122223333:role/\(name)")
    }

    private static let inferenceContent: JSONValue = .object(header(name: "fraud-scoring", region: "us-east-1", account: "111122223333").merging([
        "network": .object(["egress": .string("nat")]),
        "producer": .object([
            "auth": .object(["oidc": .object([
                "issuer": .string("https://login.example.com"), "audience": .string("fraud-scoring-api"),
            ])]),
            "ingress": .object([
                "scheme": .string("public"),
                "certificateArn": .string("arn:aws:acm:us-east-1:111122223333:certificate/4f3c2a1b-8d7e-4c6b-9a5f-0e1d2c3b4a59"),
                "wafRateLimit": .integer(2000),
            ]),
        ]),
        "kms": .object([
            "administrators": .array([role("platform-admin")]),
            "resultReaders": .array([role("fraud-analysts")]),
        ]),
        "enclave": .object([
            // The example processor is built from this package, so the build context is the source tree.
            "image": .object(["dockerfile": .string("enclave/Dockerfile"), "context": .string("../..")]),
            "processor": .object(["http": .object([
                "url": .string("http://127.0.0.1:8080/score"),
                "command": strings(["/usr/local/bin/nitroforge-example", "serve", "--model", "/opt/model/model.json",
                                    "--listen", "127.0.0.1:8080"]),
                "devCommand": strings(["nitroforge-example", "serve", "--model", "model.json", "--listen", "127.0.0.1:8080"]),
            ])]),
        ]),
    ]) { $1 })

    private static let trainingContent: JSONValue = .object(header(name: "claims-training", region: "eu-central-1", account: "111122223333").merging([
        "producer": .object([
            "auth": .object(["apiKeys": .array([.object([
                "name": .string("data-engineering"),
                "sha256": .string("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            ])])]),
            "ingress": .object([
                "certificateArn": .string("arn:aws:acm:eu-central-1:111122223333:certificate/0b6e7d1c-2a3f-4e5d-8c9b-7a6f5e4d3c2b"),
            ]),
        ]),
        "storage": .object([
            "objectLock": .object(["mode": .string("COMPLIANCE"), "retentionDays": .integer(90)]),
            "lifecycleDays": .integer(365),
        ]),
        "kms": .object([
            "administrators": .array([role("security-admin"), role("terraform-deployer")]),
            "resultReaders": .array([role("ml-engineers")]),
            "modelPublisher": role("model-release"),
        ]),
        "enclave": .object([
            "instanceType": .string("m6i.4xlarge"),
            "vcpus": .integer(12),
            "memoryMiB": .integer(49152),
            "image": .object(["dockerfile": .string("trainer/Dockerfile"), "context": .string("../..")]),
            "processor": .object(["exec": .object(["argv": strings(["/usr/local/bin/nitroforge-example", "train"])])]),
            "jobTimeoutSeconds": .integer(7200),
            "model": .object(["bucket": .string("claims-models-111122223333"), "key": .string("base/claims-bert-v4.esdk")]),
            "signingCertificate": .string("certs/enclave-signing.pem"),
        ]),
        "scaling": .object(["min": .integer(0), "max": .integer(2), "targetBacklogPerInstance": .integer(1)]),
    ]) { $1 })

    private static let existingVPCContent: JSONValue = .object(header(name: "prompt-redaction", region: "us-west-2", account: nil).merging([
        "network": .object([
            "mode": .string("existing"),
            "vpcId": .string("vpc-0a1b2c3d4e5f60718"),
            "privateSubnetIds": .array([.string("subnet-0123456789abcdef0"), .string("subnet-0fedcba9876543210")]),
        ]),
        "producer": .object([
            "runsOn": .string("external"),
            "auth": .object(["apiKeys": .array([.object([
                "name": .string("gateway"),
                "sha256": .string("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),
            ])])]),
        ]),
        "kms": .object([
            "administrators": .array([role("platform-admin")]),
            "resultReaders": .array([role("redaction-service")]),
        ]),
        "enclave": .object([
            "instanceType": .string("c6i.2xlarge"),
            "image": .object(["oci": .string(
                "public.ecr.aws/example/prompt-redactor@sha256:3b5d5c3712955042212316173ccf37be0fe31a2d6e5b2d8e9f1e3c4b5a69788d")]),
            "processor": .object(["http": .object([
                "url": .string("http://127.0.0.1:9000/redact"),
                "command": strings(["/usr/local/bin/prompt-redactor", "--listen", "127.0.0.1:9000"]),
            ])]),
        ]),
    ]) { $1 })
}
