package io.odock.distribution;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A private copy of the assembled distribution tree in a temporary directory, run through {@code bin/odock} on a free
 * port as an operator would: for tests that change its {@code conf/} and {@code plugins/}.
 */
final class UnpackedDistribution implements AutoCloseable {
    final Path home;
    final int port;
    private final Map<String, String> env;

    /** The output and exit code of one {@code bin/odock} run. */
    record Run(int exitCode, String output) {
    }

    /**
     * Copies the tree.
     *
     * @param env environment every {@code bin/odock} run gets (the variables {@code conf/odock.yaml} references)
     */
    UnpackedDistribution(Map<String, String> env) throws IOException {
        Path dist = Path.of(System.getProperty("odock.distribution.dir"));
        home = Files.createTempDirectory("odock-dist");
        try (Stream<Path> files = Files.walk(dist)) {
            for (Path source : files.toList()) {
                Path target = home.resolve(dist.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Files.setPosixFilePermissions(home.resolve("bin/odock"), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        this.env = Map.copyOf(env);
    }

    Path plugins() {
        return home.resolve("plugins");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Replaces {@code conf/odock.yaml}. */
    void configure(String yaml) throws IOException {
        Files.writeString(home.resolve("conf/odock.yaml"), yaml);
    }

    /** Runs {@code bin/odock} with the given arguments and waits for it. */
    Run odock(String... args) throws IOException, InterruptedException {
        return odock(Map.of(), args);
    }

    /** Runs {@code bin/odock} with more environment for this run only. */
    Run odock(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/odock").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> processEnv = builder.environment();
        processEnv.keySet().removeIf(name -> name.startsWith("ODOCK_"));
        processEnv.put("JAVA_HOME", System.getProperty("java.home"));
        processEnv.put("ODOCK_PORT", Integer.toString(port));
        processEnv.putAll(env);
        processEnv.putAll(extraEnv);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("bin/odock %s finished", String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** The gateway's log so far. */
    String log() throws IOException {
        Path log = home.resolve("logs/odock.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Stops the gateway this copy started, if it still runs (by its pid only), and deletes the copy. */
    @Override
    public void close() throws IOException {
        Path pid = home.resolve("data/odock.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(process -> {
                process.destroy();
                process.onExit().join();
            });
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
