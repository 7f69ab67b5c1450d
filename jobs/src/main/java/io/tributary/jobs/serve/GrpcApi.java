package io.tributary.jobs.serve;

import io.grpc.stub.StreamObserver;
import io.tributary.jobs.serve.v2.GRPCInferenceServiceGrpc;
import io.tributary.jobs.serve.v2.InferTensorContents;
import io.tributary.jobs.serve.v2.ModelInferRequest;
import io.tributary.jobs.serve.v2.ModelInferResponse;
import io.tributary.jobs.serve.v2.ModelMetadataRequest;
import io.tributary.jobs.serve.v2.ModelMetadataResponse;
import io.tributary.jobs.serve.v2.ModelReadyRequest;
import io.tributary.jobs.serve.v2.ModelReadyResponse;
import io.tributary.jobs.serve.v2.ServerLiveRequest;
import io.tributary.jobs.serve.v2.ServerLiveResponse;
import io.tributary.jobs.serve.v2.ServerMetadataRequest;
import io.tributary.jobs.serve.v2.ServerMetadataResponse;
import io.tributary.jobs.serve.v2.ServerReadyRequest;
import io.tributary.jobs.serve.v2.ServerReadyResponse;
import io.tributary.jobs.serve.v2.InferParameter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/** {@code inference.GRPCInferenceService} (Open Inference Protocol) over the same {@link InferenceGateway}. */
final class GrpcApi extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private final InferenceGateway gateway;

    GrpcApi(InferenceGateway gateway) { this.gateway = gateway; }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        reply(out, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        reply(out, ServerReadyResponse.newBuilder().setReady(gateway.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        try {
            reply(out, ModelReadyResponse.newBuilder().setReady(gateway.modelReady(request.getName(), request.getVersion())).build());
        } catch (ServeException e) {
            out.onError(e.grpcStatus().asRuntimeException());
        }
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        reply(out, ServerMetadataResponse.newBuilder().setName("tributary").setVersion(ServeServer.VERSION).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        try {
            InferenceGateway.ModelMetadata m = gateway.metadata(request.getName(), request.getVersion());
            ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(m.name()).addAllVersions(m.versions())
                    .setPlatform(m.platform());
            for (ModelSignature.Tensor t : m.signature().inputs()) b.addInputs(tensor(t));
            for (ModelSignature.Tensor t : m.signature().outputs()) b.addOutputs(tensor(t));
            reply(out, b.build());
        } catch (ServeException e) {
            out.onError(e.grpcStatus().asRuntimeException());
        }
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        try {
            if (request.getRawInputContentsCount() > 0) {
                throw ServeException.invalid("raw_input_contents is not supported; send each input's values in its contents");
            }
            List<InputTensor> tensors = new ArrayList<>();
            for (ModelInferRequest.InferInputTensor t : request.getInputsList()) tensors.add(tensor(t));
            String clientId = request.getId().isEmpty() ? null : request.getId();
            gateway.infer(request.getModelName(), request.getModelVersion(), clientId, tensors).whenComplete((r, e) -> {
                if (e != null) {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    out.onError(cause instanceof ServeException se ? se.grpcStatus().asRuntimeException()
                            : io.grpc.Status.UNAVAILABLE.withDescription(cause.getMessage()).asRuntimeException());
                } else {
                    reply(out, response(r));
                }
            });
        } catch (ServeException e) {
            out.onError(e.grpcStatus().asRuntimeException());
        } catch (RuntimeException e) { // Kafka unreachable while setting up the model's topics or reader
            out.onError(io.grpc.Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    private static InputTensor tensor(ModelInferRequest.InferInputTensor t) {
        InferTensorContents c = t.getContents();
        double[] data = switch (t.getDatatype()) {
            case "FP64" -> c.getFp64ContentsList().stream().mapToDouble(Double::doubleValue).toArray();
            case "FP32" -> c.getFp32ContentsList().stream().mapToDouble(Float::doubleValue).toArray();
            case "INT64" -> c.getInt64ContentsList().stream().mapToDouble(Long::doubleValue).toArray();
            case "INT32", "INT16", "INT8" -> c.getIntContentsList().stream().mapToDouble(Integer::doubleValue).toArray();
            case "UINT64" -> c.getUint64ContentsList().stream().mapToDouble(Long::doubleValue).toArray();
            case "UINT32", "UINT16", "UINT8" -> c.getUintContentsList().stream().mapToDouble(i -> Integer.toUnsignedLong(i)).toArray();
            default -> throw ServeException.invalid("input '" + t.getName() + "' has datatype '" + t.getDatatype()
                    + "'; it takes numbers (FP64, FP32, INT64, ...)");
        };
        return new InputTensor(t.getName(), t.getDatatype(), t.getShapeList(), data);
    }

    private static ModelMetadataResponse.TensorMetadata tensor(ModelSignature.Tensor t) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(t.name()).setDatatype(t.datatype()).addAllShape(t.shape()).build();
    }

    private static ModelInferResponse response(InferenceGateway.InferResult r) {
        ModelInferResponse.Builder b = ModelInferResponse.newBuilder().setModelName(r.model()).setModelVersion(r.modelVersion())
                .setId(r.clientId() != null ? r.clientId() : r.requestId())
                .putParameters("request_id", InferParameter.newBuilder().setStringParam(r.requestId()).build());
        for (InferOutputs.Tensor t : InferOutputs.of(r)) {
            InferTensorContents.Builder c = InferTensorContents.newBuilder();
            if (t.fp64() != null) for (double v : t.fp64()) c.addFp64Contents(v);
            if (t.int64() != null) for (long v : t.int64()) c.addInt64Contents(v);
            if (t.bytes() != null) for (String v : t.bytes()) c.addBytesContents(com.google.protobuf.ByteString.copyFromUtf8(v));
            b.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(t.name()).setDatatype(t.datatype())
                    .addAllShape(t.shape()).setContents(c));
        }
        return b.build();
    }

    private static <T> void reply(StreamObserver<T> out, T message) {
        out.onNext(message);
        out.onCompleted();
    }
}
