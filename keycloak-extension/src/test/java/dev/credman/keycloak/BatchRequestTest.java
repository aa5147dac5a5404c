package dev.credman.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BatchRequestTest {
    private static final String DESCRIPTION = "{\\\"writer\\\":\\\"w-1\\\",\\\"claimedAt\\\":1800000000000}";

    private static String claim(String id, String readRevision, String revision) {
        return "{\"id\":\"" + id + "\",\"readRevision\":" + readRevision + ",\"revision\":" + revision
                + ",\"description\":\"" + DESCRIPTION + "\"}";
    }

    private static String claims(String... items) {
        return "{\"managerRole\":\"credential-manager\",\"claims\":[" + String.join(",", items) + "]}";
    }

    private static String write(String id, long revision, String attributes, String obsolete) {
        return "{\"id\":\"" + id + "\",\"revision\":" + revision + ",\"writer\":\"w-1\",\"attributes\":" + attributes
                + ",\"obsolete\":" + obsolete + "}";
    }

    private static String secrets(long revision) {
        return "{\"credman.secrets\":\"{\\\"revision\\\":" + revision + ",\\\"writer\\\":\\\"w-1\\\"}\"";
    }

    private static String writes(String... items) {
        return "{\"writes\":[" + String.join(",", items) + "]}";
    }

    private static void invalid(String body, boolean claims) {
        assertThrows(BatchRequest.Invalid.class, () -> {
            if (claims) BatchRequest.claims(body);
            else BatchRequest.writes(body);
        }, body);
    }

    @Test
    void parsesClaimsInOrder() {
        BatchRequest.Claims parsed = BatchRequest.claims(claims(claim("b", "0", "1"), claim("a", "4", "6")));
        assertEquals("credential-manager", parsed.managerRole());
        assertEquals(List.of("b", "a"), parsed.claims().stream().map(BatchRequest.Claim::id).toList());
        BatchRequest.Claim second = parsed.claims().get(1);
        assertEquals(4, second.readRevision());
        assertEquals(6, second.revision());
        assertEquals("credman.revision.6", second.roleName());
        assertEquals("{\"writer\":\"w-1\",\"claimedAt\":1800000000000}", second.description());
    }

    @Test
    void refusesMalformedClaims() {
        invalid("", true);
        invalid("not json", true);
        invalid("[]", true);
        invalid(claims(), true);
        invalid("{\"claims\":[" + claim("a", "0", "1") + "]}", true);
        invalid(claims(claim("a", "-1", "1")), true);
        invalid(claims(claim("a", "1.5", "2")), true);
        invalid(claims(claim("a", "\"1\"", "2")), true);
        invalid(claims(claim("a", "3", "3")), true);
        invalid(claims(claim("a", "3", "2")), true);
        invalid(claims(claim("", "0", "1")), true);
        invalid(claims(claim("a", "0", "1"), claim("a", "1", "2")), true);
        invalid(claims("{\"id\":\"a\",\"readRevision\":0,\"revision\":1}"), true);
        invalid(claims("{\"id\":\"a\",\"readRevision\":0,\"revision\":1,\"description\":\"" + "x".repeat(256) + "\"}"), true);
        String[] many = new String[BatchRequest.MAX_ITEMS + 1];
        for (int i = 0; i < many.length; i++) many[i] = claim("c" + i, "0", "1");
        invalid(claims(many), true);
        assertEquals(100, BatchRequest.claims(claims(java.util.Arrays.copyOf(many, 100))).claims().size());
    }

    @Test
    void parsesWrites() {
        List<BatchRequest.Write> parsed = BatchRequest.writes(
                writes(write("a", 3, secrets(3) + ",\"credman.audit\":\"\"}", "[1,2,2]")));
        BatchRequest.Write write = parsed.get(0);
        assertEquals(3, write.revision());
        assertEquals("w-1", write.writer());
        assertEquals("", write.attributes().get("credman.audit"));
        assertEquals(List.of(1L, 2L), write.obsolete());
    }

    @Test
    void refusesMalformedWrites() {
        invalid(writes(), false);
        invalid(writes(write("a", 3, secrets(3) + ",\"secret\":\"x\"}", "[]")), false);
        invalid(writes(write("a", 3, secrets(3) + ",\"client.secret.rotated\":\"x\"}", "[]")), false);
        invalid(writes(write("a", 3, secrets(3) + ",\"credman.x\":1}", "[]")), false);
        invalid(writes(write("a", 3, "{\"credman.audit\":\"x\"}", "[]")), false);
        invalid(writes(write("a", 3, secrets(2) + "}", "[]")), false);
        invalid(writes(write("a", 0, secrets(0) + "}", "[]")), false);
        invalid(writes(write("a", 3, secrets(3) + "}", "[3]")), false);
        invalid(writes(write("a", 3, secrets(3) + "}", "[-1]")), false);
        invalid(writes(write("a", 3, secrets(3) + "}", "null")), false);
        invalid(writes(write("a", 3, secrets(3) + "}", "[]"), write("a", 4, secrets(4) + "}", "[]")), false);
    }

    @Test
    void messagesNeverRepeatAValue() {
        BatchRequest.Invalid refused = assertThrows(BatchRequest.Invalid.class, () -> BatchRequest.writes(
                writes(write("a", 3, secrets(3) + ",\"secret\":\"s3cr3t-value\"}", "[]"))));
        assertFalse(refused.getMessage().contains("s3cr3t-value"));
        assertFalse(refused.getMessage().contains("\"secret\""));
    }

    @Test
    void readsTheStoredRevisionOnly() {
        assertEquals(OptionalLong.of(0), BatchRequest.revisionOf(null));
        assertEquals(OptionalLong.of(0), BatchRequest.revisionOf(""));
        assertEquals(OptionalLong.of(7), BatchRequest.revisionOf("{\"revision\":7,\"writer\":\"w\",\"secrets\":[]}"));
        assertTrue(BatchRequest.revisionOf("{\"revision\":\"7\"}").isEmpty());
        assertTrue(BatchRequest.revisionOf("{\"revision\":7.5}").isEmpty());
        assertTrue(BatchRequest.revisionOf("{\"revision\":-1}").isEmpty());
        assertTrue(BatchRequest.revisionOf("{\"secrets\":[]}").isEmpty());
        assertTrue(BatchRequest.revisionOf("{\"revision\":7").isEmpty());
        assertTrue(BatchRequest.revisionOf("[7]").isEmpty());
    }

    @Test
    void readsAClaimsWriter() {
        assertEquals(Optional.of("w-1"), BatchRequest.writerOf("{\"writer\":\"w-1\",\"claimedAt\":1}"));
        assertEquals(Optional.empty(), BatchRequest.writerOf(null));
        assertEquals(Optional.empty(), BatchRequest.writerOf("{\"writer\":1}"));
        assertEquals(Optional.empty(), BatchRequest.writerOf("writer"));
    }
}
