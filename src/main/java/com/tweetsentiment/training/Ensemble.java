package com.tweetsentiment.training;

import com.tweetsentiment.engine.LstmParameters;
import com.tweetsentiment.engine.ModelShape;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * M LSTMs of one shape as one LSTM of M times the width: embeddings side by side, input and recurrent weights
 * block-diagonal (member m's units at positions m·H.. of every gate block), output weights stacked and divided
 * by M. No unit sees another member's input or state, so the stacked model's logits are exactly the mean of the
 * members' logits, and the engine and artifact format need nothing new. The cost per step is that of one LSTM
 * of width M·H.
 */
final class Ensemble {

    private Ensemble() {
    }

    /** The shape of M stacked members of the given shape. */
    static ModelShape shape(ModelShape member, int members) {
        return new ModelShape(member.vocabSize(), member.embeddingSize() * members, member.hiddenSize() * members,
                member.labels(), member.pooling(), member.wideBuckets());
    }

    /** The members' recurrent tensors stacked; the wide tensor (if any) is zero, as the blend supplies its own. */
    static LstmParameters stack(ModelShape member, List<LstmParameters> members) {
        int m = members.size();
        long e = member.embeddingSize();
        long h = member.hiddenSize();
        ModelShape out = shape(member, m);
        var type = members.get(0).wo().dataType();
        INDArray embedding = Nd4j.zeros(type, out.vocabSize(), out.embeddingSize());
        INDArray wx = Nd4j.zeros(type, out.embeddingSize(), out.gates());
        INDArray wh = Nd4j.zeros(type, out.hiddenSize(), out.gates());
        INDArray b = Nd4j.zeros(type, 1, out.gates());
        INDArray wo = Nd4j.zeros(type, out.hiddenSize(), out.outputs());
        INDArray bo = Nd4j.zeros(type, 1, out.outputs());
        for (int i = 0; i < m; i++) {
            LstmParameters p = members.get(i);
            p.check(member);
            embedding.get(NDArrayIndex.all(), range(i * e, e)).assign(p.embedding());
            for (int gate = 0; gate < 4; gate++) {
                INDArrayIndex to = range(gate * h * m + i * h, h);
                INDArrayIndex from = range(gate * h, h);
                wx.get(range(i * e, e), to).assign(p.wx().get(NDArrayIndex.all(), from));
                wh.get(range(i * h, h), to).assign(p.wh().get(NDArrayIndex.all(), from));
                b.get(NDArrayIndex.all(), to).assign(p.b().get(NDArrayIndex.all(), from));
            }
            wo.get(range(i * h, h), NDArrayIndex.all()).assign(p.wo().div(m));
            bo.addi(p.bo().div(m));
        }
        INDArray wide = out.wideBuckets() > 0 ? Nd4j.zeros(type, out.wideBuckets(), out.outputs()) : null;
        return new LstmParameters(embedding, wx, wh, b, wo, bo, wide);
    }

    private static INDArrayIndex range(long from, long length) {
        return NDArrayIndex.interval(from, from + length);
    }
}
