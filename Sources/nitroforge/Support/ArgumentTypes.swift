import ArgumentParser
import Envelope
import Foundation
import NitroFormats

// Option values parsed once, by swift-argument-parser: a value that does not parse is a usage error
// (exit 1, with the usage), and `run()` receives types, never strings to parse again.

extension CommitmentPolicy: ExpressibleByArgument {}

/// `--suite`: an ESDK suite by the name the AWS SDKs use, limited to the committing suites nitroforge writes.
struct CommittingSuite: ExpressibleByArgument {
    let suite: AlgorithmSuite

    init(_ suite: AlgorithmSuite) { self.suite = suite }

    init?(argument: String) {
        guard let suite = AlgorithmSuite(name: argument), suite.isCommitting else { return nil }
        self.suite = suite
    }

    static var allValueStrings: [String] {
        [AlgorithmSuite.aes256GCMHKDFSHA512CommitKey.name, AlgorithmSuite.aes256GCMHKDFSHA512CommitKeyECDSAP384.name]
    }

    var defaultValueDescription: String { suite.name }
}

/// `--key-id`: a KMS key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>` or `alias/<name>`).
struct KeyARNArgument: ExpressibleByArgument {
    let arn: String

    init?(argument: String) {
        guard KMSKeyARN(argument) != nil else { return nil }
        arn = argument
    }
}

/// One `KEY=VALUE` of `--context`, `--require-context` or `--env`; the value may contain `=` and may be empty.
struct KeyValueArgument: ExpressibleByArgument {
    let key: String
    let value: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
        key = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
    }

    /// `KEY=VALUE` as given.
    var text: String { "\(key)=\(value)" }
}

extension EncryptionContext {
    /// The pairs as a context; a key given twice is a usage error naming the option.
    init(pairs: [KeyValueArgument], option: String) throws(ValidationError) {
        self.init()
        for pair in pairs where updateValue(pair.value, forKey: pair.key) != nil {
            throw ValidationError("\(option) names \(pair.key) twice")
        }
    }
}

/// Bytes given as hex on the command line (`--nonce`).
struct HexArgument: ExpressibleByArgument {
    let bytes: [UInt8]

    init?(argument: String) {
        guard let bytes = Hex.decode(argument) else { return nil }
        self.bytes = bytes
    }
}

/// `--expect-pcr INDEX=HEX`: a PCR index 0-31 and a 32, 48 or 64-byte value.
struct PCRArgument: ExpressibleByArgument {
    let index: Int
    let value: [UInt8]

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let index = Int(parts[0]), (0...31).contains(index), let value = Hex.decode(parts[1]),
              [32, 48, 64].contains(value.count)
        else { return nil }
        self.index = index
        self.value = value
    }
}

/// `--listen HOST:PORT` on loopback only: development servers never listen on a network.
struct LoopbackAddress: ExpressibleByArgument {
    let host: String
    let port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    var defaultValueDescription: String { "\(host):\(port)" }

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]),
              (0...65_535).contains(port)
        else { return nil }
        let host = String(argument[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard ["127.0.0.1", "::1", "localhost"].contains(host) else { return nil }
        self.host = host
        self.port = port
    }
}

/// An `http` or `https` URL with a host.
struct HTTPURLArgument: ExpressibleByArgument {
    let url: URL

    init?(argument: String) {
        guard let url = URL(string: argument), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else { return nil }
        self.url = url
    }
}

/// `s3://BUCKET/KEY`, where a command reads an object instead of a file.
struct S3ObjectArgument {
    let bucket: String
    let key: String

    init?(_ text: String) {
        guard text.hasPrefix("s3://") else { return nil }
        let rest = text.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex, rest.index(after: slash) != rest.endIndex else { return nil }
        bucket = String(rest[..<slash])
        key = String(rest[rest.index(after: slash)...])
    }
}
