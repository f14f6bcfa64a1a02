"""Messages of the autoencoder chapter (pages/ae.py, pages/ae_pca.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ae.nav.train": ("训练自编码器", "Train an autoencoder"),
    "ae.nav.pca": ("与 PCA 对比 · 正则化 · 异常", "PCA, regularisation, anomalies"),
    "ae.title": (
        "自编码器：把 x 压缩成编码 h，再重建出来",
        "Autoencoders: squeeze x into a code h, then rebuild it",
    ),
    "ae.lead": (
        "无监督学习：编码器 $f$ 把输入 $\\mathbf x$ 映射为编码 $\\mathbf h$，解码器 $g$ 由 $\\mathbf h$ 重建 "
        "$\\hat x$；训练目标是重建误差 $\\|\\mathbf x-\\hat x\\|_2^2$ 小，也就是 $\\mathbf h$ 能很好地编码 "
        "$\\mathbf x$ 中的信息。编码维数小于输入维数时是**欠完备自编码器**；在损失上加 $\\lambda\\,\\Omega(\\mathbf h)$ 是**正则化自编码器**。"
        "这里不使用标签，标签只用来给图上色。",
        "Unsupervised learning: the encoder $f$ maps the input $\\mathbf x$ to a code $\\mathbf h$, the decoder $g$ "
        "rebuilds $\\hat x$ from $\\mathbf h$; training makes the reconstruction error "
        "$\\|\\mathbf x-\\hat x\\|_2^2$ small, i.e. $\\mathbf h$ must keep the information in $\\mathbf x$. "
        "A code smaller than the input gives an **undercomplete autoencoder**; adding $\\lambda\\,\\Omega(\\mathbf h)$ "
        "to the loss gives a **regularised autoencoder**. Labels are never used for training, only to colour plots.",
    ),
    "ae.bad_dataset": (
        "该数据集不能用于自编码器，已改用手写数字。",
        "That dataset cannot be used by an autoencoder; the digits are used instead.",
    ),
    "ae.data.swiss_roll": ("瑞士卷（三维中的二维曲面）", "swiss roll (a 2-D sheet in 3-D)"),
    "ae.data.noisy_curve": ("带噪曲线（二维中的一维曲线）", "noisy curve (a 1-D curve in 2-D)"),
    # settings
    "ae.preset": ("示例", "Preset"),
    "ae.preset.digits_2d": ("数字 → 二维编码", "digits → 2-D code"),
    "ae.preset.linear_pca": ("线性自编码器 = PCA", "linear autoencoder = PCA"),
    "ae.preset.denoising": ("去噪自编码器", "denoising autoencoder"),
    "ae.preset.sparse": ("L1 稀疏编码", "L1-sparse code"),
    "ae.preset.swiss_roll": ("瑞士卷 → 二维编码", "swiss roll → 2-D code"),
    "ae.preset.curve_1d": ("曲线 → 一维编码", "curve → 1-D code"),
    "ae.preset.collapse": ("λ 过大：编码坍缩", "λ too large: codes collapse"),
    "ae.preset.conv": ("卷积自编码器", "convolutional autoencoder"),
    "ae.preset_note.digits_2d": (
        "看编码空间：即使只有两个数，同一数字的样本也聚在一起——没有用任何标签。",
        "Watch the code space: with only two numbers per image, digits of one class gather together — no label was used.",
    ),
    "ae.preset_note.linear_pca": (
        "激活函数为线性：训练后的重建误差逼近同维数 PCA 的误差，在第二页可以看到两者子空间的主角度趋于 0。",
        "Linear activations: the reconstruction error approaches that of PCA with as many components; the second page shows the principal angles between the subspaces going to 0.",
    ),
    "ae.preset_note.denoising": (
        "输入加了高斯噪声、目标仍是干净图像：重建图比带噪输入更干净。",
        "Gaussian noise is added to the inputs while the target stays clean: the reconstructions come out cleaner than the noisy inputs.",
    ),
    "ae.preset_note.sparse": (
        "L1 惩罚让编码中多数单元接近 0：比较编码范数和重建误差。",
        "The L1 penalty drives most code units to zero: compare the code norm and the reconstruction error.",
    ),
    "ae.preset_note.swiss_roll": (
        "三维中的卷曲薄片被展开到二维编码里：颜色（沿卷的位置）在编码空间中连续变化。",
        "The rolled-up sheet is unrolled into a 2-D code: the colour (position along the roll) changes smoothly in code space.",
    ),
    "ae.preset_note.curve_1d": (
        "一维编码足以描述这条曲线；一个主成分只能给出一条直线。",
        "A 1-D code is enough for this curve, while one principal component can only give a straight line.",
    ),
    "ae.preset_note.collapse": (
        "λ 很大时，把所有编码压到 0 比重建更划算：所有重建都变成同一张“平均图”。",
        "With a huge λ it pays to squash every code to 0 rather than reconstruct: every reconstruction becomes the same average image.",
    ),
    "ae.preset_note.conv": (
        "卷积编码器与转置卷积解码器，参数比同样效果的全连接网络少。",
        "A convolutional encoder with a transposed-convolution decoder: fewer parameters than a dense net of similar quality.",
    ),
    "ae.dataset": ("数据集", "Dataset"),
    "ae.widths": (
        "编码器各隐藏层宽度（逗号分隔，可为空）",
        "Encoder hidden widths (comma-separated, may be empty)",
    ),
    "ae.widths_help": (
        "例如 64, 32。每层 {lo}–{hi} 个单元，最多 {n} 层；解码器是它的镜像。",
        "E.g. 64, 32. Each layer {lo}–{hi} units, at most {n} layers; the decoder mirrors it.",
    ),
    "ae.bottleneck": ("编码维数 dim(h)（瓶颈）", "Code size dim(h) (bottleneck)"),
    "ae.activation": ("激活函数", "Activation"),
    "ae.conv": ("卷积自编码器", "Convolutional autoencoder"),
    "ae.tied": ("绑定权重（解码器用 Wᵀ）", "Tied weights (decoder uses Wᵀ)"),
    "ae.code_l2": ("λ：Ω(h) = ‖h‖₂ 的权重", "λ: weight of Ω(h) = ‖h‖₂"),
    "ae.code_l1": ("μ：L1 稀疏惩罚 ‖h‖₁ 的权重", "μ: weight of the L1 sparsity penalty ‖h‖₁"),
    "ae.input_noise": ("去噪：输入噪声 σ", "Denoising: input noise σ"),
    "ae.lr": ("学习率 η", "Learning rate η"),
    "ae.batch_size": ("批大小", "Batch size"),
    # errors and warnings
    "ae.error.widths": (
        "隐藏层宽度无效：请输入逗号分隔的整数，每个 {lo}–{hi}，最多 {n} 层。仍在使用上一次的有效设置，训练已暂停。",
        "Invalid widths: enter comma-separated integers, each {lo}–{hi}, at most {n} layers. The last valid setting is kept and training is paused.",
    ),
    "ae.error.bottleneck": (
        "编码维数必须在 {lo}–{hi} 之间。",
        "The code size must be between {lo} and {hi}.",
    ),
    "ae.error.conv_needs_images": (
        "卷积自编码器只适用于图像数据集；请取消“卷积自编码器”或选择图像数据。",
        "The convolutional autoencoder needs an image dataset; untick it or choose image data.",
    ),
    "ae.overcomplete": (
        "编码维数 {k} ≥ 输入维数 {n}：这不再是欠完备自编码器，网络可以直接复制输入。请减小瓶颈或加正则化。",
        "Code size {k} ≥ input size {n}: no longer undercomplete — the net can simply copy its input. Shrink the bottleneck or add regularisation.",
    ),
    "ae.collapse": (
        "编码坍缩了：λ = {lam:g}、μ = {mu:g} 太大，惩罚 ‖h‖ 比重建更划算，所有编码几乎相同，重建只剩平均图像。训练已暂停；请减小 λ / μ 后重置。",
        "The codes collapsed: λ = {lam:g}, μ = {mu:g} are so large that shrinking ‖h‖ pays more than reconstructing; all codes are nearly equal and every reconstruction is the average. Training is paused; lower λ / μ and Reset.",
    ),
    "ae.summary": (
        "输入维数 {n_in} → 编码维数 {k}；参数 {params} 个。",
        "Input size {n_in} → code size {k}; {params} parameters.",
    ),
    # training view
    "ae.test_recon": ("测试重建误差", "Test reconstruction error"),
    "ae.recon_train": ("重建误差 ‖x−x̂‖²（批）", "Reconstruction ‖x−x̂‖² (batch)"),
    "ae.reg_term": ("正则项 λΩ(h)+μ‖h‖₁", "Regulariser λΩ(h)+μ‖h‖₁"),
    "ae.code_norm": ("平均 ‖h‖₂", "Mean ‖h‖₂"),
    "ae.recons": ("测试集上的重建", "Reconstructions on the test set"),
    "ae.original": ("原图 x", "original x"),
    "ae.reconstruction": ("重建 x̂", "reconstruction x̂"),
    "ae.per_class": ("各类别的平均重建误差", "Mean reconstruction error per class"),
    "ae.error": ("‖x−x̂‖²", "‖x−x̂‖²"),
    "ae.worst": ("重建最差的样本（上方数字为误差）", "Worst reconstructed (error on top)"),
    "ae.data": ("数据 x", "data x"),
    "ae.position": ("位置 t", "position t"),
    "ae.code_space": ("编码空间", "Code space"),
    "ae.code_space_help": (
        "测试集每个样本的编码 h（共 {k} 维），按类别或位置上色。用滑块选择一个编码点（或点击图中的一个点），看它被解码成什么；双击空白处取消点选。",
        "The code h ({k} dims) of every test example, coloured by class or position. Pick a code with the sliders (or click a point in the chart) and see its decoding; double-click empty space to clear the click.",
    ),
    "ae.code_space_pca": (
        "编码有 {k} 维：这里画的是编码的前两个主成分（对编码做 PCA）。滑块沿这两个方向移动（以标准差为单位），也可以点击图中的点。",
        "The code has {k} dims: shown are the codes' first two principal components (PCA of the codes). The sliders move along them (in standard deviations); you can also click a point.",
    ),
    "ae.pc": ("编码主成分 {i}", "code PC {i}"),
    "ae.pick": ("编码坐标 {i}（标准差）", "Code coordinate {i} (std devs)"),
    "ae.pick_help": ("0 是编码的平均值。", "0 is the mean code."),
    "ae.interp_a": ("插值起点：测试样本编号", "Interpolate from test example #"),
    "ae.interp_b": ("插值终点：测试样本编号", "to test example #"),
    "ae.picked": ("选中的编码", "picked code"),
    "ae.path": ("编码空间中的插值路径", "path through code space"),
    "ae.decoded": ("解码 g(h)", "decoded g(h)"),
    "ae.ends": ("两端原图", "the two ends"),
    "ae.interp_title": ("在编码空间中插值后解码", "Decoded along a straight line in code space"),
    # page 2: PCA, regularisation, anomalies
    "ae.pca.title": (
        "自编码器与 PCA、正则化、异常检测",
        "Autoencoders beside PCA, regularisation, anomalies",
    ),
    "ae.pca.lead": (
        "同样的 k 维编码，PCA 用闭式解（SVD），自编码器靠梯度下降。线性自编码器最终学到的正是主成分张成的子空间；"
        "非线性自编码器可以做得更好。然后看正则项 Ω(h) 对编码做了什么，最后把重建误差当作异常分数。",
        "The same k-dimensional code: PCA in closed form (SVD), the autoencoder by gradient descent. A linear "
        "autoencoder ends up spanning exactly the principal subspace; a nonlinear one can do better. Then see what "
        "the regulariser Ω(h) does to the codes, and use the reconstruction error as an anomaly score.",
    ),
    "ae.pca.h_pca": ("1. 与 PCA 并排", "1. PCA beside it"),
    "ae.pca.baldi": (
        "激活函数为线性时，自编码器 $\\hat x = W_d W_e \\mathbf x$ 的最优解张成前 $k$ 个主成分 $\\mathbf v_1,\\dots,\\mathbf v_k$ "
        "的子空间（Baldi & Hornik, 1989）：重建误差等于 PCA 的误差，两个子空间之间的主角度为 0。",
        "With linear activations the best autoencoder $\\hat x = W_d W_e \\mathbf x$ spans the subspace of the first "
        "$k$ principal components $\\mathbf v_1,\\dots,\\mathbf v_k$ (Baldi & Hornik, 1989): the same reconstruction "
        "error as PCA, and principal angles of 0 between the two subspaces.",
    ),
    "ae.pca.arch": ("编码器隐藏层", "Encoder hidden layers"),
    "ae.arch.shallow": ("无（x → h → x̂）", "none (x → h → x̂)"),
    "ae.arch.one": ("一层 32", "one of 32"),
    "ae.arch.two": ("两层 64, 32", "two: 64, 32"),
    "ae.pca.k": ("编码维数 k", "Code size k"),
    "ae.pca.no_hidden": (
        "没有隐藏层时网络本身就是线性的，所选激活函数不起作用；加一层隐藏层才有非线性。",
        "Without hidden layers the network is linear whatever the activation; add a hidden layer for a nonlinear autoencoder.",
    ),
    "ae.pca.ae_train": ("自编码器训练误差", "Autoencoder train error"),
    "ae.pca.pca_train": ("PCA 训练误差", "PCA train error"),
    "ae.pca.ratio": ("误差比 AE / PCA", "Error ratio AE / PCA"),
    "ae.pca.test_pair": ("测试误差 AE / PCA", "Test error AE / PCA"),
    "ae.pca.ae_point": ("自编码器", "autoencoder"),
    "ae.pca.pca_line": ("PCA（k 个主成分）", "PCA (k components)"),
    "ae.pca.train_error": ("训练集平均 ‖x−x̂‖²", "mean ‖x−x̂‖² on the training set"),
    "ae.pca.curve_title": ("重建误差与编码维数 k", "Reconstruction error against code size k"),
    "ae.pca.k_too_big": (
        "k = {k} ≥ 输入维数 {d}：两个子空间都是整个空间，主角度没有意义。",
        "k = {k} ≥ input size {d}: both subspaces are the whole space, principal angles mean nothing.",
    ),
    "ae.pca.angles_title": (
        "解码器子空间与主子空间的主角度",
        "Principal angles: decoder subspace vs principal subspace",
    ),
    "ae.pca.degrees": ("角度（度）", "angle (degrees)"),
    "ae.pca.angles_help": (
        "最大角度 {max:.2f}°。线性自编码器训练收敛后所有角度趋于 0；非线性时这里比较的是解码器在 h = 0 处的切空间。",
        "Largest angle {max:.2f}°. For a linear autoencoder all angles go to 0 as training converges; for a nonlinear one this compares the decoder's tangent space at h = 0.",
    ),
    "ae.pca.ae_row": ("自编码器", "autoencoder"),
    "ae.pca.pca_row": ("PCA（k = {k}）", "PCA (k = {k})"),
    "ae.pca.h_reg": ("2. 正则化做了什么", "2. What regularisation does"),
    "ae.pca.reg_lead": (
        "在手写数字上训练四个相同的自编码器（64 → 16 → 64，ReLU），只改变正则项：无、λΩ(h) = λ‖h‖₂、L1 稀疏 μ‖h‖₁、去噪（输入加噪声 σ）。"
        "比较编码范数、编码单元的取值分布和重建误差。",
        "Four identical autoencoders (64 → 16 → 64, ReLU) trained on the digits, differing only in the regulariser: "
        "none, λΩ(h) = λ‖h‖₂, L1 sparsity μ‖h‖₁, denoising (input noise σ). Compare the code norms, the code units' "
        "values and the reconstruction error.",
    ),
    "ae.pca.steps": ("训练步数", "Training steps"),
    "ae.run.plain": ("无正则", "no regulariser"),
    "ae.run.omega": ("λ‖h‖₂", "λ‖h‖₂"),
    "ae.run.l1": ("μ‖h‖₁ 稀疏", "μ‖h‖₁ sparse"),
    "ae.run.denoise": ("去噪", "denoising"),
    "ae.pca.run": ("训练这四个模型", "Train the four models"),
    "ae.pca.run_first": (
        "点击“训练这四个模型”（几秒钟）后，这里会显示结果。",
        "Press “Train the four models” (a few seconds) to see the results here.",
    ),
    "ae.pca.fraction": ("比例", "fraction"),
    "ae.pca.norm_hist": ("测试集编码范数 ‖h‖₂ 的分布", "Code norms ‖h‖₂ on the test set"),
    "ae.pca.act_hist": ("编码单元取值 |hⱼ| 的分布", "Code unit values |hⱼ|"),
    "ae.pca.zeros": (
        "|hⱼ| < 0.05 的比例（L1 使更多单元接近 0）：{list}",
        "Share of code units with |hⱼ| < 0.05 (L1 pushes more of them to 0): {list}",
    ),
    "ae.pca.h_denoise": (
        "去噪：带噪输入、重建、干净原图",
        "Denoising: noisy input, reconstruction, clean original",
    ),
    "ae.pca.noisy": ("带噪输入 x̃", "noisy input x̃"),
    "ae.pca.clean": ("干净原图 x", "clean original x"),
    "ae.pca.h_anomaly": ("3. 重建误差作为异常分数", "3. Reconstruction error as an anomaly score"),
    "ae.pca.anomaly_lead": (
        "自编码器只学会了重建与训练数据相似的输入。用上面“无正则”的数字模型给图像打分 ‖x − x̂‖²：不像数字的图像（几何图形、随机噪声、你上传的图片）分数更高。"
        "阈值取训练集分数的 95% 分位数。",
        "An autoencoder only learns to rebuild inputs like its training data. Score images by ‖x − x̂‖² with the digits model "
        "trained above without a regulariser: images unlike digits (shapes, random noise, your upload) score higher. "
        "The threshold is the 95th percentile of the training scores.",
    ),
    "ae.pca.g.digits": ("测试集数字", "test digits"),
    "ae.pca.g.shapes": ("几何图形", "shapes"),
    "ae.pca.g.noise": ("随机噪声", "random noise"),
    "ae.pca.threshold": ("阈值", "threshold"),
    "ae.pca.upload": ("上传一张图片打分（PNG / JPEG）", "Upload an image to score (PNG / JPEG)"),
    "ae.pca.yours": ("你的图片", "your image"),
    "ae.pca.your_score": ("你的图片的异常分数", "Your image's anomaly score"),
    "ae.pca.flagged": ("高于阈值：异常", "above the threshold: anomaly"),
    "ae.pca.normal": ("低于阈值：正常", "below the threshold: normal"),
    "ae.pca.score": ("异常分数 ‖x − x̂‖²", "anomaly score ‖x − x̂‖²"),
    "ae.pca.anomaly_hist": ("异常分数的分布", "Anomaly scores"),
    "ae.pca.flag_rates": (
        "阈值 {thr:.3g}；高于阈值的比例：{list}",
        "Threshold {thr:.3g}; share above it: {list}",
    ),
}
