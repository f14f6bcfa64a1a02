"""Messages of the CNN chapter (convolution explorer, pooling, live CNN)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # datasets
    "cnn.data.shapes": (
        "生成的形状 (圆/方/三角/十字/环)",
        "generated shapes (circle/square/triangle/cross/ring)",
    ),
    "cnn.shape.circle": ("圆", "circle"),
    "cnn.shape.square": ("正方形", "square"),
    "cnn.shape.triangle": ("三角形", "triangle"),
    "cnn.shape.cross": ("十字", "cross"),
    "cnn.shape.ring": ("圆环", "ring"),
}
