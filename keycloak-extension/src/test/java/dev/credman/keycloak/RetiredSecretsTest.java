package dev.credman.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RetiredSecretsTest {
    static final String SALT = Base64.getUrlEncoder().withoutPadding().encodeToString(SecretDigestTest.SALT);
    static final String SHA = Base64.getUrlEncoder().withoutPadding().encodeToString(SecretDigestTest.DIGEST);
    static final long UNTIL = 2_000_000_000L;

    static String entry(String id, String salt, String sha, long until) {
        return "{\"id\":\"" + id + "\",\"salt\":\"" + salt + "\",\"sha256\":\"" + sha + "\",\"until\":" + until + "}";
    }

    static String attribute(String... entries) {
        return "{\"v\":1,\"secrets\":[" + String.join(",", entries) + "]}";
    }

    static final String OTHER_SHA = Base64.getUrlEncoder().withoutPadding().encodeToString(SecretDigest.of(SecretDigestTest.SALT, "other"));

    @Test
    void namesTheEntryWhoseDigestMatches() {
        RetiredSecrets retired = RetiredSecrets.parse(attribute(entry("a", SALT, OTHER_SHA, UNTIL), entry("b", SALT, SHA, UNTIL)));
        assertEquals(Optional.of("b"), retired.match("pässwörd", UNTIL - 1));
        assertEquals(Optional.of("a"), retired.match("other", UNTIL - 1));
        assertEquals(Optional.empty(), retired.match("neither", UNTIL - 1));
    }

    @Test
    void anEntryCountsUpToAndIncludingItsUntil() {
        RetiredSecrets retired = RetiredSecrets.parse(attribute(entry("b", SALT, SHA, UNTIL)));
        assertEquals(Optional.of("b"), retired.match("pässwörd", UNTIL));
        assertEquals(Optional.empty(), retired.match("pässwörd", UNTIL + 1));
    }

    @Test
    void acceptsPaddedBase64url() {
        RetiredSecrets retired = RetiredSecrets.parse(attribute(entry("b", SALT + "==", SHA + "=", UNTIL)));
        assertEquals(Optional.of("b"), retired.match("pässwörd", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "null", "{}", "{\"v\":2,\"secrets\":[]}", "{\"v\":\"1\",\"secrets\":[]}",
        "{\"v\":1}", "{\"v\":1,\"secrets\":{}}", "{\"v\":1,\"secrets\":[", "{\"v\":1,\"secrets\":[1,\"x\",null]}"
    })
    void aMalformedAttributeIsTreatedAsAbsent(String malformed) {
        assertTrue(RetiredSecrets.parse(malformed).entries().isEmpty());
    }

    @Test
    void anAbsentAttributeHasNoEntries() {
        assertTrue(RetiredSecrets.parse(null).entries().isEmpty());
    }

    @Test
    void malformedEntriesAreSkippedAndTheRestKept() {
        String tooShortSalt = Base64.getUrlEncoder().encodeToString(new byte[15]);
        RetiredSecrets retired = RetiredSecrets.parse(attribute(
                entry("", SALT, SHA, UNTIL),
                entry("short-salt", tooShortSalt, SHA, UNTIL),
                entry("bad-base64", "!!!", SHA, UNTIL),
                entry("short-digest", SALT, SALT, UNTIL),
                "{\"id\":\"no-until\",\"salt\":\"" + SALT + "\",\"sha256\":\"" + SHA + "\"}",
                "{\"id\":\"text-until\",\"salt\":\"" + SALT + "\",\"sha256\":\"" + SHA + "\",\"until\":\"1\"}",
                "{\"id\":7,\"salt\":\"" + SALT + "\",\"sha256\":\"" + SHA + "\",\"until\":1}",
                entry("good", SALT, SHA, UNTIL)));
        assertEquals(1, retired.entries().size());
        assertEquals(Optional.of("good"), retired.match("pässwörd", 0));
    }

    @Test
    void readsAtMostMaxEntries() {
        String many = IntStream.range(0, RetiredSecrets.MAX_ENTRIES + 5)
                .mapToObj(i -> entry("e" + i, SALT, SHA, UNTIL))
                .collect(Collectors.joining(","));
        assertEquals(RetiredSecrets.MAX_ENTRIES, RetiredSecrets.parse(attribute(many)).entries().size());
    }
}
