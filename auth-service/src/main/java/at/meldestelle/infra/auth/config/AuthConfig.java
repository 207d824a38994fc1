package at.meldestelle.infra.auth.config;

import at.meldestelle.infra.shared.api.security.Roles;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** The {@code iss} of every token and the base of the discovery document's URLs; see {@link #issuerUrl()}. */
    String issuer();

    /** The issuer without trailing slashes, as tokens and discovery must both state it. */
    default String issuerUrl() {
        return issuer().replaceAll("/+$", "");
    }

    /** Lifetime of access tokens. */
    @WithDefault("PT5M")
    Duration accessTokenLifespan();

    Bootstrap bootstrap();

    /** The first confidential client, created or updated at every start. */
    interface Bootstrap {
        String clientId();

        String clientSecret();

        @WithDefault(Roles.ADMIN)
        List<String> clientRoles();
    }
}
