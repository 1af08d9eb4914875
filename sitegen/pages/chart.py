"""Timeline charts: events per month as an SVG bar chart made at build time (no script).

A chart is a `<figure>` holding an SVG image (`role="img"`, named by its `<title>` and
`<desc>`) and the same numbers as a table for screen readers (visually hidden). Every
month from the first to the last counted is a bar, empty months included, so the bars
sum to the events counted. Axis labels and numbers are in the page's language (Babel
with an explicit `locale=`); right to left, the chart is mirrored: the oldest month is
on the right and the value axis on the right.

Geometry is in SVG user units of a fixed 640 × 220 view box, scaled by CSS
(`templates/assets/sitegen.css`, `.sg-chart`); coordinates are written with one decimal
so the same counts always give the same bytes.
"""

from __future__ import annotations

import datetime
import math

from babel import Locale
from babel.dates import format_skeleton
from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
START, END, TOP, BOTTOM = 48, 16, 14, 44   # plot margins; the value labels sit in START
MIN_SLOTS = 12                             # fewer months than this are centred, not stretched
MAX_LABELS = 8                             # month labels along the time axis
LABEL_WIDTH = 44                           # room a month label needs, in user units
# The most months a chart spans (50 years): every month is a bar and a table row, so an
# event dated far from the rest (a year 0001 passes the check) would otherwise make every
# page with a chart grow by thousands of rows. A longer span gets no chart.
MAX_MONTHS = 600


def months(counts) -> list[tuple[int, int, int]]:
    """(year, month, events) for every month from the first to the last of `counts`
    (("YYYY-MM", events) pairs, oldest first, as `Model.monthly` holds them), zeros
    included; [] for no counts, or for a span of more than `MAX_MONTHS`."""
    if not counts:
        return []
    given = {(int(key[:4]), int(key[5:7])): n for key, n in counts}
    (year, month), last = min(given), max(given)
    if (last[0] - year) * 12 + last[1] - month + 1 > MAX_MONTHS:
        return []
    out = []
    while (year, month) <= last:
        out.append((year, month, given.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def ticks(top: int) -> list[int]:
    """Values marked on the value axis: every whole number up to 4, else 0, half and top."""
    if top <= 4:
        return list(range(top + 1))
    return sorted({0, (top + 1) // 2, top})


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


class Charts:
    """Charts in one language: `gettext`, `ngettext` of its catalog, `number` its number
    format, `rtl` whether it is written right to left."""

    def __init__(self, lang: str, gettext, ngettext, number, rtl: bool) -> None:
        self.locale = Locale.parse(lang)
        self.gettext, self.ngettext, self.number, self.rtl = gettext, ngettext, number, rtl
        self.names: dict[tuple[int, int, str], str] = {}

    def month_name(self, year: int, month: int, skeleton: str = "yMMMM") -> str:
        """Made once per month and skeleton: Babel matches a skeleton at every call."""
        key = (year, month, skeleton)
        if key not in self.names:
            self.names[key] = format_skeleton(skeleton, datetime.date(year, month, 1), locale=self.locale)
        return self.names[key]

    def events(self, n: int) -> str:
        return self.ngettext("%(n)s event", "%(n)s events", n) % {"n": self.number(n)}

    def html(self, counts) -> Markup:
        """The chart of `counts` (see `months`), or nothing when there is none."""
        rows = months(counts)
        if not rows:
            return Markup("")
        title = self.gettext("Events per month")
        names = [self.month_name(y, m) for y, m, _ in rows]
        busiest = max(range(len(rows)), key=lambda i: (rows[i][2], -i))
        desc = self.gettext("From %(first)s to %(last)s: %(events)s; the most in one month, %(count)s, in %(month)s.") % {
            "first": names[0], "last": names[-1], "events": self.events(sum(n for _, _, n in rows)),
            "count": self.number(rows[busiest][2]), "month": names[busiest]}
        svg = self.svg(rows, names, title, desc)
        cells = "".join(f"<tr><th scope=\"row\">{escape(name)}</th><td>{escape(self.number(n))}</td></tr>"
                        for name, (_, _, n) in zip(names, rows))
        month, events = escape(self.gettext("Month")), escape(self.gettext("Events"))
        table = (f'<table class="sg-sr-only"><caption>{escape(title)}</caption>'
                 f'<thead><tr><th scope="col">{month}</th><th scope="col">{events}</th></tr></thead>'
                 f'<tbody>{cells}</tbody></table>')
        return Markup(f'<figure class="sg-chart" data-pagefind-ignore>\n{svg}\n{table}\n'
                      f'<figcaption>{escape(title)}</figcaption>\n</figure>')

    def x(self, value: float, width: float = 0.0) -> float:
        """A horizontal position from the start side, mirrored right to left."""
        return WIDTH - value - width if self.rtl else value

    def svg(self, rows, names, title: str, desc: str) -> str:
        top = max(n for _, _, n in rows)
        plot_w, plot_h = WIDTH - START - END, HEIGHT - TOP - BOTTOM
        slots = max(len(rows), MIN_SLOTS)
        slot = plot_w / slots
        first = START + (slots - len(rows)) / 2 * slot
        base = TOP + plot_h
        parts = [f'<svg class="sg-chart__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
                 f'aria-labelledby="sg-chart-title sg-chart-desc" direction="{"rtl" if self.rtl else "ltr"}">',
                 f'<title id="sg-chart-title">{escape(title)}</title>',
                 f'<desc id="sg-chart-desc">{escape(desc)}</desc>']
        for value in ticks(top):
            y = base - value / top * plot_h
            x1, x2 = sorted((self.x(START), self.x(WIDTH - END)))
            parts.append(f'<line class="sg-chart__grid" x1="{_n(x1)}" x2="{_n(x2)}" y1="{_n(y)}" y2="{_n(y)}"/>')
            parts.append(f'<text class="sg-chart__value" x="{_n(self.x(START - 6))}" y="{_n(y + 4)}" '
                         f'text-anchor="end">{escape(self.number(value))}</text>')
        every = max(math.ceil(len(rows) / MAX_LABELS), math.ceil(LABEL_WIDTH / slot))
        last_year = None
        for i, ((year, month, n), name) in enumerate(zip(rows, names)):
            left = first + i * slot
            height = n / top * plot_h
            if n:  # a month without events has no bar to point at: the table holds its 0
                label = self.gettext("%(month)s: %(events)s") % {"month": name, "events": self.events(n)}
                parts.append(f'<rect class="sg-chart__bar" x="{_n(self.x(left + slot * .15, slot * .7))}" '
                             f'y="{_n(base - height)}" width="{_n(slot * .7)}" height="{_n(height)}">'
                             f'<title>{escape(label)}</title></rect>')
            if i % every == 0:  # the month; under it the year, where it changes
                x = _n(self.x(left + slot / 2))
                parts.append(f'<text class="sg-chart__month" x="{x}" y="{_n(base + 17)}" '
                             f'text-anchor="middle">{escape(self.month_name(year, month, "MMM"))}</text>')
                if year != last_year:
                    parts.append(f'<text class="sg-chart__month" x="{x}" y="{_n(base + 33)}" '
                                 f'text-anchor="middle">{escape(self.month_name(year, month, "y"))}</text>')
                    last_year = year
        parts.append("</svg>")
        return "".join(parts)
