package dev.credman.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretFreeAttributesTest {
    @Test
    void keepsCredmansAttributesAndTheSlotTimesOnly() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("credman.secrets", "{}");
        attributes.put("credman.due", "0001778000000000");
        attributes.put("client.secret.creation.time", "1");
        attributes.put("client.secret.expiration.time", "2");
        attributes.put("client.secret.rotated", "the-rotated-secret");
        attributes.put("client.secret.rotated.creation.time", "3");
        attributes.put("client.secret.rotated.expiration.time", "4");
        attributes.put("client.secret.remaining.expiration.time", "5");
        attributes.put("pkce.code.challenge.method", "S256");
        attributes.put("credmanx", "not ours");
        attributes.put("credman.null", null);
        assertEquals(
                Map.of(
                        "credman.secrets", "{}",
                        "credman.due", "0001778000000000",
                        "client.secret.creation.time", "1",
                        "client.secret.expiration.time", "2",
                        "client.secret.rotated.creation.time", "3",
                        "client.secret.rotated.expiration.time", "4"),
                SecretFreeAttributes.of(attributes));
    }

    @Test
    void noAttributesGiveAnEmptyMap() {
        assertEquals(Map.of(), SecretFreeAttributes.of(null));
    }
}
