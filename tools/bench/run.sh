#!/usr/bin/env bash
# Whole-process benchmarks of reloadlab (hyperfine), peak RSS (/usr/bin/time), and the real
# interpreters it imitates when they are installed. Figures: BENCHMARKS.md.
#
#   tools/bench/run.sh            # everything (a few minutes)
#   QUICK=1 tools/bench/run.sh    # fewer runs, no 1M-cell run
#
# Needs hyperfine (`apt-get install -y hyperfine`) and GNU time (`apt-get install -y time`).
# Real interpreters are looked up as $PYENV_ROOT/versions/X.Y.*/bin/python (or pythonX.Y on
# PATH) and ipython next to them or in the oracle's venvs ($RELOADLAB_ORACLE, default
# ~/.cache/reloadlab-oracle/X.Y); a missing one is skipped with a message.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 2; }
done
cargo build --release --quiet
BIN=target/release/reloadlab
# The statically linked build (`cargo static`, .cargo/config.toml), x86-64 Linux only.
STATIC=
if [ "$(uname -s -m)" = "Linux x86_64" ] && cargo static --quiet 2>/dev/null; then
  STATIC=target/x86_64-unknown-linux-gnu/release/reloadlab
fi
SEED=transcripts/golden/sessions/seed_py3.session
OUT=${OUT:-target/bench}
mkdir -p "$OUT"
RUNS=${RUNS:-$([ -n "${QUICK:-}" ] && echo 30 || echo 200)}
WARMUP=5

echo "## machine"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(nproc) cores)"
echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kernel: $(uname -r); $(rustc --version); $(hyperfine --version)"
echo "binary: $(stat -c %s "$BIN") bytes${STATIC:+; static build: $(stat -c %s "$STATIC") bytes}"

bench() { # name, commands... (SHELL_MODE=1: run through bash, for stdin redirection)
  local name=$1; shift
  local mode=-N; [ -n "${SHELL_MODE:-}" ] && mode=--shell=bash
  hyperfine "$mode" --warmup "$WARMUP" --runs "$RUNS" --export-json "$OUT/$name.json" --export-markdown "$OUT/$name.md" "$@" >/dev/null
  python3 - "$OUT/$name.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"  median {r['median']*1e3:8.2f} ms  mean {r['mean']*1e3:8.2f} ± {r['stddev']*1e3:5.2f} ms  "
          f"user {r['user']*1e3:6.2f} ms  sys {r['system']*1e3:5.2f} ms  {r['command']}")
PY
}

rss() { # peak RSS of one run, in KB
  /usr/bin/time -f %M -o "$OUT/rss.txt" "$@" >/dev/null 2>&1 || true
  echo "  peak RSS $(cat "$OUT/rss.txt") KB: $*"
}

echo; echo "## process start-up alone (--version)"
bench version "$BIN --version" ${STATIC:+"$STATIC --version"}
echo; echo "## seed replay (target: median <= 2 ms)"
for b in $BIN $STATIC; do
  bench "replay-$(basename "$(dirname "$(dirname "$b")")")" "$b replay $SEED" "$b replay --python 3.6 $SEED" "$b replay --python 2.7 transcripts/golden/sessions/seed_py2.session"
done
echo; echo "## compare --python all (target: median <= 5 ms)"
bench compare "$BIN compare --python all --width 160 --color never $SEED" ${STATIC:+"$STATIC compare --python all --width 160 --color never $SEED"}

echo; echo "## long sessions (target: 100 000 cells <= 1 s, linear)"
ns="10000 100000"; [ -z "${QUICK:-}" ] && ns="$ns 1000000"
python3 - "$SEED" "$OUT" $ns <<'PY'
import sys
seed = [l for l in open(sys.argv[1]).read().split("\n") if l.strip()]
for n in map(int, sys.argv[3:]):
    open(f"{sys.argv[2]}/cells{n}.session", "w").write("\n".join((seed * (n // len(seed) + 1))[:n]) + "\n")
PY
for n in $ns; do
  RUNS=$([ "$n" -ge 1000000 ] && echo 3 || echo 10) WARMUP=1 bench "cells$n" "$BIN replay $OUT/cells$n.session"
done

echo; echo "## peak RSS (target: <= 10 MB)"
rss "$BIN" replay "$SEED"
rss "$BIN" replay --python 2.7 transcripts/golden/sessions/seed_py2.session
rss "$BIN" compare --python all --width 160 --color never "$SEED"
rss "$BIN" replay "$OUT/cells100000.session"

echo; echo "## the real interpreters, same session (installed ones only)"
find_python() { # X.Y -> path or nothing
  local v=$1 root=${PYENV_ROOT:-$HOME/.pyenv} d
  for d in "$root"/versions/"$v".*; do
    [ -x "$d/bin/python" ] && { echo "$d/bin/python"; return; }
  done
  command -v "python$v" 2>/dev/null || true
}
for v in 2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13; do
  py=$(find_python "$v")
  session=$SEED; [ "$v" = 2.7 ] && session=transcripts/golden/sessions/seed_py2.session
  if [ -z "$py" ] || ! "$py" -c pass 2>/dev/null; then
    echo "  python $v: not installed, skipped"
    continue
  fi
  # the interpreter reads the session on stdin; hyperfine subtracts the shell's own start-up
  SHELL_MODE=1 bench "python$v" "$py -i < $session" "$BIN replay --style python --python $v $session"
  # IPython next to the interpreter, else in the venvs ../shared/oracle/setup.sh makes
  ipy="$(dirname "$py")/ipython"
  [ -x "$ipy" ] || ipy="${RELOADLAB_ORACLE:-$HOME/.cache/reloadlab-oracle}/$v/bin/ipython"
  if [ -x "$ipy" ]; then
    SHELL_MODE=1 RUNS=10 WARMUP=1 bench "ipython$v" "$ipy --simple-prompt --no-banner --colors=NoColor < $session" "$BIN replay --python $v $session"
    rss "$ipy" --simple-prompt --no-banner -c "pass"
  else
    echo "  ipython for $v: not installed, skipped"
  fi
  rss "$py" -c "import math, importlib"
done
