package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.serving.ModelRegistry;
import com.tweetsentiment.serving.ShadowService;
import com.tweetsentiment.serving.ServingProperties;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the admin API: its security (a bearer token guards {@code /admin/**}; everything else stays open and skips the
 * security filters), the job
 * service and the example store.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
@SecurityScheme(name = AdminConfiguration.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "the admin token (sentiment.admin.token / SENTIMENT_ADMIN_TOKEN)")
class AdminConfiguration {

    static final String SECURITY_SCHEME = "admin-token";
    private static final Logger log = LoggerFactory.getLogger(AdminConfiguration.class);

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AdminProperties properties, JsonMapper json) throws Exception {
        if (!properties.enabled()) {
            log.warn("the admin API is off: no admin token is configured (sentiment.admin.token or SENTIMENT_ADMIN_TOKEN)");
        }
        // only /admin goes through the security filters; /predict and the rest skip them (each filter costs latency)
        return http
                .securityMatcher("/admin", "/admin/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .addFilterBefore(new AdminSecurity.TokenFilter(properties, json), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .anyRequest().hasRole(AdminSecurity.ROLE))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> AdminSecurity.refuse(req, res, properties.enabled(), json))
                        .accessDeniedHandler((req, res, ex) -> AdminSecurity.refuse(req, res, properties.enabled(), json)))
                .build();
    }

    /**
     * Requests that Spring Security's firewall refuses (encoded slashes or dots, as in a path-traversal attempt) get a
     * 400 problem like every other bad request. Tomcat passes encoded slashes on to the firewall rather than answering
     * with its own HTML page.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
        return (request, response, e) -> {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request path is not allowed: " + e.getMessage());
            p.setTitle("Invalid request path");
            p.setType(URI.create("about:blank"));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), p);
        };
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheFirewall() {
        return factory -> factory.addConnectorCustomizers(c -> c.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }

    @Bean
    ExampleStore exampleStore(AdminProperties properties, ServingProperties serving) {
        return new ExampleStore(properties.stateDir(), serving.maxTextLength(), properties.uploads().maxExampleRows());
    }

    @Bean(destroyMethod = "close")
    ReplicaDirectory replicaDirectory(AdminProperties properties, ServingProperties serving, ModelRegistry registry) {
        Duration every = serving.models().pollInterval().isZero() ? Duration.ofSeconds(2) : serving.models().pollInterval();
        ReplicaDirectory replicas = new ReplicaDirectory(properties.stateDir(), registry, every, Clock.systemUTC());
        registry.afterStartup(replicas::start);   // its first report names the model loaded at start-up
        return replicas;
    }

    @Bean(destroyMethod = "close")
    JobService jobService(AdminProperties properties, ModelStore store, ModelRegistry registry, ExampleStore examples, ShadowService shadow) {
        JobRecords records = new JobRecords(properties.stateDir().resolve("jobs"));
        // local: the job runs beside this replica and activates through its registry (it serves the new version at once;
        // other replicas follow the store); external: a worker runs it
        JobRunner runner = properties.jobs().runner() == AdminProperties.Runner.LOCAL
                ? new JobRunner(properties, records, store, new JobRunner.Activation() {
                    @Override
                    public void activate(String version) {
                        registry.activate(version);
                    }

                    @Override
                    public String holdForShadow(String version) {
                        if (!shadow.required()) {
                            return null;
                        }
                        shadow.start(version);
                        return "a shadow evaluation is required before activation: it now shadows the active model on this replica; "
                                + "activate it (POST /admin/models/" + version + "/activate) once its shadow report meets the bar";
                    }
                }, examples, new TrainerProcesses(properties.trainer()), Clock.systemUTC())
                : null;
        JobService jobs = new JobService(properties, records, runner, store, Clock.systemUTC());
        jobs.recover();
        return jobs;
    }
}
