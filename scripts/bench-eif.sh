#!/usr/bin/env bash
# EIF benchmark (issue 6): PCR computation and EIF writing for a 1 GiB ramdisk, against one
# `openssl dgst -sha384` pass over the same file in the same run. Prints the wall-time ratios (target <= 1.25)
# of the whole run (write the EIF, then read it back as describe-eif does), of the write alone and of the
# read-back alone, nitroforge's peak RSS (target < 64 MiB), what `dd` needs just to write the same number
# of bytes on this machine (the floor for any EIF writer), and checks PCR2 against openssl's digest.
# Usage: scripts/bench-eif.sh [size-in-MiB, default 1024]
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
size_mib=${1:-1024}
runs=3
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-eif.XXXXXX")
trap 'rm -rf "$work"' EXIT

swift build -c release --product nitroforge-bench >&2
bench="$(swift build -c release --show-bin-path)/nitroforge-bench"

echo "bench-eif: making a ${size_mib} MiB ramdisk" >&2
head -c $((size_mib * 1048576)) /dev/urandom >"$work/ramdisk.img"

wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

best_openssl=""
best_nitro=""
best_write=""
best_verify=""
best_dd=""
peak_rss=0
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
for run in $(seq 1 "$runs"); do
    /usr/bin/time -v openssl dgst -sha384 -binary "$work/ramdisk.img" >"$work/digest" 2>"$work/openssl.time"
    /usr/bin/time -v "$bench" eif --ramdisk "$work/ramdisk.img" --output "$work/bench.eif" >"$work/bench.out" 2>"$work/bench.time"
    /usr/bin/time -v dd if="$work/ramdisk.img" of="$work/dd.img" bs=4M 2>"$work/dd.time"
    rm -f "$work/dd.img"
    o=$(wall "$work/openssl.time")
    n=$(wall "$work/bench.time")
    d=$(wall "$work/dd.time")
    w=$(awk '/^write:/ { print $5 }' "$work/bench.out")
    v=$(awk '/^verify:/ { print $2 }' "$work/bench.out")
    r=$(rss "$work/bench.time")
    echo "run $run: openssl ${o}s; nitroforge ${n}s (write ${w}s, verify ${v}s); dd copy ${d}s; nitroforge peak RSS ${r} KiB" >&2
    best_openssl=$(best "$best_openssl" "$o")
    best_nitro=$(best "$best_nitro" "$n")
    best_write=$(best "$best_write" "$w")
    best_verify=$(best "$best_verify" "$v")
    best_dd=$(best "$best_dd" "$d")
    peak_rss=$(( r > peak_rss ? r : peak_rss ))
done

# PCR2 = SHA384(48 zero bytes || SHA384(customer ramdisk)), computed here with openssl alone.
expected_pcr2=$( { head -c 48 /dev/zero; cat "$work/digest"; } | openssl dgst -sha384 -r | cut -d' ' -f1)
actual_pcr2=$(awk '/^PCR2 / { print $2 }' "$work/bench.out")
if [ "$expected_pcr2" != "$actual_pcr2" ]; then
    echo "bench-eif: PCR2 mismatch: nitroforge $actual_pcr2, openssl $expected_pcr2" >&2
    exit 1
fi

ratio() { awk -v n="$1" -v o="$best_openssl" 'BEGIN { printf "%.3f", n / o }'; }
verdict() { awk -v r="$1" 'BEGIN { print (r <= 1.25) ? "met" : "NOT met" }'; }
rss_mib=$(awk -v k="$peak_rss" 'BEGIN { printf "%.1f", k / 1024 }')
cat "$work/bench.out"
echo "ramdisk: ${size_mib} MiB; best of $runs: openssl dgst -sha384 ${best_openssl}s; nitroforge ${best_nitro}s (write ${best_write}s, verify ${best_verify}s); dd copy ${best_dd}s"
echo "wall-time ratio, write + verify run: $(ratio "$best_nitro")"
echo "wall-time ratio, EIF writing with PCRs and CRC: $(ratio "$best_write") (target <= 1.25: $(verdict "$(ratio "$best_write")")); dd alone: $(ratio "$best_dd")"
echo "wall-time ratio, PCRs and CRC of the written EIF (describe-eif): $(ratio "$best_verify") (target <= 1.25: $(verdict "$(ratio "$best_verify")"))"
echo "peak RSS: ${rss_mib} MiB (target < 64 MiB: $(awk -v m="$rss_mib" 'BEGIN { print (m < 64) ? "met" : "NOT met" }'))"
echo "PCR2 equals the openssl computation: yes"
