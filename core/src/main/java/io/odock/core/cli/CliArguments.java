package io.odock.core.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line: the command words ({@code keys create}), {@code --flag value} options and {@code --switch}es, in
 * any order. {@code --config FILE} is accepted by every command.
 *
 * @param words    the positional words, in order
 * @param options  options with a value
 * @param switches options without a value
 */
record CliArguments(List<String> words, Map<String, String> options, Set<String> switches) {
    /** Options that never take a value. */
    private static final Set<String> SWITCHES = Set.of("json", "help", "byok", "no-byok", "shadow-budget");

    static CliArguments parse(String... args) {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        Set<String> switches = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) {
                switches.add("help");
            } else if (arg.startsWith("--")) {
                String name = arg.substring(2);
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    options.put(name.substring(0, equals), name.substring(equals + 1));
                } else if (SWITCHES.contains(name)) {
                    switches.add(name);
                } else if (i + 1 < args.length) {
                    options.put(name, args[++i]);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            } else {
                words.add(arg);
            }
        }
        return new CliArguments(List.copyOf(words), Map.copyOf(options), Set.copyOf(switches));
    }

    String word(int index) {
        return index < words.size() ? words.get(index) : "";
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    boolean has(String name) {
        return switches.contains(name);
    }

    /** Refuses options the command does not know, so a typo is not silently ignored. */
    void allowOnly(Set<String> allowed) {
        for (String name : options.keySet()) {
            if (!allowed.contains(name) && !name.equals("config")) {
                throw new UsageException("unknown option --" + name);
            }
        }
        for (String name : switches) {
            if (!allowed.contains(name) && !name.equals("help")) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    /** A mistake in how the command was called; exit code 2 with the usage. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
