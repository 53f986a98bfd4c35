package com.tweetsentiment.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each token of a text sits in the text as the caller wrote it, as character offsets (UTF-16 units, end
 * exclusive), so that an explanation can point at the words themselves.
 *
 * <p>The tokenizer lower-cases, normalises (NFKC) and rewrites the text (URLs, mentions, numbers, elongations), so
 * tokens are found again rather than tracked: each code point of the text is normalised on its own, remembering where
 * it came from, and the tokens are looked for in order in that text: a placeholder by the pattern it replaced, an
 * word of several characters with each character allowed to repeat (so "soo" covers all of "soooo"), anything else as it is. A token
 * that cannot be placed (rare: a normalisation that joins characters) gets an empty span where the search stood.
 */
public final class TokenSpans {

    /** Offsets of one token in the original text; {@code start == end} if it could not be placed. */
    public record Span(int start, int end) {
    }

    private TokenSpans() {
    }

    public static List<Span> locate(String text, List<String> tokens) {
        StringBuilder normal = new StringBuilder(text.length());
        List<Integer> from = new ArrayList<>(text.length() + 1);   // per char of normal: offset of its code point in text
        List<Integer> to = new ArrayList<>(text.length() + 1);     // and the end of that code point
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            String n = TweetTokenizer.normalise(Character.toString(cp));
            for (int k = 0; k < n.length(); k++) {
                from.add(i);
                to.add(next);
            }
            normal.append(n);
            i = next;
        }
        List<Span> spans = new ArrayList<>(tokens.size());
        int cursor = 0;
        for (String token : tokens) {
            Matcher m = pattern(token).matcher(normal);
            if (cursor <= normal.length() && m.find(cursor)) {
                int start = m.start();
                int end = Math.max(m.end(), start + 1);
                spans.add(new Span(from.get(start), to.get(end - 1)));
                cursor = end;
            } else {
                int at = cursor < from.size() ? from.get(cursor) : text.length();
                spans.add(new Span(at, at));
            }
        }
        return spans;
    }

    private static Pattern pattern(String token) {
        return switch (token) {
            case TweetTokenizer.URL -> TweetTokenizer.URLS;
            case TweetTokenizer.USER -> TweetTokenizer.MENTIONS;
            case TweetTokenizer.NUMBER -> TweetTokenizer.NUMERIC;
            default -> {
                if (token.codePointCount(0, token.length()) == 1) {
                    yield Pattern.compile(Pattern.quote(token));  // "!!!!" is two tokens "!": each takes one
                }
                StringBuilder p = new StringBuilder();
                token.codePoints().forEach(cp -> p.append(Pattern.quote(Character.toString(cp))).append('+'));
                yield Pattern.compile(p.toString());
            }
        };
    }
}
