import NitroForgeSpec
import NitroFormats

/// The variables, outputs and `nitroforge.auto.tfvars.json` of the deployment. Spec values and measurements
/// reach Terraform through variables, so the key policies read the PCRs from one place.
struct TerraformInputs {
    let deployment: Deployment

    private static let pcrPattern = "^[0-9a-f]{96}$"
    private static let zeroPCR = String(repeating: "0", count: 96)

    private struct Variable {
        var name: String
        var type: String
        var description: String
        var defaultValue: HCLExpression?
        var validation: (condition: String, message: String)?
        var tfvar: OrderedJSON?
    }

    /// EC2 instance type names are FAMILY.SIZE (m6i.xlarge, c7gn.metal-48xl).
    private static func instanceTypeValidation(_ reference: String) -> (condition: String, message: String) {
        ("can(regex(\"^[a-z][a-z0-9-]*\\\\.[a-z0-9-]+$\", \(reference)))", "An EC2 instance type such as m6i.xlarge.")
    }

    private var producerOnEC2: Bool { deployment.producer.placement == .ec2 && deployment.producer.ingress != nil }
    private var signed: Bool { deployment.enclave.signingCertificatePath != nil }

    private var variables: [Variable] {
        let measured = deployment.measurements
        let pcrCondition: (String) -> String = { reference in
            deployment.enclave.debug
                ? "can(regex(\"\(Self.pcrPattern)\", \(reference)))"
                : "can(regex(\"\(Self.pcrPattern)\", \(reference))) && \(reference) != \"\(Self.zeroPCR)\""
        }
        let pcrMessage = deployment.enclave.debug
            ? "Must be 96 lower-case hex digits (SHA-384)."
            : "Must be 96 lower-case hex digits (SHA-384), not all zeros (all zeros is a debug-mode enclave)."
        var list: [Variable] = [
            Variable(
                name: "name", type: "string", description: "Deployment name; prefixes every resource name. From the spec (name).",
                validation: ("can(regex(\"^[a-z][a-z0-9-]{1,38}$\", var.name))", "Lower-case letters, digits and hyphens, 2 to 39 characters, starting with a letter."),
                tfvar: .string(deployment.name)
            ),
            Variable(
                name: "region", type: "string", description: "AWS region of the deployment. From the spec (region).",
                validation: ("can(regex(\"^[a-z]{2}(-[a-z]+)+-[0-9]$\", var.region))", "An AWS region name such as us-east-1."),
                tfvar: .string(deployment.region)
            ),
            Variable(
                name: "tags", type: "map(string)", description: "Tags for every resource (the provider's default_tags). From the spec (tags).",
                defaultValue: .object([]),
                tfvar: .object(deployment.tags.sorted { $0.key < $1.key }.map { ($0.key, OrderedJSON.string($0.value)) })
            ),
            Variable(
                name: "enclave_pcr0", type: "string",
                description: "PCR0 (image measurement) of the enclave image; the data and results keys accept it. `nitroforge generate` writes it into nitroforge.auto.tfvars.json from measurements.json; before the image is measured, pass it with -var.",
                validation: (pcrCondition("var.enclave_pcr0"), pcrMessage),
                tfvar: measured.map { .string($0.pcr0) }
            ),
            Variable(
                name: "enclave_extra_pcr0", type: "list(string)",
                description: "Further PCR0 values the keys accept while a new image rolls out and the old one drains. From the spec (enclave.extraAllowedPCR0).",
                defaultValue: .list([]),
                validation: ("alltrue([for value in var.enclave_extra_pcr0 : \(pcrCondition("value"))])", pcrMessage),
                tfvar: .array(deployment.enclave.extraPCR0.map(OrderedJSON.string))
            ),
        ]
        if signed {
            list.append(Variable(
                name: "enclave_pcr8", type: "string",
                description: "PCR8 (signing certificate measurement) of the signed enclave image. `nitroforge generate` writes it into nitroforge.auto.tfvars.json from measurements.json; before the image is measured, pass it with -var.",
                validation: (pcrCondition("var.enclave_pcr8"), pcrMessage),
                tfvar: measured?.pcr8.map(OrderedJSON.string)
            ))
        }
        list += [
            Variable(
                name: "instance_type", type: "string",
                description: "Instance type of the consumer hosts (Nitro Enclaves capable). From the spec (enclave.instanceType).",
                validation: Self.instanceTypeValidation("var.instance_type"), tfvar: .string(deployment.enclave.instanceType)
            ),
            Variable(
                name: "consumer_min_size", type: "number", description: "Fewest consumer hosts. From the spec (scaling.min).",
                validation: ("var.consumer_min_size >= 0", "Must be 0 or more."), tfvar: .integer(deployment.scaling.min)
            ),
            Variable(
                name: "consumer_max_size", type: "number", description: "Most consumer hosts. From the spec (scaling.max).",
                validation: ("var.consumer_max_size >= 1", "Must be 1 or more."), tfvar: .integer(deployment.scaling.max)
            ),
            Variable(
                name: "target_backlog_per_instance", type: "number",
                description: "Visible jobs per in-service host that the Auto Scaling group aims for. From the spec (scaling.targetBacklogPerInstance).",
                validation: ("var.target_backlog_per_instance > 0", "Must be more than 0."),
                tfvar: .integer(deployment.scaling.targetBacklogPerInstance)
            ),
            Variable(
                name: "eif_sha256", type: "string",
                description: "SHA-256 of the enclave image file (sha256sum of the EIF). Instances fetch eif/<sha256>.eif from the artifacts bucket and check it. Pass it with -var at apply.",
                validation: ("can(regex(\"^[0-9a-f]{64}$\", var.eif_sha256))", "Must be 64 lower-case hex digits.")
            ),
            Variable(
                name: "bundle_sha256", type: "string",
                description: "SHA-256 of the host bundle (a .tar.gz of the runtimes in bin/ and this folder's enclave/ and host/). Instances fetch bundle/<sha256>.tar.gz from the artifacts bucket and check it. Pass it with -var at apply.",
                validation: ("can(regex(\"^[0-9a-f]{64}$\", var.bundle_sha256))", "Must be 64 lower-case hex digits.")
            ),
        ]
        if producerOnEC2, let ingress = deployment.producer.ingress {
            list += [
                Variable(
                    name: "certificate_arn", type: "string",
                    description: "ACM certificate of the producer's HTTPS listener, in the deployment's region. From the spec (producer.ingress.certificateArn).",
                    validation: ("can(regex(\"^arn:aws[a-z-]*:acm:\", var.certificate_arn))", "Must be an ACM certificate ARN."),
                    tfvar: .string(ingress.certificateArn)
                ),
                Variable(
                    name: "producer_instance_type", type: "string",
                    description: "Instance type of the producer instances. nitroforge's default; the spec has no field for it.",
                    validation: Self.instanceTypeValidation("var.producer_instance_type"), tfvar: .string(deployment.producer.instanceType)
                ),
            ]
        }
        return list
    }

    /// variables.tf's blocks.
    var variableBlocks: String {
        variables.map { variable in
            var items: [HCLBlock.Item] = [
                .attribute("description", .string(variable.description)),
                .attribute("type", .expression(variable.type)),
            ]
            if let value = variable.defaultValue { items.append(.attribute("default", value)) }
            if let validation = variable.validation {
                items.append(.block(HCLBlock("validation", items: [
                    .attribute("condition", .expression(validation.condition)),
                    .attribute("error_message", .string(validation.message)),
                ])))
            }
            return HCLBlock("variable", variable.name, items: items).rendered()
        }.joined(separator: "\n\n")
    }

    /// outputs.tf's blocks.
    var outputBlocks: String {
        var outputs: [(String, String, String)] = [
            ("jobs_bucket", "aws_s3_bucket.jobs.id", "Bucket of encrypted jobs (jobs/) and results."),
            ("artifacts_bucket", "aws_s3_bucket.artifacts.id", "Bucket of enclave images and host bundles."),
            ("logs_bucket", "aws_s3_bucket.logs.id", "Bucket of access logs and the CloudTrail trail."),
            ("jobs_queue_url", "aws_sqs_queue.jobs.id", "URL of the jobs queue."),
            ("dead_letter_queue_url", "aws_sqs_queue.jobs_dlq.id", "URL of the jobs dead-letter queue."),
            ("data_key_arn", "aws_kms_key.data.arn", "Data key: producers encrypt jobs and models under it."),
            ("data_key_alias", "aws_kms_alias.data.name", "Alias of the data key, as the enclave resolves it."),
            ("results_key_arn", "aws_kms_key.results.arn", "Results key: the enclave encrypts results under it."),
            ("results_key_alias", "aws_kms_alias.results.name", "Alias of the results key."),
            ("storage_key_arn", "aws_kms_key.storage.arn", "Storage key: at-rest encryption of buckets, queues and logs."),
            ("producer_role_arn", "aws_iam_role.producer.arn", "Role of the producer."),
            ("consumer_role_arn", "aws_iam_role.consumer.arn", "Role of the consumer hosts."),
            ("consumer_autoscaling_group", "aws_autoscaling_group.consumer.name", "Auto Scaling group of the consumer hosts."),
            ("producer_log_group", "aws_cloudwatch_log_group.producer.name", "Log group the producer writes to (producer.yaml's logs.logGroup)."),
        ]
        if producerOnEC2 {
            outputs.append(("producer_endpoint", "\"https://${aws_lb.producer.dns_name}\"", "Producer URL (point your DNS name for the certificate at it)."))
        }
        return outputs.map { name, value, description in
            HCLBlock("output", name, items: [
                .attribute("description", .string(description)),
                .attribute("value", .expression(value)),
            ]).rendered()
        }.joined(separator: "\n\n")
    }

    /// nitroforge.auto.tfvars.json: spec values and, when measured, the PCRs.
    var tfvars: OrderedJSON {
        .object(variables.compactMap { variable in variable.tfvar.map { (variable.name, $0) } })
    }
}
