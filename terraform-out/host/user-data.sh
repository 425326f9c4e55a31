#!/bin/bash
# Boot script of fraud-scoring's instances (consumer hosts and, when the producer runs on EC2, producer
# instances). Terraform's templatefile() fills the $${...} values at apply time (see compute.tf).
# It installs only artifacts whose SHA-256 matches the hashes Terraform passed in.
set -euo pipefail

artifacts="s3://${artifacts_bucket}"
install -d -m 0755 /etc/nitroforge /opt/nitroforge

fetch_checked() {
  aws s3 cp --only-show-errors "$1" "$2"
  echo "$3  $2" | sha256sum --check --status || { echo "user-data: $1 does not match its SHA-256" >&2; exit 1; }
}

# The host bundle: the nitroforge runtimes (bin/) and this output's enclave/ and host/ folders.
fetch_checked "$artifacts/bundle/${bundle_sha256}.tar.gz" /opt/nitroforge/bundle.tar.gz "${bundle_sha256}"
tar -xzf /opt/nitroforge/bundle.tar.gz -C /opt/nitroforge
useradd --system --no-create-home --shell /sbin/nologin nitroforge || true

cat > ${config_path} <<'NITROFORGE_CONFIG'
${config_yaml}
NITROFORGE_CONFIG
chmod 0640 ${config_path}
chgrp nitroforge ${config_path}

if [ "${role}" = "consumer" ]; then
  dnf install -y aws-nitro-enclaves-cli
  fetch_checked "$artifacts/eif/${eif_sha256}.eif" /opt/nitroforge/enclave.eif "${eif_sha256}"
  install -m 0755 /opt/nitroforge/bin/nitroforge-host /usr/local/bin/nitroforge-host
  install -m 0644 /opt/nitroforge/enclave/allocator.yaml /etc/nitro_enclaves/allocator.yaml
  install -m 0644 /opt/nitroforge/enclave/vsock-proxy.yaml /etc/nitro_enclaves/vsock-proxy.yaml
  install -m 0644 /opt/nitroforge/host/vsock-proxy.service /opt/nitroforge/host/nitroforge-enclave.service /opt/nitroforge/host/nitroforge-host.service /etc/systemd/system/
  systemctl daemon-reload
  systemctl enable --now nitro-enclaves-allocator.service
  systemctl enable --now vsock-proxy.service nitroforge-enclave.service nitroforge-host.service
else
  install -m 0755 /opt/nitroforge/bin/nitroforge-producer /usr/local/bin/nitroforge-producer
  install -m 0644 /opt/nitroforge/host/nitroforge-producer.service /etc/systemd/system/
  systemctl daemon-reload
  systemctl enable --now nitroforge-producer.service
fi
