#!/usr/bin/env bash
# `./dagfuse plan` wall time, this checkout (B) against another one (A, e.g. a worktree of an older commit), in one
# run: the two alternate, run by run, so that the machine's load falls on both alike. Prints a Markdown table of
# medians and the B/A ratio. Both CLIs must be built (run ./dagfuse once in each); their first, untimed call makes
# each one's class-data sharing archive.
#   bench/plan-ab.sh /path/to/older/checkout [runs=7] [workflow.yaml ...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
a="${1:?usage: bench/plan-ab.sh OTHER_CHECKOUT [RUNS] [WORKFLOW...]}"
runs="${2:-7}"
shift $(( $# >= 2 ? 2 : 1 ))
workflows=("$@")
if [ ${#workflows[@]} -eq 0 ]; then
  workflows=(samples/chatbot/workflow.yaml samples/ml-pipeline/workflow.yaml samples/video-analytics/workflow.yaml)
fi

# wall seconds of one plan; a relative workflow path is the checkout's own (each reads its own samples' format)
wall() {
  local root="$1" wf="$2" start end code=0
  case "$wf" in /*) ;; *) wf="$root/$wf" ;; esac
  start=$(date +%s.%N)
  (cd "$root" && ./dagfuse plan "$wf" >/dev/null 2>&1) || code=$?
  end=$(date +%s.%N)
  if [ "$code" -ne 0 ]; then
    echo "plan-ab: $root: ./dagfuse plan $wf exited $code; run it to see why" >&2
    exit 1
  fi
  echo "$end - $start" | bc
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

for root in "$a" "$here"; do
  (cd "$root" && ./dagfuse plan "$root/samples/chatbot/workflow.yaml" >/dev/null 2>&1) || true   # build, archive: not timed
done
echo "A: $a ($(git -C "$a" rev-parse --short HEAD)), B: $here ($(git -C "$here" rev-parse --short HEAD)), $runs runs each, alternating; load average at start: $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| workflow | A median | B median | B/A |"
echo "|---|---:|---:|---:|"
for wf in "${workflows[@]}"; do
  ta=(); tb=()
  for ((i = 0; i < runs; i++)); do
    ta+=("$(wall "$a" "$wf")")
    tb+=("$(wall "$here" "$wf")")
  done
  ma=$(printf '%s\n' "${ta[@]}" | median)
  mb=$(printf '%s\n' "${tb[@]}" | median)
  printf '| %s | %.2f s | %.2f s | %.2f |\n' "$wf" "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)"
done
echo
echo "load average at end: $(cut -d' ' -f1 /proc/loadavg)"
