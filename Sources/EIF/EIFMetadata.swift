import Foundation
import NitroFormats

/// The metadata section (EIF v4): compact JSON with the reference's key order
/// (`src/defs/mod.rs:255-283`). It is not measured, but it is part of the file's bytes, so every value
/// here is fixed by the inputs: the build time comes from `SOURCE_DATE_EPOCH` or a constant, never the clock.
public struct EIFMetadata: Sendable, Equatable {
    public var imageName: String
    public var imageVersion: String
    public var buildTime: Date
    public var buildTool: String
    public var buildToolVersion: String
    /// The reference writes the build machine's OS here; a fixed value keeps builds machine-independent.
    public var operatingSystem: String
    public var kernelVersion: String
    public var imageInfo: OrderedJSON
    public var customMetadata: OrderedJSON

    /// linuxkit's `defaultModTime`, 2017-04-18T16:30:00Z, also used for ramdisk entries.
    public static let fixedBuildTime = Date(timeIntervalSince1970: 1_492_533_000)
    public static let toolName = "nitroforge"
    public static let toolVersion = "0.1.0"

    public init(
        imageName: String, imageVersion: String, buildTime: Date = fixedBuildTime,
        kernelVersion: String, imageInfo: OrderedJSON, customMetadata: OrderedJSON = .null
    ) {
        self.imageName = imageName
        self.imageVersion = imageVersion
        self.buildTime = buildTime
        self.buildTool = Self.toolName
        self.buildToolVersion = Self.toolVersion
        self.operatingSystem = "Linux"
        self.kernelVersion = kernelVersion
        self.imageInfo = imageInfo
        self.customMetadata = customMetadata
    }

    /// `SOURCE_DATE_EPOCH` (reproducible-builds.org) when set, else the fixed time.
    public static func buildTime(environment: [String: String]) throws(EIFInputError) -> Date {
        guard let text = environment["SOURCE_DATE_EPOCH"] else { return fixedBuildTime }
        guard let seconds = Int64(text), seconds >= 0 else {
            throw EIFInputError("SOURCE_DATE_EPOCH must be a non-negative integer number of seconds, found \"\(text)\"")
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    public var json: OrderedJSON {
        .object([
            ("ImageName", .string(imageName)),
            ("ImageVersion", .string(imageVersion)),
            ("BuildMetadata", .object([
                ("BuildTime", .string(Self.rfc3339(buildTime))),
                ("BuildTool", .string(buildTool)),
                ("BuildToolVersion", .string(buildToolVersion)),
                ("OperatingSystem", .string(operatingSystem)),
                ("KernelVersion", .string(kernelVersion)),
            ])),
            ("DockerInfo", imageInfo),
            ("CustomMetadata", customMetadata),
        ])
    }

    public func encoded() -> [UInt8] {
        Array(json.compactText.utf8)
    }

    /// RFC 3339 in UTC with a `+00:00` offset, as chrono's `to_rfc3339` prints it.
    static func rfc3339(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = RFC3339.civil(fromDays: days)
        return String(
            format: "%04ld-%02ld-%02ldT%02lld:%02lld:%02lld+00:00",
            year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60
        )
    }
}
