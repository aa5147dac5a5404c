package dev.credman.keycloak;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code credman.due} and the query parameters of {@code credman/clients}. The sidecar writes the next due instant as
 * epoch milliseconds zero-padded to 13 digits, so comparing the strings compares the instants and the database can
 * answer "due by T" from its index on attribute name and value.
 */
final class DueInstant {
    static final String ATTRIBUTE = "credman.due";
    static final int DIGITS = 13;
    /** 10^13 ms: the first instant 13 digits cannot hold (year 2286). */
    static final long LIMIT = 10_000_000_000_000L;

    private DueInstant() {}

    /** The instant as the attribute holds it. */
    static String pad(long epochMillis) {
        if (epochMillis < 0 || epochMillis >= LIMIT) throw new IllegalArgumentException("instant out of range");
        String digits = Long.toString(epochMillis);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }

    /** Whether the attribute's value is a 13-digit instant at or before {@code dueBy}; anything else is not due. */
    static boolean isDue(String value, long dueBy) {
        return value != null && value.length() == DIGITS && value.chars().allMatch(c -> c >= '0' && c <= '9')
                && value.compareTo(pad(dueBy)) <= 0;
    }

    /**
     * {@code dueBy}: absent (null or empty: Keycloak hands {@code ?dueBy=} over as null), or a decimal instant in
     * [0, 10^13); anything else is empty with {@code valid} false.
     */
    static Parsed<OptionalLong> parseDueBy(String raw) {
        if (raw == null || raw.isEmpty()) return Parsed.ok(OptionalLong.empty());
        if (!decimal(raw, DIGITS)) return Parsed.invalid();
        return Parsed.ok(OptionalLong.of(Long.parseLong(raw)));
    }

    /** {@code first} / {@code max}: absent (null or empty), or a decimal integer in [0, 2^31). */
    static Parsed<OptionalInt> parseCount(String raw) {
        if (raw == null || raw.isEmpty()) return Parsed.ok(OptionalInt.empty());
        if (!decimal(raw, 10)) return Parsed.invalid();
        long value = Long.parseLong(raw);
        return value > Integer.MAX_VALUE ? Parsed.invalid() : Parsed.ok(OptionalInt.of((int) value));
    }

    /** Keycloak's limit on a clientId (CLIENT.CLIENT_ID is a VARCHAR(255)): a longer {@code after} names none. */
    static final int CLIENT_ID_LENGTH = 255;

    /**
     * {@code after}: absent (null or empty), or a clientId of at most 255 characters, only together with
     * {@code dueBy}; anything else is empty with {@code valid} false.
     */
    static Parsed<Optional<String>> parseAfter(String raw, boolean withDueBy) {
        if (raw == null || raw.isEmpty()) return Parsed.ok(Optional.empty());
        if (!withDueBy || raw.length() > CLIENT_ID_LENGTH) return Parsed.invalid();
        return Parsed.ok(Optional.of(raw));
    }

    private static boolean decimal(String raw, int maxDigits) {
        return !raw.isEmpty() && raw.length() <= maxDigits && raw.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    record Parsed<T>(boolean valid, T value) {
        static <T> Parsed<T> ok(T value) {
            return new Parsed<>(true, value);
        }

        static <T> Parsed<T> invalid() {
            return new Parsed<>(false, null);
        }
    }
}
