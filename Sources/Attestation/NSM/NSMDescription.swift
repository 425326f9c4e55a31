import NitroFormats

/// What `DescribeNSM` reports about the module.
public struct NSMDescription: Sendable, Equatable {
    public var versionMajor: UInt16
    public var versionMinor: UInt16
    public var versionPatch: UInt16
    public var moduleID: String
    public var maxPCRs: UInt16
    public var lockedPCRs: [UInt16]
    /// "SHA256", "SHA384" or "SHA512"; Nitro reports "SHA384".
    public var digest: String

    public init(versionMajor: UInt16, versionMinor: UInt16, versionPatch: UInt16, moduleID: String, maxPCRs: UInt16,
                lockedPCRs: [UInt16], digest: String) {
        self.versionMajor = versionMajor
        self.versionMinor = versionMinor
        self.versionPatch = versionPatch
        self.moduleID = moduleID
        self.maxPCRs = maxPCRs
        self.lockedPCRs = lockedPCRs
        self.digest = digest
    }

    var cbor: CBOR {
        .textMap([
            "version_major": .unsigned(UInt64(versionMajor)),
            "version_minor": .unsigned(UInt64(versionMinor)),
            "version_patch": .unsigned(UInt64(versionPatch)),
            "module_id": .text(moduleID),
            "max_pcrs": .unsigned(UInt64(maxPCRs)),
            "locked_pcrs": .array(lockedPCRs.sorted().map { .unsigned(UInt64($0)) }),
            "digest": .text(digest),
        ])
    }

    init(_ fields: NSMVariant) throws(NSMError) {
        versionMajor = try fields.index("version_major")
        versionMinor = try fields.index("version_minor")
        versionPatch = try fields.index("version_patch")
        maxPCRs = try fields.index("max_pcrs")
        guard let moduleID = fields.value["module_id"]?.textValue else { throw .malformed("DescribeNSM.module_id is not text") }
        self.moduleID = moduleID
        guard let digest = fields.value["digest"]?.textValue else { throw .malformed("DescribeNSM.digest is not text") }
        self.digest = digest
        guard let locked = fields.value["locked_pcrs"]?.arrayValue else { throw .malformed("DescribeNSM.locked_pcrs is not an array") }
        var indexes: [UInt16] = []
        for item in locked {
            guard let index = item.unsignedValue, index <= UInt64(UInt16.max) else { throw .malformed("DescribeNSM.locked_pcrs has a non-index") }
            indexes.append(UInt16(index))
        }
        lockedPCRs = indexes
    }
}
