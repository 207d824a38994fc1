package at.meldestelle.infra.shared.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.util.List;

/**
 * RestAssured requests of a caller with role ADMIN, for tests of what a service does rather than
 * whom it lets in: statically imported in place of {@code RestAssured.given}. Needs a running {@link OidcIssuer} (or {@link TestIssuer}).
 */
public final class AdminRequests {

    private AdminRequests() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().auth().oauth2(adminToken());
    }

    public static String adminToken() {
        return OidcIssuer.token("test-admin", List.of("ADMIN"), List.of());
    }
}
