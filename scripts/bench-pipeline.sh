#!/usr/bin/env bash
# Pipeline benchmark (issue 14, "Performance"): the whole pipeline end to end through `nitroforge dev up` on this
# machine (moto_server, the development KMS, host agent, development enclave agent with its processor, producer).
#   1. Jobs per second for 4 KiB jobs: examples/inference (the logistic-regression scorer over HTTP), a CSV of
#      about 4 KiB in the model's columns, N jobs from C concurrent clients, timed from the first submission to
#      the last result stored (the host agent's log, millisecond timestamps; every result is then confirmed in
#      the bucket with ListObjectsV2); p50/p99 of submission start -> result stored; the depth of the queue and
#      its dead-letter queue at the end (expected 0).
#   2. KMS calls per job on each side, counted on the wire: the producer and the enclave agent of the same stack
#      are restarted (`dev restart`) with their KMS endpoint pointing at a counting pass-through each
#      (scripts/bench/kms_counter.py) in front of the development KMS, and M more jobs run (not timed). Expected:
#      producer 1 (GenerateDataKey), enclave 2 (Decrypt, GenerateDataKey), and 2 DescribeKey once per enclave boot.
#   3. MB/s (10^6 bytes/s) for 64 MiB jobs: a copy of the inference spec whose processor is
#      `exec: {argv: [/bin/cat]}` (stdin to stdout), K jobs one after the other, each from submission start to
#      result stored; per job and overall.
# For 1 and 3, the CPU seconds (utime+stime from /proc/PID/stat, PIDs from STATE/stack.json) of producer, host,
# enclave, processor (the enclave agent's children), development KMS and moto over the phase, and their shares:
# ours (producer, host, enclave, processor), the development KMS (our code, standing in for AWS KMS) and moto.
# Each phase is preceded by a warm-up of C jobs that is not measured. Nothing is asserted.
# Never builds: the debug build (.build/debug), or with --release .build/release when every runtime is there.
# Tools: NITROFORGE_TOOLS (default .tools/bin: moto_server, python with boto3 and PyYAML; scripts/setup-tools.sh).
# Progress on standard error, the report on standard output. Run from anywhere; logs kept when a phase fails.
# Usage: scripts/bench-pipeline.sh [--jobs N] [--clients C] [--kms-jobs M] [--large-jobs K] [--large-mib S]
#                                  [--release] [--keep]
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
tools="${NITROFORGE_TOOLS:-$repo/.tools/bin}"
bench="$repo/scripts/bench"
jobs=300
clients=8
kms_jobs=20
large_jobs=3
large_mib=64
release=false
keep=false

say() { printf 'bench-pipeline: %s\n' "$*" >&2; }
fail() { printf 'bench-pipeline: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case $1 in
        --jobs) jobs=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        --kms-jobs) kms_jobs=$2; shift 2 ;;
        --large-jobs) large_jobs=$2; shift 2 ;;
        --large-mib) large_mib=$2; shift 2 ;;
        --release) release=true; shift ;;
        --keep) keep=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) fail "unknown argument $1 (see --help)" ;;
    esac
done
for number in "$jobs" "$clients" "$kms_jobs" "$large_jobs" "$large_mib"; do
    [[ $number =~ ^[1-9][0-9]*$ ]] || fail "'$number' is not a positive count"
done

python="$tools/python"
[ -x "$tools/moto_server" ] && [ -x "$python" ] || fail "$tools has no moto_server or python: run scripts/setup-tools.sh"
"$python" -c 'import boto3, yaml' 2>/dev/null || fail "the tools' Python lacks boto3 or PyYAML: run scripts/setup-tools.sh"
export PATH="$tools:$PATH"

# dev up starts the runtimes found beside `nitroforge` and would build missing ones: all must be there.
runtimes="nitroforge nitroforge-producer nitroforge-host nitroforge-enclave-dev nitroforge-example"
complete() { local name; for name in $runtimes; do [ -x "$1/$name" ] || return 1; done; }
if $release && complete "$repo/.build/release"; then
    bin="$repo/.build/release"; build="release"
else
    $release && say "warning: .build/release lacks one of $runtimes (swift build -c release); using the debug build"
    bin="$repo/.build/debug"; build="debug"
fi
complete "$bin" || fail "$bin lacks one of $runtimes: build them (swift build) first"
nitroforge="$bin/nitroforge"

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-pipeline.XXXXXX")
counter_pids=()
ok=false
stop_recorded() { # state: the processes stack.json records and their children, by PID (when dev down cannot)
    "$python" - "$1/stack.json" <<'EOF' || true
import json, os, signal, sys, time
pids = [p["pid"] for p in json.load(open(sys.argv[1]))["processes"]]
for pid in list(pids):
    try:
        pids += [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        pass
for sig in (signal.SIGTERM, signal.SIGKILL):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except OSError:
            pass
    time.sleep(5)
EOF
}
cleanup() {
    local state pid
    for state in "$work"/*/state; do
        [ -f "$state/stack.json" ] || continue
        # A nitroforge rebuilt meanwhile may no longer read the record; then stop its PIDs directly.
        "$nitroforge" dev down --state "$state" >/dev/null 2>&1 || stop_recorded "$state"
    done
    for pid in "${counter_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if $ok && ! $keep; then rm -rf "$work"; else say "logs kept in $work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
field() { "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
wait_http() { # url name: until the URL answers 200, for at most 60 s
    local i
    for i in $(seq 1 300); do
        "$python" -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('$1', timeout=2).status != 200)" 2>/dev/null && return
        sleep 0.2
    done
    fail "$2 did not answer $1 within 60 s"
}
up() { # name spec: dev up into $work/NAME/state; the answer in $work/NAME/answer.json
    local state="$work/$1/state"
    mkdir -p "$state"
    "$nitroforge" dev up --spec "$2" --state "$state" --detach --json >"$work/$1/answer.json" 2>"$work/$1/up.log" \
        || fail "dev up --spec $2 failed: $(tail -n 5 "$work/$1/up.log")"
}
down() { "$nitroforge" dev down --state "$work/$1/state" >/dev/null; }
load() { # name mode args...: scripts/bench/pipeline_load.py against stack NAME
    local name=$1 mode=$2; shift 2
    "$python" "$bench/pipeline_load.py" "$mode" --answer "$work/$name/answer.json" --stack "$work/$name/state/stack.json" \
        --host-log "$work/$name/state/logs/host.log" "$@"
}
missing() { # label result-json: true (with a warning, and the logs kept) when some job has no result
    "$python" - "$1" "$2" <<'EOF' && return 1
import json, sys
r = json.loads(sys.argv[2])
if r["resultsStored"] != r["jobs"]:
    reasons = r.get("failureReasons") or [row.get("failed") for row in r.get("rows", []) if "failed" in row]
    print(f"bench-pipeline: warning: {sys.argv[1]}: {r['jobs'] - r['resultsStored']} of {r['jobs']} jobs without a result; "
          f"reasons: {json.dumps(reasons)[:500]}", file=sys.stderr)
    sys.exit(1)
EOF
    keep=true
}
check() { # label result-json: fails unless every job has a result (the warm-ups: nothing to measure otherwise)
    if missing "$1" "$2"; then fail "$1: not every job got a result (logs: $work)"; fi
}

# A CSV of the inference model's columns, as close to 4 KiB as whole rows allow.
body="$work/jobs-4k.csv"
"$python" - "$body" <<'EOF'
import random, sys
random.seed(14)
lines = ["transaction_id,account_age_days,amount,merchant_risk,foreign"]
while True:
    row = (f"tx-{len(lines):06d},{random.randint(0, 3650)},{random.uniform(1, 5000):.2f},"
           f"{random.uniform(0, 1):.2f},{random.randint(0, 1)}")
    if sum(len(line) + 1 for line in lines) + len(row) + 1 > 4096:
        break
    lines.append(row)
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF

# --- 1 and 2: the inference example --------------------------------------------------------------------------
say "dev up: examples/inference ($build build), state in $work/inference"
up inference "$repo/examples/inference/nitroforge.yaml"
say "inference: warm-up of $clients jobs"
check warm-up "$(load inference many --body "$body" --jobs "$clients" --concurrency "$clients")"
say "inference: $jobs jobs of $(stat -c %s "$body") bytes from $clients clients"
many=$(load inference many --body "$body" --jobs "$jobs" --concurrency "$clients")
missing "4 KiB jobs" "$many" || true

say "inference: producer and enclave agent restarted behind KMS counters; $kms_jobs jobs"
kms_endpoint=$(field "$work/inference/answer.json" kmsEndpoint)
producer_url=$(field "$work/inference/answer.json" producerUrl)
declare -A counter_url
for side in producer enclave; do
    port=$(free_port)
    "$python" "$bench/kms_counter.py" --port "$port" --upstream "$kms_endpoint" >"$work/inference/kms-counter-$side.log" 2>&1 &
    counter_pids+=("$!")
    counter_url[$side]="http://127.0.0.1:$port"
    wait_http "${counter_url[$side]}/__counts" "kms_counter ($side)"
done
"$python" - "$work/inference/state/stack.json" "${counter_url[producer]}" "${counter_url[enclave]}" <<'EOF'
import json, sys
path, producer, enclave = sys.argv[1:]
record = json.load(open(path))
for process in record["processes"]:
    command = process["command"]
    if process["name"] == "producer":
        command["environment"]["AWS_ENDPOINT_URL_KMS"] = producer
    elif process["name"] == "enclave":
        command["arguments"][command["arguments"].index("--kms-endpoint") + 1] = enclave
json.dump(record, open(path, "w"), indent=2, sort_keys=True)
EOF
"$nitroforge" dev restart enclave --state "$work/inference/state" >&2
"$nitroforge" dev restart producer --state "$work/inference/state" >&2
wait_http "$producer_url/readyz" "the restarted producer"
kms=$(load inference many --body "$body" --jobs "$kms_jobs" --concurrency "$clients" \
    --kms-counter "producer=${counter_url[producer]}" --kms-counter "enclave=${counter_url[enclave]}")
missing "KMS count" "$kms" || true
producer_metric=$("$python" - "$producer_url" <<'EOF'
import sys, urllib.request
text = urllib.request.urlopen(f"{sys.argv[1]}/metrics", timeout=10).read().decode()
print(int(sum(float(l.split()[-1]) for l in text.splitlines() if l.split("{")[0].split(" ")[0] == "nitroforge_producer_kms_calls_total")))
EOF
)
down inference

# --- 3: an exec processor that copies stdin to stdout ----------------------------------------------------------
mkdir -p "$work/cat"
"$python" - "$repo/examples/inference/nitroforge.yaml" "$work/cat/nitroforge.yaml" "$large_mib" <<'EOF'
import os, sys, yaml
source, target, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
spec = yaml.safe_load(open(source))
folder = os.path.dirname(os.path.abspath(source))
image = spec["enclave"]["image"]
for name in ("dockerfile", "context"):  # relative to the spec, which moves
    if name in image:
        image[name] = os.path.normpath(os.path.join(folder, image[name]))
spec["enclave"]["processor"] = {"exec": {"argv": ["/bin/cat"]}}
spec["producer"]["maxPayloadMiB"] = max(spec["producer"].get("maxPayloadMiB", 1024), mib + 1)
open(target, "w").write("# examples/inference/nitroforge.yaml with an exec processor that copies stdin to stdout,\n"
                        "# written by scripts/bench-pipeline.sh.\n" + yaml.safe_dump(spec, sort_keys=False))
EOF
say "dev up: exec /bin/cat, state in $work/cat"
up cat "$work/cat/nitroforge.yaml"
say "cat: warm-up of $clients jobs"
check warm-up "$(load cat many --body "$body" --jobs "$clients" --concurrency "$clients")"
say "cat: $large_jobs jobs of $large_mib MiB, one after the other"
large=$(load cat large --jobs "$large_jobs" --mib "$large_mib")
missing "$large_mib MiB jobs" "$large" || true
down cat

# --- the report ------------------------------------------------------------------------------------------------
"$python" - "$build" "$(nproc)" "$many" "$kms" "$producer_metric" "$large" <<'EOF'
import json, platform, sys, datetime
build, cores = sys.argv[1], sys.argv[2]
many, kms, large = json.loads(sys.argv[3]), json.loads(sys.argv[4]), json.loads(sys.argv[6])
producer_metric = int(sys.argv[5])
cpu_model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
print(f"bench-pipeline {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}: "
      f"{platform.node()}, {cores} cores ({cpu_model}), {build} build, moto_server on loopback")

def cpu_lines(phase):
    cpu, wall = phase["cpuSeconds"], phase["cpuWallSeconds"]
    names = ("producer", "host", "enclave", "processor", "kms", "moto")
    ours = sum(cpu.get(n) or 0 for n in names[:4])
    dev_kms, moto = cpu.get("kms") or 0, cpu.get("moto") or 0
    total = ours + dev_kms + moto
    lines = [f"  CPU s over {wall:.1f} s wall: " + ", ".join(f"{n} {cpu.get(n) if cpu.get(n) is not None else '-'}" for n in names)]
    if total:
        lines.append(f"  CPU share: ours {100 * ours / total:.0f}%, development KMS {100 * dev_kms / total:.0f}%, "
                     f"moto {100 * moto / total:.0f}%; all together {total / wall:.2f} of {cores} cores busy")
    return lines

def per_job(calls, jobs, once=("DescribeKey",)):
    each = {op: n for op, n in calls.items() if op not in once}
    text = f"{sum(each.values()) / jobs:.3g} (" + ", ".join(f"{op} {n / jobs:.3g}" for op, n in sorted(each.items())) + ")"
    once_text = ", ".join(f"{op} {n} in all (expected 2, once per boot)" for op, n in sorted(calls.items()) if op in once)
    return text + (f" + {once_text}" if once_text else "")

lines = ["== bench-pipeline figures =="]
m = many
lines.append(f"4 KiB jobs, inference (http processor): {m['resultsStored']}/{m['jobs']} results of {m['bodyBytes']}-byte CSVs "
             f"from {m['concurrency']} clients in {m['wallSeconds']} s: {m['jobsPerSecond']} jobs/s; "
             f"submit->result p50 {m['p50LatencyMs']} ms, p99 {m['p99LatencyMs']} ms, max {m['maxLatencyMs']} ms")
lines.append(f"  all submitted in {m['submitSeconds']} s; results in the bucket {m['resultsInBucket']}, failed {m['failed']}, "
             f"not deleted {m['notDeleted']}; at the end queue depth {m['queueDepths']['queue']}, DLQ depth {m['queueDepths']['deadLetterQueue']}")
lines += cpu_lines(m)
jobs = kms["resultsStored"]
calls = kms["kmsCalls"]
lines.append(f"KMS calls per job: producer {per_job(calls.get('producer', {}), jobs)}, "
             f"enclave {per_job(calls.get('enclave', {}), jobs)}")
lines.append(f"  counted on the wire over {jobs} jobs from {kms['concurrency']} clients, after a restart of both; "
             f"producer's own nitroforge_producer_kms_calls_total {producer_metric / jobs:.3g} per job")
l = large
for index, row in enumerate(l["rows"], 1):
    if "seconds" in row:
        lines.append(f"{l['bodyBytes'] >> 20} MiB job {index}, exec /bin/cat: {row['seconds']} s submit->result "
                     f"(upload {row['uploadSeconds']} s): {row['megabytesPerSecond']} MB/s")
    else:
        lines.append(f"{l['bodyBytes'] >> 20} MiB job {index}: no result: {row.get('failed') or row}")
overall = f"in {l['wallSeconds']} s: {l['megabytesPerSecond']} MB/s" if l["wallSeconds"] else "no result"
lines.append(f"{l['bodyBytes'] >> 20} MiB jobs overall: {l['resultsStored']}/{l['jobs']} {overall}; at the end queue depth {l['queueDepths']['queue']}, DLQ depth {l['queueDepths']['deadLetterQueue']}")
lines += cpu_lines(l)
print("\n".join(lines))
EOF
ok=true
