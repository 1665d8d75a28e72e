package org.pathwayshub.access;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's description for /api/openapi and /api/docs: what it is, and the two ways to sign in. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class ApiDocumentation {

    static final String BASIC = "basic";
    static final String TOKEN = "token";

    @Bean
    public OpenAPI hubApi() {
        return new OpenAPI()
                .info(new Info().title("Pathways Hub API")
                        .description("Feeds and their runs, rejects and replays; young people, their risk and the access audit; "
                                + "schools' pupils and flags; "
                                + "alerts, dead letters and referrals; the not-known queue; disengagement reasons, interventions "
                                + "and their outcome report; the NCCIS return, its checks and the measures; users and "
                                + "roles. Every call is signed in (HTTP Basic, or an API token as Bearer) and each role may use "
                                + "only its paths (mappings/access/roles.yaml).")
                        .version(ApiDocumentation.class.getPackage().getImplementationVersion() == null ? "development"
                                : ApiDocumentation.class.getPackage().getImplementationVersion())
                        .license(new License().name("Pathways Hub")))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("a user's name and password"))
                        .addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("an API token made with POST /api/users/{username}/tokens")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC))
                .addSecurityItem(new SecurityRequirement().addList(TOKEN));
    }
}
