"""Routes of the campaigns: signing, endorsing and the staff's campaign pages."""

from datetime import UTC, datetime, time

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network.advocacy import account, bp, campaigns, endorsements, signatures
from network.advocacy.forms import (
    CampaignForm,
    EndorseForm,
    MemberEndorseForm,
    MemberSignForm,
    SignForm,
)
from network.advocacy.labels import SIGNATURE_STATES
from network.advocacy.models import Campaign
from network.csvexport import csv_response
from network.i18n import current_language
from network.lists.routes import public_form_limited, signed_in
from network.lists.staff import campaign_lists
from network.permissions import staff_required
from network.signals import account_data, account_deleting
from network.themes.queries import choices as theme_choices
from network.web import attempt


@bp.app_context_processor
def labels():
    return {"advocacy_labels": {"signature": SIGNATURE_STATES}}


# --- Campaigns --------------------------------------------------------------------------------


@bp.route("/campaigns", endpoint="campaigns")
def campaigns_page():
    items = campaigns.campaigns_for_directory()
    return render_template(
        "advocacy/campaigns.html",
        campaigns=items,
        progress={c.id: campaigns.campaign_progress(c) for c in items},
    )


def render_campaign(campaign: Campaign, sign_form=None, endorse_form=None, status=200):
    user = signed_in()
    sign_form = sign_form or (MemberSignForm(name=user.name) if user else SignForm())
    endorse_form = endorse_form or (MemberEndorseForm() if user else EndorseForm())
    return render_template(
        "advocacy/campaign.html",
        campaign=campaign,
        progress=campaigns.campaign_progress(campaign),
        signers=signatures.listed_signers(campaign),
        organizations=endorsements.organizations_by_country(campaign, user),
        sign_form=sign_form,
        endorse_form=endorse_form,
        my_organizations=endorsements.administered_organizations(user),
    ), status


@bp.route("/campaigns/<slug>")
def campaign(slug):
    return render_campaign(campaigns.campaign_by_slug(slug))


@bp.route("/campaigns/<slug>/sign", methods=["POST"])
@public_form_limited
def sign(slug):
    campaign = campaigns.campaign_by_slug(slug)
    user = signed_in()
    form = MemberSignForm() if user else SignForm()
    if not form.validate_on_submit():
        return render_campaign(campaign, sign_form=form, status=400)
    email = user.email if user else form.email.data
    if form.is_bot:
        return render_template("advocacy/check_inbox.html", email=email)
    outcome = attempt(
        signatures.sign,
        campaign,
        name=form.name.data,
        email=email,
        country=form.country.data,
        organization_name=form.organization_name.data or "",
        listed=form.listed.data,
        opt_in=form.opt_in.data,
        language=current_language(),
        user=user,
        done=_("Thank you, your signature is counted.") if user else None,
    )
    if not outcome.ok:
        return render_campaign(campaign, sign_form=form, status=outcome.status)
    if user:
        return redirect(url_for("advocacy.campaign", slug=slug))
    return render_template("advocacy/check_inbox.html", email=email)


@bp.route("/signatures/confirm/<token>", methods=["GET", "POST"])
def confirm_signature(token):
    signature = signatures.pending_signature(token)
    if (
        request.method == "POST"
        and attempt(
            signatures.confirm_signature,
            token,
            done=_("Thank you, your signature is confirmed and counted."),
        ).ok
    ):
        return redirect(url_for("advocacy.campaign", slug=signature.campaign.slug))
    return render_template("advocacy/confirm_signature.html", campaign=signature.campaign)


@bp.route("/campaigns/<slug>/endorse", methods=["POST"])
@public_form_limited
def endorse(slug):
    campaign = campaigns.campaign_by_slug(slug)
    user = signed_in()
    form = MemberEndorseForm() if user else EndorseForm()
    if not form.validate_on_submit():
        return render_campaign(campaign, endorse_form=form, status=400)
    email = user.email if user else form.contact_email.data
    if form.is_bot:
        return render_template("advocacy/check_inbox.html", email=email, endorsement=True)
    outcome = attempt(
        endorsements.endorse,
        campaign,
        organization_name=form.organization_name.data,
        country=form.country.data,
        kind=form.kind.data,
        website=form.website.data or "",
        contact_name=user.name if user else form.contact_name.data,
        contact_email=email,
        language=current_language(),
        user=user,
        done=_("Thank you, your organization's endorsement is recorded.") if user else None,
    )
    if not outcome.ok:
        return render_campaign(campaign, endorse_form=form, status=outcome.status)
    if user:
        return redirect(url_for("advocacy.campaign", slug=slug))
    return render_template("advocacy/check_inbox.html", email=email, endorsement=True)


@bp.route("/campaigns/<slug>/endorse-as/<int:organization_id>", methods=["POST"])
@login_required
def endorse_as(slug, organization_id):
    campaign = campaigns.campaign_by_slug(slug)
    outcome = attempt(
        endorsements.endorse_as_organization,
        campaign,
        organization_id,
        current_user,
        done=lambda endorsement: _(
            "%(name)s now endorses this campaign.", name=endorsement.organization_name
        ),
    )
    if not outcome.ok:
        return render_campaign(campaign, status=outcome.status)
    return redirect(url_for("advocacy.campaign", slug=slug))


@bp.route("/endorsements/confirm/<token>", methods=["GET", "POST"])
def confirm_endorsement(token):
    endorsement = endorsements.pending_endorsement(token)
    if (
        request.method == "POST"
        and attempt(
            endorsements.confirm_endorsement,
            token,
            done=_(
                "Thank you, the endorsement of %(name)s is confirmed.",
                name=endorsement.organization_name,
            ),
        ).ok
    ):
        return redirect(url_for("advocacy.campaign", slug=endorsement.campaign.slug))
    return render_template("advocacy/confirm_endorsement.html", endorsement=endorsement)


# --- Staff ------------------------------------------------------------------------------------


def campaign_form(campaign: Campaign | None = None) -> CampaignForm:
    form = CampaignForm(obj=campaign)
    form.themes.choices = theme_choices()
    form.list_id.choices = [(0, _("Create a new list for this campaign"))] + [
        (entry.id, entry.name) for entry in campaign_lists()
    ]
    if campaign is not None and request.method == "GET":
        form.languages.data = campaign.language_codes
        form.themes.data = [t.id for t in campaign.themes]
        form.list_id.data = campaign.list_id or 0
        form.deadline.data = campaign.deadline.date() if campaign.deadline else None
    return form


def campaign_data(form: CampaignForm) -> dict:
    deadline = form.deadline.data
    return {
        "title": form.title.data,
        "slug": form.slug.data,
        "summary": form.summary.data,
        "statement": form.statement.data,
        "goal": form.goal.data,
        "list_id": form.list_id.data,
        "languages": ",".join(form.languages.data),
        # The deadline day lasts until its end, in UTC.
        "deadline": datetime.combine(deadline, time.max, tzinfo=UTC) if deadline else None,
    }


@bp.route("/staff/campaigns")
@staff_required
def staff_campaigns():
    items = campaigns.campaigns_for_directory()
    return render_template(
        "advocacy/staff/campaigns.html",
        campaigns=items,
        progress={c.id: campaigns.campaign_progress(c) for c in items},
    )


@bp.route("/staff/campaigns/new", methods=["GET", "POST"])
@bp.route("/staff/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@staff_required
def staff_edit_campaign(campaign_id=None):
    campaign = campaigns.get_campaign(campaign_id) if campaign_id else None
    form = campaign_form(campaign)
    if not form.validate_on_submit():
        return render_template(
            "advocacy/staff/campaign_form.html", form=form, campaign=campaign
        ), 400 if form.errors else 200
    outcome = attempt(
        campaigns.save_campaign,
        campaign or Campaign(),
        campaign_data(form),
        form.themes.data,
        done=_("The campaign is saved."),
    )
    if outcome.ok:
        return redirect(url_for("advocacy.staff_campaign", campaign_id=outcome.value.id))
    return render_template(
        "advocacy/staff/campaign_form.html", form=form, campaign=campaign
    ), outcome.status


@bp.route("/staff/campaigns/<int:campaign_id>")
@staff_required
def staff_campaign(campaign_id):
    campaign = campaigns.get_campaign(campaign_id)
    return render_template(
        "advocacy/staff/campaign.html",
        campaign=campaign,
        progress=campaigns.campaign_progress(campaign),
        signatures=signatures.recent_signatures(campaign),
        endorsements=endorsements.endorsements_for_staff(campaign),
    )


@bp.route("/staff/campaigns/<int:campaign_id>/close", methods=["POST"])
@staff_required
def staff_close_campaign(campaign_id):
    attempt(
        campaigns.close_campaign,
        campaigns.get_campaign(campaign_id),
        done=_("The campaign is closed."),
    )
    return redirect(url_for("advocacy.staff_campaign", campaign_id=campaign_id))


@bp.route(
    "/staff/campaigns/<int:campaign_id>/endorsements/<int:endorsement_id>/verify", methods=["POST"]
)
@staff_required
def staff_verify_endorsement(campaign_id, endorsement_id):
    verified = request.form.get("verified") == "1"
    attempt(
        endorsements.set_verified,
        campaigns.get_campaign(campaign_id),
        endorsement_id,
        verified,
        done=lambda endorsement: (
            _("%(name)s is marked as verified.", name=endorsement.organization_name)
            if verified
            else _("%(name)s is no longer marked as verified.", name=endorsement.organization_name)
        ),
    )
    return redirect(url_for("advocacy.staff_campaign", campaign_id=campaign_id))


@bp.route("/staff/campaigns/<int:campaign_id>/signatures.csv")
@staff_required
def staff_export_signatures(campaign_id):
    campaign = campaigns.get_campaign(campaign_id)
    return csv_response(
        f"{campaign.slug}-signatures.csv",
        signatures.SIGNATURE_HEADER,
        signatures.signature_rows(campaign),
    )


@bp.route("/staff/campaigns/<int:campaign_id>/endorsements.csv")
@staff_required
def staff_export_endorsements(campaign_id):
    campaign = campaigns.get_campaign(campaign_id)
    return csv_response(
        f"{campaign.slug}-endorsements.csv",
        endorsements.ENDORSEMENT_HEADER,
        endorsements.endorsement_rows(campaign),
    )


# --- Other domains' signals -------------------------------------------------------------------


@account_deleting.connect
def _forget_user(user):
    account.forget_user(user)


@account_data.connect
def _user_data(user):
    return "advocacy", account.user_data(user)
