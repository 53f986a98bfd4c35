package com.tweetsentiment.training;

import com.tweetsentiment.engine.LstmParameters;
import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.text.Vocabulary;
import java.util.List;

/**
 * What a run produced: the selected parameters and everything needed to describe them.
 *
 * @param history                per-epoch figures
 * @param parameters             the kept model's; after a refit ({@link TrainingConfig#refit}), the refit model's
 * @param bestEpoch              the epoch whose parameters were kept (best validation accuracy); after a refit, the
 *                               selection run's kept epoch, whose epoch counts the refit repeated
 * @param validation             the kept model on the validation split (after a refit: the selection run's model)
 * @param test                   the kept model on the test split: the reported figures
 * @param randomSplitTest        test figures of the same recipe on a random row split, or null if not asked for
 * @param trainRows              rows in the training split (validationRows, testRows likewise)
 * @param seconds                wall time of training (both runs if a random split was compared)
 * @param teacher                the teacher of a distilled run and its own figures, or null
 */
public record TrainingResult(TrainingConfig config, ModelShape shape, LstmParameters parameters, Vocabulary vocabulary,
        List<EpochStats> history, int bestEpoch, Evaluation validation, Evaluation test, Evaluation randomSplitTest,
        int trainRows, int validationRows, int testRows, double seconds, TeacherReport teacher) {
}
