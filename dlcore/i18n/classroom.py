"""Classroom: lecture mode, presenter mode and the hosting limits."""

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation
    "nav.lecture": ("课堂模式", "Lecture mode"),
    # per-session limits (dlcore/limits.py)
    "limits.capped": (
        "为了让全班共用一台服务器，“{field}” 的值 {value} 已被限制为 {limit}。",
        "So that a whole class can share one server, “{field}” = {value} was capped at {limit}.",
    ),
    "limits.upload": (
        "文件有 {size_mb} MB，超过上限 {limit_mb} MB，已拒绝。",
        "The file is {size_mb} MB, over the limit of {limit_mb} MB; refused.",
    ),
    "limits.image": (
        "图片尺寸 {width}×{height} 过大（每边最多 {limit} 像素），已拒绝，未解码。",
        "The image is {width}×{height}, too large (at most {limit} pixels a side); refused without decoding it.",
    ),
    "limits.table": (
        "表格有 {rows} 行 {cols} 列，超过上限（{max_rows} 行、{max_cols} 列），已拒绝。",
        "The table has {rows} rows and {cols} columns, over the limit ({max_rows} rows, {max_cols} columns); refused.",
    ),
    "limits.text": (
        "文本有 {n} 个字符，超过上限 {limit}，已拒绝。",
        "The text has {n} characters, over the limit of {limit}; refused.",
    ),
    "limits.title": (
        "本服务器的单会话上限（为全班共用而设）：",
        "This server's per-session limits (so that a whole class can share it):",
    ),
    # presenter mode (?present=1&hide=...)
    "present.bad_hide": (
        "网址参数 hide 中的 “{value}” 无法识别，已忽略（可用：sidebar、header、share、nav，或某个控件的 key）。",
        "“{value}” in the URL parameter hide is not recognised and was ignored (use sidebar, header, share, nav or a widget key).",
    ),
    "present.bad_flag": (
        "网址参数 present 的值 “{value}” 无法识别，已关闭演示模式（用 present=1 打开）。",
        "The URL parameter present = “{value}” is not recognised; presenter mode is off (present=1 turns it on).",
    ),
    # lecture mode
    "lecture.title": ("🎓 课堂模式", "🎓 Lecture mode"),
    "lecture.lead": (
        "按课程的顺序一步一步地走：每一步打开一个章节页面，并带好预设的参数，下面一句话说明要注意看什么。"
        "每一步都有自己的网址（?step=N），可以直接发给学生。",
        "Walk through the lecture in its order: each step opens a chapter page with a preset, "
        "and one sentence says what to notice. Every step has its own URL (?step=N) to hand to students.",
    ),
    "lecture.step_of": ("第 {n} 步，共 {total} 步", "Step {n} of {total}"),
    "lecture.open": ("打开这一步 ▶", "Open this step ▶"),
    "lecture.prev": ("◀ 上一步", "◀ Previous"),
    "lecture.bar.step": ("🎓 课堂模式 · {n} / {total}", "🎓 Lecture mode · {n} / {total}"),
    "lecture.bar.overview": ("全部步骤", "All steps"),
    "lecture.bar.exit": ("退出课堂模式", "Leave lecture mode"),
    "lecture.next": ("下一步 ▶", "Next ▶"),
    "lecture.all_steps": ("全部步骤", "All steps"),
    "lecture.none": (
        "章节页面还没有就绪；它们出现后会自动加入这条路线。",
        "No chapter page is ready yet; they join this path as soon as they exist.",
    ),
    "lecture.bad_step": (
        "网址中的步骤 “{value}” 无效，已从第 1 步开始。",
        "The step “{value}” in the URL is not valid; starting at step 1.",
    ),
    "lecture.preset": ("预设参数", "Preset"),
    "lecture.no_preset": ("（页面默认设置）", "(the page's defaults)"),
    "lecture.present_toggle": ("演示模式（投影仪）", "Presenter mode (projector)"),
    "lecture.present_help": (
        "放大字体和图表并隐藏页眉；也可以在任意网址后加 ?present=1&hide=sidebar,share 。",
        "Enlarges fonts and charts and hides the header; or add ?present=1&hide=sidebar,share to any URL.",
    ),
    "lecture.present_link": ("演示模式网址：", "Presenter URL:"),
    # the steps: what to notice (curated presets)
    "lecture.s.history": (
        "从 1943 年的 McCulloch–Pitts 神经元到 2018 年的 BERT：点一个里程碑，打开演示它的页面；最后看 BERT 在 GLUE 上的成绩表。",
        "From the McCulloch–Pitts neuron (1943) to BERT (2018): click a milestone to open the page that plays with it; at the end, BERT's scores in the GLUE table.",
    ),
    "lecture.s.neuron": (
        "McCulloch–Pitts 神经元用阈值算出 AND / OR / NOT；感知机在线性可分的数据上收敛，在 XOR 上永远停不下来——所以需要多层。",
        "The McCulloch–Pitts neuron computes AND / OR / NOT with a threshold; the perceptron converges on separable data and never settles on XOR — that is why we need layers.",
    ),
    "lecture.s.activations": (
        "一个神经元：加权和 + 偏置，再过激活函数。拖动 w 和 b，看输出怎样转动和平移；再比较 ReLU、sigmoid、tanh "
        "和它们的导数：训练看到的是导数，sigmoid 的导数最大只有 0.25。",
        "One neuron: a weighted sum plus a bias, then an activation. Drag w and b and watch the output turn "
        "and shift; then compare ReLU, sigmoid, tanh and their derivatives: training sees the derivative, "
        "and sigmoid's is at most 0.25.",
    ),
    "lecture.s.ff_circle": (
        "圆形数据，只有 4 个隐藏神经元：每个神经元贡献一条直线，组合起来就能围成一个圈。",
        "The circle with only 4 hidden neurons: each neuron contributes one line, and together they enclose the circle.",
    ),
    "lecture.s.ff_xor": (
        "异或（XOR）：一条直线分不开，一个有 2 个神经元的隐藏层就够了。",
        "XOR: no single line separates it, yet one hidden layer of 2 neurons is enough.",
    ),
    "lecture.s.ff_spiral": (
        "螺旋：两层、每层 24 个 tanh 神经元。按播放，看决策边界一点点卷起来，测试损失跟着下降。"
        "把每层改成 8 个再用“新的初始权重”多试几次：近一半的初始化停在 90–95 % 之间——宽一些的网络更容易训练。",
        "The spiral: two layers of 24 tanh neurons. Press Play and watch the boundary curl up while the test loss falls. "
        "Make it 8 per layer and try “new initial weights” a few times: nearly half of them stall between 90 and 95 % — a wider net is easier to train.",
    ),
    "lecture.s.gd": (
        "梯度下降 W ← W − η∇L(W)：学习率太小走不动，太大来回震荡甚至发散。",
        "Gradient descent W ← W − η∇L(W): too small a learning rate barely moves, too large oscillates or diverges.",
    ),
    "lecture.s.backprop": (
        "反向传播：从后往前算，每个乘积只算一次，再被前面的层重复使用。",
        "Backpropagation: computed back to front, each product once, then reused by the layers before it.",
    ),
    "lecture.s.gradflow": (
        "同样的连乘解释了梯度消失和爆炸：看每一层的梯度范数怎样随深度变化。",
        "The same products explain vanishing and exploding gradients: watch each layer's gradient norm change with depth.",
    ),
    "lecture.s.conv": (
        "卷积：稀疏连接、参数共享；把输入平移一下，输出也跟着平移（平移等变）。",
        "Convolution: sparse connections, shared parameters; shift the input and the output shifts too (equivariance).",
    ),
    "lecture.s.cnn": (
        "完整的 CNN：卷积 → 非线性 → 池化 → … → 全连接 → softmax，在真实手写数字上训练。",
        "A whole CNN: conv → nonlinearity → pool → … → dense → softmax, trained on real handwritten digits.",
    ),
    "lecture.s.losses": (
        "输出层与损失：回归用线性输出和均方误差，分类用 sigmoid / softmax 和交叉熵；比较两种损失在错误很大时的梯度。",
        "Output layer and loss: a linear output with mean squared error for regression, sigmoid / softmax with "
        "cross-entropy for classification; compare their gradients when the prediction is badly wrong.",
    ),
    "lecture.s.backprop_mlp": (
        "多个神经元时，δ 从输出层一层层往回传：δ⁽ˡ⁾ = g′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾，每一步都和 autograd 对照。",
        "With many neurons the δs travel back layer by layer: δ⁽ˡ⁾ = g′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾, each step "
        "checked against autograd.",
    ),
    "lecture.s.conv_props": (
        "卷积的三个性质：稀疏连接、参数共享带来的平移等变，以及池化带来的近似平移不变。",
        "Three properties of convolution: sparse connections, translation equivariance from shared weights, and "
        "the approximate invariance pooling adds.",
    ),
    "lecture.s.cnn_shift": (
        "为什么用 CNN：参数一样多的 CNN 和全连接网络训练同样久，把测试图像平移几个像素，看谁更稳。",
        "Why CNNs: a CNN and a fully connected net with as many parameters, trained equally long; shift the test "
        "images a few pixels and see which one holds up.",
    ),
    "lecture.s.rnn": (
        "循环网络 h_t = g(W_xh x_t + W_hh h_{t−1} + b)：同一组权重用在每个时间步；比较 RNN、LSTM 和 GRU 的学习曲线。",
        "A recurrent net h_t = g(W_xh x_t + W_hh h_{t−1} + b): the same weights at every time step; compare the "
        "learning curves of RNN, LSTM and GRU.",
    ),
    "lecture.s.rnn_inside": (
        "把网络按时间展开，再看 LSTM 内部：遗忘门、输入门和输出门如何随序列开关，细胞状态如何保存信息。",
        "Unroll the network in time, then look inside the LSTM: how the forget, input and output gates open and "
        "close along the sequence, and how the cell state keeps information.",
    ),
    "lecture.s.rnn_gradients": (
        "随时间反向传播：W_hh 一再相乘，梯度随步数消失或爆炸；梯度裁剪能挡住爆炸，LSTM 的细胞状态能缓解消失。",
        "Backpropagation through time: W_hh multiplied again and again makes gradients vanish or explode with the "
        "number of steps; clipping stops the explosion, the LSTM's cell state eases the vanishing.",
    ),
    "lecture.s.ae": (
        "自编码器把 x 压缩成编码 h 再重建：看重建图像和二维编码空间随训练变化，再试去噪和稀疏自编码器。",
        "An autoencoder squeezes x into a code h and rebuilds it: watch the reconstructions and the 2-D code space "
        "change while it trains, then try the denoising and sparse variants.",
    ),
    "lecture.s.ae_pca": (
        "线性自编码器学到的正是 PCA 的主子空间；非线性的能做得更好。重建误差还能用来发现异常样本。",
        "A linear autoencoder learns exactly PCA's principal subspace; a nonlinear one can do better. The "
        "reconstruction error also finds anomalies.",
    ),
    # one sentence per chapter for pages without a curated step
    "lecture.chapter.history": (
        "从 1943 年的神经元到 BERT：每个里程碑解决了前一个的什么问题？",
        "From the 1943 neuron to BERT: what did each milestone fix in the one before?",
    ),
    "lecture.chapter.ff": (
        "前馈网络：层层加权求和再激活；看每一层把输入空间怎样弯折。",
        "Feedforward networks: weighted sums and activations, layer by layer; watch how each layer bends the input space.",
    ),
    "lecture.chapter.training": (
        "训练就是沿着负梯度走：看损失、梯度和学习率三者的关系。",
        "Training walks down the negative gradient: watch the loss, the gradient and the learning rate together.",
    ),
    "lecture.chapter.cnn": (
        "卷积网络：同一个卷积核扫过整幅图，特征图记录它在哪里找到了图案。",
        "CNNs: one kernel sweeps the whole image; the feature map records where it found its pattern.",
    ),
    "lecture.chapter.rnn": (
        "循环网络：同一组权重在每个时间步重复使用；W_hh 一再相乘，梯度就会消失或爆炸，LSTM 的门控解决这个问题。",
        "RNNs: the same weights at every time step; W_hh multiplied again and again makes gradients vanish or explode, and the LSTM's gates fix it.",
    ),
    "lecture.chapter.ae": (
        "自编码器：编码器把 x 压成 h，解码器再还原；瓶颈越窄，h 越要保留最重要的信息。",
        "Autoencoders: the encoder squeezes x into h, the decoder rebuilds it; the narrower the bottleneck, the more h must keep what matters.",
    ),
}
