"""Messages of the training chapter: gradient descent, backpropagation, gradient flow."""

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation
    "training.nav.gd": ("梯度下降", "Gradient descent"),
    "training.nav.backprop": ("反向传播：链", "Backprop: a chain"),
    "training.nav.backprop_mlp": ("反向传播：多个神经元", "Backprop: many neurons"),
    "training.nav.gradflow": ("梯度消失与爆炸", "Vanishing & exploding gradients"),
    # -- gradient descent ------------------------------------------------------------------
    "gd.title": ("梯度下降：看着损失一步步下降", "Gradient descent you can watch"),
    "gd.lead": (
        "训练就是最小化目标函数 $\\mathcal{L}(\\mathbf{W})$。这里只有两个参数 $w_1, w_2$，"
        "所以整个损失曲面可以画成等高线图：每一步沿负梯度方向走 $\\eta$ 倍的梯度长度。"
        "改变学习率 $\\eta$、起点和优化器，看路径如何变化。",
        "Training minimises the objective $\\mathcal{L}(\\mathbf{W})$. With only two parameters "
        "$w_1, w_2$ the whole loss surface fits in a contour plot: each step moves against the "
        "gradient by $\\eta$ times its length. Change the learning rate $\\eta$, the start and "
        "the optimizer and watch the path.",
    ),
    "gd.surface": ("损失曲面", "Loss surface"),
    "gd.surf.quadratic": ("二次碗（条件数 κ）", "quadratic bowl (condition number κ)"),
    "gd.surf.rosenbrock": ("Rosenbrock 香蕉谷", "Rosenbrock's banana valley"),
    "gd.surf.saddle": ("鞍点", "saddle point"),
    "gd.surf.logistic": (
        "真实损失：二维数据上的逻辑回归（2 个权重）",
        "a real loss: logistic regression with 2 weights on 2-D data",
    ),
    "gd.kappa": ("条件数 κ = λ_max / λ_min", "Condition number κ = λ_max / λ_min"),
    "gd.kappa_help": (
        "Hessian 矩阵最大与最小特征值之比。κ 越大，碗越狭长，梯度下降越“之字形”。",
        "Ratio of the Hessian's largest to smallest eigenvalue. The larger κ, the narrower "
        "the valley and the more gradient descent zig-zags.",
    ),
    "gd.mode": ("模式", "Mode"),
    "gd.mode.one": ("一个优化器", "one optimizer"),
    "gd.mode.race": ("比赛：多个优化器", "race: several optimizers"),
    "gd.race_opts": ("参赛的优化器", "Optimizers in the race"),
    "gd.race_note": (
        "所有优化器从同一起点出发，使用同一个 η（和 β）。注意 RMSProp 与 Adam 的步长约为 η，"
        "几乎与梯度大小无关。",
        "All start from the same point with the same η (and β). Note that RMSProp and Adam take "
        "steps of about η, almost regardless of the gradient's size.",
    ),
    "gd.race_empty": ("请至少选择一个优化器。", "Pick at least one optimizer."),
    "gd.optimizer": ("优化器", "Optimizer"),
    "gd.lr": ("学习率 η", "Learning rate η"),
    "gd.lr_help": (
        "每一步沿负梯度走多远。太小：爬得慢；太大：来回振荡甚至发散。",
        "How far each step goes against the gradient. Too small: a crawl; too large: "
        "oscillation or divergence.",
    ),
    "gd.beta": ("动量 β", "Momentum β"),
    "gd.steps": ("迭代次数", "Iterations"),
    "gd.click_hint": (
        "提示：点击右侧等高线图上的任意位置即可设定起点。",
        "Tip: click anywhere on the contour plot to set the start point.",
    ),
    "gd.reset_start": ("恢复默认起点", "Default start point"),
    "gd.just_below": ("η 设为略小于 2/λ_max", "Set η just below 2/λ_max"),
    "gd.just_above": ("η 设为略大于 2/λ_max", "Set η just above 2/λ_max"),
    "gd.local_eta": (
        "在最小值处 Hessian 的最大特征值 λ_max = {lam}，所以梯度下降在那附近稳定需要 η < 2/λ_max ≈ {eta}。",
        "At the minimum the Hessian's largest eigenvalue is λ_max = {lam}, so gradient descent "
        "is stable near it only for η < 2/λ_max ≈ {eta}.",
    ),
    "gd.diverged": (
        "{opt} 在第 {step} 步发散（η = {lr}）：路径离开了图的范围，计算已停止。请减小学习率。",
        "{opt} diverged at step {step} (η = {lr}): the path left the plot and the run was "
        "stopped. Use a smaller learning rate.",
    ),
    "gd.stationary": (
        "起点 ({x:.3g}, {y:.3g}) 处梯度为零（∇L = 0）：梯度下降在这里一步也不会动。{kind}",
        "The gradient is zero at the start ({x:.3g}, {y:.3g}) (∇L = 0): gradient descent never "
        "moves from here. {kind}",
    ),
    "gd.stationary.min": ("这里已经是最小值。", "This is already the minimum."),
    "gd.stationary.other": (
        "这不是最小值（例如鞍点）：把起点稍微挪开一点，看看会发生什么。",
        "It is not the minimum (a saddle point, say): move the start a little and watch.",
    ),
    "gd.log_loss": ("log₁₀ L", "log₁₀ L"),
    "gd.start": ("起点", "start"),
    "gd.minimum": ("最小值", "minimum"),
    "gd.picked": ("起点设为 ({x:.2f}, {y:.2f})", "Start set to ({x:.2f}, {y:.2f})"),
    "gd.col_opt": ("优化器", "Optimizer"),
    "gd.col_steps": ("完成的步数", "Steps done"),
    "gd.col_loss": ("最终损失", "Final loss"),
    "gd.col_w": ("最终位置 (w₁, w₂)", "Final point (w₁, w₂)"),
    "gd.col_status": ("状态", "Status"),
    "gd.status_ok": ("正常", "ok"),
    "gd.status_diverged": ("发散，已停止", "diverged, stopped"),
    "gd.loss_title": ("每次迭代的损失（对数坐标）", "Loss per iteration (log scale)"),
    "gd.step_title": ("每一步的步长 ‖Δw‖（对数坐标）", "Step size ‖Δw‖ per iteration (log scale)"),
    "gd.iter": ("迭代 n", "Iteration n"),
    "gd.note.quadratic": (
        "**要注意的：** 梯度下降在二次碗上稳定当且仅当 $\\eta < 2/\\lambda_{\\max}$。"
        "把 κ 调大：沿陡峭方向必须用小步长，于是沿平缓方向就走得极慢——这就是病态条件。"
        "动量会积累平缓方向上的速度；点“略大于”按钮，看梯度下降越过稳定界限后如何发散。"
        "比赛中动量法有自己的界限：$\\eta < 2(1+\\beta)/\\lambda_{\\max}$，"
        "Nesterov 是 $\\eta < 2(1+\\beta)/\\left((1+2\\beta)\\lambda_{\\max}\\right)$。",
        "**What to notice:** gradient descent on a quadratic is stable exactly when "
        "$\\eta < 2/\\lambda_{\\max}$. Raise κ: the steep direction forces a small step, so "
        "progress along the flat direction crawls — ill-conditioning. Momentum builds up speed "
        "along the flat direction; press “just above” to watch GD cross the limit and diverge. "
        "In a race, momentum has its own limit $\\eta < 2(1+\\beta)/\\lambda_{\\max}$, and "
        "Nesterov $\\eta < 2(1+\\beta)/\\left((1+2\\beta)\\lambda_{\\max}\\right)$.",
    ),
    "gd.note.rosenbrock": (
        "**要注意的：** 找到山谷很容易，沿着弯曲的谷底走到 (1, 1) 却很难。"
        "梯度下降需要很小的 η 才不发散；比较动量与 Adam 在谷底的速度。",
        "**What to notice:** finding the valley is easy; following its curved floor to (1, 1) "
        "is hard. Plain GD needs a tiny η to stay stable; compare how fast momentum and Adam "
        "move along the floor.",
    ),
    "gd.note.saddle": (
        "**要注意的：** 从几乎正好在 $w_2 = 0$ 的起点出发，梯度几乎只指向鞍点，"
        "梯度下降要很久才能离开鞍点（看步长曲线的低谷）；动量和 Adam 离开得快得多。",
        "**What to notice:** from a start almost exactly on $w_2 = 0$ the gradient points "
        "nearly straight at the saddle, and plain GD lingers there for a long time (see the dip "
        "in the step size); momentum and Adam escape much sooner.",
    ),
    "gd.note.logistic": (
        "**要注意的：** 这是一个真实模型的损失：80 个二维点上的逻辑回归 "
        "$\\sigma(w_1 x_1 + w_2 x_2)$ 的交叉熵（加一个很小的 L2 项）。它是凸的：每个优化器都走向同一个最小值。"
        "远离最小值时，被自信地分错的点让损失近似线性增长，所以那里的梯度大小几乎不变。",
        "**What to notice:** this is the loss of a real model — the cross-entropy of a logistic "
        "regression $\\sigma(w_1 x_1 + w_2 x_2)$ on 80 points in 2-D (plus a tiny L2 term). It "
        "is convex: every optimizer heads for the same minimum. Far from it, confidently "
        "misclassified points make the loss grow almost linearly, so the gradient there has "
        "nearly constant size.",
    ),
    # -- backprop: a chain -------------------------------------------------------------------
    "bp.title": ("反向传播：每层只有一个神经元", "Backpropagation: one neuron per layer"),
    "bp.lead": (
        "先考虑每一层只有一个神经元的情况：一条由 $k$ 个神经元组成的链。前向计算每个 $h^i$，"
        "然后**从后往前**计算梯度：括号里的乘积在相邻两层之间只差一个因子，所以每个乘积只算一次、"
        "反复使用——不需要重复计算。",
        "Start with one neuron per layer: a chain of $k$ neurons. The forward pass computes "
        "every $h^i$; the gradients are then computed **back to front**: the bracket of one "
        "layer is the next layer's bracket times one more factor, so every product is computed "
        "once and reused — nothing is computed twice.",
    ),
    "bp.k": ("神经元个数 k", "Neurons k"),
    "bp.act": ("激活函数 α", "Activation α"),
    "bp.target": ("目标 y", "Target y"),
    "bp.random": ("随机权重", "Random weights"),
    "bp.random_help": (
        "权重 wᵢ 从 U(−2, 2) 中抽取（由侧边栏的随机种子决定）；关闭后所有 wᵢ 相同。",
        "Weights wᵢ drawn from U(−2, 2) (set by the sidebar's seed); off: every wᵢ the same.",
    ),
    "bp.w_all": ("所有 wᵢ 的值", "Value of every wᵢ"),
    "bp.steps_title": ("一步一步地反向传播", "Backpropagation step by step"),
    "bp.prev": ("◀ 上一步", "◀ Back"),
    "bp.next": ("下一步 ▶", "Next step ▶"),
    "bp.all": ("全部算完", "Run to the end"),
    "bp.restart": ("从头开始", "Start over"),
    "bp.stage": ("第 {s} / {n} 步", "Step {s} of {n}"),
    "bp.stage0": (
        "前向传播完成：o = {o}，损失 L = {loss}。点击“下一步”从输出开始反向计算梯度。",
        "Forward pass done: o = {o}, loss L = {loss}. Press “Next step” to start the "
        "backward pass at the output.",
    ),
    "bp.reuse": (
        "方括号里的乘积 = 上一步（第 {nxt} 层）的方括号 × 一个新因子 ∂h^{nxt}/∂h^{r}：只多做了一次乘法。",
        "The bracket = the previous step's bracket (layer {nxt}) × one new factor "
        "∂h^{nxt}/∂h^{r}: a single extra multiplication.",
    ),
    "bp.first_bracket": (
        "最后一层：方括号里只有 ∂o/∂hᵏ = wₒ。",
        "The last layer: the bracket is just ∂o/∂hᵏ = wₒ.",
    ),
    "bp.fwd_row": ("前向值", "forward"),
    "bp.bwd_row": ("∂L/∂·", "∂L/∂·"),
    "bp.table_caption": (
        "∂hⁱ/∂hⁱ⁻¹ = α′(zⁱ)·wᵢ 是局部导数，∂o/∂hⁱ 是从输出往回的累积乘积（公式里的方括号），"
        "∂hⁱ/∂wᵢ = α′(zⁱ)·hⁱ⁻¹。“autograd” 列由 PyTorch 独立算出；“·” 表示这一步还没算到。",
        "∂hⁱ/∂hⁱ⁻¹ = α′(zⁱ)·wᵢ is the local derivative, ∂o/∂hⁱ the running product from the "
        "output back (the formula's bracket), ∂hⁱ/∂wᵢ = α′(zⁱ)·hⁱ⁻¹. The “autograd” columns "
        "are computed independently by PyTorch; “·” = not reached yet.",
    ),
    "bp.agree": (
        "✓ 手算的每一个值都与 torch.autograd 一致（最大差 {diff} < {tol}）。",
        "✓ Every hand-computed value agrees with torch.autograd (largest difference {diff} "
        "< {tol}).",
    ),
    "bp.disagree": (
        "✗ 手算值与 torch.autograd 不一致（最大差 {diff} ≥ {tol}）。",
        "✗ The hand-computed values disagree with torch.autograd (largest difference {diff} "
        "≥ {tol}).",
    ),
    "bp.vanish_hint": (
        "注意：最前面几层的梯度比最后几层小了上千倍——这正是梯度消失：许多小于 1 的局部导数连乘。",
        "Notice: the first layers' gradients are over a thousand times smaller than the last "
        "ones' — vanishing gradients: many local derivatives below 1 multiplied together.",
    ),
    "bp.count_title": (
        "为什么要从后往前算？数一数乘法",
        "Why back to front? Count the multiplications",
    ),
    "bp.count_lead": (
        "如果对每个 $w_r$ 都把公式里的整个乘积重新乘一遍，乘法次数随 $k$ 平方增长；"
        "从后往前算，每层只需两次乘法（传递一次、求权重梯度一次）。",
        "Multiplying out the formula's whole product again for every $w_r$ costs a number of "
        "multiplications that grows like $k^2$; back to front, each layer needs two (one to "
        "pass the product on, one for the weight's gradient).",
    ),
    "bp.count_back": ("从后往前（复用）", "back to front (reuse)"),
    "bp.count_naive": ("每个梯度重新计算", "recompute every product"),
    "bp.count_y": ("乘法次数", "multiplications"),
    "bp.count_formula": (
        "从后往前：$2k + 1$ 次乘法；重新计算：$\\frac{k(k-1)}{2} + 2k + 1$ 次。",
        "Back to front: $2k + 1$ multiplications; recomputing: $\\frac{k(k-1)}{2} + 2k + 1$.",
    ),
    "bp.note": (
        "**要注意的：** 选 sigmoid（导数最大只有 0.25）并把 k 调大：∂L/∂wᵢ 越往前越小。"
        "梯度消失和梯度爆炸就是这些局部导数连乘的结果。",
        "**What to notice:** pick sigmoid (its derivative is at most 0.25) and raise k: "
        "∂L/∂wᵢ shrinks towards the front. Vanishing and exploding gradients are these "
        "products of local derivatives.",
    ),
    # -- backprop: many neurons ----------------------------------------------------------------
    "bpm.title": ("反向传播：每层有多个神经元", "Backpropagation: many neurons per layer"),
    "bpm.lead": (
        "每一层有多个神经元时更为复杂，但原理和单个神经元的情况类似：标量换成向量和矩阵。"
        "反向时每层的误差信号是一个向量 $\\boldsymbol{\\delta}$，权重梯度是外积 "
        "$\\boldsymbol{\\delta}\\,\\mathbf{h}^\\top$，再乘 $W^\\top$ 传给下面一层。一步一步地看。",
        "With many neurons per layer it is more involved, but the principle is the same as for "
        "one neuron: scalars become vectors and matrices. Going back, each layer's error signal "
        "is a vector $\\boldsymbol{\\delta}$, the weight gradient is the outer product "
        "$\\boldsymbol{\\delta}\\,\\mathbf{h}^\\top$, and $W^\\top$ passes it down. Step through it.",
    ),
    "bpm.n_in": ("输入维数", "Inputs"),
    "bpm.depth": ("隐藏层数", "Hidden layers"),
    "bpm.width": ("每层神经元数", "Neurons per layer"),
    "bpm.n_out": ("输出维数", "Outputs"),
    "bpm.example": (
        "网络 **{sizes}**（输出层为线性），一个样本：$\\mathbf{{x}} = ({x})$，目标 $\\mathbf{{y}} = ({y})$。"
        "权重由侧边栏的随机种子决定。",
        "Network **{sizes}** (linear output layer), one example: $\\mathbf{{x}} = ({x})$, target "
        "$\\mathbf{{y}} = ({y})$. The weights follow the sidebar's seed.",
    ),
    "bpm.stage0": (
        "点击“下一步”：先逐层前向计算，再逐层反向计算梯度。",
        "Press “Next step”: first the forward pass layer by layer, then the backward pass.",
    ),
    "bpm.fwd_step": ("**前向，第 {l} 层**", "**Forward, layer {l}**"),
    "bpm.bwd_step": ("**反向，第 {l} 层**", "**Backward, layer {l}**"),
    "bpm.layer_agree": (
        "✓ 第 {l} 层的 δ 和 ∂L/∂W 与 torch.autograd 一致（最大差 {diff}）。",
        "✓ Layer {l}: δ and ∂L/∂W agree with torch.autograd (largest difference {diff}).",
    ),
    "bpm.layer_disagree": (
        "✗ 第 {l} 层与 torch.autograd 不一致（最大差 {diff}）。",
        "✗ Layer {l} disagrees with torch.autograd (largest difference {diff}).",
    ),
    "bpm.fig_caption_fwd": (
        "前向：圆圈里是已算出的 hˡ，连线的粗细与颜色表示权重（蓝正、橙负）。",
        "Forward: the circles hold the hˡ computed so far; line width and colour show the "
        "weights (blue positive, orange negative).",
    ),
    "bpm.fig_caption_bwd": (
        "反向：圆圈里是已算出的 δˡ，连线表示已算出的权重梯度 ∂L/∂W（外积 δ hᵀ）。",
        "Backward: the circles hold the δˡ computed so far; the lines show the weight "
        "gradients ∂L/∂W (outer products δ hᵀ) computed so far.",
    ),
    "bpm.col_layer": ("层 l", "Layer l"),
    "bpm.check_title": ("逐层与 torch.autograd 对照", "Layer by layer against torch.autograd"),
    "bpm.note": (
        "**要注意的：** 反向传播的每一层只做三件事：δ 乘上 α′(z)（逐元素），与 hᵀ 做外积得到权重梯度，"
        "再乘 Wᵀ 传给下一层。和单个神经元的链一样，每个乘积只算一次。",
        "**What to notice:** each layer of the backward pass does three things: multiply by "
        "α′(z) element-wise, take the outer product with hᵀ for the weight gradient, and "
        "multiply by Wᵀ to pass the signal down. As in the chain, every product is computed once.",
    ),
    # -- gradient flow ---------------------------------------------------------------------------
    "gf.title": (
        "梯度消失与梯度爆炸：深层网络里的梯度流",
        "Vanishing and exploding gradients in deep nets",
    ),
    "gf.lead": (
        "反向传播把许多局部导数连乘：每经过一层，梯度就乘上 $\\mathrm{diag}(\\alpha'(\\mathbf{z}))\\,W$。"
        "如果这些因子普遍小于 1，前面几层的梯度就会消失；普遍大于 1，就会爆炸。"
        "在 8×8 手写数字上训练一个最多 30 层的网络，看每一层的梯度范数和激活值分布"
        "（Glorot & Bengio, 2010）。",
        "Backpropagation multiplies many local derivatives: each layer multiplies the gradient "
        "by $\\mathrm{diag}(\\alpha'(\\mathbf{z}))\\,W$. If these factors are mostly below 1 "
        "the first layers' gradients vanish; mostly above 1, they explode. Train a net of up to "
        "30 layers on the 8×8 digits and watch every layer's gradient norm and activation "
        "distribution (Glorot & Bengio, 2010).",
    ),
    "gf.preset": ("预设实验", "Preset"),
    "gf.preset.sigmoid_small": ("sigmoid + 小初始化：梯度消失", "sigmoid + small init: vanishing"),
    "gf.preset.tanh_normal": (
        "tanh + N(0,1)：梯度爆炸、饱和",
        "tanh + N(0,1): exploding, saturated",
    ),
    "gf.preset.tanh_xavier": ("tanh + Xavier：信号保持", "tanh + Xavier: the signal survives"),
    "gf.preset.relu_he": ("ReLU + He，20 层", "ReLU + He, 20 layers"),
    "gf.preset.sigmoid_batchnorm": (
        "sigmoid + 小初始化 + 批归一化",
        "sigmoid + small init + batch norm",
    ),
    "gf.preset_note.sigmoid_small": (
        "σ′(z) ≤ 0.25，权重只有 ±0.05：每往前一层梯度缩小约 30 倍，第 1 层的梯度比最后一层小十几个数量级。"
        "点播放：损失几乎不动。",
        "σ′(z) ≤ 0.25 and weights of ±0.05: each layer towards the input shrinks the gradient "
        "about 30-fold, so the first layer's gradient is a dozen orders of magnitude below the "
        "last one's. Press Play: the loss barely moves.",
    ),
    "gf.preset_note.tanh_normal": (
        "N(0,1) 的权重对 32 个输入来说太大：tanh 的激活几乎全是 ±1（饱和，看直方图的两端），"
        "而梯度越往前越大——梯度爆炸。",
        "N(0,1) weights are far too large for 32 inputs: tanh activations sit at ±1 "
        "(saturated — see both ends of the histogram) and the gradient grows towards the "
        "input — exploding gradients.",
    ),
    "gf.preset_note.tanh_xavier": (
        "Xavier 初始化让每层的方差保持不变：各层梯度范数相差不到一个数量级，网络很快学会。",
        "Xavier initialisation keeps each layer's variance constant: the gradient norms of all "
        "layers stay within one order of magnitude and the net learns fast.",
    ),
    "gf.preset_note.relu_he": (
        "He 初始化（Var(w) = 2/fan_in）补偿了 ReLU 把一半信号置零：20 层的梯度范数保持在同一量级。",
        "He initialisation (Var(w) = 2/fan_in) makes up for ReLU zeroing half the signal: "
        "the gradient norms of 20 layers stay at one scale.",
    ),
    "gf.preset_note.sigmoid_batchnorm": (
        "同样的 sigmoid 与小初始化，但每层加了批归一化：梯度范数在各层几乎一样。",
        "The same sigmoid and small initialisation, with batch normalisation after each layer: "
        "the gradient norms are nearly equal across layers.",
    ),
    "gf.depth": ("隐藏层数（深度）", "Hidden layers (depth)"),
    "gf.width": ("每层神经元数（宽度）", "Neurons per layer (width)"),
    "gf.act": ("激活函数", "Activation"),
    "gf.init": ("权重初始化", "Weight initialisation"),
    "gf.norm": ("归一化", "Normalisation"),
    "gf.norm.none": ("无", "none"),
    "gf.norm.batch": ("批归一化 (BatchNorm)", "batch norm"),
    "gf.norm.layer": ("层归一化 (LayerNorm)", "layer norm"),
    "gf.optimizer": ("优化器", "Optimizer"),
    "gf.batch": ("批大小", "Batch size"),
    "gf.summary": (
        "{depth} 个隐藏层 × {width} 个神经元，共 {params} 个参数；输入为 64 个像素，输出 10 类。",
        "{depth} hidden layers × {width} neurons, {params} parameters; 64 pixels in, 10 "
        "classes out.",
    ),
    "gf.ratio": ("‖∇W₁‖ / ‖∇W_last‖", "‖∇W₁‖ / ‖∇W_last‖"),
    "gf.ratio_help": (
        "第一个隐藏层与最后一个隐藏层的梯度范数之比：远小于 1 是梯度消失，远大于 1 是梯度爆炸。",
        "Gradient norm of the first hidden layer over the last one's: far below 1 = vanishing, "
        "far above 1 = exploding.",
    ),
    "gf.vanishing": (
        "梯度消失：第一层的梯度只有最后一层的 {ratio} 倍，前面的层几乎学不到东西。",
        "Vanishing gradients: the first layer's gradient is {ratio} times the last one's; the "
        "first layers hardly learn.",
    ),
    "gf.exploding": (
        "梯度爆炸：第一层的梯度是最后一层的 {ratio} 倍。",
        "Exploding gradients: the first layer's gradient is {ratio} times the last one's.",
    ),
    "gf.norms_now": (
        "第 {step} 步时各层的梯度范数 ‖∂L/∂W‖",
        "Per-layer gradient norm ‖∂L/∂W‖ at step {step}",
    ),
    "gf.now": ("现在", "now"),
    "gf.at_init": ("初始化时", "at initialisation"),
    "gf.norms_time": ("各层梯度范数随训练的变化", "Per-layer gradient norms during training"),
    "gf.no_history": (
        "点击“播放”或“单步”开始训练，这里会画出各层梯度范数的变化。",
        "Press Play or Step to train; the per-layer gradient norms over time appear here.",
    ),
    "gf.hist_title": (
        "各层激活值的分布（每行一层，共用同一组区间）",
        "Activation distribution of every layer (one row per layer, shared bins)",
    ),
    "gf.act_value": ("激活值", "activation value"),
    "gf.note": (
        "**要注意的：** 对比 sigmoid + 小均匀初始化（左图从右往左一路下降好几个数量级）与 ReLU + He"
        "（各层差不多高）。直方图里，sigmoid 的激活挤在 0.5 附近或饱和在 0/1 时，导数 σ′ 就很小。",
        "**What to notice:** compare sigmoid + small uniform init (the bars fall by orders of "
        "magnitude from right to left) with ReLU + He (bars of about equal height). In the "
        "histograms, when sigmoid activations bunch at 0.5 or saturate at 0/1, σ′ is small.",
    ),
}
