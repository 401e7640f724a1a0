#!/usr/bin/env bash
# Builds the Go provider of proto/provider.proto offline, from Debian's Go packages (no module downloads):
# golang, golang-google-grpc-dev, golang-google-protobuf-dev, golang-github-nats-io-go-nats-dev, protobuf-compiler.
# Output: providers/hello-go/bin/hello-go. Usage: scripts/build-providers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# GOPATH mode over Debian's source tree (/usr/share/gocode): nothing is fetched from the network.
export GO111MODULE=off GOFLAGS= GOPROXY=off
export GOPATH="$work/gopath:/usr/share/gocode"
export GOCACHE="${GOCACHE:-$root/providers/.gocache}"

mkdir -p "$work/bin" "$work/gopath/src/mcpgateway"
go build -o "$work/bin/protoc-gen-go" google.golang.org/protobuf/cmd/protoc-gen-go
go build -o "$work/bin/protoc-gen-go-grpc" google.golang.org/grpc/cmd/protoc-gen-go-grpc

# The generated package is mcpgateway/provider/v1 (go_package of proto/provider.proto).
PATH="$work/bin:$PATH" protoc -I proto \
  --go_out="$work/gopath/src" --go-grpc_out="$work/gopath/src" \
  proto/provider.proto

cp -r providers/hello-go "$work/gopath/src/mcpgateway/hello-go"
rm -rf "$work/gopath/src/mcpgateway/hello-go/bin"
mkdir -p providers/hello-go/bin
go vet mcpgateway/hello-go
go build -o providers/hello-go/bin/hello-go mcpgateway/hello-go
echo "built providers/hello-go/bin/hello-go ($(go version | awk '{print $3}'))"
