package io.odock.core.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The usage table's JSON columns written straight to text. The writer thread makes them for every call, and building
 * a tree first (or converting a map to one) cost three times the bytes: {@code UsageRowBenchmark}.
 */
final class JsonColumns {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonColumns() {
    }

    /** What a column holds, written on a generator. */
    interface Content {
        void writeTo(JsonGenerator json) throws IOException;
    }

    static String text(Content content) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            content.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** An object of strings, its keys sorted so equal maps make equal text. */
    static String sortedObject(Map<String, String> values) {
        return text(json -> {
            json.writeStartObject();
            for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
        });
    }

    /** An array of strings. */
    static String array(List<String> values) {
        return text(json -> writeStrings(json, values));
    }

    /** Writes an array of strings where the generator stands (a value, or after a field name). */
    static void writeStrings(JsonGenerator json, List<String> values) throws IOException {
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
