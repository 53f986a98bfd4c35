package com.tweetsentiment.engine;

import java.util.List;

/**
 * Why a model gave a text its label: per token, a signed contribution to the logit of that label (positive pushes
 * towards it), split into the model's two paths.
 *
 * <ul>
 * <li>{@code ngram}: exact. The wide path's logit is a sum over the text's n-gram buckets; each bucket's term is
 * shared equally among the n-grams that produced it and each n-gram's share equally among its tokens, so the
 * tokens' {@code ngram} values add up to {@link #ngramLogit}.</li>
 * <li>{@code lstm}: by occlusion. The LSTM path's logit minus its logit with that one token replaced by
 * {@code <unk>}; 0 for a token the vocabulary does not know (occluding it changes nothing) and for tokens past the
 * model's maximum length (the LSTM never reads them). These do not add up to {@link #lstmLogit}: the LSTM is not
 * additive.</li>
 * </ul>
 *
 * @param label      the label explained (the predicted one)
 * @param logit      that label's logit: {@code lstmLogit + ngramLogit} (for two labels, the positive label's logit,
 *                   negated when the first label was predicted)
 * @param lstmLogit  the LSTM path's part of it, output bias included
 * @param ngramLogit the n-gram path's part
 * @param tokens     every token of the text, in order
 */
public record Explanation(String label, double logit, double lstmLogit, double ngramLogit, List<TokenContribution> tokens) {

    /**
     * @param start, end character offsets of the token in the text as sent (UTF-16 units, end exclusive; equal when
     *               the token could not be placed)
     */
    public record TokenContribution(String token, int start, int end, double contribution, double lstm, double ngram) {
    }

    /** The LSTM path's share of the logit's magnitude: |lstm| / (|lstm| + |ngram|) (1 without a wide path). */
    public double lstmShare() {
        double total = Math.abs(lstmLogit) + Math.abs(ngramLogit);
        return total == 0 ? 0.5 : Math.abs(lstmLogit) / total;
    }

    public double ngramShare() {
        return 1 - lstmShare();
    }
}
