package org.pathwayshub.nccis;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file for the data team in {@code $HUB_HOME/outbox/nccis/}: written under a {@code .part} name and moved into place
 * whole, so nobody picks up half a return.
 */
final class OutboxFile {

    private OutboxFile() {
    }

    interface Content<T> {
        T writeTo(OutputStream out) throws IOException;
    }

    static <T> T write(Path dir, String fileName, Content<T> content) {
        try {
            Files.createDirectories(dir);
            Path partial = dir.resolve(fileName + ".part");
            T result;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                result = content.writeTo(out);
            }
            Files.move(partial, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " to " + dir, e);
        }
    }
}
