package com.tweetsentiment.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.tweetsentiment.artifact.ModelArtifacts;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Explanations on the shipped model: they agree with its predictions, add up where they must, and point the right way. */
class ExplanationTest {

    static SentimentModel model;

    @BeforeAll
    static void load() {
        model = ModelArtifacts.load(ModelArtifacts.resolve(Path.of("model-artifacts"))).model();
    }

    private static final List<String> TEXTS = List.of(
            "I love this game, the new update is great",
            "This is awful, broken again and the support is terrible",
            "@EAHelp my account got banned for no reason https://t.co/x1 #angry",
            "sooooo happy with my new phone!!!! best purchase ever",
            "meh",
            "Borderlands 3 is out on Friday and I am not sure what to think");

    @Test
    void theExplainedLabelIsThePredictedOneAndTheLogitGivesItsConfidence() {
        List<Prediction> predictions = model.predict(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            Explanation e = model.explain(TEXTS.get(i));
            assertThat(e.label()).as(TEXTS.get(i)).isEqualTo(predictions.get(i).label());
            // two labels: the predicted label's probability is the sigmoid of its signed logit
            assertThat(1 / (1 + Math.exp(-e.logit()))).as(TEXTS.get(i)).isCloseTo(predictions.get(i).confidence(), within(1e-5));
            assertThat(e.logit()).isCloseTo(e.lstmLogit() + e.ngramLogit(), within(1e-9));
        }
    }

    @Test
    void theNgramContributionsAddUpToTheNgramPathsLogit() {
        for (String text : TEXTS) {
            Explanation e = model.explain(text);
            double sum = e.tokens().stream().mapToDouble(Explanation.TokenContribution::ngram).sum();
            assertThat(e.ngramLogit()).as(text).isNotZero();
            assertThat(sum).as(text).isCloseTo(e.ngramLogit(), within(1e-6));
            for (Explanation.TokenContribution t : e.tokens()) {
                assertThat(t.contribution()).isCloseTo(t.lstm() + t.ngram(), within(1e-12));
            }
        }
    }

    @Test
    void theLstmContributionIsTheChangeOfItsLogitWhenTheTokenIsOccluded() {
        String text = "I love this game, the new update is great";
        Explanation e = model.explain(text);
        var tokens = model.preprocessor().tokenize(text);
        int love = tokens.indexOf("love");
        int[] ids = model.vocabulary().encode(tokens, model.preprocessor().settings().maxTokens());
        int[] occluded = ids.clone();
        occluded[love] = com.tweetsentiment.text.Vocabulary.UNK_ID;
        float[][] deep = model.engine().deepLogits(new int[][] {ids, occluded});
        // Positive is the second label: its logit is the engine's one output as it is
        assertThat(e.label()).isEqualTo("Positive");
        assertThat(e.lstmLogit()).isCloseTo(deep[0][0], within(1e-6));
        assertThat(e.tokens().get(love).lstm()).isCloseTo(deep[0][0] - deep[1][0], within(1e-6));
    }

    @Test
    void onClearTextsTheStrongestWordPointsTowardsTheLabel() {
        Explanation positive = model.explain("I love this game, the new update is great");
        Explanation negative = model.explain("This is awful, broken again and the support is terrible");
        assertThat(positive.label()).isEqualTo("Positive");
        assertThat(negative.label()).isEqualTo("Negative");
        assertThat(strongest(positive)).isIn("love", "great");
        assertThat(strongest(negative)).isIn("awful", "broken", "terrible");
        assertThat(positive.tokens().stream().filter(t -> t.token().equals("love")).findFirst().orElseThrow().contribution()).isPositive();
        assertThat(negative.tokens().stream().filter(t -> t.token().equals("awful")).findFirst().orElseThrow().contribution()).isPositive();
    }

    private static String strongest(Explanation e) {
        return e.tokens().stream().max(Comparator.comparingDouble(Explanation.TokenContribution::contribution)).orElseThrow().token();
    }

    @Test
    void everyTokenOfTheTextIsThereWithItsOffsetsAndTokensPastTheLstmsLengthHaveNoLstmPart() {
        String text = "@EAHelp my account got banned for no reason https://t.co/x1 #angry";
        Explanation e = model.explain(text);
        assertThat(e.tokens()).extracting(Explanation.TokenContribution::token).isEqualTo(model.preprocessor().tokenize(text));
        assertThat(text.substring(e.tokens().get(0).start(), e.tokens().get(0).end())).isEqualTo("@EAHelp");
        assertThat(e.lstmShare() + e.ngramShare()).isCloseTo(1, within(1e-12));

        int max = model.preprocessor().settings().maxTokens();
        String longText = "good ".repeat(max + 5).strip();
        Explanation long_ = model.explain(longText);
        assertThat(long_.tokens()).hasSize(max + 5);
        assertThat(long_.tokens().get(max + 2).lstm()).isZero();
        assertThat(long_.tokens().get(max + 2).ngram()).isNotZero();
        assertThat(long_.tokens().get(0).lstm()).isNotZero();
    }
}
