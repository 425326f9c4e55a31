#!/usr/bin/env bash
# Installs every tool the tests need into .tools/ (ignored by git), idempotently, after checking what it
# cannot install itself:
#   checks          Swift 6.1 or later; Terraform 1.6 or later and the AWS provider in a local mirror
#   Debian packages python3, python3-venv, podman (OCI builds), time, and libssl-dev, zlib1g-dev and
#                   pkg-config (the system libcrypto and zlib the package links)
#   .tools/venv     moto[server], boto3, aws-encryption-sdk-cli, parliament, python-hcl2, jsonschema, PyYAML,
#                   cryptography, Flask (the reference producer of scripts/bench-producer.sh)
#   .tools/checkov  checkov alone (its bc-python-hcl2 and python-hcl2 install the same module)
#   .tools/awscli   the AWS CLI v1 alone (the generated user data's `aws s3 cp`)
#   .tools/bin      links to the above
# Every Python tool is pinned below (checkov's check counts, which tests assert, change between versions).
# Re-running it is cheap: each step is skipped when its stamp matches what it would install.
# Prints one line per step with its duration.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tools="$repo/.tools"
bin="$tools/bin"

# --- Pinned Python tools: the one place their versions are set ------------------------------------
venv_packages=(
    "moto[server]==5.2.1"
    "boto3==1.44.8"
    "aws-encryption-sdk-cli==4.3.0"
    "parliament==1.6.4"
    "python-hcl2==8.1.4"
    "jsonschema==4.26.0"
    "PyYAML==6.0.4"
    "cryptography==50.0.2"
    "flask==3.1.3"
)
checkov_packages=("checkov==3.3.30")
# schemathesis tests the producer against its OpenAPI document; alone, as its pins are not moto's.
schemathesis_packages=("schemathesis==4.32.5")
# The AWS CLI the generated user data calls (aws s3 cp), so its artifact check runs in the tests; alone, as
# it pins its own botocore.
awscli_packages=("awscli==1.46.3")
apt_packages=(python3 python3-venv podman time libssl-dev zlib1g-dev pkg-config openssl)
minimum_swift=6.1
minimum_terraform=1.6

say() { printf 'setup-tools: %s\n' "$*" >&2; }
fail() { printf 'setup-tools: error: %s\n' "$*" >&2; exit 1; }
# step NAME COMMAND...: runs one step and prints its name, outcome and duration on one line.
step() {
    local name=$1; shift
    local start=$SECONDS outcome
    outcome=$("$@") || exit 1
    say "$name: ${outcome:-done} ($((SECONDS - start)) s)"
}
# at_least VERSION MINIMUM: whether VERSION (x.y[.z]) is MINIMUM or later.
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# --- Checks: what this script cannot install ------------------------------------------------------
check_swift() {
    command -v swift >/dev/null 2>&1 || fail "swift is not on PATH: install Swift $minimum_swift or later (swift.org) first"
    local version
    version=$(swift --version 2>&1 | sed -n 's/.*Swift version \([0-9][0-9.]*\).*/\1/p' | head -n1)
    [ -n "$version" ] || fail "could not read the version from 'swift --version'"
    at_least "$version" "$minimum_swift" || fail "Swift $version is too old: the package needs Swift $minimum_swift or later"
    echo "Swift $version"
}

# The AWS provider mirror: NITROFORGE_TF_MIRROR, else a registry.terraform.io folder found on this machine
# that holds hashicorp/aws for linux_amd64. Prints the folder that holds registry.terraform.io/.
find_mirror() {
    if [ -n "${NITROFORGE_TF_MIRROR:-}" ]; then
        echo "$NITROFORGE_TF_MIRROR"
        return
    fi
    local found
    while IFS= read -r found; do
        if compgen -G "$found/hashicorp/aws/*/linux_amd64" >/dev/null; then
            dirname "$found"
            return
        fi
    done < <(find / -xdev -maxdepth 5 -type d -name registry.terraform.io 2>/dev/null | sort)
}

check_terraform() {
    command -v terraform >/dev/null 2>&1 || fail "terraform is not on PATH: install Terraform $minimum_terraform or later"
    local version mirror providers
    version=$(terraform version 2>/dev/null | sed -n 's/^Terraform v\([0-9][0-9.]*\).*/\1/p' | head -n1)
    [ -n "$version" ] || fail "could not read the version from 'terraform version'"
    at_least "$version" "$minimum_terraform" || fail "Terraform $version is too old: the generated code needs $minimum_terraform or later"
    mirror=$(find_mirror)
    [ -n "$mirror" ] || fail "no AWS provider mirror: no registry.terraform.io/hashicorp/aws/VERSION/linux_amd64 folder on this machine; set NITROFORGE_TF_MIRROR to the folder that holds registry.terraform.io/ (terraform providers mirror DIR makes one)"
    providers=$(cd "$mirror/registry.terraform.io/hashicorp/aws" 2>/dev/null && ls -d */linux_amd64 2>/dev/null | cut -d/ -f1 | sort -V | tr '\n' ' ')
    [ -n "$providers" ] || fail "$mirror has no registry.terraform.io/hashicorp/aws/VERSION/linux_amd64/ (NITROFORGE_TF_MIRROR must name the folder that holds registry.terraform.io/)"
    local usable=""
    for v in $providers; do
        if at_least "$v" 5.100.0 && ! at_least "$v" 7.0.0; then usable=$v; fi
    done
    [ -n "$usable" ] || fail "$mirror holds hashicorp/aws $providers, none within >= 5.100.0, < 7.0.0 (the generated constraint)"
    echo "$mirror" > "$tools/terraform-mirror"
    echo "Terraform $version, hashicorp/aws $usable in $mirror"
}

# --- Debian packages -------------------------------------------------------------------------------
install_debian_packages() {
    local missing=() p
    for p in "${apt_packages[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "present"
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        fail "missing Debian packages: ${missing[*]}. This script installs them only as root (it never calls sudo); run: sudo apt-get install -y ${missing[*]}"
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "installed ${missing[*]}"
}

# --- Python virtual environments -------------------------------------------------------------------
python=${PYTHON:-python3}
make_venv() { # dir, packages...
    local dir=$1; shift
    local stamp="$*"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        echo "up to date"
        return
    fi
    rm -rf "$dir"
    "$python" -m venv "$dir" >&2 || fail "$python -m venv $dir failed (python3-venv missing?)"
    "$dir/bin/pip" install -q --disable-pip-version-check "$@" >&2 || fail "pip install into $dir failed: $*"
    echo "$stamp" > "$dir/.stamp"
    echo "installed $*"
}

link_tools() {
    local tool
    for tool in moto_server aws-encryption-cli parliament; do
        ln -sfn "$tools/venv/bin/$tool" "$bin/$tool"
    done
    # A link would not do for the interpreter: Python finds its venv from the path it was started by.
    printf '#!/bin/sh\nexec "%s" "$@"\n' "$tools/venv/bin/python" > "$bin/python"
    chmod +x "$bin/python"
    ln -sfn "$tools/checkov/bin/checkov" "$bin/checkov"
    ln -sfn "$tools/schemathesis/bin/schemathesis" "$bin/schemathesis"
    ln -sfn "$tools/awscli/bin/aws" "$bin/aws"
    rm -f "$bin/hclfmt" # built by earlier versions of this script; terraform fmt replaces it
    echo "$bin"
}

mkdir -p "$bin"
step "swift" check_swift
step "terraform" check_terraform
step "Debian packages" install_debian_packages
step ".tools/venv" make_venv "$tools/venv" "${venv_packages[@]}"
step ".tools/checkov" make_venv "$tools/checkov" "${checkov_packages[@]}"
step ".tools/schemathesis" make_venv "$tools/schemathesis" "${schemathesis_packages[@]}"
step ".tools/awscli" make_venv "$tools/awscli" "${awscli_packages[@]}"
step "links" link_tools
say "tools ready in $bin"
