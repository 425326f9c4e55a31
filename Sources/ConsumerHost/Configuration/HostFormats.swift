import NitroForgeSpec

/// String formats of `host.yaml` alone (those it shares with `producer.yaml` are in `Formats`).
public enum HostFormats {
    public static let enclaveAddress = StringFormat(
        name: "enclave address",
        pattern: "^(vsock:[0-9]{1,10}:[0-9]{1,10}|tcp:(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):[0-9]{1,5})$",
        allowed: "vsock:CID:PORT, or tcp:HOST:PORT for development (e.g. tcp:127.0.0.1:5005)")
}
