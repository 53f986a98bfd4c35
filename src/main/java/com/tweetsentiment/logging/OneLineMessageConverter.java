package com.tweetsentiment.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %m} with every control character escaped, so that text from a request (a tweet, a file name, a
 * version name) can never start a line of its own or colour a terminal: a newline is written as {@code \n}, an
 * escape as {@code \u001b}. One event stays one line however it was made; stack traces are left as they are.
 */
public class OneLineMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return escape(super.convert(event));
    }

    public static String escape(String message) {
        if (message == null) {
            return null;
        }
        int first = firstControl(message);
        if (first < 0) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length() + 16).append(message, 0, first);
        for (int i = first; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append(c);
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\t' && isControl(c)) {
                return i;
            }
        }
        return -1;
    }

    /** C0, DEL, C1, and the Unicode line and paragraph separators (some viewers break lines on them). */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
