package com.tweetsentiment.artifact;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Changes a model store at random from its own process (for {@link ModelStoreTest}): {@code churn <root> <prefix> <n>}
 * publishes, activates and deletes; {@code hold <root> <version>} starts publishing a version and never finishes (it
 * waits to be killed, leaving its temporary behind).
 */
public final class StoreChurn {

    private StoreChurn() {
    }

    public static void main(String[] args) throws Exception {
        ModelStore store = new ModelStore(Path.of(args[1]));
        if (args[0].equals("hold")) {
            store.publish(args[2], dir -> {
                Files.writeString(dir.resolve("part"), "half");
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return;
        }
        churn(store, args[2], Integer.parseInt(args[3]), new SplittableRandom(args[2].hashCode()));
    }

    /** Random publishes, activations and deletions; refusals (active, gone) are part of the game. */
    static int churn(ModelStore store, String prefix, int n, SplittableRandom random) {
        int refused = 0;
        for (int i = 0; i < n; i++) {
            String mine = prefix + "-" + i;
            store.publish(mine, dir -> Files.writeString(dir.resolve("content"), mine));
            List<String> versions = store.versions();
            String some = versions.get(random.nextInt(versions.size()));
            boolean activate = random.nextBoolean();
            if (i % 8 == 7) {   // now and then the active version itself, so that every churn meets a refusal
                some = store.activeVersion();
                activate = false;
            }
            try {
                if (activate) {
                    store.activate(some);
                } else {
                    store.delete(some);
                }
            } catch (ArtifactException e) {
                if (!e.getMessage().contains("is the active version") && !e.getMessage().contains("no artifact")) {
                    throw e;
                }
                refused++;
            }
        }
        return refused;
    }
}
