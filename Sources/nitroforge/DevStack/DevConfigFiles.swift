import Crypto
import Foundation
import NitroForgeSpec
import NitroFormats

/// The development configurations `dev up` writes into its state folder. They differ from the generated
/// ones only where a machine without AWS requires it (loopback addresses, no TLS, an API key, TCP instead
/// of vsock) and never replace them: nothing here reaches `terraform-out`.
struct DevConfigFiles {
    let state: DevState
    let spec: Spec
    let created: DevResources.Created

    func writeIdentities() throws {
        let identities = [created.identities.producer, created.identities.consumer, created.identities.resultReader].map {
            ["accessKeyId": $0.accessKeyId, "secretAccessKey": $0.secretAccessKey, "principal": $0.principal]
        }
        try JSONSerialization.data(withJSONObject: ["identities": identities], options: [.prettyPrinted, .sortedKeys])
            .write(to: state.identities)
    }

    func writeProducer(port: Int, apiKey: String) throws {
        let digest = SHA256.hash(data: Data(apiKey.utf8)).map { String(format: "%02x", $0) }.joined()
        let text = """
            # Development producer of \(spec.name), written by nitroforge dev up (loopback, no TLS, one API key).
            app: \(spec.name)
            region: \(spec.region)
            listen:
              host: 127.0.0.1
              port: \(port)
              tls: none
            maxPayloadBytes: \(spec.producer.maxPayloadBytes)
            auth:
              apiKeys:
                - name: dev
                  sha256: "\(digest)"
            encryption:
              dataKey: \(created.dataKeyAlias)
              algorithm: AES_256_GCM_HKDF_SHA512_COMMIT_KEY
              frameBytes: 1048576
            storage:
              bucket: \(created.bucket)
              jobsPrefix: jobs/
              storageKeyArn: \(created.storageKeyARN)
            queue:
              url: \(created.queueURL)
            limits:
              requestsPerMinutePerPrincipal: \(spec.producer.limits.requestsPerMinutePerPrincipal)
              maxConcurrentRequests: \(spec.producer.limits.maxConcurrentRequests)
              requestTimeoutSeconds: \(spec.producer.limits.requestTimeoutSeconds)

            """
        try text.write(to: state.producerConfig, atomically: true, encoding: .utf8)
    }

    func writeHost(jobsPort: Int, logsPort: Int) throws {
        let model = spec.enclave.model.map { "model:\n  bucket: \($0.bucket)\n  key: \($0.key)\n" } ?? ""
        let text = """
            # Development host agent of \(spec.name), written by nitroforge dev up (TCP on loopback for vsock).
            app: \(spec.name)
            region: \(spec.region)
            queue:
              url: \(created.queueURL)
              waitTimeSeconds: 2
              maxMessages: 10
              visibilityTimeoutSeconds: \(DevResources.visibilityTimeoutSeconds)
              maxReceiveCount: \(spec.queue.maxReceiveCount)
            storage:
              bucket: \(created.bucket)
              jobsPrefix: jobs/
              resultsPrefix: \(spec.results.prefix)
              storeResults: true
              deleteInputAfterResult: false
              storageKeyArn: \(created.storageKeyARN)
              maxObjectBytes: \(spec.producer.maxPayloadBytes)
            enclave:
              cid: 16
              jobsPort: 5005
              logsPort: 5006
              jobTimeoutSeconds: \(spec.enclave.jobTimeoutSeconds)
              maxConcurrentJobs: 4
              address: tcp:127.0.0.1:\(jobsPort)
              logsAddress: tcp:127.0.0.1:\(logsPort)
            \(model)
            """
        try text.write(to: state.hostConfig, atomically: true, encoding: .utf8)
    }

    /// The generated enclave.json with the account of the keys actually created and, for an http
    /// processor, the server command to supervise on this machine.
    func writeEnclave(generated: [String: Any], processorCommand: [String]?) throws {
        var enclave = generated
        if let account = KMSKeyAccount.of(created.dataKeyARN) { enclave["accountId"] = account }
        if var processor = enclave["processor"] as? [String: Any], let processorCommand {
            processor["command"] = processorCommand
            enclave["processor"] = processor
        }
        try JSONSerialization.data(withJSONObject: enclave, options: [.prettyPrinted, .sortedKeys]).write(to: state.enclaveConfig)
    }
}
