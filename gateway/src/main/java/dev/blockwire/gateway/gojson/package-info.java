/**
 * Go's {@code encoding/json} (and the {@code strconv.Quote} its errors print with), ported for the
 * dialects whose wire is written by Go servers: geth ({@code gateway.eth}) and flow-go
 * ({@code gateway.flow}). {@link dev.blockwire.gateway.gojson.GoJson} is the one entry point; the
 * scanner state machine, the value tree and the quoting live beside it.
 */
package dev.blockwire.gateway.gojson;
