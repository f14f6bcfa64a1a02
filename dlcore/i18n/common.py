"""Messages shared by every page: the shell, config notices, training stops, uploads."""

MESSAGES: dict[str, tuple[str, str]] = {
    # app shell
    "shell.language": ("语言", "Language"),
    "shell.lang.zh": ("中文", "中文"),
    "shell.lang.en": ("English", "English"),
    "shell.device": ("计算设备", "Compute device"),
    "shell.device_help": (
        "更换设备后，在训练页面点击“重置”生效。",
        "A new device applies at the next Reset of a training page.",
    ),
    "shell.seed": ("随机种子", "Random seed"),
    "shell.seed_help": (
        "相同的配置与种子给出相同的结果。",
        "The same config and seed give the same numbers.",
    ),
    "shell.bad_lang": (
        "网址中的语言 “{value}” 无法识别，已使用默认语言。",
        "The language “{value}” in the URL is unknown; the default is used.",
    ),
    "preset.custom": ("自定义（不是预设）", "custom (not a preset)"),
    "preset.custom_note": (
        "当前设置与任何预设都不同；从列表中选一个预设即可载入。",
        "These settings differ from every preset; pick one from the list to load it.",
    ),
    # navigation sections (the lecture's table of contents)
    "nav.home": ("首页", "Home"),
    "nav.start": ("开始", "Start"),
    "chapter.history": ("深度学习简史", "A short history"),
    "chapter.ff": ("前馈神经网络", "Feedforward networks"),
    "chapter.training": ("神经网络的训练", "Training"),
    "chapter.cnn": ("卷积神经网络", "Convolutional networks"),
    "chapter.rnn": ("循环神经网络", "Recurrent networks"),
    "chapter.ae": ("自编码器", "Autoencoders"),
    # config notices
    "config.notice.unknown": (
        "未知参数 “{field}”（值 {value}）已被忽略。",
        "Unknown setting “{field}” (value {value}) was ignored.",
    ),
    "config.notice.type": (
        "参数 “{field}” 的值 {value} 类型不对，已使用默认值。",
        "Setting “{field}” has a value of the wrong type ({value}); the default is used.",
    ),
    "config.notice.range": (
        "参数 “{field}” 的值 {value} 超出范围，已使用默认值。",
        "Setting “{field}” is out of range ({value}); the default is used.",
    ),
    "config.notice.clamped": (
        "参数 “{field}” 的值超出范围，已限制为：{value}。",
        "“{field}” was out of range and is clamped: {value}.",
    ),
    "config.notice.choice": (
        "参数 “{field}” 的值 {value} 不是可选项，已使用默认值。",
        "Setting “{field}” has no option {value}; the default is used.",
    ),
    "config.notice.inapplicable": (
        "参数 “{field}”（值 {value}）不属于这个模型类型，已被忽略。",
        "Setting “{field}” (value {value}) does not apply to this model family and was ignored.",
    ),
    "config.notices_title": (
        "网址或配置文件中有无效参数：",
        "Some settings in the URL or config file were invalid:",
    ),
    "config.error.not_object": ("配置必须是一个 JSON 对象。", "The config must be a JSON object."),
    "config.error.too_big": (
        "配置文件过大（上限 {limit} 字节）。",
        "The config file is too large (limit {limit} bytes).",
    ),
    "config.error.not_utf8": ("配置文件不是 UTF-8 文本。", "The config file is not UTF-8 text."),
    "config.error.not_json": (
        "配置文件不是有效的 JSON：{detail}",
        "The config file is not valid JSON: {detail}",
    ),
    "config.error.depth": (
        "配置文件嵌套过深（上限 {limit} 层），已拒绝。",
        "The config file is nested too deeply (limit {limit} levels); refused.",
    ),
    "config.error.number": (
        "配置文件中有过长或无效的数字（{detail}），已拒绝。",
        "The config file holds a number that is too long or invalid ({detail}); refused.",
    ),
    "config.error.string": (
        "配置文件中有过长的字符串（上限 {limit} 个字符），已拒绝。",
        "The config file holds a string that is too long (limit {limit} characters); refused.",
    ),
    "config.error.items": (
        "配置文件中的列表或对象元素过多（上限 {limit} 个），已拒绝。",
        "A list or object in the config file has too many elements (limit {limit}); refused.",
    ),
    "config.error.duplicate": (
        "配置文件中的键 “{name}” 出现了两次，已拒绝。",
        "The key “{name}” appears twice in the config file; refused.",
    ),
    "config.error.family_data": (
        "模型类型 “{family}” 不能用于数据集 “{data}”。",
        "Model family “{family}” cannot learn the dataset “{data}”.",
    ),
    "device.unavailable": (
        "设备 “{device}” 在这台机器上不可用。",
        "Device “{device}” is not available on this machine.",
    ),
    "limits.params": (
        "模型有 {n} 个参数，超过上限 {limit}。请减小网络。",
        "The model has {n} parameters, over the limit of {limit}. Make the network smaller.",
    ),
    # training
    "train.play": ("▶ 播放", "▶ Play"),
    "train.pause": ("⏸ 暂停", "⏸ Pause"),
    "train.step": ("单步（一个批次）", "Step (one batch)"),
    "train.step_epoch": ("单步（一轮）", "Step (one epoch)"),
    "train.reset": ("重置", "Reset"),
    "train.epoch": ("轮次 (epoch)", "Epoch"),
    "train.steps": ("步数", "Steps"),
    "train.train_loss": ("训练损失", "Train loss"),
    "train.test_loss": ("测试损失", "Test loss"),
    "train.train_acc": ("训练准确率", "Train accuracy"),
    "train.test_acc": ("测试准确率", "Test accuracy"),
    "train.loss": ("损失", "Loss"),
    "train.accuracy": ("准确率", "Accuracy"),
    "train.grad_norm": ("梯度范数", "Gradient norm"),
    "train.step_axis": ("训练步数", "Training step"),
    "train.layer": ("层", "Layer"),
    "train.stop.nonfinite": (
        "训练在第 {step} 步发散：损失变成了 NaN 或无穷大。已暂停并保留最后一个正常的状态。请减小学习率。",
        "Training diverged at step {step}: the loss became NaN or infinite. Paused; the last good state is kept. Try a smaller learning rate.",
    ),
    "train.stop.target_acc": (
        "第 {step} 步达到目标：测试准确率 {value:.3f} ≥ {target:.3f}。已自动暂停；继续训练将不再因此目标暂停。",
        "Target reached at step {step}: test accuracy {value:.3f} ≥ {target:.3f}. Paused automatically; resuming trains on without this target.",
    ),
    "train.stop.target_loss": (
        "第 {step} 步达到目标：测试损失 {value:.4g} ≤ {target:.4g}。已自动暂停；继续训练将不再因此目标暂停。",
        "Target reached at step {step}: test loss {value:.4g} ≤ {target:.4g}. Paused automatically; resuming trains on without this target.",
    ),
    "train.stop_acc": ("目标测试准确率（0 = 关闭）", "Target test accuracy (0 = off)"),
    "train.stop_loss": ("目标测试损失（0 = 关闭）", "Target test loss (0 = off)"),
    "train.rewind.same": ("相同的初始权重", "same initial weights"),
    "train.rewind.new": ("新的初始权重", "new initial weights"),
    "train.rewind.help": (
        "“相同的初始权重”完全重放这次训练（同样的初始化和同样的批次顺序）；“新的初始权重”换一个随机种子。",
        "“Same initial weights” replays this run exactly (same initialisation, same batch order); “new initial weights” draws a new seed.",
    ),
    "train.stop.exploded": (
        "训练在第 {step} 步发散：损失暴涨到 {loss:.3g}。已暂停并保留最后一个正常的状态。请减小学习率。",
        "Training diverged at step {step}: the loss exploded to {loss:.3g}. Paused; the last good state is kept. Try a smaller learning rate.",
    ),
    "train.stop.grad_nonfinite": (
        "训练在第 {step} 步发散：梯度变成了 NaN 或无穷大。已暂停并保留最后一个正常的状态。请减小学习率或开启梯度裁剪。",
        "Training diverged at step {step}: the gradient became NaN or infinite. Paused; the last good state is kept. Try a smaller learning rate or gradient clipping.",
    ),
    "train.stop.params_nonfinite": (
        "训练在第 {step} 步发散：参数溢出。已暂停并保留最后一个正常的状态。请减小学习率。",
        "Training diverged at step {step}: the parameters overflowed. Paused; the last good state is kept. Try a smaller learning rate.",
    ),
    "train.device_pending": (
        "侧边栏选择了 {new}，当前模型在 {old} 上；点击“重置”后切换。",
        "The sidebar selects {new}; this model runs on {old}. Press Reset to switch.",
    ),
    # share and keep
    "share.title": ("分享与保存", "Share and keep"),
    "share.link_help": (
        "浏览器地址栏中的网址包含全部设置：复制它即可分享同一个实验。",
        "The address bar holds every setting: copy it to share this exact experiment.",
    ),
    "share.download_config": ("下载配置 (JSON)", "Download config (JSON)"),
    "share.upload_config": ("上传配置 (JSON)", "Upload a config (JSON)"),
    "share.download_weights": ("下载权重 (safetensors)", "Download weights (safetensors)"),
    "share.upload_weights": ("上传权重 (safetensors)", "Upload weights (safetensors)"),
    "share.config_loaded": ("已载入配置。", "Config loaded."),
    "share.weights_loaded": ("已载入权重。", "Weights loaded."),
    "share.cli_hint": (
        "在命令行中运行同一个实验：",
        "Run the same experiment from the command line:",
    ),
    # show the code (dlcore/codegen.py)
    "code.show": ("显示代码", "Show the code"),
    "code.help": (
        "本实验写成一个独立的 PyTorch 脚本（不需要 dlcore）：同样的数据、模型、训练循环和随机种子，得到与本页和命令行相同的数值。",
        "This experiment as a standalone PyTorch script (no dlcore needed): the same data, model, training loop and seed give the numbers of this page and of the CLI.",
    ),
    "code.download": ("下载脚本 (.py)", "Download the script (.py)"),
    "code.run_hint": (
        "运行：python {file} --steps 1000（输出一行 JSON 最终指标）；也可用 python -m dlcore code 配置.json 生成。",
        "Run: python {file} --steps 1000 (prints one JSON line of final metrics); python -m dlcore code CONFIG.json writes the same script.",
    ),
    "code.custom_data": (
        "脚本生成的是配置中的数据集，而不是你上传的数据。",
        "The script builds the config's dataset, not the data you uploaded.",
    ),
    "code.error.dataset": (
        "无法为数据集 {name} 生成代码。",
        "No code export for the dataset {name}.",
    ),
    "code.error.module": ("无法为此网络结构生成代码。", "No code export for this network."),
    "code.error.init": (
        "无法为初始化 {name} 生成代码。",
        "No code export for the initialisation {name}.",
    ),
    "weights.error.not_safetensors": (
        "不是 safetensors 文件，已拒绝（不会执行其中的任何内容）。",
        "Not a safetensors file; refused (nothing in it was executed).",
    ),
    "weights.error.header": (
        "不是本网络的 safetensors 文件：文件头长度 {n} 字节超出上限 {limit}，已拒绝（未读取其余内容）。",
        "Not a safetensors file for this network: a header of {n} bytes exceeds the limit of {limit}; refused (nothing else was read).",
    ),
    "weights.error.too_big": (
        "文件过大（上限 {limit_mb} MB）。",
        "The file is too large (limit {limit_mb} MB).",
    ),
    "weights.error.keys": (
        "权重与当前网络结构不符：缺少 {missing}；多出 {extra}。",
        "The weights do not match this network: missing {missing}; unexpected {extra}.",
    ),
    "weights.error.shape": (
        "权重 “{name}” 的形状是 {got}，当前网络需要 {want}。",
        "Weight “{name}” has shape {got}; this network needs {want}.",
    ),
    "weights.error.dtype": (
        "权重 “{name}” 的类型是 {got}，需要 {want}。",
        "Weight “{name}” has dtype {got}; {want} is needed.",
    ),
    "weights.error.nonfinite": (
        "权重 “{name}” 含有 NaN 或无穷大。",
        "Weight “{name}” contains NaN or infinity.",
    ),
    # names that travel through registries
    "act.relu": ("ReLU", "ReLU"),
    "act.tanh": ("tanh", "tanh"),
    "act.sigmoid": ("sigmoid", "sigmoid"),
    "act.linear": ("线性", "linear"),
    "act.leaky_relu": ("Leaky ReLU", "Leaky ReLU"),
    "act.gelu": ("GELU", "GELU"),
    "act.elu": ("ELU", "ELU"),
    "act.softplus": ("softplus", "softplus"),
    "act.mish": ("Mish", "Mish"),
    "init.zeros": ("全零", "zeros"),
    "init.uniform": ("均匀 ±0.5（TF Playground）", "uniform ±0.5 (TF Playground)"),
    "init.small_uniform": ("小均匀 ±0.05", "small uniform ±0.05"),
    "init.normal": ("正态 N(0,1)", "normal N(0,1)"),
    "init.xavier": ("Xavier (Glorot)", "Xavier (Glorot)"),
    "init.he": ("He (Kaiming)", "He (Kaiming)"),
    "opt.sgd": ("SGD", "SGD"),
    "opt.momentum": ("SGD + 动量", "SGD + momentum"),
    "opt.nesterov": ("Nesterov 动量", "Nesterov momentum"),
    "opt.rmsprop": ("RMSProp", "RMSProp"),
    "opt.adam": ("Adam", "Adam"),
    "loss.mse": ("平方损失 (MSE)", "squared loss (MSE)"),
    "loss.mse_half": ("½ 平方损失", "½ squared loss"),
    "loss.bce": ("交叉熵 (sigmoid)", "cross-entropy (sigmoid)"),
    "loss.ce": ("交叉熵 (softmax)", "cross-entropy (softmax)"),
    "loss.auto": ("自动", "auto"),
    "family.mlp": ("多层感知机", "MLP"),
    "family.cnn": ("卷积网络", "CNN"),
    "family.rnn": ("循环网络", "RNN"),
    "family.ae": ("自编码器", "Autoencoder"),
    "data.circle": ("圆", "circle"),
    "data.xor": ("异或 (XOR)", "XOR"),
    "data.gauss": ("两团高斯", "two Gaussians"),
    "data.spiral": ("螺旋", "spiral"),
    "data.moons": ("双月", "moons"),
    "data.spiral_k": ("多臂螺旋（K 类）", "K-arm spiral (K classes)"),
    "data.blobs": ("K 团高斯（K 类）", "K Gaussian blobs (K classes)"),
    "data.n_classes": ("类别数 K", "classes K"),
    "data.reg_plane": ("回归：平面", "regression: plane"),
    "data.reg_gauss": ("回归：高斯混合", "regression: mixture of Gaussians"),
    "data.digits": ("手写数字 (8×8)", "handwritten digits (8×8)"),
    "data.custom": ("我的数据 (CSV)", "my data (CSV)"),
}
