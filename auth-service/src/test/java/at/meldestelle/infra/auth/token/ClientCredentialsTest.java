package at.meldestelle.infra.auth.token;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientCredentialsTest {

    private static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(Runnable call) {
        return (String) assertThrows(ProblemException.class, call::run).problem().getExtensions().get("error");
    }

    @Test
    void basicPartsAreFormDecoded() {
        ClientCredentials credentials = ClientCredentials.from(basic("my%20client:s%3Acret+x"), null, null);
        assertEquals("my client", credentials.clientId());
        assertEquals("s:cret x", credentials.secret());
    }

    @Test
    void basicIsMatchedCaseInsensitivelyAndMayRepeatTheClientId() {
        String header = "bAsIc " + Base64.getEncoder().encodeToString("c:s".getBytes(StandardCharsets.UTF_8));
        assertEquals(new ClientCredentials("c", "s"), ClientCredentials.from(header, "c", ""));
    }

    @Test
    void formFieldsWorkWithoutBasic() {
        assertEquals(new ClientCredentials("c", "s"), ClientCredentials.from(null, "c", "s"));
        assertEquals(new ClientCredentials("c", "s"), ClientCredentials.from("Bearer x", "c", "s"));
    }

    @Test
    void twoWaysOfAuthenticatingOrTwoClientsAreInvalidRequests() {
        assertEquals("invalid_request", error(() -> ClientCredentials.from(basic("c:s"), null, "s")));
        assertEquals("invalid_request", error(() -> ClientCredentials.from(basic("c:s"), "other", null)));
    }

    @Test
    void missingOrMalformedCredentialsAreInvalidClient() {
        assertEquals("invalid_client", error(() -> ClientCredentials.from(null, "c", null)));
        assertEquals("invalid_client", error(() -> ClientCredentials.from(null, "  ", "s")));
        assertEquals("invalid_client", error(() -> ClientCredentials.from("Basic %%%", null, null)));
        assertEquals("invalid_client", error(() -> ClientCredentials.from(basic("no-colon"), null, null)));
        assertEquals("invalid_client", error(() -> ClientCredentials.from(basic(":secret"), null, null)));
        assertEquals("invalid_client", error(() -> ClientCredentials.from(basic("c%zz:s"), null, null)));
    }
}
