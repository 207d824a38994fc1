package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamNameTest {

    @Test
    void acceptsCategoryDashId() {
        assertEquals("member-4711", StreamName.parse("member-4711").value());
        assertEquals("a", StreamName.parse("a").value());
        assertEquals("x".repeat(200), StreamName.parse("x".repeat(200)).value());
    }

    @Test
    void refusesWhatWouldBreakTheKeyLayout() {
        for (String bad : new String[] {null, "", "-x", "member-{p1}", "a b", "a/b", "ä-1", "x".repeat(201), "a\nb"}) {
            ProblemException e = assertThrows(ProblemException.class, () -> StreamName.parse(bad), String.valueOf(bad));
            assertEquals(400, e.problem().getStatus());
        }
    }

    @Test
    void partitionIsStableAndInRange() {
        StreamName name = StreamName.parse("member-4711");
        assertEquals(name.partition(256), StreamName.parse("member-4711").partition(256));
        for (int i = 0; i < 1000; i++) {
            int partition = StreamName.parse("s-" + i).partition(8);
            assertTrue(partition >= 0 && partition < 8);
        }
    }
}
