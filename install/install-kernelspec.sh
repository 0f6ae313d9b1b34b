#!/usr/bin/env bash
# Registers the Crema kernel with Jupyter (kernelspec name "crema", or $CREMA_KERNEL_NAME). The
# kernelspec points at the jars of this checkout and at the JDK chosen by find-jdk.sh ($JAVA_HOME
# wins).
#   install/install-kernelspec.sh          into the project's environment .venv (--sys-prefix):
#                                          the Jupyter of `make notebook` and `make test` finds it
#   install/install-kernelspec.sh --user   into the user's own Jupyter instead: the `jupyter` on
#                                          PATH, e.g. an existing JupyterLab or Anaconda
#   install/install-kernelspec.sh --system for every user of the `jupyter` on PATH (as root)
#
# The kernel JVM starts with class-data sharing (a dynamic archive written below by a training
# run, JDK 17 and later). The user VM's options come from $CREMA_JVM_OPTS at kernel start
# (e.g. -Xmx2g).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
where=venv
case "${1:-}" in
  "") ;;
  --user) where=user ;;
  --system) where=system ;;
  *) echo "usage: install/install-kernelspec.sh [--user | --system]" >&2; exit 2 ;;
esac
if [ "$where" = venv ]; then
  # The script, not `python -m jupyter`: the script puts its own bin/ first when it looks up
  # `jupyter-kernelspec`, so no other Jupyter on PATH answers.
  jupyter=("$repo/.venv/bin/jupyter")
  if [ ! -x "$repo/.venv/bin/jupyter" ]; then
    echo "install-kernelspec.sh: $repo/.venv is missing; run make install first (or pass --user)." >&2
    exit 1
  fi
else
  if ! command -v jupyter >/dev/null 2>&1; then
    echo "install-kernelspec.sh: no jupyter on PATH; activate the environment of your Jupyter first." >&2
    exit 1
  fi
  jupyter=(jupyter)
fi
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
chmod 755 "$spec"   # the installed copy keeps these rights: other users (a hub's) must read it
trap 'rm -rf "$spec"' EXIT
cp "$repo"/install/kernelspec/*.png "$spec"/ 2>/dev/null || true
# Class-data sharing for the kernel JVM: a training run (kernel start, javac, the library's
# imports) writes a dynamic archive once here; every kernel start maps it read-only. Written
# once, not by each kernel at exit, because kernels running side by side would race on it.
# JDK 25+ gets an AOT cache (JEP 483/514/515: classes loaded and linked, method profiles), older
# JDKs a dynamic CDS archive.
# The archive is named by the jar's digest: the JVM maps an archive's classes without checking
# that the jar still holds them (JDK 25 served a rebuilt jar's old classes), so two checkouts, or
# two builds, must never share one. It is also named by the jar's path, so that installing from
# one checkout removes only that checkout's older archives: another checkout's kernelspec still
# names its own (without it, that kernel would start without class-data sharing, and say so on
# every start).
digest=$(sha256sum "$jar" | cut -c1-16)
checkout=$(printf '%s' "$jar" | sha256sum | cut -c1-8)
stem="$cache/kernel-$name-jdk$major-$checkout"
if [ "$major" -ge 25 ]; then
  archive="$stem-$digest.aot"
  dump=(-XX:AOTCacheOutput="$archive")
else
  archive="$stem-$digest.jsa"
  dump=(-XX:ArchiveClassesAtExit="$archive")
fi
rm -f "$stem"-*.aot "$stem"-*.jsa
if ! timeout 300 "$java" "${dump[@]}" -Xlog:disable -Xlog:all=error:stderr \
    -XX:+IgnoreUnrecognizedVMOptions -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -jar "$jar" --warmup >/dev/null 2>&1 || [ ! -s "$archive" ]; then
  echo "install-kernelspec.sh: no class-data sharing archive (the training run failed); kernels start without it." >&2
  rm -f "$archive"
  archive=""
fi
/usr/bin/python3 - "$spec/kernel.json" "$java" "$jar" "$major" "$archive" <<'PY'
import json, sys
path, java, jar, major, archive = sys.argv[1:]
# Options valid on every JDK >= 17, so that a copy of the spec with another java still starts:
# a JVM that cannot map the archive (another JDK) ignores it (-Xshare:auto).
# A 16 MB young generation: javac's garbage dies young, and the default (a third of a heap sized
# from the machine's memory) kept ~100 MB of eden resident in every idle kernel (237 -> 147 MB).
# A heap that starts small and shrinks after a full collection to a little above what is live
# (-XX:-ShrinkHeapInSteps: at once, not over four collections): the kernel collects itself after
# cells (crema.kernel.exec.CompilerHeapTrim), since the serial collector would otherwise grow the
# old generation with javac's promoted garbage up to the heap's ceiling (133 -> 1,985 MB resident
# over 400 cells).
# The C heap trimmed every 5 s (JDK 22+; ignored before): what the JIT freed leaves the RSS.
# The client compiler only (-XX:TieredStopAtLevel=1): a kernel compiles many small cells, never
# one long computation, and C2's compiler threads competed with javac for the cores. Measured at
# load 6, two alternating pairs: trivial cell 40-63 against 58-62 ms, a 10-statement cell 216-232
# against 309-350 ms, kernel RSS after 40 cells 140-141 against 167-171 MB.
opts = ["-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseSerialGC", "-Xmn16m", "-Xms32m",
        "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10", "-XX:-ShrinkHeapInSteps", "-Xss4m",
        "-XX:TieredStopAtLevel=1", "-XX:TrimNativeHeapInterval=5000", "-Djava.awt.headless=true"]
if archive.endswith(".aot"):
    # -Xlog:aot=off would stop JDK 17 (unknown tag); this form is valid on every JDK.
    opts += ["-XX:AOTCache=" + archive, "-Xlog:disable", "-Xlog:all=error:stderr"]
elif archive:
    opts += ["-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off",
             "-Xlog:cds+dynamic=off"]
spec = {
    "argv": [java] + opts + ["-jar", jar, "{connection_file}"],
    "display_name": "Java (Crema)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {},
    # CurveZMQ: a kernel manager with transport_encryption "auto" provisions keys for this kernel.
    "metadata": {"debugger": False, "supported_encryption": ["curve"]},
}
with open(path, "w") as f:
    json.dump(spec, f, indent=2)
PY
if [ "$where" = venv ]; then
  "${jupyter[@]}" kernelspec install --sys-prefix --replace --name "$name" "$spec" >/dev/null
  # The environment's Jupyter server provisions CurveZMQ keys for kernels that declare support:
  # their ports are encrypted, and a client without the connection file's keys gets nothing.
  "$repo/.venv/bin/python" - "$repo/.venv/etc/jupyter/jupyter_server_config.json" <<'PY'
import json, os, sys
path = sys.argv[1]
config = json.load(open(path)) if os.path.exists(path) else {}
config.setdefault("MappingKernelManager", {})["transport_encryption"] = "auto"
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump(config, f, indent=2)
PY
elif [ "$where" = user ]; then
  "${jupyter[@]}" kernelspec install --user --replace --name "$name" "$spec" >/dev/null
else
  "${jupyter[@]}" kernelspec install --replace --name "$name" "$spec" >/dev/null
fi
# A kernelspec of the same name in a user or JUPYTER_PATH directory wins over the environment's.
# One left by an earlier set-up of this checkout (it runs this checkout's jar) is replaced; any
# other is reported.
registered_at() { "${jupyter[@]}" kernelspec list | awk -v n="$1" '$1 == n {print $2}'; }
found=$(registered_at "$name")
if [ "$where" = venv ] && [ -n "$found" ] && [ "${found#"$repo/.venv/"}" = "$found" ]; then
  if grep -qF "$jar" "$found/kernel.json" 2>/dev/null; then
    rm -rf "$found"
    echo "install-kernelspec.sh: removed the older registration $found (it is now in .venv)."
  else
    echo "install-kernelspec.sh: warning: $found (another kernel named $name) hides this one; set CREMA_KERNEL_NAME to register under another name." >&2
  fi
fi
echo "Kernel $name (Java (Crema)) registered in $(registered_at "$name") (JDK: $java_home)."
