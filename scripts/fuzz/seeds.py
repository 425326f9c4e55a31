#!/usr/bin/env python3
"""Writes a fuzz target's seed corpus (and dictionary, where one helps) from samples already in the
repository: the official ESDK vectors, the real attestation documents, the KMS CMS samples, the EIFs the
EIF tests use, the example specs. Tar archives and job frames have no sample in the repository: they are
written here, the tars by Python's tarfile (an independent writer), the frames by the wire format in
Sources/JobProtocol/Framing/JobFrame.swift.

usage: seeds.py TARGET SEEDS_DIR DICT_FILE   (DICT_FILE is written only for targets with a dictionary)
"""
import base64, glob, hashlib, io, json, os, struct, sys, tarfile

repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
target, out, dictionary = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
count = 0


def seed(data):
    global count
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
    count += 1


def files(pattern):
    return sorted(glob.glob(os.path.join(repo, pattern), recursive=True))


def esdk_messages():
    """The official vectors written with the raw AES key `aes-256` (the key the target's keyring holds)."""
    vectors = os.path.join(repo, "Tests/EnvelopeTests/Fixtures/esdk-vectors")
    manifest = json.load(open(os.path.join(vectors, "manifest.json")))
    for test in manifest["tests"].values():
        keys = test.get("master-keys", [])
        if any(k.get("type") == "raw" and k.get("key") == "aes-256" for k in keys):
            yield open(os.path.join(vectors, test["ciphertext"][len("file://"):]), "rb").read()


def attestation_documents():
    for path in files("Tests/AttestationTests/Fixtures/attestation/*.cbor"):
        yield open(path, "rb").read()
    for path in files("Tests/AttestationTests/Fixtures/attestation/*.b64"):
        yield base64.b64decode(open(path).read())


def tars():
    def archive(fmt, members):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
            for name, kind, data in members:
                info = tarfile.TarInfo(name)
                info.type = kind
                if kind == tarfile.SYMTYPE or kind == tarfile.LNKTYPE:
                    info.linkname = data.decode()
                    data = b""
                info.size = len(data)
                info.uid, info.gid, info.mode = 1000, 1000, 0o644
                tar.addfile(info, io.BytesIO(data) if data else None)
        return buffer.getvalue()
    long = "usr/" + "deep/" * 30 + "file.txt"
    plain = [("etc/", tarfile.DIRTYPE, b""), ("etc/hosts", tarfile.REGTYPE, b"127.0.0.1 localhost\n"),
             ("bin/sh", tarfile.SYMTYPE, b"busybox"), ("bin/ls", tarfile.LNKTYPE, b"etc/hosts")]
    yield archive(tarfile.USTAR_FORMAT, plain)
    yield archive(tarfile.GNU_FORMAT, plain + [(long, tarfile.REGTYPE, b"x" * 700), ("a", tarfile.SYMTYPE, long.encode())])
    yield archive(tarfile.PAX_FORMAT, plain + [(long, tarfile.REGTYPE, b"y" * 1500), ("opt/\u00e9t\u00e9", tarfile.REGTYPE, b"z")])


def short(text):
    data = text.encode()
    return struct.pack(">H", len(data)) + data


def frame(kind, payload=b""):
    return struct.pack(">BBI", 1, kind, len(payload)) + payload


def job_frames():
    job = "01a23012-2a73-7b60-9464-3d90fff7f59e"
    context = {"nitroforge:app": "fraud-scoring", "nitroforge:job": job, "nitroforge:bucket": "jobs-bucket"}
    request = struct.pack(">B", 1) + short(job) + struct.pack(">Q", 530) + short("AKIAEXAMPLE") + short("secret") + short("")
    request += struct.pack(">H", len(context)) + b"".join(short(k) + short(v) for k, v in sorted(context.items()))
    conversation = frame(1, request) + frame(2, b"\x02\x05\x78" + b"\x00" * 61) + frame(3)
    answer = frame(4) + frame(4) + frame(2, b"result bytes") + frame(3)
    refusal = frame(5, struct.pack(">H", 2) + short("nitroforge:bucket is not jobs-bucket"))
    log = frame(6, b'{"level":"info","message":"job received"}')
    for chunk in (0, 7, 255):
        for stream in (conversation, answer, refusal, log):
            yield bytes([chunk]) + stream


def job_messages():
    job = "01a23012-2a73-7b60-9464-3d90fff7f59e"
    yield json.dumps({"v": 1, "jobId": job, "bucket": "jobs-bucket", "key": f"jobs/{job}.esdk", "size": 2048,
                      "sha256": "ab" * 32, "submittedAt": "2026-12-01T05:27:06Z", "principal": "apikey:team-a"},
                     separators=(",", ":")).encode()


if target == "esdk-message":
    for message in esdk_messages():
        # One chunk size per vector (from its digest), so that seeds cover 1-byte to 256-byte chunks.
        seed(bytes([hashlib.sha1(message).digest()[0]]) + message)
elif target == "esdk-header":
    for message in esdk_messages():
        seed(message[:4096])
elif target in ("cbor", "cose-sign1", "attestation-document"):
    for document in attestation_documents():
        seed(document)
elif target == "cms":
    for path in files("Tests/AttestationTests/Fixtures/kms-cms/*.ber"):
        seed(open(path, "rb").read())
elif target == "eif":
    for path in files("Tests/EIFTests/Fixtures/malformed/*.eif"):
        seed(open(path, "rb").read())
elif target == "tar":
    for archive in tars():
        seed(archive)
    # Inputs that once crashed the reader (Tests/EIFTests/Fixtures/README.md says where each came from).
    for path in files("Tests/EIFTests/Fixtures/tar/*.tar"):
        seed(open(path, "rb").read())
elif target == "spec":
    for path in files("examples/*/nitroforge.yaml") + files("Tests/NitroForgeSpecTests/Fixtures/**/*.yaml"):
        seed(open(path, "rb").read())
elif target == "job-frame":
    for stream in job_frames():
        seed(stream)
elif target == "job-message":
    for message in job_messages():
        seed(message)
else:
    sys.exit(f"seeds.py: unknown target {target}")

words = {
    "esdk-message": [b"\x01\x80", b"\x02", b"\x04\x78", b"\x05\x78", b"\x01\x78", b"\x03\x78", b"\x00\x14", b"\x03\x46",
                     b"\xff\xff\xff\xff", b"aws-raw-vectors-persistant", b"aes-256", b"aws-crypto-public-key"],
    "cbor": [b"module_id", b"digest", b"timestamp", b"pcrs", b"certificate", b"cabundle", b"public_key",
             b"user_data", b"nonce", b"SHA384", b"\xd2\x84", b"\xa1\x01\x38\x22"],
}
words["esdk-header"] = words["esdk-message"]
words["cose-sign1"] = words["attestation-document"] = words["cbor"]
if target in words:
    with open(dictionary, "w") as f:
        for index, word in enumerate(words[target]):
            f.write(f'w{index}="' + "".join(f"\\x{b:02x}" for b in word) + '"\n')
print(f"{count} seeds")
