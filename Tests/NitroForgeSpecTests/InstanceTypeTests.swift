import NitroForgeSpec
import XCTest

/// The table against AWS's published sizes (EC2 instance type pages).
final class InstanceTypeTests: XCTestCase {
    func testPublishedSizes() throws {
        let published: [(String, Int, Int)] = [
            ("m6i.xlarge", 4, 16 * 1024), ("m5.24xlarge", 96, 384 * 1024), ("c5.9xlarge", 36, 72 * 1024),
            ("c6a.48xlarge", 192, 384 * 1024), ("r6i.32xlarge", 128, 1024 * 1024), ("m7i.48xlarge", 192, 768 * 1024),
            ("c7g.large", 2, 4 * 1024), ("r6g.16xlarge", 64, 512 * 1024),
        ]
        for (name, vcpus, memory) in published {
            let type = try XCTUnwrap(InstanceType.named(name), name)
            XCTAssertEqual(type.vcpus, vcpus, name)
            XCTAssertEqual(type.memoryMiB, memory, name)
        }
    }

    func testUnsupportedTypesAreAbsent() {
        for name in ["t3.large", "t4g.xlarge", "a1.xlarge", "m6i.metal", "m6i.large", "m5.32xlarge", "c5.8xlarge"] {
            XCTAssertNil(InstanceType.named(name), name)
        }
    }

    func testThreadsPerCore() throws {
        XCTAssertEqual(try XCTUnwrap(InstanceType.named("c6i.2xlarge")).threadsPerCore, 2)
        XCTAssertEqual(try XCTUnwrap(InstanceType.named("m7g.xlarge")).threadsPerCore, 1)
    }
}
