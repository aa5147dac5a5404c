package dev.credman.keycloak;

import java.util.Optional;

/** Which of the client's stored secrets a successful authentication presented: event detail {@value #DETAIL}. */
enum SecretSlot {
    CURRENT("current"),
    ROTATED("rotated");

    static final String DETAIL = "credman_secret_slot";

    private final String detailValue;

    SecretSlot(String detailValue) {
        this.detailValue = detailValue;
    }

    String detailValue() {
        return detailValue;
    }

    /** Keycloak accepts the current secret first, then the rotated one: the same order decides the slot. */
    static Optional<SecretSlot> decide(boolean matchesCurrent, boolean matchesRotated) {
        if (matchesCurrent) return Optional.of(CURRENT);
        if (matchesRotated) return Optional.of(ROTATED);
        return Optional.empty();
    }
}
