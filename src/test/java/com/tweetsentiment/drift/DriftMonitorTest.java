package com.tweetsentiment.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.engine.SentimentModel;
import com.tweetsentiment.training.Dataset;
import com.tweetsentiment.training.DatasetLoader;
import com.tweetsentiment.training.Example;
import com.tweetsentiment.training.TrainingArtifacts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class DriftMonitorTest {

    static final List<String> LABELS = List.of("Negative", "Positive");
    static final DriftProperties PROPERTIES = new DriftProperties(500, 100, 0.1, 0.25);

    @TempDir
    Path dir;

    /** A made-up answer: a text of {@code tokens} tokens of which {@code known} are in the vocabulary. */
    private static Prediction answer(String label, int tokens, int known, double confidence) {
        return new Prediction(label, confidence, Map.of(), known, tokens);
    }

    private static List<Prediction> tweets(Random random, int n) {
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int tokens = 5 + random.nextInt(20);
            out.add(answer(random.nextBoolean() ? "Positive" : "Negative", tokens, tokens - random.nextInt(2), 0.6 + 0.4 * random.nextDouble()));
        }
        return out;
    }

    private DriftMonitor monitorWithReference(SimpleMeterRegistry meters) throws Exception {
        List<Prediction> heldOut = tweets(new Random(1), 2000);
        int[] truth = heldOut.stream().mapToInt(p -> LABELS.indexOf(p.label())).toArray();
        Files.createDirectories(dir.resolve("v1"));
        Files.write(dir.resolve("v1").resolve(HeldOutProfile.FILE),
                JsonMapper.builder().build().writeValueAsBytes(HeldOutProfile.of(LABELS, 64, heldOut, truth)));
        return new DriftMonitor(PROPERTIES, meters, dir::resolve);
    }

    @Test
    void theSameKindOfTextsIsOkAndTextsOfAnotherKindAreDrifted() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DriftMonitor monitor = monitorWithReference(meters);
        Random random = new Random(2);

        monitor.record("v1", LABELS, 64, tweets(random, 50));
        assertThat(monitor.report("v1").orElseThrow().verdict()).isEqualTo(DriftMonitor.Verdict.INSUFFICIENT_DATA);
        monitor.record("v1", LABELS, 64, tweets(random, 450));
        DriftMonitor.Report same = monitor.report("v1").orElseThrow();
        assertThat(same.verdict()).as(same.summary()).isEqualTo(DriftMonitor.Verdict.OK);
        assertThat(same.texts()).isEqualTo(500);
        assertThat(meters.get("sentiment.drift.verdict").tag("version", "v1").gauge().value()).isZero();

        // long texts, mostly unknown words, nearly all called Negative: the window slides until only they are left
        List<Prediction> other = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            other.add(answer(i % 10 == 0 ? "Positive" : "Negative", 45 + i % 15, 10, 0.55));
        }
        monitor.record("v1", LABELS, 64, other);
        DriftMonitor.Report drifted = monitor.report("v1").orElseThrow();
        assertThat(drifted.verdict()).as(drifted.summary()).isEqualTo(DriftMonitor.Verdict.DRIFTED);
        assertThat(drifted.statistics()).allSatisfy(s -> assertThat(s.psi()).as(s.name()).isGreaterThan(0.25));
        assertThat(drifted.texts()).isEqualTo(500);   // the window holds the last 500 only
        assertThat(meters.get("sentiment.drift.verdict").tag("version", "v1").gauge().value()).isEqualTo(2);
        assertThat(meters.get("sentiment.drift.psi").tags("version", "v1", "statistic", "unknown_rate").gauge().value()).isGreaterThan(0.25);
    }

    @Test
    void aModeratelyShiftedLabelMixIsWatch() throws Exception {
        DriftMonitor monitor = monitorWithReference(new SimpleMeterRegistry());
        Random random = new Random(3);
        List<Prediction> shifted = new ArrayList<>();
        for (Prediction p : tweets(random, 500)) {
            // about 70 % Positive instead of 50 %
            shifted.add(random.nextDouble() < 0.4 ? answer("Positive", p.tokens(), p.knownTokens(), p.confidence()) : p);
        }
        monitor.record("v1", LABELS, 64, shifted);
        DriftMonitor.Report r = monitor.report("v1").orElseThrow();
        assertThat(r.verdict()).as(r.summary()).isEqualTo(DriftMonitor.Verdict.WATCH);
        assertThat(r.summary()).contains("label_mix");
    }

    @Test
    void aVersionWithoutAProfileSaysSoAndOnlyTheLatestVersionsAreKept() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DriftMonitor monitor = monitorWithReference(meters);
        monitor.record("old", LABELS, 64, tweets(new Random(4), 300));
        DriftMonitor.Report r = monitor.report("old").orElseThrow();
        assertThat(r.verdict()).isEqualTo(DriftMonitor.Verdict.NO_REFERENCE);
        assertThat(r.statistics()).allSatisfy(s -> assertThat(s.psi()).isNull());
        for (int v = 0; v < DriftMonitor.VERSIONS_KEPT; v++) {
            monitor.record("newer-" + v, LABELS, 64, tweets(new Random(v), 10));
        }
        assertThat(monitor.report("old")).isEmpty();
        assertThat(meters.find("sentiment.drift.verdict").tag("version", "old").gauge()).isNull();
    }

    @Test
    void psiIsZeroForTheSameDistributionAndGrowsWithTheShift() {
        double[] e = {0.25, 0.25, 0.5};
        assertThat(TextStatistics.psi(e, e)).isZero();
        double small = TextStatistics.psi(e, new double[] {0.3, 0.2, 0.5});
        double large = TextStatistics.psi(e, new double[] {0.6, 0.1, 0.3});
        assertThat(small).isPositive().isLessThan(large);
        // by hand: (0.3-0.25)ln(0.3/0.25) + (0.2-0.25)ln(0.2/0.25)
        assertThat(small).isCloseTo(0.05 * Math.log(1.2) - 0.05 * Math.log(0.8), within(1e-12));
        assertThat(TextStatistics.psi(new double[] {1, 0}, new double[] {0, 1})).isFinite();
    }

    @Test
    void theAbstentionCurveTradesCoverageForAccuracy() {
        List<Prediction> p = List.of(answer("Positive", 5, 5, 0.95), answer("Negative", 5, 5, 0.9), answer("Positive", 5, 5, 0.6),
                answer("Negative", 5, 5, 0.55));
        int[] truth = {1, 0, 0, 1};   // the two confident answers are right, the two unsure ones wrong
        HeldOutProfile profile = HeldOutProfile.of(LABELS, 64, p, truth);
        assertThat(profile.coverage().get(0).threshold()).isEqualTo(0.5);
        assertThat(profile.coverage().get(0).coverage()).isEqualTo(1.0);
        assertThat(profile.coverage().get(0).accuracy()).isEqualTo(0.5);
        HeldOutProfile.CoveragePoint at70 = profile.coverage().stream().filter(c -> c.threshold() == 0.7).findFirst().orElseThrow();
        assertThat(at70.coverage()).isEqualTo(0.5);
        assertThat(at70.accuracy()).isEqualTo(1.0);
        assertThat(profile.coverage().get(profile.coverage().size() - 1).threshold()).isEqualTo(0.99);
        assertThat(profile.coverage().get(profile.coverage().size() - 1).accuracy()).isNull();   // nothing that sure
    }

    /**
     * The shipped model on real tweets it never saw in training, then on texts of another domain. The reference is
     * the profile of one half of its held-out test rows (by tweet id) and the in-domain stream is the other half, so
     * the two are different tweets of the same kind (training rows would not do: every word of theirs made the
     * vocabulary, so they have fewer unknown tokens than any new tweet).
     */
    @Test
    void theShippedModelCallsUnseenTweetsOkAndLegalProseDrifted() throws Exception {
        Path data = Path.of("../shared/data/twitter_training.csv");
        assumeTrue(Files.isRegularFile(data), "the dataset is not at " + data.toAbsolutePath() + "; this check needs real tweets");
        Path shipped = ModelArtifacts.resolve(Path.of("model-artifacts"));
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(shipped);
        SentimentModel model = loaded.model();
        Dataset dataset = DatasetLoader.load(data, model.labels());
        List<Example> test = TrainingArtifacts.heldOut(loaded.manifest(), dataset, "test");

        // the artifact's own profile is the one its test rows give, and its curve starts at the recorded test accuracy
        HeldOutProfile recorded = JsonMapper.builder().build().readValue(Files.readAllBytes(shipped.resolve(HeldOutProfile.FILE)),
                HeldOutProfile.class);
        assertThat(recorded.rows()).isEqualTo(test.size());
        assertThat(recorded.coverage().get(0).accuracy()).isCloseTo(loaded.manifest().testMetric("accuracy"), within(1e-9));

        List<Example> reference = test.stream().filter(e -> Math.floorMod(e.tweetId().hashCode(), 2) == 0).toList();
        List<String> unseen = test.stream().filter(e -> Math.floorMod(e.tweetId().hashCode(), 2) == 1).map(Example::text).toList();
        Files.createDirectories(dir.resolve("half"));
        Files.write(dir.resolve("half").resolve(HeldOutProfile.FILE),
                JsonMapper.builder().build().writeValueAsBytes(TrainingArtifacts.profile(model, reference)));
        DriftMonitor monitor = new DriftMonitor(new DriftProperties(2000, 200, 0.1, 0.25), new SimpleMeterRegistry(), v -> dir.resolve("half"));

        int maxTokens = model.preprocessor().settings().maxTokens();
        for (int from = 0; from < Math.min(2000, unseen.size()); from += 200) {
            monitor.record("half", model.labels(), maxTokens, model.predict(unseen.subList(from, Math.min(unseen.size(), from + 200))));
        }
        DriftMonitor.Report inDomain = monitor.report("half").orElseThrow();
        assertThat(inDomain.texts()).isGreaterThanOrEqualTo(1500);
        assertThat(inDomain.verdict()).as(inDomain.summary()).isEqualTo(DriftMonitor.Verdict.OK);

        List<String> legal = new ArrayList<>();
        String[] clauses = {"the licensee shall indemnify the licensor against all claims arising hereunder",
            "notwithstanding the foregoing provisions, this agreement terminates upon written notice",
            "any amendment hereto must be executed in writing by duly authorised representatives of both parties",
            "the parties irrevocably submit to the exclusive jurisdiction of the courts of the governing territory",
            "save as expressly provided herein, all warranties, express or implied, are hereby excluded",
            "the obligations set forth in this clause survive the expiration or termination of the agreement"};
        for (int i = 0; i < 2000; i++) {
            legal.add(clauses[i % clauses.length] + ", pursuant to section " + (i % 17 + 2) + " and schedule " + (char) ('a' + i % 5)
                    + (i % 3 == 0 ? "; " + clauses[(i + 2) % clauses.length] : ""));
        }
        for (int from = 0; from < legal.size(); from += 200) {
            monitor.record("half", model.labels(), maxTokens, model.predict(legal.subList(from, from + 200)));
        }
        DriftMonitor.Report otherDomain = monitor.report("half").orElseThrow();
        assertThat(otherDomain.verdict()).as(otherDomain.summary()).isEqualTo(DriftMonitor.Verdict.DRIFTED);
        System.out.println("drift on the shipped model: unseen tweets " + inDomain.summary() + "; legal prose " + otherDomain.summary());
    }
}
