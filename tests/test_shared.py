"""Shared helpers every domain relies on: input rules, Markdown, CSV, countries."""

import csv
import io
import re

import pytest
from flask_babel import refresh
from hypothesis import given, settings
from hypothesis import strategies as st

from network.csvexport import csv_text, neutralize
from network.geo import country_name, language_name
from network.markdown import markdown_to_text, render_markdown
from network.validators import clean_text, normalize_email


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_normalize_email_accepts_or_refuses_cleanly(value):
    try:
        result = normalize_email(value)
    except ValueError:
        return
    assert result == result.lower() and "@" in result
    assert not any(c in result for c in "\r\n\0")


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_clean_text_never_keeps_direction_overrides(value):
    try:
        result = clean_text(value)
    except ValueError:
        return
    assert "\u202e" not in result and "\u200b" not in result and result == result.strip()


@given(st.text(max_size=500))
@settings(max_examples=200, deadline=None)
def test_markdown_output_never_contains_script_or_handlers(value):
    html = str(render_markdown(value + "<script>alert(1)</script><img src=x onerror=alert(1)>"))
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE)


def test_markdown_links_only_http_and_mail():
    html = str(
        render_markdown("[a](javascript:alert(1)) [b](data:text/html,x) [c](https://ok.example)")
    )
    assert 'href="https://ok.example"' in html
    assert 'href="javascript' not in html and 'href="data' not in html
    assert markdown_to_text("**Hola** _mundo_") == "Hola mundo"
    # Characters, not entities: the text is escaped again where it is shown.
    assert markdown_to_text("Tom & Jerry <b>") == "Tom & Jerry <b>"


@given(st.lists(st.text(max_size=40), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_csv_cells_never_start_a_formula(cells):
    rows = list(csv.reader(io.StringIO(csv_text(["h"] * len(cells), [cells]))))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralizes_formula_starts(value):
    assert neutralize(value) == "'" + value


def test_country_and_language_names_in_viewer_language(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert country_name("MX") == "México"
        assert language_name("fr") == "Francés" or language_name("fr") == "francés"
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        refresh()  # the test's app context outlives one request; a server's does not
        assert country_name("SN") == "Sénégal"
