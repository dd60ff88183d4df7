package io.odock.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this SPI. The host reports it to PF4J as the system version, so a plugin's
 * {@code Plugin-Requires} range (for example {@code >=0.1.0}) is checked against it at load time.
 */
public final class SpiVersion {
    private static final String CURRENT = load();

    private SpiVersion() {
    }

    /** The SPI version this jar implements, as {@code MAJOR.MINOR.PATCH}. */
    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = SpiVersion.class.getResourceAsStream("spi-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("spi-version.properties is missing from the SPI jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("spi.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
