#!/usr/bin/env bash
# Prints the JDK that Crema builds and runs with: $JAVA_HOME when it is a JDK >= 17,
# otherwise the newest JDK >= 17 under /usr/lib/jvm (or the one behind `javac` on PATH).
set -euo pipefail

major() { # the feature version of the JDK at $1, or 0
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
  case "$v" in ''|*[!0-9.]*) echo 0 ;; 1.*) echo 0 ;; *) echo "${v%%.*}" ;; esac
}

if [ -n "${JAVA_HOME:-}" ]; then
  if [ -x "$JAVA_HOME/bin/javac" ] && [ "$(major "$JAVA_HOME")" -ge 17 ]; then
    echo "$JAVA_HOME"; exit 0
  fi
  echo "find-jdk: JAVA_HOME=$JAVA_HOME is not a JDK 17 or newer (no bin/javac, or too old)." >&2
  exit 1
fi

best=""; best_major=0
candidates=(/usr/lib/jvm/*)
if command -v javac >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
fi
for d in "${candidates[@]}"; do
  [ -x "$d/bin/javac" ] && [ -x "$d/bin/java" ] || continue
  [ -L "$d" ] && continue   # Debian's aliases point at real directories listed too
  m=$(major "$d")
  if [ "$m" -gt "$best_major" ]; then best="$d"; best_major=$m; fi
done
if [ "$best_major" -lt 17 ]; then
  echo "find-jdk: no JDK 17 or newer found. Install one: sudo apt-get install openjdk-17-jdk-headless" >&2
  exit 1
fi
echo "$best"
