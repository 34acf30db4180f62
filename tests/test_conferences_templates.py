"""Organizers' message templates: whatever is typed, it is either refused clearly or filled safely."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network.conferences.abstracts import word_count
from network.conferences.states import PLACEHOLDERS, fill_template, template_problem

VALUES = {name: f"<{name}>" for name in PLACEHOLDERS}
pieces = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "{",
            "}",
            "{{",
            "}}",
            "{title}",
            "{name!r}",
            "{title:>10}",
            "{name.__class__}",
            "{0}",
            "{}",
            "{url[0]}",
            "{conference}",
            "%(",
            "%s",
        ]
    ),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(pieces, max_size=8).map("".join))
def test_any_template_is_refused_or_filled_without_reaching_objects(app, template):
    problem = template_problem(template)
    if problem is None:
        filled = fill_template(template, VALUES)
        assert "__class__" not in filled or "__class__" in template.replace("{{", "").replace(
            "}}", ""
        )
    else:
        assert problem


def test_attribute_index_and_conversion_placeholders_are_refused(app):
    for template in ("{name.__class__}", "{url[0]}", "{title!r}", "{title:>30}", "{0}", "{}"):
        assert template_problem(template), template
    assert fill_template("Dear {name}, {{braces}} stay", VALUES) == "Dear <name>, {braces} stay"


@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Z", "Cc"]), min_size=1), max_size=60
    )
)
def test_word_count_counts_whitespace_separated_words(words):
    assert word_count("  \n".join(words)) == len(words)
