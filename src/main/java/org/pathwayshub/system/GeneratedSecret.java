package org.pathwayshub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret the hub makes for itself at first start and keeps in a file only its own user may read (mode 0600,
 * created with that mode, so there is no moment when others could read it): the built-in admin's password when
 * none is given, the embedded PostgreSQL server's password. 144 random bits, URL-safe Base64.
 */
public final class GeneratedSecret {

    private GeneratedSecret() {
    }

    /** The secret kept in {@code file}, made and written there first if the file does not exist. */
    public static String keptIn(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                Files.createFile(file, ownerReadWrite(file.toAbsolutePath().getParent()));
            } catch (FileAlreadyExistsException anotherNodeWroteIt) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a generated secret in " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerReadWrite(Path folder) {
        if (Files.getFileAttributeView(folder, PosixFileAttributeView.class) == null) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
