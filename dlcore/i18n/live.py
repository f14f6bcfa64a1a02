"""The live view: speed control, fallback caption."""

MESSAGES: dict[str, tuple[str, str]] = {
    "live.speed": ("速度", "Speed"),
    "live.speed_full": ("全速", "full speed"),
    "live.speed_n": ("每秒 {n} 步", "{n} steps/s"),
    "live.fallback": (
        "本页正通过 Streamlit 播放（此浏览器连不上实时通道），更新会慢一些。",
        "Playing through Streamlit (this browser cannot reach the live route): updates are slower.",
    ),
}
