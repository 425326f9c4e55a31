import Foundation
import XCTest
@testable import NitroForgeGen

/// SECURITY.md read as a reviewer reads it: every file:line it cites must hold the control its row claims.
/// What each claim looks like in the rendered files is written here from the rows' own control text (the
/// resource, statement or setting a reviewer would look for, with its values), not taken from the markers the
/// generator finds the lines by; so a citation that drifts to a neighbouring line, or to a statement that
/// does something else, fails.
final class SecurityDocumentTests: XCTestCase {
    /// What a cited line must be to back one claim of a row.
    struct Evidence {
        enum Required {
            /// The row's control always says this, and a line backing it is always cited.
            case always(String)
            /// Cited exactly when the row's control says this (it depends on the deployment).
            case when(String)
            /// Cited whenever the file has a line that backs the claim.
            case whenTheFileHasIt
        }

        var file: String
        /// The whole cited line, without its indentation.
        var line: String
        /// Found in the block that holds the line (the resource, statement or YAML section).
        var holding: [String] = []
        /// Not found in that block.
        var lacking: [String] = []
        /// How the top-level block around the line starts (Terraform files).
        var within: String?
        var required: Required

        init(_ file: String, line: String, holding: [String] = [], lacking: [String] = [], within: String? = nil, _ required: Required) {
            self.file = file
            self.line = line
            self.holding = holding
            self.lacking = lacking
            self.within = within
            self.required = required
        }
    }

    // MARK: - What each threat's control looks like

    private static let allowed = #"Effect\s*=\s*"Allow""#
    private static let denied = #"Effect\s*=\s*"Deny""#
    private static let everyone = #"AWS\s*=\s*"\*""#
    private static let sid = #"Sid\s*=\s*"\w+""#
    private static let jsonSid = #""Sid": "\w+","#
    private static let dataKey = #"resource "aws_kms_key" "data""#
    private static let secureTransportDeny = [#""Effect": "Deny""#, #""aws:SecureTransport": "false""#]

    static func expectations(name: String, region: String) -> [String: [Evidence]] {
        let imageCondition = #""kms:RecipientAttestation:ImageSha384"\s*=\s*concat\(\[var\.enclave_pcr0\], var\.enclave_extra_pcr0\)"#
        let denyOutsideAllowedImages = [denied, everyone, #"Action\s*=\s*\["kms:Decrypt"\]"#, #"StringNotEqualsIgnoreCase\s*=\s*\{"#, imageCondition]
        let authenticated = Evidence("host/producer.yaml", line: "auth:",
                                     holding: [#"^  (oidc:\n    issuer: "https://[^"]+"|apiKeys:\n  - name: .+\n    sha256: "[0-9a-f]{64}")$"#],
                                     .always("Authenticated clients only"))
        let tls12 = #"ssl_policy\s*=\s*"ELBSecurityPolicy-TLS13-1-2-[\w-]+""#
        return [
            "Data interception during submission": [
                Evidence("producer.tf", line: tls12, holding: [#"^\s*port\s*=\s*443$"#, #"^\s*protocol\s*=\s*"HTTPS"$"#],
                         within: #"resource "aws_lb_listener""#, .when("listens on 443 with a TLS 1.2/1.3 policy")),
                Evidence("producer.tf", line: #"drop_invalid_header_fields\s*=\s*true"#, within: #"resource "aws_lb" "#, .when("drops invalid headers")),
                Evidence("host/producer.yaml", line: "tls:( self-signed)?", lacking: ["tls: none"], .always("producer serves TLS")),
            ],
            "Unauthorized data submission": [
                Evidence(authenticated.file, line: authenticated.line, holding: authenticated.holding, .always("OIDC bearer token")),
                Evidence("policies/producer-role.json", line: jsonSid,
                         holding: [#""Effect": "Allow""#, #""s3:PutObject""#, #""Resource": "arn:aws:s3:::[\w-]+-jobs-\d{12}/jobs/\*""#],
                         lacking: [#""s3:GetObject""#, #""s3:\*""#], .always("the producer role writes")),
                Evidence("policies/producer-role.json", line: jsonSid,
                         holding: [#""Effect": "Allow""#, #""s3:GetObject""#, #""s3:DeleteObject""#,
                                   #""Resource": "arn:aws:s3:::[\w-]+-jobs-\d{12}/jobs/\*""#],
                         lacking: [#""s3:PutObject""#, #""s3:\*""#], .always("reads back and deletes objects only under jobs/")),
                Evidence("policies/producer-role.json", line: jsonSid,
                         holding: [#""Effect": "Allow""#, #""s3:GetObject""#, #""Resource": "arn:aws:s3:::[\w-]+-jobs-\d{12}/results/\*""#],
                         lacking: [#""s3:PutObject""#, #""s3:DeleteObject""#, #""s3:\*""#],
                         .always("reads results only as ciphertext under the results key")),
            ],
            "Compromise of the KMS key (CMK)": [
                Evidence("kms.tf", line: #"enable_key_rotation\s*=\s*true"#, within: #"resource "aws_kms_key" "#, .always("Three keys with rotation")),
                Evidence("policies/data-key.json", line: jsonSid, holding: [#""Effect": "Allow""#, #""kms:PutKeyPolicy""#, #""kms:ScheduleKeyDeletion""#],
                         lacking: [#""kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt|CreateGrant|\*)"#, #":root""#],
                         .always("administrators manage but cannot use the keys")),
                Evidence("monitoring.tf", line: #"resource "aws_cloudtrail" "\w+" \{"#,
                         holding: [#"is_multi_region_trail\s*=\s*true"#, #"enable_log_file_validation\s*=\s*true"#], .always("CloudTrail")),
                Evidence("monitoring.tf", line: #"resource "aws_cloudwatch_metric_alarm" "\w+" \{"#,
                         holding: [#"alarm_actions\s*=\s*\["#, "PutKeyPolicy", "CreateGrant", "ScheduleKeyDeletion", "DisableKey", "alias"],
                         .always("an alarm on key-policy, grant, deletion, disable and alias events")),
            ],
            "Weak encryption algorithms": [
                Evidence("host/producer.yaml", line: "algorithm: AES_256_GCM_HKDF_SHA512_COMMIT_KEY", .always("the committing suite AES-256-GCM HKDF-SHA512")),
                Evidence("producer.tf", line: tls12, within: #"resource "aws_lb_listener""#, .whenTheFileHasIt),
            ],
            "Unauthorized access to the S3 bucket": [
                Evidence("storage.tf", line: #"block_public_acls\s*=\s*true"#,
                         holding: [#"block_public_policy\s*=\s*true"#, #"ignore_public_acls\s*=\s*true"#, #"restrict_public_buckets\s*=\s*true"#],
                         .always("Public access blocked")),
                Evidence("policies/bucket.json", line: jsonSid, holding: secureTransportDeny, .always("TLS-only")),
                Evidence("storage.tf", line: #"sse_algorithm\s*=\s*"aws:kms""#, holding: [#"kms_master_key_id\s*=\s*aws_kms_key\.storage\.arn"#],
                         .always("SSE-KMS with the storage key")),
                // Only a VPC that nitroforge creates has endpoints to cite.
                Evidence("network.tf", line: #"resource "aws_vpc_endpoint" "\w+" \{"#,
                         holding: [#"vpc_endpoint_type\s*=\s*"Gateway""#, #"service_name\s*=\s*"com\.amazonaws\.\$\{local\.region\}\.s3""#], .whenTheFileHasIt),
            ],
            "Data integrity compromise": [
                Evidence("storage.tf", line: #"status\s*=\s*"Enabled""#, within: #"resource "aws_s3_bucket_versioning" "#, .always("Versioning on every bucket")),
                Evidence("storage.tf", line: #"object_lock_enabled\s*=\s*true"#, within: #"resource "aws_s3_bucket" "jobs""#, .when("Object Lock retention on the jobs bucket")),
                Evidence("host/host.yaml", line: "storage:", holding: [#"^  jobsPrefix: jobs/$"#, #"^  maxObjectBytes: [1-9]\d*$"#], .whenTheFileHasIt),
            ],
            "Unauthorized access to the SQS queue": [
                Evidence("queue.tf", line: #"resource "aws_sqs_queue_policy" "\w+" \{"#, holding: [denied, everyone, #""aws:SecureTransport"\s*=\s*"false""#],
                         .always("TLS-only queue policy")),
                Evidence("policies/consumer-role.json", line: jsonSid, holding: [#""Effect": "Allow""#, #""sqs:ReceiveMessage""#, #""sqs:DeleteMessage""#],
                         lacking: [#""sqs:SendMessage""#, #""sqs:\*""#], .always("only the consumer role receives")),
                Evidence("queue.tf", line: #"kms_master_key_id\s*=\s*aws_kms_key\.storage\.arn"#, within: #"resource "aws_sqs_queue" "#,
                         .always("SSE with the storage key")),
            ],
            "Unauthorized decryption of data": [
                Evidence("kms.tf", line: sid,
                         holding: [allowed, #"AWS\s*=\s*aws_iam_role\.consumer\.arn"#, #"Action\s*=\s*\["kms:Decrypt"\]"#, #"StringEqualsIgnoreCase\s*=\s*\{"#, imageCondition],
                         within: dataKey, .always("The data key decrypts only for the consumer role with an attestation whose PCR0 is allowed")),
                Evidence("kms.tf", line: sid, holding: denyOutsideAllowedImages, lacking: ["PCR8"], within: dataKey,
                         .always("a Deny for every principal without it")),
                Evidence("kms.tf", line: sid,
                         holding: [denied, everyone, #"Action\s*=\s*\["kms:Decrypt"\]"#, #"StringNotEqualsIgnoreCase\s*=\s*\{"#, #""kms:RecipientAttestation:PCR8"\s*="#],
                         lacking: ["ImageSha384"], within: dataKey, .when("a separate Deny on PCR8")),
                Evidence("kms.tf", line: sid, holding: [denied, everyone, #"Action\s*=\s*\["kms:ReEncrypt\*"\]"#], lacking: ["Condition"], within: dataKey,
                         .always("ReEncrypt denied outright")),
            ],
            "Data interception during retrieval": [
                // Only a VPC that nitroforge creates has endpoints to cite.
                Evidence("network.tf", line: #"resource "aws_vpc_endpoint" "\w+" \{"#,
                         holding: [#"vpc_endpoint_type\s*=\s*"Interface""#, #""sqs""#, #""kms""#, #"private_dns_enabled\s*=\s*true"#], .whenTheFileHasIt),
                Evidence("enclave/vsock-proxy.yaml", line: "allowlist:", holding: [#"^- \{address: kms\.\#(region)\.amazonaws\.com, port: 443\}$"#],
                         lacking: [#"address: (?!kms\.\#(region)\.amazonaws\.com,)"#], .always("vsock-proxy forwards to the regional KMS endpoint only")),
            ],
            "Unauthorized processing": [
                Evidence("compute.tf", line: #"enclave_options \{"#, holding: [#"enabled\s*=\s*true"#], within: #"resource "aws_launch_template" "#,
                         .always("only in a Nitro Enclave")),
                Evidence("compute.tf", line: #"http_put_response_hop_limit\s*=\s*1"#, holding: [#"http_tokens\s*=\s*"required""#], .always("IMDSv2 with hop limit 1")),
                Evidence("compute.tf", line: #"resource "aws_security_group" "consumer" \{"#, holding: [#"egress\s*\{"#], lacking: [#"\bingress\b"#],
                         .always("no inbound rules")),
            ],
            "Compromise of the Nitro Enclave": [
                Evidence("enclave/Dockerfile", line: #"COPY enclave\.json /etc/nitroforge/enclave\.json"#, .always("inside the image and so inside PCR0")),
                Evidence("variables.tf", line: #"variable "enclave_pcr0" \{"#,
                         holding: [#"can\(regex\("\^\[0-9a-f\]\{96\}\$", var\.enclave_pcr0\)\)"#, #"var\.enclave_pcr0 != "0{96}""#],
                         .always("debug-mode (all-zero) PCRs are refused")),
                Evidence("kms.tf", line: imageCondition, holding: [#"StringEqualsIgnoreCase\s*=\s*\{"#], within: dataKey,
                         .always("the keys accept only the measured PCR0 values")),
            ],
            "Model poisoning": [
                Evidence("kms.tf", line: sid,
                         holding: [allowed, #"aws_iam_role\.producer\.arn"#, #"Action\s*=\s*\["kms:GenerateDataKey"\]"#,
                                   #""kms:EncryptionContext:nitroforge:app"\s*=\s*"\#(name)""#],
                         lacking: ["kms:Decrypt"], within: dataKey, .always("only the producer role")),
                Evidence("kms.tf", line: sid,
                         holding: [#"AWS\s*=\s*\[aws_iam_role\.producer\.arn, "arn:aws:iam::\d{12}:role/[\w-]+"\]"#, #"Action\s*=\s*\["kms:GenerateDataKey"\]"#],
                         within: dataKey, .when("and the named model publisher")),
                Evidence("kms.tf", line: #""kms:EncryptionContext:nitroforge:app"\s*=\s*"\#(name)""#, holding: [#"StringEquals\s*=\s*\{"#], within: dataKey,
                         .always("only for this app's encryption context")),
            ],
            "Unauthorized access to AI/ML models (model theft)": [
                Evidence("policies/consumer-role.json", line: jsonSid,
                         holding: [#""Effect": "Allow""#, #""s3:GetObject""#, #""arn:aws:s3:::[\w-]+-artifacts-\d{12}/"#],
                         lacking: [#""s3:PutObject""#, #""s3:\*""#], .always("Models reach the enclave")),
                Evidence("kms.tf", line: sid, holding: denyOutsideAllowedImages, within: dataKey, .always("only an allowed enclave image can decrypt them")),
                Evidence("policies/artifacts-bucket.json", line: jsonSid, holding: secureTransportDeny, .always("the artifacts bucket is private, TLS-only")),
            ],
            "Inferencing with compromised data": [
                Evidence("host/producer.yaml", line: #"maxPayloadBytes: [1-9]\d*"#, .always("The producer bounds payload size")),
                Evidence("host/host.yaml", line: #"maxObjectBytes: [1-9]\d*"#, .always("the host validates each job message")),
            ],
            "Unauthorized model deployment": [
                Evidence("host/user-data.sh", line: #"echo "\$3  \$2" \| sha256sum --check --status \|\| \{ .*exit 1; \}"#,
                         .always("instances install only artifacts whose SHA-256 matches")),
                Evidence("variables.tf", line: #"variable "enclave_extra_pcr0" \{"#, holding: [#"type\s*=\s*list\(string\)"#],
                         .always("its PCR0 is added to the key policies by Terraform")),
                Evidence("monitoring.tf", line: #"resource "aws_cloudwatch_log_metric_filter" "\w+" \{"#,
                         holding: [#"\$\.eventName = \\"PutKeyPolicy\\""#, #"\$\.eventName = \\"CreateGrant\\""#, #"aws_kms_key\.data\.arn"#],
                         .always("key-policy changes raise an alarm")),
            ],
            "Model extraction attacks": [
                Evidence("producer.tf", line: #"rate_based_statement \{"#, holding: [#"limit\s*=\s*[1-9]\d*"#, #"aggregate_key_type\s*=\s*"IP""#],
                         .when("a WAF rate limit per client address")),
                authenticated,
                Evidence("monitoring.tf", line: #"data_resource \{"#, holding: [#"type\s*=\s*"AWS::S3::Object""#, #"aws_s3_bucket\.jobs\.arn"#],
                         within: #"resource "aws_cloudtrail" "#, .always("CloudTrail data events on the jobs bucket")),
            ],
        ]
    }

    // MARK: - Tests

    func testEveryCitedLineHoldsTheControlItsRowClaims() throws {
        var everBacked = Set<String>()
        var allEvidence = Set<String>()
        for example in TestEnvironment.examples {
            let files = try TestEnvironment.generate(example)
            let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, Self.lines($0.contents)) })
            let security = try XCTUnwrap(files.first { $0.path == "SECURITY.md" }).contents
            let tfvars = try XCTUnwrap(files.first { $0.path == "nitroforge.auto.tfvars.json" }).contents
            let values = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(tfvars.utf8)) as? [String: Any])
            let expected = Self.expectations(name: try XCTUnwrap(values["name"] as? String), region: try XCTUnwrap(values["region"] as? String))

            let rows = Self.table(after: "| Threat | Control | Where |", in: security)
            XCTAssertEqual(rows.map { $0[0] }.sorted(), expected.keys.sorted(), "\(example): the threats of SECURITY.md")
            for row in rows {
                guard row.count == 3, let evidence = expected[row[0]] else {
                    XCTFail("\(example): unexpected row \(row)")
                    continue
                }
                let (threat, control) = (row[0], row[1])
                let citations = try Self.citations(row[2])
                XCTAssertFalse(citations.isEmpty, "\(example): \(threat) cites nothing")
                var backed = Set<Int>()
                for citation in citations {
                    guard let lines = byPath[citation.file], (1...lines.count).contains(citation.line) else {
                        XCTFail("\(example): \(threat) cites \(citation.file):\(citation.line), which does not exist")
                        continue
                    }
                    let backing = try evidence.indices.filter { try Self.backs(evidence[$0], citation.file, lines, citation.line - 1) }
                    XCTAssertFalse(backing.isEmpty,
                                   "\(example): \(threat) cites \(citation.file):\(citation.line), `\(lines[citation.line - 1].trimmingCharacters(in: .whitespaces))`, which holds none of its controls")
                    backed.formUnion(backing)
                }
                for (index, item) in evidence.enumerated() {
                    allEvidence.insert("\(threat) #\(index)")
                    if backed.contains(index) { everBacked.insert("\(threat) #\(index)") }
                    switch item.required {
                    case .always(let claim):
                        XCTAssertTrue(control.contains(claim), "\(example): \(threat) no longer claims \"\(claim)\": \(control)")
                        XCTAssertTrue(backed.contains(index), "\(example): \(threat) claims \"\(claim)\" but cites no line of \(item.file) that holds it")
                    case .when(let claim):
                        XCTAssertEqual(backed.contains(index), control.contains(claim),
                                       "\(example): \(threat) must cite a line of \(item.file) for \"\(claim)\" exactly when it claims it: \(control)")
                    case .whenTheFileHasIt:
                        let lines = byPath[item.file] ?? []
                        if try lines.indices.contains(where: { try Self.backs(item, item.file, lines, $0) }) {
                            XCTAssertTrue(backed.contains(index), "\(example): \(threat) does not cite the line of \(item.file) matching `\(item.line)`")
                        }
                    }
                }
            }
            XCTAssertTrue(security.contains("A key administrator can change a key policy"), example)
        }
        // Each expectation (conditional ones included) is met by some example, so none is a dead letter.
        XCTAssertEqual(allEvidence.subtracting(everBacked).sorted(), [], "expectations no example's SECURITY.md cites")
    }

    func testEveryCheckovSkipIsListedAtTheLineThatSkipsIt() throws {
        for example in TestEnvironment.examples {
            let files = try TestEnvironment.generate(example)
            let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, Self.lines($0.contents)) })
            let security = try XCTUnwrap(files.first { $0.path == "SECURITY.md" }).contents
            // Every skip in the Terraform files, found here by reading them.
            var inFiles: [String] = []
            for file in files where file.path.hasSuffix(".tf") {
                for (index, line) in Self.lines(file.contents).enumerated() {
                    guard let range = line.range(of: "#checkov:skip=") else { continue }
                    inFiles.append("\(file.path):\(index + 1) \(line[range.upperBound...])")
                }
            }
            XCTAssertFalse(inFiles.isEmpty, "\(example): no checkov skips at all")
            var listed: [String] = []
            for row in Self.table(after: "| Check | Where | Why |", in: security) {
                guard row.count == 3, let citation = try Self.citations(row[1]).first else {
                    XCTFail("\(example): a skip row without a place: \(row)")
                    continue
                }
                let line = byPath[citation.file].flatMap { $0.indices.contains(citation.line - 1) ? $0[citation.line - 1] : nil } ?? ""
                XCTAssertTrue(line.hasSuffix("#checkov:skip=\(row[0]):\(row[2])"),
                              "\(example): \(row[0]) cites \(citation.file):\(citation.line), `\(line.trimmingCharacters(in: .whitespaces))`")
                listed.append("\(citation.file):\(citation.line) \(row[0]):\(row[2])")
            }
            XCTAssertEqual(listed.sorted(), inFiles.sorted(), "\(example): the skips SECURITY.md lists")
        }
    }

    // MARK: - Reading SECURITY.md and the cited files

    private static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The cells of the table whose header is `header`, one array per row.
    private static func table(after header: String, in text: String) -> [[String]] {
        let all = lines(text)
        guard let start = all.firstIndex(of: header) else { return [] }
        return all[(start + 2)...].prefix { $0.hasPrefix("| ") }.map { row in
            row.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }
    }

    private struct Citation {
        var file: String
        var line: Int
    }

    /// The `[file:line](file#Lline)` links of a cell; the label and the link must agree.
    private static func citations(_ cell: String) throws -> [Citation] {
        let link = try NSRegularExpression(pattern: #"\[([\w./-]+):(\d+)\]\(([\w./-]+)#L(\d+)\)"#)
        return link.matches(in: cell, range: NSRange(cell.startIndex..., in: cell)).map { match in
            let group = { (index: Int) in String(cell[Range(match.range(at: index), in: cell)!]) }
            XCTAssertEqual("\(group(1)):\(group(2))", "\(group(3)):\(group(4))", "a link whose label and target differ")
            return Citation(file: group(1), line: Int(group(2))!)
        }
    }

    /// Whether line `index` of `file` is the line `evidence` describes.
    private static func backs(_ evidence: Evidence, _ file: String, _ lines: [String], _ index: Int) throws -> Bool {
        guard evidence.file == file else { return false }
        let text = lines[index].trimmingCharacters(in: .whitespaces)
        guard try matches("^(?:\(evidence.line))$", text) else { return false }
        let block = Self.block(around: index, in: lines, of: file).joined(separator: "\n")
        for pattern in evidence.holding where try !matches(pattern, block) { return false }
        for pattern in evidence.lacking where try matches(pattern, block) { return false }
        if let within = evidence.within {
            guard let header = lines[...index].last(where: { $0.first?.isLetter == true }), header.hasPrefix(within) else { return false }
        }
        return true
    }

    private static func matches(_ pattern: String, _ text: String) throws -> Bool {
        try NSRegularExpression(pattern: pattern, options: .anchorsMatchLines)
            .firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The lines of the block that holds line `index`: for Terraform and JSON the innermost `{ … }` around it
    /// (or that it opens), for YAML the line and the more deeply indented lines under it, else the line.
    private static func block(around index: Int, in lines: [String], of file: String) -> ArraySlice<String> {
        if file.hasSuffix(".tf") || file.hasSuffix(".json") {
            let depth = { (line: String) in line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count }
            // The line that opens the block: this one, or the nearest one above with an unclosed `{`.
            var opening: Int?
            var balance = 0
            for candidate in stride(from: index, through: 0, by: -1) {
                balance += depth(lines[candidate])
                if balance > 0 { opening = candidate; break }
            }
            guard let start = opening else { return lines[...] }
            balance = 0
            for end in start..<lines.count {
                balance += depth(lines[end])
                if balance <= 0 { return lines[start...end] }
            }
            return lines[start...]
        }
        if file.hasSuffix(".yaml") {
            let indent = { (line: String) in line.prefix { $0 == " " }.count }
            let under = lines[(index + 1)...].prefix { $0.isEmpty || indent($0) > indent(lines[index]) || $0.hasPrefix("- ") && lines[index].hasSuffix(":") }
            return lines[index...(index + under.count)]
        }
        return lines[index...index]
    }
}
