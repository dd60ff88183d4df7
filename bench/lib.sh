# Shared by bench/run and bench/soak (sourced, not run): tools, the built distribution, a scratch directory cleaned up
# on exit, the fake upstreams, and Odock configured and started as a user runs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
for tool in wrk nginx node taskset chrt curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk nginx-light nodejs util-linux curl)" >&2; exit 1; }
done
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
DIST=$(ls -d "$ROOT"/distribution/target/odock-*/ 2>/dev/null | grep -v '\.tar' | head -1)
if [ -z "$DIST" ]; then
  echo "bench: no built distribution; run: mvn -B -q package -DskipTests" >&2
  exit 1
fi

WORK=$(mktemp -d /tmp/odock-bench.XXXXXX)
PIDS=()
cleanup() {
  # bin/odock stop waits for the drain, so the gateway is gone before its directory is.
  [ -f "$WORK/odock/data/odock.pid" ] && (cd "$WORK/odock" && ODOCK_STOP_TIMEOUT=40 bin/odock stop >/dev/null 2>&1) || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT

# The fake upstreams, on CPU 0: 0 ms and 50 ms before answering; a stream with 2 ms between its 24 events.
start_fakes() {
  taskset -c 0 node bench/fake-upstream.mjs 9101 0 0 & PIDS+=($!)
  taskset -c 0 node bench/fake-upstream.mjs 9102 50 0 & PIDS+=($!)
  taskset -c 0 node bench/fake-upstream.mjs 9103 0 2 & PIDS+=($!)
}

# Odock as a user runs it: keys checked, a rate limit, a token limit and a budget on the key, priced models.
install_odock() {
  cp -r "$DIST" "$WORK/odock"
  cat > "$WORK/odock/conf/odock.yaml" <<YAML
server: { host: 127.0.0.1, port: 9300 }
admin: { token: "bench-admin-token-0123456789" }
providers:
  - { id: fast, type: openai, baseUrl: "http://127.0.0.1:9101/v1", apiKey: "sk-bench" }
  - { id: slow, type: openai, baseUrl: "http://127.0.0.1:9102/v1", apiKey: "sk-bench" }
  - { id: streaming, type: openai, baseUrl: "http://127.0.0.1:9103/v1", apiKey: "sk-bench" }
models:
  - { name: bench-0, deployments: [ { provider: fast, model: gpt-4o-mini } ], pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 } }
  - { name: bench-50, deployments: [ { provider: slow, model: gpt-4o-mini } ], pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 } }
  - { name: bench-stream, deployments: [ { provider: streaming, model: gpt-4o-mini } ], pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 } }
plugins: { dir: plugins }
YAML
}

# Starts Odock on CPU 1 and prints how long `bin/odock start` took to return (it returns once /readyz answers).
start_odock() {
  local started
  started=$(date +%s%N)
  (cd "$WORK/odock" && ODOCK_PORT=9300 taskset -c 1 bin/odock start >/dev/null)
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}
stop_odock() { (cd "$WORK/odock" && bin/odock stop >/dev/null); }
odock_pid() { cat "$WORK/odock/data/odock.pid"; }

# A key with a requests-per-minute limit, a tokens-per-minute limit and a monthly budget, none of them reached.
create_key() {
  local key
  key=$(cd "$WORK/odock" && bin/odock keys create --name bench --rpm 100000000 --tpm 1000000000 \
    --budget 1000000 --budget-period monthly --json | grep -o '"key":"[^"]*"' | cut -d'"' -f4)
  [ -n "$key" ] || { echo "bench: could not create a key" >&2; exit 1; }
  echo "$key"
}

# The flags the gateway really runs with (conf/jvm.options plus bin/odock's choices), for the report.
jvm_flags() {
  tr '\0' '\n' < "/proc/$1/cmdline" | grep -E '^-X' | sed "s|$WORK/odock/||" | tr '\n' ' ' | sed 's/ $//'
}

# The gateway's CPU scheduling policy (bin/odock sets batch unless ODOCK_CPU_SCHEDULING=other), for the report.
sched_policy() { chrt -p "$1" | awk -F': ' '/policy/ {print $2}'; }

TICKS=$(getconf CLK_TCK)
cpu_ticks() { # user+system ticks of the given pids
  local total=0
  for pid in "$@"; do
    read -r -a stat < "/proc/$pid/stat"
    total=$(( total + stat[13] + stat[14] ))
  done
  echo "$total"
}
machine_line() {
  echo "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
}
