#!/usr/bin/env python3
"""Fails when a module on the enclave side of the trust boundary can reach builder, server or chain code.

Reads the package graph from `swift package dump-package` (each target's direct dependencies), follows our
own targets transitively, and prints each enclave-side module's closure: our targets and the products of
other packages it links. Exit 0 when every closure is clean, 1 when one reaches a forbidden module or
product (each one is named with the path that reaches it), 2 when the graph cannot be read.

Usage: scripts/check-module-graph.py [--self-test] [--package-json FILE]
  (default: runs `swift package dump-package`). --self-test first checks that the check itself fails when
  Envelope is given a dependency on NitroForgeSpec, so a check that can no longer fail is noticed.
"""
import json
import subprocess
import sys

# What the enclave executable links (ARCHITECTURE.md): the modules below and their closures. A module that
# does not exist yet (the runtimes come later) is skipped by name, not silently.
ENCLAVE_SIDE = [
    "NitroFormats", "BulkDigest", "AWSCore", "AWSKMS", "Envelope", "Attestation", "EnclaveKMS",
    "JobProtocol", "ConsumerEnclave", "nitroforge-enclave",
]
# Our targets the enclave must never link: the spec and generator, image building, development stand-ins,
# X.509 chain verification (KMS verifies documents, the enclave never does), policy evaluation.
FORBIDDEN_TARGETS = {"NitroForgeSpec", "NitroForgeGen", "EIF", "HostBundle", "NitroDev", "AttestationVerification", "PolicyEvaluator", "PolicyAudit"}
# Other packages whose products the enclave must never link: servers, YAML, templates, the CLI parser,
# X.509 chain code.
FORBIDDEN_PACKAGES = {"hummingbird", "yams", "swift-mustache", "swift-argument-parser", "swift-certificates"}


def load(argv):
    if "--package-json" in argv:
        with open(argv[argv.index("--package-json") + 1]) as handle:
            return json.load(handle)
    run = subprocess.run(["swift", "package", "dump-package"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write("check-module-graph: swift package dump-package failed:\n" + run.stderr)
        sys.exit(2)
    return json.loads(run.stdout)


def edges(package):
    """target name -> list of ("target", name) or ("product", name, package) dependencies."""
    graph = {}
    for target in package["targets"]:
        deps = []
        for dependency in target.get("dependencies", []):
            if "byName" in dependency:
                deps.append(("target", dependency["byName"][0]))
            elif "target" in dependency:
                deps.append(("target", dependency["target"][0]))
            elif "product" in dependency:
                name, package_name = dependency["product"][0], dependency["product"][1]
                deps.append(("product", name, (package_name or name).lower()))
        graph[target["name"]] = deps
    return graph


def closure(graph, root):
    """Every target and product reachable from root, each with the path that first reached it."""
    seen = {root: [root]}
    products = {}
    queue = [root]
    while queue:
        name = queue.pop(0)
        for dependency in graph.get(name, []):
            if dependency[0] == "target":
                if dependency[1] in graph and dependency[1] not in seen:
                    seen[dependency[1]] = seen[name] + [dependency[1]]
                    queue.append(dependency[1])
            else:
                key = (dependency[1], dependency[2])
                if key not in products:
                    products[key] = seen[name] + [f"{dependency[2]}:{dependency[1]}"]
    return seen, products


def check(graph):
    """Prints each enclave-side closure; returns (modules checked, forbidden dependencies found)."""
    problems = []
    checked = 0
    for root in ENCLAVE_SIDE:
        if root not in graph:
            print(f"{root}: not in the package (yet)")
            continue
        checked += 1
        targets, products = closure(graph, root)
        ours = sorted(name for name in targets if name != root)
        theirs = sorted(f"{package}:{product}" for product, package in products)
        print(f"{root} -> ours: {', '.join(ours) or '(none)'}; products: {', '.join(theirs) or '(none)'}")
        for name in sorted(set(targets) & FORBIDDEN_TARGETS):
            problems.append(f"{root} reaches {name}: {' -> '.join(targets[name])}")
        for (product, package), path in sorted(products.items()):
            if package in FORBIDDEN_PACKAGES:
                problems.append(f"{root} reaches {package}:{product}: {' -> '.join(path)}")
    return checked, problems


def main(argv):
    graph = edges(load(argv))
    if "--self-test" in argv:
        broken = {name: list(deps) for name, deps in graph.items()}
        broken["Envelope"].append(("target", "NitroForgeSpec"))
        _, found = check(broken)
        if not any(problem.startswith("Envelope reaches NitroForgeSpec") for problem in found):
            print("check-module-graph: self-test: Envelope -> NitroForgeSpec was not reported", file=sys.stderr)
            return 2
        print(f"check-module-graph: self-test: Envelope -> NitroForgeSpec is refused ({len(found)} findings)\n")
    checked, problems = check(graph)
    if checked == 0:
        print("check-module-graph: none of the enclave-side modules is in the package", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"check-module-graph: {problem}", file=sys.stderr)
    print(f"check-module-graph: {checked} enclave-side modules, {len(problems)} forbidden dependencies")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
