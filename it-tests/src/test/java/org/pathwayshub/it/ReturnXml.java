package org.pathwayshub.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An NCCIS return as text, taken apart record by record (the hub indents one element a line). */
final class ReturnXml {

    /** One YoungPersonsRecord with the white space before it. */
    static final Pattern RECORD = Pattern.compile("(?s)\\s*<YoungPersonsRecord>.*?</YoungPersonsRecord>");

    private ReturnXml() {
    }

    /** Each record's text by YoungPersonsID, in file order. */
    static Map<String, String> records(String xml) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = RECORD.matcher(xml);
        while (m.find()) {
            out.put(between(m.group(), "YoungPersonsID"), m.group().strip());
        }
        return out;
    }

    /** The return with only the records of these YoungPersonsIDs (the hub holds other test classes' people too). */
    static String withOnly(String xml, Set<String> youngPersonsIds) {
        StringBuilder out = new StringBuilder();
        Matcher m = RECORD.matcher(xml);
        int last = 0;
        while (m.find()) {
            out.append(xml, last, m.start());
            if (youngPersonsIds.contains(between(m.group(), "YoungPersonsID"))) {
                out.append(m.group());
            }
            last = m.end();
        }
        return out.append(xml.substring(last)).toString();
    }

    /** The text of the first element of that name, or null. */
    static String between(String xml, String element) {
        int start = xml.indexOf("<" + element + ">");
        if (start < 0) {
            return null;
        }
        int end = xml.indexOf("</" + element + ">", start);
        return xml.substring(start + element.length() + 2, end);
    }
}
