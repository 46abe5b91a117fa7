"""Writes an fp16 variant of a Wav2Lip ONNX model (weights and activations in fp16, inputs/outputs kept fp32,
so the engine feeds it exactly like the fp32 model). Needs the `onnx` and `onnxruntime` Python packages.
Usage: python3 make_fp16.py wav2lip_gan.onnx wav2lip_gan_fp16.onnx
"""
import sys
import onnx
from onnxruntime.transformers.float16 import convert_float_to_float16

model = onnx.load(sys.argv[1])
onnx.save(convert_float_to_float16(model, keep_io_types=True), sys.argv[2])
