package at.meldestelle.infra.auth.token;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenRequestFormTest {

    private static TokenRequestForm parse(String body, String contentType) {
        return TokenRequestForm.parse(body.getBytes(StandardCharsets.US_ASCII), contentType);
    }

    @Test
    void decodesPercentEncodingAndPlusInTheGivenCharset() {
        TokenRequestForm form = parse("grant_type=client_credentials&client_id=k%C3%B6ln+1&&flag&client_secret=a%2Bb%3D",
                "application/x-www-form-urlencoded; charset=\"utf-8\"");
        assertEquals("client_credentials", form.get("grant_type"));
        assertEquals("köln 1", form.get("client_id"));
        assertEquals("", form.get("flag"));
        assertEquals("a+b=", form.get("client_secret"));
        assertNull(form.get("scope"));
        assertEquals("k\u00f6ln", parse("x=k%F6ln", "application/x-www-form-urlencoded; charset=ISO-8859-1").get("x"));
        assertNull(parse("", null).get("grant_type"));
    }

    @Test
    void aFieldAtTheLimitPassesAndOneCharacterMoreDoesNot() {
        String limit = "v".repeat(TokenRequestForm.MAX_FIELD_CHARS);
        assertEquals(limit, parse("x=" + limit, null).get("x"));
        ProblemException e = assertThrows(ProblemException.class, () -> parse("x=" + limit + "v", null));
        assertEquals("invalid_request", e.problem().getExtensions().get("error"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        assertThrows(ProblemException.class, () -> parse("x=%C3", null));
        assertThrows(ProblemException.class, () -> parse("x=%FF", "application/x-www-form-urlencoded; charset=us-ascii"));
    }
}
