package com.tweetsentiment.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model store under concurrent changes, from threads of this process and from other processes. */
class ModelStoreTest {

    @TempDir
    Path root;

    @Test
    void refusesWhatWouldBreakTheRoot() {
        ModelStore store = new ModelStore(root);
        store.publish("v1", dir -> Files.writeString(dir.resolve("content"), "v1"));
        assertThatThrownBy(() -> store.publish("v1", dir -> { })).hasMessageContaining("never overwritten");
        assertThatThrownBy(() -> store.activate("absent")).hasMessageContaining("no artifact absent");
        assertThatThrownBy(() -> store.activate("../x")).hasMessageContaining("invalid model version");
        store.activate("v1");
        assertThatThrownBy(() -> store.delete("v1")).hasMessageContaining("is the active version");
        assertThatThrownBy(() -> store.activate("v1", () -> {
            throw new ArtifactException("does not load");
        })).hasMessageContaining("does not load");
        assertThat(store.activeVersion()).isEqualTo("v1");
        assertThat(store.versions()).containsExactly("v1");
    }

    @Test
    void threadsAndTwoOtherProcessesChangingOneRootLeaveItWhole() throws Exception {
        ModelStore store = new ModelStore(root);
        store.publish("seed", dir -> Files.writeString(dir.resolve("content"), "seed"));
        store.activate("seed");
        List<Process> children = new ArrayList<>();
        for (String prefix : List.of("procA", "procB")) {
            children.add(java("churn", root.toString(), prefix, "40").start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String prefix = "thread" + t;
            threads.add(pool.submit(() -> StoreChurn.churn(new ModelStore(root), prefix, 40, new SplittableRandom(prefix.hashCode()))));
        }
        int refused = 0;
        for (Future<Integer> f : threads) {
            refused += f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        for (Process p : children) {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        }
        assertThat(refused).as("the churn did try to delete active or gone versions").isPositive();

        // whole: ACTIVE names a published version, every version holds its own content, no temporary is left
        String active = store.activeVersion();
        assertThat(store.versions()).contains(active);
        for (String v : store.versions()) {
            assertThat(Files.readString(root.resolve(v).resolve("content"))).isEqualTo(v);
        }
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
        assertThat(store.removeTemporaries()).isZero();
    }

    @Test
    void removesTheTemporariesOfAGoneProcessAndNeverThoseOfALiveOne() throws Exception {
        ModelStore store = new ModelStore(root);
        Process writer = java("hold", root.toString(), "slow").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("writing");
        }
        String theirs = ".tmp-" + writer.pid() + "@";
        assertThat(temporaries()).anyMatch(n -> n.startsWith(theirs));
        Files.createDirectories(root.resolve(".tmp-older-release-leftover"));

        assertThat(store.removeTemporaries()).as("only the leftover of an older release").isEqualTo(1);
        assertThat(temporaries()).anyMatch(n -> n.startsWith(theirs));

        writer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(store.removeTemporaries()).isEqualTo(1);
        assertThat(temporaries()).isEmpty();
        assertThat(store.versions()).doesNotContain("slow");
    }

    private List<String> temporaries() throws Exception {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")).toList();
        }
    }

    private static ProcessBuilder java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), StoreChurn.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
