#!/usr/bin/env bash
# shim-build.sh — the native steps of a CPU port's build, written once for every arch module.
#
# org.korlang.arch.parent/pom.xml runs it at the right phases; an arch module's pom only names its
# processor and its tools (the KR_* variables below, set from Maven properties). One source,
# src/main/native/korlang_<cpu>.S, becomes two shipped libraries:
#
#   elf      Linux: <cc> -shared -nostdlib -fPIC  ->  target/native/linux-<cpu>/libkorlang_<cpu>.so
#            (soname libkorlang_<cpu>.so: JNA then finds the copy that System.loadLibrary loaded)
#   macho    macOS: clang -target <triple> -c, then ld64.lld -dylib -adhoc_codesign
#                                                 ->  target/native/macos-<cpu>/libkorlang_<cpu>.dylib
#            (install name @rpath/libkorlang_<cpu>.dylib; no SDK and no libSystem are needed: the
#            shim calls nothing, so the dylib has no undefined symbol and loads no other library)
#   check    checks both libraries with the LLVM tools and writes target/harness/library-check-<cpu>.txt:
#            ELF of the right machine, no undefined symbol, only kr_* exported, no executable stack;
#            Mach-O dylib of the right CPU, no undefined symbol and no library loaded, exactly the
#            ELF library's kr_* exports, install name and minimum macOS, a code signature
#            (LC_CODE_SIGNATURE: Apple silicon refuses unsigned code; both dylibs are signed), and
#            the same instructions as the ELF library (alignment padding aside)
#   harness  builds the shared C harness (org.korlang.arch.common/src/test/c/harness.c) with the
#            port's regcheck_<cpu>.S against the shipped ELF library and runs it (natively, or under
#            qemu-user with the cross sysroot); with KR_STATIC_HARNESS_ROUNDS > 0 also a static build
#            that has the shim compiled in. Results in target/harness/shim-harness-<cpu>*.txt
#   mutants  the mutation check (org.korlang.arch.common/src/test/c/mutation-check.sh)
#
# Environment (all set by the parent pom):
#   KR_CPU                  processor name: x86_64, aarch64
#   KR_MODULE, KR_TARGET    the arch module's basedir and build directory
#   KR_COMMON               org.korlang.arch.common's basedir (korlang_asm.h, harness, scripts)
#   KR_ELF_CC               gcc, aarch64-linux-gnu-gcc
#   KR_ELF_MACHINE          what llvm-readobj calls the ELF machine: EM_X86_64, EM_AARCH64
#   KR_MACHO_TARGET         clang's target triple: x86_64-apple-macos10.15, arm64-apple-macos11
#   KR_MACHO_ARCH           ld64's -arch: x86_64, arm64
#   KR_MACHO_CPUTYPE        the Mach-O cputype: 0x1000007 (CPU_TYPE_X86_64), 0x100000C (CPU_TYPE_ARM64)
#   KR_MACHO_MIN            the minimum macOS version: 10.15, 11.0
#   KR_RUNNER, KR_SYSROOT   how to run a program for the port's processor ("" natively; qemu-aarch64
#                           and /usr/aarch64-linux-gnu for aarch64)
#   KR_HARNESS_ROUNDS       context round trips for the harness against the shipped library
#   KR_STATIC_HARNESS_ROUNDS  round trips of the static harness (0: not built)
set -euo pipefail

step=${1:?usage: shim-build.sh elf|macho|check|harness|mutants}
: "${KR_CPU:?}" "${KR_MODULE:?}" "${KR_TARGET:?}" "${KR_COMMON:?}"

name="korlang_${KR_CPU}"
shim_src="$KR_MODULE/src/main/native/$name.S"
regcheck="$KR_MODULE/src/test/c/regcheck_${KR_CPU}.S"
include="$KR_COMMON/src/main/native"          # korlang_asm.h
shared_c="$KR_COMMON/src/test/c"               # harness.c, mutation-check.sh, run-and-report.sh
elf_dir="$KR_TARGET/native/linux-${KR_CPU}"
macho_dir="$KR_TARGET/native/macos-${KR_CPU}"
elf="$elf_dir/lib$name.so"
macho="$macho_dir/lib$name.dylib"
reports="$KR_TARGET/harness"
tests="$KR_TARGET/native-test"

runner=()                                      # how to run a program for this processor
if [ -n "${KR_RUNNER:-}" ]; then runner=("$KR_RUNNER"); fi

die() { echo "shim-build.sh $step ($KR_CPU): $*" >&2; exit 1; }

# The LLVM tools by their plain name, else Debian's versioned one (the `lld` package has no plain
# ld64.lld). bin/setup installs them.
tool() {
  local candidate
  for candidate in "$1" "$1"-{20..14}; do
    if command -v "$candidate" >/dev/null 2>&1; then echo "$candidate"; return; fi
  done
  die "no $1 on the PATH: install clang, lld and llvm (bin/setup does)"
}

case "$step" in
elf)
  mkdir -p "$elf_dir"
  "${KR_ELF_CC:?}" -shared -nostdlib -fPIC -Wa,--noexecstack -Wl,-z,noexecstack \
      -Wl,-soname,"lib$name.so" -I"$include" -o "$elf" "$shim_src"
  ;;

macho)
  mkdir -p "$macho_dir"
  "$(tool clang)" -target "${KR_MACHO_TARGET:?}" -I"$include" -c -o "$macho_dir/$name.o" "$shim_src"
  "$(tool ld64.lld)" -dylib -arch "${KR_MACHO_ARCH:?}" \
      -platform_version macos "${KR_MACHO_MIN:?}" "$KR_MACHO_MIN" \
      -install_name "@rpath/lib$name.dylib" -adhoc_codesign -o "$macho" "$macho_dir/$name.o"
  rm -f "$macho_dir/$name.o"      # target/native is on the test classpath as the bundle's layout
  ;;

check)
  mkdir -p "$reports"
  nm=$(tool llvm-nm) readobj=$(tool llvm-readobj) objdump=$(tool llvm-objdump)
  [ -f "$elf" ] || die "no ELF library $elf (run the elf step first)"
  [ -f "$macho" ] || die "no Mach-O library $macho (run the macho step first)"
  passed=0 failed=0
  # check <name> <detail> <test command...>: one PASS/FAIL line per check
  check() {
    local check_name=$1 detail=$2; shift 2
    if "$@"; then echo "PASS $check_name: $detail"; passed=$((passed + 1));
    else echo "FAIL $check_name: $detail"; failed=$((failed + 1)); fi
  }
  words() { if [ -n "$1" ]; then echo "$1" | tr '\n' ' ' | sed 's/ $//'; else echo "none"; fi; }
  field() { grep -oE "$1" <<<"$2" | head -1 || true; }
  # Instructions as their bytes, one per line; alignment padding (nops) left out, since GNU as
  # and LLVM's assembler pad with different nop encodings.
  code() {
    "$objdump" -d --no-leading-addr "$1" | awk -F'\t' '
      /^ [0-9a-f][0-9a-f]( [0-9a-f][0-9a-f])* *\t/ {
        if ($2 ~ /^nop/ || ($2 ~ /^xchg/ && $3 ~ /^%ax, ?%ax$/)) next
        sub(/ +$/, "", $1); print $1
      }'
  }

  {
    # --- the Linux library
    headers=$("$readobj" --file-headers "$elf")
    machine=$(field 'Machine: \S+' "$headers") type=$(field 'Type: \S+' "$headers")
    check elf-format "$(basename "$elf"): $machine, $type (want ${KR_ELF_MACHINE:?}, SharedObject)" \
      test "$machine" = "Machine: $KR_ELF_MACHINE" -a "$type" = "Type: SharedObject"
    undefined=$("$nm" -D --undefined-only "$elf" | awk '{print $NF}')
    check elf-no-undefined "undefined symbols: $(words "$undefined")" test -z "$undefined"
    elf_exports=$("$nm" -D --defined-only --extern-only "$elf" | awk '{print $NF}' | sort)
    foreign=$(grep -v '^kr_' <<<"$elf_exports" || true)
    check elf-exports "exports $(words "$elf_exports")${foreign:+ (not kr_*: $(words "$foreign"))}" \
      test -n "$elf_exports" -a -z "$foreign"
    exec_stack=$("$readobj" --program-headers "$elf" | grep -A8 'PT_GNU_STACK' | grep -o 'PF_X' || true)
    check elf-no-exec-stack "PT_GNU_STACK ${exec_stack:+EXECUTABLE}${exec_stack:-not executable}" \
      test -z "$exec_stack"

    # --- the macOS library
    headers=$("$readobj" --file-headers "$macho")
    cputype=$(field 'CpuType: .*' "$headers") filetype=$(field 'FileType: .*' "$headers")
    check macho-format "$(basename "$macho"): $cputype, $filetype (want cputype ${KR_MACHO_CPUTYPE:?}, MH_DYLIB 0x6)" \
      test "${cputype##* }" = "($KR_MACHO_CPUTYPE)" -a "${filetype##* }" = "(0x6)"
    load_commands=$("$objdump" --macho --private-headers "$macho")
    undefined=$("$nm" --undefined-only "$macho" | awk '{print $NF}')
    loads=$(grep -A2 -E 'cmd LC_(LOAD|LOAD_WEAK|REEXPORT|LAZY_LOAD)_DYLIB' <<<"$load_commands" \
            | grep -oE 'name \S+' | cut -d' ' -f2 || true)
    check macho-no-undefined "undefined symbols: $(words "$undefined"); libraries loaded: $(words "$loads")" \
      test -z "$undefined" -a -z "$loads"
    macho_exports=$("$nm" --defined-only --extern-only "$macho" | awk '{print $NF}' | sed 's/^_//' | sort)
    if [ "$macho_exports" = "$elf_exports" ]; then same="the ELF library's"; else same="NOT the ELF library's"; fi
    check macho-exports "exports (less the leading _) $(words "$macho_exports"): $same" \
      test -n "$macho_exports" -a "$macho_exports" = "$elf_exports"
    install_name=$(grep -A2 'cmd LC_ID_DYLIB' <<<"$load_commands" | grep -oE 'name \S+' | cut -d' ' -f2 || true)
    build_version=$(grep -A5 'cmd LC_BUILD_VERSION' <<<"$load_commands")
    platform=$(field 'platform \S+' "$build_version") minos=$(field 'minos \S+' "$build_version")
    check macho-identity "install name ${install_name:-none}, ${platform:-no platform}, ${minos:-no minos} (want @rpath/lib$name.dylib, platform macos, minos $KR_MACHO_MIN)" \
      test "$install_name" = "@rpath/lib$name.dylib" -a "$platform" = "platform macos" -a "$minos" = "minos $KR_MACHO_MIN"
    signed=$(grep -c 'cmd LC_CODE_SIGNATURE' <<<"$load_commands" || true)
    check macho-signature "LC_CODE_SIGNATURE $( [ "$signed" = 1 ] && echo "present (ad-hoc)" || echo MISSING)" \
      test "$signed" = 1

    # --- one source, one code
    elf_code=$(code "$elf") macho_code=$(code "$macho")
    if [ "$elf_code" = "$macho_code" ]; then same="byte for byte the same"; else same="DIFFERENT"; fi
    check same-code "$(grep -c . <<<"$elf_code") instructions in the ELF library, $(grep -c . <<<"$macho_code") in the Mach-O one: $same" \
      test -n "$elf_code" -a "$elf_code" = "$macho_code"

    echo "library check ${KR_CPU}: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
  } 2>&1 | tee "$reports/library-check-${KR_CPU}.txt"
  exit "${PIPESTATUS[0]}"
  ;;

harness)
  mkdir -p "$tests" "$reports"
  shipped_runner=("${runner[@]}")
  if [ -n "${KR_SYSROOT:-}" ]; then shipped_runner+=(-L "$KR_SYSROOT"); fi
  # against the library the bundle ships (its exports, PIC, soname)
  "$KR_ELF_CC" -O2 -Wall -Wextra -Werror -pthread -I"$include" -o "$tests/harness-shipped" \
      "$shared_c/harness.c" "$regcheck" -L"$elf_dir" -l"$name" -Wl,-rpath,"$elf_dir"
  suffix=""
  if [ "${KR_STATIC_HARNESS_ROUNDS:-0}" -gt 0 ]; then
    # with the shim compiled in, statically: needs no sysroot under qemu
    "$KR_ELF_CC" -O2 -Wall -Wextra -Werror -pthread -static -I"$include" -o "$tests/harness" \
        "$shared_c/harness.c" "$regcheck" "$shim_src"
    bash "$shared_c/run-and-report.sh" "$reports/shim-harness-${KR_CPU}.txt" \
        "${runner[@]}" "$tests/harness" "$KR_STATIC_HARNESS_ROUNDS"
    suffix="-shipped"
  fi
  bash "$shared_c/run-and-report.sh" "$reports/shim-harness-${KR_CPU}$suffix.txt" \
      "${shipped_runner[@]}" "$tests/harness-shipped" "${KR_HARNESS_ROUNDS:?}"
  ;;

mutants)
  bash "$shared_c/run-and-report.sh" "$reports/mutation-check-${KR_CPU}.txt" \
      bash "$shared_c/mutation-check.sh" "$KR_CPU" "$shim_src" "$regcheck" \
      "$KR_MODULE/src/test/c/mutants-${KR_CPU}.tsv" "$tests/mutants" "$KR_ELF_CC" "${runner[@]}"
  ;;

*) die "unknown step (elf, macho, check, harness, mutants)" ;;
esac
