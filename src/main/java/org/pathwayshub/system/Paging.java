package org.pathwayshub.system;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A page of a list the API answers: {@code page} from 0, {@code size} 1 to 1000, {@code sort} newest (the default)
 * or oldest. A wrong value is a 400 that names the parameter and says what is expected.
 */
public record Paging(int page, int size, boolean newestFirst) {

    public static final int MAX_SIZE = 1000;

    public static Paging of(int page, int size, String sort) {
        if (page < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page: expected 0 or more (got " + page + ")");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size: expected 1 to " + MAX_SIZE + " (got " + size + ")");
        }
        boolean newest = switch (sort == null ? "newest" : sort) {
            case "newest" -> true;
            case "oldest" -> false;
            default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "sort: expected newest or oldest (got '"
                    + sort + "')");
        };
        return new Paging(page, size, newest);
    }

    public static Paging of(int page, int size) {
        return of(page, size, "newest");
    }

    public int offset() {
        return page * size;
    }

    /** The SQL direction of the list's time order. */
    public String direction() {
        return newestFirst ? "desc" : "asc";
    }
}
