/// The description table of `nitroforge.yaml`: every field once, with its type, default, allowed values
/// and meaning. The validator, `nitroforge schema` and `docs/spec-reference.md` are all generated from it.
public enum SpecDescription {
    public static let apiVersion = "nitroforge/v1"

    public static let root = ObjectShape([
        FieldDescription("apiVersion", .choice([apiVersion]), required: true,
                         "Version of this file's format; the only one is nitroforge/v1."),
        FieldDescription("name", .string(Formats.specName), required: true,
                         "Name of the deployment. It prefixes every resource and is the `nitroforge:app` encryption context."),
        FieldDescription("region", .string(Formats.region), required: true, "AWS region of every resource."),
        FieldDescription("accountId", .string(Formats.accountId),
                         "Account that owns the deployment. When set, ARNs in the generated policies name it; "
                            + "otherwise they use 111122223333 as a placeholder and Terraform fills in the real one."),
        .section("network", network, "Where the instances run."),
        .section("producer", required: true, producer, "The HTTPS service that encrypts submitted jobs."),
        .section("storage", storage, "The jobs bucket."),
        .section("queue", queue, "The jobs queue and its dead-letter queue."),
        .section("kms", required: true, kms, "The data, results and storage keys."),
        .section("enclave", required: true, enclave, "The Nitro Enclave that decrypts and processes jobs."),
        .section("scaling", scaling, "The Auto Scaling group of enclave hosts."),
        .section("results", results, "What happens to the enclave's (encrypted) results."),
        .section("monitoring", monitoring, "Alarms and the audit trail."),
        FieldDescription("tags", .stringMap(keyFormat: Formats.tagKey, valueMaxLength: 256, maxEntries: 40),
                         default: .object([:]),
                         "Tags added to every resource that takes tags (nitroforge adds `nitroforge:app` itself)."),
    ])

    static let network = ObjectShape([
        FieldDescription("mode", .choice(["create", "existing"]), default: .string("create"),
                         "`create` a new VPC, or use an `existing` one."),
        FieldDescription("cidr", .string(Formats.cidr), default: .string("10.0.0.0/16"),
                         "Address range of a new VPC (mode create)."),
        FieldDescription("availabilityZones", .integer(minimum: 2, maximum: 6), default: .integer(2),
                         "Number of availability zones a new VPC spans (mode create)."),
        FieldDescription("vpcId", .string(Formats.vpcId), "The existing VPC (mode existing)."),
        FieldDescription("privateSubnetIds", .list(.string(Formats.subnetId), minItems: 1, unique: true),
                         "Existing private subnets for the instances (mode existing)."),
        FieldDescription("publicSubnetIds", .list(.string(Formats.subnetId), minItems: 1, unique: true),
                         "Existing public subnets for a public load balancer (mode existing, producer ingress public)."),
        FieldDescription("egress", .choice(["endpoints", "nat"]), default: .string("endpoints"),
                         "`endpoints`: the instances reach AWS only through VPC endpoints, no internet. "
                            + "`nat`: a NAT gateway as well (needed to fetch an OIDC issuer's keys)."),
    ], conditions: [
        FieldCondition(when: "mode", equals: "existing", require: ["vpcId", "privateSubnetIds"]),
        FieldCondition(when: "mode", equals: "create", forbid: ["vpcId", "privateSubnetIds", "publicSubnetIds"]),
    ])
}
