"""Converts MediaPipe's face_landmark.tflite (Face Mesh, 468 points) to ONNX and verifies the result.

    python3 convert_face_mesh.py face_landmark.tflite face_landmark.onnx \
        [--verify astronaut.png --out DIR]

The graph is rebuilt op by op with onnx.helper from the TFLite flatbuffer (tflite_reader.py). The ONNX model
takes the TFLite input unchanged, NHWC [1,192,192,3] RGB in [0,1], and transposes it once to NCHW, so
every convolution runs in ONNX's native layout. Outputs: `landmarks` [1,1404] (x,y,z of 468 points in
pixels of the 192x192 input) and `presence_logit` [1,1] (face presence before the sigmoid).

--verify runs OpenCV's own TFLite importer (cv2.dnn.readNetFromTFLite) as the reference and onnxruntime
on the ONNX file, on three crops of a real photo, prints the largest absolute difference of the raw
outputs, fails above TOLERANCE (5e-4 px), and writes DIR/face_mesh_reference.png (the first crop) with
DIR/face_mesh_reference.json (the reference outputs for that crop / 255) for the C# tests.
"""
import argparse
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from tflite_reader import read_model

# Landmarks are in pixels of the 192 input (values up to ~190): there float32's spacing is 1.5e-5, and two
# engines that sum the ~30 convolutions in different orders differ by ~1e-4 (ORT with or without graph
# fusions alone moves the result by 3e-5). 5e-4 px is 1/400,000 of the input side; a wrong layout or
# padding shows as whole pixels.
TOLERANCE = 5e-4


def _same_pads(size, kernel, stride, dilation):
    """TFLite SAME padding: total = max((ceil(n/s)-1)*s + (k-1)*d + 1 - n, 0), the odd pixel at the end."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


class Converter:
    def __init__(self, tensors):
        self.t = tensors
        self.nodes, self.inits = [], []
        self.consts = {}  # tensor index -> float32 array (DEQUANTIZE folded in)

    def const(self, index):
        if index in self.consts:
            return self.consts[index]
        data = self.t[index].data
        if data is None:
            raise ValueError(f"tensor {self.t[index].name} is not constant")
        return data

    def name(self, index):
        return self.t[index].name

    def init(self, name, array):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(self, op, inputs, outputs, **attrs):
        self.nodes.append(helper.make_node(op, inputs, outputs, name=outputs[0], **attrs))

    def activation(self, out_name, act):
        if act is None:
            return out_name
        raise NotImplementedError(f"fused activation {act}")

    def conv(self, op, o):
        x, w_i, b_i = o.inputs
        opt = o.options
        w = self.const(w_i).astype(np.float32)
        shape = self.t[x].shape  # NHWC
        if op == "CONV_2D":
            weights = w.transpose(0, 3, 1, 2)  # [O,H,W,I] -> [O,I,H,W]
            group = 1
        else:
            if opt["depth_multiplier"] != 1 and w.shape[3] != shape[3] * opt["depth_multiplier"]:
                raise NotImplementedError("depthwise weights do not match the depth multiplier")
            weights = w.transpose(3, 0, 1, 2)  # [1,H,W,C*M] -> [C*M,1,H,W]
            group = shape[3]
        kh, kw = weights.shape[2], weights.shape[3]
        if opt["padding"] == "SAME":
            top, bottom = _same_pads(shape[1], kh, opt["stride_h"], opt["dilation_h"])
            left, right = _same_pads(shape[2], kw, opt["stride_w"], opt["dilation_w"])
            pads = [top, left, bottom, right]
        else:
            pads = [0, 0, 0, 0]
        out = self.name(o.outputs[0])
        inputs = [self.name(x), self.init(out + "/W", weights)]
        if b_i >= 0:
            inputs.append(self.init(out + "/B", self.const(b_i).astype(np.float32)))
        self.node("Conv", inputs, [out], kernel_shape=[kh, kw], strides=[opt["stride_h"], opt["stride_w"]],
                  dilations=[opt["dilation_h"], opt["dilation_w"]], pads=pads, group=group)
        self.activation(out, opt["activation"])

    def convert_op(self, o):
        op = o.op
        if op == "DEQUANTIZE":
            self.consts[o.outputs[0]] = self.const(o.inputs[0]).astype(np.float32)
        elif op in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            self.conv(op, o)
        elif op == "PRELU":
            alpha = self.const(o.inputs[1]).astype(np.float32)
            # TFLite alpha [1,1,C] broadcasts over NHWC; ONNX needs [C,1,1] for NCHW.
            alpha = alpha.reshape(-1, 1, 1)
            out = self.name(o.outputs[0])
            self.node("PRelu", [self.name(o.inputs[0]), self.init(out + "/alpha", alpha)], [out])
        elif op == "ADD":
            if o.options.get("activation"):
                raise NotImplementedError("ADD with a fused activation")
            self.node("Add", [self.name(o.inputs[0]), self.name(o.inputs[1])], [self.name(o.outputs[0])])
        elif op == "MAX_POOL_2D":
            opt = o.options
            shape = self.t[o.inputs[0]].shape
            if opt["padding"] == "SAME":
                top, bottom = _same_pads(shape[1], opt["filter_h"], opt["stride_h"], 1)
                left, right = _same_pads(shape[2], opt["filter_w"], opt["stride_w"], 1)
                pads = [top, left, bottom, right]
            else:
                pads = [0, 0, 0, 0]
            self.node("MaxPool", [self.name(o.inputs[0])], [self.name(o.outputs[0])],
                      kernel_shape=[opt["filter_h"], opt["filter_w"]],
                      strides=[opt["stride_h"], opt["stride_w"]], pads=pads)
        elif op == "PAD":
            p = self.const(o.inputs[1]).astype(np.int64)  # [[n0,n1],[h0,h1],[w0,w1],[c0,c1]] (NHWC)
            nchw = p[[0, 3, 1, 2]]
            out = self.name(o.outputs[0])
            pads = np.concatenate([nchw[:, 0], nchw[:, 1]])
            self.node("Pad", [self.name(o.inputs[0]), self.init(out + "/pads", pads)], [out], mode="constant")
        else:
            raise NotImplementedError(f"TFLite operator {op}")

    @staticmethod
    def build(tflite_path):
        tensors, ops, inputs, outputs = read_model(tflite_path)
        if len(inputs) != 1 or tensors[inputs[0]].shape != [1, 192, 192, 3]:
            raise ValueError("expected one [1,192,192,3] input")
        c = Converter(tensors)
        src = tensors[inputs[0]]
        # One transpose at the start: the graph below is NCHW throughout.
        c.node("Transpose", ["input"], [src.name], perm=[0, 3, 1, 2])
        for o in ops:
            c.convert_op(o)
        sizes = {tensors[i].shape[-1]: tensors[i].name for i in outputs}
        if set(sizes) != {1404, 1}:
            raise ValueError(f"unexpected outputs {sizes}")
        for size, name in ((1404, "landmarks"), (1, "presence_logit")):
            c.node("Reshape", [sizes[size], c.init(name + "/shape", np.array([1, size], np.int64))], [name])
        graph = helper.make_graph(
            c.nodes, "face_landmark",
            [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 192, 192, 3])],
            [helper.make_tensor_value_info("landmarks", TensorProto.FLOAT, [1, 1404]),
             helper.make_tensor_value_info("presence_logit", TensorProto.FLOAT, [1, 1])],
            c.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                                  producer_name="VoiceMirror tools/convert_face_mesh.py")
        model.ir_version = 7
        model.doc_string = ("MediaPipe Face Mesh face_landmark.tflite (npm @mediapipe/face_mesh 0.4.1657299874, "
                            "Apache-2.0). Input NHWC RGB in [0,1]; landmarks in input pixels; presence_logit before sigmoid.")
        onnx.checker.check_model(model)
        return model


# ---------------------------------------------------------------- verification (needs cv2 + onnxruntime)

def crops(photo_path):
    """Three 192x192 uint8 RGB crops of the photo's face: square, tighter and shifted, rotated by 20 degrees."""
    import cv2
    bgr = cv2.imread(photo_path, cv2.IMREAD_COLOR)
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    result = []
    # Around astronaut.png's face (centre about (225,125), 110 px wide).
    for cx, cy, side, angle in ((225, 125, 170, 0), (232, 130, 140, 0), (225, 125, 170, 20)):
        m = cv2.getRotationMatrix2D((cx, cy), angle, 192 / side)
        m[:, 2] += (96 - cx, 96 - cy)
        result.append(cv2.warpAffine(rgb, m, (192, 192), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE))
    return result


def run_cv2(tflite_path, crop):
    """OpenCV's TFLite importer; returns (landmarks[1404], logit[1]) and the input layout it accepted."""
    import cv2
    net = cv2.dnn.readNetFromTFLite(tflite_path)
    tensors, _, _, outputs = read_model(tflite_path)
    # The TFLite output tensors by name, landmarks first (cv2 names layers after their output tensors).
    names = [tensors[i].name for i in sorted(outputs, key=lambda i: -tensors[i].shape[-1])]
    x = crop.astype(np.float32)[None] / 255.0  # NHWC
    results = {}
    for layout, blob in (("NCHW", x.transpose(0, 3, 1, 2).copy()), ("NHWC", x.copy())):
        flat = []
        for name in names:  # one name per forward: OpenCV 5's engine refuses several at once
            try:
                net.setInput(blob)
                flat.append(np.asarray(net.forward(name), np.float32).reshape(-1))
            except cv2.error as e:
                print(f"cv2 could not give {name} for a {layout} input: {str(e).splitlines()[-1]}")
                flat.append(np.full(1, np.nan, np.float32))
        if flat[0].size == 1404:
            results[layout] = (flat[0], flat[1])
    return results


def verify(tflite_path, onnx_path, photo_path, out_dir):
    import cv2
    import onnxruntime as ort
    print("opencv", cv2.__version__, "onnxruntime", ort.__version__)
    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    worst = 0.0
    layout_used = None
    for i, crop in enumerate(crops(photo_path)):
        x = crop.astype(np.float32)[None] / 255.0
        lm, logit = sess.run(["landmarks", "presence_logit"], {"input": x})
        refs = run_cv2(tflite_path, crop)
        diffs = {k: float(np.nanmax([np.abs(lm.reshape(-1) - r[0]).max(), np.abs(logit.reshape(-1) - r[1]).max()]))
                 for k, r in refs.items()}
        layout = min(diffs, key=diffs.get)
        layout_used = layout_used or layout
        ref_lm, ref_logit = refs[layout]
        d = diffs[layout]
        worst = max(worst, d)
        print(f"crop {i}: max|onnx - cv2| = {d:.3g} (cv2 input {layout}; all layouts {diffs}); "
              f"presence logit {ref_logit[0]:.3f}, landmark 1 (nose tip) at {ref_lm[3:5]}, "
              f"landmarks x range {ref_lm[0::3].min():.1f}..{ref_lm[0::3].max():.1f}")
        if i > 0:
            cv2.imwrite(f"{out_dir}/crop{i}.png", cv2.cvtColor(crop, cv2.COLOR_RGB2BGR))
        else:
            cv2.imwrite(f"{out_dir}/face_mesh_reference.png", cv2.cvtColor(crop, cv2.COLOR_RGB2BGR))
            with open(f"{out_dir}/face_mesh_reference.json", "w") as f:
                json.dump({"input": "face_mesh_reference.png (RGB, 192x192) / 255, NHWC",
                           "reference": f"cv2.dnn.readNetFromTFLite {cv2.__version__} on face_landmark.tflite",
                           "landmarks": [float(v) for v in ref_lm], "presenceLogit": float(ref_logit[0]),
                           "onnxruntimePython": {"version": ort.__version__, "maxAbsDiff": float(d),
                                                 "landmarks": [float(v) for v in lm.reshape(-1)],
                                                 "presenceLogit": float(logit.reshape(-1)[0])}}, f)
    print(f"max abs difference over all crops and outputs: {worst:.3g} (tolerance {TOLERANCE})")
    return worst


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("tflite")
    p.add_argument("onnx")
    p.add_argument("--verify", metavar="PHOTO")
    p.add_argument("--out", default=".")
    a = p.parse_args()
    model = Converter.build(a.tflite)
    onnx.save(model, a.onnx)
    print(f"wrote {a.onnx}: {len(model.graph.node)} nodes")
    if a.verify and verify(a.tflite, a.onnx, a.verify, a.out) > TOLERANCE:
        sys.exit(1)


if __name__ == "__main__":
    main()
