import NitroFormats

extension EIFBuildResult {
    /// Top-level key of `measurements.json` for the image digest (`sha256:…`).
    public static let imageDigestKey = "ImageDigest"
    /// Top-level key of `measurements.json` for the blobs' SHA-256, by blob name.
    public static let blobHashesKey = "BlobSHA256"

    /// `measurements.json` as `nitro-cli build-enclave` prints it, plus the EIF size, the image digest and
    /// the blobs' hashes, so a reviewer can tell which inputs gave these PCRs.
    public var measurementsFile: Measurements {
        Measurements(
            pcr0: measurements.pcr0.hex, pcr1: measurements.pcr1.hex, pcr2: measurements.pcr2.hex,
            pcr8: measurements.pcr8?.hex, eifSizeBytes: Int(eifSize),
            otherKeys: [
                Self.imageDigestKey: .string(imageDigest),
                Self.blobHashesKey: .object(blobHashes.mapValues { .string($0) }),
            ]
        )
    }
}
