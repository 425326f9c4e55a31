@testable import NitroForgeGen

/// A deployment like examples/inference, built by hand so renderer tests do not depend on the spec loader.
enum SampleDeployment {
    static let pcr0 = String(repeating: "ab", count: 48)

    static var inference: Deployment {
        Deployment(
            name: "nf-inference", region: "us-east-1", accountId: nil, tags: ["team": "ml"],
            network: .create(cidr: "10.40.0.0/16", availabilityZones: 2), egress: .nat,
            producer: .init(
                port: 8443, auth: .oidc(issuer: "https://issuer.example.com", audience: "nitroforge", jwksURL: nil, requiredScope: nil),
                maxPayloadBytes: 64 << 20, placement: .ec2,
                ingress: .init(isPublic: true, certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/abc", wafRateLimit: nil),
                instanceType: "c6i.large"
            ),
            storage: .init(bucketName: nil, objectLock: nil, lifecycleDays: 30, accessLogging: true),
            queue: .init(name: "nf-inference-jobs", visibilityTimeoutSeconds: 900, maxReceiveCount: 3, retentionSeconds: 345_600),
            kms: .init(rotation: true, deletionWindowDays: 30, administratorArns: ["arn:aws:iam::111122223333:role/Admin"],
                       resultReaderArns: ["arn:aws:iam::111122223333:role/ResultReader"], modelPublisherArn: nil),
            enclave: .init(
                instanceType: "m6i.xlarge", cpuCount: 2, memoryMiB: 4096, debug: false,
                image: .dockerfile(path: "processor/Dockerfile", context: "processor"), processor: .http(url: "http://127.0.0.1:8080/infer"),
                modelArtifact: nil, measurementsPath: "build/measurements.json", extraPCR0: [], signingCertificatePath: nil,
                jobTimeoutSeconds: 600
            ),
            scaling: .init(min: 1, max: 4, targetBacklogPerInstance: 10),
            results: .init(store: true, prefix: "results/", deleteInputAfterResult: false),
            monitoring: .init(alarms: true, cloudTrail: true, snsTopicArn: nil, alarmEmail: nil, logRetentionDays: 365),
            measurements: .init(pcr0: pcr0, pcr1: pcr0, pcr2: pcr0, pcr8: nil),
            specPath: "../examples/inference/nitroforge.yaml"
        )
    }
}
