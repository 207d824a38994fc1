package at.meldestelle.infra.auth;

import at.meldestelle.infra.auth.client.ClientRepository;
import at.meldestelle.infra.auth.client.ClientSecretHasher;
import at.meldestelle.infra.auth.client.OAuthClient;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A confidential client beside the bootstrap one, for tests of what one client may do with another's tokens. */
public final class SecondClient {

    public static final String ID = "other-client";
    public static final String SECRET = "other-secret";

    private SecondClient() {
    }

    /** Registers it (again) through the service's own repository, with role MEMBER. */
    public static void register(ClientRepository clients, ClientSecretHasher hasher) {
        clients.save(new OAuthClient(ID, hasher.hash(ID, SECRET), true, List.of("MEMBER"),
                        Set.of("client_credentials", "password", "refresh_token"), true, null))
                .await().atMost(Duration.ofSeconds(5));
    }
}
