package com.tweetsentiment.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TweetTokenizerTest {

    private final TweetTokenizer words = new TweetTokenizer(TokenizerKind.WORD);

    @Test
    void normalisesUrlsMentionsNumbersAndCase() {
        assertThat(words.tokenize("@EA_Sports Check https://t.co/xyz NOW, 2 times 3.5"))
                .containsExactly("<user>", "check", "<url>", "now", ",", "<num>", "times", "<num>");
    }

    @Test
    void squeezesElongationsAndSplitsPunctuationAndEmoji() {
        assertThat(words.tokenize("Soooo goooood!!!! 😍😍😍")).containsExactly("soo", "good", "!", "!", "😍", "😍");
    }

    @Test
    void hashtagsKeepTheirWordAndWordsKeepApostrophes() {
        assertThat(words.tokenize("#Borderlands3 don't")).containsExactly("borderlands3", "don't");
    }

    @Test
    void appliesNfkcAndDropsInvisibleCharacters() {
        assertThat(words.tokenize("ｆｕｌｌ width ❤️ \uFFFD")).containsExactly("full", "width", "❤");
    }

    @Test
    void keepsWordsThatContainDigits() {
        assertThat(words.tokenize("PS5 or cs:go 2k21")).containsExactly("ps5", "or", "cs", ":", "go", "2k21");
    }

    @Test
    void characterModeGivesCodePointsWithSingleSpaces() {
        assertThat(new TweetTokenizer(TokenizerKind.CHAR).tokenize("Hi  😀\n!")).containsExactly("h", "i", " ", "😀", " ", "!");
    }

    @Test
    void emptyAndBlankTextsGiveNoTokens() {
        assertThat(words.tokenize("   ")).isEmpty();
        assertThat(words.tokenize("")).isEmpty();
    }

    @Test
    void vocabularyKeepsFrequentTokensAndMapsTheRestToUnknown() {
        Vocabulary v = Vocabulary.build(List.of(List.of("a", "b", "a"), List.of("a", "c", "b")), 2, 10);
        assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "a", "b");
        assertThat(v.encode(List.of("a", "zzz", "b"), 10)).containsExactly(2, Vocabulary.UNK_ID, 3);
        assertThat(v.encode(List.of("a", "b", "a"), 2)).containsExactly(2, 3);
        assertThat(v.encode(List.of(), 5)).containsExactly(Vocabulary.UNK_ID);
        assertThat(Vocabulary.build(List.of(List.of("a", "b", "a")), 1, 3).tokens()).containsExactly("<pad>", "<unk>", "a");
    }

    @Test
    void ngramFeaturesAreStableSortedAndDistinct() {
        NgramHasher h = new NgramHasher(2, 0, 1 << 18);
        int[] f = h.features(List.of("good", "game", "good", "game"));
        assertThat(f).hasSize(4).isSorted();  // good, game, "good game", "game good"
        assertThat(h.features(List.of("good", "game"))).isEqualTo(new NgramHasher(2, 0, 1 << 18).features(List.of("good", "game")));
        assertThat(h.features(List.of())).isEmpty();
    }

    @Test
    void characterNgramsFrameEachTokenAndAddSubwordFeatures() {
        NgramHasher words = new NgramHasher(1, 0, 1 << 20);
        NgramHasher both = new NgramHasher(1, 4, 1 << 20);
        // "<ab>": 3-grams "<ab", "ab>"; the 4-gram is the whole framed token and is left to the unigram
        assertThat(both.features(List.of("ab"))).hasSize(3).contains(words.features(List.of("ab")));
        // "playing" and "played" share "<pl", "pla", "lay", "<pla", "play"
        int[] a = both.features(List.of("playing"));
        int[] b = both.features(List.of("played"));
        assertThat(java.util.Arrays.stream(a).filter(x -> java.util.Arrays.binarySearch(b, x) >= 0).count()).isEqualTo(5);
    }

    @Test
    void preprocessorCountsKnownTokens() {
        Preprocessor p = new Preprocessor(new PreprocessingSettings(TokenizerKind.WORD, 3, 1, 0, 16));
        Vocabulary v = new Vocabulary(List.of("<pad>", "<unk>", "good"));
        Preprocessor.Encoded e = p.encode("good qwerty good good", v);
        assertThat(e.ids()).containsExactly(2, 1, 2);
        assertThat(e.knownTokens()).isEqualTo(2);
        assertThat(e.tokens()).isEqualTo(4);
        assertThat(e.features()).isNotEmpty();
    }
}
