package io.odock.core.store;

/**
 * One versioned schema change: a SQL script on the classpath under {@code io/odock/core/store/migrations/}.
 *
 * @param version     applied in ascending order, once
 * @param description what it does, also the script's name suffix
 */
record Migration(int version, String description) {
    /** The script's classpath resource. */
    String resource() {
        return "/io/odock/core/store/migrations/V" + version + "__" + description + ".sql";
    }
}
