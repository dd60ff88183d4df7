package io.odock.core.admin;

import io.odock.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The admin API's token: the configured one, or one generated on first start into a file only the gateway's user may
 * read (its location is logged, never its content). Checks compare in constant time.
 */
public final class AdminToken {
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] token;

    private AdminToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The configured token, else the one in {@code tokenFile}, generated there when the file does not exist. */
    public static AdminToken resolve(Secret configured, Path tokenFile) {
        if (configured.isPresent()) {
            return new AdminToken(configured.reveal());
        }
        try {
            if (!Files.exists(tokenFile)) {
                generate(tokenFile);
            }
            String stored = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            if (stored.length() < 16) {
                throw new IllegalStateException("the admin token file " + tokenFile + " holds no usable token "
                        + "(at least 16 characters); delete it to have a new one generated");
            }
            log.info("Admin API token: read from {} (set admin.token or ODOCK_ADMIN_TOKEN to choose your own)",
                    tokenFile);
            return new AdminToken(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + tokenFile, e);
        }
    }

    /** Whether the presented token is this one, in constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static void generate(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = "odk_admin_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            log.info("Generated an admin API token into {} (owner-only permissions)", file);
        } catch (FileAlreadyExistsException e) {
            // Another instance sharing the data directory generated it first; use theirs.
        }
    }
}
