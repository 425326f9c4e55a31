import XCTest

final class NitroForgeCLITestsPlaceholder: XCTestCase {
    func testPlaceholder() { XCTAssertTrue(true) }
}
