import Foundation
import JobProtocol
import XCTest

/// Random and mutated bodies: the decoder never crashes, always answers within a bounded time, and accepts
/// a body only when it re-encodes to a message that decodes to itself.
final class JobMessagePropertyTests: XCTestCase {
    /// A small deterministic generator (SplitMix64), so a failure is reproducible from its seed.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet = Array(#"{}[]":,.-+0123456789eEtrufalsn \"\\/u7abcdefv"#.utf8) + [0x00, 0x0A, 0x7F, 0xC3, 0xA9, 0xFF]

    func mutate(_ body: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = body
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] = Self.alphabet.randomElement(using: &random)!
            case 1: bytes.insert(Self.alphabet.randomElement(using: &random)!, at: position)
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            default:
                let length = Int.random(in: 0...min(16, bytes.count - position), using: &random)
                bytes.insert(contentsOf: bytes[position..<(position + length)], at: position)
            }
        }
        return bytes
    }

    func testRandomAndMutatedBodies() {
        var random = SplitMix64(state: 0x6E69_7472_6F66_6F72)
        let decoder = JobMessageDecoder(jobsPrefix: "jobs/", maxObjectBytes: 1 << 40)
        let seeds = (0..<20).map { index in
            Array(JobMessage(jobID: .generate(using: &random), bucket: "bucket-\(index)", size: index * 977,
                             sha256: String(repeating: "0f", count: 32), submittedAt: Date(timeIntervalSince1970: Double(index) * 86_400 * 17),
                             principal: "apikey:client-\(index)").encoded().utf8)
        }
        var accepted = 0
        var refused = 0
        let started = Date()
        for round in 0..<20_000 {
            let body: [UInt8]
            if round % 10 == 0 {
                body = (0..<Int.random(in: 0...300, using: &random)).map { _ in Self.alphabet.randomElement(using: &random)! }
            } else {
                body = mutate(seeds[round % seeds.count], &random)
            }
            do {
                let message = try decoder.decode(body)
                accepted += 1
                XCTAssertEqual(try decoder.decode(message.encoded()), message, String(decoding: body, as: UTF8.self))
            } catch {
                refused += 1
            }
        }
        XCTAssertEqual(accepted + refused, 20_000)
        XCTAssertGreaterThan(refused, 10_000, "most mutations break the message")
        XCTAssertGreaterThan(accepted, 0, "some mutations (whitespace, equal digits) keep it valid")
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "bounded work per body")
        print("property test: \(accepted) accepted, \(refused) refused in \(Date().timeIntervalSince(started)) s")
    }
}

extension JobID {
    static func generate(using random: inout JobMessagePropertyTests.SplitMix64) -> JobID {
        JobID.generate(at: Date(timeIntervalSince1970: 1_700_000_000 + Double(random.next() % 1_000_000)), using: &random)
    }
}
