"""A minimal reader for TFLite flatbuffers (tensorflow/lite/schema/schema.fbs), enough for plain
float CNNs: tensors with their constant data, and operators with the options the converter needs.
Plain `struct` on purpose: the `tflite` package is not installable here and the schema is small.
Field numbers below are the slot order of each table in schema.fbs (a union takes two slots)."""
import struct
from dataclasses import dataclass, field

import numpy as np

# BuiltinOperator enum values (schema.fbs) of the operators this reader names.
OPS = {0: "ADD", 1: "AVERAGE_POOL_2D", 2: "CONCATENATION", 3: "CONV_2D", 4: "DEPTHWISE_CONV_2D",
       6: "DEQUANTIZE", 9: "FULLY_CONNECTED", 14: "LOGISTIC", 17: "MAX_POOL_2D", 18: "MUL", 19: "RELU",
       21: "RELU6", 22: "RESHAPE", 28: "TANH", 34: "PAD", 39: "TRANSPOSE", 54: "PRELU"}
# TensorType enum -> numpy dtype.
DTYPES = {0: np.float32, 1: np.float16, 2: np.int32, 3: np.uint8, 4: np.int64, 9: np.int8}
PADDING = {0: "SAME", 1: "VALID"}
ACTIVATION = {0: None, 1: "RELU", 2: "RELU_N1_TO_1", 3: "RELU6", 4: "TANH"}


class _Table:
    def __init__(self, buf, pos):
        self.buf, self.pos = buf, pos
        vt = pos - struct.unpack_from("<i", buf, pos)[0]
        self._vt_len = struct.unpack_from("<H", buf, vt)[0]
        self._vt = vt

    def _field(self, slot):
        o = 4 + 2 * slot
        if o >= self._vt_len:
            return 0
        rel = struct.unpack_from("<H", self.buf, self._vt + o)[0]
        return self.pos + rel if rel else 0

    def scalar(self, slot, fmt, default=0):
        p = self._field(slot)
        return struct.unpack_from("<" + fmt, self.buf, p)[0] if p else default

    def _target(self, slot):
        p = self._field(slot)
        return p + struct.unpack_from("<I", self.buf, p)[0] if p else 0

    def table(self, slot):
        t = self._target(slot)
        return _Table(self.buf, t) if t else None

    def vector(self, slot, fmt):
        t = self._target(slot)
        if not t:
            return []
        n = struct.unpack_from("<I", self.buf, t)[0]
        return list(struct.unpack_from(f"<{n}{fmt}", self.buf, t + 4))

    def bytes(self, slot):
        t = self._target(slot)
        if not t:
            return b""
        n = struct.unpack_from("<I", self.buf, t)[0]
        return self.buf[t + 4:t + 4 + n]

    def string(self, slot):
        return self.bytes(slot).decode("utf-8")

    def tables(self, slot):
        t = self._target(slot)
        if not t:
            return []
        n = struct.unpack_from("<I", self.buf, t)[0]
        return [_Table(self.buf, t + 4 + 4 * i + struct.unpack_from("<I", self.buf, t + 4 + 4 * i)[0])
                for i in range(n)]


@dataclass
class Tensor:
    index: int
    name: str
    shape: list
    dtype: type
    data: np.ndarray | None  # constant contents, or None for activations


@dataclass
class Operator:
    op: str
    inputs: list
    outputs: list
    options: dict = field(default_factory=dict)


def _options(op, t):
    """The builtin options of one operator as a dict (only the fields the converter uses)."""
    if t is None:
        return {}
    if op == "CONV_2D":  # Conv2DOptions: padding, stride_w, stride_h, activation, dilation_w, dilation_h
        return dict(padding=PADDING[t.scalar(0, "b")], stride_w=t.scalar(1, "i"), stride_h=t.scalar(2, "i"),
                    activation=ACTIVATION[t.scalar(3, "b")], dilation_w=t.scalar(4, "i", 1), dilation_h=t.scalar(5, "i", 1))
    if op == "DEPTHWISE_CONV_2D":  # padding, stride_w, stride_h, depth_multiplier, activation, dilation_w, dilation_h
        return dict(padding=PADDING[t.scalar(0, "b")], stride_w=t.scalar(1, "i"), stride_h=t.scalar(2, "i"),
                    depth_multiplier=t.scalar(3, "i"), activation=ACTIVATION[t.scalar(4, "b")],
                    dilation_w=t.scalar(5, "i", 1), dilation_h=t.scalar(6, "i", 1))
    if op in ("MAX_POOL_2D", "AVERAGE_POOL_2D"):  # padding, stride_w, stride_h, filter_w, filter_h, activation
        return dict(padding=PADDING[t.scalar(0, "b")], stride_w=t.scalar(1, "i"), stride_h=t.scalar(2, "i"),
                    filter_w=t.scalar(3, "i"), filter_h=t.scalar(4, "i"), activation=ACTIVATION[t.scalar(5, "b")])
    if op in ("ADD", "MUL", "FULLY_CONNECTED", "CONCATENATION"):
        if op == "CONCATENATION":  # axis, activation
            return dict(axis=t.scalar(0, "i"), activation=ACTIVATION[t.scalar(1, "b")])
        return dict(activation=ACTIVATION[t.scalar(0, "b")])
    if op == "RESHAPE":
        return dict(new_shape=t.vector(0, "i"))
    return {}


def read_model(path):
    """Returns (tensors, operators, input indices, output indices) of the first subgraph."""
    buf = open(path, "rb").read()
    if buf[4:8] != b"TFL3":
        raise ValueError(f"{path} is not a TFLite flatbuffer")
    model = _Table(buf, struct.unpack_from("<I", buf, 0)[0])
    codes = []
    for c in model.tables(1):  # Model.operator_codes
        code = max(c.scalar(0, "b"), c.scalar(3, "i"))  # deprecated_builtin_code, builtin_code
        codes.append(OPS.get(code, f"BUILTIN_{code}" if code != 32 else "CUSTOM:" + c.string(1)))
    buffers = [b.bytes(0) for b in model.tables(4)]  # Model.buffers -> Buffer.data
    subgraphs = model.tables(2)
    if len(subgraphs) != 1:
        raise ValueError(f"expected one subgraph, found {len(subgraphs)}")
    g = subgraphs[0]
    tensors = []
    for i, t in enumerate(g.tables(0)):
        shape = t.vector(0, "i")
        dtype = DTYPES[t.scalar(1, "b")]
        raw = buffers[t.scalar(2, "I")]
        data = np.frombuffer(raw, dtype=dtype).reshape(shape).copy() if raw else None
        tensors.append(Tensor(i, t.string(3), shape, dtype, data))
    ops = []
    for o in g.tables(3):
        name = codes[o.scalar(0, "I")]
        ops.append(Operator(name, o.vector(1, "i"), o.vector(2, "i"), _options(name, o.table(4))))
    return tensors, ops, g.vector(1, "i"), g.vector(2, "i")


if __name__ == "__main__":
    import sys
    tensors, ops, ins, outs = read_model(sys.argv[1])
    for i in ins + outs:
        print("io", tensors[i].name, tensors[i].shape, tensors[i].dtype.__name__)
    for o in ops:
        print(o.op, [(tensors[i].name, tensors[i].shape) if i >= 0 else None for i in o.inputs],
              "->", [(tensors[i].name, tensors[i].shape) for i in o.outputs], o.options)
