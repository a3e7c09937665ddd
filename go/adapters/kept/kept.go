// Package kept stores another program's messages in sessionstore and gives
// them back exactly: each message is appended as a sessionstore message
// (read from the shape its fields follow, so that every tool sees the
// conversation) with the original JSON kept beside it under a member named
// for its program, and read back from that member. A message some other
// program wrote (without the member) is given in the shape asked for.
//
// Used by the adapters of the stores sessionstore replaces.
package kept

import (
	"encoding/json"
	"fmt"

	"sessionstore/go/sessionstore"
)

// Codec keeps messages of one program.
type Codec struct {
	Member string // the message member holding the original: "picoclaw_message"
	Shape  string // the shape the originals follow: "openai-chat"
	// For a program whose messages follow no shape the library writes: a
	// native message another program wrote, in the program's own JSON.
	FromNative func(native []byte) ([]byte, error)
}

// Native is original as a sessionstore message with original kept in it:
// the JSON to append. A message without content (an assistant turn that
// only thinks, say) gets one empty text block, which every shape reads as
// nothing.
func (c Codec) Native(original []byte) (json.RawMessage, error) {
	converted, err := sessionstore.ConvertMessage(original, c.Shape, "native")
	var message map[string]json.RawMessage
	if err == nil {
		var out struct {
			Request struct {
				Messages []map[string]json.RawMessage `json:"messages"`
			} `json:"request"`
		}
		if err := json.Unmarshal(converted, &out); err != nil {
			return nil, err
		}
		if len(out.Request.Messages) != 1 {
			return nil, fmt.Errorf("%s: not one message: %s", c.Member, original)
		}
		message = out.Request.Messages[0]
	} else {
		var fields struct {
			Role string `json:"role"`
		}
		if json.Unmarshal(original, &fields) != nil || fields.Role == "" {
			return nil, err
		}
		role, _ := json.Marshal(fields.Role)
		message = map[string]json.RawMessage{"role": role, "content": json.RawMessage(`[{"type":"text","text":""}]`)}
	}
	message[c.Member] = json.RawMessage(original)
	return json.Marshal(message)
}

// Keep is native (a sessionstore message the caller built) with original
// kept in it: the JSON to append.
func (c Codec) Keep(native map[string]any, original []byte) (json.RawMessage, error) {
	native[c.Member] = json.RawMessage(original)
	return json.Marshal(native)
}

// Originals are the originals of native messages (as a context's
// request.messages holds them), decoded into T; messages without one are
// converted to the codec's shape first.
func Originals[T any](c Codec, messages []json.RawMessage) ([]T, error) {
	out := make([]T, 0, len(messages))
	for _, m := range messages {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(m, &fields); err != nil {
			return nil, err
		}
		raw, ok := fields[c.Member]
		if !ok && c.FromNative != nil {
			var err error
			if raw, err = c.FromNative(m); err != nil {
				return nil, err
			}
			ok = true
		}
		if !ok {
			converted, err := sessionstore.ConvertMessage(m, "native", c.Shape)
			if err != nil {
				return nil, err
			}
			var shaped struct {
				Request struct {
					Messages []json.RawMessage `json:"messages"`
				} `json:"request"`
			}
			if err := json.Unmarshal(converted, &shaped); err != nil {
				return nil, err
			}
			for _, s := range shaped.Request.Messages {
				var v T
				if err := json.Unmarshal(s, &v); err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			continue
		}
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Context is the native messages of the session's context, without the
// summary a compaction opens it with (the stores adapted keep summaries
// apart from messages), and that summary.
func Context(s *sessionstore.Store, id string) ([]json.RawMessage, string, error) {
	raw, err := s.Context(id, nil)
	if err != nil {
		return nil, "", err
	}
	var ctx struct {
		Compaction string `json:"compaction"`
		Summary    string `json:"summary"`
		Request    struct {
			Messages []json.RawMessage `json:"messages"`
		} `json:"request"`
		Repairs []struct {
			Kind   string `json:"kind"`
			CallID string `json:"call_id"`
		} `json:"repairs"`
	}
	if err := json.Unmarshal(raw, &ctx); err != nil {
		return nil, "", err
	}
	messages := ctx.Request.Messages
	if ctx.Compaction != "" && len(messages) > 0 {
		messages = messages[1:]
	}
	// Results the context made up for calls without one are not messages
	// of the session: leave them out.
	synthetic := map[string]bool{}
	for _, r := range ctx.Repairs {
		if r.Kind == "interrupted_tool_call" {
			synthetic[r.CallID] = true
		}
	}
	if len(synthetic) == 0 {
		return messages, ctx.Summary, nil
	}
	kept := messages[:0:0]
	for _, m := range messages {
		var native struct {
			Content []struct {
				Type   string `json:"type"`
				CallID string `json:"call_id"`
			} `json:"content"`
		}
		made := json.Unmarshal(m, &native) == nil && len(native.Content) > 0
		for _, b := range native.Content {
			made = made && b.Type == "tool_result" && synthetic[b.CallID]
		}
		if !made {
			kept = append(kept, m)
		}
	}
	return kept, ctx.Summary, nil
}
