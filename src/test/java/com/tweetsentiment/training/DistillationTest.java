package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.SentimentModel;
import com.tweetsentiment.teacher.EmbeddingCache;
import com.tweetsentiment.teacher.FakeEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillationTest {

    @TempDir
    Path tmp;

    private static final TrainingConfig CONFIG = SyntheticData.tinyConfig().with(Map.of("teacher", "minilm", "epochs", 2,
            "wideEpochs", 2, "augmentations", 2, "distillWeight", 0.5));

    /** 80 tweet ids of the binary labels, plus Neutral rows: one from each of 40 ids of their own, and one sharing a labelled id. */
    private static Dataset data() {
        List<Example> rows = SyntheticData.examples(80, 2, 5);
        List<Example> other = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            other.add(new Example(String.valueOf(5000 + i), "Game", "Neutral", "neutral words number " + i + " about the game"));
        }
        return new Dataset(rows, "0".repeat(64), rows.size() + other.size(), other, Map.of(), 0);
    }

    private TeacherSource teachers(FakeEmbedder embedder) {
        return new TeacherSource(name -> embedder, new EmbeddingCache(tmp.resolve("cache")));
    }

    @Test
    void theTeacherLabelsNoHeldOutRowBeforeTheStudentsTargetsAreMade() {
        Dataset base = data();
        Split split = Split.of(CONFIG.split(), base.examples(), CONFIG.validationFraction(), CONFIG.testFraction(), CONFIG.seed());
        Example testRow = split.test().get(0);
        List<Example> other = new ArrayList<>(base.otherLabels());
        String leak = "a neutral row of a held-out tweet id";
        other.add(new Example(testRow.tweetId(), "Game", "Neutral", leak));
        Dataset dataset = new Dataset(base.examples(), base.sha256(), base.rowsRead() + 1, other, Map.of(), 0);
        FakeEmbedder embedder = new FakeEmbedder('c');
        List<String> phases = new ArrayList<>();
        TrainingResult r = new Trainer(CONFIG, new TrainingListener() {
            @Override
            public void phase(String message) {
                phases.add(message);
            }
        }, teachers(embedder)).train(dataset);

        Set<String> heldOut = new HashSet<>();
        split.validation().forEach(e -> heldOut.add(e.text()));
        split.test().forEach(e -> heldOut.add(e.text()));
        Set<String> trainingTexts = new HashSet<>();
        split.train().forEach(e -> trainingTexts.add(e.text()));
        heldOut.removeAll(trainingTexts);  // a text that also stands in training under another id is not a leak
        List<String> seen = embedder.embedded();
        int firstHeldOut = seen.indexOf(seen.stream().filter(heldOut::contains).findFirst().orElseThrow());
        List<String> beforeEvaluation = seen.subList(0, firstHeldOut);
        assertThat(beforeEvaluation).noneMatch(heldOut::contains);
        assertThat(beforeEvaluation).containsAll(trainingTexts);
        assertThat(seen.subList(firstHeldOut, seen.size())).allMatch(heldOut::contains);  // afterwards: only the figures' rows
        assertThat(seen).doesNotContain(leak);
        assertThat(r.teacher().unlabelledTexts()).isEqualTo(40);
        assertThat(r.teacher().labelledRows()).isEqualTo(split.train().size());
        assertThat(r.teacher().augmentedTexts()).isGreaterThan(split.train().size());
        assertThat(r.teacher().test().examples()).isEqualTo(split.test().size());
        assertThat(phases).anyMatch(p -> p.startsWith("teacher embeddings:"));
    }

    @Test
    void aDistilledArtifactLoadsAndServesThroughTheUnchangedEngine() throws Exception {
        Dataset dataset = data();
        FakeEmbedder embedder = new FakeEmbedder('d');
        TrainingResult r = new Trainer(CONFIG, TrainingListener.NONE, teachers(embedder)).train(dataset);
        assertThat(r.teacher().test().accuracy()).isGreaterThan(0.8);  // the fake teacher's words carry the labels
        Path dir = TrainingArtifacts.write(tmp.resolve("models"), "distilled", r, dataset, Instant.parse("2026-12-01T12:00:00Z"));

        ModelArtifacts.Loaded loaded = ModelArtifacts.load(dir);
        List<String> texts = List.of("love this game", "worst update ever", "neutral words number 3 about the game");
        SentimentModel trained = new SentimentModel(loaded.model().preprocessor(), r.vocabulary(), r.config().labels(),
                new LstmEngine(r.shape(), r.parameters()));
        assertThat(loaded.model().predict(texts)).isEqualTo(trained.predict(texts));
        assertThat(loaded.manifest().training().path("teacher").path("model").asString()).isEqualTo("fake");
        assertThat(loaded.manifest().training().path("settings").path("teacher").asString()).isEqualTo("minilm");
        assertThat(TrainingArtifacts.settings(loaded.manifest()).distillWeight()).isEqualTo(0.5);
        String card = Files.readString(dir.resolve(TrainingArtifacts.MODEL_CARD));
        assertThat(card).contains("## Teacher (distillation)", "teacher (fake + n-grams, linear head)", "student (this model)",
                "40 unlabelled texts");
        // the words the student knows include ones seen only in the unlabelled texts
        assertThat(r.vocabulary().id("neutral")).isNotEqualTo(com.tweetsentiment.text.Vocabulary.UNK_ID);
    }

    @Test
    void aRunWithTeacherFoldsRecordsThemInTheManifestAndTheCard() throws Exception {
        Dataset dataset = data();
        TrainingResult r = new Trainer(CONFIG.with(Map.of("teacherFolds", 2)), TrainingListener.NONE, teachers(new FakeEmbedder('b')))
                .train(dataset);
        assertThat(r.teacher().folds()).isEqualTo(2);
        assertThat(r.teacher().outOfFold().examples()).isEqualTo(r.trainRows());
        Path dir = TrainingArtifacts.write(tmp.resolve("models"), "folds", r, dataset, Instant.parse("2026-12-01T12:00:00Z"));
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(dir);
        assertThat(loaded.manifest().training().path("teacher").path("folds").asInt()).isEqualTo(2);
        assertThat(TrainingArtifacts.settings(loaded.manifest()).teacherFolds()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve(TrainingArtifacts.MODEL_CARD))).contains("came out of fold: 2 heads");
    }

    @Test
    void aRunWithTeacherEmbeddingsEmbedsTheVocabularysWordsAndSaysSoInTheCard() throws Exception {
        Dataset dataset = data();
        FakeEmbedder embedder = new FakeEmbedder('9');
        List<String> phases = new ArrayList<>();
        TrainingResult r = new Trainer(CONFIG.with(Map.of("teacherEmbeddings", true)), new TrainingListener() {
            @Override
            public void phase(String message) {
                phases.add(message);
            }
        }, teachers(embedder)).train(dataset);
        List<String> words = r.vocabulary().tokens().subList(2, r.vocabulary().size());
        assertThat(embedder.embedded()).containsAll(words.stream().map(TeacherWordVectors::asText).toList());
        assertThat(phases).anyMatch(p -> p.startsWith("word vectors from fake for " + words.size() + " vocabulary words"));
        Path dir = TrainingArtifacts.write(tmp.resolve("models"), "word-vectors", r, dataset, Instant.parse("2026-12-01T12:00:00Z"));
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(dir);
        assertThat(TrainingArtifacts.settings(loaded.manifest()).teacherEmbeddings()).isTrue();
        assertThat(Files.readString(dir.resolve(TrainingArtifacts.MODEL_CARD))).contains("started from the teacher's vectors");
        assertThat(loaded.model().predict(List.of("love this game"))).hasSize(1);
    }

    @Test
    void aSecondRunTakesEveryEmbeddingFromTheCache() {
        Dataset dataset = data();
        new Trainer(CONFIG, TrainingListener.NONE, teachers(new FakeEmbedder('e'))).train(dataset);
        FakeEmbedder second = new FakeEmbedder('e');
        TrainingResult r = new Trainer(CONFIG, TrainingListener.NONE, teachers(second)).train(dataset);
        assertThat(r.teacher().embeddedComputed()).isZero();
        assertThat(second.embedded()).isEmpty();
    }

    @Test
    void aLabelledRowsTargetMixesItsLabelWithTheTeacher() {
        Dataset dataset = data();
        FakeEmbedder embedder = new FakeEmbedder('f');
        Split split = Split.of(CONFIG.split(), dataset.examples(), CONFIG.validationFraction(), CONFIG.testFraction(), CONFIG.seed());
        com.tweetsentiment.text.Preprocessor pre = new com.tweetsentiment.text.Preprocessor(CONFIG.preprocessing());
        Distillation d = Distillation.prepare(CONFIG.with(Map.of("distillWeight", 0.25)), teachers(embedder), pre, split,
                dataset.otherLabels(), TrainingListener.NONE);
        Example row = split.train().get(0);
        int label = CONFIG.labels().indexOf(row.label());
        float[] pure = d.target(row, label, 1, 0);
        float[] teacherOnly = d.target(row, label, 1, 1);
        assertThat(pure[0]).isEqualTo(label);
        assertThat(teacherOnly[0]).isBetween(0f, 1f);
        assertThat((double) d.target(row, label, 1, 0.25)[0]).isCloseTo(0.75 * label + 0.25 * teacherOnly[0], org.assertj.core.api.Assertions.within(1e-6));
        Example notLabelled = split.test().get(0);  // e.g. a refit's validation row: its label alone
        assertThat(d.target(notLabelled, 1, 1, 0.25)[0]).isEqualTo(1f);
        assertThat(d.extraTexts).hasSize(d.extraTargets.length);
    }

    @Test
    void noneAsTheTeacherMeansTheLabelsAlone() {
        assertThat(TrainingConfig.defaults().teacher()).isEqualTo("bge-small");
        assertThat(TrainingConfig.defaults().with(Map.of("teacher", "none")).teacher()).isNull();
        assertThat(TrainingConfig.defaults().with(Map.of("teacher", "MiniLM")).teacher()).isEqualTo("minilm");
    }

    @Test
    void augmentedVariantsAreSeededSubsequencesOfTheirTexts() {
        List<String> texts = List.of("the new update is great fun with friends", "servers crash again today", "ok");
        List<String> a = Augmenter.variants(texts, 3, 7).stream().map(Augmenter.Variant::text).toList();
        assertThat(Augmenter.variants(texts, 3, 7)).isEqualTo(Augmenter.variants(texts, 3, 7))
                .isNotEqualTo(Augmenter.variants(texts, 3, 8));
        assertThat(a).doesNotContainAnyElementsOf(texts).doesNotHaveDuplicates().isNotEmpty().allMatch(v -> !v.isBlank());
        for (String v : a) {
            assertThat(texts.stream().anyMatch(t -> isSubsequence(v.split(" "), t.split(" ")))).as(v).isTrue();
        }
    }

    private static boolean isSubsequence(String[] part, String[] whole) {
        int i = 0;
        for (String w : whole) {
            if (i < part.length && part[i].equals(w)) {
                i++;
            }
        }
        return i == part.length;
    }

    /**
     * Each tweet id has a random label and a word of its own, so a head that has seen a row can tell its label from that
     * word and a head that has not cannot: the rows' targets out of fold must know no more than chance, while the head
     * fitted on every row knows nearly all of them.
     */
    @Test
    void outOfFoldTargetsComeFromHeadsThatDidNotSeeTheRowsTweet() {
        java.util.Random rnd = new java.util.Random(3);
        List<Example> rows = new ArrayList<>();
        for (int id = 0; id < 60; id++) {
            String label = rnd.nextBoolean() ? "Positive" : "Negative";
            for (int v = 0; v < 6; v++) {
                rows.add(new Example(String.valueOf(id), "Game", label, "tweetword" + id + " about the game take " + v));
            }
        }
        TrainingConfig config = CONFIG.with(Map.of("teacherFolds", 3, "ngramBuckets", 1 << 14, "charNgramMax", 0));
        com.tweetsentiment.text.Preprocessor pre = new com.tweetsentiment.text.Preprocessor(config.preprocessing());
        FakeEmbedder embedder = new FakeEmbedder('a');
        EmbeddingCache cache = new EmbeddingCache(tmp.resolve("cache"));
        List<String> texts = rows.stream().map(Example::text).toList();
        List<Augmenter.Variant> variants = Augmenter.variants(texts, 1, 5);
        cache.embed(texts, embedder, EmbeddingCache.Progress.NONE);
        cache.embed(variants.stream().map(Augmenter.Variant::text).toList(), embedder, EmbeddingCache.Progress.NONE);

        int[] fold = Distillation.folds(rows, 3, config.seed());
        for (int r = 0; r < rows.size(); r++) {
            assertThat(fold[r]).as("the rows of one tweet share a fold").isEqualTo(fold[r - r % 6]);
        }
        assertThat(java.util.Arrays.stream(fold).distinct().count()).isEqualTo(3);
        assertThat(fold).isEqualTo(Distillation.folds(rows, 3, config.seed()));

        float[][] onRows = new float[rows.size()][];
        float[][] onVariants = new float[variants.size()][];
        List<String> phases = new ArrayList<>();
        Distillation.crossFit(config, embedder, cache, pre, rows, variants, onRows, onVariants, new TrainingListener() {
            @Override
            public void phase(String message) {
                phases.add(message);
            }
        });
        assertThat(java.util.Arrays.asList(onRows)).doesNotContainNull();
        assertThat(java.util.Arrays.asList(onVariants)).doesNotContainNull();
        assertThat(phases).hasSize(3).allMatch(p -> p.startsWith("teacher fold "));

        int[] truth = rows.stream().mapToInt(e -> config.labels().indexOf(e.label())).toArray();
        float[][] inSample = Distillation.fitTeacher(config, embedder, cache, pre, rows).probabilities(texts, EmbeddingCache.Progress.NONE);
        double seen = Evaluation.of(config.labels(), truth, inSample).accuracy();
        double unseen = Evaluation.of(config.labels(), truth, onRows).accuracy();
        assertThat(seen).as("the head that saw every row").isGreaterThan(0.85);  // 0.91 here
        assertThat(unseen).as("out of fold").isLessThan(0.65);  // 0.45 here
        // a variant's target comes from the head that did not see its source text either
        int[] variantTruth = variants.stream().mapToInt(v -> truth[v.source()]).toArray();
        assertThat(Evaluation.of(config.labels(), variantTruth, onVariants).accuracy()).isLessThan(0.65);
    }
}
