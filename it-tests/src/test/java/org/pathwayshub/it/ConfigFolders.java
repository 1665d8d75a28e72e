package org.pathwayshub.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A hub of a test's own reads a copy of the checkout's routes/ and mappings/, changed as the test needs. */
final class ConfigFolders {

    private ConfigFolders() {
    }

    /** Copies the folder {@code from} with everything in it into {@code to}, replacing files already there. */
    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Lets the hub reading {@code config} know a made-up LA number (no real authority's), so a test's UPNs clash with
     * no one's and pass the UPN check.
     */
    static void addLaCode(Path config, String code, String name) throws IOException {
        Path laCodes = config.resolve("mappings/codes/la-codes.yaml");
        Files.writeString(laCodes, Files.readString(laCodes).replace("\ncodes:\n", "\ncodes:\n  \"" + code + "\": \"" + name
                + " (fictional)\"\n"));
    }
}
