import NitroForgeSpec

/// String formats of `producer.yaml` alone (those it shares with `host.yaml` are in `Formats`).
public enum ProducerFormats {
    static let keyID = Formats.kmsKeyID
    static let kmsARN = Formats.kmsARNPrefix

    public static let listenHost = StringFormat(
        name: "listen address", pattern: "^([A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$",
        allowed: "an IPv4 or IPv6 address or a host name, e.g. 0.0.0.0, 127.0.0.1 or ::")
    public static let kmsKey = StringFormat(
        name: "KMS key", pattern: "^(alias/[A-Za-z0-9/_-]{1,250}|\(keyID)|\(kmsARN):(key/\(keyID)|alias/[A-Za-z0-9/_-]{1,250}))$",
        allowed: "alias/NAME, a key id, or a key or alias ARN")
}
