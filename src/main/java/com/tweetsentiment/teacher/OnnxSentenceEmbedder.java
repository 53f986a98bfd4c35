package com.tweetsentiment.teacher;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A {@link TeacherModel} run in-process by LangChain4j on ONNX Runtime. The session is ours, so that its intra-op
 * threads follow the trainer's {@code --threads} instead of ONNX Runtime's default (every core).
 */
public final class OnnxSentenceEmbedder implements SentenceEmbedder {

    private final TeacherModel model;
    private final String fingerprint;
    private final OrtSession session;
    private final AbstractInProcessEmbeddingModel encoder;

    private OnnxSentenceEmbedder(TeacherModel model, String fingerprint, OrtSession session, AbstractInProcessEmbeddingModel encoder) {
        this.model = model;
        this.fingerprint = fingerprint;
        this.session = session;
        this.encoder = encoder;
    }

    /** Loads the model from the classpath with {@code threads} intra-op threads. */
    public static OnnxSentenceEmbedder open(TeacherModel model, int threads) {
        byte[] onnx = resource(model.modelResource());
        byte[] tokenizer = resource(model.tokenizerResource());
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(onnx);
        sha.update(tokenizer);
        String fingerprint = HexFormat.of().formatHex(sha.digest());
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            OrtSession session = env.createSession(onnx, options);
            OnnxBertBiEncoder bert = new OnnxBertBiEncoder(env, session, new ByteArrayInputStream(tokenizer), model.pooling());
            AbstractInProcessEmbeddingModel encoder = new AbstractInProcessEmbeddingModel(Runnable::run) {
                @Override
                protected OnnxBertBiEncoder model() {
                    return bert;
                }

                @Override
                protected Integer knownDimension() {
                    return model.dimension();
                }
            };
            return new OnnxSentenceEmbedder(model, fingerprint, session, encoder);
        } catch (OrtException e) {
            throw new IllegalStateException("could not load the " + model.id() + " teacher into ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = OnnxSentenceEmbedder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the teacher's file " + name + " is not on the classpath "
                        + "(it ships in a LangChain4j embeddings jar; is that jar missing from the build?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return model.id();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public float[] embed(String text) {
        return encoder.embed(text).content().vector();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
