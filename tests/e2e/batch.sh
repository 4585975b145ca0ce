#!/usr/bin/env bash
# End-to-end tests of `kaderrapport batch` on generated institutions: partial failure with
# diagnostics, summary hashes, --changed-only, --shard, locks between concurrent runs, and
# SIGKILL/SIGTERM in the middle of a run. Prints "PASS name" / "FAIL name" lines.
set -u
cd "$(dirname "$0")/../.."
KR=${KR:-$PWD/kaderrapport}
T=$(mktemp -d /tmp/kr-e2e-batch-XXXXXX)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1774915200

pass() { echo "PASS batch.$1"; }
fail() { echo "FAIL batch.$1${2:+: $2}"; }
check() { # name, condition-command...
    local name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}
# column N of summary.csv rows whose status is $2 (no field in our jobs holds a comma)
rows_with() { awk -F, -v s="$2" 'NR > 1 && $2 == s { print $1 }' "$1" | sort; }
count_with() { rows_with "$1" "$2" | grep -c . ; }
no_temps() { [ -z "$(find "$1" -name '*.tmp*' 2>/dev/null)" ]; }
pdfs_ok() { # every PDF in $1 passes qpdf --check; at least $2 of them
    local n=0 f
    for f in "$1"/*.pdf; do
        [ -e "$f" ] || continue
        qpdf --check "$f" >/dev/null 2>&1 || { echo "  qpdf --check failed: $f"; return 1; }
        n=$((n + 1))
    done
    [ "$n" -ge "$2" ] || { echo "  only $n PDFs in $1"; return 1; }
}
wait_unlocked() { flock "$1/.kaderrapport.lock" true; } # workers hold the lock until they exit
# Waits until $1 holds at least $2 PDFs or process $3 has ended: a run is stopped in the middle
# by its progress, not after a fixed time that a faster build would outrun.
wait_for_pdfs() {
    while [ "$(ls "$1"/*.pdf 2>/dev/null | wc -l)" -lt "$2" ] && kill -0 "$3" 2>/dev/null; do sleep 0.01; done
}

if [ ! -x "$KR" ] || ! "$KR" batch --help >/dev/null 2>&1; then
    fail setup "no ./kaderrapport with a batch command; run make first"
    exit 1
fi

# --- 60 generated jobs, 3 of them broken -------------------------------------------------
python3 tests/gen/gen_sector.py "$T/jobs" --institutions 50 --jobs 60 --out "$T/out" >/dev/null
sed -i '2s/;[^;]*;\([^;]*\)$/;12,5O;\1/' "$T/jobs/synth-0007/begroting.csv"            # bad amount
sed -i '0,/;[0-9]*;$/s/;\([0-9]*\);$/;1\1;/' "$T/jobs/synth-0023/toewijzing.csv"        # weights != 100
sed -i 's/^begroting = begroting.csv/begroting = ontbreekt.csv/' "$T/jobs/synth-0041/rapport.ini"
BROKEN=$(printf '%s\n' "$T/jobs/synth-0007/rapport.ini" "$T/jobs/synth-0023/rapport.ini" \
    "$T/jobs/synth-0041/rapport.ini" | sort)

start=$(date +%s.%N)
"$KR" batch "$T/jobs" -j 2 -o "$T/out" 2>"$T/log1"
rc=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
echo "  60 jobs on 2 workers: ${secs} s"
S=$T/out/summary.csv
check partial_exit_code [ "$rc" = 5 ]
check partial_57_ok [ "$(count_with "$S" ok)" = 57 ]
check partial_3_failed [ "$(rows_with "$S" failed)" = "$BROKEN" ]
failed_lines_name_jobs() {
    [ "$(grep ' FAILED ' "$T/log1" | grep -o "$T/jobs/synth-[0-9]*/rapport.ini" | sort)" = "$BROKEN" ]
}
check partial_failed_jobs_logged failed_lines_name_jobs
check partial_diagnostics_logged grep -q '12,5O' "$T/log1"
check partial_diagnostics_missing_file grep -q 'ontbreekt.csv' "$T/log1"
check partial_diagnostics_weights grep -q 'toewijzing.csv' "$T/log1"
check partial_outputs bash -c "[ \$(ls '$T/out'/*.pdf | wc -l) = 57 ] && [ \$(ls '$T/out'/*.xlsx | wc -l) = 57 ]"
hashes_match() {
    awk -F, 'NR > 1 && $2 == "ok" { print $7 "  " $6; print $9 "  " $8 }' "$S" >"$T/sums"
    [ "$(wc -l <"$T/sums")" = 114 ] && (cd "$T/out" && sha256sum --quiet -c "$T/sums")
}
check summary_sha256 hashes_match
check partial_pdfs_valid pdfs_ok "$T/out" 57

# --- --changed-only ------------------------------------------------------------------------
touch "$T/out/marker"
"$KR" batch "$T/jobs" -j 2 -o "$T/out" --changed-only 2>"$T/log2"
check changed_only_nothing_changed bash -c "[ \$(awk -F, 'NR>1 && \$2==\"unchanged\"' '$S' | wc -l) = 57 ] &&
    [ \$(awk -F, 'NR>1 && \$2==\"failed\"' '$S' | wc -l) = 3 ] && [ -z \"\$(find '$T/out' -name '*.pdf' -newer '$T/out/marker')\" ]"
sed -i '2s/$/gewijzigd/' "$T/jobs/synth-0012/begroting.csv"                 # a changed note
sed -i '2s/Activiteit/Activiteit (herzien)/' "$T/jobs/synth-0033/activiteiten.csv"
sed -i 's/^begroting = ontbreekt.csv/begroting = begroting.csv/' "$T/jobs/synth-0041/rapport.ini" # repaired
"$KR" batch "$T/jobs" -j 2 -o "$T/out" --changed-only 2>"$T/log3"
rc=$?
WANT=$(printf '%s\n' "$T/jobs/synth-0012/rapport.ini" "$T/jobs/synth-0033/rapport.ini" \
    "$T/jobs/synth-0041/rapport.ini" | sort)
check changed_only_reruns_changed [ "$(rows_with "$S" ok)" = "$WANT" ]
check changed_only_unchanged_count [ "$(count_with "$S" unchanged)" = 55 ]
check changed_only_still_failing [ "$rc" = 5 -a "$(count_with "$S" failed)" = 2 ]

# --- --shard: every job in exactly one shard ------------------------------------------------
for i in 0 1 2; do
    "$KR" batch "$T/jobs" -j 2 -o "$T/out" --changed-only --shard "$i/3" -q 2>/dev/null
done
shards_cover() {
    cat "$T/out"/summary-shard-?-of-3.csv | awk -F, '$1 != "job" { print $1 }' | sort >"$T/shardjobs"
    find "$T/jobs" -name rapport.ini | sort >"$T/alljobs"
    cmp -s "$T/shardjobs" "$T/alljobs" && [ -z "$(uniq -d "$T/shardjobs")" ]
}
check shard_partition shards_cover
shard_is_mod() { # shard 1 of 3 holds jobs 2, 5, 8, ... of the sorted list (0-based k mod 3 = 1)
    awk -F, 'NR > 1 { print $1 }' "$T/out/summary-shard-1-of-3.csv" >"$T/s1"
    awk 'NR % 3 == 2' "$T/alljobs" | cmp -s - "$T/s1"
}
check shard_is_k_mod_n shard_is_mod

# --- -q: silent on success ------------------------------------------------------------------
mkdir -p "$T/small"
for k in 0001 0002 0003; do cp -r "$T/jobs/synth-$k" "$T/small/"; done
"$KR" batch "$T/small" -j 2 -o "$T/qout" -q 2>"$T/logq"
rc=$?
check quiet_success bash -c "[ $rc = 0 ] && [ ! -s '$T/logq' ]"

# --- two concurrent batches on one output directory -----------------------------------------
mkdir -p "$T/conc" "$T/cout"
for k in $(seq -w 1 12); do cp -r "$T/jobs/synth-00$k" "$T/conc/" 2>/dev/null; done
rm -rf "$T/conc/synth-0007"
# a run already writing there holds the lock for a second: the two batches wait for it (and
# then for each other), one with --lock fail gives up
flock "$T/cout/.kaderrapport.lock" sleep 1 & holder=$!
while flock -n "$T/cout/.kaderrapport.lock" true; do sleep 0.01; done
"$KR" batch "$T/conc" -j 2 -o "$T/cout" 2>"$T/logc1" & p1=$!
"$KR" batch "$T/conc" -j 2 -o "$T/cout" 2>"$T/logc2" & p2=$!
"$KR" batch "$T/conc" -j 1 -o "$T/cout" --lock fail 2>"$T/logc3"
rc3=$?
wait $p1; rc1=$?
wait $p2; rc2=$?
wait $holder
check concurrent_both_succeed [ "$rc1" = 0 -a "$rc2" = 0 ]
check concurrent_second_waited grep -q "waiting for another batch" "$T/logc2"
check lock_fail_exit_code [ "$rc3" = 3 ]
check lock_fail_message grep -q "another kaderrapport batch is writing" "$T/logc3"
check concurrent_outputs_valid bash -c "$(declare -f pdfs_ok no_temps); pdfs_ok '$T/cout' 11 && no_temps '$T/cout' &&
    [ \$(awk -F, 'NR>1 && \$2==\"ok\"' '$T/cout/summary.csv' | wc -l) = 11 ]"

# --- SIGKILL of the batch in the middle of a run ---------------------------------------------
mkdir -p "$T/kill"
for k in $(seq 13 42); do cp -r "$T/jobs/synth-00$k" "$T/kill/"; done
rm -rf "$T/kill/synth-0023" "$T/kill/synth-0041"   # 28 good jobs
"$KR" batch "$T/kill" -j 2 -o "$T/kout" 2>/dev/null & pk=$!
wait_for_pdfs "$T/kout" 2 $pk
{ kill -KILL $pk; wait $pk; } 2>/dev/null
wait_unlocked "$T/kout"
echo "  SIGKILL after $(ls "$T/kout"/*.pdf 2>/dev/null | wc -l) of 28 jobs"
check sigkill_no_partial_files bash -c "$(declare -f pdfs_ok no_temps); no_temps '$T/kout' && pdfs_ok '$T/kout' 0"
# The whole process group killed at once: outputs in place are still whole, and the next run
# removes the temporary files the killed writers left behind.
setsid "$KR" batch "$T/kill" -j 2 -o "$T/kout2" 2>/dev/null & pg=$!
wait_for_pdfs "$T/kout2" 2 $pg
{ kill -KILL -- -"$pg"; wait "$pg"; } 2>/dev/null
echo "  group SIGKILL after $(ls "$T/kout2"/*.pdf 2>/dev/null | wc -l) of 28 jobs," \
    "$(find "$T/kout2" -name '*.tmp*' | wc -l) temporary files left"
check sigkill_group_outputs_whole pdfs_ok "$T/kout2" 0
"$KR" batch "$T/kill" -j 2 -o "$T/kout2" 2>/dev/null
check sigkill_group_next_run_cleans bash -c "$(declare -f no_temps pdfs_ok); no_temps '$T/kout2' && pdfs_ok '$T/kout2' 28"

# --- SIGTERM: stops cleanly, writes the summary, reaps every worker --------------------------
"$KR" batch "$T/jobs" -j 2 -o "$T/tout" 2>"$T/logt" & pt=$!
wait_for_pdfs "$T/tout" 2 $pt
kill -TERM $pt
wait $pt
rc=$?
sigterm_ok() {
    [ "$rc" = 143 ] && [ -f "$T/tout/summary.csv" ] && no_temps "$T/tout" &&
        [ "$(count_with "$T/tout/summary.csv" not-run)" -gt 0 ] &&
        ! pgrep -f "kaderrapport batch $T/jobs -j 2 -o $T/tout" >/dev/null
}
check sigterm_clean_stop sigterm_ok
check sigterm_outputs_whole pdfs_ok "$T/tout" 0

# --- usage errors ----------------------------------------------------------------------------
"$KR" batch 2>/dev/null; r1=$?
"$KR" batch "$T/jobs" --shard 3/3 2>/dev/null; r2=$?
"$KR" batch "$T/nothing-here" 2>/dev/null; r3=$?
check usage_errors [ "$r1" = 2 -a "$r2" = 2 -a "$r3" = 2 ]
