package io.tributary.jobs.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTextTest {
    @Test
    void prefersFlinksTableExceptionOverGatewayPlumbing() {
        String trace = """
                <Exception on server side:
                org.apache.flink.table.gateway.api.utils.SqlGatewayException: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.
                	at org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)
                Caused by: org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation x.
                	... 1 more
                Caused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 1, column 15 to line 1, column 18: Object 'nope' not found
                	... 7 more
                Caused by: org.apache.calcite.sql.validate.SqlValidatorException: Object 'nope' not found
                	... 34 more

                End of exception on server side>""";
        assertThat(ErrorText.rootCause(trace)).isEqualTo(
                "ValidationException: SQL validation failed. From line 1, column 15 to line 1, column 18: Object 'nope' not found");
    }

    @Test
    void otherwiseTakesTheDeepestCauseThatIsNotAWrapper() {
        String trace = """
                org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: boom
                	at x.y(Z.java:1)
                Caused by: java.lang.IllegalStateException: cannot create topics [a] on Kafka at 127.0.0.1:1: timed out
                	... 3 more
                Caused by: java.util.concurrent.ExecutionException: wrapped
                """;
        assertThat(ErrorText.rootCause(trace))
                .isEqualTo("IllegalStateException: cannot create topics [a] on Kafka at 127.0.0.1:1: timed out");
        assertThat(ErrorText.rootCause("plain message")).isEqualTo("plain message");
    }

    /** The onnx provider's own reason, not only Flink's "Unable to create a model provider" (tributary sql, gateway and --local). */
    @Test
    void aModelProvidersRefusalShowsItsReason() {
        String trace = """
                org.apache.flink.table.api.ValidationException: Unable to create a model provider for model 'default_catalog.default_database.m'.

                Model options are:

                'path'='/models/m.onnx'
                'provider'='onnx'
                	at org.apache.flink.table.factories.FactoryUtil.createModelProvider(FactoryUtil.java:1)
                Caused by: org.apache.flink.table.api.ValidationException: model default_catalog.default_database.m: OUTPUT (p DOUBLE) must name the model's outputs, which are variable (1 value per row)
                	... 20 more
                """;
        assertThat(ErrorText.rootCause(trace)).isEqualTo("ValidationException: Unable to create a model provider for model "
                + "'default_catalog.default_database.m': ValidationException: model default_catalog.default_database.m: OUTPUT (p DOUBLE) "
                + "must name the model's outputs, which are variable (1 value per row)");
        String other = trace.replace("Caused by: org.apache.flink.table.api.ValidationException", "Caused by: java.lang.IllegalStateException");
        assertThat(ErrorText.rootCause(other)).endsWith("'default_catalog.default_database.m': IllegalStateException: model "
                + "default_catalog.default_database.m: OUTPUT (p DOUBLE) must name the model's outputs, which are variable (1 value per row)");
    }
}
