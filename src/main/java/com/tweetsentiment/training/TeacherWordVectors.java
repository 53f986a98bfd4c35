package com.tweetsentiment.training;

import com.tweetsentiment.teacher.EmbeddingCache;
import com.tweetsentiment.teacher.SentenceEmbedder;
import com.tweetsentiment.text.TweetTokenizer;
import com.tweetsentiment.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dimensionalityreduction.PCA;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Starting word embeddings for the student's LSTM taken from the teacher ({@link TrainingConfig#teacherEmbeddings}):
 * each vocabulary word is embedded by the teacher on its own, the D-dimensional vectors are reduced to the student's E
 * dimensions by principal components (which centres them), and scaled so that a coordinate's root mean square is
 * {@link #RMS}. Words that mean alike start near each other, as pre-trained word vectors give an LSTM trained on little
 * data (Tang et al. 2019 start their student from word2vec). The padding and unknown rows are zero, the centre of the
 * other words. The vocabulary is the training rows', so no held-out text reaches the teacher here either.
 */
final class TeacherWordVectors {

    /** Root mean square of a coordinate after scaling: a word vector's length about √E / 2. */
    static final double RMS = 0.5;

    private TeacherWordVectors() {
    }

    /** Whether a vocabulary of this size has more words (ids past the unknown one) than the E components asked for. */
    static boolean fits(int vocabularySize, int embeddingSize) {
        return vocabularySize - (Vocabulary.UNK_ID + 1) > embeddingSize;
    }

    /** [V, E]: one row per vocabulary id, in float; null when the vocabulary does not {@link #fits} (random embeddings). */
    static INDArray of(Vocabulary vocabulary, int embeddingSize, SentenceEmbedder embedder, EmbeddingCache cache, TrainingListener listener) {
        if (!fits(vocabulary.size(), embeddingSize)) {
            listener.phase(String.format(Locale.ROOT, "word vectors: %d vocabulary words are too few for %d principal components; "
                    + "the embeddings start random", vocabulary.size() - (Vocabulary.UNK_ID + 1), embeddingSize));
            return null;
        }
        List<String> words = new ArrayList<>();
        for (int id = Vocabulary.UNK_ID + 1; id < vocabulary.size(); id++) {
            words.add(asText(vocabulary.token(id)));
        }
        listener.phase(String.format(Locale.ROOT, "word vectors from %s for %d vocabulary words", embedder.name(), words.size()));
        EmbeddingCache.Result embedded = cache.embed(words, embedder, Distillation.progress(listener, "teacher word vectors"));
        INDArray features = Nd4j.create(embedded.vectors()).castTo(DataType.DOUBLE);
        INDArray centred = features.subRowVector(features.mean(0));
        // pca_factor works on (and may overwrite) its argument: a copy, and the projection of the centred words
        INDArray reduced = centred.mmul(PCA.pca_factor(centred.dup(), embeddingSize, false));
        double rms = reduced.norm2Number().doubleValue() / Math.sqrt(reduced.length());
        reduced.muli(rms > 0 ? RMS / rms : 0);
        INDArray table = Nd4j.zeros(DataType.FLOAT, vocabulary.size(), embeddingSize);
        table.get(NDArrayIndex.interval(Vocabulary.UNK_ID + 1, vocabulary.size()), NDArrayIndex.all()).assign(reduced.castTo(DataType.FLOAT));
        listener.phase(String.format(Locale.ROOT, "word vectors: %d from the cache, %d computed, %.0f s; %d principal components",
                embedded.fromCache(), embedded.computed(), embedded.seconds(), embeddingSize));
        return table;
    }

    /** What the teacher reads for a token: the tokenizer's placeholders as the word they stand for. */
    static String asText(String token) {
        return switch (token) {
            case TweetTokenizer.URL -> "link";
            case TweetTokenizer.USER -> "user";
            case TweetTokenizer.NUMBER -> "number";
            default -> token;
        };
    }
}
