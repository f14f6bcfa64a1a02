"""Messages of the RNN chapter (循环神经网络): three pages, tasks, cells, gradients."""

MESSAGES: dict[str, tuple[str, str]] = {
    # navigation
    "rnn.nav.train": ("RNN / LSTM / GRU 训练与对比", "RNN / LSTM / GRU: train and compare"),
    "rnn.nav.inside": ("展开的网络与 LSTM 内部", "Unrolled network, inside the LSTM"),
    "rnn.nav.gradients": ("随时间的梯度", "Gradients through time"),
    # tasks
    "rnn.data.sine": ("正弦预测", "sine forecasting"),
    "rnn.data.sines": ("多个正弦之和预测", "sum-of-sines forecasting"),
    "rnn.data.adding": ("加法问题（长时依赖）", "adding problem (long time lags)"),
    "rnn.data.order": ("词序分类（Yellowstone 句子）", "word order (Yellowstone sentences)"),
    "rnn.data.chars": ("字符级语言模型", "character-level language model"),
    "rnn.task_help.sine": (
        "读入一段正弦曲线的 T 个值，预测下一个值（均方误差）。",
        "Read T values of a sine wave, predict the next one (mean squared error).",
    ),
    "rnn.task_help.sines": (
        "三个不同频率的正弦之和，可加噪声；预测下一个值。",
        "A sum of three sines of different frequencies, optionally noisy; predict the next value.",
    ),
    "rnn.task_help.adding": (
        "每一步输入 (数值, 标记)；恰有两个标记为 1（前半段一个、后半段一个），目标是这两个数之和。"
        "网络必须记住很久以前看到的数。总是输出 1.0 的均方误差约为 1/6。",
        "Each step reads (value, marker); exactly two markers are 1 (one in each half) and the "
        "target is the sum of those two values. The network must remember a number seen long ago. "
        "Always answering 1.0 gives MSE ≈ 1/6.",
    ),
    "rnn.task_help.order": (
        "“I went to Yellowstone National Park last summer” 与 “Last summer I went to …”："
        "两种句子用的词完全相同，标签只取决于词序。词袋模型只能猜，RNN 能读出顺序。",
        "“I went to Yellowstone National Park last summer” versus “Last summer I went to …”: "
        "both use exactly the same words and the label depends only on their order. A "
        "bag-of-words model can only guess; an RNN reads the order.",
    ),
    "rnn.task_help.chars": (
        "逐字符读入随项目附带的文本，在每一步预测下一个字符（每步交叉熵）。",
        "Read a text shipped with the project one character at a time and predict the next "
        "character at every step (cross-entropy per step).",
    ),
    "rnn.corpus": ("文本", "Text"),
    "rnn.corpus.yellowstone": (
        "Yellowstone（英文，本项目撰写，CC0）",
        "Yellowstone (English, written for this project, CC0)",
    ),
    "rnn.corpus.tang": ("唐诗十五首（公有领域）", "Fifteen Tang poems (public domain)"),
    "rnn.text.not_utf8": ("文本不是 UTF-8 编码，已拒绝。", "The text is not UTF-8; refused."),
    "rnn.text.binary": (
        "文件含有二进制数据（NUL 字节），不是文本；已拒绝。",
        "The file holds binary data (NUL bytes), not text; refused.",
    ),
    "rnn.text.too_short": (
        "文本太短或为空（至少需要 {n} 个字符）。",
        "The text is empty or too short (at least {n} characters are needed).",
    ),
    "rnn.text.too_long": (
        "文本太长（上限 {n} 个字符）。",
        "The text is too long (limit {n} characters).",
    ),
    "rnn.upload_text": ("或上传自己的文本 (.txt, UTF-8)", "Or upload your own text (.txt, UTF-8)"),
    "rnn.upload_text_help": (
        "只用于这个浏览器会话，不会写进分享链接；上传后模型会重置。",
        "Used in this browser session only, not in the share link; the model resets on upload.",
    ),
    "rnn.text_in_use": (
        "正在使用上传的文本（{n} 个字符）。",
        "Using the uploaded text ({n} characters).",
    ),
    "rnn.bad_task": (
        "数据集 “{value}” 不是序列任务，已换成默认任务。",
        "The dataset “{value}” is not a sequence task; the default task is used.",
    ),
    # cells and settings
    "rnn.cell": ("循环单元", "Cell"),
    "rnn.cell.rnn": ("普通 RNN", "vanilla RNN"),
    "rnn.cell.lstm": ("LSTM", "LSTM"),
    "rnn.cell.gru": ("GRU", "GRU"),
    "rnn.nonlinearity": ("激活函数 α_h", "Activation α_h"),
    "rnn.hidden_size": ("隐藏单元数 H", "Hidden size H"),
    "rnn.num_layers": ("堆叠层数", "Stacked layers"),
    "rnn.optimizer": ("优化器", "Optimizer"),
    "rnn.lr": ("学习率 η", "Learning rate η"),
    "rnn.batch_size": ("批大小", "Batch size"),
    "rnn.clip": ("梯度裁剪阈值 c（0 = 关闭）", "Gradient clipping threshold c (0 = off)"),
    "rnn.task": ("任务", "Task"),
    "rnn.seq_len": ("序列长度 T", "Sequence length T"),
    "rnn.noise": ("噪声", "Noise"),
    "rnn.n_points": ("序列个数", "Number of sequences"),
    "rnn.settings": ("设置", "Settings"),
    "rnn.limits": (
        "为了让共享服务器保持流畅：T ≤ {T}，H ≤ {H}，批大小 ≤ {B}，序列个数 × T ≤ {N}，参数 ≤ {P}。",
        "To keep a shared server responsive: T ≤ {T}, H ≤ {H}, batch ≤ {B}, "
        "sequences × T ≤ {N}, parameters ≤ {P}.",
    ),
    "rnn.compare": ("同时训练以便对比", "Also train, to compare"),
    "rnn.compare_help": (
        "用同样的数据、同样的设置训练另外一两种单元，损失曲线画在同一张图上。",
        "Train one or two other cells on the same data with the same settings; their loss "
        "curves share one chart.",
    ),
    "rnn.compare_placeholder": ("选择一两种单元", "Pick one or two cells"),
    "rnn.compare_failed": ("无法建立对比模型。", "The comparison model could not be built."),
    # page 1
    "rnn.title": ("循环神经网络：训练与对比", "Recurrent networks: train and compare"),
    "rnn.lead": (
        "前馈网络的输入长度固定，也不关心顺序。循环神经网络一步读一个输入，把到目前为止的信息存在隐藏状态 "
        "$h^{(t)}$ 里，每一步都用**同一组参数**。",
        "A feedforward net takes a fixed-size input and ignores order. A recurrent network reads "
        "one input per step, keeps what it has seen so far in the hidden state $h^{(t)}$, and uses "
        "the **same parameters** at every step.",
    ),
    "rnn.properties": (
        "循环神经网络的性质：处理不同长度的序列 · 捕捉序列的顺序信息 · 参数共享。",
        "Properties: sequences of any length · order matters · parameters are shared across time.",
    ),
    "rnn.baseline": ("总是输出 1.0", "always answer 1.0"),
    "rnn.adding_example": (
        "测试样例：被标记的数是第 {i} 步的 {a} 和第 {j} 步的 {b}，目标 {y}，模型输出 **{p}**。",
        "Test example: the marked values are {a} at step {i} and {b} at step {j}; target {y}, "
        "the model says **{p}**.",
    ),
    "rnn.adding_notice": (
        "留意：普通 RNN 的损失常常停在虚线（总是输出 1.0）附近，而 LSTM / GRU 会降到它下面；T 越大差别越明显。",
        "Notice: the vanilla RNN's loss often stalls near the dashed line (always answer 1.0) "
        "while LSTM / GRU go below it; the larger T, the clearer the difference.",
    ),
    "rnn.window": ("输入序列", "input window"),
    "rnn.target": ("真实的下一个值", "true next value"),
    "rnn.forecast": ("模型预测", "forecast"),
    "rnn.example": ("测试样例编号", "Test example"),
    "rnn.order.0": ("时间在句尾", "time phrase last"),
    "rnn.order.1": ("时间在句首", "time phrase first"),
    "rnn.bow": (
        "对比：只看词频的线性模型（词袋）在测试集上的准确率是 {acc}——两种词序的词完全一样，它只能猜。",
        "For comparison: a linear model on word counts (bag of words) gets {acc} on the test "
        "set — both orders have exactly the same words, so it can only guess.",
    ),
    "rnn.temperature": ("采样温度", "Sampling temperature"),
    "rnn.temperature_help": (
        "按 softmax(z / 温度) 抽取下一个字符：温度低时保守、重复，温度高时大胆、混乱；0 表示总取最可能的字符。",
        "The next character is drawn from softmax(z / temperature): low is cautious and "
        "repetitive, high is bold and messy; 0 always takes the most likely character.",
    ),
    "rnn.prime": ("开头文字", "Start with"),
    "rnn.sample_at": (
        "第 {step} 步时模型生成的文本：",
        "Text generated by the model at step {step}:",
    ),
    "rnn.device_params": (
        "{n} 个参数，运行在 {device} 上。",
        "{n} parameters, running on {device}.",
    ),
    # presets
    "rnn.preset": ("预设实验", "Preset"),
    "rnn.preset.none": ("（自选）", "(my own)"),
    "rnn.preset.adding_lstm": (
        "加法问题 T=50：LSTM 对比普通 RNN",
        "Adding problem T=50: LSTM vs RNN",
    ),
    "rnn.preset.adding_lstm.note": (
        "留意：打开对比后，普通 RNN 停在虚线附近，LSTM 在几百步内降到 0.01 以下。",
        "Notice: with the comparison on, the vanilla RNN stays near the dashed line while the "
        "LSTM drops below 0.01 within a few hundred steps.",
    ),
    "rnn.preset.chars_lstm": (
        "字符级 LSTM：Yellowstone 文本",
        "Character LSTM on the Yellowstone text",
    ),
    "rnn.preset.chars_lstm.note": (
        "留意生成的文本：先是随机字符，然后出现空格和常见单词，最后出现整句。",
        "Watch the generated text: random characters first, then spaces and common words, "
        "then whole phrases.",
    ),
    "rnn.preset.order_gru": ("词序任务：GRU", "Word order task: GRU"),
    "rnn.preset.order_gru.note": (
        "留意：GRU 的准确率很快接近 100%，而词袋模型停在 50% 左右。",
        "Notice: the GRU's accuracy soon nears 100% while the bag-of-words model stays near 50%.",
    ),
    "rnn.preset.sines_gru": ("多个正弦之和的预测：GRU", "Sum-of-sines forecasting: GRU"),
    "rnn.preset.sines_gru.note": (
        "留意：预测点（×）很快落到真实的下一个值上；加大噪声后误差有一个下限。",
        "Notice: the forecast (×) soon lands on the true next value; with more noise the error "
        "has a floor.",
    ),
    "rnn.preset.exploding": (
        "梯度爆炸：tanh RNN、谱半径 2.5、SGD η=0.5、不裁剪",
        "Exploding gradients: tanh RNN, radius 2.5, SGD η=0.5, no clipping",
    ),
    "rnn.preset.exploding.note": (
        "留意：不裁剪时训练会发散并自动暂停；把裁剪阈值设为 1 再试。",
        "Notice: without clipping training diverges and pauses itself; set the clipping "
        "threshold to 1 and try again.",
    ),
    # page 2: inside
    "rnn.inside.value": ("值", "value"),
    "rnn.inside.title": ("展开的网络与 LSTM 内部", "The unrolled network, inside the LSTM"),
    "rnn.inside.lead": (
        "把循环网络沿时间展开，它就是一个很深的前馈网络，每一层用同一组权重。下面的数字由 `dlcore` 中的 NumPy "
        "实现逐步计算，并与 PyTorch 的结果核对。",
        "Unrolled over time, a recurrent net is a deep feedforward net whose layers all share "
        "the same weights. The numbers below come from the NumPy steps in `dlcore`, checked "
        "against PyTorch.",
    ),
    "rnn.inside.pause_hint": (
        "下方的图在暂停或单步后更新。",
        "The figures below update when you pause or step.",
    ),
    "rnn.inside.eq.rnn": ("普通 RNN 的一步", "One step of the vanilla RNN"),
    "rnn.inside.eq.lstm": ("LSTM 的一步（讲义的公式）", "One LSTM step (the lecture's formulas)"),
    "rnn.inside.eq.gru": ("GRU 的一步（PyTorch 的形式）", "One GRU step (PyTorch's form)"),
    "rnn.inside.offset": ("文本中的起始位置", "Start position in the text"),
    "rnn.inside.unrolled": ("沿时间展开的网络", "The network unrolled over time"),
    "rnn.inside.step": ("查看第几步 t", "Step t to inspect"),
    "rnn.inside.input": ("输入 x", "input x"),
    "rnn.inside.hidden": ("隐藏状态 h", "hidden state h"),
    "rnn.inside.output": ("输出 y", "output y"),
    "rnn.inside.unrolled_help": (
        "每一列是一个时间步；横向箭头都是同一个 W_hh，竖向箭头都是同一个 W_hx 和 W_yh。高亮的一步写出了前三个分量。",
        "Each column is one time step; every horizontal arrow is the same W_hh and every "
        "vertical one the same W_hx and W_yh. The highlighted step shows its first three "
        "components.",
    ),
    "rnn.inside.step_numbers": ("第 {t} 步的全部数值", "All numbers of step {t}"),
    "rnn.inside.agree": ("NumPy 实现与 PyTorch 一致吗？", "Do the NumPy steps agree with PyTorch?"),
    "rnn.inside.agree_model": ("当前模型 max|差|", "current model, max |diff|"),
    "rnn.inside.agree_fresh": ("新建的两层 {cell}", "fresh 2-layer {cell}"),
    "rnn.inside.agree_ok": (
        "一致：从 torch 复制权重后，讲义公式的 NumPy 实现给出与 torch.nn.RNN / LSTM / GRU 相同的隐藏状态。",
        "They agree: with weights copied from torch, the NumPy steps of the lecture's formulas "
        "give the same hidden states as torch.nn.RNN / LSTM / GRU.",
    ),
    "rnn.inside.agree_bad": ("差异 {diff} 偏大。", "The difference {diff} is too large."),
    "rnn.inside.heat.rnn": ("隐藏状态随时间的变化", "The hidden state over time"),
    "rnn.inside.heat.lstm": (
        "LSTM 内部：门、候选值与状态随时间的变化",
        "Inside the LSTM: gates, candidate and states over time",
    ),
    "rnn.inside.heat.gru": (
        "GRU 内部：门与状态随时间的变化",
        "Inside the GRU: gates and state over time",
    ),
    "rnn.inside.heat_help.rnn": (
        "每一行是一个隐藏单元，每一列是一个时间步。",
        "Each row is a hidden unit, each column a time step.",
    ),
    "rnn.inside.heat_help.lstm": (
        "遗忘门 f 接近 1 表示保留旧的单元状态，输入门 i 决定写入多少候选值，输出门 o 决定显示多少。"
        "单元状态 C 可以在很多步里保持不变——这就是长时记忆。",
        "A forget gate f near 1 keeps the old cell state, the input gate i decides how much of "
        "the candidate to write, the output gate o how much to show. The cell state C can stay "
        "unchanged over many steps: that is the long-term memory.",
    ),
    "rnn.inside.heat_help.gru": (
        "更新门 z 接近 1 表示保留旧的隐藏状态，重置门 r 决定候选值用多少旧状态。",
        "An update gate z near 1 keeps the old hidden state; the reset gate r decides how much "
        "of the old state the candidate sees.",
    ),
    "rnn.inside.unit": ("单元", "unit"),
    "rnn.inside.time": ("时间步 t", "time step t"),
    "rnn.inside.q.f": ("遗忘门 f", "forget gate f"),
    "rnn.inside.q.i": ("输入门 i", "input gate i"),
    "rnn.inside.q.o": ("输出门 o", "output gate o"),
    "rnn.inside.q.C_tilde": ("候选值 C̃", "candidate C̃"),
    "rnn.inside.q.C": ("单元状态 C", "cell state C"),
    "rnn.inside.q.h": ("隐藏状态 h", "hidden state h"),
    "rnn.inside.q.r": ("重置门 r", "reset gate r"),
    "rnn.inside.q.z": ("更新门 z", "update gate z"),
    "rnn.inside.q.h_tilde": ("候选值 h̃", "candidate h̃"),
    "rnn.inside.quantity": ("着色依据", "Colour by"),
    "rnn.inside.karpathy": ("按单元激活给字符着色", "Characters coloured by one cell"),
    "rnn.inside.karpathy_help": (
        "仿照 Karpathy 的 char-RNN 可视化：红色表示该单元为正，蓝色表示为负。训练一段时间后，"
        "有些单元会对引号、句尾或单词位置有反应。",
        "After Karpathy's char-RNN visualisations: red where the cell is positive, blue where "
        "negative. After some training, some cells react to quotes, sentence ends or the position "
        "in a word.",
    ),
    "rnn.inside.span": ("哪些单元在这一段上最活跃？", "Which cells fire on this span?"),
    "rnn.inside.span_help": (
        "仿照 LSTMVis：选一段字符。每个单元按自身最大 |激活| 归一化，超过 0.3 记为“开”；按“段内开的比例 − 段外开的比例”给单元排序。",
        "After LSTMVis: select a span of characters. Each cell is scaled by its largest "
        "|activation| and counts as on above 0.3; cells are ranked by the fraction of the span "
        "where they are on minus the fraction of the rest.",
    ),
    "rnn.inside.span_range": ("字符范围", "Character span"),
    "rnn.inside.span_empty": ("请选一段非空的范围。", "Select a non-empty span."),
    "rnn.inside.span_top": (
        "在 “{span}” 上最活跃的单元（得分）：{cells}",
        "Cells most active on “{span}” (score): {cells}",
    ),
    "rnn.inside.use_top": ("给最活跃的单元着色", "Colour by the top cell"),
    "rnn.inside.colour_of": ("单元 {unit} 的{q}：", "Unit {unit}, {q}:"),
    # page 3: gradients
    "rnn.grad.title": (
        "随时间的梯度：消失与爆炸",
        "Gradients through time: vanishing and exploding",
    ),
    "rnn.grad.lead": (
        "反向传播穿过时间时，梯度每往回一步就乘一次 $W_{hh}$（和激活函数的导数）。$W_{hh}$ 的谱半径 "
        "$\\rho$ 小于 1 时梯度指数衰减（消失），大于 1 时可能指数增长（爆炸）（Pascanu 等，2013）。",
        "Backpropagating through time multiplies the gradient by $W_{hh}$ (and the activation's "
        "derivative) once per step back. With a spectral radius $\\rho$ below 1 it decays "
        "exponentially (vanishes); above 1 it can grow exponentially (explodes) (Pascanu et al. 2013).",
    ),
    "rnn.grad.radius": (
        "初始化时 W_hh 的谱半径 ρ（0 = PyTorch 默认）",
        "Spectral radius ρ of W_hh at init (0 = PyTorch default)",
    ),
    "rnn.grad.through_time": (
        "‖∂L/∂h⁽ᵗ⁾‖ 随 t 的变化（对数坐标）",
        "‖∂L/∂h⁽ᵗ⁾‖ against t (log axis)",
    ),
    "rnn.grad.sweep": ("同时画出几个不同 ρ 的初始化", "Also show initialisations with other ρ"),
    "rnn.grad.at_init": ("初始化 ρ={r}", "at init, ρ={r}"),
    "rnn.grad.at_init_default": ("初始化（PyTorch 默认）", "at init (PyTorch default)"),
    "rnn.grad.now": ("当前模型（第 {step} 步）", "current model (step {step})"),
    "rnn.grad.t_axis": ("时间步 t", "time step t"),
    "rnn.grad.g_axis": ("‖∂L/∂h⁽ᵗ⁾‖", "‖∂L/∂h⁽ᵗ⁾‖"),
    "rnn.grad.ratio": (
        "当前 ρ 的初始化：‖∂L/∂h⁽¹⁾‖ / ‖∂L/∂h⁽{T}⁾‖ = {ratio}。",
        "Initialisation with the current ρ: ‖∂L/∂h⁽¹⁾‖ / ‖∂L/∂h⁽{T}⁾‖ = {ratio}.",
    ),
    "rnn.grad.explain.rnn": (
        "普通 RNN：ρ < 1 时曲线向左（更早的时间步）陡降——早期输入几乎得不到学习信号；ρ > 1 时向左上升。"
        "tanh 的导数 ≤ 1 会让爆炸弱一些，ReLU 则不会。",
        "Vanilla RNN: with ρ < 1 the curve drops steeply to the left (earlier steps), so early "
        "inputs get almost no learning signal; with ρ > 1 it rises. tanh's derivative ≤ 1 tames "
        "the explosion somewhat; ReLU does not.",
    ),
    "rnn.grad.explain.lstm": (
        "LSTM：梯度还能沿单元状态 C 走 “加法” 通路（C = f ⊙ C_prev + …），遗忘门接近 1 时衰减慢得多。",
        "LSTM: the gradient can also travel the additive path through the cell state "
        "(C = f ⊙ C_prev + …); with forget gates near 1 it decays much more slowly.",
    ),
    "rnn.grad.explain.gru": (
        "GRU：更新门 z 接近 1 时 h⁽ᵗ⁾ ≈ h⁽ᵗ⁻¹⁾，梯度几乎原样传回。",
        "GRU: with the update gate z near 1, h⁽ᵗ⁾ ≈ h⁽ᵗ⁻¹⁾ and the gradient passes back almost "
        "unchanged.",
    ),
    "rnn.grad.eigen": ("W_hh 的特征值（复平面）", "Eigenvalues of W_hh on the complex plane"),
    "rnn.grad.eig_init": ("初始化（ρ={r}）", "at init (ρ={r})"),
    "rnn.grad.eig_now": ("当前（ρ={r}）", "now (ρ={r})"),
    "rnn.grad.unit_circle": ("单位圆", "unit circle"),
    "rnn.grad.radius_circle": ("半径 {r}", "radius {r}"),
    "rnn.grad.eig_help.rnn": (
        "单位圆外的特征值方向上，反复乘 W_hh 会放大；圆内的方向会缩小。",
        "Along eigenvalues outside the unit circle, multiplying by W_hh again and again "
        "amplifies; inside it shrinks.",
    ),
    "rnn.grad.eig_help.lstm": (
        "这里画的是候选值的循环矩阵 U_c（LSTM 的 W_hh 有四块：i、f、C̃、o）。",
        "Shown: the candidate's recurrent matrix U_c (the LSTM's W_hh has four blocks: i, f, C̃, o).",
    ),
    "rnn.grad.eig_help.gru": (
        "这里画的是候选值的循环矩阵 U_h（GRU 的 W_hh 有三块：r、z、h̃）。",
        "Shown: the candidate's recurrent matrix U_h (the GRU's W_hh has three blocks: r, z, h̃).",
    ),
    "rnn.grad.clip_explain": (
        "**梯度裁剪**不改变梯度的方向，只限制它的长度，防止一次爆炸的梯度把参数推到很远：",
        "**Gradient clipping** keeps the gradient's direction and caps its length, so that one "
        "exploding gradient cannot throw the parameters far away:",
    ),
    "rnn.grad.norm_before": ("裁剪前的梯度范数", "gradient norm before clipping"),
    "rnn.grad.norm_after": ("实际使用的范数", "norm actually applied"),
    "rnn.grad.threshold": ("阈值 c", "threshold c"),
    "rnn.grad.clip_on": (
        "裁剪已开启（c = {c}）：绿线是每一步真正使用的梯度长度。",
        "Clipping is on (c = {c}): the green line is the gradient length actually used.",
    ),
    "rnn.grad.clip_off": (
        "裁剪已关闭（c = {c}）：梯度范数只在评估点记录。试试 ρ=2.5、SGD、η=0.5——训练发散时会自动暂停；再把 c 设为 1 对比。",
        "Clipping is off (c = {c}): the norm is recorded at evaluation points only. Try ρ=2.5, "
        "SGD and η=0.5: training diverges and pauses itself; then set c to 1 and compare.",
    ),
}
