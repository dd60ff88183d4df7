package io.odock.core.store;

import java.util.Locale;
import java.util.Map;

/** Reading rows MyBatis returns as maps, whose keys are the column labels as each database spells them. */
public final class Rows {
    private Rows() {
    }

    /** A column's value by its lower-case label: MySQL answers the label as written, H2 in upper case. */
    public static Object column(Map<String, Object> row, String label) {
        Object value = row.get(label);
        return value != null || row.containsKey(label) ? value : row.get(label.toUpperCase(Locale.ROOT));
    }
}
