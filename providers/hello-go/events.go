package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	pb "mcpgateway/provider/v1"

	"github.com/nats-io/nats.go"
)

const (
	natsStream        = "MCPGW_EVENTS"
	natsSubjectPrefix = "mcpgw.events."
	subscriberBuffer  = 1024
)

// events fans each CloudEvent out to the open Stream calls (a bounded buffer each; a subscriber that does not read
// loses events rather than blocking calls) and, with NATS_URL set, publishes it to NATS JetStream with the event id
// as Nats-Msg-Id.
type events struct {
	source      string
	mu          sync.Mutex
	subscribers map[chan *pb.CloudEvent]struct{}
	outbox      chan *pb.CloudEvent
	done        chan struct{}
}

func newEvents(source, natsURL string) *events {
	e := &events{source: source, subscribers: map[chan *pb.CloudEvent]struct{}{}, done: make(chan struct{})}
	if natsURL != "" {
		e.outbox = make(chan *pb.CloudEvent, 10000)
		go e.publishToNats(natsURL)
	}
	return e
}

func (e *events) Publish(eventType, subject, correlationID string, data map[string]interface{}) {
	payload, _ := json.Marshal(data)
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	event := &pb.CloudEvent{
		Id:              hex.EncodeToString(id),
		Source:          e.source,
		SpecVersion:     "1.0",
		Type:            eventType,
		Subject:         subject,
		Time:            time.Now().UTC().Format(time.RFC3339Nano),
		DataContentType: "application/json",
		DataJson:        string(payload),
		CorrelationId:   correlationID,
	}
	e.mu.Lock()
	for subscriber := range e.subscribers {
		select {
		case subscriber <- event:
		default:
		}
	}
	e.mu.Unlock()
	if e.outbox != nil {
		select {
		case e.outbox <- event:
		default:
			fmt.Fprintln(os.Stderr, "hello-go: the NATS outbox is full; an event is dropped")
		}
	}
}

func (e *events) Subscribe() chan *pb.CloudEvent {
	subscription := make(chan *pb.CloudEvent, subscriberBuffer)
	e.mu.Lock()
	e.subscribers[subscription] = struct{}{}
	e.mu.Unlock()
	return subscription
}

func (e *events) Unsubscribe(subscription chan *pb.CloudEvent) {
	e.mu.Lock()
	delete(e.subscribers, subscription)
	e.mu.Unlock()
}

func (e *events) Close() { close(e.done) }

// toJSON is the structured JSON form of a CloudEvent (CloudEvents JSON format 1.0).
func toJSON(event *pb.CloudEvent) []byte {
	var data interface{}
	_ = json.Unmarshal([]byte(event.DataJson), &data)
	body, _ := json.Marshal(map[string]interface{}{
		"specversion": event.SpecVersion, "id": event.Id, "source": event.Source, "type": event.Type,
		"subject": event.Subject, "time": event.Time, "datacontenttype": event.DataContentType,
		"data": data, "correlationid": event.CorrelationId,
	})
	return body
}

// publishToNats delivers at least once: each event is retried until JetStream acknowledges it.
func (e *events) publishToNats(url string) {
	connection, err := nats.Connect(url, nats.MaxReconnects(-1))
	for err != nil {
		fmt.Fprintln(os.Stderr, "hello-go: NATS:", err)
		select {
		case <-e.done:
			return
		case <-time.After(time.Second):
		}
		connection, err = nats.Connect(url, nats.MaxReconnects(-1))
	}
	defer connection.Close()
	streamReady := false
	for {
		select {
		case <-e.done:
			return
		case event := <-e.outbox:
			for {
				if err := publish(connection, event, &streamReady); err == nil {
					break
				} else {
					fmt.Fprintln(os.Stderr, "hello-go: publishing to NATS failed, retrying:", err)
				}
				select {
				case <-e.done:
					return
				case <-time.After(time.Second):
				}
			}
		}
	}
}

// publish sends one event; the stream is looked up (and created when missing) once per connection.
func publish(connection *nats.Conn, event *pb.CloudEvent, streamReady *bool) error {
	jetStream, err := connection.JetStream()
	if err != nil {
		return err
	}
	if !*streamReady {
		if _, err := jetStream.StreamInfo(natsStream); err != nil {
			if _, err := jetStream.AddStream(&nats.StreamConfig{Name: natsStream, Subjects: []string{natsSubjectPrefix + ">"}}); err != nil {
				return err
			}
		}
		*streamReady = true
	}
	_, err = jetStream.Publish(natsSubjectPrefix+event.Source, toJSON(event), nats.MsgId(event.Id))
	return err
}
