package io.odock.core.mcp;

import io.odock.core.config.McpServerConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A local MCP server process: one JSON-RPC message per line on its standard input and output. */
final class StdioChannel implements MessageChannel {
    private final Process process;
    private final OutputStream in;

    private StdioChannel(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
    }

    /** Opens channels by starting the server's command, with its environment, once per session. */
    static MessageChannel.Opener opener(McpServerConfig server) {
        return (onMessage, onEnd) -> {
            ProcessBuilder builder = new ProcessBuilder(server.command());
            builder.environment().putAll(server.env());
            // The server's own logs go to the gateway's error output, never into the protocol stream.
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            StdioChannel channel = new StdioChannel(builder.start());
            Thread.ofVirtual().name("odock-mcp-" + server.id()).start(() -> channel.read(onMessage, onEnd));
            return channel;
        };
    }

    private void read(Consumer<String> onMessage, Runnable onEnd) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.isBlank()) {
                    onMessage.accept(line);
                }
            }
        } catch (IOException e) {
            // The process ended or its output was closed.
        } finally {
            onEnd.run();
        }
    }

    @Override
    public void send(byte[] message) throws IOException {
        in.write(message);
        in.write('\n');
        in.flush();
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
