"""Charts as PNG images for the chat, drawn with matplotlib's Agg backend.

Readable on a phone: one horizontal bar per item, the least covered on top, large fonts, the
target (100 %) as a line, bars beyond it clipped with their value written. Every word comes in
already translated (the texts module builds a ``BarChart`` in the person's language), so this
module has no gettext and can run in a worker thread: call ``render_bars`` through
``asyncio.to_thread`` — drawing takes tens of milliseconds, which the event loop must not wait.

matplotlib is imported inside ``render_bars`` (it weighs ~40 MB and half a second): a worker
that never draws a chart never pays for it. The object-oriented API (``Figure`` and the Agg
canvas, no ``pyplot``) keeps no global state, so two threads may draw at once.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

BarState = Literal["none", "part", "full"]
COLOURS: Mapping[BarState, str] = {"none": "#d62728", "part": "#ff9f1c", "full": "#2ca02c"}
#: Bars longer than this (200 %) are drawn to it and labelled with their value.
CLIP = 2.0
WIDTH_INCHES, DPI = 8.0, 100  # 800 px: a phone shows it at full width without scaling fonts down
#: A title's line at 18 pt bold holds about 50 characters across 800 px: longer ones wrap
#: (a territory's long name was cut at the image's edge), each line adding this much height.
TITLE_CHARS, TITLE_LINE_INCHES = 46, 0.32


def _title(text: str) -> tuple[str, float]:
    """The title wrapped to the image's width, and the height its extra lines take."""
    lines = textwrap.wrap(text, TITLE_CHARS, break_long_words=True) or [""]
    return "\n".join(lines), TITLE_LINE_INCHES * (len(lines) - 1)


@dataclass(frozen=True)
class BarChart:
    title: str
    axis: str
    labels: Sequence[str]
    values: Sequence[float]
    states: Sequence[BarState]
    texts: Sequence[str]  # the value written at each bar's end ("40 %")
    legend: Mapping[BarState, str]
    target: str  # the label of the 100 % line


def render_bars(chart: BarChart) -> bytes:
    """The chart as PNG bytes: per item its label on a line of its own (long titles stay
    readable at full width), its bar beneath, its value at the bar's end."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    count = max(len(chart.values), 1)
    title, extra = _title(chart.title)
    height = 2.2 + 0.85 * count + extra
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    shown = [min(max(v, 0.0), CLIP) for v in chart.values]
    # A sliver for nothing pledged, so an unanswered need still shows as a red mark.
    drawn = [max(v, 0.012) for v in shown]
    positions = list(range(len(shown)))
    axes.barh(positions, drawn, color=[COLOURS[s] for s in chart.states], height=0.42)
    for y, (value, text, label, state) in enumerate(
            zip(shown, chart.texts, chart.labels, chart.states, strict=True)):
        # On white, so the target's dashed line does not run through the words.
        axes.text(0, y - 0.33, label, va="bottom", ha="left", fontsize=16,
                  bbox={"facecolor": "white", "edgecolor": "none", "pad": 1}, zorder=4)
        axes.text(max(value, 0.012) + 0.02, y, text, va="center", ha="left", fontsize=15,
                  fontweight="bold" if state == "none" else "normal",
                  color=COLOURS["none"] if state == "none" else "#222222")
    axes.set_yticks([])
    axes.set_ylim(len(shown) - 0.5, -1.0)  # the first (least covered) on top
    axes.set_xlim(0, min(max([1.25, *[v + 0.3 for v in shown]]), CLIP + 0.3))
    axes.axvline(1.0, color="#444444", linestyle="--", linewidth=1.5)
    axes.text(1.0, -0.95, chart.target, ha="center", va="top", fontsize=13, color="#444444",
              backgroundcolor="white")
    axes.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    axes.tick_params(axis="x", labelsize=13)
    axes.set_xlabel(chart.axis, fontsize=14)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    figure.suptitle(title, fontsize=18, x=0.02, y=1 - 0.15 / height, ha="left", va="top",
                    fontweight="bold")
    present = [s for s in ("none", "part", "full") if s in set(chart.states)]
    if present:
        figure.legend(handles=[Patch(color=COLOURS[s], label=chart.legend[s]) for s in present],
                      loc="lower center", fontsize=13, frameon=False, ncol=len(present))
    # Fixed margins in inches (the labels are inside the axes): no tight_layout, which draws
    # the whole figure once more only to measure it.
    figure.subplots_adjust(left=0.3 / WIDTH_INCHES, right=1 - 0.3 / WIDTH_INCHES,
                           top=1 - (0.75 + extra) / height,
                           bottom=(1.35 if present else 0.9) / height)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 3})  # 6 is 2x slower
    return buffer.getvalue()


@dataclass(frozen=True)
class ProfileChart:
    """A self-assessment's scores per competence on the 1–5 scale; ``previous`` (the run
    before, if any) is drawn as a lighter bar under each."""

    title: str
    axis: str
    labels: Sequence[str]
    values: Sequence[float]
    texts: Sequence[str]             # the score written at each bar's end ("3,7")
    previous: Sequence[float | None] | None
    legend_now: str
    legend_before: str
    scale_min: int = 1
    scale_max: int = 5


NOW_COLOUR, BEFORE_COLOUR = "#1f77b4", "#b7cde3"


def render_profile(chart: ProfileChart) -> bytes:
    """The profile as PNG bytes: per competence its name on a line of its own, the score's bar
    beneath it, the previous run's lighter bar under that."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    count = max(len(chart.values), 1)
    before = chart.previous is not None and any(v is not None for v in chart.previous)
    title, extra = _title(chart.title)
    height = 2.4 + (1.05 if before else 0.85) * count + extra
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    low, high = chart.scale_min, chart.scale_max
    positions = list(range(len(chart.values)))
    bar = 0.34 if before else 0.42
    axes.barh(positions, [v - low for v in chart.values], left=low, color=NOW_COLOUR,
              height=bar)
    if before and chart.previous is not None:
        earlier = [(y + bar, v) for y, v in zip(positions, chart.previous, strict=True)
                   if v is not None]
        axes.barh([y for y, _v in earlier], [v - low for _y, v in earlier], left=low,
                  color=BEFORE_COLOUR, height=bar * 0.8)
    for y, (value, text, label) in enumerate(zip(chart.values, chart.texts, chart.labels,
                                                 strict=True)):
        axes.text(low, y - 0.3, label, va="bottom", ha="left", fontsize=16)
        axes.text(value + 0.05, y, text, va="center", ha="left", fontsize=15, color="#222222")
    axes.set_yticks([])
    axes.set_ylim(len(chart.values) - 0.3 + (bar if before else 0), -0.95)
    axes.set_xlim(low, high + 0.6)
    axes.set_xticks(list(range(low, high + 1)))
    axes.tick_params(axis="x", labelsize=13)
    axes.set_xlabel(chart.axis, fontsize=14)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    figure.suptitle(title, fontsize=18, x=0.02, y=1 - 0.15 / height, ha="left", va="top",
                    fontweight="bold")
    handles = [Patch(color=NOW_COLOUR, label=chart.legend_now)]
    if before:
        handles.append(Patch(color=BEFORE_COLOUR, label=chart.legend_before))
    figure.legend(handles=handles, loc="lower center", fontsize=13, frameon=False,
                  ncol=len(handles))
    figure.subplots_adjust(left=0.3 / WIDTH_INCHES, right=1 - 0.3 / WIDTH_INCHES,
                           top=1 - (0.75 + extra) / height, bottom=1.35 / height)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 3})
    return buffer.getvalue()


@dataclass(frozen=True)
class ComparisonBar:
    """One period's bar in a group: ``outer`` drawn light (what was pledged, or the only
    value), ``inner`` drawn dark inside it (what was delivered), or None for a single bar."""

    outer: float
    inner: float | None
    text: str  # written at the bar's end ("30 of 40 hours")
    current: bool  # this period (blue), else the previous one (grey)


@dataclass(frozen=True)
class ComparisonGroup:
    label: str
    bars: Sequence[ComparisonBar]


@dataclass(frozen=True)
class ComparisonChart:
    """This period against the previous one, group by group (a resource, a state of needs).

    With ``shared_scale`` every group is drawn on one scale (counts of one thing); without
    it each group on its own (hours, euro and kilograms cannot share an axis), so only the
    lengths within a group compare and the written values carry the numbers."""

    title: str
    groups: Sequence[ComparisonGroup]
    legend: Sequence[tuple[str, str]]  # (a key of COMPARISON_COLOURS, its label)
    shared_scale: bool


#: Blue for this period, grey for the previous one; light for pledged, dark for delivered.
COMPARISON_COLOURS: Mapping[str, str] = {
    "current": "#1f77b4", "current_light": "#b7cde3",
    "previous": "#8c8c8c", "previous_light": "#dcdcdc",
}


def _scaled(chart: ComparisonChart) -> list[float]:
    """The length of the longest bar of each group's scale (at least 1: zeros draw nothing)."""
    longest = [max([b.outer for b in g.bars] + [b.inner or 0.0 for b in g.bars] + [0.0])
               for g in chart.groups]
    if chart.shared_scale:
        return [max([*longest, 1e-9])] * len(longest)
    return [max(value, 1e-9) for value in longest]


def render_comparison(chart: ComparisonChart) -> bytes:
    """The chart as PNG bytes: per group its name on a line of its own, then one bar per
    period beneath it, its value written at its end."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    title, extra = _title(chart.title)
    rows = sum(len(g.bars) for g in chart.groups)
    height = 2.4 + 0.55 * len(chart.groups) + 0.5 * rows + extra
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # Bars take at most 65 % of the width: their values are written after them.
    scales = [0.65 / s for s in _scaled(chart)]
    y = 0.0
    for group, scale in zip(chart.groups, scales, strict=True):
        # parse_math off: a unit a designer typed may hold a "$".
        axes.text(0, y, group.label, va="center", ha="left", fontsize=16, fontweight="bold",
                  parse_math=False)
        y += 0.75
        for bar in group.bars:
            light = "current_light" if bar.current else "previous_light"
            dark = "current" if bar.current else "previous"
            single = bar.inner is None
            axes.barh([y], [max(bar.outer * scale, 0.004)], height=0.7,
                      color=COMPARISON_COLOURS[dark if single else light])
            end = bar.outer
            if bar.inner is not None:
                axes.barh([y], [max(bar.inner * scale, 0.004)], height=0.42,
                          color=COMPARISON_COLOURS[dark])
                end = max(end, bar.inner)
            axes.text(end * scale + 0.015, y, bar.text, va="center", ha="left", fontsize=14,
                      color="#222222", fontweight="bold" if bar.current else "normal",
                      parse_math=False)
            y += 0.85
        y += 0.2
    axes.set_ylim(y - 0.3, -0.6)
    axes.set_xlim(0, 1.0)
    axes.set_xticks([])
    axes.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        axes.spines[side].set_visible(False)
    figure.suptitle(title, fontsize=18, x=0.02, y=1 - 0.15 / height, ha="left", va="top",
                    fontweight="bold")
    handles = [Patch(color=COMPARISON_COLOURS[key], label=label) for key, label in chart.legend]
    if handles:
        figure.legend(handles=handles, loc="lower center", fontsize=13, frameon=False,
                      ncol=2 if len(handles) > 1 else 1)
    legend_rows = (len(handles) + 1) // 2
    figure.subplots_adjust(left=0.3 / WIDTH_INCHES, right=1 - 0.3 / WIDTH_INCHES,
                           top=1 - (0.75 + extra) / height,
                           bottom=(0.3 + 0.4 * legend_rows) / height)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 3})
    return buffer.getvalue()
