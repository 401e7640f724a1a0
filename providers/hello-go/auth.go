package main

import (
	"context"
	"crypto/subtle"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// checkSecret refuses a call without the gateway's shared secret in x-gateway-auth (when one is configured).
func checkSecret(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	presented := ""
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		if values := md.Get("x-gateway-auth"); len(values) > 0 {
			presented = values[0]
		}
	}
	if subtle.ConstantTimeCompare([]byte(presented), []byte(secret)) != 1 {
		return status.Error(codes.Unauthenticated, "missing or wrong x-gateway-auth")
	}
	return nil
}

func sharedSecretUnary(secret string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req interface{}, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (interface{}, error) {
		if err := checkSecret(ctx, secret); err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

func sharedSecretStream(secret string) grpc.StreamServerInterceptor {
	return func(srv interface{}, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if err := checkSecret(ss.Context(), secret); err != nil {
			return err
		}
		return handler(srv, ss)
	}
}
