package org.pathwayshub.testdata;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;

/** A CSV partner file as MIS exports write them: a header row, CRLF line ends, quotes only where needed. */
final class CsvFile {

    private CsvFile() {
    }

    /** @return data rows written, the extra rows included */
    static int write(Path file, String header, Iterator<String> rows, List<String> extraRows) {
        return AtomicFile.write(file, out -> {
            line(out, header);
            int n = 0;
            while (rows.hasNext()) {
                line(out, rows.next());
                n++;
            }
            for (String row : extraRows) {
                line(out, row);
                n++;
            }
            return n;
        });
    }

    /** Joins fields, null as empty, quoting a field with a comma, quote or line break. */
    static String row(Object... fields) {
        StringJoiner joined = new StringJoiner(",");
        for (Object field : fields) {
            joined.add(field(field));
        }
        return joined.toString();
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof LocalDate d ? d.toString() : value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private static void line(Writer out, String row) throws IOException {
        out.write(row);
        out.write("\r\n");
    }
}
