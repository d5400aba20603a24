"""The small markup staff write bodies in: paragraphs separated by a blank line, list
items starting with "- ", sub-items with two spaces and "- ". Everything is escaped,
so no HTML a user types ever reaches the page."""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def _render_list(items):
    html, depth = [], 0
    for level, text in items:
        level = min(level, depth + 1) if depth else 1
        if level > depth:
            html.append("<ul>" * (level - depth))
        else:
            html.append("</li>")
            html.append("</ul></li>" * (depth - level))
        html.append(f"<li>{escape(text)}")
        depth = level
    html.append("</li>" + "</ul></li>" * (depth - 1) + "</ul>")
    return "".join(html)


def render_markup(text):
    blocks = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        paragraph, items = [], []
        for line in lines:
            stripped = line.lstrip()
            if stripped.startswith("- "):
                if paragraph:
                    blocks.append(f"<p>{escape(' '.join(paragraph))}</p>")
                    paragraph = []
                indent = len(line) - len(stripped)
                items.append((indent // 2 + 1, stripped[2:].strip()))
            else:
                if items:
                    blocks.append(_render_list(items))
                    items = []
                paragraph.append(stripped)
        if paragraph:
            blocks.append(f"<p>{escape(' '.join(paragraph))}</p>")
        if items:
            blocks.append(_render_list(items))
    return mark_safe("\n".join(blocks))
