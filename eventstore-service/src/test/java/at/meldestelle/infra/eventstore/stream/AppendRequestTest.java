package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppendRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "0b6a1c2e-6a3b-4bb1-9a53-3a1f2d1c0e01";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final AppendRequest.Limits LIMITS = new AppendRequest.Limits(3, 1000, 1500);

    private static AppendRequest parse(String body) {
        return AppendRequest.parse(json(body), LIMITS, JSON);
    }

    private static ProblemException problem(String body) {
        return assertThrows(ProblemException.class, () -> parse(body));
    }

    private static String detail(String body) {
        return problem(body).problem().getDetail();
    }

    private static String event(String id, String data) {
        return "{'eventId':'" + id + "','type':'T','data':" + data + "}";
    }

    @Test
    void parsesAValidBatch() {
        AppendRequest request = parse("{'expectedVersion':'no_stream','events':[{'eventId':'" + ID.toUpperCase()
                + "','type':'T','schemaVersion':2,'data':{'a':1},'metadata':{'m':true}}]}");
        assertEquals("no_stream", request.expectedVersion().encoded());
        NewEvent event = request.events().get(0);
        assertEquals(ID, event.eventId(), "eventIds are normalised");
        assertEquals(2, event.schemaVersion());
        assertEquals("{\"a\":1}", event.data());
        assertEquals("{\"m\":true}", event.metadata());
    }

    @Test
    void defaultsAreAnyVersionSchemaOneAndNullMetadata() {
        AppendRequest request = parse("{'events':[{'eventId':'" + ID + "','type':'T','data':null}]}");
        assertEquals(ExpectedVersion.ANY, request.expectedVersion());
        assertEquals(1, request.events().get(0).schemaVersion());
        assertEquals("null", request.events().get(0).metadata());
    }

    @Test
    void everyBadFieldIsNamed() {
        assertTrue(detail("[]").contains("JSON object"));
        assertTrue(detail("{'events':[]}").contains("non-empty array"));
        assertTrue(detail("{'events':[1,2,3,4]}").contains("at most 3"));
        assertTrue(detail("{'events':[1]}").contains("events[0] must be an object"));
        assertTrue(detail("{'events':[{'eventId':'nope','type':'T','data':1}]}").contains("must be a UUID"));
        assertTrue(detail("{'events':[{'eventId':'" + ID + "','type':'','data':1}]}").contains("type must be a non-empty string"));
        assertTrue(detail("{'events':[{'eventId':'" + ID + "','type':'" + "t".repeat(201) + "','data':1}]}").contains("at most 200"));
        assertTrue(detail("{'events':[{'eventId':'" + ID + "','type':'T','schemaVersion':0,'data':1}]}").contains("schemaVersion"));
        assertTrue(detail("{'events':[{'eventId':'" + ID + "','type':'T','schemaVersion':1.5,'data':1}]}").contains("schemaVersion"));
        assertTrue(detail("{'events':[{'eventId':'" + ID + "','type':'T'}]}").contains("data is missing"));
        assertTrue(detail("{'events':[{'eventId':'" + ID + "','type':'T','data':1,'metadata':[1]}]}").contains("metadata must be an object"));
        assertTrue(detail("{'events':[{'eventId':'" + ID + "','type':'T','data':1},{'eventId':'" + ID + "','type':'T','data':2}]}")
                .contains("occurs twice"));
        assertTrue(detail("{'expectedVersion':-1,'events':[{'eventId':'" + ID + "','type':'T','data':1}]}").contains("expectedVersion"));
        assertTrue(detail("{'expectedVersion':'latest','events':[{'eventId':'" + ID + "','type':'T','data':1}]}").contains("expectedVersion"));
    }

    @Test
    void eventsAndAppendsOverTheirByteLimitsAre413() {
        String big = "'" + "x".repeat(990) + "'";
        ProblemException event = problem("{'events':[" + event(ID, "'" + "x".repeat(1000) + "'") + "]}");
        assertEquals(413, event.problem().getStatus());
        assertTrue(event.problem().getDetail().contains("limit of 1000 bytes per event"), event.problem().getDetail());

        String second = "1b6a1c2e-6a3b-4bb1-9a53-3a1f2d1c0e01";
        ProblemException append = problem("{'events':[" + event(ID, big) + "," + event(second, big) + "]}");
        assertEquals(413, append.problem().getStatus());
        assertTrue(append.problem().getDetail().contains("1500 bytes per append"), append.problem().getDetail());

        // Multi-byte characters count as their UTF-8 bytes: 400 x 3 bytes is over 1000.
        assertEquals(413, problem("{'events':[" + event(ID, "'" + "\u20ac".repeat(400) + "'") + "]}").problem().getStatus());
    }

    @Test
    void contentHashIgnoresMemberOrderButNotContent() {
        String a = parse("{'events':[" + event(ID, "{'x':1,'y':[1,{'b':2,'a':1}]}") + "]}").events().get(0).contentHash();
        String reordered = parse("{'events':[" + event(ID, "{'y':[1,{'a':1,'b':2}],'x':1}") + "]}").events().get(0).contentHash();
        String other = parse("{'events':[" + event(ID, "{'x':2,'y':[1,{'b':2,'a':1}]}") + "]}").events().get(0).contentHash();
        String otherType = parse("{'events':[{'eventId':'" + ID + "','type':'U','data':{'x':1,'y':[1,{'b':2,'a':1}]}}]}")
                .events().get(0).contentHash();
        assertEquals(a, reordered);
        assertNotEquals(a, other);
        assertNotEquals(a, otherType);
        assertEquals(64, a.length());
    }
}
