package io.odock.core.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BufferedRollingFileAppenderTest {
    private final LoggerContext context = new LoggerContext();
    @TempDir
    Path dir;

    BufferedRollingFileAppenderTest() {
        // A context of its own, not the tests' logging; logback's configurator would set its MDC adapter.
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stopLogging() {
        context.stop();
    }

    private BufferedRollingFileAppender<ILoggingEvent> appender(Duration flushInterval, FileSize bufferSize) {
        BufferedRollingFileAppender<ILoggingEvent> appender = new BufferedRollingFileAppender<>();
        appender.setContext(context);
        appender.setName("ACCESS");
        appender.setFile(dir.resolve("access.log").toString());
        appender.setFlushInterval(flushInterval);
        if (bufferSize != null) {
            appender.setBufferSize(bufferSize);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        TimeBasedRollingPolicy<ILoggingEvent> rolling = new TimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(dir.resolve("access.%d{yyyy-MM-dd}.log.gz").toString());
        rolling.start();
        appender.setRollingPolicy(rolling);
        return appender;
    }

    private Logger loggerWith(BufferedRollingFileAppender<ILoggingEvent> appender) {
        appender.start();
        Logger logger = context.getLogger("odock.access");
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    private List<String> lines() throws IOException {
        Path file = dir.resolve("access.log");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void linesWaitInTheBufferUntilLoggingStops() throws Exception {
        Logger log = loggerWith(appender(Duration.buildByHours(1), null));

        log.info("first");
        log.info("second");
        Thread.sleep(200);
        assertThat(lines()).as("nothing written per line").isEmpty();

        context.stop();
        assertThat(lines()).containsExactly("first", "second");
    }

    @Test
    void linesReachTheFileWithinTheFlushIntervalWithoutMoreLines() throws Exception {
        Logger log = loggerWith(appender(Duration.buildByMilliseconds(100), null));

        log.info("{\"request_id\":\"one\"}");
        log.info("{\"request_id\":\"two\"}");

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (lines().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lines()).containsExactly("{\"request_id\":\"one\"}", "{\"request_id\":\"two\"}");
    }

    @Test
    void aFullBufferIsWrittenWithoutWaitingForTheInterval() throws Exception {
        Logger log = loggerWith(appender(Duration.buildByHours(1), new FileSize(1024)));

        for (int i = 0; i < 100; i++) {
            log.info("line {} of a hundred, long enough to fill a kilobyte soon", i);
        }

        assertThat(lines()).hasSizeGreaterThan(50).first().isEqualTo("line 0 of a hundred, long enough to fill a kilobyte soon");
        context.stop();
        assertThat(lines()).hasSize(100);
    }

    @Test
    void immediateFlushWritesEveryLineAtOnce() throws Exception {
        BufferedRollingFileAppender<ILoggingEvent> appender = appender(Duration.buildByHours(1), null);
        appender.setImmediateFlush(true);
        Logger log = loggerWith(appender);

        log.info("at once");

        assertThat(lines()).containsExactly("at once");
    }

    @Test
    void aFlushIntervalThatIsNotPositiveKeepsTheAppenderFromStarting() {
        BufferedRollingFileAppender<ILoggingEvent> appender = appender(Duration.buildByMilliseconds(0), null);

        appender.start();

        assertThat(appender.isStarted()).isFalse();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anyMatch(status -> status.getMessage().contains("flushInterval of appender [ACCESS]"));
    }
}
