#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The NSM character device inside an enclave: `ioctl(fd, 0xC0200A00, &nsm_raw)` where `nsm_raw` is two
/// `{u64 addr; u64 len}` iovecs, request then response; the driver sets the response length it wrote.
public final class NSMDevice: NSMTransport {
    /// `_IOWR(0x0A, 0, struct nsm_raw)` on 64-bit Linux.
    public static let ioctlRequest: UInt = 0xC020_0A00
    public static let defaultPath = "/dev/nsm"
    private let descriptor: Int32

    /// Opens the device read-write.
    public init(path: String = NSMDevice.defaultPath) throws(NSMError) {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw .deviceUnavailable(path, String(cString: strerror(errno))) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    public func exchange(_ request: [UInt8]) throws(NSMError) -> [UInt8] {
        guard request.count <= NSMLimits.maxRequestBytes else { throw .requestTooLarge(request.count) }
        var response = [UInt8](repeating: 0, count: NSMLimits.maxResponseBytes)
        var requestCopy = request
        let (status, failure, written) = requestCopy.withUnsafeMutableBytes { requestBytes in
            response.withUnsafeMutableBytes { responseBytes in
                var raw: (UInt64, UInt64, UInt64, UInt64) = (
                    UInt64(UInt(bitPattern: requestBytes.baseAddress)), UInt64(requestBytes.count),
                    UInt64(UInt(bitPattern: responseBytes.baseAddress)), UInt64(responseBytes.count)
                )
                let status = withUnsafeMutablePointer(to: &raw) { ioctl(descriptor, Self.ioctlRequest, $0) }
                return (status, errno, Int(raw.3))
            }
        }
        guard status == 0 else {
            if failure == EMSGSIZE { throw .requestTooLarge(request.count) }
            throw .ioctl(failure, String(cString: strerror(failure)))
        }
        return Array(response.prefix(min(written, response.count)))
    }
}
