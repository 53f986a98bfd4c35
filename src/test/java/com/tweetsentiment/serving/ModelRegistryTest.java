package com.tweetsentiment.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.artifact.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica following the store: swaps to what ACTIVE names once it loads, refuses what does not, and backs off. */
class ModelRegistryTest {

    @TempDir
    static Path dir;
    static Path root;

    @BeforeAll
    static void models() throws Exception {
        root = TestModels.root(Files.createDirectories(dir.resolve("models")), TestModels.GOLDEN);
        TestModels.brokenCopy(root.resolve(TestModels.TINY), root.resolve("broken"));
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-02T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void followsTheStoreAndKeepsServingWhenTheNamedVersionIsBroken() {
        ModelStore store = new ModelStore(root);
        store.activate(TestModels.GOLDEN);
        List<String> events = new ArrayList<>();
        TestClock clock = new TestClock();
        ModelRegistry registry = new ModelRegistry(store, new ModelRegistry.Events() {
            @Override
            public void activated(ActiveModel model) {
                events.add("activated " + model.version());
            }

            @Override
            public void refused(String version, String reason) {
                events.add("refused " + version);
            }
        }, new Warmup(64, 8), Duration.ofSeconds(2), clock);
        registry.loadActive();
        assertThat(registry.require().version()).isEqualTo(TestModels.GOLDEN);
        assertThat(registry.sync()).as("nothing changed").isFalse();

        store.activate(TestModels.TINY);  // say, through another replica
        assertThat(registry.sync()).isTrue();
        assertThat(registry.require().version()).isEqualTo(TestModels.TINY);

        store.activate("broken");  // by hand, past every check
        assertThat(registry.sync()).isFalse();
        ModelRegistry.Status status = registry.status();
        assertThat(status.serving()).isEqualTo(TestModels.TINY);
        assertThat(status.storeActive()).isEqualTo("broken");
        assertThat(status.failure().version()).isEqualTo("broken");
        assertThat(status.failure().reason()).contains("wo.npy is corrupt");
        assertThat(status.failure().attempts()).isEqualTo(1);

        registry.sync();  // too soon: backing off, no new attempt
        assertThat(registry.status().failure().attempts()).isEqualTo(1);
        clock.now = clock.now.plusSeconds(3);
        registry.sync();
        assertThat(registry.status().failure().attempts()).isEqualTo(2);
        assertThat(registry.status().failure().nextAttempt()).isEqualTo(clock.now.plusSeconds(4));

        store.activate(TestModels.GOLDEN);  // repaired by activating a good version
        assertThat(registry.sync()).isTrue();
        assertThat(registry.status().failure()).isNull();
        assertThat(registry.require().version()).isEqualTo(TestModels.GOLDEN);
        assertThat(events).containsExactly("activated golden-v1", "activated tiny-v2", "refused broken", "refused broken",
                "activated golden-v1");
    }

    @Test
    void aReplicaThatStartsOnABrokenVersionServesNothingUntilAGoodOneIsNamed() {
        ModelStore store = new ModelStore(root);
        store.activate("broken");
        TestClock clock = new TestClock();
        ModelRegistry registry = new ModelRegistry(store, new ModelRegistry.Events() {
            @Override
            public void activated(ActiveModel model) {
            }

            @Override
            public void refused(String version, String reason) {
            }
        }, new Warmup(0, 1), Duration.ofSeconds(2), clock);
        registry.loadActive();
        assertThat(registry.current()).isEmpty();
        assertThat(registry.status().failure().version()).isEqualTo("broken");
        store.activate(TestModels.TINY);
        assertThat(registry.sync()).as("a different version is tried at once").isTrue();
        assertThat(registry.require().version()).isEqualTo(TestModels.TINY);
        store.activate(TestModels.GOLDEN);
    }
}
