package com.tweetsentiment.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.serving.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A runner that died while a job ran: whoever finds it stops the orphaned process, removes its files, marks it failed. */
class JobRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void marksAnInterruptedJobFailedAndRemovesItsLeftovers() throws Exception {
        Path models = TestModels.root(Files.createDirectories(dir.resolve("models")), TestModels.GOLDEN);
        Path state = dir.resolve("state");
        Path work = Files.createDirectories(state.resolve("jobs/7/work"));
        Files.writeString(work.resolve("data.csv"), "1,a,Positive,text\n");
        String candidate = "20261126-120000-job7";
        // what a killed trainer leaves: a half-written temporary artifact; and a published but never gated candidate
        Files.createDirectories(models.resolve(".tmp-" + candidate + "-123"));
        copy(models.resolve(TestModels.TINY), Files.createDirectories(models.resolve(candidate)));
        // the orphaned trainer process, recognisable by its work directory named first on its command line
        Process orphan = new ProcessBuilder("sh", "-c", "sleep 120", "-D" + TrainerProcesses.WORK_PROPERTY + "=" + work.toAbsolutePath()).start();
        Job running = Job.queued(7, Instant.parse("2026-11-26T12:00:00Z"), "default", Map.of("epochs", 2), false,
                "base dataset", candidate).claimed(ModelStore.owner()).running(Instant.parse("2026-11-26T12:00:01Z"), orphan.pid());
        Files.writeString(state.resolve("jobs/7/job.json"), ModelArtifacts.json().writeValueAsString(running));
        Job finished = Job.queued(3, Instant.parse("2026-11-25T12:00:00Z"), "default", Map.of(), false, "base dataset", "old-job3")
                .finished(Job.State.REJECTED, Instant.parse("2026-11-25T12:10:00Z"), null, null, "rejected by the gate");
        Files.createDirectories(state.resolve("jobs/3"));
        Files.writeString(state.resolve("jobs/3/job.json"), ModelArtifacts.json().writeValueAsString(finished));

        Path upload = Files.createDirectories(state.resolve("jobs/uploads")).resolve("upload-1.csv");
        Files.writeString(upload, "1,a,Positive,half an upload");
        Files.setLastModifiedTime(upload, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path freshUpload = Files.writeString(upload.resolveSibling("upload-2.csv"), "1,a,Positive,another replica's upload now");

        JobService jobs = service(state, models);
        jobs.recover();
        assertThat(Files.exists(upload)).isFalse();
        assertThat(Files.exists(freshUpload)).as("it may be another replica's upload in progress").isTrue();

        assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Job recovered = jobs.get(7).orElseThrow();
        assertThat(recovered.state()).isEqualTo(Job.State.FAILED);
        assertThat(recovered.message()).contains("its runner " + ModelStore.owner() + " stopped");
        assertThat(recovered.pid()).isNull();
        assertThat(Files.exists(work)).isFalse();
        assertThat(new ModelStore(models).versions()).containsExactly(TestModels.GOLDEN, TestModels.TINY);
        assertThat(Files.exists(models.resolve(".tmp-" + candidate + "-123"))).isFalse();
        assertThat(jobs.get(3).orElseThrow().state()).isEqualTo(Job.State.REJECTED);
        // the record on disk says the same, so a second restart changes nothing
        JobService again = service(state, models);
        again.recover();
        assertThat(again.get(7).orElseThrow().state()).isEqualTo(Job.State.FAILED);
        assertThat(again.list()).extracting(Job::id).containsExactly(3L, 7L);
    }

    @Test
    void theSettingsNeverShowTheToken() {
        AdminProperties p = new Binder(new MapConfigurationPropertySource(Map.of("sentiment.admin.token", "secret-token")))
                .bindOrCreate("sentiment.admin", AdminProperties.class);
        assertThat(p.enabled()).isTrue();
        assertThat(p.toString()).doesNotContain("secret-token").contains("token=(set)");
    }

    private static JobService service(Path state, Path models) {
        AdminProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "sentiment.admin.state-dir", state.toString(), "sentiment.admin.trainer.stop-grace", "2s")))
                .bindOrCreate("sentiment.admin", AdminProperties.class);
        return new JobService(properties, new JobRecords(state.resolve("jobs")), null, new ModelStore(models),
                Clock.fixed(Instant.parse("2026-11-26T13:00:00Z"), ZoneOffset.UTC));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
