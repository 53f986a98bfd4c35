package com.tweetsentiment.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.training.TrainerEvent;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

    private String feed(ProgressTracker t, String event) {
        return t.accept(TrainerEvent.parse(event));
    }

    @Test
    void countsEpochsOfAllPhasesAgainstThePlan() {
        // planned: 4 wide + 0 pretrain + 4 lstm epochs
        ProgressTracker t = new ProgressTracker(4, 0, 4, false);
        assertThat(t.progress(0).percent()).isZero();
        assertThat(feed(t, "{\"event\":\"phase\",\"name\":\"wide\",\"message\":\"phase 'wide': up to 4 epochs, learning rate 0.002\"}")).startsWith("phase 'wide'");
        assertThat(feed(t, "{\"event\":\"batch\",\"epoch\":1,\"epochs\":4,\"batch\":5,\"batches\":10,\"loss\":0.6}")).isNull();
        Job.Progress half = t.progress(10);
        assertThat(half.phase()).isEqualTo("wide");
        assertThat(half.percent()).isEqualTo(6.3);
        assertThat(half.etaSeconds()).isCloseTo(150, org.assertj.core.data.Offset.offset(1.0));

        assertThat(feed(t, "{\"event\":\"epoch\",\"epoch\":1,\"epochs\":4,\"loss\":0.5,\"validationLoss\":0.45,\"validationAccuracy\":0.8,\"best\":true}"))
                .contains("epoch 1/4 (wide)").contains("val accuracy 0.8000 (best)");
        feed(t, "{\"event\":\"epoch\",\"epoch\":2,\"epochs\":4,\"loss\":0.4,\"validationLoss\":0.44,\"validationAccuracy\":0.79,\"best\":false}");
        // the wide phase stops early: this is not the start of a phase, the next message is
        feed(t, "{\"event\":\"phase\",\"message\":\"phase 'wide' stops early: no better validation accuracy for 1 epochs\"}");
        assertThat(t.progress(20).percent()).isEqualTo(25.0);
        feed(t, "{\"event\":\"phase\",\"name\":\"lstm\",\"message\":\"phase 'lstm': up to 4 epochs, learning rate 0.002\"}");
        Job.Progress lstm = t.progress(20);
        assertThat(lstm.phase()).isEqualTo("lstm");
        assertThat(lstm.percent()).isEqualTo(50.0);
        assertThat(lstm.validationAccuracy()).isEqualTo(0.79);
        feed(t, "{\"event\":\"epoch\",\"epoch\":3,\"epochs\":6,\"loss\":0.3,\"validationLoss\":0.4,\"validationAccuracy\":0.82,\"best\":true}");
        assertThat(t.progress(30).epoch()).isEqualTo(3);
        assertThat(t.progress(30).percent()).isEqualTo(62.5);
        assertThat(feed(t, "{\"event\":\"done\",\"version\":\"v9\",\"testAccuracy\":0.81}")).contains("v9").contains("0.8100");
        assertThat(t.progress(40).percent()).isEqualTo(100.0);
        assertThat(t.progress(40).etaSeconds()).isZero();
        // every finished epoch stays in the history, with its phase, for whoever draws the curve later
        assertThat(t.progress(40).history()).containsExactly(
                new Job.EpochPoint("wide", 1, 0.5, 0.45, 0.8),
                new Job.EpochPoint("wide", 2, 0.4, 0.44, 0.79),
                new Job.EpochPoint("lstm", 3, 0.3, 0.4, 0.82));
    }

    @Test
    void aRefitDoublesThePlanAndItsEpochsHaveNoValidationFigures() {
        // planned: 2 wide + 1 pretrain + 2 lstm epochs to select, then as many again at most for the refit
        ProgressTracker t = new ProgressTracker(2, 1, 2, true);
        feed(t, "{\"event\":\"phase\",\"name\":\"lstm\",\"message\":\"phase 'lstm': up to 2 epochs, learning rate 0.002\"}");
        assertThat(t.progress(10).percent()).isEqualTo(30.0);
        feed(t, "{\"event\":\"epoch\",\"epoch\":4,\"epochs\":4,\"loss\":0.3,\"validationLoss\":0.4,\"validationAccuracy\":0.82,\"best\":true}");
        feed(t, "{\"event\":\"phase\",\"name\":\"refit-pretrain\",\"message\":\"phase 'refit-pretrain': 1 epochs of next-token prediction on 90 texts\"}");
        Job.Progress pretrain = t.progress(20);
        assertThat(pretrain.phase()).isEqualTo("refit-pretrain");
        assertThat(pretrain.percent()).isEqualTo(70.0);
        feed(t, "{\"event\":\"phase\",\"name\":\"refit-lstm\",\"message\":\"phase 'refit-lstm': up to 1 epochs, learning rate 0.002\"}");
        assertThat(t.progress(25).percent()).isEqualTo(80.0);
        assertThat(feed(t, "{\"event\":\"epoch\",\"epoch\":3,\"epochs\":3,\"loss\":0.35,\"validationLoss\":null,"
                + "\"validationAccuracy\":null,\"best\":false}")).isEqualTo("epoch 3/3 (refit-lstm)  loss 0.3500");
        assertThat(t.progress(30).validationAccuracy()).as("the selection run's last figure stays").isEqualTo(0.82);
        assertThat(t.progress(30).percent()).isEqualTo(90.0);
    }
}
