#!/usr/bin/python3
"""Makes the ONNX models of the "any ONNX model" tests: models of the kinds data scientists bring (regression,
multi-class, integer and per-feature inputs, several outputs, sklearn's ZipMap), written with onnx.helper (Debian's
python3-onnx; no skl2onnx in Debian). Run with Debian's own python3 in this directory:

    apt-get install -y python3-onnx python3-numpy && /usr/bin/python3 make_any_onnx_models.py

Servable with the features a, b, c (see OnnxDifferentialTest): ONNX Runtime called directly is their oracle.
Unservable ones are named unservable_*: registration must refuse each with a message naming the input or output.
"""
import numpy as np
import onnx
from onnx import helper, TensorProto as T

rng = np.random.default_rng(13)
W3 = rng.normal(size=(3,)).astype(np.float32)


def save(name, nodes, inputs, outputs, initializers=(), ml=False):
    opsets = [helper.make_opsetid("", 13)] + ([helper.make_opsetid("ai.onnx.ml", 1)] if ml else [])
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers))
    m = helper.make_model(graph, opset_imports=opsets, producer_name="tributary tests (make_any_onnx_models.py)")
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, name + ".onnx")
    print("wrote", name + ".onnx")


def tensor(name, array, dtype=T.FLOAT):
    a = np.asarray(array)
    return helper.make_tensor(name, dtype, a.shape, a.flatten().tolist())


def seq_of_maps(key, value):
    # onnx 1.12's helper has no make_map_type_proto: build the sequence<map<key, value>> type by hand
    t = onnx.TypeProto()
    m = t.sequence_type.elem_type.map_type
    m.key_type = key
    m.value_type.tensor_type.elem_type = value
    return t


def vi(name, dtype, shape):
    return helper.make_tensor_value_info(name, dtype, shape)


# Regression, as sklearn's LinearRegression would be written: ai.onnx.ml LinearRegressor, float [N, 3] -> [N, 1].
save("regression_linear_3f",
     [helper.make_node("LinearRegressor", ["X"], ["variable"], domain="ai.onnx.ml",
                       coefficients=W3.tolist(), intercepts=[0.75])],
     [vi("X", T.FLOAT, [None, 3])], [vi("variable", T.FLOAT, [None, 1])], ml=True)

# Regression as MatMul + Add on doubles: double [N, 3] -> "prediction" double [N].
save("regression_matmul_double_3f",
     [helper.make_node("MatMul", ["X", "w"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["prediction"])],
     [vi("X", T.DOUBLE, [None, 3])], [vi("prediction", T.DOUBLE, [None])],
     [tensor("w", W3.astype(np.float64), T.DOUBLE), tensor("b", np.array(-0.5), T.DOUBLE)])

# Multi-class: softmax probabilities [N, 4] and the argmax label int64 [N].
W34 = rng.normal(size=(3, 4)).astype(np.float32)
save("multiclass_softmax_3f",
     [helper.make_node("MatMul", ["X", "w"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["logits"]),
      helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
      helper.make_node("ArgMax", ["logits"], ["label"], axis=1, keepdims=0)],
     [vi("X", T.FLOAT, [None, 3])], [vi("probabilities", T.FLOAT, [None, 4]), vi("label", T.INT64, [None])],
     [tensor("w", W34), tensor("b", rng.normal(size=(4,)).astype(np.float32))])

# sklearn's classifier export: LinearClassifier + ZipMap, probabilities as a sequence of maps; 3 classes and 2.
for k in (3, 2):
    coef = rng.normal(size=(k, 3)).astype(np.float32)
    save("zipmap_%dclass_3f" % k,
         [helper.make_node("LinearClassifier", ["X"], ["output_label", "probability_tensor"], domain="ai.onnx.ml",
                           coefficients=coef.flatten().tolist(), intercepts=[0.1 * i for i in range(k)],
                           classlabels_ints=list(range(k)), post_transform="SOFTMAX", multi_class=0),
          helper.make_node("ZipMap", ["probability_tensor"], ["output_probability"], domain="ai.onnx.ml",
                           classlabels_int64s=list(range(k)))],
         [vi("X", T.FLOAT, [None, 3])],
         [vi("output_label", T.INT64, [None]),
          helper.make_value_info("output_probability", seq_of_maps(T.INT64, T.FLOAT))],
         ml=True)

# A label-only classifier: LinearClassifier whose probabilities are not an output.
save("label_only_3f",
     [helper.make_node("LinearClassifier", ["X"], ["label", "scores"], domain="ai.onnx.ml",
                       coefficients=rng.normal(size=6).astype(np.float32).tolist(), intercepts=[0.0, 0.2],
                       classlabels_ints=[0, 1], post_transform="SOFTMAX")],
     [vi("X", T.FLOAT, [None, 3])], [vi("label", T.INT64, [None])], ml=True)

# INT32 matrix input: a binary classifier, "probability" = sigmoid(x.w + b) of the cast input.
save("int32_matrix_3f",
     [helper.make_node("Cast", ["X"], ["xf"], to=T.FLOAT), helper.make_node("MatMul", ["xf", "w"], ["xw"]),
      helper.make_node("Add", ["xw", "b"], ["z"]), helper.make_node("Sigmoid", ["z"], ["probability"])],
     [vi("X", T.INT32, [None, 3])], [vi("probability", T.FLOAT, [None, 1])],
     [tensor("w", W3.reshape(3, 1)), tensor("b", np.array([0.25], dtype=np.float32))])

# One [N]-shaped input per feature, each of another type: a float, b int32, c bool; outputs "y" (regression) and
# "embedding" [N, 2]: several inputs and several outputs.
save("per_feature_1d_3f",
     [helper.make_node("Cast", ["b"], ["bf"], to=T.FLOAT), helper.make_node("Cast", ["c"], ["cf"], to=T.FLOAT),
      helper.make_node("Unsqueeze", ["a", "axis1"], ["a2"]), helper.make_node("Unsqueeze", ["bf", "axis1"], ["b2"]),
      helper.make_node("Unsqueeze", ["cf", "axis1"], ["c2"]),
      helper.make_node("Concat", ["a2", "b2", "c2"], ["x"], axis=1),
      helper.make_node("MatMul", ["x", "w"], ["y"]), helper.make_node("MatMul", ["x", "e"], ["embedding"])],
     [vi("a", T.FLOAT, [None]), vi("b", T.INT32, [None]), vi("c", T.BOOL, [None])],
     [vi("y", T.FLOAT, [None]), vi("embedding", T.FLOAT, [None, 2])],
     [tensor("w", W3), tensor("e", rng.normal(size=(3, 2)).astype(np.float32)), tensor("axis1", np.array([1]), T.INT64)])

# Per-feature [N, 1] int64 inputs and a binary classifier with extra outputs: "probability" [N, 1] and "logit" [N, 1].
save("per_feature_int64_3f",
     [helper.make_node("Concat", ["a", "b", "c"], ["x"], axis=1), helper.make_node("Cast", ["x"], ["xf"], to=T.FLOAT),
      helper.make_node("MatMul", ["xf", "w"], ["logit"]), helper.make_node("Sigmoid", ["logit"], ["probability"])],
     [vi("a", T.INT64, [None, 1]), vi("b", T.INT64, [None, 1]), vi("c", T.INT64, [None, 1])],
     [vi("probability", T.FLOAT, [None, 1]), vi("logit", T.FLOAT, [None, 1])],
     [tensor("w", W3.reshape(3, 1))])

# [N, ?]: the width is not in the graph's signature; the model takes 3 (MatMul with a [3, 1] weight).
save("dynamic_width",
     [helper.make_node("MatMul", ["X", "w"], ["y"])],
     [vi("X", T.FLOAT, [None, None])], [vi("y", T.FLOAT, [None, 1])], [tensor("w", W3.reshape(3, 1))])

# Unservable: a string input (a category), a string-only output, and an output without a row per input row.
save("unservable_string_input",
     [helper.make_node("LabelEncoder", ["category"], ["code"], domain="ai.onnx.ml",
                       classes_strings=["x", "y"], default_int64=-1)],
     [vi("category", T.STRING, [None, 1])], [vi("code", T.INT64, [None, 1])], ml=True)
save("unservable_string_label",
     [helper.make_node("LinearClassifier", ["X"], ["label", "scores"], domain="ai.onnx.ml",
                       coefficients=rng.normal(size=6).astype(np.float32).tolist(), intercepts=[0.0, 0.2],
                       classlabels_strings=["late", "on_time"], post_transform="SOFTMAX")],
     [vi("X", T.FLOAT, [None, 3])], [vi("label", T.STRING, [None])], ml=True)
save("unservable_batch_total",
     [helper.make_node("ReduceSum", ["X"], ["total"], keepdims=0)],
     [vi("X", T.FLOAT, [None, 3])], [vi("total", T.FLOAT, [])])
save("unservable_fixed_batch",
     [helper.make_node("MatMul", ["X", "w"], ["y"])],
     [vi("X", T.FLOAT, [1, 3])], [vi("y", T.FLOAT, [1, 1])], [tensor("w", W3.reshape(3, 1))])
save("unservable_rank3_input",
     [helper.make_node("ReduceSum", ["X", "axes"], ["y"], keepdims=0)],
     [vi("X", T.FLOAT, [None, 3, 2])], [vi("y", T.FLOAT, [None])], [tensor("axes", np.array([1, 2]), T.INT64)])

# (Last, so that the models above keep their random coefficients.) sklearn's export of a classifier with string
# labels: the label is a string tensor (not carried), the probabilities a sequence of maps keyed by the labels; the
# score is the second label's ("on_time"), as predict_proba[:, 1].
save("zipmap_string_labels_3f",
     [helper.make_node("LinearClassifier", ["X"], ["output_label", "probability_tensor"], domain="ai.onnx.ml",
                       coefficients=rng.normal(size=6).astype(np.float32).tolist(), intercepts=[0.0, 0.3],
                       classlabels_strings=["late", "on_time"], post_transform="SOFTMAX"),
      helper.make_node("ZipMap", ["probability_tensor"], ["output_probability"], domain="ai.onnx.ml",
                       classlabels_strings=["late", "on_time"])],
     [vi("X", T.FLOAT, [None, 3])],
     [vi("output_label", T.STRING, [None]), helper.make_value_info("output_probability", seq_of_maps(T.STRING, T.FLOAT))],
     ml=True)
