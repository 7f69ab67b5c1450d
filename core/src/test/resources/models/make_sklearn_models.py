#!/usr/bin/python3
"""Makes the ONNX models "trained elsewhere" that the tests load: a scikit-learn model written as an ONNX graph with
onnx.helper (Debian has python3-sklearn and python3-onnx, no skl2onnx). Run with Debian's own python3:

    apt-get install -y python3-sklearn python3-onnx && /usr/bin/python3 make_sklearn_models.py

Writes sklearn_logreg_3f.onnx (input "X" float[N, 3]; outputs "label" int64[N], "probabilities" float[N, 2]) and
sklearn_logreg_3f.expected.csv (x0, x1, x2, predict_proba[:, 1]) as the oracle for scoring tests; and the same for a
random forest written as a TreeEnsembleClassifier: sklearn_forest_3f.onnx, sklearn_forest_3f.expected.csv; and
broken_score_3f.onnx, whose "probability" is never one (canary tests).
"""
import numpy as np
import onnx
from onnx import helper, TensorProto
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import RandomForestClassifier

rng = np.random.default_rng(42)
X = rng.normal(size=(500, 3)).astype(np.float32)
y = (X @ np.array([1.5, -2.0, 0.5]) + 0.3 + rng.normal(scale=0.5, size=500) > 0).astype(np.int64)
model = LogisticRegression().fit(X, y)

# A binary LinearClassifier needs two coefficient rows with SOFTMAX (one row with LOGISTIC gave wrong outputs):
# class 0 scores 0 and class 1 scores w.x + b, so softmax gives p1 = sigmoid(w.x + b), as predict_proba does.
coef = model.coef_[0]
intercept = model.intercept_[0]
coefficients = np.concatenate([np.zeros_like(coef), coef]).astype(np.float32).tolist()
intercepts = [0.0, float(intercept)]
node = helper.make_node("LinearClassifier", ["X"], ["label", "probabilities"], domain="ai.onnx.ml",
                        coefficients=coefficients, intercepts=intercepts, classlabels_ints=[0, 1],
                        post_transform="SOFTMAX", multi_class=0)
graph = helper.make_graph([node], "sklearn_logreg_3f",
                          [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, 3])],
                          [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
                           helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2])])
m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)],
                      producer_name="scikit-learn via onnx.helper")
m.ir_version = 8
onnx.checker.check_model(m)
onnx.save(m, "sklearn_logreg_3f.onnx")

T = rng.normal(size=(20, 3)).astype(np.float32)
with open("sklearn_logreg_3f.expected.csv", "w") as f:
    f.write("x0,x1,x2,p1\n")
    for row, p in zip(T, model.predict_proba(T)[:, 1]):
        f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(p)) + "\n")
print("wrote sklearn_logreg_3f.onnx", coef, intercept)

# A random forest as ai.onnx.ml TreeEnsembleClassifier. sklearn sends x <= threshold left; predict_proba averages the
# trees' leaf frequencies. Thresholds become float32 (ORT 1.22 refuses double thresholds for a float input); sklearn's
# thresholds are midpoints between training values, so only an input equal to a training value could fall otherwise.
forest = RandomForestClassifier(n_estimators=10, max_depth=5, random_state=0).fit(X, y)
attrs = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                         "nodes_truenodeids", "nodes_falsenodeids", "class_treeids", "class_nodeids", "class_ids",
                         "class_weights"]}
for t, est in enumerate(forest.estimators_):
    tree = est.tree_
    for n in range(tree.node_count):
        leaf = tree.children_left[n] == -1
        attrs["nodes_treeids"].append(t)
        attrs["nodes_nodeids"].append(n)
        attrs["nodes_featureids"].append(0 if leaf else int(tree.feature[n]))
        attrs["nodes_values"].append(0.0 if leaf else float(tree.threshold[n]))
        attrs["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
        attrs["nodes_truenodeids"].append(0 if leaf else int(tree.children_left[n]))
        attrs["nodes_falsenodeids"].append(0 if leaf else int(tree.children_right[n]))
        if leaf:
            counts = tree.value[n][0]
            for c in (0, 1):
                attrs["class_treeids"].append(t)
                attrs["class_nodeids"].append(n)
                attrs["class_ids"].append(c)
                attrs["class_weights"].append(float(counts[c] / counts.sum()) / len(forest.estimators_))
node = helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "probabilities"], domain="ai.onnx.ml",
                        nodes_treeids=attrs["nodes_treeids"], nodes_nodeids=attrs["nodes_nodeids"],
                        nodes_featureids=attrs["nodes_featureids"],
                        nodes_values=attrs["nodes_values"],
                        nodes_modes=attrs["nodes_modes"], nodes_truenodeids=attrs["nodes_truenodeids"],
                        nodes_falsenodeids=attrs["nodes_falsenodeids"], class_treeids=attrs["class_treeids"],
                        class_nodeids=attrs["class_nodeids"], class_ids=attrs["class_ids"],
                        class_weights=attrs["class_weights"],
                        classlabels_int64s=[0, 1], post_transform="NONE")
graph = helper.make_graph([node], "sklearn_forest_3f",
                          [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, 3])],
                          [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
                           helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2])])
m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)],
                      producer_name="scikit-learn via onnx.helper")
m.ir_version = 8
onnx.checker.check_model(m)
onnx.save(m, "sklearn_forest_3f.onnx")
with open("sklearn_forest_3f.expected.csv", "w") as f:
    f.write("x0,x1,x2,p1\n")
    for row, p in zip(T, forest.predict_proba(T)[:, 1]):
        f.write(",".join(repr(float(v)) for v in row) + "," + repr(float(p)) + "\n")
print("wrote sklearn_forest_3f.onnx", sum(e.tree_.node_count for e in forest.estimators_), "nodes")

# A broken model for canary tests: "probability" = sum of the inputs + 10, never a probability.
node_sum = helper.make_node("ReduceSum", ["X", "axes"], ["s"], keepdims=0)
node_add = helper.make_node("Add", ["s", "ten"], ["probability"])
graph = helper.make_graph([node_sum, node_add], "broken_score_3f",
                          [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, 3])],
                          [helper.make_tensor_value_info("probability", TensorProto.FLOAT, [None])],
                          initializer=[helper.make_tensor("axes", TensorProto.INT64, [1], [1]),
                                       helper.make_tensor("ten", TensorProto.FLOAT, [], [10.0])])
m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="tributary tests")
m.ir_version = 8
onnx.checker.check_model(m)
onnx.save(m, "broken_score_3f.onnx")
print("wrote broken_score_3f.onnx")
