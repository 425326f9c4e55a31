#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that read bytes the untrusted host or a download controls
# (issue 17): one libFuzzer target per parser (Fuzz/<Name>/main.swift), built with address sanitizer
# (leak detection included) into .build/fuzz, started from a seed corpus of the repository's real samples
# (scripts/fuzz/seeds.py) plus what earlier runs found (.build/fuzz/corpus/TARGET).
#
#   scripts/fuzz.sh --list               the targets
#   scripts/fuzz.sh TARGET SECONDS       builds TARGET and fuzzes it for SECONDS
#   scripts/fuzz.sh --all SECONDS        every target in turn, SECONDS each (the test command runs this)
#
# The last line of a run is `TARGET: N executions, C crashes`; the exit status is non-zero on a crash, a
# leak, a timeout (one input over 10 s), an out-of-memory (over 2 GiB) or a failed build. What libFuzzer
# found is saved under .build/fuzz/artifacts/TARGET/: turn it into a regression test under Tests/…/Fixtures.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

# kebab-case name: Swift target (Package.swift's fuzzTargets, built only with NITROFORGE_FUZZ set).
declare -A targets=(
    [esdk-message]=FuzzESDKMessage [esdk-header]=FuzzESDKHeader [cbor]=FuzzCBOR [cose-sign1]=FuzzCOSESign1
    [attestation-document]=FuzzAttestationDocument [cms]=FuzzCMS [eif]=FuzzEIF [tar]=FuzzTar [spec]=FuzzSpec
    [job-frame]=FuzzJobFrame [job-message]=FuzzJobMessage
)
order=(esdk-message esdk-header cbor cose-sign1 attestation-document cms eif tar spec job-frame job-message)

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit "${1:-0}"
}

build() {
    local log="$repo/.build/fuzz-build.log"
    mkdir -p "$repo/.build"
    echo "building the fuzz targets with address sanitizer into .build/fuzz (output: ${log#$repo/})" >&2
    if ! NITROFORGE_FUZZ=1 swift build --scratch-path "$repo/.build/fuzz" -c debug --sanitize=address \
        -Xswiftc -sanitize=fuzzer >"$log" 2>&1; then
        grep -v "Cannot export local symbol" "$log" | tail -40 >&2
        echo "fuzz.sh: the build failed" >&2
        exit 1
    fi
}

# run TARGET SECONDS: fuzzes one built target; prints its summary line; returns libFuzzer's status.
run() {
    local target=$1 seconds=$2
    local binary="$repo/.build/fuzz/debug/${targets[$target]}"
    local work="$repo/.build/fuzz/corpus/$target" seeds="$repo/.build/fuzz/seeds/$target"
    local artifacts="$repo/.build/fuzz/artifacts/$target" log="$repo/.build/fuzz/logs/$target.log"
    local dictionary="$repo/.build/fuzz/seeds/$target.dict"
    rm -rf "$seeds" "$dictionary"
    mkdir -p "$work" "$artifacts" "$(dirname "$log")"
    echo "$target: $(python3 "$repo/scripts/fuzz/seeds.py" "$target" "$seeds" "$dictionary"), fuzzing for $seconds s (log: ${log#$repo/})" >&2
    local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1
                   -artifact_prefix="$artifacts/" -detect_leaks=1)
    [[ -f "$dictionary" ]] && options+=(-dict="$dictionary")
    local status=0
    # SWIFT_BACKTRACE=enable=no: a Swift trap goes straight to libFuzzer's handler, which writes the input;
    # the runtime's own backtracer, run under ASan, failed inside itself and outlived the fuzzer by half an hour.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$repo/scripts/fuzz/lsan.supp:print_suppressions=0" "$binary" "${options[@]}" "$work" "$seeds" >"$log" 2>&1 || status=$?
    local executions coverage crashes=0 corpus
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    corpus=$(find "$work" -type f | wc -l)
    if [[ $status -ne 0 ]]; then
        crashes=1
        grep -E "ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|SUMMARY|Fatal error|Test unit written" "$log" | head -8 >&2 || tail -20 "$log" >&2
    fi
    echo "$target: ${executions:-0} executions, $crashes crashes (coverage ${coverage:-0} edges, corpus $corpus inputs)"
    return "$status"
}

case "${1:-}" in
    --list) printf '%s\n' "${order[@]}" ;;
    -h|--help|"") usage 0 ;;
    --all)
        [[ $# -eq 2 ]] || usage 2
        build
        failed=()
        for target in "${order[@]}"; do run "$target" "$2" || failed+=("$target"); done
        [[ ${#failed[@]} -eq 0 ]] || { echo "fuzz.sh: ${failed[*]} failed" >&2; exit 1; }
        ;;
    *)
        [[ $# -eq 2 && -n "${targets[$1]:-}" ]] || { echo "fuzz.sh: unknown target '${1}' (scripts/fuzz.sh --list names them)" >&2; usage 2; }
        build
        run "$1" "$2"
        ;;
esac
