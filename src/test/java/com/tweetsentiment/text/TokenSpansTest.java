package com.tweetsentiment.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSpansTest {

    private static final TweetTokenizer WORDS = new TweetTokenizer(TokenizerKind.WORD);

    /** What each token covers in the text as sent. */
    private static List<String> covered(String text, TweetTokenizer tokenizer) {
        return TokenSpans.locate(text, tokenizer.tokenize(text)).stream().map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void plainWordsAndPunctuationCoverThemselvesInTheirOriginalCase() {
        assertThat(covered("I LOVE it, really!", WORDS)).containsExactly("I", "LOVE", "it", ",", "really", "!");
    }

    @Test
    void placeholdersCoverWhatTheyReplaced() {
        String text = "@Ubisoft fix this https://t.co/AbC123 now, 2 days #fail";
        assertThat(WORDS.tokenize(text)).containsExactly("<user>", "fix", "this", "<url>", "now", ",", "<num>", "days", "fail");
        assertThat(covered(text, WORDS)).containsExactly("@Ubisoft", "fix", "this", "https://t.co/AbC123", "now", ",", "2", "days", "fail");
    }

    @Test
    void anElongatedWordCoversAllOfItsLettersAndRepeatedMarksEachTakeOne() {
        String text = "soooo good!!!!";
        assertThat(WORDS.tokenize(text)).containsExactly("soo", "good", "!", "!");
        assertThat(covered(text, WORDS)).containsExactly("soooo", "good", "!", "!");
        List<TokenSpans.Span> spans = TokenSpans.locate(text, WORDS.tokenize(text));
        assertThat(spans.get(2).start()).isEqualTo(10);
        assertThat(spans.get(3).start()).isEqualTo(11);
    }

    @Test
    void offsetsStayInTheOriginalTextWhenNormalisationChangesItsLength() {
        // the ligature "ﬁ" (one char) normalises to "fi" (two), and the emoji is two UTF-16 units
        String text = "ﬁne 😀 day";
        assertThat(WORDS.tokenize(text)).containsExactly("fine", "😀", "day");
        assertThat(covered(text, WORDS)).containsExactly("ﬁne", "😀", "day");
    }

    @Test
    void characterTokensCoverOneCodePointEach() {
        TweetTokenizer chars = new TweetTokenizer(TokenizerKind.CHAR);
        assertThat(covered("Hi  Yo", chars)).containsExactly("H", "i", " ", "Y", "o");
    }

    @Test
    void aTokenThatCannotBePlacedGetsAnEmptySpanInsteadOfAnotherTokensPlace() {
        List<TokenSpans.Span> spans = TokenSpans.locate("good day", List.of("good", "zzz", "day"));
        assertThat(spans.get(0)).isEqualTo(new TokenSpans.Span(0, 4));
        assertThat(spans.get(1).start()).isEqualTo(spans.get(1).end());
        assertThat(spans.get(2)).isEqualTo(new TokenSpans.Span(5, 8));
    }
}
