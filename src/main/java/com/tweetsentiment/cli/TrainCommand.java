package com.tweetsentiment.cli;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.engine.Nd4jThreads;
import com.tweetsentiment.engine.Pooling;
import com.tweetsentiment.text.TokenizerKind;
import com.tweetsentiment.training.Dataset;
import com.tweetsentiment.training.DatasetLoader;
import com.tweetsentiment.teacher.EmbeddingCache;
import com.tweetsentiment.teacher.OnnxSentenceEmbedder;
import com.tweetsentiment.teacher.TeacherModel;
import com.tweetsentiment.training.TeacherSource;
import com.tweetsentiment.training.Trainer;
import com.tweetsentiment.training.TrainingArtifacts;
import com.tweetsentiment.training.TrainingConfig;
import com.tweetsentiment.training.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model on a CSV of the dataset's schema (no header: tweet id, entity, sentiment, text)",
            "and publish it as a new artifact directory under --out. Options left out take the preset's values."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "training CSV, e.g. twitter_training.csv")
    Path data;

    @Option(names = "--out", required = true, description = "model root; the artifact goes to <out>/<version>")
    Path out;

    @Option(names = "--version-name", description = "artifact version (default: UTC time, e.g. 20261126-154512)")
    String versionName;

    @Option(names = "--activate", description = "record the new artifact as the active one in <out>/ACTIVE")
    boolean activate;

    @Option(names = "--config", description = "JSON file of training settings (names as in the model card's settings, "
            + "e.g. {\"epochs\": 3}); the options given on the command line win")
    Path config;

    @Option(names = "--preset", defaultValue = "default", description = "default or article (char tokens, E=16, H=1, length 200)")
    String preset;

    @Option(names = "--labels", description = "binary (Negative,Positive), all (the four labels) or a comma list")
    String labels;

    @Option(names = "--epochs", description = "most epochs of the LSTM phase") Integer epochs;
    @Option(names = "--wide-epochs", description = "most epochs of the first phase (the n-gram path alone); 0 trains all at once")
    Integer wideEpochs;
    @Option(names = "--wide-learning-rate") Double wideLearningRate;
    @Option(names = "--lstm-members", description = "LSTMs of different seeds averaged inside the blend (stored as one of M times the size)")
    Integer lstmMembers;
    @Option(names = "--pretrain-epochs", description = "epochs of language-model pre-training of the LSTM; 0 for none")
    Integer pretrainEpochs;
    @Option(names = "--pretrain-learning-rate") Double pretrainLearningRate;
    @Option(names = "--wide-weight-decay") Double wideWeightDecay;
    @Option(names = "--wide-naive-bayes", description = "scale the n-gram path by naive Bayes log-count ratios (NBSVM)")
    Boolean wideNaiveBayes;
    @Option(names = "--refit", arity = "0..1", description = "after selecting on the validation rows, train once more on the "
            + "training and validation rows together for the kept epochs; the artifact holds that model (default preset: on; "
            + "--refit=false turns it off)")
    Boolean refit;
    @Option(names = "--seed") Long seed;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = "--learning-rate") Double learningRate;
    @Option(names = "--weight-decay") Double weightDecay;
    @Option(names = "--clip-norm") Double clipNorm;
    @Option(names = "--embedding-size") Integer embeddingSize;
    @Option(names = "--hidden-size") Integer hiddenSize;
    @Option(names = "--pooling", description = "MEAN, MAX or LAST") Pooling pooling;
    @Option(names = "--tokenizer", description = "WORD or CHAR") TokenizerKind tokenizer;
    @Option(names = "--max-tokens") Integer maxTokens;
    @Option(names = "--min-count") Integer minCount;
    @Option(names = "--max-vocab") Integer maxVocab;
    @Option(names = "--ngram-order", description = "longest n-gram of the wide path; 0 turns it off") Integer ngramOrder;
    @Option(names = "--char-ngram-max", description = "longest character n-gram of the wide path (3 or more); 0 turns them off") Integer charNgramMax;
    @Option(names = "--ngram-buckets", description = "hash buckets of the wide path; 0 turns it off") Integer ngramBuckets;
    @Option(names = "--embedding-dropout") Double embeddingDropout;
    @Option(names = "--word-dropout") Double wordDropout;
    @Option(names = "--output-dropout") Double outputDropout;
    @Option(names = "--patience") Integer patience;
    @Option(names = "--select-on", description = "ACCURACY or LOSS: the validation score that picks the kept epoch and stops early")
    TrainingConfig.Selection selectOn;
    @Option(names = "--split", description = "GROUPED (by tweet id) or RANDOM (rows)") String split;
    @Option(names = "--compare-random-split", description = "also train on a random row split and report its accuracy")
    Boolean compareRandomSplit;

    @Option(names = "--teacher", description = "distil from a teacher: bge-small (the default preset's) or minilm, a pre-trained "
            + "sentence encoder plus a head trained on the training rows, whose probabilities become the student's soft targets; "
            + "none trains on the labels alone")
    String teacher;
    @Option(names = "--distill-weight", description = "with a teacher: a labelled row's target is (1 - w) x its label + w x the "
            + "teacher's probabilities (default preset: 0.9)")
    Double distillWeight;
    @Option(names = "--augmentations", description = "with a teacher: augmented variants of each training text (words masked, "
            + "n-grams sampled) the teacher labels for the student (default 1)")
    Integer augmentations;
    @Option(names = "--unlabelled", arity = "0..1", description = "with a teacher: the rows with other labels are unlabelled "
            + "text the teacher labels for the student (default true)")
    Boolean unlabelled;

    @Option(names = "--teacher-folds", description = "with a teacher: 0 takes its probabilities on the training rows from the head "
            + "fitted on all of them; K >= 2 takes them out of fold, from K heads that each leave a K-th of the tweet ids out")
    Integer teacherFolds;

    @Option(names = "--teacher-embeddings", arity = "0..1", description = "with a teacher: the LSTM's word embeddings start from "
            + "the teacher's vectors of the vocabulary's words, reduced to the embedding size (default preset: on; "
            + "--teacher-embeddings=false starts them random)")
    Boolean teacherEmbeddings;

    @Option(names = "--teacher-cache", description = "directory of the teacher's cached embeddings (default: "
            + "$SENTIMENT_TEACHER_CACHE, else ~/.cache/tweet-sentiment/teacher)")
    Path teacherCache;

    @Option(names = "--threads", description = "threads per ND4J op (default: all cores)")
    Integer threads;

    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, lines or json (JSON lines on stdout)")
    String progress;

    @Override
    public Integer call() {
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Nd4jThreads.set(threadCount);
        TrainingConfig config = TrainingConfig.preset(preset).with(fromFile()).with(overrides());
        PrintStream err = System.err;
        Progress listener = Progress.of(progress, err, System.out);
        Dataset dataset = DatasetLoader.load(data, config.labels());
        listener.phase(DatasetLoader.summary(dataset));
        String version = versionName != null ? ModelArtifacts.checkVersionName(versionName) : TrainingArtifacts.newVersion(out, Instant.now());
        ModelStore store = new ModelStore(out);
        // a stop midway (Ctrl-C, a cancelled job) leaves no half-written artifact of this process behind
        Thread cleanup = new Thread(store::abandonTemporaries, "remove-partial-artifact");
        Runtime.getRuntime().addShutdownHook(cleanup);
        TrainingResult result = new Trainer(config, listener, teachers(teacherCache, threadCount)).train(dataset);
        Path dir = TrainingArtifacts.write(out, version, result, dataset, Instant.now());
        if (activate) {
            store.activate(version, () -> ModelArtifacts.load(dir));
        }
        Runtime.getRuntime().removeShutdownHook(cleanup);
        listener.done(version, dir, result);
        err.println("test split (" + config.split().name().toLowerCase(Locale.ROOT) + "): " + result.test().report());
        if (result.randomSplitTest() != null) {
            err.printf(Locale.ROOT, "random row split, same recipe: accuracy %.4f%n", result.randomSplitTest().accuracy());
        }
        err.println("artifact " + dir + (activate ? " (active)" : ""));
        return 0;
    }

    /** The encoders of the classpath with {@code threads} ONNX Runtime threads, and the cache named by {@link #teacherCacheDir}. */
    static TeacherSource teachers(Path teacherCache, int threads) {
        return new TeacherSource(name -> OnnxSentenceEmbedder.open(TeacherModel.of(name), threads),
                new EmbeddingCache(teacherCacheDir(teacherCache)));
    }

    /** {@code --teacher-cache}, else $SENTIMENT_TEACHER_CACHE, else ~/.cache/tweet-sentiment/teacher. */
    private static Path teacherCacheDir(Path teacherCache) {
        if (teacherCache != null) {
            return teacherCache;
        }
        String env = System.getenv("SENTIMENT_TEACHER_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "tweet-sentiment", "teacher");
    }

    private Map<String, Object> fromFile() {
        if (config == null) {
            return Map.of();
        }
        try {
            return ModelArtifacts.json().readValue(config.toFile(),
                    ModelArtifacts.json().getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("--config " + config + " is not a JSON object of settings: " + e.getOriginalMessage(), e);
        }
    }

    private Map<String, Object> overrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        if (labels != null) {
            o.put("labels", switch (labels.toLowerCase(Locale.ROOT)) {
                case "binary" -> List.of("Negative", "Positive");
                case "all" -> DatasetLoader.DATASET_LABELS;
                default -> List.of(labels.split("\\s*,\\s*"));
            });
        }
        put(o, "epochs", epochs);
        put(o, "wideEpochs", wideEpochs);
        put(o, "wideLearningRate", wideLearningRate);
        put(o, "wideWeightDecay", wideWeightDecay);
        put(o, "wideNaiveBayes", wideNaiveBayes);
        put(o, "lstmMembers", lstmMembers);
        put(o, "refit", refit);
        put(o, "pretrainEpochs", pretrainEpochs);
        put(o, "pretrainLearningRate", pretrainLearningRate);
        put(o, "seed", seed);
        put(o, "batchSize", batchSize);
        put(o, "learningRate", learningRate);
        put(o, "weightDecay", weightDecay);
        put(o, "clipNorm", clipNorm);
        put(o, "embeddingSize", embeddingSize);
        put(o, "hiddenSize", hiddenSize);
        put(o, "pooling", pooling);
        put(o, "tokenizer", tokenizer);
        put(o, "maxTokens", maxTokens);
        put(o, "minCount", minCount);
        put(o, "maxVocab", maxVocab);
        put(o, "ngramOrder", ngramOrder);
        put(o, "charNgramMax", charNgramMax);
        put(o, "ngramBuckets", ngramBuckets);
        put(o, "embeddingDropout", embeddingDropout);
        put(o, "wordDropout", wordDropout);
        put(o, "outputDropout", outputDropout);
        put(o, "patience", patience);
        put(o, "selectOn", selectOn);
        put(o, "split", split == null ? null : split.toUpperCase(Locale.ROOT));
        put(o, "compareRandomSplit", compareRandomSplit);
        if ("none".equalsIgnoreCase(teacher)) {
            o.put("teacher", null);
        } else {
            put(o, "teacher", teacher);
        }
        put(o, "distillWeight", distillWeight);
        put(o, "augmentations", augmentations);
        put(o, "unlabelled", unlabelled);
        put(o, "teacherFolds", teacherFolds);
        put(o, "teacherEmbeddings", teacherEmbeddings);
        return o;
    }

    private static void put(Map<String, Object> o, String key, Object value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
