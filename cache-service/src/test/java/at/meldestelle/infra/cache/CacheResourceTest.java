package at.meldestelle.infra.cache;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST API of DESIGN section 8 against a real Redis, with its hostile inputs. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class CacheResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aValueComesBackWithItsMediaTypeFirstFromRedisThenFromMemory() {
        String key = "member:" + UUID.randomUUID();
        given().contentType("application/vnd.meldestelle+json; charset=utf-8").body("{\"name\":\"Anna\"}")
                .put("/caches/members/entries/" + key).then().statusCode(204);
        given().get("/caches/members/entries/" + key).then().statusCode(200)
                .header("X-Cache", "L2")
                .header("Content-Type", "application/vnd.meldestelle+json; charset=utf-8")
                .body(equalTo("{\"name\":\"Anna\"}"));
        assertEquals("L1", awaitLevel("members", key, "L1").header("X-Cache"));
        given().delete("/caches/members/entries/" + key).then().statusCode(204);
        given().get("/caches/members/entries/" + key).then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString(key));
    }

    @Test
    void keysMayHoldSlashesSpacesAndAnyLetterButNoControlCharacters() {
        given().urlEncodingEnabled(false).body("v").put("/caches/members/entries/a/b%20c-%C3%A4%F0%9F%90%B4").then().statusCode(204);
        given().urlEncodingEnabled(false).get("/caches/members/entries/a/b%20c-%C3%A4%F0%9F%90%B4").then().statusCode(200).body(equalTo("v"));
        given().contentType("application/json").body("{\"keys\":[\"a/b c-\u00e4\uD83D\uDC34\"]}").post("/caches/members/mget").then()
                .statusCode(200).body("missing", equalTo(java.util.List.of()));
        given().urlEncodingEnabled(false).body("v").put("/caches/members/entries/a%00b").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("control characters"));
        given().body("v").put("/caches/members/entries/" + "k".repeat(1025)).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aBadTtlIsRefused() {
        given().body("v").queryParam("ttl", "soon").put("/caches/members/entries/k").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("ISO-8601"));
        given().body("v").queryParam("ttl", "PT0S").put("/caches/members/entries/k").then().statusCode(400);
        given().body("v").queryParam("ttl", "-PT5S").put("/caches/members/entries/k").then().statusCode(400);
        given().body("v").queryParam("ttl", "P400D").put("/caches/members/entries/k").then().statusCode(400)
                .body("detail", containsString("at most"));
        given().body("v").queryParam("ttl", "PT9223372036854775807S").put("/caches/members/entries/k").then().statusCode(400);
        given().body("v").queryParam("ttl", "-PT9223372036854775807S").put("/caches/members/entries/k").then().statusCode(400);
        given().body("v").queryParam("ttl", "PT1S").put("/caches/members/entries/k").then().statusCode(204);
    }

    @Test
    void anOversizedValueIsRefusedWith413WhetherItsLengthIsDeclaredOrChunked() {
        byte[] justOver = new byte[1024 * 1024 + 1];
        given().contentType("application/octet-stream").body(justOver).put("/caches/members/entries/big").then()
                .statusCode(413).contentType(PROBLEM).body("limit", equalTo(1024 * 1024));
        byte[] huge = new byte[12 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        InputStream chunked = new ByteArrayInputStream(huge);
        given().contentType("application/octet-stream").body(chunked).put("/caches/members/entries/huge").then().statusCode(413);
        given().get("/caches/members/entries/big").then().statusCode(404);
        given().get("/caches/members/entries/huge").then().statusCode(404);
    }

    @Test
    void unknownAndMalformedCacheNames() {
        String cache = "unknown-" + UUID.randomUUID();
        given().get("/caches/" + cache + "/entries/k").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("no cache named"));
        given().get("/caches/" + cache + "/stats").then().statusCode(404);
        given().contentType("application/json").body("{\"pattern\":\"*\"}").post("/caches/" + cache + "/invalidate").then().statusCode(404);
        given().body("v").put("/caches/bad:name/entries/k").then().statusCode(400).contentType(PROBLEM);
        // Created on first write (meldestelle.cache.create-on-write, on by default).
        given().body("v").put("/caches/" + cache + "/entries/k").then().statusCode(204);
        given().get("/caches/" + cache + "/entries/k").then().statusCode(200).body(equalTo("v"));
    }

    @Test
    void batchesCarryJsonAndBytes() {
        String cache = "batch-" + UUID.randomUUID();
        String png = Base64.getEncoder().encodeToString(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
        given().contentType("application/json").body("{\"ttl\":\"PT5M\",\"entries\":[{\"key\":\"a\",\"value\":{\"n\":1}},"
                        + "{\"key\":\"b\",\"base64\":\"" + png + "\",\"contentType\":\"image/png\"}]}")
                .post("/caches/" + cache + "/mset").then().statusCode(204);
        given().contentType("application/json").body("{\"keys\":[\"a\",\"b\",\"c\",\"c\"]}").post("/caches/" + cache + "/mget").then()
                .statusCode(200)
                .body("entries.a.value.n", equalTo(1))
                .body("entries.a.contentType", equalTo("application/json"))
                .body("entries.b.base64", equalTo(png))
                .body("entries.b.value", nullValue())
                .body("missing", equalTo(java.util.List.of("c")));
        given().get("/caches/" + cache + "/entries/b").then().statusCode(200).contentType("image/png");
    }

    @Test
    void badBatchesAreRefused() {
        String cache = "members";
        given().contentType("application/json").body("{\"entries\":[{\"key\":\"a\",\"base64\":\"***\"}]}")
                .post("/caches/" + cache + "/mset").then().statusCode(400).body("detail", containsString("base64"));
        given().contentType("application/json").body("{\"entries\":[{\"key\":\"a\",\"base64\":\"AA==\",\"contentType\":\"foo\"}]}")
                .post("/caches/" + cache + "/mset").then().statusCode(400).body("detail", containsString("not a media type"));
        given().contentType("application/json").body("{\"entries\":[{\"key\":\"a\"}]}")
                .post("/caches/" + cache + "/mset").then().statusCode(400).body("detail", containsString("neither"));
        given().contentType("application/json").body("{\"entries\":[{\"key\":\"a\",\"value\":1},{\"key\":\"a\",\"value\":2}]}")
                .post("/caches/" + cache + "/mset").then().statusCode(400).body("detail", containsString("twice"));
        given().contentType("application/json").body("{\"entries\":[]}")
                .post("/caches/" + cache + "/mset").then().statusCode(400);
        given().contentType("application/json").body("{\"keys\":").post("/caches/" + cache + "/mget").then().statusCode(400).contentType(PROBLEM);
        given().contentType("application/json").body("{}").post("/caches/" + cache + "/mget").then().statusCode(400);
        given().contentType("text/plain").body("a").post("/caches/" + cache + "/mget").then().statusCode(415);
        StringBuilder many = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append('"');
        }
        given().contentType("application/json").body(many.append("]}").toString()).post("/caches/" + cache + "/mget").then()
                .statusCode(400).body("detail", containsString("at most 1000"));
    }

    @Test
    void aPatternInvalidationDropsMatchingKeysOnly() {
        String cache = "pattern-" + UUID.randomUUID();
        for (String key : new String[]{"member:1", "member:2", "horse:1"}) {
            given().body(key).put("/caches/" + cache + "/entries/" + key).then().statusCode(204);
        }
        given().contentType("application/json").body("{\"pattern\":\"member:*\"}").post("/caches/" + cache + "/invalidate").then()
                .statusCode(200).body("invalidated", equalTo(2));
        given().get("/caches/" + cache + "/entries/member:1").then().statusCode(404);
        given().get("/caches/" + cache + "/entries/horse:1").then().statusCode(200);
        given().contentType("application/json").body("{\"pattern\":\"\"}").post("/caches/" + cache + "/invalidate").then().statusCode(400);
        given().contentType("application/json").body("{\"pattern\":\"*a*b*c*d*e*f*g*h*i\"}").post("/caches/" + cache + "/invalidate").then()
                .statusCode(400).body("detail", containsString("at most 8"));
        given().contentType("application/json").body("{}").post("/caches/" + cache + "/invalidate").then().statusCode(400);
        given().delete("/caches/" + cache).then().statusCode(204);
        given().get("/caches/" + cache + "/entries/horse:1").then().statusCode(404);
    }

    @Test
    void statsCountEachLevelAndAreExportedAsMetrics() {
        String key = "stats-" + UUID.randomUUID();
        given().body("v").put("/caches/horses/entries/" + key).then().statusCode(204);
        awaitLevel("horses", key, "L1");
        given().get("/caches/horses/entries/missing-" + key).then().statusCode(404);
        given().get("/caches/horses/stats").then().statusCode(200)
                .body("cache", equalTo("horses"))
                .body("l1.hits", greaterThanOrEqualTo(1))
                .body("l2.hits", greaterThanOrEqualTo(1))
                .body("l2.misses", greaterThanOrEqualTo(1))
                .body("l1.size", greaterThanOrEqualTo(1));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String series : new String[]{"cache_gets_total{cache=\"horses\",level=\"l1\",result=\"hit\"}",
                "cache_gets_total{cache=\"horses\",level=\"l2\",result=\"miss\"}", "cache_size{cache=\"horses\",level=\"l1\"}",
                "cache_evictions_total{cache=\"horses\",level=\"l1\"}", "cache_invalidations_connected 1.0"}) {
            assertTrue(metrics.contains(series), series + " is exported");
        }
    }

    private static Response awaitLevel(String cache, String key, String level) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Response response = given().get("/caches/" + cache + "/entries/" + key);
            assertEquals(200, response.statusCode());
            if (level.equals(response.header("X-Cache"))) {
                return response;
            }
            assertTrue(System.nanoTime() < deadline, key + " never came from " + level);
        }
    }

}
