package com.tweetsentiment.training;

/**
 * What the teacher of a distilled run was and how well it did, for the manifest and the model card.
 *
 * @param model             encoder name (bge-small, minilm)
 * @param fingerprint       sha256 of the encoder's model and tokenizer
 * @param dimension         D of its vectors
 * @param headEpochs        the head's settings ({@link com.tweetsentiment.teacher.Teacher.Settings}): epochs, step size, L2, embedding scale
 * @param distillWeight     α: a labelled row's target is (1 - α) · its label + α · the teacher's probabilities
 * @param labelledRows      training rows the head was fitted on and the student learns from with mixed targets
 * @param unlabelledTexts   texts with no usable label (other labels' rows outside the held-out ids) the teacher labelled
 * @param augmentedTexts    variants of the training texts ({@link Augmenter}) the teacher labelled
 * @param embeddedFromCache distinct texts whose vectors were already in the cache
 * @param embeddedComputed  distinct texts the encoder embedded in this run
 * @param embeddingSeconds  wall time of looking up and computing the vectors (training texts, unlabelled, augmented)
 * @param validation        the teacher on the validation rows (null without any)
 * @param test              the teacher on the test rows
 * @param folds             heads the training rows' targets came from out of fold (0: the head fitted on all of them);
 *                          null in artifacts trained before the setting existed
 * @param outOfFold         with folds: those heads on the training rows they had not seen (null without folds)
 */
public record TeacherReport(String model, String fingerprint, int dimension, int headEpochs, double headLearningRate,
        double headL2, double headEmbeddingScale, double distillWeight, int labelledRows, int unlabelledTexts,
        int augmentedTexts, int embeddedFromCache, int embeddedComputed, double embeddingSeconds, Evaluation validation,
        Evaluation test, Integer folds, Evaluation outOfFold) {
}
