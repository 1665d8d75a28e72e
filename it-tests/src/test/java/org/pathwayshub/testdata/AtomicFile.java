package org.pathwayshub.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Written to a hidden temporary file and moved into place, so a watching feed never sees half a file. */
final class AtomicFile {

    interface Body {
        int write(Writer out) throws IOException;
    }

    private AtomicFile() {
    }

    static int write(Path file, Body body) {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            int rows;
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                rows = body.write(out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
            throw e;
        }
    }
}
