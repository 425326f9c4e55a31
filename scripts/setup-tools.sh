#!/usr/bin/env bash
# Installs every tool the tests need into .tools/ (ignored by git), idempotently:
#   .tools/venv     moto[server], boto3, aws-encryption-sdk-cli, parliament, python-hcl2, jsonschema, PyYAML
#   .tools/checkov  checkov alone (its bc-python-hcl2 and python-hcl2 install the same module)
#   .tools/bin      hclfmt (HashiCorp's formatter, built from Debian's HCL sources) and links to the above
# plus the Debian packages: Go and the HCL sources (for hclfmt), podman (OCI builds), time, and
# libssl-dev and zlib1g-dev (the system libcrypto and zlib the package links).
# Re-running it is cheap: each step is skipped when its stamp matches what it would install.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tools="$repo/.tools"
bin="$tools/bin"
mkdir -p "$bin"

say() { printf 'setup-tools: %s\n' "$*" >&2; }

# --- Debian packages ---------------------------------------------------------------------------
apt_packages=(golang-go golang-github-hashicorp-hcl-v2-dev podman time libssl-dev zlib1g-dev pkg-config)
missing=()
for p in "${apt_packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python virtual environments -----------------------------------------------------------------
python=${PYTHON:-python3}
make_venv() { # dir, stamp text, packages...
    local dir=$1 stamp=$2; shift 2
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then return; fi
    say "creating $dir"
    rm -rf "$dir"
    "$python" -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check "$@"
    echo "$stamp" > "$dir/.stamp"
}
venv_packages=("moto[server]==5.2.1" boto3 aws-encryption-sdk-cli parliament python-hcl2 jsonschema PyYAML cryptography)
make_venv "$tools/venv" "${venv_packages[*]}" "${venv_packages[@]}"
make_venv "$tools/checkov" "checkov" checkov

for tool in moto_server aws-encryption-cli parliament; do
    ln -sfn "$tools/venv/bin/$tool" "$bin/$tool"
done
# A link would not do for the interpreter: Python finds its venv from the path it was started by.
printf '#!/bin/sh\nexec "%s" "$@"\n' "$tools/venv/bin/python" > "$bin/python"
chmod +x "$bin/python"
ln -sfn "$tools/checkov/bin/checkov" "$bin/checkov"

# --- hclfmt --------------------------------------------------------------------------------------
if [ ! -x "$bin/hclfmt" ]; then
    say "building hclfmt"
    GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$tools/go-cache" \
        go build -o "$bin/hclfmt" github.com/hashicorp/hcl/v2/cmd/hclfmt
fi

say "tools ready in $bin"
