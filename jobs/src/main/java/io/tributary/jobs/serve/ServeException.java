package io.tributary.jobs.serve;

/** A request the gateway cannot answer, with the HTTP status and gRPC code that say why. */
public final class ServeException extends RuntimeException {
    /** Why a request failed; each maps to one HTTP status and one gRPC status code. */
    public enum Kind {
        NOT_FOUND(404, io.grpc.Status.Code.NOT_FOUND),
        INVALID(400, io.grpc.Status.Code.INVALID_ARGUMENT),
        OVERLOADED(429, io.grpc.Status.Code.RESOURCE_EXHAUSTED),
        TOO_LARGE(413, io.grpc.Status.Code.RESOURCE_EXHAUSTED),
        TIMEOUT(504, io.grpc.Status.Code.DEADLINE_EXCEEDED),
        UNAVAILABLE(503, io.grpc.Status.Code.UNAVAILABLE);

        final int httpStatus;
        final io.grpc.Status.Code grpcCode;

        Kind(int httpStatus, io.grpc.Status.Code grpcCode) {
            this.httpStatus = httpStatus;
            this.grpcCode = grpcCode;
        }
    }

    private final Kind kind;

    public ServeException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    public int httpStatus() { return kind.httpStatus; }

    public io.grpc.Status grpcStatus() { return io.grpc.Status.fromCode(kind.grpcCode).withDescription(getMessage()); }

    static ServeException notFound(String message) { return new ServeException(Kind.NOT_FOUND, message); }

    static ServeException invalid(String message) { return new ServeException(Kind.INVALID, message); }
}
