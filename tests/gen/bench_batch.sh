#!/usr/bin/env bash
# Batch throughput: builds N synthetic jobs at -j1 and -j2 and prints jobs per second.
# usage: tests/gen/bench_batch.sh [N...]   (default: 100 1000; uses ./kaderrapport)
set -u
cd "$(dirname "$0")/../.."
KR=${KR:-$PWD/kaderrapport}
T=$(mktemp -d /tmp/kr-bench-batch-XXXXXX)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1774915200
printf '%6s %3s %9s %8s %10s %s\n' jobs -j seconds jobs/s "s/job" "load"
for n in "${@:-100 1000}"; do
    for n1 in $n; do
        python3 tests/gen/gen_sector.py "$T/jobs-$n1" --jobs "$n1" --out "$T/out" >/dev/null
        for j in 1 2; do
            rm -rf "$T/out"
            start=$(date +%s.%N)
            "$KR" batch "$T/jobs-$n1" -j "$j" -o "$T/out" -q 2>/dev/null || echo "  (exit $? at -j$j)"
            secs=$(echo "$(date +%s.%N) - $start" | bc)
            cpu=$(awk -F, 'NR > 1 { s += $4; n++ } END { printf "%.3f", n ? s / n : 0 }' "$T/out/summary.csv")
            printf '%6d %3d %9.1f %8.1f %10s %s\n' "$n1" "$j" "$secs" "$(echo "$n1 / $secs" | bc -l)" "$cpu" \
                "$(cut -d' ' -f1 /proc/loadavg)"
        done
    done
done
