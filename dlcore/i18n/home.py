"""Home page."""

MESSAGES: dict[str, tuple[str, str]] = {
    "home.title": ("🧠 深度学习游乐场", "🧠 DL Playground"),
    "home.lead": (
        "一个可以动手的深度学习基础课：亲手搭建多层感知机、卷积网络、循环网络和自编码器，"
        "在 CPU 或 GPU 上用真正的 PyTorch 实时训练，并看清楚里面发生了什么——激活函数和它们的导数、"
        "决策边界、卷积核与特征图、消失或爆炸的梯度、LSTM 的门、重建与隐空间。",
        "A hands-on course in the fundamentals of deep learning: build MLPs, CNNs, RNNs and "
        "autoencoders, train them live with real PyTorch on CPU or GPU, and see what happens "
        "inside — activations and their derivatives, decision boundaries, kernels and feature "
        "maps, vanishing or exploding gradients, LSTM gates, reconstructions and latent spaces.",
    ),
    "home.chapters": ("章节（按课程目录）", "Chapters (the lecture's table of contents)"),
    "home.line.history": (
        "McCulloch–Pitts 神经元、感知机、时间线与 GLUE 表，激活函数与损失函数。",
        "McCulloch–Pitts neurons, the perceptron, the timeline and the GLUE table; activations and losses.",
    ),
    "home.line.ff": (
        "搭建一个多层感知机，在二维数据上实时训练，看决策边界和每个神经元。",
        "Build an MLP, train it live on 2-D data, watch the decision boundary and every neuron.",
    ),
    "home.line.training": (
        "看梯度下降在损失曲面上走，逐步演算反向传播，观察梯度消失与爆炸。",
        "Watch gradient descent on a loss surface, step through backpropagation, see gradients vanish or explode.",
    ),
    "home.line.cnn": (
        "编辑卷积核、看特征图与池化、验证平移等变，并在真实手写数字上训练 CNN。",
        "Edit kernels, see feature maps and pooling, check translation equivariance, train a CNN on real digits.",
    ),
    "home.line.rnn": (
        "RNN、LSTM、GRU 对比训练，读出 LSTM 的门，看梯度随时间消失或爆炸。",
        "Train RNN, LSTM and GRU side by side, read the LSTM's gates, see gradients through time.",
    ),
    "home.line.ae": (
        "欠完备与正则化自编码器，重建、隐空间，与 PCA 并排比较。",
        "Undercomplete and regularised autoencoders, reconstructions, latent space, side by side with PCA.",
    ),
    "home.device": (
        "本会话的计算设备：**{device}**。可在侧边栏更换。",
        "This session computes on **{device}**. Change it in the sidebar.",
    ),
    "home.devices_here": ("这台服务器上可用的设备：{devices}", "Devices on this server: {devices}"),
    "home.howto": (
        "左侧导航按课程目录排列。每个训练页面都有 ▶ 播放 / ⏸ 暂停 / 单步 / 重置；浏览器地址栏中的网址保存全部设置，可直接分享。",
        "The navigation on the left follows the lecture. Every training page has ▶ Play / ⏸ Pause / Step / Reset; the address bar holds every setting, ready to share.",
    ),
}
