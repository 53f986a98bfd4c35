package com.tweetsentiment.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trained tensors, in the conventions of {@link LstmEngine}. Gate column blocks are ordered
 * i, f, g, o (PyTorch's order: its {@code weight_ih} transposed is {@code wx}, {@code b_ih + b_hh} is {@code b}).
 *
 * @param embedding [V, E]
 * @param wx        [E, G]
 * @param wh        [H, G]
 * @param b         [1, G]
 * @param wo        [H, K]
 * @param bo        [1, K]
 * @param wide      [N, K], or null without a wide path
 */
public record LstmParameters(INDArray embedding, INDArray wx, INDArray wh, INDArray b, INDArray wo, INDArray bo, INDArray wide) {

    /** Checks every tensor against the shape and says which one differs. */
    public void check(ModelShape s) {
        expect("embedding", embedding, s.vocabSize(), s.embeddingSize());
        expect("wx", wx, s.embeddingSize(), s.gates());
        expect("wh", wh, s.hiddenSize(), s.gates());
        expect("b", b, 1, s.gates());
        expect("wo", wo, s.hiddenSize(), s.outputs());
        expect("bo", bo, 1, s.outputs());
        if (s.wideBuckets() > 0) {
            expect("wide", wide, s.wideBuckets(), s.outputs());
        } else if (wide != null) {
            throw new IllegalArgumentException("tensor 'wide' given but the shape has no wide path");
        }
    }

    private static void expect(String name, INDArray a, long rows, long cols) {
        if (a == null) {
            throw new IllegalArgumentException("tensor '" + name + "' is missing; expected [" + rows + ", " + cols + "]");
        }
        long[] shape = a.shape();
        if (shape.length != 2 || shape[0] != rows || shape[1] != cols) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + java.util.Arrays.toString(shape)
                    + "; expected [" + rows + ", " + cols + "]");
        }
    }

    /** Tensors by file name stem, in a fixed order (the artifact's file list). */
    public Map<String, INDArray> byName() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("embedding", embedding);
        m.put("wx", wx);
        m.put("wh", wh);
        m.put("b", b);
        m.put("wo", wo);
        m.put("bo", bo);
        if (wide != null) {
            m.put("wide", wide);
        }
        return m;
    }

    public static LstmParameters fromNames(Map<String, INDArray> m) {
        return new LstmParameters(m.get("embedding"), m.get("wx"), m.get("wh"), m.get("b"), m.get("wo"), m.get("bo"), m.get("wide"));
    }
}
