package org.pathwayshub.system;

/** A mapping or code list file the hub cannot use; names the file, the key and what was expected. */
public class MappingFileException extends RuntimeException {

    public MappingFileException(String file, String key, String expected) {
        super(file + (key == null || key.isEmpty() ? "" : ": " + key) + ": expected " + expected);
    }
}
