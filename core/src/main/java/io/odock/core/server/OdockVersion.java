package io.odock.core.server;

import io.odock.spi.SpiVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The gateway's release version (from the build) and the SPI version it hosts. */
public final class OdockVersion {
    private static final String VERSION = load();

    private OdockVersion() {
    }

    /** The gateway's version, such as {@code 0.1.0}. */
    public static String current() {
        return VERSION;
    }

    /** The plugin SPI version this gateway hosts. */
    public static String spi() {
        return SpiVersion.current();
    }

    private static String load() {
        try (InputStream in = OdockVersion.class.getResourceAsStream("/io/odock/core/odock-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("odock-version.properties is missing from the core jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("odock.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
