extension SpecDescription {
    static let enclave = ObjectShape([
        FieldDescription("instanceType", .string(instanceTypeFormat), default: .string("m6i.xlarge"),
                         "EC2 instance type of the hosts; its family must support Nitro Enclaves."),
        FieldDescription("vcpus", .integer(minimum: 1, maximum: 190), default: .integer(2),
                         "vCPUs given to the enclave: whole cores (even on Intel and AMD), leaving at least 2 to the host."),
        FieldDescription("memoryMiB", .integer(minimum: 256, maximum: 1_572_864), default: .integer(4096),
                         "Memory given to the enclave, leaving at least 512 MiB to the host and at least 4 times the image size."),
        FieldDescription("debug", .boolean, default: .bool(false),
                         "Debug mode: console readable, all PCRs zero, so no key policy can trust it. Never for real data."),
        .section("image", required: true, image, "What the enclave image is built from: exactly one of `dockerfile` or `oci`."),
        .section("processor", required: true, processor, "The program that processes plaintext: exactly one of `http` or `exec`."),
        FieldDescription("jobTimeoutSeconds", .integer(minimum: 1, maximum: 43200), default: .integer(900),
                         "Longest a job may run before the host abandons it."),
        FieldDescription("model", .object(model), "A model artifact in S3, encrypted for the enclave under the data key."),
        FieldDescription("measurements", .string(Formats.nonEmpty), default: .string("build/measurements.json"),
                         "measurements.json written by build-eif, relative to this file; read when it exists."),
        FieldDescription("extraAllowedPCR0", .list(.string(Formats.pcrHex), minItems: 0, unique: true), default: .array([]),
                         "More PCR0 values the data key accepts, so a new image rolls out while the old one drains."),
        FieldDescription("signingCertificate", .string(Formats.nonEmpty),
                         "PEM certificate the image is signed with (PCR8), relative to this file; unsigned when absent."),
    ])

    static let instanceTypeFormat = StringFormat(
        name: "EC2 instance type", pattern: "^[a-z][a-z0-9-]*\\.[a-z0-9]+$", allowed: "FAMILY.SIZE, e.g. m6i.xlarge")

    static let image = ObjectShape([
        FieldDescription("dockerfile", .string(Formats.nonEmpty), "Dockerfile of the processor image, relative to this file."),
        FieldDescription("context", .string(Formats.nonEmpty), computedDefault: "the Dockerfile's folder",
                         "Build context, relative to this file."),
        FieldDescription("oci", .string(Formats.ociReference), "A ready processor image."),
    ], exactlyOneOf: [["dockerfile", "oci"]])

    static let processor = ObjectShape([
        FieldDescription("http", .object(httpProcessor), "An HTTP server inside the enclave; each job is POSTed to it."),
        FieldDescription("exec", .object(execProcessor), "A command run per job, plaintext on stdin, result on stdout."),
    ], exactlyOneOf: [["http", "exec"]])

    static let httpProcessor = ObjectShape([
        FieldDescription("url", .string(Formats.loopbackURL), required: true, "Where the processor listens."),
        FieldDescription("command", .list(.string(Formats.nonEmpty), minItems: 1, unique: false),
                         "The server's argv inside the enclave, absolute program path first, no shell. The enclave agent "
                             + "starts it as user nitroforge, waits for `url` and restarts it when it exits; without it nothing "
                             + "starts the server (the agent replaces the image's ENTRYPOINT and CMD)."),
        FieldDescription("devCommand", .list(.string(Formats.nonEmpty), minItems: 1, unique: false),
                         "The same server on your machine, for `nitroforge dev up`: argv run in this file's folder (a "
                             + "relative program path resolves against it, a bare name through PATH). Never in generated files."),
    ])

    static let execProcessor = ObjectShape([
        FieldDescription("argv", .list(.string(Formats.nonEmpty), minItems: 1, unique: false), required: true,
                         "Program (absolute path in the image) and arguments, no shell; run per job as user nitroforge."),
    ])

    static let model = ObjectShape([
        FieldDescription("bucket", .string(Formats.bucketName), required: true, "Bucket of the encrypted model."),
        FieldDescription("key", .string(Formats.objectKey), required: true, "Object key of the encrypted model."),
    ])
}
