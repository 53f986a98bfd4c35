package com.tweetsentiment.training;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.LstmParameters;
import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.text.Preprocessor;
import com.tweetsentiment.text.Vocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Trains the model on a dataset: split, vocabulary from the training split, length-bucketed batches,
 * BPTT ({@link Network}), AdamW with global-norm clipping, dropout, early stopping on validation accuracy.
 */
public final class Trainer {

    private final TrainingConfig config;
    private final TrainingListener listener;

    public Trainer(TrainingConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    public TrainingResult train(Dataset data) {
        long start = System.nanoTime();
        Split split = Split.of(config.split(), data.examples(), config.validationFraction(), config.testFraction(), config.seed());
        Run run = fit(split);
        Evaluation random = null;
        if (config.compareRandomSplit() && config.split() == Split.Kind.GROUPED) {
            listener.phase("training the same recipe on a random row split, for comparison");
            random = fit(Split.of(Split.Kind.RANDOM, data.examples(), config.validationFraction(), config.testFraction(),
                    config.seed())).test;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainingResult(config, run.shape, run.best, run.vocabulary, run.history, run.bestEpoch, run.validation,
                run.test, random, split.train().size(), split.validation().size(), split.test().size(), seconds);
    }

    private record Encoded(List<Preprocessor.Encoded> items, int[] labels) {
    }

    private static final class Run {
        ModelShape shape;
        Vocabulary vocabulary;
        LstmParameters best;
        int bestEpoch;
        List<EpochStats> history = new ArrayList<>();
        Evaluation validation;
        Evaluation test;
    }

    private Run fit(Split split) {
        if (split.train().isEmpty() || split.test().isEmpty()) {
            throw new DatasetException("too few tweet ids to split: " + split.train().size() + " training rows, "
                    + split.test().size() + " test rows");
        }
        Preprocessor pre = new Preprocessor(config.preprocessing());
        listener.phase("tokenising " + (split.train().size() + split.validation().size() + split.test().size()) + " rows");
        List<List<String>> trainTokens = split.train().stream().map(e -> pre.tokenize(e.text())).toList();
        Run run = new Run();
        run.vocabulary = Vocabulary.build(trainTokens, config.minCount(), config.maxVocab());
        run.shape = new ModelShape(run.vocabulary.size(), config.embeddingSize(), config.hiddenSize(), config.labels().size(),
                config.pooling(), config.ngramBuckets());
        Encoded train = encode(pre, run.vocabulary, split.train(), trainTokens);
        Encoded validation = encode(pre, run.vocabulary, split.validation(), null);
        Encoded test = encode(pre, run.vocabulary, split.test(), null);
        listener.phase("vocabulary " + run.vocabulary.size() + " tokens; " + train.labels.length + " training, "
                + validation.labels.length + " validation, " + test.labels.length + " test rows");

        Network net = new Network(run.shape, DataType.FLOAT);
        net.initialise(config.seed());
        INDArray params = net.parameters();
        INDArray grad = net.gradient();
        Adam adam = new Adam(config.learningRate(), 0.9, 0.999, 1e-8);
        GradientUpdater<?> updater = adam.instantiate(Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(params.length())), true);
        Random rng = new Random(config.seed());
        Encoded selection = validation.labels.length > 0 ? validation : train;
        double bestAccuracy = -1;
        int iteration = 0;
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            List<int[]> batches = bucketedBatches(train, rng);
            double lossSum = 0;
            for (int j = 0; j < batches.size(); j++) {
                Batch batch = batch(train, batches.get(j), rng);
                lossSum += net.lossAndGradient(batch, config.embeddingDropout(), config.outputDropout());
                clip(grad);
                updater.applyUpdater(grad, iteration++, epoch);
                if (config.weightDecay() > 0) {
                    params.muli(1.0 - config.learningRate() * config.weightDecay());
                }
                params.subi(grad);
                listener.batch(epoch, config.epochs(), j + 1, batches.size(), lossSum / (j + 1), (System.nanoTime() - start) / 1e9);
            }
            LstmEngine engine = net.engine();
            float[][] p = Scoring.probabilities(engine, selection.items);
            double accuracy = Evaluation.of(config.labels(), selection.labels, p).accuracy();
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            EpochStats stats = new EpochStats(epoch, lossSum / batches.size(), Scoring.logLoss(selection.labels, p), accuracy, seconds);
            run.history.add(stats);
            boolean improved = accuracy > bestAccuracy;
            if (improved) {
                bestAccuracy = accuracy;
                run.bestEpoch = epoch;
                run.best = net.snapshot();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            listener.epoch(stats, config.epochs(), elapsed, elapsed / epoch * (config.epochs() - epoch), improved);
            if (epoch - run.bestEpoch >= Math.max(1, config.patience()) && config.patience() > 0) {
                listener.phase("early stop: no better validation accuracy for " + config.patience() + " epochs; keeping epoch " + run.bestEpoch);
                break;
            }
        }
        LstmEngine kept = new LstmEngine(run.shape, run.best);
        run.validation = validation.labels.length > 0
                ? Evaluation.of(config.labels(), validation.labels, Scoring.probabilities(kept, validation.items)) : null;
        run.test = Evaluation.of(config.labels(), test.labels, Scoring.probabilities(kept, test.items));
        return run;
    }

    private Encoded encode(Preprocessor pre, Vocabulary vocabulary, List<Example> rows, List<List<String>> tokens) {
        List<Preprocessor.Encoded> items = new ArrayList<>(rows.size());
        int[] labels = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            List<String> t = tokens != null ? tokens.get(r) : pre.tokenize(rows.get(r).text());
            items.add(pre.encode(t, vocabulary));
            labels[r] = config.labels().indexOf(rows.get(r).label());
        }
        return new Encoded(items, labels);
    }

    /** Rows sorted by length with a little noise, cut into batches, batches shuffled: little padding, varied batches. */
    private List<int[]> bucketedBatches(Encoded train, Random rng) {
        int n = train.labels.length;
        double[] key = new double[n];
        List<Integer> order = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            key[r] = train.items.get(r).ids().length + rng.nextDouble() * 3;
            order.add(r);
        }
        order.sort(Comparator.comparingDouble(r -> key[r]));
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < n; from += config.batchSize()) {
            batches.add(order.subList(from, Math.min(n, from + config.batchSize())).stream().mapToInt(Integer::intValue).toArray());
        }
        Collections.shuffle(batches, rng);
        return batches;
    }

    private Batch batch(Encoded train, int[] rows, Random rng) {
        int[][] ids = new int[rows.length][];
        int[][] features = new int[rows.length][];
        int[] labels = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            Preprocessor.Encoded e = train.items.get(rows[r]);
            ids[r] = e.ids();
            if (config.wordDropout() > 0) {
                ids[r] = ids[r].clone();
                for (int t = 0; t < ids[r].length; t++) {
                    if (rng.nextDouble() < config.wordDropout()) {
                        ids[r][t] = Vocabulary.UNK_ID;
                    }
                }
            }
            features[r] = e.features();
            labels[r] = train.labels[rows[r]];
        }
        return Batch.of(ids, features, labels);
    }

    private void clip(INDArray grad) {
        if (config.clipNorm() > 0) {
            double norm = grad.norm2Number().doubleValue();
            if (norm > config.clipNorm()) {
                grad.muli(config.clipNorm() / norm);
            }
        }
    }
}
