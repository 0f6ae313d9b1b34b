#!/usr/bin/env bash
# Registers the Crema kernel with Jupyter for the current user (kernelspec name "crema").
# The kernelspec points at the jars of this checkout and at the JDK chosen by find-jdk.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
java_home=${JAVA_HOME:-$("$repo/install/find-jdk.sh")}
jar="$repo/kernel/target/crema-kernel.jar"
if [ ! -f "$jar" ]; then
  echo "install-kernelspec.sh: $jar is missing; build first (make build)." >&2
  exit 1
fi
spec=$(mktemp -d)
trap 'rm -rf "$spec"' EXIT
cp "$repo"/install/kernelspec/* "$spec"/ 2>/dev/null || true
/usr/bin/python3 - "$spec/kernel.json" "$java_home/bin/java" "$jar" <<'PY'
import json, sys
path, java, jar = sys.argv[1:]
spec = {
    "argv": [java, "-jar", jar, "{connection_file}"],
    "display_name": "Java (Crema)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {},
    "metadata": {"debugger": False},
}
with open(path, "w") as f:
    json.dump(spec, f, indent=2)
PY
name=${CREMA_KERNEL_NAME:-crema}
/usr/bin/python3 -m jupyter kernelspec install --user --replace --name "$name" "$spec" >/dev/null
echo "Kernel $name (Java (Crema)) registered (JDK: $java_home)."
