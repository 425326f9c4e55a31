import AWSCore
import EIF
import Envelope
import NitroDev
import NitroFormats
import NitroForgeGen
import NitroForgeSpec
import PolicyAudit

// The exit status of each library error a command may end with. The libraries know nothing of exit
// codes; this is the one place that decides them. An error not listed here exits 3.

extension SpecLoadError: CommandError {
    var exitStatus: ExitStatus { .invalidInput }
}

extension MeasurementsError: CommandError {
    var exitStatus: ExitStatus { .invalidInput }
}

extension GeneratorError: CommandError {
    var exitStatus: ExitStatus {
        switch self {
        case .zeroPCRWithoutDebug, .templatesMissing, .badTemplate, .folderNotEmpty: return .invalidInput
        case .outputNotWritable: return .internalFailure
        case .policyRefused: return .refused
        }
    }
}

extension AuditError: CommandError {
    var exitStatus: ExitStatus { .invalidInput }
}

extension EIFInputError: CommandError {
    var exitStatus: ExitStatus { .invalidInput }
}

extension EIFFormatError: CommandError {
    var exitStatus: ExitStatus { .invalidInput }
}

extension EnvelopeError: CommandError {
    /// A message that does not read or verify is bad input; a keyring that cannot reach or use KMS is not.
    var exitStatus: ExitStatus { kind == .keyring ? .internalFailure : .invalidInput }
}

extension AWSConfigurationError: CommandError {
    var exitStatus: ExitStatus { .invalidInput }
}

extension CredentialProviderError: CommandError {
    /// Missing or unreadable credentials are the user's environment to fix.
    var exitStatus: ExitStatus { kind == .unavailable ? .internalFailure : .invalidInput }
}

extension ProfileFileError: CommandError {
    var exitStatus: ExitStatus { .invalidInput }
}

extension DevelopmentCAError: CommandError {
    var exitStatus: ExitStatus { .invalidInput }
}
