package dev.credman.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DueInstantTest {
    @Test
    void padsToThirteenDigitsSoStringOrderIsTimeOrder() {
        assertEquals("0000000000000", DueInstant.pad(0));
        assertEquals("1778000000000", DueInstant.pad(1_778_000_000_000L));
        assertEquals("0000000000042", DueInstant.pad(42));
        assertThrows(IllegalArgumentException.class, () -> DueInstant.pad(-1));
        assertThrows(IllegalArgumentException.class, () -> DueInstant.pad(DueInstant.LIMIT));
    }

    @Test
    void dueAtOrBeforeTheBoundEqualIncluded() {
        assertTrue(DueInstant.isDue("1778000000000", 1_778_000_000_000L));
        assertTrue(DueInstant.isDue("1777999999999", 1_778_000_000_000L));
        assertFalse(DueInstant.isDue("1778000000001", 1_778_000_000_000L));
    }

    @Test
    void anythingButThirteenDigitsIsNotDue() {
        assertFalse(DueInstant.isDue(null, 1_778_000_000_000L));
        assertFalse(DueInstant.isDue("", 1_778_000_000_000L));
        assertFalse(DueInstant.isDue("5", 1_778_000_000_000L));
        assertFalse(DueInstant.isDue("177800000000x", 1_778_000_000_000L));
        assertFalse(DueInstant.isDue("-177800000000", 1_778_000_000_000L));
    }

    @Test
    void parsesParametersStrictly() {
        assertEquals(OptionalLong.empty(), DueInstant.parseDueBy(null).value());
        assertEquals(OptionalLong.of(5), DueInstant.parseDueBy("5").value());
        assertFalse(DueInstant.parseDueBy("10000000000000").valid());
        assertFalse(DueInstant.parseDueBy("-1").valid());
        assertEquals(OptionalLong.empty(), DueInstant.parseDueBy("").value());
        assertTrue(DueInstant.parseDueBy("").valid());
        assertEquals(OptionalInt.empty(), DueInstant.parseCount("").value());
        assertFalse(DueInstant.parseDueBy("1e3").valid());
        assertEquals(OptionalInt.of(0), DueInstant.parseCount("0").value());
        assertEquals(OptionalInt.of(Integer.MAX_VALUE), DueInstant.parseCount("2147483647").value());
        assertFalse(DueInstant.parseCount("2147483648").valid());
        assertFalse(DueInstant.parseCount(" 1").valid());
        assertTrue(DueInstant.parseCount(null).valid());
    }

    @Test
    void afterOnlyWithDueByAndAtMostAClientIdLong() {
        assertEquals(Optional.empty(), DueInstant.parseAfter(null, true).value());
        assertEquals(Optional.empty(), DueInstant.parseAfter("", false).value());
        assertTrue(DueInstant.parseAfter("", false).valid());
        assertEquals(Optional.of("Partner-NL-A-DM"), DueInstant.parseAfter("Partner-NL-A-DM", true).value());
        assertFalse(DueInstant.parseAfter("Partner-NL-A-DM", false).valid());
        assertTrue(DueInstant.parseAfter("x".repeat(255), true).valid());
        assertFalse(DueInstant.parseAfter("x".repeat(256), true).valid());
    }
}
