import Foundation
import NitroFormats

/// Rules on what the data key will trust: measurements, zero PCRs and the signing certificate.
enum MeasurementRules {
    /// Reads `enclave.measurements` when the file exists, reporting a malformed one at the field.
    static func load(_ context: inout RuleContext) {
        let url = context.spec.enclave.measurementsURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return }
        guard !isFolder.boolValue else {
            context.report(["enclave.measurements"], "\(context.spec.enclave.measurementsPath) is a folder",
                           allowed: "the path of the measurements.json file, relative to this spec")
            return
        }
        do {
            context.spec.measurements = try Measurements.read(from: url)
        } catch {
            context.report(["enclave.measurements"], "\(error.reason) in \(context.spec.enclave.measurementsPath)",
                           allowed: "the JSON nitro-cli build-enclave or nitroforge build-eif writes")
        }
    }

    static func check(_ context: inout RuleContext) {
        let enclave = context.spec.enclave
        let debugAllowed = "set enclave.debug: true (development only), or use the measurements of a production image"
        if let measurements = context.spec.measurements {
            let zero = [("PCR0", measurements.pcr0), ("PCR1", measurements.pcr1), ("PCR2", measurements.pcr2)]
                .filter { Measurements.isZero($0.1) }.map(\.0)
            if !zero.isEmpty, !enclave.debug {
                context.report(["enclave.measurements", "enclave.debug"],
                               "\(enclave.measurementsPath) has all-zero \(zero.joined(separator: ", ")) (a debug-mode image) but enclave.debug is false",
                               allowed: debugAllowed)
            }
            if enclave.signingCertificatePath != nil, measurements.pcr8 == nil {
                context.report(["enclave.signingCertificate", "enclave.measurements"],
                               "is set but \(enclave.measurementsPath) has no PCR8 (the image was built unsigned)",
                               allowed: "rebuild the image with the certificate, or remove signingCertificate")
            } else if enclave.signingCertificatePath == nil, measurements.pcr8 != nil {
                context.report(["enclave.measurements", "enclave.signingCertificate"],
                               "\(enclave.measurementsPath) has a PCR8 (a signed image) but enclave.signingCertificate is not set",
                               allowed: "set signingCertificate to the certificate the image is signed with")
            }
        }
        for (index, pcr) in enclave.extraAllowedPCR0.enumerated() where Measurements.isZero(pcr) && !enclave.debug {
            context.report(["enclave.extraAllowedPCR0.\(index)", "enclave.debug"],
                           "is all zeros (a debug-mode image) but enclave.debug is false", allowed: debugAllowed)
        }
    }
}
