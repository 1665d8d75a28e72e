package org.pathwayshub.feed;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.pathwayshub.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What may be taken from an inbox folder, so that no file stays there for ever:
 * <ul>
 * <li>A name the hub cannot carry safely into {@code done/} or a log line (a line break or other control
 *     character, a backslash, or longer than {@value #MAX_NAME_BYTES} bytes, which with the run number would
 *     pass the file system's 255) is renamed in the inbox first, keeping its start and extension and adding a
 *     short fingerprint of the whole name; the log gives both names. The renamed file is read at the next look.</li>
 * <li>A symbolic link, a named pipe, a socket or a device is not a file a partner dropped: {@link #refusal} says why it
 *     is refused, and the feed fails its run with that reason and moves it (the link itself, never what it points to)
 *     to {@code failed/}.</li>
 * <li>An empty file is refused the same way, once it has stayed empty for {@value #EMPTY_FOR_SECONDS} seconds (a
 *     file just created may be about to be written).</li>
 * <li>A name starting with a dot is how many tools hide a file while they write it, so it is left alone; untouched for
 *     {@value #HIDDEN_FOR_MINUTES} minutes it was left behind (or named {@code ../../census.csv} to hide), and is
 *     renamed without the leading dot to be read like any other.</li>
 * </ul>
 */
@Component("inboxFiles")
public class InboxFiles implements GenericFileFilter<File> {

    static final int MAX_NAME_BYTES = 200;
    static final int EMPTY_FOR_SECONDS = 10;
    /** A hidden file (its name starts with a dot) untouched this long is not being written: it was left there. */
    static final int HIDDEN_FOR_MINUTES = 10;
    private static final Logger log = LoggerFactory.getLogger(InboxFiles.class);
    private static final java.util.regex.Pattern LEADING_DOTS = java.util.regex.Pattern.compile("^\\.+");

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return true;
        }
        Path path = file.getFile().toPath();
        String name = path.getFileName().toString();
        if (name.startsWith(".") && modifiedWithin(path, HIDDEN_FOR_MINUTES * 60_000L)) {
            return false;
        }
        if (!safeName(name).equals(name)) {
            rename(path);
            return false;
        }
        try {
            // a file just created, still empty, is left until it has had time to be written
            return !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.size(path) > 0
                    || Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis()
                            < System.currentTimeMillis() - EMPTY_FOR_SECONDS * 1000L;
        } catch (IOException gone) {
            return false;
        }
    }

    private static boolean modifiedWithin(Path path, long millis) {
        try {
            return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis() > System.currentTimeMillis() - millis;
        } catch (IOException gone) {
            return true;
        }
    }

    /** Why the inbox entry cannot be read as a delivery, or null if it is an ordinary file with something in it. */
    public static String refusal(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return "it is a symbolic link, and links are refused, not followed: the hub reads only files placed in the "
                    + "inbox itself (copy the file in instead)";
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return "it is not a file (a named pipe, socket or device) and cannot be read as a delivery";
        }
        if (Files.size(path) == 0) {
            return "the file is empty (0 bytes): there is nothing to read; send it again with its records";
        }
        return null;
    }

    /**
     * The name the file may keep: unchanged when safe; else control characters and backslashes become {@code _},
     * and a name still too long keeps its start and extension around a fingerprint of the original name.
     */
    static String safeName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(c -> sb.appendCodePoint(c == '\\' || c == '/' || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029 ? '_' : c));
        // a leading dot hides a file (and ../ climbs folders): the name keeps its place, shown
        String cleaned = LEADING_DOTS.matcher(sb).replaceFirst(m -> "_".repeat(m.group().length()));
        if (cleaned.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES && cleaned.equals(name)) {
            return name;
        }
        if (cleaned.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return cleaned;
        }
        int dot = cleaned.lastIndexOf('.');
        String extension = dot > 0 && cleaned.length() - dot <= 10 ? cleaned.substring(dot) : "";
        String fingerprint = "~" + fingerprint(name);
        int room = MAX_NAME_BYTES - fingerprint.length() - extension.getBytes(StandardCharsets.UTF_8).length;
        String stem = cleaned.substring(0, cleaned.length() - extension.length());
        StringBuilder start = new StringBuilder();
        for (int i = 0; i < stem.length(); ) {
            int c = stem.codePointAt(i);
            String next = new String(Character.toChars(c));
            if (start.toString().getBytes(StandardCharsets.UTF_8).length + next.getBytes(StandardCharsets.UTF_8).length > room) {
                break;
            }
            start.append(next);
            i += Character.charCount(c);
        }
        return start + fingerprint + extension;
    }

    private static String fingerprint(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rename(Path path) {
        String name = path.getFileName().toString();
        Path target = path.resolveSibling(safeName(name));
        try {
            for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
                target = path.resolveSibling(n + "-" + safeName(name));
            }
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
            log.warn("Inbox {}: the file {} was renamed {} (its name was hidden, held a control character or backslash, "
                    + "or was too long to archive); it is read under its new name", path.getParent().getFileName(),
                    LogSafe.quoted(name), LogSafe.quoted(target.getFileName().toString()));
        } catch (IOException e) {
            log.error("Inbox {}: cannot rename the file {} to a safe name: {}", path.getParent().getFileName(),
                    LogSafe.quoted(name), LogSafe.describe(e));
        }
    }
}
