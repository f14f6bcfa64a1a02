"""Messages of the GAN page (pages/gan.py, dlcore/gan.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "gan.nav": ("生成对抗网络 GAN", "A GAN, trained live"),
    "history.page.gan": ("训练一个 GAN", "Train a GAN"),
    "lecture.s.gan": (
        "生成器 G 把噪声 z 变成点，判别器 D 给每个点打分 D(x)：交替训练 D 和 G（先单步各试几次），"
        "看紫色的假点沿箭头爬向 D 认为“真”的地方；再载入“模式坍缩”示例，看 G 只占据一个模式并在模式间跳动。",
        "The generator G turns noise z into points, the discriminator D scores every point with D(x): "
        "train D and G in turn (try single steps of each first) and watch the purple fake points climb "
        "along the arrows to where D says “real”; then load the mode-collapse preset and watch G sit on "
        "one mode and hop between modes.",
    ),
    "gan.title": (
        "生成对抗网络：生成器与判别器的博弈",
        "Generative adversarial networks: a generator plays against a discriminator",
    ),
    "gan.lead": (
        "生成器 $G$ 把随机噪声 $z$ 映射成平面上的点 $G(z)$；判别器 $D$ 输出一个点来自真实数据的概率 $D(x)$。"
        "$D$ 学习把真点（绿）与假点（紫）分开，$G$ 学习骗过 $D$。两者交替训练：**训练 D** 一步、**训练 G** 一步，"
        "就像 GAN Lab 那样。理想的终点是 $G$ 的分布等于数据分布、处处 $D(x)=\\tfrac12$。",
        "The generator $G$ maps random noise $z$ to points $G(z)$ in the plane; the discriminator $D$ "
        "outputs the probability $D(x)$ that a point comes from the real data. $D$ learns to tell real "
        "points (green) from fakes (purple), $G$ learns to fool $D$. They train in turn — a **D step**, "
        "then a **G step**, as in GAN Lab. The ideal end: $G$'s distribution equals the data's and "
        "$D(x)=\\tfrac12$ everywhere.",
    ),
    # settings
    "gan.preset": ("示例", "Preset"),
    "gan.load_preset": ("载入示例", "Load preset"),
    "gan.preset.healthy": ("健康的训练（8 个高斯）", "healthy run (8 Gaussians)"),
    "gan.preset.mode_collapse": ("模式坍缩（8 个高斯）", "mode collapse (8 Gaussians)"),
    "gan.preset_note.healthy": (
        "G 和 D 的学习率相同、每步交替：假点先聚成一团，再被 D 的梯度推开，大约一千步后覆盖全部 8 个模式。",
        "With equal learning rates for G and D, alternating one step each, the fake points first form "
        "one blob, then D's gradient pushes them apart until they cover all 8 modes after about a "
        "thousand steps.",
    ),
    "gan.preset_note.mode_collapse": (
        "G 的学习率是 D 的 15 倍：G 把所有点堆到一个模式上，D 追上来后 G 又跳到另一个模式——它永远覆盖不了 8 个（模式坍缩）。",
        "The generator learns 15× faster than the discriminator: it piles all its points onto one mode, "
        "D catches up, G hops to another mode — it never covers all eight (mode collapse).",
    ),
    "gan.target": ("目标分布", "Target distribution"),
    "gan.target.gauss8": ("8 个高斯的混合", "mixture of 8 Gaussians"),
    "gan.target.ring": ("圆环", "ring"),
    "gan.target.moons": ("两个月牙", "two moons"),
    "gan.target.drawn": ("自己画的点", "points you draw"),
    "gan.draw_help": (
        "点击或用套索圈选网格来添加目标点（已有 {n} 个，最多 {max} 个）。",
        "Click or lasso the grid to add target points ({n} so far, at most {max}).",
    ),
    "gan.drawn": ("画的点", "drawn points"),
    "gan.clear": ("清空", "Clear"),
    "gan.error.few_points": (
        "请至少画 3 个点（现在 {n} 个）。",
        "Draw at least 3 points (now {n}).",
    ),
    "gan.g_loss": ("生成器的损失", "Generator loss"),
    "gan.g_loss_help": (
        "极小极大：G 最小化 log(1 − D(G(z)))，即原始博弈；D 很确定时梯度几乎为零（饱和）。"
        "非饱和：G 最小化 −log D(G(z))，同一个不动点，但训练初期梯度大得多。",
        "Minimax: G minimises log(1 − D(G(z))), the original game; its gradient vanishes when D is "
        "confident (saturation). Non-saturating: G minimises −log D(G(z)), same fixed point, much "
        "larger gradients early on.",
    ),
    "gan.loss.nonsaturating": ("非饱和  −log D(G(z))", "non-saturating  −log D(G(z))"),
    "gan.loss.minimax": ("极小极大  log(1 − D(G(z)))", "minimax  log(1 − D(G(z)))"),
    "gan.loss_note.nonsaturating": (
        "均衡时 D(x)=½，L_D = 2 log 2 ≈ 1.39，L_G = log 2 ≈ 0.69（损失图中的虚线）。",
        "At the equilibrium D(x)=½, L_D = 2 log 2 ≈ 1.39 and L_G = log 2 ≈ 0.69 (dotted lines in the "
        "loss plot).",
    ),
    "gan.loss_note.minimax": (
        "均衡时 D(x)=½，L_D = 2 log 2 ≈ 1.39，L_G = −log 2 ≈ −0.69（损失图中的虚线；L_G 为负，所以损失图只能用线性坐标）。",
        "At the equilibrium D(x)=½, L_D = 2 log 2 ≈ 1.39 and L_G = −log 2 ≈ −0.69 (dotted lines; L_G is negative, so the "
        "loss plot stays linear).",
    ),
    "gan.k_d": ("每次 G 更新前 D 的更新次数 k", "D updates per G update, k"),
    "gan.k_d_help": (
        "原始 GAN 算法：每训练 k 步判别器，再训练 1 步生成器。",
        "The original GAN algorithm: k discriminator steps, then one generator step.",
    ),
    "gan.g_lr": ("G 的学习率", "G learning rate"),
    "gan.g_lr_help": ("生成器的 Adam 学习率。", "The generator's Adam learning rate."),
    "gan.d_lr": ("D 的学习率", "D learning rate"),
    "gan.d_lr_help": ("判别器的 Adam 学习率。", "The discriminator's Adam learning rate."),
    "gan.networks": ("网络大小", "Network sizes"),
    "gan.g_width": ("G 每层宽度", "G width"),
    "gan.g_width_help": (
        "生成器每个隐藏层的神经元数。",
        "Neurons in each hidden layer of the generator.",
    ),
    "gan.d_width": ("D 每层宽度", "D width"),
    "gan.d_width_help": (
        "判别器每个隐藏层的神经元数。",
        "Neurons in each hidden layer of the discriminator.",
    ),
    "gan.g_layers": ("G 隐藏层数", "G hidden layers"),
    "gan.g_layers_help": ("生成器的隐藏层数。", "Number of hidden layers of the generator."),
    "gan.d_layers": ("D 隐藏层数", "D hidden layers"),
    "gan.d_layers_help": ("判别器的隐藏层数。", "Number of hidden layers of the discriminator."),
    "gan.noise_dim": ("噪声 z 的维数", "Noise size (dim z)"),
    "gan.noise_dim_help": ("z ~ N(0, I) 的维数。", "Dimension of z ~ N(0, I)."),
    "gan.batch_size": ("批大小", "Batch size"),
    "gan.batch_size_help": (
        "每次更新用的真点数和假点数。",
        "Real and fake points per update.",
    ),
    "gan.activation": ("激活函数", "Activation"),
    # controls
    "gan.step_d": ("训练 D 一步", "Step D"),
    "gan.step_d_help": (
        "判别器更新一次（生成器不动）。",
        "One discriminator update (the generator stays put).",
    ),
    "gan.step_g": ("训练 G 一步", "Step G"),
    "gan.step_g_help": (
        "生成器更新一次（判别器不动）：假点沿红色箭头移动。",
        "One generator update (the discriminator stays put): the fake points move along the red "
        "arrows.",
    ),
    "gan.log_y": ("损失用对数坐标", "Log scale for the losses"),
    # metrics and figures
    "gan.d_steps": ("D 的更新次数", "D updates"),
    "gan.g_steps": ("G 的更新次数", "G updates"),
    "gan.d_real": ("真点的 D(x)", "D(x), real"),
    "gan.d_real_help": (
        "所有真点上 D(x) 的平均值；均衡时为 ½。",
        "Mean of D(x) over the real points; ½ at the equilibrium.",
    ),
    "gan.d_fake": ("假点的 D(G(z))", "D(G(z)), fake"),
    "gan.d_fake_help": (
        "生成点上 D 的平均值：接近 0 说明 D 轻易识破了假点；均衡时为 ½。",
        "Mean of D over the generated points: near 0, D easily spots the fakes; ½ at the equilibrium.",
    ),
    "gan.modes": ("覆盖的模式", "Modes covered"),
    "gan.modes_help": (
        "至少 2% 的生成点落在模式中心 0.3 以内才算覆盖。",
        "A mode counts as covered when at least 2% of the generated points lie within 0.3 of its centre.",
    ),
    "gan.real": ("真实数据 x", "real data x"),
    "gan.fake": ("生成的点 G(z)", "generated G(z)"),
    "gan.mode_hit": ("已覆盖的模式", "mode covered"),
    "gan.mode_missed": ("未覆盖的模式", "mode missed"),
    "gan.arrows": ("G 的梯度 −∂L_G/∂x", "G's gradient −∂L_G/∂x"),
    "gan.fig_points": ("真实的点与生成的点", "Real and generated points"),
    "gan.fig_d": ("判别器的输出 D(x)", "The discriminator's output D(x)"),
    "gan.fig_grad": ("生成器把假点往哪里推", "Where the generator pushes the fakes"),
    "gan.fig_loss": ("两个损失", "Both losses"),
    "gan.updates": ("更新次数（D + G）", "updates (D + G)"),
    # stops
    "gan.stop.d_wins": (
        "判别器完胜（第 {step} 次更新）：L_D = {loss}，D(G(z)) ≈ {dfake}，生成器几乎得不到梯度，卡住了。"
        "已暂停，并恢复到最后一个正常的状态（第 {good} 次更新）。试试非饱和损失、更小的 k 或更小的 D 学习率。",
        "The discriminator won outright (update {step}): L_D = {loss}, D(G(z)) ≈ {dfake}; the generator "
        "gets almost no gradient and is stuck. Paused, and the last good state (update {good}) is kept. "
        "Try the non-saturating loss, a smaller k or a smaller D learning rate.",
    ),
    "gan.stop.nonfinite": (
        "第 {step} 次更新时 {net} 的损失或参数变成了 NaN / 无穷大。已暂停，并恢复到最后一个正常的状态（第 {good} 次更新）。"
        "试试更小的学习率。",
        "At update {step} the loss or weights of {net} became NaN / infinite. Paused, and the last good "
        "state (update {good}) is kept. Try smaller learning rates.",
    ),
}
