"""A claim's source chain as a picture: "said by → reported by → published by", one box per
link of ``reading.provenance_chain``, drawn as inline SVG on the server (no JS, no network).

Each box holds the role above the name, the name wrapped on up to two lines (a longer name
is cut with "…" and given whole in the box's tooltip); arrows run from who first said it
to the outlet that published it.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

BOX_W, BOX_H, GAP, PAD = 180, 64, 36, 4
LINE_CHARS = 26  # characters of the name per line (a line over FITS characters is squeezed to the box)
FITS = 21  # characters that fit a 180-wide box at 13px bold
ROLE_CLASS = {"said by": "said", "reported by": "via", "published by": "outlet"}


def _lines(name: str, width: int = LINE_CHARS, most: int = 2) -> list[str]:
    """The name wrapped at spaces into at most ``most`` lines, the last cut with "…" if need be."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines] or [""]


def _box(i: int, step: dict[str, Any]) -> str:
    x = PAD + i * (BOX_W + GAP)
    role, name = str(step.get("role") or ""), str(step.get("text") or "")
    kind = ROLE_CLASS.get(role, "via")
    written = step.get("as_written")
    tip = name + (f" (as written: {written})" if written and written != name else "") + f", {role}"
    squeeze = f' textLength="{BOX_W - 12}" lengthAdjust="spacingAndGlyphs"'
    text = "".join(f'<tspan x="{x + BOX_W / 2}" dy="{0 if n == 0 else 16}"{squeeze if len(line) > FITS else ""}>'
                   f'{escape(line)}</tspan>' for n, line in enumerate(_lines(name)))
    return (f'<g class="link {kind}"><title>{escape(tip)}</title>'
            f'<rect x="{x}" y="{PAD}" width="{BOX_W}" height="{BOX_H}" rx="8"/>'
            f'<text x="{x + BOX_W / 2}" y="{PAD + 16}" text-anchor="middle" class="role">{escape(role)}</text>'
            f'<text x="{x + BOX_W / 2}" y="{PAD + 36}" text-anchor="middle" class="name">{text}</text></g>')


def _arrow(i: int) -> str:
    x0 = PAD + i * (BOX_W + GAP) + BOX_W + 4
    x1, y = x0 + GAP - 8, PAD + BOX_H / 2
    return (f'<path class="arrow" d="M{x0},{y}H{x1 - 6}"/>'
            f'<path class="head" d="M{x1 - 8},{y - 5}L{x1},{y}L{x1 - 8},{y + 5}Z"/>')


def chain_picture(chain: list[dict[str, Any]]) -> Markup:
    """The chain as an ``<svg>`` element (empty for an empty chain)."""
    if not chain:
        return Markup("")
    width = 2 * PAD + len(chain) * BOX_W + (len(chain) - 1) * GAP
    said = " → ".join(f"{s.get('role')} {s.get('text')}" for s in chain)
    parts = [f'<svg class="chain-picture" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {BOX_H + 2 * PAD}" '
             f'width="{width}" role="img" aria-label="{escape(said)}">']
    for i, step in enumerate(chain):
        parts.append(_box(i, step))
        if i < len(chain) - 1:
            parts.append(_arrow(i))
    parts.append("</svg>")
    return Markup("".join(parts))
