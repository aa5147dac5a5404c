package dev.credman.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretSlotTest {
    @Test
    void theCurrentSecretWinsAsInKeycloaksOrderOfChecks() {
        assertEquals(Optional.of(SecretSlot.CURRENT), SecretSlot.decide(true, false));
        assertEquals(Optional.of(SecretSlot.CURRENT), SecretSlot.decide(true, true));
        assertEquals(Optional.of(SecretSlot.ROTATED), SecretSlot.decide(false, true));
        assertEquals(Optional.empty(), SecretSlot.decide(false, false));
    }

    @Test
    void detailValuesAreTheContractsWords() {
        assertEquals("current", SecretSlot.CURRENT.detailValue());
        assertEquals("rotated", SecretSlot.ROTATED.detailValue());
        assertEquals("credman_secret_slot", SecretSlot.DETAIL);
    }
}
