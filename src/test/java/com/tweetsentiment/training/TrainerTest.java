package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.engine.Pooling;
import com.tweetsentiment.text.TokenizerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

    @Test
    void aTinyModelLearnsASmallGeneratedDataset() {
        TrainingResult r = new Trainer(SyntheticData.tinyConfig(), TrainingListener.NONE)
                .train(SyntheticData.dataset(SyntheticData.examples(150, 3, 1)));
        for (String phase : List.of("wide", "lstm")) {
            List<EpochStats> h = r.history().stream().filter(e -> e.phase().equals(phase)).toList();
            assertThat(h).as(phase).hasSizeGreaterThan(1);
            assertThat(h.get(h.size() - 1).trainLoss()).as(phase + " training loss falls").isLessThan(h.get(0).trainLoss() * 0.8);
        }
        assertThat(r.test().accuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.test().rocAuc()).isGreaterThan(0.95);
    }

    @Test
    void theKeptModelScoresWhatItsEpochRecordedOnTheValidationRows() {
        TrainingResult r = new Trainer(SyntheticData.tinyConfig().with(Map.of("epochs", 3, "wideEpochs", 2)), TrainingListener.NONE)
                .train(SyntheticData.dataset(SyntheticData.examples(120, 3, 6)));
        EpochStats kept = r.history().get(r.bestEpoch() - 1);
        assertThat(r.validation().accuracy()).isEqualTo(kept.validationAccuracy());
        assertThat(r.history()).extracting(EpochStats::phase).contains("wide", "lstm");
    }

    @Test
    void selectingOnLossKeepsTheEpochWithTheLowestValidationLoss() {
        TrainingResult r = new Trainer(SyntheticData.tinyConfig().with(Map.of("epochs", 3, "wideEpochs", 3, "selectOn", "LOSS")),
                TrainingListener.NONE).train(SyntheticData.dataset(SyntheticData.examples(120, 3, 6)));
        double lowest = r.history().stream().mapToDouble(EpochStats::validationLoss).min().orElseThrow();
        EpochStats kept = r.history().get(r.bestEpoch() - 1);
        assertThat(kept.validationLoss()).isEqualTo(lowest);
        assertThat(r.validation().accuracy()).isEqualTo(kept.validationAccuracy());
    }

    @Test
    void languageModelPretrainingLowersTheNextTokenLossAndUsesRowsWithOtherLabels() {
        List<String> messages = new java.util.ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void phase(String message) {
                messages.add(message);
            }
        };
        List<Example> rows = SyntheticData.examples(100, 2, 9);
        List<Example> neutral = rows.stream().map(e -> new Example(e.tweetId(), e.entity(), "Neutral", e.text() + " today")).toList();
        Dataset data = new Dataset(rows, "0".repeat(64), rows.size() * 2L, neutral, Map.of(), 0);
        TrainingResult r = new Trainer(SyntheticData.tinyConfig().with(Map.of("pretrainEpochs", 4, "pretrainLearningRate", 0.02,
                "epochs", 2, "wideEpochs", 1)), listener).train(data);
        List<Double> losses = messages.stream().filter(m -> m.startsWith("pretrain epoch"))
                .map(m -> Double.parseDouble(m.replaceAll(".*loss ([0-9.]+).*", "$1"))).toList();
        assertThat(losses).hasSize(4);
        assertThat(losses.get(3)).isLessThan(losses.get(0));
        assertThat(messages).anyMatch(m -> m.contains("texts (") && !m.contains("(0 of them"));
        assertThat(r.test().accuracy()).isGreaterThan(0.6);
    }

    @Test
    void aRefitRepeatsTheKeptEpochsOnTrainingAndValidationRowsTogether() {
        Dataset data = SyntheticData.dataset(SyntheticData.examples(150, 3, 4));
        TrainingConfig selectOnly = SyntheticData.tinyConfig().with(Map.of("epochs", 3, "wideEpochs", 3));
        List<String> messages = new java.util.ArrayList<>();
        List<EpochStats> refitEpochs = new java.util.ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void phase(String message) {
                messages.add(message);
            }

            @Override
            public void epoch(EpochStats stats, int epochs, double elapsedSeconds, double etaSeconds, boolean best) {
                if (stats.phase().startsWith("refit-")) {
                    refitEpochs.add(stats);
                }
            }
        };
        TrainingResult selected = new Trainer(selectOnly, TrainingListener.NONE).train(data);
        TrainingResult refit = new Trainer(selectOnly.with(Map.of("refit", true)), listener).train(data);

        // The selection run is the same run; its curves, kept epoch and validation figures are what the refit reports.
        assertThat(refit.history()).usingRecursiveComparison().ignoringFields("seconds").isEqualTo(selected.history());
        assertThat(refit.bestEpoch()).isEqualTo(selected.bestEpoch());
        assertThat(refit.validation()).usingRecursiveComparison().isEqualTo(selected.validation());
        // The refit trains on the validation rows too, for exactly the kept epochs of each phase, and has no validation figures.
        int wideRun = (int) selected.history().stream().filter(e -> e.phase().equals("wide")).count();
        int wideKept = selected.history().stream().filter(e -> e.phase().equals("wide"))
                .max(java.util.Comparator.comparingDouble(EpochStats::validationAccuracy).thenComparing(e -> -e.epoch())).orElseThrow().epoch();
        assertThat(refitEpochs.stream().filter(e -> e.phase().equals("refit-wide"))).hasSize(wideKept);
        assertThat(refitEpochs.stream().filter(e -> e.phase().equals("refit-lstm"))).hasSize(Math.max(0, selected.bestEpoch() - wideRun));
        assertThat(refitEpochs).allMatch(e -> Double.isNaN(e.validationAccuracy()) && Double.isNaN(e.validationLoss()));
        assertThat(messages).anyMatch(m -> m.startsWith("vocabulary") && m.contains(" " + (selected.trainRows() + selected.validationRows())
                + " training, 0 validation"));
        assertThat(refit.parameters().wide()).isNotEqualTo(selected.parameters().wide());
        assertThat(refit.test().accuracy()).as("the refit model learned the task").isGreaterThan(0.85);
    }

    @Test
    void aRefitNeedsValidationRowsAndOneLstm() {
        TrainingConfig tiny = SyntheticData.tinyConfig();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tiny.with(Map.of("refit", true, "validationFraction", 0.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refit needs validation rows");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tiny.with(Map.of("refit", true, "lstmMembers", 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one LSTM");
    }

    @Test
    void sameSeedAndDataGiveIdenticalMetrics() {
        Dataset data = SyntheticData.dataset(SyntheticData.examples(60, 3, 2));
        TrainingConfig config = SyntheticData.tinyConfig().with(Map.of("epochs", 2));
        TrainingResult a = new Trainer(config, TrainingListener.NONE).train(data);
        TrainingResult b = new Trainer(config, TrainingListener.NONE).train(data);
        assertThat(b.history()).usingRecursiveComparison().ignoringFields("seconds").isEqualTo(a.history());
        assertThat(b.test()).usingRecursiveComparison().isEqualTo(a.test());
        assertThat(b.parameters().wh()).isEqualTo(a.parameters().wh());
    }

    @Test
    void allFourLabelsTrainAndEvaluate() {
        List<Example> rows = new java.util.ArrayList<>();
        String[] labels = {"Negative", "Positive", "Neutral", "Irrelevant"};
        String[] cue = {"awful", "great", "okay", "offtopic"};
        java.util.Random rnd = new java.util.Random(4);
        for (int id = 0; id < 160; id++) {
            int k = rnd.nextInt(4);
            for (int v = 0; v < 2; v++) {
                rows.add(new Example("" + id, "E", labels[k], "the game " + cue[k] + " today " + (rnd.nextBoolean() ? "yes" : "no")));
            }
        }
        TrainingConfig config = SyntheticData.tinyConfig().with(Map.of("labels", List.of(labels), "pooling", Pooling.MAX));
        TrainingResult r = new Trainer(config, TrainingListener.NONE).train(SyntheticData.dataset(rows));
        assertThat(r.test().labels()).containsExactly(labels);
        assertThat(r.test().rocAuc()).isNull();
        assertThat(r.test().accuracy()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void theArticlePresetTrainsCharacterModels() {
        TrainingConfig config = TrainingConfig.article().with(Map.of("epochs", 1, "maxTokens", 40));
        assertThat(config.tokenizer()).isEqualTo(TokenizerKind.CHAR);
        TrainingResult r = new Trainer(config, TrainingListener.NONE).train(SyntheticData.dataset(SyntheticData.examples(40, 2, 3)));
        assertThat(r.shape().hiddenSize()).isEqualTo(1);
        assertThat(r.shape().embeddingSize()).isEqualTo(16);
        assertThat(r.test().examples()).isPositive();
    }

    @Test
    void trainingForwardAgreesWithTheServingEngine() {
        TrainingResult r = new Trainer(SyntheticData.tinyConfig().with(Map.of("epochs", 1)), TrainingListener.NONE)
                .train(SyntheticData.dataset(SyntheticData.examples(30, 2, 5)));
        Network net = new Network(r.shape(), org.nd4j.linalg.api.buffer.DataType.FLOAT);
        java.util.List<org.nd4j.linalg.api.ndarray.INDArray> src = List.copyOf(r.parameters().byName().values());
        java.util.List<org.nd4j.linalg.api.ndarray.INDArray> dst = List.copyOf(net.parameterViews().byName().values());
        for (int i = 0; i < src.size(); i++) {
            dst.get(i).assign(src.get(i));
        }
        int[][] ids = {{3, 4, 5}, {2}, {6, 7}};
        int[][] features = {{1, 9}, {}, {4}};
        int[] labels = {1, 0, 1};
        float[][] p = new com.tweetsentiment.engine.LstmEngine(r.shape(), r.parameters()).predict(ids, features);
        double expected = 0;
        for (int b = 0; b < 3; b++) {
            expected -= Math.log(p[b][labels[b]]);
        }
        assertThat(net.loss(Batch.of(ids, features, labels))).isCloseTo(expected / 3, org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void anEnsembleOfLstmsIsKeptAsOneLstmOfTwiceTheWidth() {
        // one hash bucket: the wide path can only learn the label balance, so the LSTMs must carry the model
        TrainingConfig config = SyntheticData.tinyConfig().with(Map.of("lstmMembers", 2, "ngramBuckets", 1));
        List<String> messages = new java.util.ArrayList<>();
        TrainingResult r = new Trainer(config, new TrainingListener() {
            @Override
            public void phase(String message) {
                messages.add(message);
            }
        }).train(SyntheticData.dataset(SyntheticData.examples(150, 3, 1)));
        assertThat(r.history()).extracting(EpochStats::phase).contains("wide", "lstm 1/2", "lstm 2/2");
        assertThat(messages).anyMatch(m -> m.startsWith("ensemble of 2 LSTMs"));
        assertThat(r.shape().hiddenSize()).isEqualTo(2 * config.hiddenSize());
        assertThat(r.shape().embeddingSize()).isEqualTo(2 * config.embeddingSize());
        r.parameters().check(r.shape());
        assertThat(r.test().accuracy()).isGreaterThanOrEqualTo(0.95);
        double bestWide = r.history().stream().filter(e -> e.phase().equals("wide")).mapToDouble(EpochStats::validationAccuracy).max().orElseThrow();
        assertThat(r.validation().accuracy()).isGreaterThan(bestWide);
    }

    @Test
    void naiveBayesScaledWidePathLearns() {
        TrainingConfig config = SyntheticData.tinyConfig().with(Map.of("wideNaiveBayes", true, "epochs", 1));
        TrainingResult r = new Trainer(config, TrainingListener.NONE).train(SyntheticData.dataset(SyntheticData.examples(150, 3, 1)));
        double bestWide = r.history().stream().filter(e -> e.phase().equals("wide")).mapToDouble(EpochStats::validationAccuracy).max().orElseThrow();
        assertThat(bestWide).isGreaterThanOrEqualTo(0.95);
        assertThat(r.test().accuracy()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aSnapshotHoldsTheWideWeightsTimesTheirRatios() {
        com.tweetsentiment.engine.ModelShape shape = new com.tweetsentiment.engine.ModelShape(10, 3, 4, 2, Pooling.MEAN, 6);
        Network net = new Network(shape, org.nd4j.linalg.api.buffer.DataType.FLOAT);
        net.initialise(3);
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(4);
        net.parameterViews().wide().assign(org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 6, 1));
        net.parameterViews().wo().assign(org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1));
        net.useWideRatios(new double[] {2.0, -0.5, 0.0, 1.5, 3.0, -2.0});
        int[][] ids = {{3, 4, 5}, {2}, {6, 7}};
        int[][] features = {{0, 1, 4}, {}, {3, 5}};
        int[] labels = {1, 0, 1};
        float[][] p = new com.tweetsentiment.engine.LstmEngine(shape, net.snapshot()).predict(ids, features);
        double expected = 0;
        for (int b = 0; b < 3; b++) {
            expected -= Math.log(p[b][labels[b]]);
        }
        assertThat(net.loss(Batch.of(ids, features, labels))).isCloseTo(expected / 3, org.assertj.core.api.Assertions.within(1e-5));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> net.load(net.snapshot())).isInstanceOf(IllegalStateException.class);
    }
}
