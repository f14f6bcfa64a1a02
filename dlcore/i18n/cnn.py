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
    # uploads (shared with the autoencoder chapter)
    "upload.empty": ("文件是空的。", "The file is empty."),
    "upload.too_big": (
        "文件太大（{size_mb} MB），上限是 {limit_mb} MB。",
        "The file is too large ({size_mb} MB); the limit is {limit_mb} MB.",
    ),
    "upload.not_image": (
        "这不是能读取的图像文件。请上传 PNG 或 JPEG。",
        "This is not an image we can read. Please upload a PNG or JPEG.",
    ),
    "upload.bomb": (
        "图像像素太多（可能是“解压炸弹”），已拒绝；上限约 {limit} 像素。",
        "The image has too many pixels (a possible decompression bomb) and was refused; "
        "the limit is about {limit} pixels.",
    ),
    "upload.animated": (
        "不支持动画图像（{fmt}）。请上传一张静态 PNG 或 JPEG。",
        "Animated images ({fmt}) are not supported. Please upload a still PNG or JPEG.",
    ),
    "upload.format": (
        "不支持的格式 {fmt}：只接受 PNG 和 JPEG。",
        "Unsupported format {fmt}: only PNG and JPEG are accepted.",
    ),
    "upload.truncated": (
        "图像数据不完整或已损坏（文件被截断？）。",
        "The image data is incomplete or corrupt (a truncated file?).",
    ),
    "upload.note.16bit": (
        "16 位图像已转换为 8 位灰度。",
        "The 16-bit image was converted to 8-bit grayscale.",
    ),
    "upload.note.float": (
        "浮点图像已归一化到 [0, 1]。",
        "The floating-point image was rescaled to [0, 1].",
    ),
    "upload.note.cmyk": ("CMYK 图像已转换为灰度。", "The CMYK image was converted to grayscale."),
    "upload.note.alpha": (
        "透明部分按白色背景处理。",
        "Transparent parts were placed on a white background.",
    ),
    "upload.note.color": ("彩色图像已转换为灰度。", "The colour image was converted to grayscale."),
}
