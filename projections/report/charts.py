"""Inline SVG charts: rating distribution per group, before and after moderation, readable in print."""

from __future__ import annotations

from html import escape
from typing import Any

COLOURS = {"Outstanding": "#1a6b35", "Good": "#74b77f", "Requires improvement": "#e8a33d", "Inadequate": "#c2352b"}
FALLBACK = ["#1a6b35", "#74b77f", "#e8a33d", "#c2352b", "#6b5b95", "#888888"]
LABEL_WIDTH, BAR_WIDTH, BAR_HEIGHT, GAP = 250, 420, 14, 10


def colour(rating: str, index: int) -> str:
    """A rating's colour; the scale's order decides for unknown ratings."""
    return COLOURS.get(rating, FALLBACK[index % len(FALLBACK)])


def distribution_chart(chart_id: str, title: str, axis: str, groups: dict[str, Any], scale: list[str]) -> str:
    """One stacked bar per group and moment (before, after moderation); shares in percent."""
    before, after = groups["before"], groups["after"]
    names = sorted(set(before) | set(after))
    rows = [
        (name, moment, data[name])
        for name in names
        for moment, data in (("before", before), ("after", after))
        if name in data
    ]
    height = 60 + len(rows) * (BAR_HEIGHT + 4) + len(names) * GAP + 72
    width = LABEL_WIDTH + BAR_WIDTH + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(rows, scale))}</desc>',
        f'<text x="{LABEL_WIDTH}" y="18" class="chart-title">{escape(title)}</text>',
    ]
    y = 34
    for index, (name, moment, data) in enumerate(rows):
        if moment == "before" or index == 0:
            y += GAP
            parts.append(f'<text x="0" y="{y + BAR_HEIGHT - 2}" class="group">{escape(_short(name))}</text>')
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" text-anchor="end" class="moment">{moment}</text>'
        )
        x = float(LABEL_WIDTH)
        for position, rating in enumerate(scale):
            share = data["shares"][rating]
            if share:
                w = BAR_WIDTH * share / 100
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                    f'fill="{colour(rating, position)}"><title>{escape(rating)}: {share:.1f}%</title></rect>'
                )
                x += w
        y += BAR_HEIGHT + 4
    parts += _axis(y + 6, axis) + _legend(y + 58, scale) + ["</svg>"]
    return "".join(parts)


def _short(name: str) -> str:
    return name if len(name) <= 30 else name[:29] + "…"


def _axis(y: int, label: str) -> list[str]:
    parts = [f'<line x1="{LABEL_WIDTH}" y1="{y}" x2="{LABEL_WIDTH + BAR_WIDTH}" y2="{y}" class="axis"/>']
    for tick in range(0, 101, 25):
        x = LABEL_WIDTH + BAR_WIDTH * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 4}" class="axis"/>'
            f'<text x="{x:.1f}" y="{y + 15}" text-anchor="middle" class="tick">{tick}%</text>'
        )
    parts.append(
        f'<text x="{LABEL_WIDTH + BAR_WIDTH / 2:.1f}" y="{y + 29}" text-anchor="middle" class="axis-label">'
        f"{escape(label)}</text>"
    )
    return parts


def _legend(y: int, scale: list[str]) -> list[str]:
    parts, x = [], float(LABEL_WIDTH)
    for position, rating in enumerate(scale):
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9}" width="10" height="10" fill="{colour(rating, position)}"/>'
            f'<text x="{x + 14:.1f}" y="{y}" class="legend">{escape(rating)}</text>'
        )
        x += 30 + 6.5 * len(rating)
    return parts


def describe(rows: list[tuple[str, str, dict[str, Any]]], scale: list[str]) -> str:
    """The chart in words, for screen readers and for anyone who cannot see the colours."""
    lines = []
    for name, moment, data in rows:
        shares = ", ".join(f"{r} {data['shares'][r]:.1f}%" for r in scale if data["counts"][r])
        lines.append(f"{name} {moment} moderation ({data['total']} ratings): {shares}.")
    return " ".join(lines)
