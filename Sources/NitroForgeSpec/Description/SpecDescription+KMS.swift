extension SpecDescription {
    static let kms = ObjectShape([
        FieldDescription("rotation", .boolean, default: .bool(true), "Yearly automatic rotation of the three keys."),
        FieldDescription("deletionWindowDays", .integer(minimum: 7, maximum: 30), default: .integer(30),
                         "Waiting period before a scheduled key deletion."),
        FieldDescription("administrators", .list(.string(Formats.principalArn), minItems: 1, unique: true),
                         required: true,
                         "Principals that manage the keys (never use them). Must include the principal that runs "
                            + "terraform apply, or KMS refuses the key policy."),
        FieldDescription("resultReaders", .list(.string(Formats.principalArn), minItems: 0, unique: true),
                         default: .array([]), "Principals allowed to decrypt results."),
        FieldDescription("modelPublisher", .string(Formats.principalArn),
                         "Principal allowed to encrypt model artifacts for the enclave under the data key."),
    ])
}
