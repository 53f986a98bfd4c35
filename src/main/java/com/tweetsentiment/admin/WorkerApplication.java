package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.serving.ServingProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code java -jar tweet-sentiment.jar worker}: the same image and settings as the service, but it serves no
 * predictions and no admin API. It runs the retraining jobs that replicas with {@code sentiment.admin.jobs.runner=external}
 * queue, activating a candidate that passes the gate in the model store (every replica then loads it). Its HTTP port
 * has the actuator alone: {@code /actuator/health} (liveness, readiness) and metrics.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConditionalOnProperty(name = WorkerApplication.ROLE, havingValue = "worker")
@EnableConfigurationProperties({AdminProperties.class, ServingProperties.class})
public class WorkerApplication {

    static final String ROLE = "sentiment.role";
    private static final Logger log = LoggerFactory.getLogger(WorkerApplication.class);

    public static void run(String[] args) {
        // as command-line arguments, these win over application.properties (whose readiness group names the model)
        List<String> all = new ArrayList<>(List.of("--" + ROLE + "=worker",
                "--management.endpoint.health.group.readiness.include=readinessState,worker"));
        all.addAll(List.of(args));
        new SpringApplication(WorkerApplication.class).run(all.toArray(String[]::new));
    }

    @Bean
    ModelStore modelStore(ServingProperties serving) {
        ModelStore store = new ModelStore(serving.modelsDir());
        if (serving.seedModelsDir() != null) {
            store.seed(serving.seedModelsDir());
        }
        return store;
    }

    @Bean(destroyMethod = "close")
    JobWorker jobWorker(AdminProperties properties, ServingProperties serving, ModelStore store) {
        JobRecords records = new JobRecords(properties.stateDir().resolve("jobs"));
        ExampleStore examples = new ExampleStore(properties.stateDir(), serving.maxTextLength(), properties.uploads().maxExampleRows());
        // the candidate must load and verify here before ACTIVE names it; the replicas then load it themselves
        JobRunner.Activation activation = new JobRunner.Activation() {
            @Override
            public void activate(String version) {
                store.activate(version, () -> ModelArtifacts.load(store.directory(version)));
                log.info("activated {} in {}", version, store.root().toAbsolutePath());
            }

            @Override
            public String holdForShadow(String version) {
                // a shadow runs in a replica that serves traffic, not here
                return serving.shadow().required() ? "a shadow evaluation is required before activation: shadow it on a replica "
                        + "(POST /admin/models/" + version + "/shadow), then activate it once its report meets the bar" : null;
            }
        };
        JobRunner runner = new JobRunner(properties, records, store, activation, examples, new TrainerProcesses(properties.trainer()),
                Clock.systemUTC());
        JobService jobs = new JobService(properties, records, null, store, Clock.systemUTC());
        jobs.recover();
        JobWorker worker = new JobWorker(records, jobs, runner, properties.jobs().workerPoll());
        worker.start();
        return worker;
    }

    @Bean
    HealthIndicator worker(JobWorker worker) {
        return () -> {
            Health.Builder h = worker.alive() ? Health.up() : Health.down();
            if (worker.lastRound() != null) {
                h.withDetail("lastRound", worker.lastRound().toString());
            }
            if (worker.running() != null) {
                h.withDetail("runningJob", worker.running());
            }
            return h.build();
        };
    }

    /** Only the actuator is served here, and it is as open as the service's. */
    @Bean
    SecurityFilterChain workerSecurity(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable()).build();
    }
}
