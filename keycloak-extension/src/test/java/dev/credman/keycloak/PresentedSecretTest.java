package dev.credman.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.MultivaluedHashMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PresentedSecretTest {
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static MultivaluedHashMap<String, String> form(String... pairs) {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) form.add(pairs[i], pairs[i + 1]);
        return form;
    }

    @Test
    void readsTheBasicHeadersPasswordFormUrlDecodedAsRfc6749Says() {
        assertEquals(Optional.of("a b+c"), PresentedSecret.of(basic("app", "a+b%2Bc"), null));
    }

    @Test
    void theFormFieldOverridesTheHeader() {
        assertEquals(Optional.of("posted"), PresentedSecret.of(basic("app", "header"), form("client_secret", "posted")));
        assertEquals(Optional.of("header"), PresentedSecret.of(basic("app", "header"), form("client_id", "app")));
    }

    @Test
    void noneWhenNeitherCarriesOne() {
        assertEquals(Optional.empty(), PresentedSecret.of(null, form("client_id", "app")));
        assertEquals(Optional.empty(), PresentedSecret.of("Bearer abc", null));
        assertEquals(Optional.empty(), PresentedSecret.of(null, null));
    }
}
