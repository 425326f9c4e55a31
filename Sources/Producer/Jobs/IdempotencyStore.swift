import AWSCore
import AWSS3
import Crypto
import Foundation
import NIOCore
import NitroFormats

/// `Idempotency-Key`: a retried submission answers with the first job instead of creating a second. Records
/// live in the bucket (`<jobsPrefix>idempotency/<SHA-256 of principal and key>.json`), written with
/// `If-None-Match: *`, so they survive restarts, are shared by every producer instance, and are scoped to
/// the caller: another principal's identical key names another record. The jobs lifecycle expires them.
struct IdempotencyStore: Sendable {
    let s3: S3Client
    let bucket: String
    let prefix: String
    let storageKeyArn: String
    /// A reservation older than this belongs to a request that died (a crash, a lost instance): it is taken over.
    let staleAfter: TimeInterval

    enum Reservation: Equatable {
        /// This request owns the key: submit, then `complete` or `release`.
        case reserved(recordKey: String)
        /// The first request with this key finished: its answer.
        case replay(JobAccepted)
        /// The first request with this key is still running.
        case inProgress
    }

    struct Record: Codable {
        var startedAt: Date
        var accepted: JobAccepted?
    }

    static let maxRecordBytes = 64 << 10

    /// 1 to 255 visible ASCII characters, as clients generate them (UUIDs, hashes, request ids).
    static func validate(_ key: String) throws(APIError) {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError(.badRequest, "the Idempotency-Key header must be 1 to 255 visible ASCII characters")
        }
    }

    func recordKey(principal: Principal, key: String) -> String {
        let digest = SHA256.hash(data: Array("\(principal.id)\n\(key)".utf8))
        return "\(prefix)idempotency/\(Hex.encode(digest)).json"
    }

    func reserve(principal: Principal, key: String) async throws(APIError) -> Reservation {
        let recordKey = recordKey(principal: principal, key: key)
        for _ in 0..<2 {
            if try await put(Record(startedAt: Date()), at: recordKey, onlyIfAbsent: true) { return .reserved(recordKey: recordKey) }
            guard let existing = try await read(recordKey) else { continue }
            if let accepted = existing.accepted { return .replay(accepted) }
            guard Date().timeIntervalSince(existing.startedAt) > staleAfter else { return .inProgress }
            try await remove(recordKey)
        }
        return .inProgress
    }

    func complete(recordKey: String, with accepted: JobAccepted) async throws(APIError) {
        _ = try await put(Record(startedAt: Date(), accepted: accepted), at: recordKey, onlyIfAbsent: false)
    }

    /// The request failed: a retry with the same key may try again.
    func release(recordKey: String) async {
        try? await remove(recordKey)
    }

    /// false when `onlyIfAbsent` and the record exists.
    private func put(_ record: Record, at recordKey: String, onlyIfAbsent: Bool) async throws(APIError) -> Bool {
        var options = S3PutOptions.sseKMS(keyID: storageKeyArn)
        options.contentType = "application/json"
        options.onlyIfAbsent = onlyIfAbsent
        do {
            let body = try JSONEncoder.records.encode(record)
            _ = try await s3.putObject(bucket: bucket, key: recordKey, buffer: ByteBuffer(bytes: body), options: options)
            return true
        } catch let error as AWSServiceError where error.statusCode == 412 {
            return false
        } catch {
            throw APIError(.serviceUnavailable, "AWS failed while writing the idempotency record: \(error)", retryAfter: 1)
        }
    }

    /// nil when the record disappeared between the refused write and this read (its request failed).
    private func read(_ recordKey: String) async throws(APIError) -> Record? {
        do {
            let object = try await s3.getObject(bucket: bucket, key: recordKey)
            let bytes = try await object.body.collect(upTo: Self.maxRecordBytes)
            return try JSONDecoder.records.decode(Record.self, from: Data(buffer: bytes))
        } catch let error as AWSServiceError where error.statusCode == 404 {
            return nil
        } catch {
            throw APIError(.serviceUnavailable, "AWS failed while reading the idempotency record: \(error)", retryAfter: 1)
        }
    }

    private func remove(_ recordKey: String) async throws(APIError) {
        do {
            // Its own task, so that a cancelled request still releases its key.
            try await Task { try await s3.deleteObject(bucket: bucket, key: recordKey) }.value
        } catch {
            throw APIError(.serviceUnavailable, "AWS failed while removing the idempotency record: \(error)", retryAfter: 1)
        }
    }
}

extension JSONEncoder {
    static let records: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
}

extension JSONDecoder {
    static let records: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
