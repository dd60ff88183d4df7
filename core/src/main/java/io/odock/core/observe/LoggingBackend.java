package io.odock.core.observe;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The end of logging when the gateway process ends: logback (the distribution's back end) is stopped so that buffered
 * appenders, the access log's {@link BufferedRollingFileAppender}, write out their last lines. Core only logs through
 * SLF4J, so with another back end (an application embedding the gateway) this does nothing.
 */
public final class LoggingBackend {
    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

    private LoggingBackend() {
    }

    /** Stops logback if it is the back end; the last thing the process does, after the gateway has stopped. */
    public static void stop() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        // By name first: without logback on the class path, naming its type would fail to load.
        if (factory.getClass().getName().equals(LOGBACK)) {
            Logback.stop(factory);
        }
    }

    private static final class Logback {
        static void stop(ILoggerFactory factory) {
            ((LoggerContext) factory).stop();
        }
    }
}
