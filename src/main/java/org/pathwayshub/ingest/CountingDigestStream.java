package org.pathwayshub.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and fingerprints (SHA-256) the bytes of a source as they are read, for the run record. */
final class CountingDigestStream extends FilterInputStream {

    private final MessageDigest digest;
    private long count;
    private String sha256;

    CountingDigestStream(InputStream in) {
        super(in);
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
            digest.update(b, off, n);
        }
        return n;
    }

    long count() {
        return count;
    }

    /** The fingerprint of everything read; complete once the source has been read to its end. */
    String sha256() {
        if (sha256 == null) {
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
        return sha256;
    }
}
