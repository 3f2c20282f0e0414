"""A company's statement as a square PNG for social media (1080 × 1080 px): the company, the
period, the help delivered in large figures, the estimated social value, and the code with
"verify with /verify CODE".

Words come in already translated (``bot.ui.texts.statements.image_words``); drawn with
matplotlib's object-oriented API (no pyplot, no global state), so it runs in a worker thread:
call it through ``asyncio.to_thread``.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping

SIZE_INCHES, DPI = 10.8, 100
BACK, INK, ACCENT, SOFT = "#f4f7fb", "#1b2a3a", "#1f4e79", "#5b6b7b"


def render_statement_image(words: Mapping[str, str]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI, facecolor=BACK)
    FigureCanvasAgg(figure)

    def say(x: float, y: float, text: str, size: float, *, colour: str = INK,
            bold: bool = False, wrap: int = 40) -> None:
        shown = "\n".join(textwrap.wrap(text, wrap, break_long_words=True)[:2]) or text
        figure.text(x, y, shown, fontsize=size, color=colour, ha="center", va="center",
                    fontweight="bold" if bold else "normal", family="DejaVu Sans")

    say(0.5, 0.92, words["title"].upper(), 26, colour=SOFT, bold=True)
    say(0.5, 0.84, words["company"], 40, colour=ACCENT, bold=True, wrap=28)
    say(0.5, 0.765, words["period"], 22, colour=SOFT)
    cells = (("hours", 0.25, 0.60), ("money", 0.75, 0.60), ("goods", 0.5, 0.45))
    for key, x, y in cells:
        say(x, y, words[key], 44 if key != "goods" else 32, bold=True,
            wrap=18 if key != "goods" else 36)
        say(x, y - 0.065, words[f"{key}_label"], 20, colour=SOFT)
    figure.patches.append(FancyBboxPatch(
        (0.1, 0.2), 0.8, 0.12, boxstyle="round,pad=0.01", transform=figure.transFigure,
        facecolor="#fff4e0", edgecolor="#e0b060", linewidth=1.5))
    say(0.5, 0.285, words["value"], 36, bold=True)
    say(0.5, 0.225, words["value_label"] + " · " + words["teams"], 18, colour=SOFT, wrap=70)
    say(0.5, 0.08, words["verify"], 22, colour=ACCENT, bold=True, wrap=60)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor=BACK)
    return buffer.getvalue()
