#!/usr/bin/env bash
# Profiles the Crema half of one workload with Java Flight Recorder and summarises it:
#   bench/profile.sh lenet            (after bench/run.sh has built target/bench)
# Same environment as bench/run.sh (BENCH_BLAS_THREADS, BENCH_OPENBLAS_CORETYPE, BENCH_JVM_OPTS).
set -euo pipefail
cd "$(dirname "$0")/.."
w=${1:?usage: bench/profile.sh WORKLOAD}
out=target/bench
[ -f "$out/classpath.txt" ] || { echo "profile.sh: run bench/run.sh first (it builds target/bench)" >&2; exit 1; }
JAVA_HOME=$(install/find-jdk.sh)
export JAVA_HOME
export OPENBLAS_NUM_THREADS=${BENCH_BLAS_THREADS:-1}
unset OPENBLAS_CORETYPE
core_type=${BENCH_OPENBLAS_CORETYPE:-$("$JAVA_HOME/bin/java" -cp kernel/target/crema-kernel.jar crema.kernel.exec.OpenBlasCore)}
if [ -n "$core_type" ]; then export OPENBLAS_CORETYPE=$core_type; fi
mkdir -p "$out/profile"
rec="$out/profile/$w.jfr"
jvm_opts=${BENCH_JVM_OPTS:-"-Xmx512m -XX:+UseParallelGC"}
# shellcheck disable=SC2086 # the options are a word list
"$JAVA_HOME/bin/java" $jvm_opts --enable-native-access=ALL-UNNAMED \
  -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints "-XX:StartFlightRecording=filename=$rec,settings=profile,jdk.ExecutionSample#period=10ms,jdk.NativeMethodSample#period=10ms" \
  -Djava.awt.headless=true -Dcrema.bench.config=bench/workloads.json -Dcrema.bench.logs=$out/compile \
  -cp "$(cat "$out/classpath.txt"):$out/classes" crema.bench.Bench train "$w" --out "$out/profile/$w.json" 2>&1 \
  | grep -v -e '^WARNING' -e 'Started recording' -e 'Use jcmd' || true
/usr/bin/python3 bench/profile.py "$rec" | tee "$out/profile/$w.txt"
