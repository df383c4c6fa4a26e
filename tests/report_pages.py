"""Reading the report pages in tests: their structure, as html.parser sees it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

EXTERNAL_RE = re.compile(r"^\s*(?:https?:|//|javascript:|data:)", re.IGNORECASE)


class Page(HTMLParser):
    """Every start tag with its attributes, and the text outside style elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self._in_style = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "style":
            self._in_style += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style -= 1

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)

    def external_references(self) -> list[str]:
        """src/href values (xlink:href too) that point outside the page."""
        out = []
        for _, attrs in self.tags:
            for name, value in attrs.items():
                if name.split(":")[-1] in ("src", "href") and EXTERNAL_RE.match(value or ""):
                    out.append(f"{name}={value}")
        return out
