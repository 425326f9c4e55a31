#!/usr/bin/env python3
"""The release bundle check (README "Testing", issue 15): `nitroforge bundle` with real release builds.

The XCTest suite packs stand-in runtimes (a release build takes longer than the suite's time allows); this
check runs what a user runs before `deploy`: `nitroforge bundle` of the committed inference output
(terraform-out/), building nitroforge-producer, nitroforge-host and nitroforge-enclave with
`swift build -c release --static-swift-stdlib` from this checkout. Then it checks, with the system's tar and
hashlib, not with our code:
  - the tarball holds exactly the manifest's files plus manifest.json, which equals the manifest beside it;
  - every file's SHA-256 and size is the manifest's, and bin/ holds the three runtimes, executable;
  - the manifest's commit, clean flag and Swift version are this checkout's and this toolchain's;
  - the runtimes need no Swift shared library (ldd), hold no path of this checkout (`#file` and `__FILE__`
    are mapped) and run from the unpacked bundle (--help);
  - the same tree gives the same tarball: the three executables are deleted and linked again, and a second
    bundle has the same bytes. (A checkout in another folder gives other runtimes: the compiler's
    .swift_modhash section, and the build ID made from it, depend on the build folder.)
Prints the release build's time and the bundle's size. Exit 0 when all hold, 1 otherwise.

Usage: python3 scripts/check-bundle.py   (after `swift build`, which the test command does)
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(REPO, ".build", "bundle-check")
RUNTIMES = ["nitroforge-enclave", "nitroforge-host", "nitroforge-producer"]
RELEASE = ["-c", "release", "--static-swift-stdlib"]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"check-bundle: FAIL: {message}", file=sys.stderr)


def run(arguments, **kwargs):
    done = subprocess.run(arguments, cwd=REPO, text=True, stdout=subprocess.PIPE, **kwargs)
    if done.returncode != 0:
        sys.exit(f"check-bundle: FAIL: `{' '.join(arguments)}` exited with status {done.returncode} (its messages are above)")
    return done.stdout


def bundle(nitroforge, name):
    """`nitroforge bundle --json` into WORK/name; its progress goes to standard error as a user sees it."""
    out = os.path.join(WORK, name)
    printed = run([nitroforge, "bundle", "--package", REPO, "--dir", "terraform-out",
                   "--spec", "examples/inference/nitroforge.yaml", "--out", out, "--json"])
    written = json.loads(printed)
    check(set(written) == {"bundle", "sha256", "manifest"}, f"--json printed {sorted(written)}")
    return written


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(written):
    with open(written["manifest"], "rb") as file:
        beside = file.read()
    manifest = json.loads(beside)
    check(sha256(written["bundle"]) == written["sha256"], "the bundle's SHA-256 is not the one --json printed")
    check(os.path.basename(written["bundle"]) == written["sha256"] + ".tar.gz", "the bundle is not named <sha256>.tar.gz")
    unpacked = os.path.join(WORK, "unpacked")
    shutil.rmtree(unpacked, ignore_errors=True)
    os.makedirs(unpacked)
    subprocess.run(["tar", "-xzf", written["bundle"], "-C", unpacked], check=True)
    with tarfile.open(written["bundle"], "r:gz") as archive:
        members = archive.getmembers()
    files = {m.name: m for m in members if m.isfile()}
    for member in members:
        check(member.uid == 0 and member.gid == 0 and member.mtime == 0, f"{member.name}: owner {member.uid}:{member.gid}, mtime {member.mtime}")
    listed = {entry["path"] for entry in manifest["files"]}
    check(set(files) == listed | {"manifest.json"}, f"the tarball's files {sorted(set(files) ^ (listed | {'manifest.json'}))} differ from the manifest's")
    with open(os.path.join(unpacked, "manifest.json"), "rb") as file:
        check(json.loads(file.read()) == manifest, "manifest.json in the tarball differs from the manifest beside it")
    for entry in manifest["files"]:
        path = os.path.join(unpacked, entry["path"])
        check(os.path.isfile(path) and sha256(path) == entry["sha256"], f"{entry['path']}: SHA-256 differs from the manifest's")
        check(os.path.isfile(path) and os.path.getsize(path) == entry["size"], f"{entry['path']}: size differs from the manifest's")
    for folder in ("enclave", "host"):
        for root, _, names in os.walk(os.path.join(REPO, "terraform-out", folder)):
            for name in names:
                relative = os.path.relpath(os.path.join(root, name), os.path.join(REPO, "terraform-out"))
                check(relative in listed, f"terraform-out/{relative} is not in the bundle")
    head = run(["git", "rev-parse", "HEAD"]).strip()
    clean = run(["git", "status", "--porcelain"]) == ""
    swift = run(["swift", "--version"], stderr=subprocess.DEVNULL).splitlines()[0]
    check(manifest["commit"] == head, f"manifest commit {manifest['commit']}, checkout {head}")
    check(manifest["clean"] == clean, f"manifest clean {manifest['clean']}, checkout clean {clean}")
    check(manifest["swift"] == swift, f"manifest swift «{manifest['swift']}», toolchain «{swift}»")
    check(manifest["version"] == run([os.path.join(debug_bin, "nitroforge"), "--version"]).strip(), f"manifest version {manifest['version']}")
    for name in RUNTIMES:
        path = os.path.join(unpacked, "bin", name)
        check(f"bin/{name}" in listed and os.access(path, os.X_OK), f"bin/{name} is missing or not executable")
        linked = subprocess.run(["ldd", path], text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
        swift_libraries = [line.split()[0] for line in linked.splitlines() if "libswift" in line or "libFoundation" in line or "libdispatch" in line]
        check(not swift_libraries, f"bin/{name} needs Swift shared libraries: {swift_libraries}")
        with open(path, "rb") as file:
            check(REPO.encode() not in file.read(), f"bin/{name} holds the checkout's path {REPO}: another checkout would give other bytes")
        helped = subprocess.run([path, "--help"], text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        check(helped.returncode == 0 and "USAGE" in helped.stdout.upper(), f"bin/{name} --help from the bundle: status {helped.returncode}")
    return manifest


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
debug_bin = run(["swift", "build", "--show-bin-path"]).strip()
nitroforge = os.path.join(debug_bin, "nitroforge")
if not os.access(nitroforge, os.X_OK):
    sys.exit(f"check-bundle: {nitroforge} is not built: run `swift build` (the test command does) first")

started = time.monotonic()
first = bundle(nitroforge, "first")
built = time.monotonic() - started
manifest = verify(first)

release_bin = run(["swift", "build", *RELEASE, "--show-bin-path"]).strip()
for name in RUNTIMES:
    os.remove(os.path.join(release_bin, name))
started = time.monotonic()
second = bundle(nitroforge, "second")
relinked = time.monotonic() - started
check(second["sha256"] == first["sha256"], f"linked again, the runtimes give bundle {second['sha256']}, not {first['sha256']}")

size = os.path.getsize(first["bundle"])
unpacked_size = sum(entry["size"] for entry in manifest["files"])
runtimes = {os.path.basename(e["path"]): e["size"] for e in manifest["files"] if e["path"].startswith("bin/")}
print(f"check-bundle: {first['bundle']}: {size:,} bytes ({size / 1048576:.1f} MiB) gzip, {unpacked_size:,} bytes in "
      f"{len(manifest['files'])} files; runtimes: " + ", ".join(f"{n} {s / 1048576:.1f} MiB" for n, s in sorted(runtimes.items())))
print(f"check-bundle: first bundle (release build included) {built:.0f} s; linked again and bundled {relinked:.0f} s; same SHA-256: "
      f"{second['sha256'] == first['sha256']}")
if failures:
    sys.exit(f"check-bundle: {len(failures)} check(s) failed")
print("check-bundle: passed")
