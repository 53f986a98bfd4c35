package com.tweetsentiment.training;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.LstmParameters;
import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.teacher.SentenceEmbedder;
import com.tweetsentiment.text.Preprocessor;
import com.tweetsentiment.text.Vocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the model on a dataset: split, vocabulary from the training split, length-bucketed batches,
 * BPTT ({@link Network}), AdamW with global-norm clipping, dropout, early stopping on validation accuracy; with
 * {@link TrainingConfig#refit}, then once more from scratch on the training and validation rows for the kept epochs.
 */
public final class Trainer {

    private final TrainingConfig config;
    private final TrainingListener listener;
    private final TeacherSource teachers;

    public Trainer(TrainingConfig config, TrainingListener listener) {
        this(config, listener, null);
    }

    /** With {@code teachers}, where a run with a {@link TrainingConfig#teacher} gets it from. */
    public Trainer(TrainingConfig config, TrainingListener listener, TeacherSource teachers) {
        if (config.teacher() != null && teachers == null) {
            throw new IllegalArgumentException("the settings name a teacher (" + config.teacher() + ") but no teacher source was given");
        }
        this.config = config;
        this.listener = listener;
        this.teachers = teachers;
    }

    public TrainingResult train(Dataset data) {
        long start = System.nanoTime();
        Split split = Split.of(config.split(), data.examples(), config.validationFraction(), config.testFraction(), config.seed());
        Run run = fit(split, data.otherLabels());
        Evaluation random = null;
        if (config.compareRandomSplit() && config.split() == Split.Kind.GROUPED) {
            listener.phase("training the same recipe on a random row split, for comparison");
            random = fit(Split.of(Split.Kind.RANDOM, data.examples(), config.validationFraction(), config.testFraction(),
                    config.seed()), data.otherLabels()).test;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainingResult(config, run.shape, run.best, run.vocabulary, run.history, run.bestEpoch, run.validation,
                run.test, random, split.train().size(), split.validation().size(), split.test().size(), seconds, run.teacher);
    }

    /** Rows to train on or score: their inputs, labels, and soft targets [N][K] (null: the labels, one-hot). */
    private record Encoded(List<Preprocessor.Encoded> items, int[] labels, float[][] targets) {
        Encoded(List<Preprocessor.Encoded> items, int[] labels) {
            this(items, labels, null);
        }
    }

    private static final class Run {
        ModelShape shape;
        Vocabulary vocabulary;
        LstmParameters best;
        float[][] bestProbabilities;  // the kept model's on the selection rows
        int bestEpoch;
        List<EpochStats> history = new ArrayList<>();
        int wideBestEpoch;  // the wide phase's kept epoch, and the epochs it ran (0 without one)
        int wideEpochsRun;
        Blend bestBlend;  // the kept model's blend with the wide path, if it has one
        Evaluation validation;
        Evaluation test;
        TeacherReport teacher;

        /** What a refit repeats: the kept epoch counts of each phase and the kept blend. */
        Plan plan() {
            return bestEpoch <= wideEpochsRun ? new Plan(wideBestEpoch, 0, null) : new Plan(wideBestEpoch, bestEpoch - wideEpochsRun, bestBlend);
        }
    }

    /** The epochs of each phase and the blend that validation chose, repeated by a refit ({@link TrainingConfig#refit}). */
    private record Plan(int wideEpochs, int lstmEpochs, Blend blend) {
    }

    private Run fit(Split split, List<Example> otherLabels) {
        if (split.train().isEmpty() || split.test().isEmpty()) {
            throw new DatasetException("too few tweet ids to split: " + split.train().size() + " training rows, "
                    + split.test().size() + " test rows");
        }
        Preprocessor pre = new Preprocessor(config.preprocessing());
        listener.phase("tokenising " + (split.train().size() + split.validation().size() + split.test().size()) + " rows");
        Distillation distillation = config.teacher() == null ? null
                : Distillation.prepare(config, teachers, pre, split, otherLabels, listener);
        Run run = train(pre, split, otherLabels, null, distillation);
        if (config.refit()) {
            Plan plan = run.plan();
            listener.phase(String.format(java.util.Locale.ROOT, "refit on the training and validation rows together: %d wide "
                    + "epochs, %d LSTM epochs%s (the kept epoch %d of the selection run)", plan.wideEpochs(), plan.lstmEpochs(),
                    plan.blend() == null ? "" : String.format(java.util.Locale.ROOT, ", blend %.3f x wide + %.3f x lstm",
                            plan.blend().alpha(), plan.blend().beta()), run.bestEpoch));
            List<Example> both = new ArrayList<>(split.train());
            both.addAll(split.validation());
            Run refit = train(pre, new Split(both, List.of(), split.test()), otherLabels, plan, distillation);
            refit.history = run.history;  // the curves and the kept epoch stay the selection run's: only it has validation figures
            refit.bestEpoch = run.bestEpoch;
            refit.validation = run.validation;
            run = refit;
        }
        Encoded test = encode(pre, run.vocabulary, split.test(), null);
        run.test = Evaluation.of(config.labels(), test.labels, Scoring.probabilities(new LstmEngine(run.shape, run.best), test.items));
        run.teacher = distillation == null ? null : distillation.report;
        return run;
    }

    /**
     * Trains on {@code split.train()}: with {@code plan} null, selects epochs and the blend on the validation rows; with a
     * plan (a refit), runs exactly the plan's epochs and applies its blend, with no validation rows to look at. Scores the
     * kept model on the validation rows, if there are any. With {@code distillation}, the training rows get mixed targets
     * and the teacher-labelled texts join them.
     */
    private Run train(Preprocessor pre, Split split, List<Example> otherLabels, Plan plan, Distillation distillation) {
        String prefix = plan == null ? "" : "refit-";
        List<List<String>> trainTokens = split.train().stream().map(e -> pre.tokenize(e.text())).toList();
        List<List<String>> extraTokens = distillation == null ? List.of() : distillation.extraTexts.stream().map(pre::tokenize).toList();
        Run run = new Run();
        List<List<String>> vocabularyTokens = new ArrayList<>(trainTokens);
        if (distillation != null) {
            // the unlabelled texts' words are learnt from the teacher's targets, so they earn a place in the vocabulary
            vocabularyTokens.addAll(extraTokens.subList(0, distillation.unlabelled.size()));
        }
        run.vocabulary = Vocabulary.build(vocabularyTokens, config.minCount(), config.maxVocab());
        run.shape = new ModelShape(run.vocabulary.size(), config.embeddingSize(), config.hiddenSize(), config.labels().size(),
                config.pooling(), config.ngramBuckets());
        Encoded labelled = encode(pre, run.vocabulary, split.train(), trainTokens);
        Encoded train = distillation == null ? labelled : distilled(pre, run.vocabulary, split.train(), labelled, extraTokens, distillation);
        Encoded validation = encode(pre, run.vocabulary, split.validation(), null);
        listener.phase("vocabulary " + run.vocabulary.size() + " tokens; " + labelled.labels.length + " training, "
                + validation.labels.length + " validation, " + split.test().size() + " test rows"
                + (distillation == null ? "" : "; " + (train.labels.length - labelled.labels.length) + " more texts labelled by the teacher"));

        Network net = new Network(run.shape, DataType.FLOAT);
        if (config.teacherEmbeddings()) {
            try (SentenceEmbedder embedder = teachers.open().apply(config.teacher())) {
                net.startEmbeddingsFrom(TeacherWordVectors.of(run.vocabulary, run.shape.embeddingSize(), embedder, teachers.cache(), listener));
            }
        }
        net.initialise(config.seed());
        if (config.wideNaiveBayes() && run.shape.wideBuckets() > 0) {
            net.useWideRatios(NaiveBayesRatios.of(train.items, train.labels, run.shape.wideBuckets(), run.shape.outputs()));
        }
        Random rng = new Random(config.seed());
        Encoded selection = plan != null ? null : validation.labels.length > 0 ? validation : labelled;
        Phase phase = new Phase(net, train, selection, rng, run);
        if (run.shape.wideBuckets() > 0 && config.wideEpochs() > 0) {
            // Phase 1: the wide path alone. It needs several epochs, while the LSTM memorises the near-duplicate
            // rows after one or two; trained together, the LSTM's overfitting drags the wide path down.
            phase.run(prefix + "wide", plan == null ? config.wideEpochs() : plan.wideEpochs(), config.wideLearningRate(),
                    config.wideWeightDecay(), Set.of("wide", "bo"), Network.Branches.WIDE, n -> {
                        LstmParameters wideOnly = n.snapshot();
                        wideOnly.wo().assign(0);  // the untrained recurrent branch must not speak
                        return new Candidate(wideOnly, probabilities(run.shape, wideOnly, selection), null);
                    });
            run.wideBestEpoch = run.bestEpoch;
            run.wideEpochsRun = run.history.size();
            LstmParameters wide = run.best;
            float[][] wideProbabilities = run.bestProbabilities;
            // Phase 2: an LSTM of its own, blended with the fixed wide path at the logits (Blend), the blend fitted
            // on the validation rows after each epoch; the wide path alone stays the one to beat.
            if (plan != null) {
                if (plan.lstmEpochs() > 0) {
                    net.initialise(config.seed() + 1);
                    pretrain(prefix, net, pre, run.vocabulary, split, otherLabels, rng);
                    phase.run(prefix + "lstm", plan.lstmEpochs(), config.learningRate(), config.weightDecay(), RECURRENT_TENSORS,
                            Network.Branches.RECURRENT, n -> new Candidate(plan.blend().fold(wide, n.snapshot()), null, plan.blend()));
                }
            } else if (config.lstmMembers() == 1) {
                net.initialise(config.seed() + 1);
                pretrain(prefix, net, pre, run.vocabulary, split, otherLabels, rng);
                phase.run("lstm", config.epochs(), config.learningRate(), config.weightDecay(), RECURRENT_TENSORS,
                        Network.Branches.RECURRENT, n -> {
                            Blended b = blended(n, run.shape, wideProbabilities, selection);
                            return new Candidate(b.blend().fold(wide, b.lstm()), b.probabilities(), b.blend());
                        });
            } else {
                ensemble(net, pre, split, otherLabels, rng, run, phase, wide, wideProbabilities, selection, train);
            }
        } else {
            pretrain(prefix, net, pre, run.vocabulary, split, otherLabels, rng);
            phase.run(prefix + "lstm", plan == null ? config.epochs() : plan.lstmEpochs(), config.learningRate(), config.weightDecay(),
                    RECURRENT_TENSORS, Network.Branches.BOTH, n -> {
                        LstmParameters p = n.snapshot();
                        return new Candidate(p, probabilities(run.shape, p, selection), null);
                    });
        }
        if (validation.labels.length > 0) {
            run.validation = Evaluation.of(config.labels(), validation.labels,
                    Scoring.probabilities(new LstmEngine(run.shape, run.best), validation.items));
        }
        return run;
    }

    /** The model's probabilities on the selection rows, or null in a refit, which has none. */
    private static float[][] probabilities(ModelShape shape, LstmParameters parameters, Encoded selection) {
        return selection == null ? null : Scoring.probabilities(new LstmEngine(shape, parameters), selection.items);
    }

    /** An LSTM (its wide tensor zero), its blend with the wide path, and the blend's probabilities on the selection rows. */
    private record Blended(LstmParameters lstm, Blend blend, float[][] probabilities) {
    }

    private Blended blended(Network n, ModelShape shape, float[][] wideProbabilities, Encoded selection) {
        LstmParameters lstm = n.snapshot();
        lstm.wide().assign(0);  // the LSTM's own probabilities, without the (unused) wide tensor
        float[][] lstmProbabilities = Scoring.probabilities(new LstmEngine(shape, lstm), selection.items);
        Blend blend = Blend.fit(wideProbabilities, lstmProbabilities, selection.labels);
        listener.phase(String.format(java.util.Locale.ROOT, "blend: %.3f x wide + %.3f x lstm", blend.alpha(), blend.beta()));
        return new Blended(lstm, blend, blend.apply(wideProbabilities, lstmProbabilities));
    }

    /**
     * Phase 2 with several LSTMs: each trained from its own seed and kept at its best epoch (judged by its own
     * blend with the wide path), then stacked into one LSTM that averages their logits ({@link Ensemble}) and
     * blended with the wide path once more. The result replaces the kept model only if it scores better.
     */
    private void ensemble(Network net, Preprocessor pre, Split split, List<Example> otherLabels, Random rng, Run run, Phase phase,
            LstmParameters wide, float[][] wideProbabilities, Encoded selection, Encoded train) {
        int count = config.lstmMembers();
        List<LstmParameters> members = new ArrayList<>();
        List<Integer> keptEpochs = new ArrayList<>();
        for (int m = 1; m <= count; m++) {
            net.initialise(config.seed() + m);
            pretrain("", net, pre, run.vocabulary, split, otherLabels, rng);
            Run member = new Run();
            member.history = run.history;  // epochs keep counting across members
            new Phase(net, train, selection, rng, member).run("lstm " + m + "/" + count, config.epochs(), config.learningRate(),
                    config.weightDecay(), RECURRENT_TENSORS, Network.Branches.RECURRENT, n -> {
                        Blended b = blended(n, run.shape, wideProbabilities, selection);
                        return new Candidate(b.lstm(), b.probabilities(), b.blend());  // kept: the member itself, judged by its blend
                    });
            members.add(member.best);
            keptEpochs.add(member.bestEpoch);
        }
        ModelShape shape = Ensemble.shape(run.shape, count);
        LstmParameters stacked = Ensemble.stack(run.shape, members);
        float[][] stackedProbabilities = Scoring.probabilities(new LstmEngine(shape, stacked), selection.items);
        Blend blend = Blend.fit(wideProbabilities, stackedProbabilities, selection.labels);
        float[][] p = blend.apply(wideProbabilities, stackedProbabilities);
        double accuracy = Evaluation.of(config.labels(), selection.labels, p).accuracy();
        double loss = Scoring.logLoss(selection.labels, p);
        listener.phase(String.format(java.util.Locale.ROOT,
                "ensemble of %d LSTMs (kept epochs %s): blend %.3f x wide + %.3f x lstm, validation accuracy %.4f, loss %.4f",
                count, keptEpochs, blend.alpha(), blend.beta(), accuracy, loss));
        if (score(accuracy, loss) > phase.bestScore) {
            run.shape = shape;
            run.best = blend.fold(wide, stacked);
            run.bestProbabilities = p;
            run.bestEpoch = run.history.size();
        } else {
            listener.phase("the ensemble does not beat the model kept so far (epoch " + run.bestEpoch + "); keeping that one");
        }
    }

    /** The validation score that selects models: higher is better. */
    private double score(double accuracy, double loss) {
        return config.selectOn() == TrainingConfig.Selection.LOSS ? -loss : accuracy;
    }

    private static final Set<String> RECURRENT_TENSORS = Set.of("embedding", "wx", "wh", "b", "wo", "bo");

    /** A model to select from, with its probabilities on the selection rows (null in a refit) and its blend (if any). */
    private record Candidate(LstmParameters parameters, float[][] probabilities, Blend blend) {
    }

    /**
     * Epochs of one training phase with its own optimiser state; keeps the best model of the whole run in {@code run}.
     * Without selection rows (a refit) it runs every epoch and keeps the last.
     */
    private final class Phase {
        private final Network net;
        private final Encoded train;
        private final Encoded selection;
        private final Random rng;
        private final Run run;
        private double bestScore = Double.NEGATIVE_INFINITY;
        private final long start = System.nanoTime();

        Phase(Network net, Encoded train, Encoded selection, Random rng, Run run) {
            this.net = net;
            this.train = train;
            this.selection = selection;
            this.rng = rng;
            this.run = run;
        }

        void run(String name, int epochs, double learningRate, double weightDecay, Set<String> trainable,
                Network.Branches branches, java.util.function.Function<Network, Candidate> evaluate) {
            boolean recurrent = branches != Network.Branches.WIDE;
            Optimiser optimiser = new Optimiser(net, trainable, learningRate, weightDecay, config.clipNorm());
            int firstEpoch = run.history.size() + 1;
            int lastEpoch = run.history.size() + epochs;
            int bestInPhase = firstEpoch - 1;
            listener.phaseStarted(name, "phase '" + name + "': up to " + epochs + " epochs, learning rate " + learningRate);
            for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
                long epochStart = System.nanoTime();
                List<int[]> batches = bucketedBatches(train, rng);
                double lossSum = 0;
                for (int j = 0; j < batches.size(); j++) {
                    Batch batch = batch(train, batches.get(j), rng, recurrent);
                    lossSum += net.lossAndGradient(batch, config.embeddingDropout(), config.outputDropout(), branches);
                    optimiser.step(epoch);
                    listener.batch(epoch, lastEpoch, j + 1, batches.size(), lossSum / (j + 1), (System.nanoTime() - start) / 1e9);
                }
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                if (selection == null) {
                    EpochStats stats = new EpochStats(epoch, name, lossSum / batches.size(), Double.NaN, Double.NaN, seconds);
                    run.history.add(stats);
                    if (epoch == lastEpoch) {
                        run.best = evaluate.apply(net).parameters();
                        run.bestEpoch = epoch;
                    }
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    listener.epoch(stats, lastEpoch, elapsed, elapsed / run.history.size() * (lastEpoch - epoch), false);
                    continue;
                }
                Candidate candidate = evaluate.apply(net);
                float[][] p = candidate.probabilities();
                double accuracy = Evaluation.of(config.labels(), selection.labels, p).accuracy();
                double validationLoss = Scoring.logLoss(selection.labels, p);
                EpochStats stats = new EpochStats(epoch, name, lossSum / batches.size(), validationLoss, accuracy, seconds);
                run.history.add(stats);
                double score = score(accuracy, validationLoss);
                boolean improved = score > bestScore;
                if (improved) {
                    bestScore = score;
                    bestInPhase = epoch;
                    run.bestEpoch = epoch;
                    run.best = candidate.parameters();
                    run.bestProbabilities = p;
                    run.bestBlend = candidate.blend();
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                double perEpoch = elapsed / run.history.size();
                listener.epoch(stats, lastEpoch, elapsed, perEpoch * (lastEpoch - epoch), improved);
                if (config.patience() > 0 && epoch - bestInPhase >= config.patience()) {
                    listener.phase("phase '" + name + "' stops early: no better validation "
                            + config.selectOn().name().toLowerCase(java.util.Locale.ROOT) + " for " + config.patience()
                            + " epochs; best so far: epoch " + run.bestEpoch);
                    break;
                }
            }
        }
    }

    /**
     * Language-model pre-training of the embedding and LSTM: predict each next token of the texts of the training
     * split's tweet ids (rows with other labels included, labels unused), through a head that is then dropped.
     */
    private void pretrain(String prefix, Network net, Preprocessor pre, Vocabulary vocabulary, Split split, List<Example> otherLabels, Random rng) {
        if (config.pretrainEpochs() == 0) {
            return;
        }
        // A tweet id's variants all carry one label, so rows with other labels belong to ids outside this split;
        // none of them is a held-out tweet. Ids that the split holds out are left out all the same.
        Set<String> heldOut = new java.util.HashSet<>();
        split.validation().forEach(e -> heldOut.add(e.tweetId()));
        split.test().forEach(e -> heldOut.add(e.tweetId()));
        List<Example> texts = new ArrayList<>(split.train());
        otherLabels.stream().filter(e -> !heldOut.contains(e.tweetId())).forEach(texts::add);
        List<Preprocessor.Encoded> items = new ArrayList<>(texts.size());
        for (Example e : texts) {
            items.add(pre.encode(pre.tokenize(e.text()), vocabulary));
        }
        Encoded corpus = new Encoded(items, new int[items.size()]);
        int hidden = config.hiddenSize();
        int vocab = vocabulary.size();
        INDArray headFlat = Nd4j.zeros(DataType.FLOAT, 1, (long) hidden * vocab + vocab);
        headFlat.assign(Nd4j.rand(DataType.FLOAT, headFlat.shape()).subi(0.5).muli(2 / Math.sqrt(hidden)));
        INDArray headGradFlat = Nd4j.zeros(DataType.FLOAT, headFlat.shape());
        Network.LanguageModelHead head = Network.LanguageModelHead.views(headFlat, hidden, vocab);
        Network.LanguageModelHead headGrad = Network.LanguageModelHead.views(headGradFlat, hidden, vocab);
        Optimiser optimiser = new Optimiser(net, Set.of("embedding", "wx", "wh", "b"), config.pretrainLearningRate(), 0, config.clipNorm());
        Optimiser headOptimiser = new Optimiser(headFlat, headGradFlat, List.of(new long[] {0, headFlat.length()}),
                config.pretrainLearningRate(), 0, config.clipNorm());
        listener.phaseStarted(prefix + "pretrain", "phase '" + prefix + "pretrain': " + config.pretrainEpochs() + " epochs of next-token prediction on " + texts.size()
                + " texts (" + (texts.size() - split.train().size()) + " of them with other labels)");
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= config.pretrainEpochs(); epoch++) {
            List<int[]> batches = bucketedBatches(corpus, rng);
            double lossSum = 0;
            for (int j = 0; j < batches.size(); j++) {
                Batch batch = batch(corpus, batches.get(j), rng, true);
                lossSum += net.languageModelLossAndGradient(batch, head, headGrad, config.embeddingDropout());
                optimiser.step(epoch);
                headOptimiser.step(epoch);
                listener.batch(epoch, config.pretrainEpochs(), j + 1, batches.size(), lossSum / (j + 1), (System.nanoTime() - start) / 1e9);
            }
            listener.phase(String.format(java.util.Locale.ROOT, "%spretrain epoch %d/%d: next-token loss %.4f (perplexity %.1f)",
                    prefix, epoch, config.pretrainEpochs(), lossSum / batches.size(), Math.exp(lossSum / batches.size())));
        }
    }

    /**
     * The labelled rows with their mixed targets, followed by the teacher-labelled texts (unlabelled, augmented) with the
     * teacher's targets; such a text's label is the teacher's top label.
     */
    private Encoded distilled(Preprocessor pre, Vocabulary vocabulary, List<Example> rows, Encoded labelled,
            List<List<String>> extraTokens, Distillation distillation) {
        int outputs = config.labels().size() == 2 ? 1 : config.labels().size();
        int n = rows.size();
        int m = distillation.extraTexts.size();
        List<Preprocessor.Encoded> items = new ArrayList<>(labelled.items);
        int[] labels = java.util.Arrays.copyOf(labelled.labels, n + m);
        float[][] targets = new float[n + m][];
        for (int r = 0; r < n; r++) {
            targets[r] = distillation.target(rows.get(r), labelled.labels[r], outputs, config.distillWeight());
        }
        for (int j = 0; j < m; j++) {
            float[] p = distillation.extraTargets[j];
            items.add(pre.encode(extraTokens.get(j), vocabulary));
            labels[n + j] = Evaluation.argmax(p);
            targets[n + j] = Distillation.target(p, outputs);
        }
        return new Encoded(items, labels, targets);
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

    private Batch batch(Encoded train, int[] rows, Random rng, boolean wordDropout) {
        int[][] ids = new int[rows.length][];
        int[][] features = new int[rows.length][];
        int[] labels = new int[rows.length];
        float[][] targets = train.targets == null ? null : new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            Preprocessor.Encoded e = train.items.get(rows[r]);
            if (targets != null) {
                targets[r] = train.targets[rows[r]];
            }
            ids[r] = e.ids();
            if (wordDropout && config.wordDropout() > 0) {
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
        return Batch.of(ids, features, labels, targets);
    }
}
