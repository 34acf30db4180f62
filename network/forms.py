"""Form pieces every domain uses."""

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from network.i18n import LANGUAGE_NAMES


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice drawn as checkboxes in a fieldset (see the form macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def site_language_choices() -> list[tuple[str, str]]:
    """The languages the site speaks, each named in itself."""
    return list(LANGUAGE_NAMES.items())
