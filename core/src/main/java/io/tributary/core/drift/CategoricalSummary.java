package io.tributary.core.drift;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The frequencies of one categorical feature in a {@link Profile}: at most {@code maxCategories} named categories
 * (the most frequent), the count of all the others as {@value #OTHER}, and the count of missing ({@code null}) values.
 *
 * <p>What it shows ({@link #counts()}, {@link #other()}) is the top {@code maxCategories} of an exact count kept over
 * up to {@code 2 * maxCategories} distinct categories; beyond that the least frequent half is folded into
 * {@value #OTHER} (the slack lets a category that appears late still reach the top). So the counts are exact as long
 * as a feature has at most {@code 2 * maxCategories} distinct values; otherwise a category's count may be partly in
 * {@value #OTHER}. The total is always exact. Ties are broken by name, so the result is deterministic.
 *
 * <p>Read-only from outside the package: values go in through {@link Profile#addCategory(String, String)}.
 */
public final class CategoricalSummary {
    /** The label of the folded tail, in reports. */
    public static final String OTHER = "__other__";
    /** The label of missing ({@code null}) values, in reports. */
    public static final String MISSING = "__missing__";

    // Most frequent first, then by name: the order in which categories keep their own count.
    private static final Comparator<Map.Entry<String, Long>> RANK =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final int maxCategories;
    private final HashMap<String, Long> exact = new HashMap<>();
    private long folded;
    private long missing;
    // The top-maxCategories view, rebuilt after a change.
    private SortedMap<String, Long> view;
    private long viewOther;

    CategoricalSummary(int maxCategories) {
        this.maxCategories = maxCategories;
    }

    void add(String category) {
        if (category == null) {
            missing++;
            return;
        }
        exact.merge(category, 1L, Long::sum);
        view = null;
        if (exact.size() > 2 * maxCategories) {
            foldTail();
        }
    }

    void merge(CategoricalSummary other) {
        other.exact.forEach((category, n) -> exact.merge(category, n, Long::sum));
        folded += other.folded;
        missing += other.missing;
        view = null;
        if (exact.size() > 2 * maxCategories) {
            foldTail();
        }
    }

    CategoricalSummary copy() {
        CategoricalSummary copy = new CategoricalSummary(maxCategories);
        copy.merge(this);
        return copy;
    }

    /** Rebuilds from a stored view: named counts, other, missing. */
    public static CategoricalSummary of(int maxCategories, Map<String, Long> counts, long other, long missing) {
        CategoricalSummary s = new CategoricalSummary(maxCategories);
        s.exact.putAll(counts);
        s.folded = other;
        s.missing = missing;
        if (s.exact.size() > maxCategories) {
            s.foldTail();
        }
        return s;
    }

    /** Keeps the maxCategories most frequent categories, folds the others into OTHER. */
    private void foldTail() {
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(exact.entrySet());
        ranked.sort(RANK);
        for (Map.Entry<String, Long> e : ranked.subList(maxCategories, ranked.size())) {
            folded += e.getValue();
            exact.remove(e.getKey());
        }
        view = null;
    }

    private void buildView() {
        if (view != null) {
            return;
        }
        TreeMap<String, Long> top = new TreeMap<>();
        long tail = folded;
        if (exact.size() <= maxCategories) {
            top.putAll(exact);
        } else {
            List<Map.Entry<String, Long>> ranked = new ArrayList<>(exact.entrySet());
            ranked.sort(RANK);
            for (int i = 0; i < ranked.size(); i++) {
                Map.Entry<String, Long> e = ranked.get(i);
                if (i < maxCategories) {
                    top.put(e.getKey(), e.getValue());
                } else {
                    tail += e.getValue();
                }
            }
        }
        view = Collections.unmodifiableSortedMap(top);
        viewOther = tail;
    }

    /** The named categories and their counts, by name; at most {@link #maxCategories()} of them. */
    public SortedMap<String, Long> counts() {
        buildView();
        return view;
    }

    /** The count of a named category; 0 if it is not named (it may then be part of {@link #other()}). */
    public long count(String category) {
        return counts().getOrDefault(category, 0L);
    }

    /** The count of the values of categories that are not named. */
    public long other() {
        buildView();
        return viewOther;
    }

    /** The number of missing ({@code null}) values. */
    public long missing() {
        return missing;
    }

    /** All values seen: named, other and missing. */
    public long count() {
        long n = folded + missing;
        for (long c : exact.values()) {
            n += c;
        }
        return n;
    }

    /** The cap on named categories. */
    public int maxCategories() {
        return maxCategories;
    }

    @Override
    public String toString() {
        return "CategoricalSummary{categories=" + counts().size() + ", other=" + other() + ", missing=" + missing
                + ", n=" + count() + "}";
    }
}
