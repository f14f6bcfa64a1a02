"""Messages of the CNN chapter (convolution explorer, pooling, live CNN)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation
    "cnn.nav.conv": ("卷积操作", "Convolution"),
    "cnn.nav.props": ("稀疏连接、等变与池化", "Sparsity, equivariance, pooling"),
    "cnn.nav.cnn": ("训练一个卷积网络", "Train a CNN"),
    "cnn.nav.shift": ("为什么用 CNN：平移", "Why CNNs: shifts"),
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
    # convolution explorer
    "cnn.conv.title": ("二维卷积操作", "2-D convolution"),
    "cnn.conv.lead": (
        "卷积核 $w$（$k\\times k$）在输入上滑动：每个输出 $y_{i,j}$ 只看输入的一个小窗口（稀疏连接），"
        "所有位置共用同一组权重（参数共享）。步长 $s$、填充 $p$、膨胀 $d$ 决定窗口怎么走、输出多大。"
        "深度学习里的“卷积”其实是互相关（不翻转卷积核），和 PyTorch 的 `conv2d` 一样。",
        "The kernel $w$ ($k\\times k$) slides over the input: each output $y_{i,j}$ looks at one small "
        "window of the input (sparse connectivity), and every position uses the same weights (parameter "
        "sharing). Stride $s$, padding $p$ and dilation $d$ decide how the window moves and how large the "
        "output is. Deep learning's “convolution” is cross-correlation (the kernel is not flipped), as in "
        "PyTorch's `conv2d`.",
    ),
    "cnn.explorer": ("卷积浏览器", "Convolution explorer"),
    "cnn.source": ("输入图像", "Input image"),
    "cnn.source.digit": ("手写数字", "handwritten digit"),
    "cnn.source.shape": ("生成的形状", "generated shape"),
    "cnn.source.natural": ("风景（程序生成）", "landscape (generated)"),
    "cnn.source.upload": ("上传 PNG/JPEG", "upload a PNG/JPEG"),
    "cnn.sample": ("样本编号", "Sample number"),
    "cnn.size": ("图像边长 n", "Image side n"),
    "cnn.size_help": (
        "图像缩放到 n×n 像素（8×8 的数字用双线性插值放大）。",
        "The image is resized to n×n pixels (the 8×8 digits are upscaled bilinearly).",
    ),
    "cnn.upload": ("上传图像", "Upload an image"),
    "cnn.upload_hint": (
        "上传一张 PNG 或 JPEG（最大 5 MB）；在那之前显示一个数字。",
        "Upload a PNG or JPEG (at most 5 MB); a digit is shown until then.",
    ),
    "cnn.kernel_preset": ("卷积核", "Kernel"),
    "cnn.kernel_size": ("卷积核大小 k", "Kernel size k"),
    "cnn.kernel.identity": ("恒等", "identity"),
    "cnn.kernel.box": ("均值模糊", "box blur"),
    "cnn.kernel.gaussian": ("高斯模糊", "Gaussian blur"),
    "cnn.kernel.sharpen": ("锐化", "sharpen"),
    "cnn.kernel.sobel_x": ("Sobel x（竖直边缘）", "Sobel x (vertical edges)"),
    "cnn.kernel.sobel_y": ("Sobel y（水平边缘）", "Sobel y (horizontal edges)"),
    "cnn.kernel.laplacian": ("拉普拉斯", "Laplacian"),
    "cnn.kernel.emboss": ("浮雕", "emboss"),
    "cnn.kernel_bad": (
        "卷积核中有空格或不是数字的格子（或数值过大），仍使用上一个有效的卷积核。",
        "A kernel cell is empty, not a number or too large; the last valid kernel is still used.",
    ),
    "cnn.stride": ("步长 s", "Stride s"),
    "cnn.padding": ("填充 p", "Padding p"),
    "cnn.dilation": ("膨胀 d", "Dilation d"),
    "cnn.bias": ("偏置 b", "Bias b"),
    "cnn.input": ("输入 ({n}×{n})", "input ({n}×{n})"),
    "cnn.output": ("输出特征图 ({n}×{n})", "output feature map ({n}×{n})"),
    "cnn.colour_rule": (
        "颜色规则：没有负值的图用灰度（0 = 黑）；有负值的图用以 0 为中心的发散色（橙 = 负，白 = 0，蓝 = 正）。",
        "Colour rule: a map without negative values is gray (0 = black); a signed map uses a diverging "
        "scale centred on 0 (orange = negative, white = 0, blue = positive).",
    ),
    "cnn.geom.nonpositive": (
        "尺寸、步长和膨胀必须是正数。",
        "Sizes, stride and dilation must be positive.",
    ),
    "cnn.geom.too_big": (
        "不可能：膨胀后的卷积核跨度 d(k−1)+1 = {span} 大于填充后的输入 n+2p = {n}+2·{p} = {np}，"
        "卷积核放不进去。请减小 k 或 d，或增加填充 p。",
        "Impossible: the dilated kernel spans d(k−1)+1 = {span} pixels, more than the padded input "
        "n+2p = {n}+2·{p} = {np}, so it does not fit. Make k or d smaller, or add padding p.",
    ),
    # by hand
    "cnn.hand": ("手算一个输出", "One output, computed by hand"),
    "cnn.hand.lead": (
        "在一个小输入上逐格移动卷积核：红框是当前输出的感受野，中间是逐元素乘积，它们的和加上偏置就是输出格的值。"
        "页面显示的是 `dlcore` 里从零写的 NumPy 卷积，下方与 PyTorch 对照。",
        "Move the kernel cell by cell over a small input: the red boxes are the current output's "
        "receptive field, the middle shows the element-wise products, and their sum plus the bias is the "
        "output cell. The page shows the from-scratch NumPy convolution in `dlcore`, checked against "
        "PyTorch below.",
    ),
    "cnn.hand.n": ("小输入的边长", "Side of the small input"),
    "cnn.hand.next": ("下一格", "Next cell"),
    "cnn.hand.cell": ("输出格（按行编号）", "Output cell (row by row)"),
    "cnn.hand.input_padded": ("输入（含填充）", "input (with padding)"),
    "cnn.hand.kernel": ("卷积核 w", "kernel w"),
    "cnn.hand.products": ("逐元素乘积", "element-wise products"),
    "cnn.hand.out": ("输出（逐格填入）", "output (filled cell by cell)"),
    "cnn.hand.torch": (
        "PyTorch `F.conv2d` 在这一格给出 {torch}，我们的 NumPy 计算给出 {ours}。",
        "PyTorch's `F.conv2d` gives {torch} for this cell; our NumPy computation gives {ours}.",
    ),
    # properties
    "cnn.props.title": ("卷积操作的性质", "Properties of convolution"),
    "cnn.props.lead": (
        "为什么图像要用卷积（“兔子?”）：兔子出现在图像的哪里都还是兔子。卷积用很少的参数看局部，"
        "并且对平移是等变的；池化再让结果对小的平移近似不变。",
        "Why images need convolution (“a rabbit?”): a rabbit is a rabbit wherever it appears in the "
        "picture. Convolution looks locally with very few parameters and is equivariant to translation; "
        "pooling then makes the result approximately invariant to small shifts.",
    ),
    "cnn.sparse": ("稀疏连接与参数共享", "Sparse connectivity and parameter sharing"),
    "cnn.sparse.lead": (
        "两层得到同一个输入（$n^2$ 个值），给出同样多的输出：卷积不填充时每个通道输出 $n'^2$ 个值，"
        "$n' = n - k + 1$，全连接层也给它这么多个输出。卷积层每个输出只连 $k^2$ 个输入，而且所有位置共用这 "
        "$k^2$ 个权重；全连接层每个输出连所有 $n^2$ 个输入，每条连接一个自己的权重。",
        "Both layers take the same input ($n^2$ values) and give the same number of outputs: without "
        "padding each channel of the convolution has $n'^2$ outputs, $n' = n - k + 1$, and the fully "
        "connected layer is given as many. Each output of the convolution is connected to only $k^2$ "
        "inputs, and all positions share these $k^2$ weights; each output of a fully connected layer is "
        "connected to all $n^2$ inputs, with one weight per connection.",
    ),
    "cnn.sparse.sizes": (
        "这里：输入 {n}×{n} = {n2} 个值；卷积核 {k}×{k}、不填充，每个通道输出 {m}×{m}（{m} = {n} − {k} + 1），"
        "{c} 个通道共 {out} 个输出——两层都一样。",
        "Here: the input is {n}×{n} = {n2} values; a {k}×{k} kernel without padding gives {m}×{m} outputs "
        "per channel ({m} = {n} − {k} + 1), {out} outputs for {c} channels — the same for both layers.",
    ),
    "cnn.sparse.c_out": ("输出通道数", "Output channels"),
    "cnn.sparse.conv_params": ("卷积层参数", "convolution parameters"),
    "cnn.sparse.dense_params": ("全连接层参数", "fully connected parameters"),
    "cnn.sparse.ratio": ("全连接 / 卷积", "dense / conv"),
    "cnn.sparse.connections": (
        "卷积的每个输出只看 {k2} 个输入（全连接看全部 {n2} 个）；卷积共有 {conn} 条连接，但它们共享同一组权重。",
        "Each convolution output sees only {k2} inputs (a dense unit sees all {n2}); the convolution has "
        "{conn} connections, but they all share the same weights.",
    ),
    "cnn.rf": ("感受野：叠加几层卷积", "Receptive field through stacked layers"),
    "cnn.rf.layers": ("卷积层数", "Conv layers"),
    "cnn.rf.layer": ("第 {l} 层：{size}×{size}", "layer {l}: {size}×{size}"),
    "cnn.equi": ("平移等变", "Translation equivariance"),
    "cnn.equi.lead": (
        "先平移再卷积 = 先卷积再平移：$f(S_{\\Delta}x) = S_{\\Delta} f(x)$。差只出现在边界附近"
        "（补进来的零和被移出去的像素）。",
        "Shift then convolve = convolve then shift: $f(S_{\\Delta}x) = S_{\\Delta} f(x)$. The difference "
        "appears only near the borders (the zeros shifted in and the pixels shifted out).",
    ),
    "cnn.equi.dx": ("水平平移 Δx（像素）", "Horizontal shift Δx (pixels)"),
    "cnn.equi.dy": ("竖直平移 Δy（像素）", "Vertical shift Δy (pixels)"),
    "cnn.equi.conv_shift": ("卷积(平移(x))", "conv(shift(x))"),
    "cnn.equi.shift_conv": ("平移(卷积(x))", "shift(conv(x))"),
    "cnn.equi.diff": ("差", "difference"),
    "cnn.equi.inner": (
        "离边界 {border} 像素以上的地方，最大差为 {err}（只是浮点误差）。",
        "More than {border} pixels from the borders the largest difference is {err} (floating-point error only).",
    ),
    "cnn.equi.dense": (
        "换成一个同样大小输入输出的全连接层（随机权重）：先平移再变换和先变换再平移完全不同。",
        "Replace it by a fully connected layer with the same input and output size (random weights): "
        "shift-then-transform and transform-then-shift are completely different.",
    ),
    "cnn.equi.fc_shift": ("全连接(平移(x))", "dense(shift(x))"),
    "cnn.equi.shift_fc": ("平移(全连接(x))", "shift(dense(x))"),
    "cnn.equi.dense_err": (
        "全连接层不是平移等变的：即使远离边界，相对差也有 {rel}。",
        "A fully connected layer is not translation equivariant: even away from the borders the relative "
        "difference is {rel}.",
    ),
    "cnn.equi.invariance": ("池化带来近似平移不变", "Pooling gives approximate invariance"),
    "cnn.equi.no_pool": ("ReLU(卷积) 特征", "ReLU(conv) features"),
    "cnn.equi.with_pool": ("再做 {p}×{p} 最大池化", "then {p}×{p} max pooling"),
    "cnn.equi.rel_change": ("特征的相对变化", "relative change of the features"),
    "cnn.equi.invariance_note": (
        "横轴是输入向右平移的像素数，纵轴是 ‖f(平移 x) − f(x)‖ / ‖f(x)‖。池化后的特征对 1 像素左右的平移变化小得多。",
        "The x axis is how many pixels the input moves right, the y axis ‖f(shift x) − f(x)‖ / ‖f(x)‖. "
        "After pooling, the features change much less for shifts of about one pixel.",
    ),
    "cnn.shift_px": ("平移（像素）", "shift (pixels)"),
    "cnn.pool": ("池化操作", "Pooling"),
    "cnn.pool.lead": (
        "池化把一个窗口汇总成一个数：最大池化取最大值，平均池化取平均值。下面是当前卷积核在缩小的输入上得到的特征图。",
        "Pooling summarises a window by one number: max pooling takes the largest value, average pooling "
        "the mean. Below: the feature map of the current kernel on a reduced input.",
    ),
    "cnn.pool.mode": ("池化方式", "Pooling"),
    "cnn.pool.max": ("最大", "max"),
    "cnn.pool.avg": ("平均", "average"),
    "cnn.pool.none": ("不池化", "none"),
    "cnn.pool.size": ("窗口大小", "Window size"),
    "cnn.pool.side": ("特征图边长", "Feature map side"),
    "cnn.pool.fmap": ("特征图 ({n}×{n})", "feature map ({n}×{n})"),
    "cnn.pool.out": ("池化结果 ({n}×{n})", "pooled ({n}×{n})"),
    "cnn.pool.note.max": (
        "红圈是每个输出取到的格子（窗口内的最大值）；彩色框是各个窗口。",
        "Red circles mark the cell each output took (the maximum in its window); coloured boxes are the windows.",
    ),
    "cnn.pool.note.avg": (
        "每个输出是其窗口（彩色框）内所有格子的平均值。",
        "Each output is the mean of all cells in its window (coloured boxes).",
    ),
    # live CNN
    "cnn.train.title": (
        "卷积神经网络的整体框架：现场训练",
        "The whole CNN framework, trained live",
    ),
    "cnn.train.lead": (
        "一个 LeNet 式的网络：若干层 [卷积 → 激活 → 池化]，展平，再接全连接层和 softmax 输出。"
        "数据是 scikit-learn 自带的 1797 个真实 8×8 手写数字（放大到 n×n，默认 16×16：两次 2×2 池化后还剩 4×4，"
        "3×3 卷积核才有地方滑动），或生成的形状。在侧边栏选设备；播放 / 暂停 / 单步 / 重置。",
        "A LeNet-like network: a few [convolution → activation → pooling] blocks, flatten, then dense "
        "layers and a softmax output. The data are scikit-learn's 1797 real 8×8 handwritten digits "
        "(upscaled to n×n, 16×16 by default: after two 2×2 poolings 4×4 remain, so 3×3 kernels still have "
        "room to slide), or the generated shapes. Pick the device in the sidebar; Play / Pause / Step / Reset.",
    ),
    "cnn.preset": ("示例", "Preset"),
    "cnn.preset.digits": ("数字，两层卷积", "digits, two conv layers"),
    "cnn.preset.shapes": ("形状 (24×24)", "shapes (24×24)"),
    "cnn.preset.tiny": ("极小：2 个 5×5 卷积核", "tiny: two 5×5 kernels"),
    "cnn.preset.no_pool": ("不池化", "no pooling"),
    "cnn.preset.sigmoid_sgd": ("sigmoid + SGD", "sigmoid + SGD"),
    "cnn.preset_note.digits": (
        "看测试准确率：在这台 CPU 上几秒内就超过 97%，第一层卷积核很快变成边缘检测器。",
        "Watch the test accuracy: on this CPU it passes 97 % within seconds, and the first-layer "
        "kernels soon look like edge detectors.",
    ),
    "cnn.preset_note.shapes": (
        "五类形状位置、大小、旋转都随机：卷积在每个位置用同样的边缘/角检测器，混淆矩阵里哪两类最难分？",
        "Five shapes at random positions, sizes and rotations: convolution applies the same edge/corner "
        "detectors everywhere. Which two classes does the confusion matrix mix up most?",
    ),
    "cnn.preset_note.tiny": (
        "只有两个卷积核，参数很少，也能学到不错的准确率：参数共享的威力。",
        "Only two kernels and few parameters, yet a decent accuracy: the power of parameter sharing.",
    ),
    "cnn.preset_note.no_pool": (
        "不池化时特征图保持全尺寸，展平后的全连接层大很多；和有池化的版本比较参数数量和速度。",
        "Without pooling the feature maps keep their full size and the dense layer after flatten is much "
        "larger; compare the parameter count and speed with the pooled version.",
    ),
    "cnn.preset_note.sigmoid_sgd": (
        "sigmoid + 普通 SGD：损失长时间几乎不动（梯度消失），换成 ReLU 或 Adam 再试。",
        "sigmoid + plain SGD: the loss hardly moves for a long time (vanishing gradients); try ReLU or Adam.",
    ),
    "cnn.dataset": ("数据", "Data"),
    "cnn.image_size": ("图像边长（像素）", "Image side (pixels)"),
    "cnn.channels": ("每个卷积层的通道数", "Channels of each conv layer"),
    "cnn.channels_bad": (
        "通道数要是 1–4 个 1 到 128 之间的整数，用逗号分隔；仍使用上一个有效值。",
        "Channels must be 1–4 integers from 1 to 128, comma-separated; the last valid value is kept.",
    ),
    "cnn.hidden": ("全连接层宽度", "Dense layer widths"),
    "cnn.hidden_bad": (
        "全连接宽度要是 0–3 个 1 到 512 之间的整数；仍使用上一个有效值。",
        "Dense widths must be 0–3 integers from 1 to 512; the last valid value is kept.",
    ),
    "cnn.activation": ("激活函数", "Activation"),
    "cnn.optimizer": ("优化器", "Optimizer"),
    "cnn.lr": ("学习率 η", "Learning rate η"),
    "cnn.batch": ("批大小（0 = 全部）", "Batch size (0 = all)"),
    "cnn.params": ("{n} 个参数 · 设备：{device}", "{n} parameters · device: {device}"),
    "cnn.inside": ("网络内部", "Inside the network"),
    "cnn.kernels": ("第一层学到的卷积核", "Learned first-layer kernels"),
    "cnn.maps": ("一张测试图像在每一层的特征图", "Feature maps of one test image at every layer"),
    "cnn.test_image": ("测试图像编号", "Test image number"),
    "cnn.input_layer": ("输入", "input"),
    "cnn.maps_caption": (
        "真实类别：{true} · 预测：{pred}（{p}）。每行一层，最多显示 8 个通道。",
        "True class: {true} · predicted: {pred} ({p}). One row per layer, at most 8 channels shown.",
    ),
    "cnn.confusion": ("混淆矩阵（测试集）", "Confusion matrix (test set)"),
    "cnn.predicted": ("预测类别", "predicted class"),
    "cnn.true": ("真实类别", "true class"),
    "cnn.mistakes": ("分错的例子", "Misclassified examples"),
    "cnn.no_mistakes": ("测试集上没有分错的例子。", "No misclassified test examples."),
    "cnn.mistakes_caption": (
        "标题为 真实 → 预测；测试集 {total} 个中错了 {n} 个。",
        "Titles read true → predicted; {n} of {total} test examples are wrong.",
    ),
    "cnn.yours": ("你自己的数字", "Your own digit"),
    "cnn.yours.lead": (
        "在 8×8 的格子里勾选像素画一个数字（和原始数据一样大），或者上传一张 PNG/JPEG"
        "（白底黑字会自动反色、裁到笔迹并居中）。网络给出每一类的概率。",
        "Tick cells of the 8×8 grid to draw a digit (the size of the original data), or upload a PNG/JPEG "
        "(dark ink on white is inverted, cropped to the ink and centred). The network gives each class's probability.",
    ),
    "cnn.grid_help": ("勾选的格子是笔迹。", "Ticked cells are ink."),
    "cnn.upload_digit": ("或者上传一张图像", "Or upload an image"),
    "cnn.model_sees_grid": ("网络看到的输入：格子", "what the network sees: the grid"),
    "cnn.model_sees_upload": ("网络看到的输入：上传的图像", "what the network sees: the upload"),
    "cnn.using_upload": (
        "正在预测上传的图像 “{name}”，下面的格子不参与。移除这个文件，就回到格子。",
        "Predicting the uploaded image “{name}”; the grid below is not used. Remove the file to use the grid again.",
    ),
    "cnn.probability": ("概率", "probability"),
    "cnn.prediction": ("预测", "Prediction"),
    "cnn.prediction_p": ("网络给这个类别的概率：{p}", "the network's probability for it: {p}"),
    # CNN vs MLP under shifts
    "cnn.shift.title": ("为什么用 CNN：“兔子?”", "Why a CNN: “a rabbit?”"),
    "cnn.shift.lead": (
        "同一个任务，一个卷积网络和一个参数量差不多的多层感知机（一个隐藏层），在没有平移的图像上训练同样的时间，"
        "然后在平移了 0–4 像素的测试图像上测试（向左、右、上、下各平移一次取平均）。"
        "兔子挪了位置还是兔子：哪个网络更认得出来？",
        "The same task for a convolutional network and a multilayer perceptron (one hidden layer) with about "
        "as many parameters, trained for the same time on unshifted images, then tested on test images "
        "shifted by 0–4 pixels (left, right, up and down, averaged). A rabbit that moves is still a "
        "rabbit: which network still recognises it?",
    ),
    "cnn.shift.seconds": ("每个网络的训练时间（秒）", "Training time per network (s)"),
    "cnn.shift.seconds_help": (
        "两个网络各训练这么久（在侧边栏选的设备上）。",
        "Each network trains this long (on the device chosen in the sidebar).",
    ),
    "cnn.shift.run": ("训练两个网络并测试", "Train both and test"),
    "cnn.shift.running": ("训练中（约 {s} 秒）……", "Training (about {s} s)…"),
    "cnn.shift.press": ("按“训练两个网络并测试”开始。", "Press “Train both and test” to start."),
    "cnn.shift.by": ("平移 {s}", "shift {s}"),
    "cnn.shift.preview_caption": (
        "同一张测试图像向右平移 0–4 像素（16×16，补零）。",
        "The same test image shifted right by 0–4 pixels (16×16, zeros come in).",
    ),
    "cnn.shift.cnn": (
        "CNN（{n} 个参数）：未平移时的测试准确率",
        "CNN ({n} parameters): test accuracy, no shift",
    ),
    "cnn.shift.mlp": (
        "MLP（{n} 个参数，隐藏层 {h}）：未平移时的测试准确率",
        "MLP ({n} parameters, hidden width {h}): test accuracy, no shift",
    ),
    "cnn.shift.cnn_short": ("卷积网络", "CNN"),
    "cnn.shift.mlp_short": ("多层感知机", "MLP"),
    "cnn.shift.steps": (
        "训练步数：CNN {cnn}，MLP {mlp}。",
        "Training steps: CNN {cnn}, MLP {mlp}.",
    ),
    "cnn.shift.explain": (
        "没有平移时两者差不多；平移越大，MLP 掉得越快：它的每个权重绑定在一个固定像素上，"
        "挪动后的数字对它来说是一张全新的图。CNN 的卷积核在每个位置都一样（平移等变），池化再吸收小的平移，"
        "所以下降得慢。它也不是完全不变的：展平后的全连接层仍然记住位置，大的平移同样会让它出错"
        "（数据增强或全局池化能进一步改善）。",
        "Without a shift both do about as well; as the shift grows the MLP falls faster: each of its "
        "weights is tied to one fixed pixel, so a moved digit is a brand-new picture to it. The CNN's kernels "
        "are the same at every position (translation equivariance) and pooling absorbs small shifts, so it "
        "degrades more slowly. It is not fully invariant: the dense layers after flatten still remember "
        "positions, so large shifts fool it too (data augmentation or global pooling help further).",
    ),
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
    "upload.decode_too_big": (
        "图像 {w}×{h} 解码需要约 {mb} MB 内存（上限 {limit_mb} MB），已拒绝。请上传更小的图像（例如彩色不超过 2048×2048）或 JPEG。",
        "Decoding this {w}×{h} image would take about {mb} MB (limit {limit_mb} MB); refused. Upload a smaller image (colour up to 2048×2048) or a JPEG.",
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
