import Foundation

/// A short reason for a failed file read or write ("no such file"), instead of Foundation's
/// "The operation could not be completed" text.
public enum FileProblem {
    public static func describe(_ error: Error) -> String {
        guard let cocoa = error as? CocoaError else { return error.localizedDescription }
        switch cocoa.code {
        case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileReadInapplicableStringEncoding, .fileReadUnknownStringEncoding: return "not UTF-8 text"
        case .fileWriteOutOfSpace: return "no space left"
        case .fileWriteVolumeReadOnly: return "read-only file system"
        default: return cocoa.localizedDescription
        }
    }
}
