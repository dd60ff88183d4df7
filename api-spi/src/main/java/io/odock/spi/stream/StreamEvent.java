package io.odock.spi.stream;

import io.odock.spi.Experimental;
import io.odock.spi.model.Usage;

import java.util.Objects;
import java.util.Optional;

/**
 * What an adapter reports while a streamed answer arrives. A passthrough stream (see
 * {@link io.odock.spi.model.GatewayRequest#passthrough()}) is made of {@link Raw} events, which carry the upstream's
 * own events untouched plus the usage found in them; any other stream is made of the normalized events, which the
 * client's translator turns into its own wire shape.
 */
@Experimental("new event kinds (reasoning deltas, citations) will be added; switch with a default branch")
public sealed interface StreamEvent {

    /**
     * An upstream event in the provider's own wire format, relayed to a client that speaks the same format.
     *
     * @param event the event as it arrived
     * @param usage usage the adapter read from this event, if it carried any
     * @param usageOnly whether the event exists only to report usage (OpenAI's final chunk with empty choices when
     *                  {@code stream_options.include_usage} is set): the host drops it for a client that did not ask
     *                  for usage
     */
    record Raw(SseEvent event, Optional<Usage> usage, boolean usageOnly) implements StreamEvent {
        /** Validates the components. */
        public Raw {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(usage, "usage");
        }

        /** An event without usage. */
        public static Raw of(SseEvent event) {
            return new Raw(event, Optional.empty(), false);
        }
    }

    /**
     * A piece of the answer's text.
     *
     * @param choice which of the answer's choices it belongs to (0 unless the client asked for several)
     * @param text   the new text
     */
    record TextDelta(int choice, String text) implements StreamEvent {
        /** Validates the components. */
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A piece of a tool call. The first delta of a call carries its id and name; later ones add argument text.
     *
     * @param choice            the choice it belongs to
     * @param index             which tool call of that choice
     * @param id                the call's id, on its first delta
     * @param name              the function's name, on its first delta
     * @param argumentsFragment the next piece of the arguments' JSON text
     */
    record ToolCallDelta(int choice, int index, Optional<String> id, Optional<String> name,
                         String argumentsFragment) implements StreamEvent {
        /** Validates the components. */
        public ToolCallDelta {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            argumentsFragment = argumentsFragment == null ? "" : argumentsFragment;
        }
    }

    /**
     * A choice is complete.
     *
     * @param choice     the choice
     * @param stopReason why it stopped, in the vocabulary of {@link io.odock.spi.model.GatewayResponse#stopReason()}
     */
    record Finished(int choice, String stopReason) implements StreamEvent {
        /** Validates the components. */
        public Finished {
            Objects.requireNonNull(stopReason, "stopReason");
        }
    }

    /**
     * The stream's token usage, usually sent once near the end.
     *
     * @param usage the usage
     */
    record UsageReported(Usage usage) implements StreamEvent {
        /** Validates the components. */
        public UsageReported {
            Objects.requireNonNull(usage, "usage");
        }
    }
}
