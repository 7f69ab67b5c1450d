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

    /**
     * The exception that explains a failure: the first of Flink's user-facing table exceptions in the chain
     * (validation, parsing), else the deepest cause that is not a wrapper; as "SimpleName: message".
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
        for (String[] e : chain) {
            if (e[0].startsWith("org.apache.flink.table.api.")) return format(e);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (!PLUMBING.contains(simple(chain.get(i)[0]))) return format(chain.get(i));
        }
        return format(chain.get(chain.size() - 1));
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
