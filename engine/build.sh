#!/usr/bin/env bash
# Builds engine/target/doudi-engine.jar with the system Maven, but only when the jar is
# missing or older than pom.xml, maven-stubs/ or anything under src/.
# Usage: engine/build.sh [--force]     (works from any directory, needs no terminal)
set -euo pipefail

ENGINE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ENGINE_DIR/target/doudi-engine.jar"

force=0
if [[ "${1:-}" == "--force" ]]; then force=1; fi

needs_build() {
  [[ $force -eq 1 ]] && return 0
  [[ -f "$JAR" ]] || return 0
  # any input newer than the jar?
  [[ -n "$(find "$ENGINE_DIR/pom.xml" "$ENGINE_DIR/src" "$ENGINE_DIR/maven-stubs" \
      -newer "$JAR" -print -quit 2>/dev/null)" ]]
}

if ! needs_build; then
  echo "doudi-engine: $JAR is up to date"
  exit 0
fi

if ! command -v mvn >/dev/null 2>&1; then
  echo "doudi-engine: 'mvn' not found (install Maven 3.8+ and a JDK 17+)" >&2
  exit 1
fi

echo "doudi-engine: building $JAR ..."
start=$(date +%s)
log="$(mktemp "${TMPDIR:-/tmp}/doudi-engine-build.XXXXXX")"
# -B: batch mode (no terminal needed, no colours); -q keeps the output to errors/warnings.
if ! mvn -B -q -ntp -f "$ENGINE_DIR/pom.xml" -DskipTests package >"$log" 2>&1 </dev/null; then
  cat "$log" >&2
  rm -f "$log"
  echo "doudi-engine: build FAILED after $(( $(date +%s) - start ))s" >&2
  exit 1
fi
rm -f "$log"

if [[ ! -f "$JAR" ]]; then
  echo "doudi-engine: build finished but $JAR is missing" >&2
  exit 1
fi
touch "$JAR"
echo "doudi-engine: built $JAR ($(du -h "$JAR" | cut -f1)) in $(( $(date +%s) - start ))s"
