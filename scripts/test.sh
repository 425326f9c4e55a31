#!/usr/bin/env bash
# The test command (README "Testing"): installs the test tools, starts moto_server on loopback,
# runs `swift test`, then stops the server. Extra arguments go to `swift test` (e.g. --filter EIFTests).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bash scripts/setup-tools.sh

export NITROFORGE_REPO="$repo"
export NITROFORGE_TOOLS="$repo/.tools/bin"
export PATH="$NITROFORGE_TOOLS:$PATH"
# Tests never reach a real AWS endpoint or instance metadata service.
export AWS_EC2_METADATA_DISABLED=true

port=$("$NITROFORGE_TOOLS/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log="$repo/.tools/moto.log"
"$NITROFORGE_TOOLS/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true' EXIT
export NITROFORGE_MOTO_URL="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
    if "$NITROFORGE_TOOLS/python" -c "import urllib.request,sys; urllib.request.urlopen('$NITROFORGE_MOTO_URL/moto-api/data.json', timeout=1)" 2>/dev/null; then
        break
    fi
    kill -0 "$moto_pid" 2>/dev/null || { echo "moto_server exited; see $log" >&2; exit 1; }
    sleep 0.2
done
echo "test: moto_server on $NITROFORGE_MOTO_URL" >&2

swift build --build-tests
swift test --skip-build "$@"
