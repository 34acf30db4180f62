"""Campaigns' texts in other languages."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from network.advocacy.models import Campaign
from network.multilingual import Kind, register

register(
    Kind(
        "campaign",
        Campaign,
        labels={"title": _l("Title"), "summary": _l("Summary"), "statement": _l("Statement")},
        can_edit=lambda campaign, user: user.is_authenticated and user.is_staff,
        back=lambda campaign: url_for("advocacy.staff_campaign", campaign_id=campaign.id),
        markdown=frozenset({"statement"}),
    )
)
