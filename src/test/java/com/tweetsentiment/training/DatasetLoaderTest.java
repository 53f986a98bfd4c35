package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

    private static final List<String> BINARY = List.of("Negative", "Positive");

    @TempDir
    Path dir;

    private Path csv(byte[] bytes) throws Exception {
        Path f = dir.resolve("data.csv");
        Files.write(f, bytes);
        return f;
    }

    private Path csv(String text) throws Exception {
        return csv(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsRowsAndCountsEveryKindOfBadRow() throws Exception {
        Dataset d = DatasetLoader.load(csv("""
                Tweet ID,entity,sentiment,Tweet content
                1,Nvidia,Positive,"good card, fast
                and quiet"
                2,Nvidia,Negative,
                3,Nvidia,Furious,awful
                4,Nvidia,Neutral,just a card
                5,Nvidia,Negative
                6,Nvidia,Negative,bad,extra
                7,Nvidia,negative,  too hot
                """), BINARY);
        assertThat(d.examples()).extracting(Example::tweetId).containsExactly("1", "7");
        assertThat(d.examples().get(0).text()).isEqualTo("good card, fast\nand quiet");
        assertThat(d.examples().get(1).label()).isEqualTo("Negative");
        assertThat(d.rowsRead()).isEqualTo(8);
        assertThat(d.excluded()).isEqualTo(1);
        assertThat(d.rejected()).containsEntry(DatasetLoader.HEADER, 1L).containsEntry(DatasetLoader.MISSING_TEXT, 1L)
                .containsEntry(DatasetLoader.UNKNOWN_LABEL, 1L).containsEntry(DatasetLoader.WRONG_COLUMNS, 2L);
        assertThat(d.sha256()).hasSize(64);
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("1,X,Positive,caf".getBytes(StandardCharsets.UTF_8));
        b.write(0xC3);  // a lead byte without its continuation
        b.write(0x28);
        b.writeBytes("\n2,X,Negative,fine\n".getBytes(StandardCharsets.UTF_8));
        Dataset d = DatasetLoader.load(csv(b.toByteArray()), BINARY);
        assertThat(d.examples()).hasSize(2);
        assertThat(d.repairedEncoding()).isEqualTo(1);
        assertThat(d.examples().get(0).text()).startsWith("caf\uFFFD");
    }

    @Test
    void anUnterminatedQuoteStopsReadingButKeepsEarlierRows() throws Exception {
        Dataset d = DatasetLoader.load(csv("1,X,Positive,ok\n2,X,Negative,\"never closed\n"), BINARY);
        assertThat(d.examples()).hasSize(1);
        assertThat(d.rejected()).containsKey(DatasetLoader.MALFORMED);
    }

    @Test
    void aFileWithoutUsableRowsIsAClearError() throws Exception {
        Path f = csv("1,X,Neutral,meh\n2,X,Positive,\n");
        assertThatThrownBy(() -> DatasetLoader.load(f, BINARY)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("no usable rows").hasMessageContaining("missing text");
        assertThatThrownBy(() -> DatasetLoader.load(dir.resolve("absent.csv"), BINARY))
                .isInstanceOf(DatasetException.class).hasMessageContaining("not found");
    }

    @Test
    void groupedSplitKeepsEachTweetIdOnOneSide() {
        List<Example> rows = new java.util.ArrayList<>();
        for (int id = 0; id < 200; id++) {
            for (int v = 0; v < 6; v++) {
                rows.add(new Example(String.valueOf(id), "E", v % 2 == 0 ? "Positive" : "Negative", "t" + id + "v" + v));
            }
        }
        Split s = Split.of(Split.Kind.GROUPED, rows, 0.1, 0.2, 5);
        java.util.Set<String> train = ids(s.train());
        assertThat(train).doesNotContainAnyElementsOf(ids(s.test())).doesNotContainAnyElementsOf(ids(s.validation()));
        assertThat(ids(s.test())).hasSize(40).doesNotContainAnyElementsOf(ids(s.validation()));
        assertThat(s.train().size() + s.validation().size() + s.test().size()).isEqualTo(rows.size());
        assertThat(Split.of(Split.Kind.GROUPED, rows, 0.1, 0.2, 5)).isEqualTo(s);
        Split random = Split.of(Split.Kind.RANDOM, rows, 0.1, 0.2, 5);
        assertThat(ids(random.train())).containsAnyElementsOf(ids(random.test()));
    }

    private static java.util.Set<String> ids(List<Example> rows) {
        return rows.stream().map(Example::tweetId).collect(java.util.stream.Collectors.toSet());
    }
}
