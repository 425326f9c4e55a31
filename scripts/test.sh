#!/usr/bin/env bash
# The test command (README "Testing"): installs the test tools, writes the Terraform CLI configuration
# (.tools/terraform.tfrc, the provider from a local mirror), starts two moto_servers on loopback (one
# without authentication, one with it and an IAM user), runs `swift test`, then stops the servers.
# TerraformApplyTests start a moto_server of their own. Extra arguments go to `swift test` (e.g. --filter EIFTests);
# without them, the fuzz targets' short runs go on beside the suite (see the end of this file).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bash scripts/setup-tools.sh

export NITROFORGE_REPO="$repo"
export NITROFORGE_TOOLS="$repo/.tools/bin"
export PATH="$NITROFORGE_TOOLS:$PATH"

# Terraform installs the AWS provider from the local mirror setup-tools.sh found (or NITROFORGE_TF_MIRROR),
# never from a registry; the plugin cache makes each test's `terraform init` a link, not a 700 MB copy.
mkdir -p "$repo/.tools/terraform-plugin-cache"
cat > "$repo/.tools/terraform.tfrc" <<EOF
plugin_cache_dir = "$repo/.tools/terraform-plugin-cache"
plugin_cache_may_break_dependency_lock_file = true
provider_installation {
  filesystem_mirror {
    path    = "$(cat "$repo/.tools/terraform-mirror")"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
EOF
export TF_CLI_CONFIG_FILE="$repo/.tools/terraform.tfrc"
export CHECKPOINT_DISABLE=1
# Tests never reach a real AWS endpoint or instance metadata service.
export AWS_EC2_METADATA_DISABLED=true

moto_pids=()
stop_motos() {
    for pid in "${moto_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_motos EXIT

# start_moto LOG [NAME=VALUE...]: a moto_server on a free loopback port with that extra environment;
# sets moto_url once the server answers (any HTTP answer, so that one with authentication on counts).
start_moto() {
    local log=$1; shift
    local port pid
    # A free port below the ephemeral range, which no outgoing connection can take before moto binds it.
    port=$("$NITROFORGE_TOOLS/python" -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(200):
    port = random.randint(10000, low - 1)
    try:
        socket.socket().bind(("127.0.0.1", port)); print(port); break
    except OSError: pass
')
    env "$@" "$NITROFORGE_TOOLS/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
    pid=$!
    moto_pids+=("$pid")
    moto_url="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do
        if "$NITROFORGE_TOOLS/python" -c "
import sys, urllib.error, urllib.request
try: urllib.request.urlopen('$moto_url/moto-api/data.json', timeout=1)
except urllib.error.HTTPError: pass" 2>/dev/null; then
            echo "test: moto_server on $moto_url" >&2
            return
        fi
        kill -0 "$pid" 2>/dev/null || { echo "moto_server exited; see $log" >&2; exit 1; }
        sleep 0.2
    done
    echo "moto_server on $moto_url did not answer within 20 s; see $log" >&2
    exit 1
}

start_moto "$repo/.tools/moto.log"
export NITROFORGE_MOTO_URL=$moto_url

# A second moto_server checks every request's signature (INITIAL_NO_AUTH_ACTION_COUNT=0), so that tests see
# a wrong signature refused by a server; peer.py creates an IAM user allowed everything, whose keys they sign with.
start_moto "$repo/.tools/moto-auth.log" INITIAL_NO_AUTH_ACTION_COUNT=0
export NITROFORGE_MOTO_AUTH_URL=$moto_url
user=$(AWS_ACCESS_KEY_ID=bootstrap AWS_SECRET_ACCESS_KEY=bootstrap \
    "$NITROFORGE_TOOLS/python" Tests/AWSClientTests/Fixtures/python/peer.py create-iam-user "$NITROFORGE_MOTO_AUTH_URL")
read -r NITROFORGE_MOTO_AUTH_ACCESS_KEY_ID NITROFORGE_MOTO_AUTH_SECRET_ACCESS_KEY < <(
    "$NITROFORGE_TOOLS/python" -c 'import json, sys; u = json.load(sys.stdin); print(u["accessKeyId"], u["secretAccessKey"])' <<<"$user")
export NITROFORGE_MOTO_AUTH_ACCESS_KEY_ID NITROFORGE_MOTO_AUTH_SECRET_ACCESS_KEY

# The enclave side must not link builder, server or chain code: the package graph decides, before any build.
python3 scripts/check-module-graph.py --self-test

swift build --build-tests

# The full suite (no arguments) also builds every fuzz target and runs each for 20 s (scripts/fuzz.sh,
# issue 17), beside the XCTest run at the lowest CPU priority: the suite spends much of its time waiting
# for servers and subprocesses, and the fuzzers take what it leaves. Their summary is printed at the end.
fuzz_pid=
if [[ $# -eq 0 ]]; then
    mkdir -p "$repo/.build"
    # --list names exactly the targets --all runs: every parser issue 17 asks for, by its fuzz target.
    listed=$(bash scripts/fuzz.sh --list | tr '\n' ' ')
    expected="esdk-message esdk-header cbor cose-sign1 attestation-document cms eif tar spec job-frame job-message "
    [[ $listed == "$expected" ]] || { echo "test: scripts/fuzz.sh --list printed '$listed', not '$expected'" >&2; exit 1; }
    echo "test: scripts/fuzz.sh --list: $listed" >&2
    nice -n 19 bash scripts/fuzz.sh --all 20 >"$repo/.build/fuzz-smoke.log" 2>&1 &
    fuzz_pid=$!
    trap 'stop_motos; if [[ -n "$fuzz_pid" ]]; then kill "$fuzz_pid" 2>/dev/null; pkill -f "$repo/.build/fuzz/debug/Fuzz" 2>/dev/null; fi; true' EXIT
fi

status=0
swift test --skip-build "$@" || status=$?

if [[ -n "$fuzz_pid" ]]; then
    echo "waiting for the fuzz targets' short runs (.build/fuzz-smoke.log)"
    fuzz_status=0
    wait "$fuzz_pid" || fuzz_status=$?
    fuzz_pid=
    grep -E "^[a-z0-9-]+: [0-9]+ executions|^fuzz.sh:|ERROR|SUMMARY" "$repo/.build/fuzz-smoke.log" || tail -40 "$repo/.build/fuzz-smoke.log"
    if [[ $fuzz_status -ne 0 ]]; then
        echo "scripts/fuzz.sh --all 20 failed (status $fuzz_status); see .build/fuzz-smoke.log and .build/fuzz/logs" >&2
        status=1
    fi
fi
exit "$status"
