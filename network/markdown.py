"""Markdown from people, rendered and sanitized: the only way user text becomes HTML."""

import html

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def render_markdown(text: str | None) -> Markup:
    return clean_html(_md.render(text or ""))


def clean_html(html: str, tags: set[str] = ALLOWED_TAGS) -> Markup:
    """HTML kept to the tags given (by default those Markdown renders to), links to the web and
    mail only, and nothing of scripts, styles or a document's title."""
    return Markup(
        nh3.clean(
            html,
            tags=tags,
            clean_content_tags={"script", "style", "title"},
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener",
        )
    )


def markdown_to_text(text: str | None) -> str:
    """Plain text of the same source (characters, not HTML entities), for search text, link
    previews and lists' descriptions; escaped again wherever it is shown as HTML."""
    return html.unescape(nh3.clean(_md.render(text or ""), tags=set())).strip()


# --- The text/plain part of a mail ------------------------------------------------------------

LIST_CLOSE = ("bullet_list_close", "ordered_list_close")
BLOCK_CLOSE = ("paragraph_close", "heading_close", "blockquote_close", "table_close", *LIST_CLOSE)
UNDERLINES = {"h1": "=", "h2": "-"}


def markdown_to_mail_text(text: str | None) -> str:
    """What a mail reader without HTML should read: links as "text (address)", lists with
    bullets or numbers, quotes with ">", tables as rows of cells separated by " | "."""
    return _MailText().render(_md.parse(text or ""))


class _MailText:
    def __init__(self):
        self.lines: list[str] = []
        self.prefixes: list[str] = []  # quote marks and list indents, outermost first
        self.numbers: list[int | None] = []  # the next number of each open list; None: bullets
        self.marker = ""  # the bullet or number the next line starts with
        self.gap = False  # a blank line goes before the next block
        self.row: list[str] | None = None
        self.heading = ""  # the tag of the heading being written, if any

    def render(self, tokens) -> str:
        for token in tokens:
            self.take(token)
        return "\n".join(self.lines).strip("\n")

    def take(self, token) -> None:
        kind = token.type
        if kind == "heading_open":
            self.heading = token.tag
        elif kind == "heading_close":
            self.heading = ""
        elif kind == "blockquote_open":
            self.separate()
            self.prefixes.append("> ")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.numbers.append(int(token.attrGet("start") or 1) if token.tag == "ol" else None)
        elif kind == "list_item_open":
            number = self.numbers[-1]
            self.marker = "- " if number is None else f"{number}. "
            if number is not None:
                self.numbers[-1] = number + 1
            self.prefixes.append(" " * len(self.marker))
        elif kind in ("list_item_close", "blockquote_close"):
            self.prefixes.pop()
        elif kind == "tr_open":
            self.row = []
        elif kind == "tr_close":
            self.block([" | ".join(self.row)])
            self.row = None
        elif kind == "inline":
            self.inline(token)
        elif kind in ("fence", "code_block"):
            self.block(["    " + line for line in token.content.rstrip("\n").split("\n")])
            self.gap = True
        elif kind == "hr":
            self.block(["-" * 20])
            self.gap = True
        if kind in LIST_CLOSE:
            self.numbers.pop()
        if kind in BLOCK_CLOSE and not token.hidden and not (kind in LIST_CLOSE and self.numbers):
            self.gap = True

    def inline(self, token) -> None:
        text = _inline_text(token.children or [])
        if self.row is not None:
            self.row.append(" ".join(text.split()))
            return
        lines = text.split("\n")
        underline = UNDERLINES.get(self.heading)
        if underline:
            lines.append(underline * len(lines[-1]))
        self.block(lines)

    def separate(self) -> None:
        """The blank line a block needs before it, inside the quotes it is in."""
        if self.gap and self.lines:
            self.lines.append("".join(self.prefixes).rstrip())
        self.gap = False

    def block(self, lines: list[str]) -> None:
        self.separate()
        for n, line in enumerate(lines):
            prefixes = list(self.prefixes)
            if n == 0 and self.marker:
                prefixes[-1] = self.marker
                self.marker = ""
            self.lines.append(("".join(prefixes) + line).rstrip())


def _inline_text(children) -> str:
    parts: list[str] = []
    href, start = None, 0
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "link_open":
            href, start = child.attrGet("href"), len(parts)
        elif child.type == "link_close" and href:
            label = "".join(parts[start:])
            if label.strip() not in (href, href.removeprefix("mailto:")):
                parts.append(f" ({href})")
            href = None
    return "".join(parts)
