#!/usr/bin/env bash
# run-and-report.sh — runs a test program, shows its output, and keeps a copy in a report file
# (bin/test-summary adds up the "N passed, N failed" lines of target/harness/*.txt).
# Exits with the program's own status, so a failing harness still fails the build.
#
# Usage: run-and-report.sh <report-file> <program> [args...]
set -uo pipefail
report=$1
shift
mkdir -p "$(dirname "$report")"
"$@" 2>&1 | tee "$report"
exit "${PIPESTATUS[0]}"
