// Package engine holds the optional outside extraction engines, behind one interface: an
// OpenAI-compatible chat endpoint that answers with the canonical order's JSON schema (a local
// llama.cpp, Ollama or vLLM server), and Azure AI Document Intelligence, which replaces only the
// OCR and hands its words to our own layout engine.
//
// # Off by default
//
// The built-in engine (package extract and extract/layout, with poppler and Tesseract) needs no
// network and no account, and stays the default. An outside engine runs only when it is
// configured: FromConfig returns none for a zero Config. The intended wiring, in app's
// readLayout, is a fallback:
//
//  1. read the document with the built-in reader and layout engine, as today;
//  2. when that fails with CodeInvalid (no table found, no text), or leaves a field under the
//     review threshold (0.90), try the engines of FromConfig in order, with NewInput(name,
//     content type, content, the built-in reader's layout);
//  3. keep an engine's draft only when it has no fewer lines than the built-in one, and add a note
//     saying which engine read it; on CodeUnavailable keep the built-in result (or snooze the
//     job, for RetryAfter(err)); never let an engine's error hide the built-in draft.
//
// A draft from an engine is never sure: the chat engine gives every field a confidence of
// OpenAIConfig.Confidence (0.85 by default, under the 0.90 threshold), so a person reviews it.
// Azure's words carry their own OCR confidence, and the layout engine scores fields from it as it
// does for Tesseract's.
//
// # Errors
//
// Both engines sort failures the way jobs need them (STYLE.md §4):
//   - CodeUnavailable: no connection, our timeout, HTTP 408, 429 or 5xx, an Azure analysis that
//     was canceled or not finished after AzureConfig.MaxPolls polls. RetryAfter returns the wait
//     that the service asked for (Retry-After, retry-after-ms), for river.JobSnooze.
//   - CodeInvalid: an answer that is not a canonical order (extract.DecodeJSON's faults), a draft
//     that breaks extract.CheckDraft (its faults), a model's refusal or an answer cut at the token
//     limit, a document that Azure could not analyze (its message).
//   - CodeTooLarge: a document, a text or an answer past the configured size limits.
//   - Anything else (HTTP 401, 403, 404: a wrong key, model or endpoint) is an internal error
//     that names the status and the service's message. Redirects are refused, so that a key is
//     never sent to another host, and Azure's Operation-Location must be on the endpoint's host.
//
// API keys are of type Secret, which prints, logs and marshals as "[redacted]"; no error message
// carries one.
//
// # Tests
//
// The tests never call a live service. They replay recorded exchanges, testdata/recorded/
// *.recorded.json, written by hand in the shape of the real APIs (testdata/README.md says where
// each shape comes from), from an httptest server that also checks every request it receives.
package engine
