package com.tweetsentiment.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.engine.SentimentModel;
import com.tweetsentiment.text.Preprocessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private static final Preprocessor.Encoded TEXT = new Preprocessor.Encoded(new int[] {2}, new int[0], 1, 1);

    private static List<Prediction> answers(List<?> inputs) {
        List<Prediction> out = new ArrayList<>();
        inputs.forEach(i -> out.add(new Prediction("Positive", 0.9, Map.of("Positive", 0.9), 1, 1)));
        return out;
    }

    @Test
    void aFullQueueRefusesAtOnceAndRecoversWhenItDrains() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        SentimentModel model = mock(SentimentModel.class);
        when(model.predictEncoded(anyList())).thenAnswer(inv -> {
            release.await(10, TimeUnit.SECONDS);
            return answers(inv.getArgument(0));
        });
        ActiveModel active = new ActiveModel("v1", null, model);
        try (MicroBatcher batcher = new MicroBatcher(new ServingProperties.Batching(4, Duration.ZERO, 3, 1), sizes::add)) {
            List<CompletableFuture<Prediction>> first = batcher.submit(active, List.of(TEXT, TEXT));
            List<CompletableFuture<Prediction>> second = batcher.submit(active, List.of(TEXT));
            assertThatThrownBy(() -> batcher.submit(active, List.of(TEXT))).isInstanceOf(ModelUnavailableException.class)
                    .hasMessageContaining("queue is full");
            release.countDown();
            for (CompletableFuture<Prediction> f : first) {
                assertThat(f.get(10, TimeUnit.SECONDS).label()).isEqualTo("Positive");
            }
            second.get(0).get(10, TimeUnit.SECONDS);
            assertThat(batcher.submit(active, List.of(TEXT, TEXT, TEXT)).get(2).get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
        }
    }

    @Test
    void concurrentTextsAreGatheredIntoBatchesAndAnswersKeepTheirOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        SentimentModel model = mock(SentimentModel.class);
        when(model.predictEncoded(anyList())).thenAnswer(inv -> {
            busy.countDown();
            release.await(10, TimeUnit.SECONDS);
            List<Preprocessor.Encoded> in = inv.getArgument(0);
            List<Prediction> out = new ArrayList<>();
            in.forEach(e -> out.add(new Prediction("L" + e.ids()[0], 1, Map.of(), 0, 0)));
            return out;
        });
        ActiveModel active = new ActiveModel("v1", null, model);
        try (MicroBatcher batcher = new MicroBatcher(new ServingProperties.Batching(64, Duration.ofMillis(1), 1000, 1), sizes::add)) {
            List<CompletableFuture<Prediction>> blocker = batcher.submit(active, List.of(TEXT));
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();  // the single worker holds the first text
            List<CompletableFuture<Prediction>> waiting = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                waiting.addAll(batcher.submit(active, List.of(new Preprocessor.Encoded(new int[] {i}, new int[0], 1, 1))));
            }
            release.countDown();
            blocker.get(0).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                assertThat(waiting.get(i).get(10, TimeUnit.SECONDS).label()).isEqualTo("L" + i);
            }
            assertThat(sizes).contains(20);
        }
    }
}
