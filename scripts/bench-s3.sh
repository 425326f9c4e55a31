#!/usr/bin/env bash
# S3 streaming benchmark (issue 3): a 1 GiB object goes to a moto_server on loopback by multipart upload
# and comes back by streaming GetObject; /usr/bin/time -v measures the peak memory of our process only
# (moto, which keeps the object in memory, is a separate process). Fails when the peak is 100 MiB or more.
# Usage: scripts/bench-s3.sh [--size-mib N] [--part-size-mib N] [--concurrency N]
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
tools="${NITROFORGE_TOOLS:-$repo/.tools/bin}"
[ -x "$tools/moto_server" ] || { echo "error: $tools/moto_server missing: run scripts/setup-tools.sh" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time missing: apt-get install time" >&2; exit 1; }

swift build -c release --product nitroforge-bench
bench="$(swift build -c release --show-bin-path)/nitroforge-bench"

port=$("$tools/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$tools/moto_server" -H 127.0.0.1 -p "$port" >"$repo/.tools/moto-bench.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    "$tools/python" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
    sleep 0.2
done

report=$(mktemp)
AWS_ENDPOINT_URL_S3="http://127.0.0.1:$port" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIABENCHMARK0000001 \
    AWS_SECRET_ACCESS_KEY=benchmark AWS_EC2_METADATA_DISABLED=true \
    /usr/bin/time -v -o "$report" "$bench" s3 "$@"
peak_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$report"
rm -f "$report"
peak_mib=$((peak_kib / 1024))
echo "peak RSS of nitroforge-bench: ${peak_mib} MiB (limit 100 MiB)"
[ "$peak_mib" -lt 100 ] || { echo "error: peak RSS ${peak_mib} MiB is not under 100 MiB" >&2; exit 1; }
