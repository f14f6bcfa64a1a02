"""The widget help of each config field (the "?" tooltip of every config-bound widget).

One rule names them: field ``<section>.<field>`` of ``dlcore/config.py`` has the key
``help.<section>.<field>`` (``dlcore.schema.FieldSpec.help_key``); ``ui/widgets.py`` shows
it by default, so a field teaches the same thing on every page. Texts may use ``{lo}``,
``{hi}`` (the field's capped range) and ``{n}`` (a tuple field's most elements).
"""

MESSAGES = {
    # -- data ------------------------------------------------------------------------------
    "help.data.name": (
        "要学习的数据集。换一个数据集，其他设置不变，就能比较同一个模型在不同问题上的表现。",
        "The data set to learn. Change it with everything else fixed to see how the same model "
        "copes with a different problem.",
    ),
    "help.data.n_points": (
        "生成的样本数，按训练比例分成训练集和测试集。样本越多，越难过拟合，但每轮更慢。",
        "How many examples are generated, split into training and test sets by the training "
        "ratio. More examples make overfitting harder but each epoch slower.",
    ),
    "help.data.noise": (
        "加到数据上的噪声。噪声越大，类别（或信号）越模糊，测试误差的下限越高。",
        "Noise added to the data. More noise blurs the classes (or the signal) and raises the "
        "lowest test error any model can reach.",
    ),
    "help.data.train_ratio": (
        "用于训练的样本比例，其余用于测试。训练集越小，训练误差与测试误差的差距通常越大。",
        "The fraction of examples used for training; the rest are the test set. The smaller "
        "the training set, the wider the usual gap between training and test error.",
    ),
    "help.data.features": (
        "点击开关每个特征；都不选时使用 X₁, X₂。",
        "Click to toggle each feature; none selected means X₁, X₂.",
    ),
    "help.data.n_classes": (
        "类别数 K：输出层有 K 个单元，经 softmax 给出每一类的概率。",
        "The number of classes K: the output layer has K units whose softmax gives the "
        "probability of each class.",
    ),
    "help.data.seq_len": (
        "序列长度 T：网络展开 T 步。T 越大，梯度要穿过的步数越多，越容易消失或爆炸。",
        "The sequence length T: the network is unrolled over T steps. The larger T, the more "
        "steps the gradient crosses and the likelier it vanishes or explodes.",
    ),
    "help.data.image_size": (
        "8 = 原始的 8×8 数字；更大的边长用双线性插值放大，给卷积和池化留出空间，但训练更慢。",
        "8 = the original 8×8 digits; larger sides are upscaled bilinearly, leaving room for "
        "convolution and pooling, but train more slowly.",
    ),
    "help.data.corpus": (
        "字符级任务所用的文本：网络逐个字符地学习预测下一个字符。",
        "The text of the character-level task: the network learns to predict each next character.",
    ),
    # -- model -----------------------------------------------------------------------------
    "help.model.hidden": (
        "隐藏层宽度，用逗号分隔，例如 64, 32：最多 {n} 层，每层 {lo}–{hi} 个单元；留空 = 没有隐藏层。",
        "The hidden layers' widths, comma-separated, e.g. 64, 32: at most {n} layers of "
        "{lo}–{hi} units each; empty = no hidden layer.",
    ),
    "help.model.channels": (
        "各卷积层的通道数（滤波器个数），用逗号分隔，例如 8, 16：1–{n} 层，每层 {lo}–{hi}。",
        "The channels (number of filters) of each convolution layer, comma-separated, e.g. "
        "8, 16: 1–{n} layers of {lo}–{hi}.",
    ),
    "help.model.activation": (
        "隐藏单元的非线性函数 σ。没有它，多层网络只相当于一个线性映射。",
        "The non-linearity σ of the hidden units. Without one, a deep network is just one "
        "linear map.",
    ),
    "help.model.init": (
        "权重的初始分布。尺度合适（Xavier 对 tanh，He 对 ReLU）时，信号和梯度逐层不增不减。",
        "How the weights start. With the right scale (Xavier for tanh, He for ReLU) signals and "
        "gradients keep their size from layer to layer.",
    ),
    "help.model.dropout": (
        "训练时每个隐藏单元以概率 p 被置零，迫使网络不依赖个别单元：一种正则化。",
        "During training each hidden unit is zeroed with probability p, so the network cannot "
        "rely on any single unit: a regulariser.",
    ),
    "help.model.output": (
        "输出层把最后的激活变成预测：它应与损失函数相配（sigmoid / softmax 配交叉熵，线性配平方误差）；"
        "auto 按任务选择。",
        "The output layer turns the last activations into a prediction; match it to the loss "
        "(sigmoid or softmax with cross-entropy, linear with squared error); auto picks one "
        "for the task.",
    ),
    "help.model.kernel_size": (
        "卷积核的边长 k：每个输出只看输入中 k×k 的一块，参数与图像大小无关。",
        "The kernel side k: each output sees only a k×k patch of its input, and the number of "
        "parameters does not depend on the image size.",
    ),
    "help.model.pool": (
        "池化把每块 2×2 合并成一个值（取最大或平均），使特征图减半，对小平移更不敏感；none = 不池化。",
        "Pooling merges each 2×2 block into one value (its maximum or mean): the feature map "
        "halves and small shifts matter less; none keeps the full size.",
    ),
    "help.model.norm": (
        "每层的归一化：把激活重新缩放到均值 0、方差 1，让深层网络的梯度保持合适的大小。",
        "Normalisation in each layer: activations are rescaled to mean 0 and variance 1, which "
        "keeps the gradients of a deep network at a workable size.",
    ),
    "help.model.cell": (
        "循环单元：普通 RNN、LSTM 或 GRU。后两者用门控制信息的保留，梯度能传得更远。",
        "The recurrent cell: a plain RNN, an LSTM or a GRU. The last two gate what is kept, so "
        "gradients reach further back in time.",
    ),
    "help.model.hidden_size": (
        "隐藏状态 h 的维数：网络在时间步之间携带的记忆的大小。",
        "The size of the hidden state h: how much memory the network carries from step to step.",
    ),
    "help.model.num_layers": (
        "叠起来的循环层数：每层把自己的隐藏状态序列作为下一层的输入。",
        "How many recurrent layers are stacked: each feeds its sequence of hidden states to "
        "the next.",
    ),
    "help.model.spectral_radius": (
        "W_hh 取高斯随机矩阵，再缩放使其最大特征值的模等于 ρ。",
        "W_hh is a Gaussian random matrix rescaled so that its largest eigenvalue modulus is ρ.",
    ),
    "help.model.bottleneck": (
        "编码 h 的维数。比输入小得多时，自编码器必须只保留数据中最重要的变化。",
        "The size of the code h. Much smaller than the input, it forces the autoencoder to keep "
        "only the data's main directions of variation.",
    ),
    "help.model.tied": (
        "解码器使用编码器权重的转置，只学习自己的偏置：参数约减半。",
        "The decoder uses the encoder's transposed weights and learns only its biases: about "
        "half the parameters.",
    ),
    "help.model.conv": (
        "编码器用步长 2 的 3×3 卷积，解码器用转置卷积（只适用于图像）。",
        "Stride-2 3×3 convolutions in the encoder, transposed convolutions in the decoder "
        "(images only).",
    ),
    # -- train -----------------------------------------------------------------------------
    "help.train.optimizer": (
        "用梯度更新权重的规则：SGD 沿负梯度走一步，动量和 Adam 还利用过去的梯度。",
        "The rule that turns gradients into weight updates: SGD steps down the gradient, "
        "momentum and Adam also use the past gradients.",
    ),
    "help.train.lr": (
        "学习率 η：每步沿负梯度走多远。太小学得慢，太大损失会震荡甚至发散。",
        "The learning rate η: how far each step moves down the gradient. Too small learns "
        "slowly, too large makes the loss oscillate or diverge.",
    ),
    "help.train.batch_size": (
        "每次更新所用的样本数；0 表示整个训练集（全批量）。批量越小，梯度越嘈杂，但更新越频繁。",
        "The examples per update; 0 means the whole training set (full batch). Smaller batches "
        "give noisier gradients but more updates.",
    ),
    "help.train.momentum": (
        "动量 β：每步保留上一步速度的比例 β，沿一致的方向加速，在峡谷中减少来回震荡。",
        "Momentum β: each step keeps a fraction β of the previous velocity, speeding up along "
        "a steady direction and damping zig-zags across a valley.",
    ),
    "help.train.loss": (
        "要最小化的损失函数：分类常用交叉熵，回归常用平方误差；auto 按任务选择。",
        "The loss to minimise: cross-entropy for classification, squared error for regression; "
        "auto picks one for the task.",
    ),
    "help.train.l1": (
        "L1 惩罚 λ·Σ|w|：把许多权重推到正好为 0，得到稀疏的网络。",
        "The L1 penalty λ·Σ|w|: pushes many weights to exactly zero, a sparse network.",
    ),
    "help.train.l2": (
        "L2 惩罚 λ·Σw²（权重衰减）：让所有权重变小，使决策边界更平滑。",
        "The L2 penalty λ·Σw² (weight decay): shrinks every weight and smooths the decision "
        "boundary.",
    ),
    "help.train.clip_grad": (
        "若梯度范数 ‖g‖ > c，就把 g 缩放到长度 c（方向不变）；0 = 不裁剪。",
        "If the gradient norm ‖g‖ exceeds c, g is rescaled to length c (same direction); "
        "0 = no clipping.",
    ),
    "help.train.code_l2": (
        "讲义中的正则项（范数本身，不是平方）。过大时编码会坍缩到 0。",
        "The lecture's regulariser (the norm itself, not squared). Too large and the codes "
        "collapse to 0.",
    ),
    "help.train.code_l1": ("使编码中的多数单元为 0。", "Drives most code units to exactly zero."),
    "help.train.input_noise": (
        "训练时给输入加 N(0, σ²) 噪声，目标仍是干净的 x。",
        "During training, N(0, σ²) noise is added to the inputs; the target is still the clean x.",
    ),
    "help.train.stop_acc": (
        "测试准确率达到此值时（0 = 关闭），训练自动暂停并给出提示；再次点击“播放”会越过目标继续训练。"
        "目标是配置的一部分，会写进分享链接。",
        "Training pauses by itself with a message when the test accuracy reaches this value (0 = off); "
        "Play again trains on past it. The targets are config: they travel in the share link.",
    ),
    "help.train.stop_loss": (
        "测试损失降到此值时（0 = 关闭），训练自动暂停并给出提示；再次点击“播放”会越过目标继续训练。"
        "目标是配置的一部分，会写进分享链接。",
        "Training pauses by itself with a message when the test loss falls to this value (0 = off); "
        "Play again trains on past it. The targets are config: they travel in the share link.",
    ),
}
