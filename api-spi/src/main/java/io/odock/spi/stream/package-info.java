/**
 * Streaming: upstream Server-Sent Events read by adapters ({@link io.odock.spi.stream.SseReader}), the events
 * adapters hand to the host ({@link io.odock.spi.stream.StreamEvent}), and the sink translators write client events
 * to ({@link io.odock.spi.stream.SseSink}).
 */
package io.odock.spi.stream;
