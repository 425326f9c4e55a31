extension SpecDescription {
    static let scaling = ObjectShape([
        FieldDescription("min", .integer(minimum: 0, maximum: 1000), default: .integer(1), "Fewest enclave hosts."),
        FieldDescription("max", .integer(minimum: 1, maximum: 1000), default: .integer(4), "Most enclave hosts."),
        FieldDescription("targetBacklogPerInstance", .integer(minimum: 1, maximum: 100_000), default: .integer(10),
                         "Waiting jobs per host that the group scales to keep."),
    ])

    static let results = ObjectShape([
        FieldDescription("store", .boolean, default: .bool(true),
                         "Store each (encrypted) result in the jobs bucket; false when the processor delivers results itself."),
        FieldDescription("prefix", .string(Formats.resultsPrefix), default: .string("results/"),
                         "Key prefix of stored results (`<prefix><jobId>.esdk`)."),
    ])

    static let monitoring = ObjectShape([
        FieldDescription("alarms", .boolean, default: .bool(true),
                         "CloudWatch alarms: dead-letter queue not empty, oldest job age, key-policy changes."),
        FieldDescription("snsTopicArn", .string(Formats.snsTopicArn), "Existing topic the alarms notify; else one is created."),
        FieldDescription("alarmEmail", .string(Formats.email), "Address subscribed to the alarm topic."),
        FieldDescription("cloudTrail", .boolean, default: .bool(true),
                         "A CloudTrail trail with log file validation, so key-policy changes are recorded."),
    ])
}
