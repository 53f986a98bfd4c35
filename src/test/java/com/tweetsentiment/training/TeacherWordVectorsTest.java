package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.engine.Pooling;
import com.tweetsentiment.teacher.EmbeddingCache;
import com.tweetsentiment.teacher.FakeEmbedder;
import com.tweetsentiment.teacher.SentenceEmbedder;
import com.tweetsentiment.text.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TeacherWordVectorsTest {

    @TempDir
    Path tmp;

    private static Vocabulary vocabulary(String... words) {
        List<String> tokens = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.UNK));
        tokens.addAll(List.of(words));
        return new Vocabulary(tokens);
    }

    @Test
    void everyWordIsEmbeddedOnceReducedToTheEmbeddingSizeAndScaled() {
        Vocabulary v = vocabulary("good", "great", "bad", "awful", "<url>", "<user>", "game", "today");
        FakeEmbedder teacher = new FakeEmbedder('1');
        EmbeddingCache cache = new EmbeddingCache(tmp);
        INDArray table = TeacherWordVectors.of(v, 4, teacher, cache, TrainingListener.NONE);

        assertThat(table.shape()).containsExactly(v.size(), 4);
        assertThat(table.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(table.getRow(Vocabulary.PAD_ID).norm2Number().doubleValue()).isZero();
        assertThat(table.getRow(Vocabulary.UNK_ID).norm2Number().doubleValue()).isZero();
        INDArray words = table.get(NDArrayIndex.interval(2, v.size()), NDArrayIndex.all());
        assertThat(Math.sqrt(words.mul(words).meanNumber().doubleValue())).isCloseTo(TeacherWordVectors.RMS, within(1e-5));
        // principal components of centred vectors: every coordinate averages zero over the words
        assertThat(words.mean(0).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(teacher.embedded()).containsExactlyInAnyOrder("good", "great", "bad", "awful", "link", "user", "game", "today");

        FakeEmbedder again = new FakeEmbedder('1');
        assertThat(TeacherWordVectors.of(v, 4, again, cache, TrainingListener.NONE)).isEqualTo(table);
        assertThat(again.embedded()).isEmpty();  // all from the cache
    }

    @Test
    void wordsTheTeacherPlacesTogetherStayTogether() {
        // two clusters along one direction, with small differences inside each: after the reduction "good" must be
        // nearer "great" than "bad"
        Map<String, float[]> vectors = Map.of(
                "good", new float[] {5, 0.1f, 0, 0.2f, 0, 0}, "great", new float[] {5, -0.1f, 0.1f, 0, 0, 0.1f},
                "fine", new float[] {4.5f, 0, -0.2f, 0, 0.1f, 0}, "bad", new float[] {-5, 0, 0.2f, 0, -0.1f, 0},
                "awful", new float[] {-5, 0.1f, 0, -0.2f, 0, 0}, "worse", new float[] {-4.5f, 0, 0, 0.1f, 0.1f, -0.1f});
        SentenceEmbedder teacher = new SentenceEmbedder() {
            public String name() {
                return "table";
            }

            public String fingerprint() {
                return "2".repeat(64);
            }

            public int dimension() {
                return 6;
            }

            public float[] embed(String text) {
                return vectors.get(text);
            }

            public void close() {
            }
        };
        Vocabulary v = vocabulary("good", "great", "fine", "bad", "awful", "worse");
        INDArray table = TeacherWordVectors.of(v, 2, teacher, new EmbeddingCache(tmp), TrainingListener.NONE);
        double near = table.getRow(v.id("good")).distance2(table.getRow(v.id("great")));
        double far = table.getRow(v.id("good")).distance2(table.getRow(v.id("bad")));
        assertThat(near).isLessThan(far / 10);
    }

    @Test
    void theNetworkStartsFromTheGivenEmbeddingsWithPaddingZero() {
        ModelShape shape = new ModelShape(5, 3, 2, 2, Pooling.MEAN, 0);
        Network net = new Network(shape, DataType.FLOAT);
        INDArray table = Nd4j.rand(DataType.FLOAT, 5, 3).addi(1);
        net.startEmbeddingsFrom(table);
        net.initialise(7);
        INDArray start = net.snapshot().embedding();
        assertThat(start.getRow(Vocabulary.PAD_ID).norm2Number().doubleValue()).isZero();
        assertThat(start.get(NDArrayIndex.interval(1, 5), NDArrayIndex.all())).isEqualTo(table.get(NDArrayIndex.interval(1, 5), NDArrayIndex.all()));
        assertThatThrownBy(() -> net.startEmbeddingsFrom(Nd4j.zeros(DataType.FLOAT, 4, 3))).hasMessageContaining("[4, 3]");
    }

    @Test
    void theDefaultRecipeStartsFromTheTeachersWordVectorsWhichNeedATeacherAndWordTokens() {
        assertThat(TrainingConfig.defaults().teacherEmbeddings()).isTrue();
        assertThat(TrainingConfig.defaults().with(Map.of("teacher", "none")).teacherEmbeddings()).isFalse();
        assertThat(TrainingConfig.defaults().with(Map.of("tokenizer", "CHAR", "teacherEmbeddings", true)).teacherEmbeddings()).isFalse();
        assertThat(TrainingConfig.article().teacherEmbeddings()).isFalse();
    }

    @Test
    void aVocabularyOfNoMoreWordsThanTheEmbeddingSizeStartsRandom() {
        Vocabulary v = vocabulary("good", "bad", "game");
        assertThat(TeacherWordVectors.of(v, 3, new FakeEmbedder('3'), new EmbeddingCache(tmp), TrainingListener.NONE)).isNull();
        assertThat(TeacherWordVectors.of(v, 2, new FakeEmbedder('3'), new EmbeddingCache(tmp), TrainingListener.NONE)).isNotNull();
    }
}
