#!/usr/bin/env bash
# Builds the enclave image of fraud-scoring and writes its measurements (build/measurements.json), which
# `nitroforge generate` copies into nitroforge.auto.tfvars.json (the key policies' PCR0).
# Usage: NITROFORGE_SOURCE=/path/to/nitroforge enclave/build-eif.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
spec="$here/../../examples/inference/nitroforge.yaml"
source_tree="${NITROFORGE_SOURCE:?set NITROFORGE_SOURCE to the nitroforge source tree (it builds the enclave agent)}"

for tool in docker nitroforge sha256sum; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-eif.sh: $tool is required but not on PATH" >&2
    exit 1
  fi
done
if [ ! -f "$source_tree/Package.swift" ]; then
  echo "build-eif.sh: $source_tree is not the nitroforge source tree (no Package.swift)" >&2
  exit 1
fi

# The processor image, from the spec's Dockerfile.
docker build --file "$(dirname "$spec")/enclave/Dockerfile" --tag "nitroforge-processor-fraud-scoring" "$(dirname "$spec")/../.."

# The enclave image: agent + enclave.json + processor. enclave.json is copied into the build context so
# it is inside the image, and so inside PCR0.
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp -R "$source_tree"/. "$context"/
cp "$here/enclave.json" "$context/enclave.json"
docker build --file "$here/Dockerfile" --tag "nitroforge-enclave-fraud-scoring" "$context"

# The EIF and its measurements ({"Measurements": {"PCR0": ...}}), where the spec's enclave.measurements says.
# The docker back end (nitro-cli build-enclave) is the one recommended for production.
measurements="$(dirname "$spec")/build/measurements.json"
mkdir -p "$(dirname "$measurements")"
nitroforge build-eif --backend docker --docker-uri "nitroforge-enclave-fraud-scoring" \
  --output "$(dirname "$measurements")/enclave.eif" --measurements "$measurements"
echo "build-eif.sh: measurements written to build/measurements.json; run \`nitroforge generate\` to bind the keys to them" >&2
