// Command hello-go is a provider of proto/provider.proto (docs/provider-contract.md) written in Go.
//
//	hello-go --listen 127.0.0.1:PORT [--name hello-go] [--tls-cert server.pem --tls-key server-key.pem [--client-ca ca.pem]]
//
// TOOL_GATEWAY_SHARED_SECRET: calls must carry it as x-gateway-auth metadata. NATS_URL: every event is also published
// to NATS JetStream (stream MCPGW_EVENTS, subject mcpgw.events.<name>).
package main

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	pb "mcpgateway/provider/v1"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

func main() {
	listen := flag.String("listen", "", "address to listen on, e.g. 127.0.0.1:7001 (required)")
	name := flag.String("name", "hello-go", "the provider's name (Capabilities.name, events' source)")
	tlsCert := flag.String("tls-cert", "", "PEM certificate: serve TLS")
	tlsKey := flag.String("tls-key", "", "PEM key of --tls-cert")
	clientCA := flag.String("client-ca", "", "PEM CA: require client certificates it issued (mTLS)")
	flag.Parse()
	if *listen == "" || (*tlsCert == "") != (*tlsKey == "") || (*clientCA != "" && *tlsCert == "") {
		fmt.Fprintln(os.Stderr, "usage: hello-go --listen 127.0.0.1:PORT [--name NAME] [--tls-cert PEM --tls-key PEM [--client-ca PEM]]")
		os.Exit(2)
	}

	options := []grpc.ServerOption{
		grpc.UnaryInterceptor(sharedSecretUnary(os.Getenv("TOOL_GATEWAY_SHARED_SECRET"))),
		grpc.StreamInterceptor(sharedSecretStream(os.Getenv("TOOL_GATEWAY_SHARED_SECRET"))),
	}
	scheme := "http"
	if *tlsCert != "" {
		config, err := serverTLS(*tlsCert, *tlsKey, *clientCA)
		if err != nil {
			fmt.Fprintln(os.Stderr, "hello-go: TLS:", err)
			os.Exit(1)
		}
		options = append(options, grpc.Creds(credentials.NewTLS(config)))
		scheme = "https"
	}

	events := newEvents(*name, os.Getenv("NATS_URL"))
	defer events.Close()
	server := grpc.NewServer(options...)
	pb.RegisterProviderServer(server, &provider{name: *name, events: events})

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hello-go:", err)
		os.Exit(1)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		server.GracefulStop()
	}()

	fmt.Printf("%s listening on %s://%s\n", *name, scheme, listener.Addr())
	if err := server.Serve(listener); err != nil {
		fmt.Fprintln(os.Stderr, "hello-go:", err)
		os.Exit(1)
	}
}

func serverTLS(certFile, keyFile, clientCAFile string) (*tls.Config, error) {
	certificate, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	config := &tls.Config{Certificates: []tls.Certificate{certificate}, MinVersion: tls.VersionTLS12, NextProtos: []string{"h2"}}
	if clientCAFile != "" {
		pem, err := os.ReadFile(clientCAFile)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificate in %s", clientCAFile)
		}
		config.ClientCAs = pool
		config.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return config, nil
}
