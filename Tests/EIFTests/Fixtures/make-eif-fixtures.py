#!/usr/bin/env python3
"""Writes a small valid EIF and malformed variants of it, independently of nitroforge's Swift code.

Layout per aws-nitro-enclaves-image-format src/defs/mod.rs (header 548 bytes, big-endian) and
src/utils/mod.rs (section order, CRC-32 over header[0:544] and every section); PCRs per
src/utils/mod.rs get_pcrs: SHA384(48 zero bytes || SHA384(measured payloads)).
Run from this folder: python3 make-eif-fixtures.py
"""
import hashlib, json, struct, zlib

KERNEL, CMDLINE, RAMDISK, SIGNATURE, METADATA = 1, 2, 3, 4, 5

def section(kind, payload):
    return struct.pack(">HHQ", kind, 0, len(payload)) + payload

def eif(sections, flags=0):
    offsets, sizes, body, offset = [], [], b"", 548
    for kind, payload in sections:
        offsets.append(offset); sizes.append(len(payload))
        body += section(kind, payload); offset += 12 + len(payload)
    head = b".eif" + struct.pack(">HHQQHH", 4, flags, 1 << 30, 2, 0, len(sections))
    head += b"".join(struct.pack(">Q", o) for o in offsets + [0] * (32 - len(offsets)))
    head += b"".join(struct.pack(">Q", s) for s in sizes + [0] * (32 - len(sizes)))
    head += struct.pack(">I", 0)
    return head + struct.pack(">I", zlib.crc32(head + body)) + body

def recrc(data):
    data = bytearray(data)
    data[544:548] = struct.pack(">I", zlib.crc32(bytes(data[:544]) + bytes(data[548:])))
    return bytes(data)

def pcr(payloads):
    return hashlib.sha384(b"\0" * 48 + hashlib.sha384(b"".join(payloads)).digest()).hexdigest()

kernel = bytes((i * 7 + 3) % 256 for i in range(3000))
cmdline = b"reboot=k panic=30 pci=off nomodules console=ttyS0"
metadata = b'{"ImageName":"fixture","ImageVersion":"1"}'
bootstrap = bytes((i * 13) % 251 for i in range(1536))
customer = bytes((i * 31 + 1) % 253 for i in range(2560))
valid = eif([(KERNEL, kernel), (CMDLINE, cmdline), (METADATA, metadata), (RAMDISK, bootstrap), (RAMDISK, customer)])
open("malformed/valid.eif", "wb").write(valid)

bad_magic = recrc(b".EIF" + valid[4:])
bad_crc = valid[:544] + struct.pack(">I", (struct.unpack(">I", valid[544:548])[0] ^ 0xDEADBEEF)) + valid[548:]
table = bytearray(valid); table[284 + 8 * 2:284 + 8 * 3] = struct.pack(">Q", len(metadata) + 5); table = recrc(table)
truncated = valid[:len(valid) - 1000]
unknown = bytearray(valid); unknown[548 + 12 + len(kernel):548 + 12 + len(kernel) + 2] = struct.pack(">H", 9); unknown = recrc(unknown)
cases = {
    "bad-magic.eif": (bad_magic, "offset 0 (magic)"),
    "bad-crc.eif": (bad_crc, "offset 544 (eif_crc32)"),
    "table-disagrees.eif": (table, "(section_sizes[2])"),
    "truncated.eif": (truncated, "(section 4 (Ramdisk) payload): truncated"),
    "unknown-section-type.eif": (unknown, "(section 1 section_type): 9 is not a section type"),
}
for name, (data, _) in cases.items():
    open("malformed/" + name, "wb").write(data)
json.dump({
    "valid": {"PCR0": pcr([kernel, cmdline, bootstrap, customer]), "PCR1": pcr([kernel, cmdline, bootstrap]),
              "PCR2": pcr([customer]), "crc32": struct.unpack(">I", valid[544:548])[0], "size": len(valid)},
    "malformed": {name: expected for name, (_, expected) in cases.items()},
}, open("malformed/expected.json", "w"), indent=2, sort_keys=True)
