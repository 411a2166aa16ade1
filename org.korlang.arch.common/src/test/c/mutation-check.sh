#!/usr/bin/env bash
# mutation-check.sh — proves that the shim harness notices a context switch that forgets a
# register, by breaking the real shim on purpose and expecting the harness to fail.
#
# One script for every CPU port: it lives with the shared harness.c in org.korlang.arch.common,
# and the arch modules' build (org.korlang.arch.parent/shim-build.sh) runs it with that port's
# shim, register-check helpers and mutant list (all three stay in the arch module).
#
# Each line of the mutant list is `name<TAB>sed-command`. The sed command is applied only
# between FUNCTION(kr_ctx_switch) and END(kr_ctx_switch) of the shim source, e.g. deleting the
# line that restores r15, or loading x20 into a scratch register instead of x20. Every mutant
# must (1) really differ from the shim, (2) build, and (3) make the harness exit non-zero
# (a FAIL line, or a crash or hang for the stack pointer). A mutant that passes the harness
# "survived": the harness would not have caught that bug, so this check fails.
#
# Usage: mutation-check.sh <arch> <shim.S> <regcheck.S> <mutants.tsv> <out-dir> <cc> [runner...]
#   e.g. (from an arch module)
#        mutation-check.sh x86_64 src/main/native/korlang_x86_64.S src/test/c/regcheck_x86_64.S \
#            src/test/c/mutants-x86_64.tsv target/mutants gcc
#        mutation-check.sh aarch64 ... aarch64-linux-gnu-gcc qemu-aarch64
set -u
if [ "$#" -lt 6 ]; then
  echo "usage: $0 <arch> <shim.S> <regcheck.S> <mutants.tsv> <out-dir> <cc> [runner...]" >&2
  exit 2
fi
arch=$1 shim=$2 regcheck=$3 mutants=$4 out=$5 cc=$6
shift 6
runner=("$@")
here=$(cd "$(dirname "$0")" && pwd)     # harness.c sits next to this script
include="$here/../../main/native"       # korlang_asm.h, which every shim and regcheck includes
for input in "$shim" "$regcheck" "$mutants" "$here/harness.c"; do
  [ -f "$input" ] || { echo "mutation-check.sh: no such file $input" >&2; exit 2; }
done
rounds=1000          # a forgotten register shows on the first round trip; 1000 is plenty

mkdir -p "$out"
detected=0 survived=0 broken=0
while IFS=$'\t' read -r name edit; do
  case "$name" in ''|'#'*) continue ;; esac
  dir="$out/$name"
  mkdir -p "$dir"
  sed "/^FUNCTION(kr_ctx_switch)/,/^END(kr_ctx_switch)/{$edit}" "$shim" > "$dir/shim.S"
  if cmp -s "$shim" "$dir/shim.S"; then
    echo "BROKEN  $name: the edit '$edit' changed nothing (the shim's text moved?)"
    broken=$((broken + 1)); continue
  fi
  if ! "$cc" -O2 -static -pthread -I"$include" -o "$dir/harness" "$here/harness.c" "$regcheck" \
        "$dir/shim.S" > "$dir/build.log" 2>&1; then
    echo "BROKEN  $name: does not build (see $dir/build.log)"
    broken=$((broken + 1)); continue
  fi
  # braces with 2>/dev/null: a crashing mutant is expected, keep bash's job report quiet
  { timeout 60 "${runner[@]}" "$dir/harness" "$rounds" > "$dir/run.log" 2>&1; } 2>/dev/null
  rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "SURVIVED $name: the harness passed with this bug (see $dir/run.log)"
    survived=$((survived + 1))
  else
    why=$(grep -m1 '^FAIL' "$dir/run.log" | sed 's/ (first bad.*//' | cut -c1-160)
    case $rc in
      124) why="hung, killed by timeout" ;;
      1)   ;;
      *)   why="exit status $rc (crash)${why:+; $why}" ;;
    esac
    echo "detected $name: $why"
    detected=$((detected + 1))
  fi
done < "$mutants"

total=$((detected + survived + broken))
# one "test" per mutant: it passes when the harness rejected that broken shim
echo "mutation check $arch: $detected passed, $((survived + broken)) failed" \
     "($total deliberately broken shims: $detected detected, $survived survived, $broken unusable)"
[ "$total" -gt 0 ] && [ "$survived" -eq 0 ] && [ "$broken" -eq 0 ]
