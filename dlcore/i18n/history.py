"""History chapter (timeline, GLUE, McCulloch–Pitts, perceptron) and the neuron pages
(artificial neuron, activations, losses)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation
    "history.nav.timeline": ("深度学习简史", "Timeline"),
    "history.nav.neuron": ("MP 神经元与感知机", "MP neuron & perceptron"),
    "history.nav.activations": ("人工神经元与激活函数", "Neuron & activations"),
    "history.nav.losses": ("输出层以及损失函数", "Output layer & losses"),
    # timeline page
    "history.title": ("⏳ 深度学习简史", "⏳ A short history of deep learning"),
    "history.lead": (
        "深度学习的主要思想——神经元、梯度下降、反向传播、卷积、循环网络——已经存在了几十年。"
        "点击时间线上的一个点，看看是谁、提出了什么，并打开本应用中可以亲手玩一玩它的页面。",
        "The main ideas of deep learning — neurons, gradient descent, backpropagation, convolution, "
        "recurrent networks — are decades old. Click a dot on the timeline to see who introduced "
        "what, and open the page of this app where you can play with it.",
    ),
    "history.track.neuron": ("神经元", "Neurons"),
    "history.track.learning": ("梯度与反向传播", "Gradients & backprop"),
    "history.track.vision": ("视觉与生成", "Vision & generation"),
    "history.track.sequence": ("序列与语言", "Sequences & language"),
    "history.track.scale": ("数据与算力", "Data & compute"),
    "history.track.impact": ("影响", "Impact"),
    "history.timeline_help": (
        "拖动可平移，点击一个点即可在下方查看详情。",
        "Drag to pan; click a dot to show its details below.",
    ),
    "history.pick": ("里程碑", "Milestone"),
    "history.prev": ("◀ 上一个", "◀ Previous"),
    "history.next": ("下一个 ▶", "Next ▶"),
    "history.who": ("人物：", "Who:"),
    "history.see_glue": ("👇 见下方的 GLUE 表格与图表。", "👇 See the GLUE table and chart below."),
    "history.play_with": ("动手试试：{page}", "Play with it: {page}"),
    "history.page.neuron": ("MP 神经元与感知机", "MP neuron & perceptron"),
    "history.page.ff": ("前馈神经网络", "Feedforward networks"),
    "history.page.gd": ("梯度下降", "Gradient descent"),
    "history.page.backprop": ("反向传播：一条链", "Backprop: a chain"),
    "history.page.backprop_mlp": ("反向传播：多个神经元", "Backprop: many neurons"),
    "history.page.conv": ("卷积", "Convolution"),
    "history.page.rnn_inside": ("RNN 与 LSTM 的内部", "Inside RNNs and LSTMs"),
    "history.page.cnn": ("卷积神经网络", "Convolutional networks"),
    "history.page.rnn": ("循环神经网络", "Recurrent networks"),
    "history.page.ae": ("自编码器", "Autoencoders"),
    "history.no_page": (
        "这是一个里程碑事件，没有单独的互动页面。",
        "A milestone event; there is no separate interactive page for it.",
    ),
    "history.all": ("全部里程碑（列表）", "All milestones (list)"),
    "history.decades": (
        "这些技术已经存在数十年，但是深度学习直到近些年才真正受到大家的关注：大量的数据（ImageNet）"
        "和 GPU 算力让深层网络终于可以训练起来。",
        "These techniques have existed for decades, but deep learning only drew wide attention in "
        "recent years: large datasets (ImageNet) and GPU compute finally made deep networks trainable.",
    ),
    # milestones
    "history.ms.mcculloch_pitts.title": ("McCulloch–Pitts 神经元", "McCulloch–Pitts neuron"),
    "history.ms.mcculloch_pitts.what": (
        "第一个神经元的数学模型：二值输入加权求和，超过阈值就“放电”输出 1。"
        "这样的阈值单元可以计算与（AND）、或（OR）、非（NOT），但权重是人工设定的，不会学习。",
        "The first mathematical model of a neuron: binary inputs are weighted and summed, and the "
        "unit “fires” (outputs 1) when the sum reaches a threshold. Such threshold units compute "
        "AND, OR and NOT — but their weights are set by hand; they do not learn.",
    ),
    "history.ms.perceptron.title": ("感知机", "Perceptron"),
    "history.ms.perceptron.what": (
        "第一个会从样本中学习权重的神经元：每分错一个样本，就把权重朝这个样本的方向挪一步。"
        "数据线性可分时保证收敛；但它无法学会异或（XOR）。",
        "The first neuron that learns its weights from examples: each misclassified sample moves "
        "the weights towards it. It provably converges when the data are linearly separable — and "
        "it cannot learn XOR.",
    ),
    "history.ms.kelley.title": ("梯度法（最优飞行路径）", "Gradient method (optimal flight paths)"),
    "history.ms.kelley.what": (
        "《Gradient Theory of Optimal Flight Paths》：沿局部梯度方向逐步下降（最速下降法）来构造"
        "一系列越来越好的飞行路径——梯度下降与反向传播思想的早期来源之一。",
        "“Gradient Theory of Optimal Flight Paths”: build better and better flight paths by "
        "stepping along the local gradient (steepest descent) — one early source of gradient "
        "descent and of the backpropagation idea.",
    ),
    "history.ms.werbos.title": ("Werbos 的博士论文", "Werbos's PhD thesis"),
    "history.ms.werbos.what": (
        "《Beyond Regression》（哈佛大学博士论文，1974 年完成、1975 年授予学位）：第一次提出用"
        "反向传播来训练多层神经网络。",
        "“Beyond Regression” (Harvard PhD thesis, written 1974, degree 1975): the first proposal "
        "to train multi-layer neural networks by backpropagation.",
    ),
    "history.ms.neocognitron.title": ("Neocognitron（CNN 的雏形）", "Neocognitron (CNN precursor)"),
    "history.ms.neocognitron.what": (
        "受视觉皮层启发的层次网络：局部感受野、共享的特征检测器、逐层汇聚——卷积神经网络的雏形。",
        "A hierarchical network inspired by the visual cortex: local receptive fields, shared "
        "feature detectors and pooling layer after layer — the precursor of CNNs.",
    ),
    "history.ms.hopfield.title": ("Hopfield 网络（早期的 RNN）", "Hopfield network (early RNN)"),
    "history.ms.hopfield.what": (
        "带反馈连接的网络，状态不断更新直到稳定在一个“记忆”上：早期的循环神经网络。",
        "A network with feedback connections whose state keeps updating until it settles on a "
        "stored “memory”: an early recurrent neural network.",
    ),
    "history.ms.backprop.title": ("反向传播", "Backpropagation"),
    "history.ms.backprop.what": (
        "《Learning representations by back-propagating errors》：用反向传播训练带隐藏层的网络，"
        "隐藏单元学到了有用的内部表示。这让多层感知机真正流行起来。",
        "“Learning representations by back-propagating errors”: networks with hidden layers "
        "trained by backpropagation learn useful internal representations. This made multi-layer "
        "perceptrons practical and popular.",
    ),
    "history.ms.lenet.title": ("LeNet", "LeNet"),
    "history.ms.lenet.what": (
        "用反向传播训练的卷积网络，识别手写邮政编码数字；后来的 LeNet-5 成为 CNN 的经典结构。",
        "A convolutional network trained by backpropagation to read handwritten zip-code digits; "
        "its successor LeNet-5 became the classic CNN architecture.",
    ),
    "history.ms.lstm.title": ("LSTM", "LSTM"),
    "history.ms.lstm.what": (
        "长短期记忆网络：用细胞状态和门（遗忘门、输入门、输出门）让梯度可以跨越很多时间步，"
        "缓解了 RNN 的梯度消失。",
        "Long short-term memory: a cell state and gates (forget, input, output) let gradients "
        "flow across many time steps, easing the RNN's vanishing gradients.",
    ),
    "history.ms.imagenet.title": ("ImageNet 数据集", "ImageNet dataset"),
    "history.ms.imagenet.what": (
        "上千万张带标注的图片、上万个类别。我们每分每秒都在产生大量的数据——深度网络终于有了足够的数据。",
        "Millions of labelled images in thousands of categories. We produce huge amounts of data "
        "every second — deep networks finally had enough of it.",
    ),
    "history.ms.gpu_ilsvrc.title": ("GPU 与 ILSVRC（AlexNet）", "GPUs and ILSVRC (AlexNet)"),
    "history.ms.gpu_ilsvrc.what": (
        "GPU 开始被用来训练神经网络。在 ImageNet 大规模视觉识别挑战赛（ILSVRC）上，"
        "用两块 GPU 训练的深层卷积网络 AlexNet 大幅领先，深度学习从此受到广泛关注。",
        "GPUs started to be used to train neural networks. At the ImageNet Large Scale Visual "
        "Recognition Challenge (ILSVRC), AlexNet — a deep CNN trained on two GPUs — won by a wide "
        "margin, and deep learning took off.",
    ),
    "history.ms.gan.title": ("生成对抗网络 GANs", "GANs"),
    "history.ms.gan.what": (
        "生成对抗网络（Generative Adversarial Networks）中，生成器与判别器相互博弈：生成逼真的图片，"
        "以及基于 GANs 的风格转换。"
        "在本应用的 GAN 页面上，可以在二维的点上亲手训练一个。",
        "In generative adversarial networks a generator and a discriminator play against each "
        "other: realistic generated images and "
        "GAN-based style transfer. On this app's GAN page you train one yourself, on 2-D points.",
    ),
    "history.ms.alphago.title": ("AlphaGo", "AlphaGo"),
    "history.ms.alphago.what": (
        "深度神经网络（策略网络与价值网络）加上搜索与强化学习，战胜最顶尖的人类围棋手。",
        "Deep neural networks (policy and value networks) with search and reinforcement learning "
        "defeat the best human Go players.",
    ),
    "history.ms.bert.title": ("BERT 与 GLUE", "BERT on GLUE"),
    "history.ms.bert.what": (
        "在大量文本上预训练的 Transformer 编码器，只需微调就在 GLUE 的全部任务上刷新了最好成绩。",
        "A Transformer encoder pre-trained on large amounts of text; after fine-tuning it set new "
        "best scores on every GLUE task.",
    ),
    "history.ms.turing.title": ("图灵奖", "Turing Award"),
    "history.ms.turing.what": (
        "ACM 图灵奖授予 Bengio、Hinton 与 LeCun——“深度学习革命之父”（Fathers of the Deep "
        "Learning Revolution）。",
        "The ACM A.M. Turing Award goes to Bengio, Hinton and LeCun — the “Fathers of the Deep "
        "Learning Revolution”.",
    ),
    # GLUE
    "history.glue.header": ("BERT 在 GLUE 上的成绩", "BERT on the GLUE benchmark"),
    "history.glue.lead": (
        "课程中的表格（BERT 论文表 1）：五个系统在八个语言理解任务上的测试成绩，"
        "任务名下方是训练样本数。可以切换视图、按任务排序、选择要比较的系统。",
        "The lecture's table (BERT paper, Table 1): five systems on eight language-understanding "
        "tasks, test scores; below each task, its number of training examples. Switch the view, "
        "sort the tasks, pick the systems to compare.",
    ),
    "history.glue.view": ("视图", "View"),
    "history.glue.view.bars": ("柱状图", "Bars"),
    "history.glue.view.heatmap": ("热力图", "Heatmap"),
    "history.glue.sort": ("任务排序", "Order tasks by"),
    "history.glue.sort.lecture": ("课程中的顺序", "the lecture's order"),
    "history.glue.sort.size": ("训练集大小（小→大）", "training-set size (small → large)"),
    "history.glue.sort.gain": (
        "BERT-large 相对旧 SOTA 的提升",
        "BERT-large's gain over the old SOTA",
    ),
    "history.glue.sort.score": ("某个系统的分数", "one system's score"),
    "history.glue.by_system": ("按哪个系统的分数", "Score of system"),
    "history.glue.systems": ("比较的系统", "Systems to compare"),
    "history.glue.none": ("请至少选择一个系统。", "Pick at least one system."),
    "history.glue.score": ("分数", "Score"),
    "history.glue.col_system": ("系统", "System"),
    "history.glue.col_average": ("平均", "Average"),
    "history.glue.avg_bert": (
        "BERT-large 平均分（相对旧 SOTA）",
        "BERT-large average (vs old SOTA)",
    ),
    "history.glue.avg_gpt": (
        "OpenAI GPT 平均分（相对旧 SOTA）",
        "OpenAI GPT average (vs old SOTA)",
    ),
    "history.glue.best_gain": ("BERT-large 提升最大的任务", "Task with BERT-large's largest gain"),
    "history.glue.notice": (
        "BERT-large 在每个任务上都是最好的。注意训练集最小的几个任务（CoLA、RTE）："
        "预训练让模型在少量标注数据上也能学好。",
        "BERT-large is best on every task. Look at the tasks with the smallest training sets "
        "(CoLA, RTE): pre-training lets a model learn well from few labelled examples.",
    ),
    "history.glue.caption": (
        "GLUE 测试集成绩（评测服务器打分）。QQP 与 MRPC 为 F1，STS-B 为 Spearman 相关系数，"
        "其余为准确率；“平均”不含有问题的 WNLI，因此与官方 GLUE 分数略有不同。",
        "GLUE test results, scored by the evaluation server. F1 for QQP and MRPC, Spearman "
        "correlation for STS-B, accuracy for the others; the “Average” excludes the problematic "
        "WNLI set, so it differs slightly from the official GLUE score.",
    ),
    # McCulloch–Pitts
    "history.neuron.title": (
        "🧩 MP 神经元与感知机",
        "🧩 McCulloch–Pitts neuron and the perceptron",
    ),
    "history.mp.header": ("McCulloch–Pitts 神经元（1943）", "The McCulloch–Pitts neuron (1943)"),
    "history.mp.lead": (
        "输入是 0 或 1，每个输入乘以一个权重后求和；和达到阈值 θ 时输出 1，否则输出 0。"
        "选一个逻辑门，调整权重与阈值，看真值表里每一行是否都算对了。",
        "Inputs are 0 or 1; each is multiplied by a weight and the products are summed; the unit "
        "outputs 1 when the sum reaches the threshold θ, else 0. Pick a logic gate, move the "
        "weights and the threshold, and check every row of the truth table.",
    ),
    "history.mp.gate": ("逻辑门", "Logic gate"),
    "history.gate.and": ("与 AND", "AND"),
    "history.gate.or": ("或 OR", "OR"),
    "history.gate.not": ("非 NOT", "NOT"),
    "history.gate.nand": ("与非 NAND", "NAND"),
    "history.gate.xor": ("异或 XOR", "XOR"),
    "history.mp.target": ("目标", "target"),
    "history.mp.ok_col": ("正确？", "correct?"),
    "history.mp.all_ok": (
        "✅ 这个阈值单元正确地计算了 {gate}。",
        "✅ This threshold unit computes {gate}.",
    ),
    "history.mp.some_wrong": ("{n} 行中只有 {ok} 行正确。", "Only {ok} of {n} rows are right."),
    "history.mp.xor_hint": (
        "异或要求 (0,1) 和 (1,0) 输出 1，而 (0,0) 和 (1,1) 输出 0。试着调一调：总有一行是错的。",
        "XOR needs 1 at (0,1) and (1,0) but 0 at (0,0) and (1,1). Try the sliders: some row is "
        "always wrong.",
    ),
    "history.mp.target1": ("目标 = 1", "target = 1"),
    "history.mp.target0": ("目标 = 0", "target = 0"),
    "history.mp.fig_caption": (
        "蓝色区域是单元“放电”（Σwᵢxᵢ ≥ θ）的地方，虚线是 Σwᵢxᵢ = θ。一个阈值单元只能用一条直线把平面分成两半。",
        "The blue region is where the unit fires (Σwᵢxᵢ ≥ θ); the dashed line is Σwᵢxᵢ = θ. One "
        "threshold unit can only cut the plane in two with a straight line.",
    ),
    "history.mp.search": (
        "🔍 搜索权重网格：一个阈值单元最多能做对几行？",
        "🔍 Search the weight grid: how many rows can one threshold unit get right?",
    ),
    "history.mp.search_result": (
        "在 w₁, w₂, θ ∈ {{−2, −1.75, …, 2}} 的全部组合中，{gate} 最多做对 **{best} / {n}** 行"
        "（共 {count} 个组合达到这个成绩）。",
        "Over every w₁, w₂, θ ∈ {{−2, −1.75, …, 2}}, the best any unit does on {gate} is "
        "**{best} / {n}** rows ({count} settings reach it).",
    ),
    "history.mp.use_best": (
        "使用其中一个：w₁={w1:g}, w₂={w2:g}, θ={theta:g}",
        "Use one of them: w₁={w1:g}, w₂={w2:g}, θ={theta:g}",
    ),
    "history.mp.correct": ("正确行数", "rows right"),
    "history.mp.search_title": ("对每个 (w₁, w₂) 取最好的 θ", "Best θ for each (w₁, w₂)"),
    "history.mp.why_xor": (
        "没有任何一条直线能把 (0,1)、(1,0) 与 (0,0)、(1,1) 分开，所以单个阈值单元（也包括感知机）"
        "学不会异或。解决办法是加一个隐藏层——见“前馈神经网络”。",
        "No straight line separates (0,1), (1,0) from (0,0), (1,1), so no single threshold unit — "
        "perceptron included — computes XOR. The fix is a hidden layer: see “Feedforward networks”.",
    ),
    # perceptron
    "history.pc.header": (
        "感知机（Rosenblatt, 1958），实时学习",
        "The perceptron (Rosenblatt, 1958), live",
    ),
    "history.pc.lead": (
        "感知机一次看一个样本：分对了什么也不做；分错了就把权重向量 w 朝 y·x 的方向挪一步，"
        "于是决策边界（w·x + b = 0）随之转动。单步或播放，看它什么时候停下来。",
        "The perceptron looks at one sample at a time: if it is right, nothing happens; if it is "
        "wrong, the weight vector w moves by η·y·x, and the boundary w·x + b = 0 turns with it. "
        "Step or play and watch when it stops.",
    ),
    "history.pc.data": ("数据", "Data"),
    "history.pc.kind.separable": ("线性可分", "linearly separable"),
    "history.pc.kind.nearly": ("几乎可分（少量噪声）", "nearly separable (some noise)"),
    "history.pc.kind.xor": ("异或 XOR", "XOR"),
    "history.pc.n": ("样本数", "Points"),
    "history.pc.lr": ("学习率 η", "Learning rate η"),
    "history.pc.lr_help": (
        "从 w = 0 开始时，η 只会按比例缩放 w 和 b：分错的样本序列、边界和收敛所需的更新次数都与 η 无关。",
        "Starting from w = 0, η only scales w and b: the sequence of mistakes, the boundary and the "
        "number of updates to converge do not depend on η.",
    ),
    "history.pc.regen": ("🎲", "🎲"),
    "history.pc.regen_help": ("重新生成数据点", "Regenerate the points"),
    "history.pc.step_update": ("单步（到下一次更新）", "Step (to the next update)"),
    "history.pc.start": (
        "w = 0, b = 0：还没有看任何样本。点击“单步”或“播放”。",
        "w = 0, b = 0: no sample seen yet. Click Step or Play.",
    ),
    "history.pc.sample": (
        "样本 #{i}：x = ({x1:.2f}, {x2:.2f})，y = {y}，w·x + b = {a:.3f}。",
        "Sample #{i}: x = ({x1:.2f}, {x2:.2f}), y = {y}, w·x + b = {a:.3f}.",
    ),
    "history.pc.mistake": (
        "**分错了**（y(w·x + b) ≤ 0）→ 更新：",
        "**Mistake** (y(w·x + b) ≤ 0) → update:",
    ),
    "history.pc.correct": ("分对了，权重不变。", "Correct — the weights stay."),
    "history.pc.epoch": ("轮次", "Epoch"),
    "history.pc.seen": ("已看样本", "Samples seen"),
    "history.pc.updates": ("更新次数", "Updates"),
    "history.pc.errors_now": ("当前分错的点", "Points wrong now"),
    "history.pc.pos": ("y = +1", "y = +1"),
    "history.pc.neg": ("y = −1", "y = −1"),
    "history.pc.boundary": ("决策边界", "boundary"),
    "history.pc.before": ("更新前的边界", "boundary before the update"),
    "history.pc.current": ("当前样本", "current sample"),
    "history.pc.mistakes_title": ("每轮分错的次数", "Mistakes per epoch"),
    "history.pc.mistakes": ("分错次数", "mistakes"),
    "history.pc.novikoff": (
        "Novikoff 定理：从 w = 0 开始，更新次数 ≤ (R/γ)² = ({r:.2f}/{gamma:.3f})² ≈ {bound:.0f}；"
        "目前 {k} 次。",
        "Novikoff's theorem: from w = 0, updates ≤ (R/γ)² = ({r:.2f}/{gamma:.3f})² ≈ {bound:.0f}; "
        "so far {k}.",
    ),
    "history.pc.not_separable": (
        "这些点不是线性可分的：感知机不会停下来。",
        "These points are not linearly separable: the perceptron will not stop.",
    ),
    "history.pc.converged": (
        "✅ 收敛了：第 {epochs} 轮没有任何错误（共更新 {updates} 次）。",
        "✅ Converged: epoch {epochs} had no mistake ({updates} updates in all).",
    ),
    "history.pc.cycling": (
        "已经 {epochs} 轮了，每一轮仍然有错误（最少 {least} 次）：没有任何直线能分开异或，"
        "感知机只会不停地转圈。我们需要隐藏层。",
        "{epochs} epochs and every one still has mistakes (at least {least}): no line separates "
        "XOR, so the perceptron keeps cycling. We need hidden layers.",
    ),
    "history.pc.to_ff": (
        "用多层网络解决异或 → 前馈神经网络",
        "Solve XOR with layers → Feedforward networks",
    ),
    "history.pc.max_epochs": (
        "已到 {n} 轮上限，播放停止。",
        "Reached the limit of {n} epochs; play stopped.",
    ),
    # artificial neuron
    "history.act.title": (
        "⚡ 人工神经元与激活函数",
        "⚡ The artificial neuron and activation functions",
    ),
    "history.neuron.header": ("人工神经元", "The artificial neuron"),
    "history.neuron.lead": (
        "一个神经元把输入加权求和再加上偏置，得到 z，然后经过激活函数 f 得到输出 a。"
        "拖动滑块，看输出在整个二维输入平面上如何变化。",
        "A neuron takes a weighted sum of its inputs plus a bias, z, and passes it through an "
        "activation function f to give its output a. Move the sliders and watch the output over "
        "the whole 2-D input plane.",
    ),
    "history.neuron.activation": ("激活函数 f", "Activation f"),
    "history.neuron.span": ("输入范围 ±", "Input range ±"),
    "history.neuron.span_help": (
        "画出的输入平面是 [−范围, 范围]²；试试很大的输入。",
        "The plotted plane is [−range, range]²; try huge inputs.",
    ),
    "history.neuron.point_help": (
        "黄色点的位置（占输入范围的比例）。",
        "Where the yellow point is (as a fraction of the input range).",
    ),
    "history.neuron.point": ("输入点", "input point"),
    "history.neuron.explain": (
        "等高线与直线 w₁x₁ + w₂x₂ + b = 0 平行：一个神经元只能沿着 w 的方向变化。w 越长，过渡越陡；"
        "b 把它平移。",
        "The contours are parallel to the line w₁x₁ + w₂x₂ + b = 0: a single neuron only changes "
        "along the direction of w. A longer w makes the transition steeper; b shifts it.",
    ),
    "history.neuron.zero_w": (
        "w = 0：输出与输入无关，整个平面都是 f(b)。",
        "w = 0: the output ignores the input; the whole plane is f(b).",
    ),
    "history.neuron.linear_note": (
        "线性激活：输出就是 z 本身，没有任何非线性。",
        "Linear activation: the output is z itself, no non-linearity.",
    ),
    # activation explorer
    "history.act.header": ("激活函数", "Activation functions"),
    "history.act.lead": (
        "课程中的 ReLU、sigmoid 和 tanh，以及 Leaky ReLU、ELU、GELU、softplus 和线性函数。"
        "实线是函数，虚线是导数——训练时反向传播看到的正是导数。灰色区域是“饱和区”：导数几乎为 0，梯度在这里停滞。",
        "The lecture's ReLU, sigmoid and tanh, plus leaky ReLU, ELU, GELU, softplus and linear. "
        "Solid: the function; dashed: its derivative — what backpropagation sees during training. "
        "Grey: saturation regions, where the derivative is almost 0 and gradients stall.",
    ),
    "history.act.choose": ("选择激活函数", "Activations"),
    "history.act.range": ("输入范围 ±z", "Input range ±z"),
    "history.act.range_help": ("横轴从 −z 到 z。", "The horizontal axis runs from −z to z."),
    "history.act.eps": ("饱和阈值 ε", "Saturation threshold ε"),
    "history.act.eps_help": (
        "|f′(z)| < ε 的区域标为饱和。",
        "Regions with |f′(z)| < ε are marked saturated.",
    ),
    "history.act.none": ("请至少选择一个激活函数。", "Pick at least one activation."),
    "history.act.saturated": ("饱和区 |f′| < ε", "saturated |f′| < ε"),
    "history.act.sat_share": (
        "当前范围内 {share:.0f}% 处于饱和（|f′| < {eps:g}）。",
        "{share:.0f}% of this range is saturated (|f′| < {eps:g}).",
    ),
    "history.act.all_grads": (
        "导数放在一起比较：sigmoid 的导数最大只有 0.25，很多层相乘后梯度会迅速变小。",
        "The derivatives side by side: sigmoid's is at most 0.25, so a product over many layers "
        "shrinks fast.",
    ),
    "history.act.compare": ("这些曲线说明了什么？", "What do these curves tell us?"),
    "history.act.compare_text": (
        "- **sigmoid / tanh**：两端都饱和，导数最大只有 0.25（sigmoid）或 1（tanh）；很多层相乘后梯度会消失。\n"
        "- **ReLU**：正半轴导数恒为 1，不会饱和；负半轴导数为 0（“死亡 ReLU”）。\n"
        "- **Leaky ReLU / ELU / GELU / softplus**：在负半轴保留一点梯度，是对 ReLU 的平滑或修补。\n"
        "- **线性**：导数恒为 1，但多层线性叠加仍然是线性的——没有激活函数，深度毫无意义。",
        "- **sigmoid / tanh** saturate on both sides; their derivative is at most 0.25 (sigmoid) or "
        "1 (tanh), and products of many of them make gradients vanish.\n"
        "- **ReLU** has derivative 1 for every positive input — no saturation there — and 0 for "
        "negative inputs (“dead ReLUs”).\n"
        "- **Leaky ReLU / ELU / GELU / softplus** keep some gradient for negative inputs: smoothed "
        "or patched ReLUs.\n"
        "- **linear** has derivative 1, but stacked linear layers are still linear — without an "
        "activation, depth buys nothing.",
    ),
    # losses
    "history.loss.title": ("🎯 输出层以及损失函数", "🎯 The output layer and loss functions"),
    "history.loss.lead": (
        "损失函数衡量预测与真实标签差多远；训练就是让所有训练样本的平均损失 L(W) 变小。",
        "A loss measures how far a prediction is from the true label; training makes the average "
        "loss over the training samples, L(W), small.",
    ),
    "history.loss.squared": ("平方损失", "Squared loss"),
    "history.loss.ce": ("交叉熵损失", "Cross-entropy loss"),
    "history.loss.notation": (
        "按课程的记号：ŷ 是真实标签（独热编码），z 是 softmax 输出的概率，上标 (i) 表示第 i 个训练样本。",
        "In the lecture's notation: ŷ is the true (one-hot) label, z the softmax output "
        "probabilities, and the superscript (i) the i-th training sample.",
    ),
    "history.loss.curves_header": ("为什么分类用交叉熵？", "Why cross-entropy for classification?"),
    "history.loss.curves_lead": (
        "一个 sigmoid 输出 p = σ(a) 预测真实类别（标签为 1）的概率。比较平方损失 (1 − p)² 与交叉熵 −log p："
        "左图是损失，右图是对 a 的梯度大小——训练真正用到的量。",
        "A sigmoid output p = σ(a) predicts the probability of the true class (label 1). Compare "
        "the squared loss (1 − p)² with the cross-entropy −log p: left, the loss; right, the size of "
        "its gradient with respect to a — what training actually uses.",
    ),
    "history.loss.p": ("预测的真实类别概率 p", "Predicted probability of the true class p"),
    "history.loss.p_help": (
        "p 接近 0 表示“非常自信地预测错了”。",
        "p near 0 means confidently wrong.",
    ),
    "history.loss.mse_name": ("sigmoid + 平方损失", "sigmoid + squared loss"),
    "history.loss.ce_name": ("sigmoid + 交叉熵", "sigmoid + cross-entropy"),
    "history.loss.loss_vs_p": ("损失 ℓ 与 p", "Loss ℓ against p"),
    "history.loss.grad_vs_p": ("梯度大小 |∂ℓ/∂a| 与 p", "Gradient size |∂ℓ/∂a| against p"),
    "history.loss.p_axis": ("预测概率 p", "predicted probability p"),
    "history.loss.m_mse": ("平方损失", "Squared loss"),
    "history.loss.m_ce": ("交叉熵", "Cross-entropy"),
    "history.loss.m_mse_grad": ("∂ℓ/∂a（平方损失）", "∂ℓ/∂a (squared)"),
    "history.loss.m_ce_grad": ("∂ℓ/∂a（交叉熵）", "∂ℓ/∂a (cross-entropy)"),
    "history.loss.stall": (
        "p = {p:.3f} 时预测非常自信却是错的。平方损失的梯度里有一个 σ′(a) = p(1 − p) 因子，几乎为 0，"
        "训练会停滞；交叉熵的梯度 p − 1 接近 −1，是平方损失的 {ratio:.0f} 倍——它不会停滞。",
        "At p = {p:.3f} the prediction is confidently wrong. The squared loss's gradient carries a "
        "factor σ′(a) = p(1 − p) that is almost 0, so training stalls; the cross-entropy's gradient "
        "p − 1 is close to −1, {ratio:.0f}× larger — it does not stall.",
    ),
    "history.loss.not_stall": (
        "把 p 拖到接近 0（自信地错了），比较两条梯度曲线。",
        "Drag p close to 0 (confidently wrong) and compare the two gradient curves.",
    ),
    "history.loss.softmax_header": ("Softmax 输出层", "The softmax output layer"),
    "history.loss.softmax_lead": (
        "多分类时，输出层的 logits aⱼ 经过 softmax 变成概率 zⱼ。温度 T 越小越接近 argmax（独热），"
        "越大越接近均匀分布。交叉熵对 logits 的梯度就是 z − ŷ（再除以 T）。",
        "With several classes, the output layer's logits aⱼ become probabilities zⱼ through the "
        "softmax. A small temperature T approaches argmax (one-hot), a large one the uniform "
        "distribution. The cross-entropy's gradient on the logits is simply z − ŷ (divided by T).",
    ),
    "history.loss.temp": ("温度 T", "Temperature T"),
    "history.loss.temp_help": (
        "T → 0 时 softmax 变成 argmax；数值上始终稳定。",
        "As T → 0 the softmax becomes argmax; it stays numerically stable.",
    ),
    "history.loss.class": ("类别 {j}", "class {j}"),
    "history.loss.true": ("真实类别 ŷ", "True class ŷ"),
    "history.loss.prob": ("概率 zⱼ", "probability zⱼ"),
    "history.loss.m_top": ("预测类别", "Predicted class"),
    "history.loss.cold": (
        "温度很低：softmax 几乎就是 argmax，梯度集中在少数 logits 上。",
        "Very low temperature: the softmax is nearly argmax and the gradient "
        "concentrates on few logits.",
    ),
    "history.loss.hot": (
        "温度很高：概率接近均匀分布。",
        "High temperature: the probabilities approach uniform.",
    ),
}
