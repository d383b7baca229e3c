#!/usr/bin/env python3
"""Writes the small ONNX models the tests run (with Debian's python3-onnx), into the folder given.

Nothing is downloaded: every model is a few nodes written here, opset 12 (what OpenCV's DNN
module reads, and what YOLO exports for OpenCV use).

  sharpen3x3.onnx   [1,3,h,w] -> [1,3,h,w]: one 3x3 convolution per colour (see KERNELS), any size
  fixed3x3.onnx     the same convolution, input declared [1,3,96,128], its weight listed among
                    the inputs (as older exporters do)
  yolo8.onnx        [1,3,320,320] -> constant [1,6,16]: YOLOv8 layout, 2 classes (see BOXES)
  yolo5.onnx        [1,3,320,320] -> constant [1,16,7]: YOLOv5 layout, the same boxes (OBJECTNESS)
  rgbmeans.onnx     [1,3,64,64] -> [1,3]: each colour's mean, a classifier of red, green, blue
  scores7.onnx      [1,3,320,320] -> constant [1,7]: fits no detection layout
  two.labels, rgb.labels, three.labels
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid("", 12)]

# Per colour in the model's order (red, green, blue): sharpen, identity, box blur.
KERNELS = np.array([
    [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    [[1 / 9] * 3] * 3,
], np.float32)

# (centre x, centre y, width, height, score of class 0, score of class 1) in 320x320 input pixels.
BOXES = {
    5: (160, 140, 80, 60, 0.1, 0.9),   # kept: class 1, 0.9
    6: (162, 141, 80, 60, 0.1, 0.6),   # overlaps box 5, same class: merged away
    9: (60, 100, 20, 20, 0.2, 0.1),    # class 0 at 0.2: below the default conf of 0.25
}


def save(model, folder, name):
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, name))


def convolution(name, declared, weight_as_input):
    weight = numpy_helper.from_array(KERNELS[:, None, :, :], "weight")
    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, declared)]
    if weight_as_input:
        inputs.insert(0, helper.make_tensor_value_info("weight", TensorProto.FLOAT, [3, 1, 3, 3]))
    node = helper.make_node("Conv", ["input", "weight"], ["output"], group=3, pads=[1, 1, 1, 1],
                            kernel_shape=[3, 3])
    output = helper.make_tensor_value_info("output", TensorProto.FLOAT, declared)
    return helper.make_model(helper.make_graph([node], name, inputs, [output], [weight]),
                             opset_imports=OPSET)


def constant(name, value, side=320):
    """A model whose output is `value` whatever its input (the input still flows through it)."""
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["mean"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Reshape", ["mean", "shape"], ["flat"]),
        helper.make_node("Mul", ["flat", "zero"], ["nothing"]),
        helper.make_node("Add", ["nothing", "value"], ["output0"]),
    ]
    ones = [1] * value.ndim
    weights = [numpy_helper.from_array(np.array(ones, np.int64), "shape"),
               numpy_helper.from_array(np.zeros(ones, np.float32), "zero"),
               numpy_helper.from_array(value, "value")]
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, side, side])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(value.shape))], weights)
    return helper.make_model(graph, opset_imports=OPSET)


def yolo8():
    out = np.zeros((1, 6, 16), np.float32)
    for i, box in BOXES.items():
        out[0, :, i] = box
    return out


# The same boxes with an objectness: box 5 scores 0.8 x 0.9 = 0.72, box 6 0.8 x 0.6 = 0.48
# (merged into box 5), box 9 0.5 x 0.4 = 0.2 (below 0.25).
OBJECTNESS = {5: (0.8, 0.1, 0.9), 6: (0.8, 0.1, 0.6), 9: (0.5, 0.4, 0.2)}


def yolo5():
    out = np.zeros((1, 16, 7), np.float32)
    for i, (x, y, w, h, _, _) in BOXES.items():
        out[0, i] = (x, y, w, h) + OBJECTNESS[i]
    return out


def rgb_means():
    nodes = [helper.make_node("GlobalAveragePool", ["input"], ["pooled"]),
             helper.make_node("Flatten", ["pooled"], ["scores"], axis=1)]
    graph = helper.make_graph(
        nodes, "rgbmeans", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 64, 64])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 3])])
    return helper.make_model(graph, opset_imports=OPSET)


def main(folder):
    os.makedirs(folder, exist_ok=True)
    save(convolution("sharpen3x3", [1, 3, "height", "width"], False), folder, "sharpen3x3.onnx")
    save(convolution("fixed3x3", [1, 3, 96, 128], True), folder, "fixed3x3.onnx")
    save(constant("yolo8", yolo8()), folder, "yolo8.onnx")
    save(constant("yolo5", yolo5()), folder, "yolo5.onnx")
    save(rgb_means(), folder, "rgbmeans.onnx")
    save(constant("scores7", np.full((1, 7), 0.5, np.float32)), folder, "scores7.onnx")
    for name, labels in (("two", ["cat", "dog"]), ("rgb", ["red", "green", "blue"]),
                         ("three", ["a", "b", "c"])):
        with open(os.path.join(folder, name + ".labels"), "w", encoding="utf-8") as f:
            f.write("\n".join(labels) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
