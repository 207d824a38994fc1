package at.meldestelle.infra.gateway.headers;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HeaderHygieneTest {

    @Test
    void identityHeadersInEverySpellingUnderscoredNamesAndConnectionListedHeadersGo() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("X-User-Id", "admin").add("x-user-roles", "ADMIN").add("X-USER-PERMISSIONS", "ALL")
                .add("X_User_Id", "admin").add("x_forwarded_for", "6.6.6.6").add("Some_Header", "v")
                .add("Connection", "X-Secret, keep-alive").add("Connection", "X-Other").add("X-Secret", "s").add("X-Other", "o")
                .add("Authorization", "Bearer t").add("Accept", "application/json");
        HeaderHygiene.clean(headers);
        assertNull(headers.get("X-User-Id"));
        assertNull(headers.get("X-User-Roles"));
        assertNull(headers.get("X-User-Permissions"));
        assertNull(headers.get("X_User_Id"));
        assertNull(headers.get("x_forwarded_for"));
        assertNull(headers.get("Some_Header"));
        assertNull(headers.get("X-Secret"));
        assertNull(headers.get("X-Other"));
        assertEquals("Bearer t", headers.get("Authorization"));
        assertEquals("application/json", headers.get("Accept"));
    }
}
