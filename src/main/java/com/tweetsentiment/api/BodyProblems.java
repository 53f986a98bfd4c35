package com.tweetsentiment.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What is wrong with a JSON body, said in the API's own terms: the field as a path ({@code items[3].text}) and what it
 * should be ("must be text", "is not a field of this request"), never a Java class name.
 */
final class BodyProblems {

    private BodyProblems() {
    }

    /** The whole sentence: {@code items[3].text must be text}, or {@code the body must be an object}. */
    static String detail(ApiExceptionHandler.FieldProblem p) {
        return (p.field().isEmpty() ? "the body" : p.field()) + " " + p.problem();
    }

    static ApiExceptionHandler.FieldProblem describe(JacksonException e) {
        String field = path(e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            String knownText = known == null || known.isEmpty() ? "" : "; known fields: "
                    + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return new ApiExceptionHandler.FieldProblem(field, "is not a field of this request" + knownText);
        }
        if (e instanceof InvalidFormatException f) {
            return new ApiExceptionHandler.FieldProblem(field, "must be " + expected(f.getTargetType()) + ", found '" + f.getValue() + "'");
        }
        if (e instanceof MismatchedInputException m) {
            if (m.getTargetType() == null) {
                return new ApiExceptionHandler.FieldProblem(field, "has the wrong shape");
            }
            return new ApiExceptionHandler.FieldProblem(field, "must be " + expected(m.getTargetType()));
        }
        if (e instanceof StreamReadException) {
            return new ApiExceptionHandler.FieldProblem("", "is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
        return new ApiExceptionHandler.FieldProblem(field, "cannot be read");
    }

    /** {@code items[3].text} from Jackson's path of references. */
    static String path(List<JacksonException.Reference> refs) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference r : refs) {
            if (r.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        return "a JSON value of another kind";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot be parsed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
