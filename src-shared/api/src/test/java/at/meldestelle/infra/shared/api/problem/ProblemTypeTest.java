package at.meldestelle.infra.shared.api.problem;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemTypeTest {

    @Test
    void aProblemOfATypeCarriesItsUriTitleAndStatus() {
        ProblemType conflict = ProblemType.of(409, "wrong-expected-version", "Wrong expected version");
        Problem problem = conflict.problem("Stream s is at version 3.").with("currentVersion", 3L);
        assertEquals("https://meldestelle.at/problems/wrong-expected-version", problem.getType().toString());
        assertEquals("Wrong expected version", problem.getTitle());
        assertEquals(409, problem.getStatus());
        assertEquals(3L, problem.getExtensions().get("currentVersion"));
        assertEquals("Stream s is at version 3.", problem.getDetail());
        assertEquals(409, conflict.exception("x").problem().getStatus());
    }

    @Test
    void aPlainStatusProblemIsAboutBlankWithTheReasonPhrase() {
        assertEquals("about:blank", Problem.ofStatus(413, null).getType().toString());
        assertEquals("Content Too Large", Problem.ofStatus(413, null).getTitle());
        assertEquals("HTTP 599", Problem.ofStatus(599, null).getTitle());
    }
}
