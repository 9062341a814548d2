"""The monthly trend as inline SVG markup, built on the server: no script, no CDN, no style attribute
(the site's Content-Security-Policy allows neither inline script nor inline style). Colours come from
classes in gongkai/static/gongkai/site.css. Pure."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 16, 40


def trend_svg(months: list[dict], *, title: str) -> SafeString:
    """Bars: applications closed per month; line: the month's on-time rate (right axis, 0–100%)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    peak = max([m["closed"] for m in months] + [1])
    slot = plot_w / len(months)
    parts = [f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="trend-title" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="trend-title">{escape(title)}</title>',
             f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>',
             f'<text class="tick" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{peak}</text>',
             f'<text class="tick" x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>',
             f'<text class="tick rate" x="{LEFT + plot_w + 6}" y="{TOP + 4}">100%</text>',
             f'<text class="tick rate" x="{LEFT + plot_w + 6}" y="{TOP + plot_h}">0%</text>']
    points = []
    for i, m in enumerate(months):
        x = LEFT + i * slot
        h = plot_h * m["closed"] / peak
        parts.append(f'<rect class="bar" x="{x + slot * 0.2:.1f}" y="{TOP + plot_h - h:.1f}" '
                     f'width="{slot * 0.6:.1f}" height="{h:.1f}"><title>{m["month"]}月办结{m["closed"]}件'
                     f'</title></rect>')
        parts.append(f'<text class="tick" x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                     f'text-anchor="middle">{m["month"]}月</text>')
        if m["timed"]:
            y = TOP + plot_h * (1 - m["on_time"] / m["timed"])
            points.append((x + slot / 2, y, round(100 * m["on_time"] / m["timed"], 1), m["month"]))
    if points:
        parts.append('<polyline class="line" points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y, _r, _m in points)
                     + '"/>')
        for x, y, r, month in points:
            parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{month}月按期答复率{r:g}%'
                         f'</title></circle>')
    parts.append(f'<text class="legend" x="{LEFT}" y="{HEIGHT - 6}">柱：办结件数（左轴）　线：按期答复率（右轴）</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped or a number


def yearly_svg(points: list[tuple[str, float | None]], *, title: str) -> SafeString:
    """The score of each year as a line (0 to 100, or the highest score with 加分); a year without a score
    (不参评, or the organ did not exist) leaves a gap, labelled."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max([100.0] + [p for _label, p in points if p is not None])
    slot = plot_w / max(1, len(points))
    parts = [f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="yearly-title" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="yearly-title">{escape(title)}</title>',
             f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>',
             f'<text class="tick" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{top:g}</text>',
             f'<text class="tick" x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>']
    run: list[tuple[float, float]] = []
    runs = [run]
    for i, (label, value) in enumerate(points):
        x = LEFT + i * slot + slot / 2
        parts.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                     f'{escape(label)}</text>')
        if value is None:
            parts.append(f'<text class="tick" x="{x:.1f}" y="{TOP + plot_h - 6}" text-anchor="middle">不参评</text>')
            run = []
            runs.append(run)
            continue
        y = TOP + plot_h * (1 - value / top)
        run.append((x, y))
        parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{escape(label)}得分{value:g}'
                     f'</title></circle>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle">{value:g}</text>')
    for line in runs:
        if len(line) > 1:
            parts.append('<polyline class="line" points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in line) + '"/>')
    parts.append(f'<text class="legend" x="{LEFT}" y="{HEIGHT - 6}">各年同期考评得分</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped or a number
