#!/usr/bin/env bash
# Crema against PyTorch, side by side, in the same run: `make bench` (or bench/run.sh directly).
#
# Builds the library with the reactor, compiles the Java half against library/target (one workload
# at a time: a workload whose layers are missing is "not available yet"), then runs every
# measurement on both sides, alternating PyTorch and Crema per workload so that a busy neighbour
# hurts both alike, and writes target/bench/results.md and results.json (bench/report.py;
# another directory with BENCH_OUT).
#
# Environment (both sides get the same one; see docs/performance.md):
#   BENCH_ONLY="mlp lenet"       run only these workloads (names from bench/workloads.json,
#                                plus latency and gemm; "proto" runs the prototypes of the
#                                library changes docs/performance.md recommends)
#   BENCH_BLAS_THREADS=1         OpenBLAS threads for training and latency (PyTorch's best
#                                configuration: it threads itself with set_num_threads(2))
#   BENCH_GEMM_BLAS_THREADS=2    OpenBLAS threads for the sgemm figure (one large call)
#   BENCH_OPENBLAS_CORETYPE=...  force an OpenBLAS core; default: the core the kernel gives its
#                                user VM, named from the CPU's features (OpenBlasCore; OpenBLAS's
#                                own detection ran Prescott kernels on Emerald Rapids); the
#                                environment's OPENBLAS_CORETYPE is not used (these machines have
#                                exported Haswell, which halves GEMM peak)
#   BENCH_OMP_WAIT_POLICY=...    PyTorch's OpenMP wait policy; default PASSIVE when the load
#                                average exceeds the CPU count, else OpenMP's own default
#   BENCH_SCALE=0.1              scale every step count (smoke test; 1 = the configured counts)
#   BENCH_EPOCHS=5               train every workload this many whole epochs (937 steps each)
#                                instead of its configured steps: the accuracy-parity runs
#   BENCH_SEED=1                 seed of the weights and the shuffling (default: workloads.json)
#   BENCH_OUT=target/bench-s1    output directory (default target/bench), e.g. for runs side by
#                                side; the build goes there too
#   BENCH_JVM_OPTS="..."         JVM options for the Crema half (default below)
#   BENCH_ROUNDS=1               repeat every PyTorch/Crema pair this many times (pooled)
#   BENCH_SKIP_BUILD=1           reuse $BENCH_OUT/lib and $BENCH_OUT/classes
#   BENCH_KERNEL=0               skip the in-kernel half (default: on, unless BENCH_EPOCHS is set)
#   BENCH_TORCH2=0               skip the second peer (the newest PyTorch, in the project's .venv)
#   BENCH_GC_WORKLOADS="lenet"   the workloads "gc" trains under each collector (G1, Parallel,
#                                Serial, all otherwise at JVM defaults) at each heap ceiling
#                                (-Xmx 1g, 4g, 12g): speed must not hinge on GC settings
#   BENCH_GC_PASSES=3            how many times "gc" runs every configuration, one after the
#                                other; each configuration is reported by its best pass
#
# Besides the standalone pair, each training workload runs inside a kernel started from the
# installed kernelspec (bench/kernel/train.py, through jupyter_client from .venv, no
# CREMA_JVM_OPTS): the first epoch in a fresh kernel and the steady state after it; PyTorch runs
# the same two phases. "idle" (in the default list) measures the idle kernels' memory.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# Absolute from here on: BENCH_OUT may be relative (to the repository root) or absolute.
out=$(realpath -m "${BENCH_OUT:-target/bench}")
mkdir -p "$out/raw" "$out/compile" "$out/classes"
# The neighbours' load, read before our own build adds to it (it decides PyTorch's OpenMP policy
# below; read after the build, a quiet machine looked busy and PyTorch got the passive policy).
load1=$(cut -d' ' -f1 /proc/loadavg)

JAVA_HOME=$(install/find-jdk.sh)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

# ------------------------------------------------------------------ build the Java half
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "bench: building the library ($JAVA_HOME)"
  mvn -q -B -pl library package -DskipTests -Dspotless.check.skip=true
  rm -rf "$out/classes" "$out/compile" "$out/lib"
  mkdir -p "$out/classes" "$out/compile" "$out/lib"
  # A private copy of the jars: a library rebuild during a long run must not change them under it.
  cp "$(ls "$root"/library/target/crema-library-*.jar | grep -v -e sources -e javadoc | head -1)" \
    "$root"/library/target/lib/*.jar "$out/lib/"
  cp="$out/lib/$(cd "$out/lib" && ls crema-library-*.jar | head -1)"
  for j in "$out"/lib/*.jar; do [ "$j" = "${cp%%:*}" ] || cp="$cp:$j"; done
  echo "$cp" > "$out/classpath.txt"
  src=bench/src/main/java/crema/bench
  javac --release 17 -Xlint:all,-serial,-processing,-try,-options -Werror -encoding UTF-8 -d "$out/classes" -cp "$cp" "$src"/*.java
  # Each workload on its own: one that needs layers the library lacks fails alone.
  shopt -s nullglob
  for f in "$src"/workloads/*.java "$src"/proto/*.java; do
    name=$(basename "$f" .java)
    if ! javac --release 17 -Xlint:all,-serial,-processing,-try,-options -encoding UTF-8 -d "$out/classes" -cp "$cp:$out/classes" \
        -sourcepath bench/src/main/java -implicit:class \
        "$f" > "$out/compile/$name.log" 2>&1; then
      echo "bench: crema.bench.workloads.$name does not compile yet ($(grep -m1 'error:' "$out/compile/$name.log" | sed 's/.*error: //'))"
    fi
  done
fi
cp="$(cat "$out/classpath.txt"):$out/classes"
# The JVM's resident set follows its heap-sizing policy, not the live data: with -Xmx2g the CNN
# reached 2.1 GB whatever the collector. The parallel collector grows its young generation towards
# a third of the heap, so the ceiling decides the peak: LeNet 376-412 MB at -Xmx768m, 309 MB at
# -Xmx512m (PyTorch 380-398 MB). The serial collector also stays small (299-304 MB at -Xmx768m)
# but on a quiet machine it cost throughput where garbage is plentiful (2026-12-03, one run
# each): CNN 1,899 against 2,546 samples/s with the parallel one, transformer 1,880 against 3,176.
# Hence the parallel collector with a 512 MB ceiling; see docs/performance.md.
jvm_opts=${BENCH_JVM_OPTS:-"-Xmx512m -XX:+UseParallelGC"}
# --enable-native-access: netlib's JNI loader on JDK 22+; the Vector API if the library uses it.
bench_main=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
  -Djava.awt.headless=true -Dcrema.bench.config=bench/workloads.json -Dcrema.bench.logs=$out/compile
  -cp "$cp" crema.bench.Bench)
java_cmd=(java $jvm_opts "${bench_main[@]}")

# ------------------------------------------------------------------ the shared environment
export OPENBLAS_NUM_THREADS=${BENCH_BLAS_THREADS:-1}
# Both sides, and the kernel that the in-kernel half starts, get the core the kernel would name.
unset OPENBLAS_CORETYPE
[ -n "${BENCH_OPENBLAS_CORETYPE:-}" ] || [ -f kernel/target/crema-kernel.jar ] ||
  { echo "bench: kernel/target/crema-kernel.jar is missing: run make install first" >&2; exit 1; }
core_type=${BENCH_OPENBLAS_CORETYPE:-$(java -cp kernel/target/crema-kernel.jar crema.kernel.exec.OpenBlasCore)}
if [ -n "$core_type" ]; then
  export OPENBLAS_CORETYPE=$core_type
fi
core=$("$PY" -c 'import ctypes; l=ctypes.CDLL("libopenblas.so.0"); l.openblas_get_corename.restype=ctypes.c_char_p; print(l.openblas_get_corename().decode())' 2>/dev/null || echo unknown)
echo "bench: OpenBLAS core $core, OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS (training), ${BENCH_GEMM_BLAS_THREADS:-2} (sgemm), CPUs $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "{\"openblas_core\": \"$core\", \"blas_threads\": $OPENBLAS_NUM_THREADS, \"gemm_blas_threads\": ${BENCH_GEMM_BLAS_THREADS:-2},"
  echo " \"cpus\": $(nproc), \"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\","
  echo " \"omp_wait_policy\": \"${OMP_WAIT_POLICY:-default}\", \"scale\": ${BENCH_SCALE:-1},"
  echo " \"epochs\": \"${BENCH_EPOCHS:-}\", \"seed\": \"${BENCH_SEED:-}\","
  echo " \"jvm_opts\": \"$jvm_opts\", \"date\": \"$(date -u +%FT%TZ)\", \"load_before\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
} > "$out/raw/env.json"

# GNU OpenMP spins while it waits for work: on a busy machine PyTorch's two threads then fight
# the neighbours and its MLP step fell 8x (330 against 2,700 samples/s with PASSIVE, load 19).
# Its best configuration on a busy machine is the passive policy; on a quiet one, the default.
if [ -n "${BENCH_OMP_WAIT_POLICY:-}" ]; then
  export OMP_WAIT_POLICY=$BENCH_OMP_WAIT_POLICY
elif awk -v l="$load1" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
  export OMP_WAIT_POLICY=PASSIVE
  echo "bench: load average $load1 > $(nproc) CPUs: OMP_WAIT_POLICY=PASSIVE for PyTorch"
fi

# The project's virtual environment: jupyter_client for the in-kernel half, ipykernel for the idle
# figure, and the newest PyTorch release (install/requirements-bench.txt) as the second peer.
venv_py="$root/.venv/bin/python"
if [ ! -x "$venv_py" ]; then
  echo "bench: creating .venv (install/requirements-test.txt)"
  /usr/bin/python3 -m venv "$root/.venv"
  "$venv_py" -m pip install -q -r install/requirements-test.txt -c install/constraints.txt
fi
torch2=${BENCH_TORCH2:-1}
if [ "$torch2" = 1 ]; then
  want=$(sed -n 's/^torch==//p' install/requirements-bench.txt)
  have=$("$venv_py" -c 'import torch; print(torch.__version__.split("+")[0])' 2>/dev/null || true)
  if [ "$have" != "$want" ]; then
    echo "bench: installing PyTorch $want into .venv (install/requirements-bench.txt; a large download, once)"
    "$venv_py" -m pip install -q -r install/requirements-bench.txt -c install/constraints.txt \
      || { echo "bench: PyTorch $want could not be installed: the second peer is skipped"; torch2=0; }
  fi
fi
in_kernel=${BENCH_KERNEL:-$([ -n "${BENCH_EPOCHS:-}" ] && echo 0 || echo 1)}
if [ "$in_kernel" = 1 ] && ! "$root/.venv/bin/jupyter" kernelspec list 2>/dev/null | grep -q "^ *${CREMA_TEST_KERNEL:-crema} "; then
  echo "bench: no '${CREMA_TEST_KERNEL:-crema}' kernelspec is installed (make install): the in-kernel half is skipped"
  in_kernel=0
fi
steady=$([ "$in_kernel" = 1 ] && echo --steady || true)

have_torch=1
if ! "$PY" -c 'import torch' 2>/dev/null; then
  have_torch=0
  echo "bench: PyTorch is not installed ($PY cannot import torch): only the Crema half runs." \
    "Install it with: install/setup.sh bench"
fi

workloads=$("$PY" -c 'import json; print(" ".join(w["name"] for w in json.load(open("bench/workloads.json"))["workloads"]))')
selected=${BENCH_ONLY:-"$workloads idle latency gemm gc"}
rm -f "$out"/raw/torch-*.json "$out"/raw/torch2-*.json "$out"/raw/crema-*.json "$out"/raw/kernel-*.json \
  "$out"/raw/idle*.json "$out"/raw/cores.jsonl

# The two vCPUs' cache-line round trip right before a measurement (crema.bench.CoreLatency): about
# 65 ns when they share a cache, about 330 ns when the host has placed them apart, which slows any
# two-thread run by up to half; report.py lists it beside each half of each round.
cores() { # label
  java -cp "$out/classes" crema.bench.CoreLatency "$1" "$out/raw/cores.jsonl" >/dev/null 2>&1 || true
}
run_torch() { # what, extra args...
  [ "$have_torch" = 1 ] || return 0
  (cd bench/torch && "$PY" "$@") || echo "bench: the PyTorch half of $2 failed"
}
run_torch2() { # the newest release, from .venv; same arguments as run_torch
  [ "$torch2" = 1 ] || return 0
  (cd bench/torch && "$venv_py" "$@") || echo "bench: the PyTorch (.venv) half of $2 failed"
}
run_kernel() { # workload, output
  [ "$in_kernel" = 1 ] || return 0
  # The kernel as a participant starts it: no JVM options and no BLAS threads setting of ours.
  (unset CREMA_JVM_OPTS OPENBLAS_NUM_THREADS; "$venv_py" bench/kernel/train.py "$1" --classes "$out/classes" --out "$2") \
    || echo "bench: the in-kernel run of $1 failed"
}
run_crema_main() {
  "${java_cmd[@]:0:${#java_cmd[@]}-1}" "$@" 2>/dev/null || echo "bench: $* failed"
}
run_crema() {
  "${java_cmd[@]}" "$@" || echo "bench: the Crema half of $* failed"
}

# Each pair runs PyTorch then Crema back to back; BENCH_ROUNDS > 1 repeats the whole pair and
# report.py pools the repeats of all rounds.
rounds=${BENCH_ROUNDS:-1}
for ((r = 1; r <= rounds; r++)); do
  sfx=$([ "$r" = 1 ] && echo "" || echo ".r$r")
  for w in $selected; do
    case "$w" in
      proto) # prototypes of the recommended library changes (docs/performance.md); not by default
        run_crema_main crema.bench.proto.PoolAndAdam | tee "$out/proto.txt" ;;
      latency)
        run_torch micro.py latency --out "$out/raw/torch-latency$sfx.json"
        run_crema latency --out "$out/raw/crema-latency$sfx.json" ;;
      gemm)
        OPENBLAS_NUM_THREADS=${BENCH_GEMM_BLAS_THREADS:-2} run_torch micro.py gemm --out "$out/raw/torch-gemm$sfx.json"
        OPENBLAS_NUM_THREADS=${BENCH_GEMM_BLAS_THREADS:-2} run_crema gemm --out "$out/raw/crema-gemm$sfx.json" ;;
      gc) # the same training under every collector and heap ceiling, standalone, in passes:
          # each pass runs every configuration once, so a drift of the machine's speed reaches
          # them all alike
        for ((pass = 1; pass <= ${BENCH_GC_PASSES:-3}; pass++)); do
          psfx=$([ "$pass" = 1 ] && echo "$sfx" || echo "${sfx:-.r1}p$pass")
          for gw in ${BENCH_GC_WORKLOADS:-lenet}; do
            for collector in G1 Parallel Serial; do
              for ceiling in 1g 4g 12g; do
                java "-XX:+Use${collector}GC" "-Xmx$ceiling" "${bench_main[@]}" \
                  train "$gw" --out "$out/raw/gc-$gw-$collector-$ceiling$psfx.json" \
                  || echo "bench: $gw with $collector at -Xmx$ceiling failed"
              done
            done
          done
        done ;;
      idle) # memory of idle kernels: Crema's, and ipykernel after `import torch` on both peers
        if [ "$in_kernel" = 1 ]; then
          pys=(--python /usr/bin/python3)
          [ "$torch2" = 1 ] && pys+=(--python "$venv_py")
          "$venv_py" bench/kernel/train.py --idle "${pys[@]}" --out "$out/raw/idle$sfx.json" \
            || echo "bench: the idle-memory figures failed"
        fi ;;
      *)
        cores "torch-$w$sfx"
        run_torch train.py "$w" $steady --out "$out/raw/torch-$w$sfx.json"
        cores "torch2-$w$sfx"
        run_torch2 train.py "$w" $steady --out "$out/raw/torch2-$w$sfx.json"
        cores "crema-$w$sfx"
        run_crema train "$w" --out "$out/raw/crema-$w$sfx.json"
        cores "kernel-$w$sfx"
        run_kernel "$w" "$out/raw/kernel-$w$sfx.json" ;;
    esac
  done
done

# ------------------------------------------------------------------ the library's own micro-benchmarks
# GEMM on both back ends, conv2d forward/backward at LeNet and CNN shapes, one LeNet training step
# (test-classes mains, built by the package step above; -DskipTests compiles them).
if [ -z "${BENCH_ONLY:-}" ]; then
  echo "bench: library micro-benchmarks -> $out/micro.txt"
  micro=(java $jvm_opts --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true
    -cp "library/target/classes:library/target/test-classes:library/target/lib/*")
  { "${micro[@]}" crema.tensor.GemmBenchmark
    "${micro[@]}" crema.nn.LayerBenchmark; } > "$out/micro.txt" 2>&1 \
    || echo "bench: a micro-benchmark failed, see $out/micro.txt"
  grep -v WARNING "$out/micro.txt" || true
fi

# ------------------------------------------------------------------ the kernel figures (jupyter_client from .venv)
if [ -f bench/kernel/run.py ] && [ -z "${BENCH_ONLY:-}" ]; then
  echo "bench: kernel figures (bench/kernel/run.py)"
  rm -f "$out/kernel.json"
  "$venv_py" bench/kernel/run.py --out "$out/kernel.json" || echo "bench: bench/kernel/run.py failed"
fi

# The load average after the run goes into the report: on a busy shared machine, 2-thread code
# (PyTorch's OpenMP above all) slows down by large, uneven factors and ratios mean little.
"$PY" - "$out/raw/env.json" <<'PYEOF'
import json, sys
p = sys.argv[1]
env = json.load(open(p))
env["load_after"] = " ".join(open("/proc/loadavg").read().split()[:3])
json.dump(env, open(p, "w"))
PYEOF
"$PY" bench/report.py "$out"
