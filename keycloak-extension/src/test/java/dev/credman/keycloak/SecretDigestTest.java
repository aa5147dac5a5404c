package dev.credman.keycloak;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretDigestTest {
    static final byte[] SALT = filled(16, (byte) 1);
    // Computed independently (Node's crypto, as credman's sidecar does) for SALT and "pässwörd".
    static final byte[] DIGEST = Base64.getUrlDecoder().decode("-pyfBrC3BAdbsVfS4yYhaj1ybwA3AqlfN-c8X6tWP20");

    static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    @Test
    void isSha256OfTheSaltThenTheUtf8Value() {
        assertArrayEquals(DIGEST, SecretDigest.of(SALT, "pässwörd"));
    }

    @Test
    void matchesOnlyTheSameValueUnderTheSameSalt() {
        assertTrue(SecretDigest.matches(DIGEST, SALT, "pässwörd"));
        assertFalse(SecretDigest.matches(DIGEST, SALT, "passwort"));
        assertFalse(SecretDigest.matches(DIGEST, filled(16, (byte) 2), "pässwörd"));
        assertFalse(SecretDigest.matches(Arrays.copyOf(DIGEST, 31), SALT, "pässwörd"));
    }
}
