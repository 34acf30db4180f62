from datetime import timedelta

from flask import current_app, g, render_template, request
from flask_babel import gettext as _
from wtforms import HiddenField

from network.advocacy import campaigns, signatures
from network.advocacy.forms import SignForm
from network.embeds import bp
from network.events import listing
from network.extensions import csrf, db
from network.i18n import current_language
from network.lists.routes import public_form_limited
from network.members import queries as member_queries
from network.params import int_arg
from network.tokens import InvalidToken, make_token, read_token
from network.web import attempt

EVENTS_SHOWN = 20
TICKET_AGE = timedelta(hours=6)
TICKET = "embed-sign"


class EmbedSignForm(SignForm):
    """The campaign's signing form without the session's CSRF token: a framed page on another
    site may not send our cookies. A ticket signed by the server stands for it."""

    class Meta:
        csrf = False

    ticket = HiddenField()


@bp.before_request
def embedded():
    g.frameable = True
    lang = request.args.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        g.language = lang


@bp.route("/events")
def events():
    organization = int_arg("organization")
    query = listing.list_events(
        None,
        theme=request.args.get("theme") or None,
        group=request.args.get("group") or None,
        organizers=(member_queries.organization_admin_ids(organization) if organization else None),
    ).limit(EVENTS_SHOWN)
    return render_template("embeds/events.html", events=db.session.scalars(query).all())


def _sign_page(campaign, form, status=200):
    form.ticket.data = make_token(TICKET, campaign.id)
    return render_template("embeds/campaign.html", campaign=campaign, form=form), status


@bp.route("/campaigns/<slug>")
def campaign(slug):
    return _sign_page(campaigns.campaign_by_slug(slug), EmbedSignForm())


@bp.route("/campaigns/<slug>/sign", methods=["POST"])
@csrf.exempt  # the signed ticket stands for the session's token
@public_form_limited
def sign(slug):
    campaign = campaigns.campaign_by_slug(slug)
    form = EmbedSignForm()
    if not form.validate_on_submit():
        return _sign_page(campaign, form, 400)
    if not _ticket_fits(form.ticket.data, campaign):
        form.form_errors.append(_("This form is too old. Please fill it in again."))
        return _sign_page(campaign, form, 400)
    if form.is_bot:
        return render_template("embeds/check_inbox.html", campaign=campaign, email=form.email.data)
    outcome = attempt(
        signatures.sign,
        campaign,
        name=form.name.data,
        email=form.email.data,
        country=form.country.data,
        organization_name=form.organization_name.data or "",
        listed=form.listed.data,
        opt_in=form.opt_in.data,
        language=current_language(),
        user=None,
    )
    if not outcome.ok:
        return _sign_page(campaign, form, outcome.status)
    return render_template("embeds/check_inbox.html", campaign=campaign, email=form.email.data)


def _ticket_fits(ticket: str, campaign) -> bool:
    try:
        return read_token(TICKET, ticket or "", max_age=TICKET_AGE) == campaign.id
    except InvalidToken:
        return False
