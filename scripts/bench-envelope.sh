#!/usr/bin/env bash
# Envelope benchmarks that need processes and files (issue 4, "Performance"):
#  1. the same 256 MiB file encrypted by aws-encryption-cli (0x0478, 1 MiB frames) and by
#     `nitroforge encrypt` (same suite and frame size), both against moto_server: wall time ratio
#     (target: nitroforge at least 5 times faster);
#  2. peak RSS of `nitroforge encrypt` and `nitroforge decrypt` of a 2 GiB file (target: under 64 MiB).
# Uses NITROFORGE_MOTO_URL when set, otherwise starts moto_server on a free loopback port.
# The in-memory throughput benchmark is `swift run -c release nitroforge-bench envelope`.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bash scripts/setup-tools.sh
tools="$repo/.tools/bin"
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-envelope.XXXXXX")
moto_pid=
cleanup() {
    rm -rf "$work"
    if [ -n "$moto_pid" ]; then kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

if [ -z "${NITROFORGE_MOTO_URL:-}" ]; then
    port=$("$tools/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$tools/moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
    moto_pid=$!
    NITROFORGE_MOTO_URL="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do
        "$tools/python" -c "import urllib.request; urllib.request.urlopen('$NITROFORGE_MOTO_URL/moto-api/data.json', timeout=1)" 2>/dev/null && break
        sleep 0.2
    done
fi
export AWS_ENDPOINT_URL_KMS="$NITROFORGE_MOTO_URL" AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true

swift build -c release --product nitroforge >&2
nitroforge="$(swift build -c release --show-bin-path)/nitroforge"
key=$("$tools/python" -c "import boto3; print(boto3.client('kms').create_key()['KeyMetadata']['Arn'])")

seconds() { # command...: wall seconds of the best of three runs, each after `sync` so that neither tool
    # pays for writing back the other's output
    local best="" start end
    for _ in 1 2 3; do
        sync
        start=$(date +%s.%N)
        "$@"
        end=$(date +%s.%N)
        best=$(awk -v s="$start" -v e="$end" -v b="$best" 'BEGIN { t = e - s; print (b == "" || t < b) ? t : b }')
    done
    echo "$best"
}

head -c $((256 << 20)) /dev/urandom > "$work/256m"
cli=$(seconds "$tools/aws-encryption-cli" --encrypt --input "$work/256m" --output "$work/256m.cli.esdk" \
    --wrapping-keys "key=$key" --algorithm AES_256_GCM_HKDF_SHA512_COMMIT_KEY --frame-length 1048576 \
    --commitment-policy require-encrypt-require-decrypt --encryption-context purpose=bench -S)
ours=$(seconds "$nitroforge" encrypt --key-id "$key" --in "$work/256m" --out "$work/256m.nf.esdk" \
    --suite AES_256_GCM_HKDF_SHA512_COMMIT_KEY --frame-size 1048576 --context purpose=bench 2>/dev/null)
printf '256 MiB file to file, 0x0478, 1 MiB frames, best of 3: aws-encryption-cli %.2f s, nitroforge encrypt %.2f s, ratio %.1fx (target >= 5x)\n' \
    "$cli" "$ours" "$(awk -v c="$cli" -v o="$ours" 'BEGIN { print c / o }')"
rm -f "$work/256m" "$work/256m.cli.esdk" "$work/256m.nf.esdk"

head -c $((2 << 30)) /dev/zero > "$work/2g"
peak() { # label, command...: prints peak RSS
    local label=$1; shift
    /usr/bin/time -v "$@" 2>"$work/time.log" >/dev/null
    local kib
    kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.log")
    printf '%s 2 GiB: peak RSS %.1f MiB (target < 64 MiB), %s s elapsed\n' "$label" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" \
        "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.log")"
}
peak "nitroforge encrypt" "$nitroforge" encrypt --key-id "$key" --in "$work/2g" --out "$work/2g.esdk"
peak "nitroforge decrypt" "$nitroforge" decrypt --key-id "$key" --in "$work/2g.esdk" --out "$work/2g.out"
cmp "$work/2g" "$work/2g.out" && echo "2 GiB round trip: identical"
