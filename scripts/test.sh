#!/usr/bin/env bash
# Runs every test of McpGateway on a fresh machine: installs what the tests need, builds, runs all test projects.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

# Installs Debian packages non-interactively (through sudo when not root).
apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Node.js peers: the reference MCP servers and the Node SDK clients the tests talk to.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "installing Node.js and npm (Debian packages)"
  apt_install nodejs npm
fi

# PostgreSQL server binaries: the tests start a private server from /usr/lib/postgresql/<major>/bin (or PG_BIN_DIR).
if [ -z "${PG_BIN_DIR:-}" ] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  log "installing the PostgreSQL server (Debian package postgresql)"
  apt_install postgresql
fi

# nginx: the cluster tests put the ingress of compose.yaml (deploy/nginx.conf) in front of three local nodes.
if [ -z "${NGINX_BIN:-}" ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  log "installing nginx (Debian package nginx-light)"
  apt_install nginx-light
fi

# Go, its gRPC and NATS libraries and protoc: scripts/build-providers.sh builds the Go provider (providers/hello-go)
# offline from them; nats-server runs the event tests (NATS JetStream).
if ! command -v go >/dev/null 2>&1 || ! command -v protoc >/dev/null 2>&1 || ! command -v nats-server >/dev/null 2>&1 \
  || [ ! -d /usr/share/gocode/src/google.golang.org/grpc ] || [ ! -d /usr/share/gocode/src/google.golang.org/protobuf ] \
  || [ ! -d /usr/share/gocode/src/github.com/nats-io/nats.go ]; then
  log "installing Go, gRPC-Go, protobuf-go, nats.go, protoc and nats-server (Debian packages)"
  apt_install golang golang-google-grpc-dev golang-google-protobuf-dev golang-github-nats-io-go-nats-dev protobuf-compiler nats-server
fi

# Chromium: tests/Dashboard.Tests drive the operator dashboard in headless Debian chromium through Playwright (no
# browser download; CHROMIUM_PATH names another binary).
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  log "installing Chromium (Debian package chromium)"
  apt_install chromium
fi

log "building the Go provider (scripts/build-providers.sh)"
scripts/build-providers.sh

log "npm ci in tests/node"
(cd tests/node && npm ci --no-audit --no-fund --loglevel=error)

log "dotnet build"
dotnet build McpGateway.sln -c Release --nologo -v quiet -clp:ErrorsOnly

# A project's outcome lines, and each failed test with the first lines of its error message (what a flaky test said).
summary() {
  awk '/^(Passed|Failed)!/ || /^[ \t]+Failed / { print; next } /Error Message:/ { print; n = 3; next } n > 0 { print; n-- }' "$1" || true
}

log "dotnet test"
results=$(mktemp)
# The conformance test (McpGateway.Edge.Tests) writes the summary of the official MCP conformance suite here.
export MCPGW_CONFORMANCE_SUMMARY
MCPGW_CONFORMANCE_SUMMARY=$(mktemp)
status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "-- $name"
  out=$(mktemp)
  set +e
  dotnet test "$project" -c Release --no-build --nologo --blame-hang-timeout 5m "$@" >"$out" 2>&1
  rc=$?
  set -e
  summary "$out"
  if [ $rc -ne 0 ]; then
    # A test that fails once is run once more, alone, and reported as flaky when it then passes (the list below is
    # printed either way; a flaky test is a defect to fix, not to hide). The project fails if any fails again.
    failed_tests=$(grep -Eo '^\s+Failed [A-Za-z0-9_.]+' "$out" | awk '{print $2}' | sort -u || true)
    if [ -n "$failed_tests" ] && [ "$(echo "$failed_tests" | wc -l)" -le 10 ]; then
      filter=$(echo "$failed_tests" | sed 's/^/FullyQualifiedName=/' | paste -sd'|')
      echo "   re-running the failed tests once:"
      echo "$failed_tests" | sed 's/^/     /'
      retry=$(mktemp)
      set +e
      dotnet test "$project" -c Release --no-build --nologo --blame-hang-timeout 5m --filter "$filter" >"$retry" 2>&1
      retry_rc=$?
      set -e
      summary "$retry"
      if [ $retry_rc -eq 0 ]; then
        echo "   FLAKY (failed once, passed on the re-run):"
        echo "$failed_tests" | sed 's/^/     /'
        # Count the project as its first run minus the failures the re-run cleared.
        sed -i -E 's/^(Failed!.*Failed: +)[0-9]+/\10/' "$out"
        grep -E '^(Passed|Failed)!' "$retry" >>"$out" || true
        rc=0
      fi
      rm -f "$retry"
    fi
  fi
  if [ $rc -ne 0 ]; then
    status=1
    echo "   (exit code $rc; last lines of its output follow)"
    tail -n 60 "$out"
  fi
  cat "$out" >>"$results"
  rm -f "$out"
done

passed=$(grep -Eo 'Passed: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
if [ "$passed" -eq 0 ]; then status=1; fi
if [ "$failed" -gt 0 ]; then status=1; fi
if [ -s "$MCPGW_CONFORMANCE_SUMMARY" ]; then
  log "MCP conformance suite (@modelcontextprotocol/conformance, server scenarios)"
  cat "$MCPGW_CONFORMANCE_SUMMARY"
fi
echo
echo "Total: $passed passed, $failed failed"
rm -f "$results" "$MCPGW_CONFORMANCE_SUMMARY"
exit $status
