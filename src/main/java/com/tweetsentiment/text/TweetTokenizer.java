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

    static final Pattern URLS = Pattern.compile("(?:https?://|www\\.)\\S+|\\b[\\w.-]+\\.(?:com|org|net|ly|co|io)/\\S*");
    static final Pattern MENTIONS = Pattern.compile("@\\w+");
    private static final Pattern HASHTAGS = Pattern.compile("#(\\w)");
    private static final Pattern ELONGATION = Pattern.compile("(\\X)\\1{2,}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TOKENS = Pattern.compile(
            "<url>|<user>|<num>"
            + "|\\d+(?:[.,:]\\d+)+"
            + "|[\\p{L}\\p{M}\\p{N}_]+(?:'[\\p{L}\\p{M}\\p{N}]+)*"
            + "|\\S");
    static final Pattern NUMERIC = Pattern.compile("\\d+(?:[.,:]\\d+)*");

    private final TokenizerKind kind;

    public TweetTokenizer(TokenizerKind kind) {
        this.kind = kind;
    }

    public List<String> tokenize(String text) {
        String normal = normalise(text);
        return kind == TokenizerKind.CHAR ? characters(normal) : words(normal, true);
    }

    static String normalise(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static List<String> characters(String normal) {
        String squeezed = WHITESPACE.matcher(normal).replaceAll(" ").strip();
        List<String> tokens = new ArrayList<>(squeezed.length());
        squeezed.codePoints().filter(TweetTokenizer::isVisible).forEach(cp -> tokens.add(Character.toString(cp)));
        return tokens;
    }

    /**
     * Word tokens of a normalised text. With {@code shortcuts}, each rewrite runs only if its pattern can match:
     * most tweets have no URL, mention, hashtag or elongation, and scanning for them was the tokenizer's main
     * cost in the serving profile. The result is the same either way (the tests check it on the whole dataset).
     */
    static List<String> words(String normal, boolean shortcuts) {
        String s = normal;
        if (!shortcuts || s.indexOf('/') >= 0 || s.contains("www.")) {  // both URL forms need one of them
            s = URLS.matcher(s).replaceAll(" " + URL + " ");
        }
        if (!shortcuts || s.indexOf('@') >= 0) {
            s = MENTIONS.matcher(s).replaceAll(" " + USER + " ");
        }
        if (!shortcuts || s.indexOf('#') >= 0) {
            s = HASHTAGS.matcher(s).replaceAll(" $1");
        }
        if (!shortcuts || mayBeElongated(s)) {
            s = ELONGATION.matcher(s).replaceAll("$1$1");
        }
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

    /**
     * False only if {@link #ELONGATION} cannot change a token: below U+0300 every character is a grapheme of its own
     * (combining marks, joiners and the other extenders all lie above; the one two-character grapheme there, CR LF,
     * is white space, which no token contains), so a repeated grapheme is the same character three times in a row.
     */
    private static boolean mayBeElongated(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 0x300 || (k >= 2 && c == s.charAt(k - 1) && c == s.charAt(k - 2))) {
                return true;
            }
        }
        return false;
    }

    /** Joiners, variation selectors, lone marks and the replacement character carry no meaning alone. */
    private static boolean isVisible(int cp) {
        int type = Character.getType(cp);
        return cp != 0xFFFD && type != Character.NON_SPACING_MARK && type != Character.FORMAT
                && type != Character.CONTROL && type != Character.ENCLOSING_MARK;
    }
}
