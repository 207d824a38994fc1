package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static String detail(String body) {
        return assertThrows(ProblemException.class, () -> AppendRequest.parse(json(body), 3)).problem().getDetail();
    }

    @Test
    void parsesAValidBatch() {
        AppendRequest request = AppendRequest.parse(json("{'expectedVersion':'no_stream','events':[{'eventId':'" + ID.toUpperCase()
                + "','type':'T','schemaVersion':2,'data':{'a':1},'metadata':{'m':true}}]}"), 3);
        assertEquals("no_stream", request.expectedVersion().encoded());
        NewEvent event = request.events().get(0);
        assertEquals(ID, event.eventId(), "eventIds are normalised");
        assertEquals(2, event.schemaVersion());
        assertEquals(1, event.data().get("a").asInt());
    }

    @Test
    void defaultsAreAnyVersionSchemaOneAndNullMetadata() {
        AppendRequest request = AppendRequest.parse(json("{'events':[{'eventId':'" + ID + "','type':'T','data':null}]}"), 3);
        assertEquals(ExpectedVersion.ANY, request.expectedVersion());
        assertEquals(1, request.events().get(0).schemaVersion());
        assertTrue(request.events().get(0).metadata().isNull());
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
}
