package org.pathwayshub.mapping;

/** A source whose columns do not fit its mapping: no header row, or required columns missing or repeated. */
public class LayoutMismatchException extends Exception {

    public LayoutMismatchException(String message) {
        super(message);
    }
}
