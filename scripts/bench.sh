#!/usr/bin/env bash
# Times boardpack against Hugo on the same synthetic report, in one run on one machine.
#
#   scripts/bench.sh [N ...]          default: 1000 10000
#
# For each N: writes a synthetic project (examples/synth.rs) and the same initiatives as a
# Hugo site, then builds each once (not timed) and 5 times more into an empty output
# folder, and prints the median wall time, CPU time (user + system) and peak memory. Set
# BENCH_OUT to put the output folders elsewhere (for example on tmpfs, /dev/shm, to leave
# the disk out of it).
#
# Needs Debian's `hugo` and `time` packages: apt-get install -y hugo time
#
# Zola is timed too when ZOLA names its binary (or `zola` is on PATH). Issue 20 compares
# with Zola 0.22.1 built from its published source with its release profile (about 20
# minutes on 2 cores):
#   git clone --depth 1 --branch v0.22.1 https://github.com/getzola/zola /tmp/zola-src
#   cd /tmp/zola-src && cargo build --release --locked
#   ZOLA=/tmp/zola-src/target/release/zola scripts/bench.sh
# The ratios printed at the end are boardpack's wall time and peak memory over each peer's,
# from the same run.
#
# BENCH_BASELINE=/path/to/an/older/boardpack times that binary too, on the same projects in
# the same run, so a change can be compared with the code before it (build the older one
# from a worktree: git worktree add /tmp/before REV && cd /tmp/before &&
# CARGO_TARGET_DIR=/tmp/before-target cargo build --release). Several, each named:
# BENCH_BASELINE="before-16=/tmp/a/boardpack before-search=/tmp/b/boardpack".
set -euo pipefail

runs=5
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)

zola=${ZOLA:-$(command -v zola || true)}
for tool in hugo /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hugo time" >&2; exit 1; }
done

cd "$(dirname "$0")/.."
cargo build --release --quiet --bin boardpack --example synth
boardpack="$PWD/target/release/boardpack"
synth="$PWD/target/release/examples/synth"

work=$(mktemp -d)
out_root=${BENCH_OUT:-$work}
trap 'rm -rf "$work" "$out_root"/bench-out-*' EXIT

# Median of the numbers on standard input.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# time_runs NAME OUT COMMAND...: builds $runs times into an emptied OUT; prints a table row.
time_runs() {
    local name=$1 out=$2
    shift 2
    local log="$work/$name.times"
    : >"$log"
    # One build first, not timed, as each peer gets: whichever tool came first after the
    # projects were written was slowed through all its runs (at N=100000, 6.9 s against
    # 5.8 s for the same build timed second).
    rm -rf "$out"
    "$@" >/dev/null 2>&1 || true
    for _ in $(seq "$runs"); do
        rm -rf "$out"
        /usr/bin/time -f "%e %U %S %M" -o "$log.one" "$@" >/dev/null 2>&1
        cat "$log.one" >>"$log"
    done
    local wall cpu mem
    wall=$(awk '{ print $1 }' "$log" | median)
    cpu=$(awk '{ print $2 + $3 }' "$log" | median)
    mem=$(awk '{ print $4 / 1024 }' "$log" | median)
    printf '| %s | %.2f s | %.2f s | %.0f MB |\n' "$name" "$wall" "$cpu" "$mem"
    echo "$wall" >"$work/$name.wall"
    echo "$mem" >"$work/$name.mem"
}

echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(hugo version | cut -d' ' -f1-2)${zola:+, $("$zola" --version)}, output in ${BENCH_OUT:-a temp folder on disk}"
echo
echo "| build | median wall | median CPU | median peak memory |"
echo "| --- | --- | --- | --- |"
for n in "${sizes[@]}"; do
    "$synth" "$n" "$work/bp-$n" --hugo "$work/hugo-$n" ${zola:+--zola "$work/zola-$n"}
    # The projects just written are still being flushed to disk: without this the first
    # builds timed (boardpack's) shared the machine with the writeback.
    sync
    time_runs "boardpack N=$n" "$out_root/bench-out-bp-$n" "$boardpack" build "$work/bp-$n" --out "$out_root/bench-out-bp-$n"
    for entry in ${BENCH_BASELINE:-}; do
        name=baseline path=$entry
        [[ $entry == *=* ]] && name=${entry%%=*} path=${entry#*=}
        time_runs "$name N=$n" "$out_root/bench-out-base-$n" "$path" build "$work/bp-$n" --out "$out_root/bench-out-base-$n"
    done
    time_runs "hugo N=$n" "$out_root/bench-out-hugo-$n" hugo --quiet --source "$work/hugo-$n" --destination "$out_root/bench-out-hugo-$n"
    if [ -n "$zola" ]; then
        time_runs "zola N=$n" "$out_root/bench-out-zola-$n" "$zola" --root "$work/zola-$n" build --output-dir "$out_root/bench-out-zola-$n"
    fi
done
echo
for n in "${sizes[@]}"; do
    for peer in hugo zola; do
        [ -f "$work/$peer N=$n.wall" ] || continue
        awk -v n="$n" -v peer="$peer" \
            -v b="$(cat "$work/boardpack N=$n.wall")" -v p="$(cat "$work/$peer N=$n.wall")" \
            -v bm="$(cat "$work/boardpack N=$n.mem")" -v pm="$(cat "$work/$peer N=$n.mem")" \
            'BEGIN { printf "N=%s: boardpack takes %.2f x %s'"'"'s wall time and %.2f x its peak memory\n", n, b / p, peer, bm / pm }'
    done
    for entry in ${BENCH_BASELINE:-}; do
        name=baseline
        [[ $entry == *=* ]] && name=${entry%%=*}
        awk -v n="$n" -v name="$name" -v b="$(cat "$work/boardpack N=$n.wall")" -v o="$(cat "$work/$name N=$n.wall")" \
            'BEGIN { printf "N=%s: boardpack takes %.2f x %s'"'"'s wall time\n", n, b / o, name }'
    done
done
echo
echo "Phases of one boardpack build at N=${sizes[-1]}:"
rm -rf "$out_root/bench-out-bp-phases"
"$boardpack" build "$work/bp-${sizes[-1]}" --out "$out_root/bench-out-bp-phases" --timings 2>&1 | tail -6
