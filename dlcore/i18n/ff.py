"""Messages of the feedforward chapter (前馈神经网络)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ff.title": ("前馈神经网络游乐场", "Feedforward network playground"),
    "ff.lead": (
        "选择数据、输入特征和网络结构，然后点击“播放”：网络用 PyTorch 真正地训练，"
        "每个神经元的小图显示它在输入平面上的输出。",
        "Choose the data, the input features and the network, then press Play: the network "
        "trains for real in PyTorch, and each neuron's thumbnail shows its output over the "
        "input plane.",
    ),
    "ff.preset": ("预设实验", "Preset experiment"),
    "ff.data": ("数据", "Data"),
    "ff.network": ("网络", "Network"),
    "ff.output_title": ("输出", "Output"),
    "ff.dataset": ("数据集", "Dataset"),
    "ff.n_points": ("样本点数", "Number of points"),
    "ff.noise": ("噪声", "Noise"),
    "ff.train_ratio": ("训练集比例", "Training share"),
    "ff.regenerate": ("重新生成数据", "Regenerate data"),
    "ff.features": ("输入特征", "Input features"),
    "ff.feat.x1": ("X₁", "X₁"),
    "ff.feat.x2": ("X₂", "X₂"),
    "ff.feat.x1sq": ("X₁²", "X₁²"),
    "ff.feat.x2sq": ("X₂²", "X₂²"),
    "ff.feat.x1x2": ("X₁·X₂", "X₁·X₂"),
    "ff.feat.sin_x1": ("sin X₁", "sin X₁"),
    "ff.feat.sin_x2": ("sin X₂", "sin X₂"),
    "ff.n_layers": ("隐藏层数", "Hidden layers"),
    "ff.width": ("第 {i} 层神经元", "Neurons in layer {i}"),
    "ff.activation": ("激活函数", "Activation"),
    "ff.init": ("初始化", "Initialisation"),
    "ff.dropout": ("Dropout 概率", "Dropout probability"),
    "ff.optimizer": ("优化器", "Optimizer"),
    "ff.lr": ("学习率 η", "Learning rate η"),
    "ff.batch": ("批大小", "Batch size"),
    "ff.momentum": ("动量 β", "Momentum β"),
    "ff.output": ("输出层", "Output layer"),
    "ff.out.auto": ("自动", "auto"),
    "ff.out.sigmoid": ("sigmoid", "sigmoid"),
    "ff.out.softmax": ("softmax", "softmax"),
    "ff.out.tanh": ("tanh", "tanh"),
    "ff.out.linear": ("线性", "linear"),
    "ff.loss": ("损失函数", "Loss"),
    "ff.l1": ("L1 正则化率 λ₁", "L1 rate λ₁"),
    "ff.l2": ("L2 正则化率 λ₂", "L2 rate λ₂"),
    "ff.loss_in_use": ("当前：{loss}，输出 {out}", "In use: {loss}, output {out}"),
    "ff.update_rule": ("参数更新规则", "Update rule"),
    "ff.show_test": ("显示测试点", "Show test points"),
    "ff.discretize": ("离散化输出", "Discretize output"),
    "ff.params": ("{n} 个参数 · {device}", "{n} parameters · {device}"),
    "ff.train_pts": ("训练点", "training points"),
    "ff.test_pts": ("测试点", "test points"),
    "ff.acc_short": ("测试准确率", "test acc."),
    "ff.weight": ("权重", "weight"),
    "ff.bias": ("偏置", "bias"),
    "ff.task.binary": ("二分类", "binary classification"),
    "ff.task.regression": ("回归", "regression"),
    # CSV upload
    "ff.csv.upload": ("上传我的数据 (CSV)", "Upload my data (CSV)"),
    "ff.csv.help": (
        "表头必须是 x1,x2,label；标签为 0/1（或 ±1）时是分类，否则是回归。最多 5000 行。",
        "The header must be x1,x2,label; labels 0/1 (or ±1) mean classification, anything "
        "else regression. At most 5000 rows.",
    ),
    "ff.csv.loaded": ("已载入 {n} 个点（{task}）。", "Loaded {n} points ({task})."),
    "ff.csv.too_big": (
        "文件过大（上限 {limit_kb} KB），已拒绝；当前数据不变。",
        "The file is too large (limit {limit_kb} KB); refused, the current data stays.",
    ),
    "ff.csv.empty": (
        "文件是空的，已拒绝；当前数据不变。",
        "The file is empty; refused, the current data stays.",
    ),
    "ff.csv.not_utf8": (
        "文件不是 UTF-8 文本，已拒绝；当前数据不变。",
        "The file is not UTF-8 text; refused, the current data stays.",
    ),
    "ff.csv.line_too_long": (
        "文件中有一行长达 {n} 个字符（上限 {limit}），不是 x1,x2,label 表格；已拒绝，当前数据不变。",
        "A line of the file has {n} characters (limit {limit}): not an x1,x2,label table; refused, the current data stays.",
    ),
    "ff.csv.binary": (
        "文件含有二进制数据（NUL 字节），不是文本表格；已拒绝，当前数据不变。",
        "The file holds binary data (NUL bytes), not a text table; refused, the current data "
        "stays.",
    ),
    "ff.csv.malformed": (
        "无法按 CSV 表格读取（{detail}）；已拒绝，当前数据不变。",
        "The file cannot be read as a CSV table ({detail}); refused, the current data stays.",
    ),
    "ff.csv.columns": (
        "表头应为 x1,x2,label，而文件中是 “{got}”；已拒绝，当前数据不变。",
        "The header must be x1,x2,label but the file has “{got}”; refused, the current data stays.",
    ),
    "ff.csv.too_few": (
        "只有 {n} 行数据，至少需要 {min} 行；已拒绝。",
        "Only {n} data rows, at least {min} are needed; refused.",
    ),
    "ff.csv.too_many": (
        "有 {n} 行数据，上限是 {max} 行；已拒绝。",
        "{n} data rows, the limit is {max}; refused.",
    ),
    "ff.csv.row_len": (
        "第 {line} 行有 {n} 个字段，应为 3 个；已拒绝。",
        "Line {line} has {n} fields instead of 3; refused.",
    ),
    "ff.csv.not_number": (
        "第 {line} 行的 “{value}” 不是数字；已拒绝，当前数据不变。",
        "“{value}” on line {line} is not a number; refused, the current data stays.",
    ),
    "ff.csv.one_class": (
        "所有标签都属于同一类，无法分类；已拒绝。",
        "Every label is the same class, nothing to classify; refused.",
    ),
    # presets: name and what to notice
    "ff.preset.spiral": ("螺旋 · 两个隐藏层", "Spiral · two hidden layers"),
    "ff.preset.spiral.note": (
        "两层各 24 个 tanh 神经元，一秒左右就能把两条螺旋臂分开：深层神经元的小图越来越弯曲。",
        "Two hidden layers of 24 tanh neurons separate the two arms within about a second: "
        "the thumbnails get curvier layer by layer.",
    ),
    "ff.preset.spiral_shallow": ("螺旋 · 只有一个隐藏层", "Spiral · one hidden layer"),
    "ff.preset.spiral_shallow.note": (
        "只有一层 8 个神经元时螺旋学不好，测试准确率停在较低水平：这么少的神经元画不出两条螺旋臂。"
        "对比“螺旋 · 两个隐藏层”（24 + 24 个）。",
        "With one layer of 8 neurons the spiral is not learned and test accuracy stays "
        "low: so few neurons cannot draw both arms. Compare with “Spiral · two hidden "
        "layers” (24 + 24).",
    ),
    "ff.preset.xor_linear": ("XOR · 没有隐藏层", "XOR · no hidden layer"),
    "ff.preset.xor_linear.note": (
        "没有隐藏层的网络只能画一条直线，XOR 的准确率停在 50% 左右。",
        "A network without a hidden layer can only draw one straight line: XOR stays "
        "near 50 % accuracy.",
    ),
    "ff.preset.xor_hidden": ("XOR · 一个隐藏层", "XOR · one hidden layer"),
    "ff.preset.xor_hidden.note": (
        "加一个 4 个神经元的隐藏层，XOR 就能被分开：每个隐藏神经元画一条直线，输出把它们组合起来。",
        "Add one hidden layer of 4 neurons and XOR is solved: each hidden neuron draws a "
        "line and the output combines them.",
    ),
    "ff.preset.xor_x1x2": ("XOR · 特征 X₁·X₂", "XOR · feature X₁·X₂"),
    "ff.preset.xor_x1x2.note": (
        "不用隐藏层，只用特征 X₁·X₂：它的符号就是 XOR 的标签，一个神经元就够了。",
        "No hidden layer, only the feature X₁·X₂: its sign is the XOR label, so one "
        "neuron is enough.",
    ),
    "ff.preset.circle_squares": ("圆 · 特征 X₁², X₂²", "Circle · features X₁², X₂²"),
    "ff.preset.circle_squares.note": (
        "圆在 X₁², X₂² 中是线性可分的（X₁²+X₂² < r²），所以没有隐藏层也能学会。",
        "The circle is linear in X₁², X₂² (X₁²+X₂² < r²), so no hidden layer is needed.",
    ),
    "ff.preset.lr_too_high": ("学习率过大", "Learning rate too high"),
    "ff.preset.lr_too_high.note": (
        "学习率 10：损失很快变成 NaN 或暴涨，训练自动暂停并保留最后一个正常状态。"
        "把学习率调到 0.03 再点播放。",
        "Learning rate 10: the loss soon turns NaN or explodes; training pauses and keeps "
        "the last good state. Set the rate to 0.03 and press Play again.",
    ),
    "ff.preset.sigmoid_mse": ("sigmoid 输出 + 平方损失", "Sigmoid output + squared loss"),
    "ff.preset.sigmoid_mse.note": (
        "sigmoid 输出配平方损失：饱和时梯度很小，学得比交叉熵慢。对比"
        "“sigmoid 输出 + 交叉熵”的损失曲线。",
        "Sigmoid output with squared loss: gradients vanish when the sigmoid saturates, so it "
        "learns slower than cross-entropy. Compare the curves of “Sigmoid output + cross-entropy”.",
    ),
    "ff.preset.sigmoid_ce": ("sigmoid 输出 + 交叉熵", "Sigmoid output + cross-entropy"),
    "ff.preset.sigmoid_ce.note": (
        "同样的网络和数据，换成交叉熵：log 抵消了 sigmoid 的饱和，误差大时梯度也大，学得更快。",
        "Same network and data with cross-entropy: the log cancels the sigmoid's saturation, "
        "a large error gives a large gradient, and it learns faster.",
    ),
    # multi-class 2-D data
    "ff.class_n": ("类 {n}", "class {n}"),
    "ff.confusion_caption": (
        "测试集上的混淆矩阵：行是真实类别，列是预测类别；对角线是预测正确的点。",
        "Confusion matrix on the test set: rows are the true class, columns the predicted one; the diagonal holds the correct predictions.",
    ),
    "ff.predicted_class": ("预测类别", "predicted class"),
    "ff.true_class": ("真实类别", "true class"),
    # editing a weight by hand (ui/weights.py, dlcore/weights.py)
    "ff.edit.title": ("手动修改权重", "Edit a weight"),
    "ff.edit.help": (
        "暂停时点击网络图中的一条边（权重）或一个神经元（偏置），或在这里选择，然后输入新值。"
        "修改立即生效；它不在分享链接里（那是配置），但下载的权重会保留它。",
        "While paused, click an edge (a weight) or a neuron (its bias) of the network graph, "
        "or choose it here, then type a new value. The change applies at once; it travels in "
        "no share link (that holds the config), but the weights download keeps it.",
    ),
    "ff.edit.kind": ("修改", "Edit"),
    "ff.edit.kind.weight": ("权重", "weight"),
    "ff.edit.kind.bias": ("偏置", "bias"),
    "ff.edit.layer": ("层", "Layer"),
    "ff.edit.layer_n": ("{a} → {b}", "{a} → {b}"),
    "ff.edit.input": ("输入", "input"),
    "ff.edit.hidden_n": ("隐藏层 {n}", "hidden {n}"),
    "ff.edit.out": ("输出", "output"),
    "ff.edit.from": ("来自神经元 i", "from neuron i"),
    "ff.edit.to": ("到神经元 j", "to neuron j"),
    "ff.edit.current": ("当前值：{name} = {value:.4g}", "Current value: {name} = {value:.4g}"),
    "ff.edit.value": ("新值", "New value"),
    "ff.edit.apply": ("设置", "Set"),
    "ff.edit.paused_only": ("请先暂停，再修改权重。", "Pause first, then edit a weight."),
    "ff.edit.done": (
        "{name}：{old:.4g} → {new:.4g}；训练损失 {loss0:.4f} → {loss1:.4f}。",
        "{name}: {old:.4g} → {new:.4g}; train loss {loss0:.4f} → {loss1:.4f}.",
    ),
    "ff.edit.empty": ("请输入一个数。", "Type a number."),
    "ff.edit.not_number": (
        "“{value}” 不是数字，模型没有改变。",
        "“{value}” is not a number; the model is unchanged.",
    ),
    "ff.edit.not_finite": (
        "“{value}” 不是有限的数（NaN 或无穷大），模型没有改变。",
        "“{value}” is not a finite number (NaN or infinity); the model is unchanged.",
    ),
    "ff.edit.too_large": (
        "{value} 超出允许范围 ±{limit}，模型没有改变。",
        "{value} is outside the allowed range ±{limit}; the model is unchanged.",
    ),
    "ff.edit.bad_layer": (
        "没有第 {layer} 层（共 {n} 层）。",
        "There is no layer {layer} (of {n}).",
    ),
    "ff.edit.bad_from": (
        "没有来源神经元 {index}（共 {n} 个）。",
        "There is no source neuron {index} (of {n}).",
    ),
    "ff.edit.bad_to": (
        "没有目标神经元 {index}（共 {n} 个）。",
        "There is no target neuron {index} (of {n}).",
    ),
    "ff.edit.no_bias": ("这一层没有偏置。", "This layer has no bias."),
}
