@testable import AWSS3
import NIOCore
import XCTest

/// How `S3Client.upload` cuts a stream into parts: exact part sizes whatever the stream's buffer sizes, the
/// stream's bytes in order, and the end seen as soon as the last part is read (one part means one PutObject).
final class PartReaderTests: XCTestCase {
    func parts(count: Int, chunkSize: Int, partSize: Int) async throws -> (sizes: [Int], bytes: [UInt8], finishedWithFirst: Bool) {
        var reader = PartReader(iterator: PatternStream(count: count, chunkSize: chunkSize).makeAsyncIterator(), partSize: partSize)
        var sizes: [Int] = []
        var bytes: [UInt8] = []
        var finishedWithFirst = false
        while let part = try await reader.next() {
            if sizes.isEmpty { finishedWithFirst = reader.isFinished }
            sizes.append(part.reduce(0) { $0 + $1.readableBytes })
            for buffer in part { bytes += buffer.readableBytesView }
        }
        return (sizes, bytes, finishedWithFirst)
    }

    func testPartsHaveThePartSizeWhateverTheChunkSizes() async throws {
        let pattern = (0..<23).map { UInt8(($0 * 7 + 3) % 251) }
        for chunkSize in [1, 5, 7, 12, 23, 100] {
            let cut = try await parts(count: 23, chunkSize: chunkSize, partSize: 5)
            XCTAssertEqual(cut.sizes, [5, 5, 5, 5, 3], "chunks of \(chunkSize)")
            XCTAssertEqual(cut.bytes, pattern, "chunks of \(chunkSize)")
            XCTAssertFalse(cut.finishedWithFirst)
        }
    }

    func testTheEndIsSeenWithTheLastFullPart() async throws {
        let exact = try await parts(count: 20, chunkSize: 4, partSize: 5)
        XCTAssertEqual(exact.sizes, [5, 5, 5, 5])
        let one = try await parts(count: 5, chunkSize: 2, partSize: 5)
        XCTAssertEqual(one.sizes, [5])
        XCTAssertTrue(one.finishedWithFirst, "a stream of exactly one part goes as one PutObject")
        let empty = try await parts(count: 0, chunkSize: 2, partSize: 5)
        XCTAssertEqual(empty.sizes, [])
    }
}
