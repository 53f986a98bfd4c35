package com.tweetsentiment.teacher;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.util.Arrays;
import java.util.Locale;

/**
 * The pre-trained sentence encoders a teacher can use: quantized ONNX models that ship inside LangChain4j's embedding
 * jars on Maven Central (resources at the jar's root), with their WordPiece tokenizers.
 */
public enum TeacherModel {
    BGE_SMALL("bge-small", "BAAI bge-small-en-v1.5 (int8-quantized ONNX)", "bge-small-en-v1.5-q", PoolingMode.CLS, 384),
    MINILM("minilm", "sentence-transformers all-MiniLM-L6-v2 (int8-quantized ONNX)", "all-minilm-l6-v2-q", PoolingMode.MEAN, 384);

    private final String id;
    private final String description;
    private final String resource;
    private final PoolingMode pooling;
    private final int dimension;

    TeacherModel(String id, String description, String resource, PoolingMode pooling, int dimension) {
        this.id = id;
        this.description = description;
        this.resource = resource;
        this.pooling = pooling;
        this.dimension = dimension;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    String modelResource() {
        return resource + ".onnx";
    }

    String tokenizerResource() {
        return resource + "-tokenizer.json";
    }

    PoolingMode pooling() {
        return pooling;
    }

    int dimension() {
        return dimension;
    }

    /** The model named {@code id} (as on the command line: bge-small, minilm). */
    public static TeacherModel of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown teacher '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(TeacherModel::id).toList()));
    }
}
