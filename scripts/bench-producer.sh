#!/usr/bin/env bash
# Producer benchmark (issue 12, "Performance"): what each producer itself costs, beside a reference producer in
# Python (scripts/bench/reference_producer.py: Flask and boto3, the seed's design: KMS Encrypt per request for
# bodies up to 4 KiB, the Python ESDK above, put_object, send_message), both against one moto_server that this
# script starts, in the same run.
#   1. For 4 KiB and 1 MiB bodies at 32 concurrent clients (scripts/bench/load.py), the same load against each:
#      CPU seconds of the producer process per 1,000 accepted jobs (utime+stime of /proc/PID/stat before and
#      after), p50/p99 latency, jobs/s, and KMS calls per job, counted on the wire by a pass-through in front of
#      moto's KMS (scripts/bench/kms_counter.py, AWS_ENDPOINT_URL_KMS of both producers; ours is also checked
#      against its own nitroforge_producer_kms_calls_total). Goal: ours at most a third of the reference's CPU
#      per job at 4 KiB; ours exactly one GenerateDataKey per job.
#   2. Peak RSS of a fresh nitroforge-producer while 16 clients each stream 1 GiB at once (generated bodies
#      with Content-Length, maxPayloadBytes raised), sampled from /proc/PID/status (VmRSS, and VmHWM at the
#      end). Goal: under 256 MiB.
# Each load is preceded by a warm-up of 32 requests that is not measured. Both producers serve plain HTTP on
# loopback with the same YAML configuration (1 MiB frames, AES_256_GCM_HKDF_SHA512_COMMIT_KEY).
# Never builds: ours is .build/debug/nitroforge-producer, or with --release .build/release (or
# .build-release/release) when built, else debug with a warning; --producer PATH names another binary.
# Tools: NITROFORGE_TOOLS (default .tools/bin, made by scripts/setup-tools.sh).
# Progress on standard error, the report on standard output.
# Usage: scripts/bench-producer.sh [--jobs N] [--large-jobs N] [--clients N] [--release] [--producer PATH]
#                                  [--rss-clients N] [--rss-mib N] [--no-rss]
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tools="${NITROFORGE_TOOLS:-$repo/.tools/bin}"
bench="$repo/scripts/bench"
jobs=2000
large_jobs=
clients=32
release=false
producer=
rss_clients=16
rss_mib=1024
rss=true
warmup=32

say() { printf 'bench-producer: %s\n' "$*" >&2; }
fail() { printf 'bench-producer: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case $1 in
        --jobs) jobs=$2; shift 2 ;;
        --large-jobs) large_jobs=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        --release) release=true; shift ;;
        --producer) producer=$2; shift 2 ;;
        --rss-clients) rss_clients=$2; shift 2 ;;
        --rss-mib) rss_mib=$2; shift 2 ;;
        --no-rss) rss=false; shift ;;
        -h|--help) usage; exit 0 ;;
        *) fail "unknown argument $1 (see --help)" ;;
    esac
done
for number in "$jobs" "$clients" "$rss_clients" "$rss_mib" ${large_jobs:+"$large_jobs"}; do
    [[ $number =~ ^[1-9][0-9]*$ ]] || fail "'$number' is not a positive count"
done
[ -n "$large_jobs" ] || large_jobs=$(( jobs / 10 > clients ? jobs / 10 : clients ))

python="$tools/python"
[ -x "$tools/moto_server" ] && [ -x "$python" ] || fail "$tools has no moto_server or python: run scripts/setup-tools.sh"
"$python" -c 'import flask, boto3, yaml, aws_encryption_sdk' 2>/dev/null \
    || fail "the tools' Python lacks flask, boto3, PyYAML or aws-encryption-sdk: run scripts/setup-tools.sh"

if [ -n "$producer" ]; then
    case $producer in
        */release/*) build="release (--producer $producer)" ;;
        */debug/*) build="debug (--producer $producer)" ;;
        *) build="given (--producer $producer)" ;;
    esac
elif $release && [ -x "$repo/.build/release/nitroforge-producer" ]; then
    producer="$repo/.build/release/nitroforge-producer"; build="release"
elif $release && [ -x "$repo/.build-release/release/nitroforge-producer" ]; then
    producer="$repo/.build-release/release/nitroforge-producer"; build="release"
else
    $release && say "warning: no release build of nitroforge-producer (swift build -c release --product nitroforge-producer); using the debug build"
    producer="$repo/.build/debug/nitroforge-producer"; build="debug"
fi
[ -x "$producer" ] || fail "$producer is missing: build it (swift build --product nitroforge-producer) or pass --producer PATH"
say "nitroforge-producer: $build build, $producer"

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-producer.XXXXXX")
pids=()
ok=false
stop() { # pid: SIGTERM, then SIGKILL after 10 s
    local pid=$1 i
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local pid
    for pid in "${pids[@]}"; do stop "$pid"; done
    if $ok; then rm -rf "$work"; else say "logs kept in $work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { # url pid name: until the URL answers 200, for at most 60 s, while pid lives
    local i
    for i in $(seq 1 300); do
        kill -0 "$2" 2>/dev/null || fail "$3 exited at start (log: $work)"
        "$python" -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('$1', timeout=2).status != 200)" 2>/dev/null && return
        sleep 0.2
    done
    fail "$3 did not answer $1 within 60 s"
}
cpu_ticks() { # pid: utime + stime in clock ticks (fields 14 and 15 of /proc/PID/stat)
    sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
kms_counts() { "$python" -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$kms_port/__counts').read().decode())"; }
metric() { # port name: the sum of a Prometheus counter's samples at /metrics
    "$python" - "$1" "$2" <<'EOF'
import sys, urllib.request
text = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=10).read().decode()
print(int(sum(float(l.split()[-1]) for l in text.splitlines() if l.split("{")[0].split(" ")[0] == sys.argv[2])))
EOF
}

# --- moto, the KMS counter, the resources -----------------------------------------------------------
moto_port=$(free_port)
"$tools/moto_server" -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!; pids+=("$moto_pid")
wait_http "http://127.0.0.1:$moto_port/moto-api/data.json" "$moto_pid" moto_server
kms_port=$(free_port)
"$python" "$bench/kms_counter.py" --port "$kms_port" --upstream "http://127.0.0.1:$moto_port" >"$work/kms-counter.log" 2>&1 &
kms_pid=$!; pids+=("$kms_pid")
wait_http "http://127.0.0.1:$kms_port/__counts" "$kms_pid" kms_counter
say "moto_server on $moto_port (pid $moto_pid), KMS counter on $kms_port"

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port"
read -r storage_key queue_url < <("$python" - <<'EOF'
import boto3
kms = boto3.client("kms")
data = kms.create_key(Description="bench-producer data key")["KeyMetadata"]["KeyId"]
kms.create_alias(AliasName="alias/bench-data", TargetKeyId=data)
storage = kms.create_key(Description="bench-producer storage key")["KeyMetadata"]["Arn"]
boto3.client("s3").create_bucket(Bucket="bench-jobs")
print(storage, boto3.client("sqs").create_queue(QueueName="bench-jobs")["QueueUrl"])
EOF
)
[ -n "$queue_url" ] || fail "creating the keys, bucket and queue in moto failed"
export AWS_ENDPOINT_URL_KMS="http://127.0.0.1:$kms_port"
api_key=$("$python" -c 'import secrets; print(secrets.token_hex(24))')
api_key_sha=$(printf '%s' "$api_key" | sha256sum | cut -d' ' -f1)

write_config() { # file port maxPayloadBytes
    cat >"$1" <<EOF
app: bench
region: us-east-1
listen:
  host: 127.0.0.1
  port: $2
  tls: none
maxPayloadBytes: $3
auth:
  apiKeys:
    - name: bench
      sha256: "$api_key_sha"
encryption:
  dataKey: alias/bench-data
  algorithm: AES_256_GCM_HKDF_SHA512_COMMIT_KEY
  frameBytes: 1048576
storage:
  bucket: bench-jobs
  jobsPrefix: jobs/
  storageKeyArn: $storage_key
queue:
  url: $queue_url
limits:
  requestsPerMinutePerPrincipal: 1000000
  maxConcurrentRequests: 256
  requestTimeoutSeconds: 3600
EOF
}

# --- the two producers ------------------------------------------------------------------------------
ours_port=$(free_port)
write_config "$work/producer.yaml" "$ours_port" $((64 << 20))
"$producer" --config "$work/producer.yaml" >"$work/ours.log" 2>&1 &
ours_pid=$!; pids+=("$ours_pid")
wait_http "http://127.0.0.1:$ours_port/healthz" "$ours_pid" nitroforge-producer
reference_port=$(free_port)
"$python" "$bench/reference_producer.py" --config "$work/producer.yaml" --port "$reference_port" >"$work/reference.log" 2>&1 &
reference_pid=$!; pids+=("$reference_pid")
wait_http "http://127.0.0.1:$reference_port/healthz" "$reference_pid" reference_producer
say "ours on $ours_port (pid $ours_pid), reference on $reference_port (pid $reference_pid)"

clock_ticks=$(getconf CLK_TCK)
results="$work/results.jsonl"
: >"$results"
measure() { # name port pid size jobs
    local name=$1 port=$2 pid=$3 size=$4 count=$5 url="http://127.0.0.1:$2/v1/jobs"
    say "$name, $size-byte bodies: warm-up of $warmup requests"
    "$python" "$bench/load.py" --url "$url" --api-key "$api_key" --requests "$warmup" --concurrency "$clients" \
        --size "$size" --label warmup >/dev/null
    local ticks_before kms_before self_before=0 ticks_after kms_after self_after=0 load
    ticks_before=$(cpu_ticks "$pid"); kms_before=$(kms_counts)
    [ "$name" = ours ] && self_before=$(metric "$port" nitroforge_producer_kms_calls_total)
    say "$name, $size-byte bodies: $count requests from $clients clients"
    load=$("$python" "$bench/load.py" --url "$url" --api-key "$api_key" --requests "$count" --concurrency "$clients" \
        --size "$size" --label "$name")
    ticks_after=$(cpu_ticks "$pid"); kms_after=$(kms_counts)
    [ "$name" = ours ] && self_after=$(metric "$port" nitroforge_producer_kms_calls_total)
    "$python" - "$name" "$((ticks_after - ticks_before))" "$clock_ticks" "$kms_before" "$kms_after" \
        "$((self_after - self_before))" "$load" >>"$results" <<'EOF'
import json, sys
name, ticks, hz, before, after, self_count, load = sys.argv[1:]
load = json.loads(load)
before, after = json.loads(before), json.loads(after)
kms = {op: after[op] - before.get(op, 0) for op in after if after[op] != before.get(op, 0)}
load.update(producer=name, cpuSeconds=int(ticks) / int(hz), kmsCalls=kms,
            selfReportedKmsCalls=int(self_count) if name == "ours" else None)
print(json.dumps(load))
EOF
    say "$name, $size-byte bodies: $(tail -n1 "$results" | "$python" -c 'import json, sys; r = json.load(sys.stdin); print("%d/%d accepted in %s s, %.2f CPU s, statuses %s, errors %s" % (r["accepted"], r["requests"], r["wallSeconds"], r["cpuSeconds"], r["statuses"], r["errors"]))')"
}
for size in 4096 1048576; do
    count=$jobs
    [ "$size" -eq 4096 ] || count=$large_jobs
    measure ours "$ours_port" "$ours_pid" "$size" "$count"
    measure reference "$reference_port" "$reference_pid" "$size" "$count"
done

# --- peak RSS of a fresh producer under large uploads ------------------------------------------------
rss_result=
if $rss; then
    stop "$ours_pid"
    stop "$reference_pid"
    rss_port=$(free_port)
    rss_bytes=$((rss_mib << 20))
    write_config "$work/producer-rss.yaml" "$rss_port" $((rss_bytes + (1 << 20)))
    "$producer" --config "$work/producer-rss.yaml" >"$work/ours-rss.log" 2>&1 &
    rss_pid=$!; pids+=("$rss_pid")
    wait_http "http://127.0.0.1:$rss_port/healthz" "$rss_pid" "nitroforge-producer (RSS test)"
    idle_kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$rss_pid/status")
    say "RSS test: $rss_clients clients each streaming $rss_mib MiB to a fresh producer (pid $rss_pid, idle RSS $((idle_kib / 1024)) MiB)"
    rss_result=$("$python" "$bench/load.py" --url "http://127.0.0.1:$rss_port/v1/jobs" --api-key "$api_key" \
        --requests "$rss_clients" --concurrency "$rss_clients" --size "$rss_bytes" --stream --sample-pid "$rss_pid" \
        --sample-ms 50 --timeout 1800 --label rss)
    rss_result=$("$python" -c 'import json,sys; r=json.loads(sys.argv[1]); r["idleVmRSSKiB"]=int(sys.argv[2]); print(json.dumps(r))' \
        "$rss_result" "$idle_kib")
    stop "$rss_pid"
fi

# --- the report -------------------------------------------------------------------------------------
"$python" - "$results" "$build" "$rss_result" <<'EOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
build, rss = sys.argv[2], sys.argv[3]
def size_name(n):
    return f"{n >> 20} MiB" if n >= 1 << 20 else f"{n >> 10} KiB"
def per_job(calls, accepted):
    return ", ".join(f"{op} {n / accepted:.3g}" for op, n in sorted(calls.items())) if accepted else "-"
print(f"nitroforge-producer: {build} build; reference: Flask (Werkzeug, threaded) + boto3, one process; one moto_server")
header = ("producer", "size", "jobs", "accepted", "jobs/s", "CPU s/1000 jobs", "p50 ms", "p99 ms", "KMS calls per job")
table = [header]
cpu = {}
for r in rows:
    per_1000 = r["cpuSeconds"] / r["accepted"] * 1000 if r["accepted"] else float("nan")
    cpu[(r["producer"], r["size"])] = per_1000
    kms = per_job(r["kmsCalls"], r["accepted"])
    if r["producer"] == "ours":
        kms += f" (own metric {r['selfReportedKmsCalls'] / r['accepted']:.3g})" if r["accepted"] else ""
    table.append((r["producer"], size_name(r["size"]), str(r["requests"]), str(r["accepted"]), f"{r['jobsPerSecond']}",
                  f"{per_1000:.2f}", f"{r['p50Ms']}", f"{r['p99Ms']}", kms))
widths = [max(len(row[i]) for row in table) for i in range(len(header))]
for row in table:
    print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
for size in sorted({r["size"] for r in rows}):
    ours, reference = cpu.get(("ours", size)), cpu.get(("reference", size))
    if ours is not None and reference:
        goal = " (goal <= 0.33)" if size == 4096 else ""
        print(f"CPU per job, ours/reference at {size_name(size)}: {ours / reference:.2f}{goal}")
bad = [r for r in rows if r["accepted"] != r["requests"]]
for r in bad:
    print(f"warning: {r['producer']} at {size_name(r['size'])}: {r['requests'] - r['accepted']} not accepted: statuses {r['statuses']}, errors {r['errors']}")
if rss:
    r = json.loads(rss)
    peak = max(r["peakVmRSSKiB"], r["VmHWMKiB"]) / 1024
    print(f"RSS test: {r['accepted']}/{r['requests']} uploads of {size_name(r['size'])} from {r['concurrency']} clients at once "
          f"in {r['wallSeconds']} s; ours: idle {r['idleVmRSSKiB'] / 1024:.0f} MiB, peak VmRSS sampled {r['peakVmRSSKiB'] / 1024:.0f} MiB, "
          f"VmHWM {r['VmHWMKiB'] / 1024:.0f} MiB (goal < 256 MiB{'' if r['size'] == 1 << 30 else ', stated for 1 GiB uploads'}): "
          f"{'met' if peak < 256 else 'NOT met'}")
    if r["accepted"] != r["requests"]:
        print(f"warning: RSS test statuses {r['statuses']}, errors {r['errors']}")
EOF
ok=true
