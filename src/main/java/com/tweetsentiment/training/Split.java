package com.tweetsentiment.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Train / validation / test. {@link #grouped} keeps all rows of one tweet id on one side: the dataset
 * holds about six near-duplicate variants of each tweet, so a row split leaks test tweets into training.
 */
public record Split(List<Example> train, List<Example> validation, List<Example> test) {

    public enum Kind { GROUPED, RANDOM }

    public static Split of(Kind kind, List<Example> all, double validationFraction, double testFraction, long seed) {
        if (validationFraction < 0 || testFraction <= 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("need 0 <= validation, 0 < test and validation + test < 1; found "
                    + validationFraction + " and " + testFraction);
        }
        return kind == Kind.GROUPED ? grouped(all, validationFraction, testFraction, seed)
                : random(all, validationFraction, testFraction, seed);
    }

    static Split grouped(List<Example> all, double validationFraction, double testFraction, long seed) {
        Set<String> idSet = new LinkedHashSet<>();
        all.forEach(e -> idSet.add(e.tweetId()));
        List<String> ids = new ArrayList<>(idSet);
        Collections.shuffle(ids, new Random(seed));
        int nTest = (int) Math.round(ids.size() * testFraction);
        int nVal = (int) Math.round(ids.size() * validationFraction);
        Map<String, Integer> side = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            side.put(ids.get(i), i < nTest ? 2 : i < nTest + nVal ? 1 : 0);
        }
        List<List<Example>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        all.forEach(e -> parts.get(side.get(e.tweetId())).add(e));
        return new Split(parts.get(0), parts.get(1), parts.get(2));
    }

    static Split random(List<Example> all, double validationFraction, double testFraction, long seed) {
        List<Example> rows = new ArrayList<>(all);
        Collections.shuffle(rows, new Random(seed));
        int nTest = (int) Math.round(rows.size() * testFraction);
        int nVal = (int) Math.round(rows.size() * validationFraction);
        return new Split(new ArrayList<>(rows.subList(nTest + nVal, rows.size())),
                new ArrayList<>(rows.subList(nTest, nTest + nVal)), new ArrayList<>(rows.subList(0, nTest)));
    }
}
