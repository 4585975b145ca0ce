#!/usr/bin/env bash
# make bench: times every scenario several times and prints a table (min and median wall time,
# peak RSS, pages, output bytes). Also written to outputs/bench-results.txt. Fails only on errors,
# never on timings.
set -eu
cd "$(dirname "$0")/../.."
bin=${KR:-./kaderrapport} # KR=other/binary compares builds
rb=build/bench/runbench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=${BENCH_RESULTS:-outputs/bench-results.txt}
mkdir -p outputs
runs=${BENCH_RUNS:-10}

row() { # scenario, runs, stats "min median rss", pages, bytes, note
    printf '%-44s %5s %9s %9s %8s %6s %10s  %s\n' "$1" "$2" "$(echo "$3" | cut -d' ' -f1)" \
        "$(echo "$3" | cut -d' ' -f2)" "$(echo "$3" | cut -d' ' -f3)" "$4" "$5" "$6" | tee -a "$results"
}
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

: >"$results"
echo "kaderrapport $($bin version | cut -d' ' -f2) on $(nproc) cores, $(date -u +%Y-%m-%d)" | tee -a "$results"
printf '%-44s %5s %9s %9s %8s %6s %10s  %s\n' scenario runs "min ms" "median ms" "RSS MB" pages bytes note | tee -a "$results"

# 0. Process start-up alone: the dynamic loader and library constructors, no work.
row "version (process start-up only)" "$runs" "$($rb "$runs" $bin version)" "-" "-" ""

# 1. The large example, whole process.
$bin build inputs-example/voorbeeldstad/rapport.ini -o "$work/ex" >/dev/null
pdf=$(ls "$work"/ex/*.pdf)
row "build voorbeeldstad (whole process)" "$runs" "$($rb "$runs" $bin build inputs-example/voorbeeldstad/rapport.ini -o "$work/ex")" \
    "$(pages "$pdf")" "$(stat -c %s "$pdf")" "pdf + xlsx"
row "check voorbeeldstad (read + allocate only)" "$runs" "$($rb "$runs" $bin check inputs-example/voorbeeldstad/rapport.ini)" "-" "-" ""

# 2. Stress: 50,000 budget lines and 5,000 activities.
python3 tests/bench/gen_stress.py "$work/stress" 50000 5000
$bin build "$work/stress/rapport.ini" -o "$work/stress-out" >/dev/null
pdf=$(ls "$work"/stress-out/*.pdf)
row "stress 50k lines, 5k activities" 3 "$($rb 3 $bin build "$work/stress/rapport.ini" -o "$work/stress-out")" \
    "$(pages "$pdf")" "$(stat -c %s "$pdf")" ""
for n in 500 2500; do
    python3 tests/bench/gen_stress.py "$work/s$n" 5000 "$n"
    $bin build "$work/s$n/rapport.ini" -o "$work/s$n-out" >/dev/null
    p=$(pages "$work"/s$n-out/*.pdf)
    stats=$($rb 3 $bin build "$work/s$n/rapport.ini" -o "$work/s$n-out")
    per=$(echo "$stats $p" | awk '{printf "%.2f ms/page", $2 / $4}')
    row "pages scaling: $n activities" 3 "$stats" "$p" "$(stat -c %s "$work"/s$n-out/*.pdf)" "$per"
done

# 3. Batch throughput and aggregate (when those commands are built in).
if $bin batch --help >/dev/null 2>&1 || [ $? -eq 2 ]; then
    for jobs in 100 1000; do
        python3 tests/gen/gen_sector.py "$work/sector$jobs" --jobs "$jobs" >/dev/null
        for j in 1 2; do
            stats=$($rb 1 $bin batch "$work/sector$jobs" -j "$j" -q -o "$work/batch$jobs-$j") || stats="- - -"
            per=$(echo "$stats $jobs" | awk '{ if ($2 == "-") print "failed"; else printf "%.2f ms/report", $2 / $4 }')
            row "batch $jobs jobs -j$j" 1 "$stats" "-" "-" "$per"
        done
    done
    ls "$work/batch1000-2"/*.xlsx >/dev/null 2>&1 && {
        stats=$($rb 3 $bin aggregate "$work/batch1000-2" -o "$work/agg") || stats="- - -"
        row "aggregate 1000 appendices" 3 "$stats" "-" "-" ""
    }
fi
echo "results in $results"
