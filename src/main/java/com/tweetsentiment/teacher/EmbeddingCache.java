package com.tweetsentiment.teacher;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings kept on disk, so that a second training run or a retraining job does not compute them again.
 *
 * <p>One file per encoder, named by its {@link SentenceEmbedder#fingerprint() sha256}; inside, one record per text, keyed
 * by the sha256 of the text's UTF-8 bytes. A vector depends on nothing but the encoder and the text, so this key is
 * exact: a dataset that changes (rows added by labelled examples, a new upload) finds the texts it shares with earlier
 * runs and computes only the new ones, and a different model never sees another's vectors.
 *
 * <p>File: a header (magic, D, the encoder's sha256), then records of [32-byte key][D little-endian float32]. Records
 * are only appended, in chunks, under a lock on the file (so two trainers can share one cache) and synced; a record
 * cut short by a crash is dropped at the next append. A file whose header does not match is replaced.
 */
public final class EmbeddingCache {

    private static final byte[] MAGIC = "TSEMBv1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY = 32;
    private static final int CHUNK = 256;

    /** Told as the texts are looked up and computed: done of total, how many came from the file, seconds so far. */
    public interface Progress {
        void update(int done, int total, int fromCache, double seconds);

        Progress NONE = (done, total, fromCache, seconds) -> { };
    }

    /**
     * @param vectors   [N][D] in the order of the texts asked for
     * @param fromCache distinct texts found in the file
     * @param computed  distinct texts the encoder embedded (and the file now holds)
     */
    public record Result(float[][] vectors, int fromCache, int computed, double seconds) {
    }

    private final Path dir;

    public EmbeddingCache(Path dir) {
        this.dir = dir;
    }

    public Path file(SentenceEmbedder embedder) {
        return dir.resolve(embedder.name() + "-" + embedder.fingerprint().substring(0, 16) + ".emb");
    }

    public Result embed(List<String> texts, SentenceEmbedder embedder, Progress progress) {
        long start = System.nanoTime();
        int d = embedder.dimension();
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, String> wanted = new LinkedHashMap<>();  // key -> text, distinct
        String[] keys = new String[texts.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(texts.get(i));
            wanted.putIfAbsent(keys[i], texts.get(i));
        }
        int fromCache;
        int computed = 0;
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(file(embedder), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                try (FileLock lock = ch.lock()) {
                    read(ch, embedder, wanted.keySet(), vectors);
                }
                fromCache = vectors.size();
                List<String> missing = wanted.keySet().stream().filter(k -> !vectors.containsKey(k)).toList();
                progress.update(fromCache, wanted.size(), fromCache, seconds(start));
                for (int from = 0; from < missing.size(); from += CHUNK) {
                    List<String> chunk = missing.subList(from, Math.min(missing.size(), from + CHUNK));
                    ByteBuffer out = ByteBuffer.allocate(chunk.size() * (KEY + 4 * d)).order(ByteOrder.LITTLE_ENDIAN);
                    for (String k : chunk) {
                        String text = wanted.get(k);
                        float[] v = text.isBlank() ? new float[d] : embedder.embed(text);
                        if (v.length != d) {
                            throw new IllegalStateException(embedder.name() + " gave a vector of " + v.length + ", expected " + d);
                        }
                        vectors.put(k, v);
                        out.put(HexFormat.of().parseHex(k));
                        for (float x : v) {
                            out.putFloat(x);
                        }
                    }
                    append(ch, out.flip(), d);
                    computed += chunk.size();
                    progress.update(fromCache + computed, wanted.size(), fromCache, seconds(start));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("teacher embedding cache " + file(embedder) + ": " + e.getMessage(), e);
        }
        float[][] result = new float[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            result[i] = vectors.get(keys[i]);
        }
        return new Result(result, fromCache, computed, seconds(start));
    }

    /** Reads the records whose keys are wanted into {@code into}; writes a fresh header if the file is new or not ours. */
    private static void read(FileChannel ch, SentenceEmbedder embedder, java.util.Set<String> wanted, Map<String, float[]> into)
            throws IOException {
        byte[] header = header(embedder);
        byte[] found = new byte[header.length];
        ByteBuffer hb = ByteBuffer.wrap(found);
        ch.position(0);
        while (hb.hasRemaining() && ch.read(hb) >= 0) {
            // reads until the header is full or the file ends
        }
        if (!Arrays.equals(found, header)) {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(header), 0);
            ch.force(true);
            return;
        }
        int d = embedder.dimension();
        InputStream raw = Channels.newInputStream(ch.position(header.length));
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        byte[] key = new byte[KEY];
        byte[] body = new byte[4 * d];
        while (true) {
            try {
                in.readFully(key);
                in.readFully(body);
            } catch (EOFException end) {
                return;  // the end, or a record cut short (dropped at the next append)
            }
            String k = HexFormat.of().formatHex(key);
            if (wanted.contains(k)) {
                float[] v = new float[d];
                ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                into.put(k, v);
            }
        }
    }

    private static void append(FileChannel ch, ByteBuffer records, int d) throws IOException {
        try (FileLock lock = ch.lock()) {
            long header = MAGIC.length + 4 + KEY;
            long whole = header + (ch.size() - header) / (KEY + 4L * d) * (KEY + 4L * d);
            ch.truncate(whole);  // drops a record cut short by a crash
            ch.position(whole);
            while (records.hasRemaining()) {
                ch.write(records);
            }
            ch.force(false);
        }
    }

    private static byte[] header(SentenceEmbedder embedder) {
        return ByteBuffer.allocate(MAGIC.length + 4 + KEY).put(MAGIC).putInt(embedder.dimension())
                .put(HexFormat.of().parseHex(embedder.fingerprint())).array();
    }

    private static String key(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
