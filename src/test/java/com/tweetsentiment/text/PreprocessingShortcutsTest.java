package com.tweetsentiment.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tweetsentiment.training.Dataset;
import com.tweetsentiment.training.DatasetLoader;
import com.tweetsentiment.training.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tokenizer's shortcuts and the hasher's string-free n-grams must not change a single token or bucket. */
class PreprocessingShortcutsTest {

    private static final Path DATASET = Path.of("../shared/data/twitter_training.csv");
    private static final NgramHasher HASHER = new NgramHasher(2, 5, 1 << 20);

    /** The hasher as first written: each character n-gram hashed from a framed copy of the token, then a stream. */
    private static int[] referenceFeatures(List<String> tokens) {
        long offset = 0xcbf29ce484222325L;
        long prime = 0x100000001b3L;
        java.util.stream.IntStream.Builder out = java.util.stream.IntStream.builder();
        for (int start = 0; start < tokens.size(); start++) {
            long h = offset;
            for (int len = 1; len <= 2 && start + len <= tokens.size(); len++) {
                if (len > 1) {
                    h = (h ^ '\u0001') * prime;
                }
                for (char c : tokens.get(start + len - 1).toCharArray()) {
                    h = (h ^ c) * prime;
                }
                out.add((int) Long.remainderUnsigned(h ^ (h >>> 29), 1 << 20));
            }
            String framed = "<" + tokens.get(start) + ">";
            for (int from = 0; from < framed.length(); from++) {
                for (int len = 3; len <= 5 && from + len <= framed.length(); len++) {
                    if (len == framed.length()) {
                        continue;
                    }
                    long c = offset ^ 0x5bd1e995L;
                    for (char ch : framed.substring(from, from + len).toCharArray()) {
                        c = (c ^ ch) * prime;
                    }
                    out.add((int) Long.remainderUnsigned(c ^ (c >>> 29), 1 << 20));
                }
            }
        }
        return out.build().sorted().distinct().toArray();
    }

    private static void same(String text) {
        String normal = TweetTokenizer.normalise(text);
        List<String> tokens = TweetTokenizer.words(normal, true);
        assertThat(tokens).as(text).isEqualTo(TweetTokenizer.words(normal, false));
        assertThat(HASHER.features(tokens)).as(text).isEqualTo(referenceFeatures(tokens));
    }

    @Test
    void trickyTextsGiveTheSameTokensAndBuckets() {
        for (String text : List.of("", "a", "ab", "soooo goood", "www.example.org rocks", "see t.co/x", "mail me@x.io", "#tag #",
                "e\u0301e\u0301e\u0301 cafe\u0301", "😍😍😍", "\r\n\r\n\r\n ok", "no way!!!", "1.5 2,000 10/10", "don't stop", "a\u200db\u200dc")) {
            same(text);
        }
    }

    @Test
    void everyRowOfTheDatasetGivesTheSameTokensAndBuckets() {
        assumeTrue(Files.isRegularFile(DATASET), "the Kaggle dataset is not at " + DATASET.toAbsolutePath());
        Dataset data = DatasetLoader.load(DATASET, List.of("Negative", "Positive", "Neutral", "Irrelevant"));
        assertThat(data.examples()).hasSizeGreaterThan(70_000);
        for (Example e : data.examples()) {
            same(e.text());
        }
    }
}
