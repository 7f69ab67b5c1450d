package io.tributary.jobs.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Extracts the meaningful part of a Java stack trace sent back by a Flink server. */
public final class ErrorText {
    /** Wrappers that say where an error passed through, not what it was. */
    private static final Set<String> PLUMBING = Set.of("SqlGatewayException", "SqlExecutionException",
            "RestHandlerException", "CompletionException", "ExecutionException", "InvocationTargetException",
            "JobExecutionException", "FlinkRuntimeException", "ProgramInvocationException", "RuntimeException",
            "UndeclaredThrowableException", "JobInitializationException");

    private ErrorText() {}

    /** Flink's factory wrappers ("Unable to create a model provider for model 'x'. ..."): their cause is the reason. */
    private static final java.util.regex.Pattern FACTORY_WRAPPER = java.util.regex.Pattern.compile("^(Unable to create a .*?'[^']*')\\..*");

    /**
     * The exception that explains a failure: the first of Flink's user-facing table exceptions in the chain
     * (validation, parsing), else the deepest cause that is not a wrapper; as "SimpleName: message". When that table
     * exception only says a factory failed (a model provider or a table source refused its options), the factory's own
     * reason, further down the chain, follows it.
     */
    public static String rootCause(String text) {
        if (text == null) return "";
        List<String[]> chain = new ArrayList<>(); // {fullType, message}
        for (String raw : text.split("\\R")) {
            String l = raw.trim();
            if (l.startsWith("Caused by: ")) l = l.substring("Caused by: ".length());
            if (l.startsWith("at ") || l.startsWith("... ") || l.isEmpty() || l.startsWith("<Exception on server side")
                    || l.startsWith("End of exception on server side")) continue;
            int colon = l.indexOf(": ");
            String head = colon > 0 ? l.substring(0, colon) : l;
            if (head.matches("[a-zA-Z0-9_.$]+(Exception|Error|Throwable)")) {
                chain.add(new String[] {head, colon > 0 ? l.substring(colon + 2) : ""});
            } else if (!chain.isEmpty()) {
                String[] last = chain.get(chain.size() - 1);
                last[1] = (last[1] + " " + l).trim();
            }
        }
        if (chain.isEmpty()) {
            String first = text.strip().lines().findFirst().orElse(text);
            return first.replace("End of exception on server side>", "").trim();
        }
        for (int i = 0; i < chain.size(); i++) {
            String[] e = chain.get(i);
            if (!e[0].startsWith("org.apache.flink.table.api.")) continue;
            java.util.regex.Matcher wrapper = FACTORY_WRAPPER.matcher(e[1]);
            if (wrapper.matches() && i + 1 < chain.size()) {
                return simple(e[0]) + ": " + wrapper.group(1) + ": " + reason(chain.subList(i + 1, chain.size()));
            }
            return format(e);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (!PLUMBING.contains(simple(chain.get(i)[0]))) return format(chain.get(i));
        }
        return format(chain.get(chain.size() - 1));
    }

    /** What a factory said: its first table exception, else the deepest cause that is not a wrapper. */
    private static String reason(List<String[]> causes) {
        for (String[] e : causes) if (e[0].startsWith("org.apache.flink.table.api.")) return format(e);
        for (int i = causes.size() - 1; i >= 0; i--) if (!PLUMBING.contains(simple(causes.get(i)[0]))) return format(causes.get(i));
        return format(causes.get(causes.size() - 1));
    }

    private static String format(String[] e) {
        String msg = e[1].replace("End of exception on server side>", "").trim();
        return msg.isEmpty() ? simple(e[0]) : simple(e[0]) + ": " + msg;
    }

    private static String simple(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }
}
