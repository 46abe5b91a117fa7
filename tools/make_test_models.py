"""Builds the tiny ONNX models committed under VoiceMirror.Tests/TestData/models.

They have the Wav2Lip generator's signature (mel window [N,1,80,16] + 6-channel face [N,6,S,S] ->
[N,3,S,S] in [0,1]) but only a few hundred weights, so pipeline tests run in milliseconds. The output
depends on both inputs: a 3x3 convolution of the face channels plus a per-window mel term that also
varies across rows, so two different audios give different pictures. Input names differ from the
public Wav2Lip conversions on purpose: the engine must find its inputs by shape.
Run where the `onnx` Python package is installed: python3 make_test_models.py OUT_DIR
"""
import sys
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper


def build(size: int) -> onnx.ModelProto:
    rng = np.random.default_rng(size)
    w = (rng.standard_normal((3, 6, 3, 3)) * 0.05).astype(np.float32)
    for c in range(3):  # mostly copy the reference face (channels 3..5), so outputs look like the input
        w[c, 3 + c, 1, 1] += 1.0
    b = np.full((3,), -0.5, dtype=np.float32)
    # row ramp: the mel term changes the lower rows more than the upper ones
    ramp = np.linspace(0.0, 1.0, size, dtype=np.float32).reshape(1, 1, size, 1)
    nodes = [
        helper.make_node("Conv", ["faces", "w", "b"], ["conv"], pads=[1, 1, 1, 1]),
        helper.make_node("ReduceMean", ["audio"], ["melmean"], axes=[2, 3], keepdims=1),
        helper.make_node("Mul", ["melmean", "ramp"], ["melterm"]),
        helper.make_node("Add", ["conv", "melterm"], ["pre"]),
        helper.make_node("Sigmoid", ["pre"], ["generated"]),
    ]
    inits = [
        numpy_helper.from_array(w, "w"),
        numpy_helper.from_array(b, "b"),
        numpy_helper.from_array(ramp * 2.0, "ramp"),
    ]
    graph = helper.make_graph(
        nodes, f"wav2lip_signature_{size}",
        [helper.make_tensor_value_info("audio", TensorProto.FLOAT, ["batch", 1, 80, 16]),
         helper.make_tensor_value_info("faces", TensorProto.FLOAT, ["batch", 6, size, size])],
        [helper.make_tensor_value_info("generated", TensorProto.FLOAT, ["batch", 3, size, size])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


if __name__ == "__main__":
    out = sys.argv[1]
    for s in (96, 256):
        onnx.save(build(s), f"{out}/wav2lip_test_{s}.onnx")
