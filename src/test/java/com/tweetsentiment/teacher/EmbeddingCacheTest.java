package com.tweetsentiment.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {

    @TempDir
    Path dir;

    private static final List<String> TEXTS = List.of("great game", "servers down again", "great game", "love it");

    @Test
    void aMissComputesEachDistinctTextOnceAndAHitComputesNothing() {
        EmbeddingCache cache = new EmbeddingCache(dir);
        FakeEmbedder first = new FakeEmbedder('a');
        EmbeddingCache.Result miss = cache.embed(TEXTS, first, EmbeddingCache.Progress.NONE);
        assertThat(miss.computed()).isEqualTo(3);
        assertThat(miss.fromCache()).isZero();
        assertThat(first.embedded()).containsExactly("great game", "servers down again", "love it");
        assertThat(miss.vectors()[0]).isEqualTo(miss.vectors()[2]).isEqualTo(first.embed("great game"));

        FakeEmbedder second = new FakeEmbedder('a');  // a new run with the same encoder
        EmbeddingCache.Result hit = cache.embed(TEXTS, second, EmbeddingCache.Progress.NONE);
        assertThat(hit.computed()).isZero();
        assertThat(hit.fromCache()).isEqualTo(3);
        assertThat(second.embedded()).isEmpty();
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(hit.vectors()[i]).isEqualTo(miss.vectors()[i]);
        }
    }

    @Test
    void changedDataComputesOnlyTheNewTextsAndAnotherEncoderComputesAll() {
        EmbeddingCache cache = new EmbeddingCache(dir);
        cache.embed(TEXTS, new FakeEmbedder('a'), EmbeddingCache.Progress.NONE);

        List<String> changed = new ArrayList<>(TEXTS);
        changed.set(1, "servers up again");  // a row's text changed
        changed.add("new example from the admin API");
        FakeEmbedder again = new FakeEmbedder('a');
        EmbeddingCache.Result r = cache.embed(changed, again, EmbeddingCache.Progress.NONE);
        assertThat(again.embedded()).containsExactly("servers up again", "new example from the admin API");
        assertThat(r.fromCache()).isEqualTo(2);

        FakeEmbedder otherModel = new FakeEmbedder('b');  // another fingerprint: never served the first one's vectors
        EmbeddingCache.Result other = cache.embed(TEXTS, otherModel, EmbeddingCache.Progress.NONE);
        assertThat(other.fromCache()).isZero();
        assertThat(otherModel.embedded()).hasSize(3);
        assertThat(cache.file(otherModel)).isNotEqualTo(cache.file(again));
    }

    @Test
    void aRecordCutShortByACrashIsDroppedAndAForeignFileIsReplaced() throws IOException {
        EmbeddingCache cache = new EmbeddingCache(dir);
        FakeEmbedder e = new FakeEmbedder('a');
        cache.embed(TEXTS, e, EmbeddingCache.Progress.NONE);
        Path file = cache.file(e);
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - 10);  // the last record ("love it") lost its tail
        }
        FakeEmbedder next = new FakeEmbedder('a');
        EmbeddingCache.Result r = cache.embed(TEXTS, next, EmbeddingCache.Progress.NONE);
        assertThat(next.embedded()).containsExactly("love it");
        assertThat(r.vectors()[3]).isEqualTo(e.embed("love it"));
        assertThat(Files.size(file)).isEqualTo(size);

        Files.write(file, "not a cache file".getBytes());
        FakeEmbedder fresh = new FakeEmbedder('a');
        assertThat(cache.embed(TEXTS, fresh, EmbeddingCache.Progress.NONE).computed()).isEqualTo(3);
        assertThat(new EmbeddingCache(dir).embed(TEXTS, new FakeEmbedder('a'), EmbeddingCache.Progress.NONE).fromCache()).isEqualTo(3);
    }

    @Test
    void progressReachesTheTotal() {
        List<int[]> updates = new ArrayList<>();
        new EmbeddingCache(dir).embed(TEXTS, new FakeEmbedder('a'), (done, total, fromCache, seconds) -> updates.add(new int[] {done, total}));
        assertThat(updates).isNotEmpty();
        assertThat(updates.get(updates.size() - 1)).containsExactly(3, 3);
    }
}
