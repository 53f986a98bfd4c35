package com.tweetsentiment.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a raw tweet into tokens. One implementation for training and inference.
 *
 * <p>Word mode: Unicode NFKC, lower case, URLs become {@code <url>}, @mentions {@code <user>},
 * stand-alone numbers {@code <num>}, a character repeated three or more times is squeezed to two
 * ("soooo" becomes "soo"), hashtags keep their word, punctuation and emoji are tokens of their own.
 * Char mode: NFKC, lower case, runs of white space as one space, one token per code point.
 */
public final class TweetTokenizer {

    public static final String URL = "<url>";
    public static final String USER = "<user>";
    public static final String NUMBER = "<num>";

    private static final Pattern URLS = Pattern.compile("(?:https?://|www\\.)\\S+|\\b[\\w.-]+\\.(?:com|org|net|ly|co|io)/\\S*");
    private static final Pattern MENTIONS = Pattern.compile("@\\w+");
    private static final Pattern HASHTAGS = Pattern.compile("#(\\w)");
    private static final Pattern ELONGATION = Pattern.compile("(\\X)\\1{2,}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TOKENS = Pattern.compile(
            "<url>|<user>|<num>"
            + "|\\d+(?:[.,:]\\d+)+"
            + "|[\\p{L}\\p{M}\\p{N}_]+(?:'[\\p{L}\\p{M}\\p{N}]+)*"
            + "|\\S");
    private static final Pattern NUMERIC = Pattern.compile("\\d+(?:[.,:]\\d+)*");

    private final TokenizerKind kind;

    public TweetTokenizer(TokenizerKind kind) {
        this.kind = kind;
    }

    public List<String> tokenize(String text) {
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return kind == TokenizerKind.CHAR ? characters(normal) : words(normal);
    }

    private static List<String> characters(String normal) {
        String squeezed = WHITESPACE.matcher(normal).replaceAll(" ").strip();
        List<String> tokens = new ArrayList<>(squeezed.length());
        squeezed.codePoints().filter(TweetTokenizer::isVisible).forEach(cp -> tokens.add(Character.toString(cp)));
        return tokens;
    }

    private static List<String> words(String normal) {
        String s = URLS.matcher(normal).replaceAll(" " + URL + " ");
        s = MENTIONS.matcher(s).replaceAll(" " + USER + " ");
        s = HASHTAGS.matcher(s).replaceAll(" $1");
        s = ELONGATION.matcher(s).replaceAll("$1$1");
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKENS.matcher(s);
        while (m.find()) {
            String token = m.group();
            if (Character.isDigit(token.charAt(0)) && NUMERIC.matcher(token).matches()) {  // most tokens are words: skip the matcher
                tokens.add(NUMBER);
            } else if (token.codePointCount(0, token.length()) > 1 || isVisible(token.codePointAt(0))) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** Joiners, variation selectors, lone marks and the replacement character carry no meaning alone. */
    private static boolean isVisible(int cp) {
        int type = Character.getType(cp);
        return cp != 0xFFFD && type != Character.NON_SPACING_MARK && type != Character.FORMAT
                && type != Character.CONTROL && type != Character.ENCLOSING_MARK;
    }
}
