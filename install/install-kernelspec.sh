#!/usr/bin/env bash
# Registers the Crema kernel with Jupyter for the current user (kernelspec name "crema", or
# $CREMA_KERNEL_NAME). The kernelspec points at the jars of this checkout and at the JDK chosen by
# find-jdk.sh ($JAVA_HOME wins).
#
# The kernel JVM starts with class-data sharing: on JDK 19+ a dynamic archive that the first
# start writes and later starts map (-XX:+AutoCreateSharedArchive), on JDK 17 the JDK's default
# archive. The user VM's options come from $CREMA_JVM_OPTS at kernel start (e.g. -Xmx2g).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
java_home=${JAVA_HOME:-$("$repo/install/find-jdk.sh")}
jar="$repo/kernel/target/crema-kernel.jar"
if [ ! -f "$jar" ]; then
  echo "install-kernelspec.sh: $jar is missing; build first (make build)." >&2
  exit 1
fi
java="$java_home/bin/java"
major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
major=${major%%.*}
name=${CREMA_KERNEL_NAME:-crema}
cache="${XDG_CACHE_HOME:-$HOME/.cache}/crema"
mkdir -p "$cache"
spec=$(mktemp -d)
trap 'rm -rf "$spec"' EXIT
cp "$repo"/install/kernelspec/*.png "$spec"/ 2>/dev/null || true
/usr/bin/python3 - "$spec/kernel.json" "$java" "$jar" "$major" "$cache/kernel-$name.jsa" <<'PY'
import json, sys
path, java, jar, major, archive = sys.argv[1:]
# The same options on every JDK, so that a copy of the spec with another java still starts:
# JDK 17 ignores AutoCreateSharedArchive (IgnoreUnrecognizedVMOptions) and an archive it cannot
# map (-Xshare:auto is the default), JDK 19+ writes the archive on first exit and maps it later.
opts = ["-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseSerialGC", "-Xss4m",
        "-Djava.awt.headless=true", "-XX:SharedArchiveFile=" + archive,
        "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
spec = {
    "argv": [java] + opts + ["-jar", jar, "{connection_file}"],
    "display_name": "Java (Crema)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {},
    "metadata": {"debugger": False},
}
with open(path, "w") as f:
    json.dump(spec, f, indent=2)
PY
/usr/bin/python3 -m jupyter kernelspec install --user --replace --name "$name" "$spec" >/dev/null
echo "Kernel $name (Java (Crema)) registered (JDK: $java_home)."
