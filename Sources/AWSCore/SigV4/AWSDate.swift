import Foundation

/// The two timestamp forms SigV4 uses, always in UTC: `20150830T123600Z` and `20150830`.
struct AWSDate {
    let amzDate: String
    let dateStamp: String

    init(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        dateStamp = String(format: "%04d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
        amzDate = dateStamp + String(format: "T%02d%02d%02dZ", Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
