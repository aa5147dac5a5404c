package dev.credman.keycloak;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The one-way digest credman keeps of a secret's value: SHA-256 of the salt bytes followed by the UTF-8 value. */
final class SecretDigest {
    private SecretDigest() {}

    static byte[] of(byte[] salt, String value) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
        sha256.update(salt);
        sha256.update(value.getBytes(StandardCharsets.UTF_8));
        return sha256.digest();
    }

    /** Constant time in the digest's bytes, as Keycloak compares secrets. */
    static boolean matches(byte[] expectedDigest, byte[] salt, String value) {
        return MessageDigest.isEqual(expectedDigest, of(salt, value));
    }
}
