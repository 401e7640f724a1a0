package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"

	pb "mcpgateway/provider/v1"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const (
	echoTool    = "echo.v1"
	sumTool     = "sum.v1"
	greetingURI = "hello://greeting"
	greeting    = "Hello, MCP"
	planPrompt  = "hello-plan"
)

type provider struct {
	pb.UnimplementedProviderServer
	name   string
	events *events
}

func yes() *bool { v := true; return &v }
func no() *bool  { v := false; return &v }

func (p *provider) ListCapabilities(ctx context.Context, req *pb.ListCapabilitiesRequest) (*pb.Capabilities, error) {
	annotations := &pb.ToolAnnotations{ReadOnly: yes(), Destructive: no(), Idempotent: yes(), OpenWorld: no()}
	return &pb.Capabilities{
		Name:            p.name,
		Version:         "1.0.0",
		ResourceSchemes: []string{"hello"},
		Tools: []*pb.ToolDefinition{
			{
				Name:             echoTool,
				Title:            "Echo",
				Description:      "Returns the given message unchanged, as text and as structured content {\"message\": ...}.",
				InputSchemaJson:  `{"type":"object","properties":{"message":{"type":"string","description":"The text to echo back."}},"required":["message"],"additionalProperties":false}`,
				OutputSchemaJson: `{"type":"object","properties":{"message":{"type":"string","description":"The echoed message."}},"required":["message"]}`,
				Annotations:      annotations,
			},
			{
				Name:             sumTool,
				Title:            "Sum",
				Description:      "Adds the given numbers with exact decimal arithmetic and returns the total (e.g. [1.5, 2] gives 3.5).",
				InputSchemaJson:  `{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"},"description":"The numbers to add; an empty list sums to 0."}},"required":["numbers"],"additionalProperties":false}`,
				OutputSchemaJson: `{"type":"object","properties":{"sum":{"type":"number","description":"The total of the numbers."}},"required":["sum"]}`,
				Annotations:      annotations,
			},
		},
		Resources: []*pb.ResourceDefinition{
			{Uri: greetingURI, Name: "greeting", Title: "Greeting", Description: "A short plain-text greeting.", MimeType: "text/plain"},
		},
		Prompts: []*pb.PromptDefinition{
			{
				Name:        planPrompt,
				Title:       "Greeting plan",
				Description: "Asks the model to make a plan for greeting someone.",
				Arguments:   []*pb.PromptArgument{{Name: "name", Description: "Who should be greeted.", Required: true}},
			},
		},
	}, nil
}

func (p *provider) Invoke(ctx context.Context, req *pb.InvokeRequest) (*pb.InvokeResponse, error) {
	arguments, err := parseArguments(req.ArgumentsJson)
	if err != nil {
		return nil, err
	}
	var response *pb.InvokeResponse
	switch req.Tool {
	case echoTool:
		response, err = echo(arguments)
	case sumTool:
		response, err = sum(arguments)
	default:
		return nil, status.Errorf(codes.NotFound, "unknown tool '%s'", req.Tool)
	}
	if err != nil {
		return nil, err
	}
	userID := ""
	if req.Caller != nil {
		userID = req.Caller.UserId
	}
	p.events.Publish("io.mcpgateway.provider.invoked", req.Tool, req.CorrelationId,
		map[string]interface{}{"tool": req.Tool, "user_id": userID, "is_error": response.IsError})
	return response, nil
}

func (p *provider) ReadResource(ctx context.Context, req *pb.ReadResourceRequest) (*pb.ReadResourceResponse, error) {
	if req.Uri != greetingURI {
		return nil, status.Errorf(codes.NotFound, "unknown resource '%s'", req.Uri)
	}
	return &pb.ReadResourceResponse{Contents: []*pb.ResourceContents{
		{Uri: greetingURI, MimeType: "text/plain", Body: &pb.ResourceContents_Text{Text: greeting}},
	}}, nil
}

func (p *provider) GetPrompt(ctx context.Context, req *pb.GetPromptRequest) (*pb.GetPromptResponse, error) {
	if req.Name != planPrompt {
		return nil, status.Errorf(codes.NotFound, "unknown prompt '%s'", req.Name)
	}
	name := req.Arguments["name"]
	if name == "" {
		return nil, status.Error(codes.InvalidArgument, "argument 'name' is required")
	}
	return &pb.GetPromptResponse{
		Description: "A plan to greet " + name,
		Messages: []*pb.PromptMessage{
			{Role: "user", Content: &pb.Content{Kind: &pb.Content_Text{Text: "Make a plan to greet " + name + "."}}},
		},
	}, nil
}

func (p *provider) Stream(req *pb.StreamRequest, stream pb.Provider_StreamServer) error {
	subscription := p.events.Subscribe()
	defer p.events.Unsubscribe(subscription)
	for {
		select {
		case <-stream.Context().Done():
			return nil
		case event := <-subscription:
			if err := stream.Send(event); err != nil {
				return err
			}
		}
	}
}

func parseArguments(text string) (map[string]json.RawMessage, error) {
	if text == "" {
		text = "{}"
	}
	var arguments map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &arguments); err != nil || arguments == nil {
		return nil, status.Error(codes.InvalidArgument, "arguments must be a JSON object")
	}
	return arguments, nil
}

func echo(arguments map[string]json.RawMessage) (*pb.InvokeResponse, error) {
	var message string
	raw, ok := arguments["message"]
	if !ok || json.Unmarshal(raw, &message) != nil || bytes.TrimSpace(raw)[0] != '"' {
		return nil, status.Error(codes.InvalidArgument, "'message' must be a string")
	}
	structured, _ := json.Marshal(map[string]string{"message": message})
	return &pb.InvokeResponse{
		Content:               []*pb.Content{{Kind: &pb.Content_Text{Text: message}}},
		StructuredContentJson: string(structured),
	}, nil
}

func sum(arguments map[string]json.RawMessage) (*pb.InvokeResponse, error) {
	raw, ok := arguments["numbers"]
	if !ok {
		return nil, status.Error(codes.InvalidArgument, "'numbers' must be an array of numbers")
	}
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	var items []interface{}
	if err := decoder.Decode(&items); err != nil {
		return nil, status.Error(codes.InvalidArgument, "'numbers' must be an array of numbers")
	}
	total := new(big.Rat)
	for _, item := range items {
		number, ok := item.(json.Number)
		if !ok {
			return nil, status.Error(codes.InvalidArgument, "'numbers' must hold numbers")
		}
		value, ok := new(big.Rat).SetString(string(number))
		if !ok {
			return nil, status.Error(codes.InvalidArgument, "'numbers' must hold numbers")
		}
		total.Add(total, value)
	}
	text := decimal(total)
	return &pb.InvokeResponse{
		Content:               []*pb.Content{{Kind: &pb.Content_Text{Text: text}}},
		StructuredContentJson: fmt.Sprintf(`{"sum":%s}`, text),
	}, nil
}

// decimal writes an exact decimal (a sum of decimals always is one) in its shortest form: 6, 3.5, -0.25.
func decimal(value *big.Rat) string {
	for precision := 0; precision < 400; precision++ {
		text := value.FloatString(precision)
		if back, ok := new(big.Rat).SetString(text); ok && back.Cmp(value) == 0 {
			return text
		}
	}
	return value.FloatString(400)
}
