"""Routes of this domain: mailing lists, subscriptions, the preference centre, campaigns."""
from datetime import datetime, time, timezone

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from network.advocacy import bp, services, tasks  # noqa: F401  (tasks: periodic jobs)
from network.advocacy.forms import (CONSENT_SOURCES, LIST_KINDS, LIST_VISIBILITIES, ORGANIZATION_KINDS,
                                    SIGNATURE_STATES, SUBSCRIPTION_STATES, CampaignForm, EndorseForm, ImportForm, ListForm,
                                    MemberEndorseForm, MemberSignForm, PreferencesForm, SearchForm,
                                    SignForm, SubscribeForm)
from network.advocacy.models import Campaign, Endorsement, ListKind, MailingList, Signature
from network.csvexport import csv_response
from network.errors import DomainError
from network.extensions import csrf, db, limiter
from network.groups.models import WorkingGroup
from network.i18n import current_language
from network.params import page_arg
from network.permissions import staff_required
from network.signals import account_data, account_deleting, group_sections
from network.themes.models import Theme


def public_form_limit():
    return current_app.config.get("ADVOCACY_FORM_LIMIT", "10 per 10 minutes")


public_form_limited = limiter.limit(public_form_limit, methods=["POST"])


def signed_in():
    """The signed-in person, or None (also outside a request, where signals may be sent)."""
    return current_user if current_user and current_user.is_authenticated else None


# --- Unsubscribe, preference centre, confirmation ------------------------------------------------

@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token):
    """RFC 8058 one-click: a POST from a mail provider, with no cookie and no CSRF token,
    ends exactly one subscription and answers 200. The GET only shows the button."""
    if request.method == "POST":
        subscription = services.unsubscribe_by_token(token)
        db.session.commit()
        return render_template("advocacy/unsubscribed.html", subscription=subscription)
    subscription = services.subscription_from_token(token)
    return render_template("advocacy/unsubscribe.html", subscription=subscription)


@bp.route("/preferences/<secret>", methods=["GET", "POST"])
def preferences(secret):
    subscriber = services.subscriber_by_secret(secret)
    subscriptions = services.subscriptions_of(subscriber)
    form = PreferencesForm()
    form.lists.choices = [(s.list_id, s.mailing_list.name) for s in subscriptions]
    if request.method == "GET":
        form.lists.data = [s.list_id for s in subscriptions if s.state == services.ACTIVE]
        form.language.data = subscriber.language
    elif form.validate_on_submit():
        services.update_preferences(subscriber, set(form.lists.data or []), form.language.data)
        db.session.commit()
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("advocacy.preferences", secret=secret))
    return render_template("advocacy/preferences.html", form=form, subscriber=subscriber,
                           subscriptions=subscriptions), 400 if form.errors else 200


@bp.route("/preferences/<secret>/opt-out", methods=["POST"])
def opt_out(secret):
    subscriber = services.subscriber_by_secret(secret)
    services.opt_out(subscriber)
    db.session.commit()
    flash(_("You are unsubscribed from everything. We will not send you list mail again "
            "unless you subscribe yourself."), "success")
    return redirect(url_for("advocacy.preferences", secret=secret))


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    # Mail scanners open links, so the GET only shows a button.
    if request.method == "POST":
        subscription = services.confirm_subscription(token)
        db.session.commit()
        flash(_("Thank you, your subscription to %(list)s is confirmed.", list=subscription.mailing_list.name),
              "success")
        return redirect(url_for("advocacy.preferences", secret=subscription.subscriber.secret))
    return render_template("advocacy/confirm.html", mailing_list=services.pending_subscription(token).mailing_list)


# --- Lists ------------------------------------------------------------------------------------

@bp.route("/lists")
def lists():
    user = signed_in()
    mine = services.member_subscriptions(user) if user else {}
    return render_template("advocacy/lists.html", lists=services.visible_lists(user), mine=mine)


def render_list_page(mailing_list: MailingList, form=None, status=200):
    user = signed_in()
    subscription = services.member_subscriptions(user).get(mailing_list.id) if user else None
    return render_template("advocacy/list.html", mailing_list=mailing_list, subscription=subscription,
                           may_join=services.may_join(user, mailing_list),
                           form=form or SubscribeForm()), status


@bp.route("/lists/<slug>")
def list_page(slug):
    return render_list_page(services.list_for_page(slug, signed_in()))


@bp.route("/lists/<slug>/subscribe", methods=["POST"])
@public_form_limited
def subscribe(slug):
    mailing_list = services.list_for_page(slug, signed_in())
    form = SubscribeForm()
    if not form.validate_on_submit():
        return render_list_page(mailing_list, form, 400)
    if not form.is_bot:
        services.request_subscription(form.email.data, form.name.data, current_language(), mailing_list,
                                      page=url_for("advocacy.list_page", slug=slug))
        db.session.commit()
    return render_template("advocacy/check_inbox.html", email=form.email.data)


def back_to(slug: str) -> str:
    """Join and leave buttons sit on the list page and on the account page."""
    if request.form.get("back") == "account":
        return url_for("auth.account")
    return url_for("advocacy.list_page", slug=slug)


@bp.route("/lists/<slug>/join", methods=["POST"])
@login_required
def join(slug):
    mailing_list = services.list_for_page(slug, current_user)
    services.subscribe_member(current_user, mailing_list, page=url_for("advocacy.list_page", slug=slug))
    db.session.commit()
    flash(_("You are subscribed to %(list)s.", list=mailing_list.name), "success")
    return redirect(back_to(slug))


@bp.route("/lists/<slug>/leave", methods=["POST"])
@login_required
def leave(slug):
    mailing_list = services.list_for_page(slug, current_user)
    services.unsubscribe_member(current_user, mailing_list)
    db.session.commit()
    flash(_("You are unsubscribed from %(list)s.", list=mailing_list.name), "info")
    return redirect(back_to(slug))


@bp.app_context_processor
def account_lists():
    def advocacy_account_lists():
        """(list, subscription) pairs a signed-in member may join or has joined."""
        mine = services.member_subscriptions(current_user)
        return [(l, mine.get(l.id)) for l in services.visible_lists(current_user)
                if l.id in mine or services.may_join(current_user, l)]
    return {"advocacy_account_lists": advocacy_account_lists,
            "advocacy_labels": {"subscription": SUBSCRIPTION_STATES, "signature": SIGNATURE_STATES,
                                "consent": CONSENT_SOURCES, "kind": ORGANIZATION_KINDS}}


# --- Campaigns --------------------------------------------------------------------------------

@bp.route("/campaigns")
def campaigns():
    items = services.campaigns_for_directory()
    return render_template("advocacy/campaigns.html", campaigns=items,
                           progress={c.id: services.campaign_progress(c) for c in items})


def render_campaign(campaign: Campaign, sign_form=None, endorse_form=None, status=200):
    user = signed_in()
    sign_form = sign_form or (MemberSignForm(name=user.name) if user else SignForm())
    endorse_form = endorse_form or (MemberEndorseForm() if user else EndorseForm())
    return render_template(
        "advocacy/campaign.html", campaign=campaign, progress=services.campaign_progress(campaign),
        signers=services.listed_signers(campaign), organizations=services.organizations_by_country(campaign, user),
        sign_form=sign_form, endorse_form=endorse_form,
        my_organizations=services.administered_organizations(user)), status


@bp.route("/campaigns/<slug>")
def campaign(slug):
    return render_campaign(services.campaign_by_slug(slug))


@bp.route("/campaigns/<slug>/sign", methods=["POST"])
@public_form_limited
def sign(slug):
    campaign = services.campaign_by_slug(slug)
    user = signed_in()
    form = MemberSignForm() if user else SignForm()
    if not form.validate_on_submit():
        return render_campaign(campaign, sign_form=form, status=400)
    email = user.email if user else form.email.data
    if form.is_bot:
        return render_template("advocacy/check_inbox.html", email=email, signature=True)
    try:
        services.sign(campaign, name=form.name.data, email=email,
                      country=form.country.data, organization_name=form.organization_name.data or "",
                      listed=form.listed.data, opt_in=form.opt_in.data, language=current_language(), user=user)
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return render_campaign(campaign, sign_form=form, status=error.status)
    db.session.commit()
    if user:
        flash(_("Thank you, your signature is counted."), "success")
        return redirect(url_for("advocacy.campaign", slug=slug))
    return render_template("advocacy/check_inbox.html", email=email, signature=True)


@bp.route("/signatures/confirm/<token>", methods=["GET", "POST"])
def confirm_signature(token):
    if request.method == "POST":
        signature = services.confirm_signature(token)
        db.session.commit()
        flash(_("Thank you, your signature is confirmed and counted."), "success")
        return redirect(url_for("advocacy.campaign", slug=signature.campaign.slug))
    signature = services.pending_signature(token)
    return render_template("advocacy/confirm_signature.html", campaign=signature.campaign)


@bp.route("/campaigns/<slug>/endorse", methods=["POST"])
@public_form_limited
def endorse(slug):
    campaign = services.campaign_by_slug(slug)
    user = signed_in()
    form = MemberEndorseForm() if user else EndorseForm()
    if not form.validate_on_submit():
        return render_campaign(campaign, endorse_form=form, status=400)
    email = user.email if user else form.contact_email.data
    if form.is_bot:
        return render_template("advocacy/check_inbox.html", email=email, endorsement=True)
    try:
        services.endorse(campaign, organization_name=form.organization_name.data, country=form.country.data,
                         kind=form.kind.data, website=form.website.data or "",
                         contact_name=user.name if user else form.contact_name.data, contact_email=email,
                         language=current_language(), user=user)
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return render_campaign(campaign, endorse_form=form, status=error.status)
    db.session.commit()
    if user:
        flash(_("Thank you, your organization's endorsement is recorded."), "success")
        return redirect(url_for("advocacy.campaign", slug=slug))
    return render_template("advocacy/check_inbox.html", email=email, endorsement=True)


@bp.route("/campaigns/<slug>/endorse-as/<int:organization_id>", methods=["POST"])
@login_required
def endorse_as(slug, organization_id):
    campaign = services.campaign_by_slug(slug)
    endorsement = services.endorse_as_organization(campaign, organization_id, current_user)
    db.session.commit()
    flash(_("%(name)s now endorses this campaign.", name=endorsement.organization_name), "success")
    return redirect(url_for("advocacy.campaign", slug=slug))


@bp.route("/endorsements/confirm/<token>", methods=["GET", "POST"])
def confirm_endorsement(token):
    if request.method == "POST":
        endorsement = services.confirm_endorsement(token)
        db.session.commit()
        flash(_("Thank you, the endorsement of %(name)s is confirmed.", name=endorsement.organization_name),
              "success")
        return redirect(url_for("advocacy.campaign", slug=endorsement.campaign.slug))
    endorsement = services.pending_endorsement(token)
    return render_template("advocacy/confirm_endorsement.html", endorsement=endorsement)


# --- Staff: lists -----------------------------------------------------------------------------

def list_form(mailing_list: MailingList | None = None) -> ListForm:
    form = ListForm(obj=mailing_list)
    groups = db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.name))
    form.group_id.choices = [(0, _("None"))] + [(g.id, g.name) for g in groups]
    if mailing_list is not None and request.method == "GET":
        form.group_id.data = mailing_list.group_id or 0
    return form


@bp.route("/staff/lists")
@staff_required
def staff_lists():
    items = db.session.scalars(select(MailingList).order_by(MailingList.archived, MailingList.slug)).all()
    return render_template("advocacy/staff/lists.html", lists=items, counts=services.counts_by_state(),
                           kinds=LIST_KINDS, visibilities=LIST_VISIBILITIES)


@bp.route("/staff/lists/new", methods=["GET", "POST"])
@bp.route("/staff/lists/<int:list_id>/edit", methods=["GET", "POST"])
@staff_required
def staff_edit_list(list_id=None):
    mailing_list = services.get_list(list_id) if list_id else None
    form = list_form(mailing_list)
    if form.validate_on_submit():
        try:
            saved = services.save_list(mailing_list or MailingList(), form.data_for_model())
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The list is saved."), "success")
            return redirect(url_for("advocacy.staff_list", list_id=saved.id))
    return render_template("advocacy/staff/list_form.html", form=form, mailing_list=mailing_list), \
        400 if form.errors or form.form_errors else 200


@bp.route("/staff/lists/<int:list_id>")
@staff_required
def staff_list(list_id):
    mailing_list = services.get_list(list_id)
    search = SearchForm(request.args)
    search.validate()
    page = services.search_subscriptions(mailing_list, search.q.data or "", search.state.data or "",
                                         page_arg())
    return render_template("advocacy/staff/list.html", mailing_list=mailing_list, search=search, page=page,
                           counts=services.counts_by_state([list_id]).get(list_id, {}),
                           import_form=ImportForm())


@bp.route("/staff/lists/<int:list_id>/import", methods=["POST"])
@staff_required
def staff_import(list_id):
    mailing_list = services.get_list(list_id)
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        try:
            report = services.import_subscribers(mailing_list, form.file.data.read(), form.consent_note.data,
                                                 form.dry_run.data)
        except DomainError as error:
            db.session.rollback()
            form.file.errors.append(error.message)
        else:
            db.session.commit()
            if not form.dry_run.data and report.valid:
                flash(_("%(n)s addresses were added.", n=len(report.to_add)), "success")
    status = 400 if form.errors or (report and not report.valid) else 200
    return render_template("advocacy/staff/import.html", mailing_list=mailing_list, form=form,
                           report=report), status


@bp.route("/staff/lists/<int:list_id>/export.csv")
@staff_required
def staff_export(list_id):
    mailing_list = services.get_list(list_id)
    return csv_response(f"{mailing_list.slug}-subscribers.csv", services.EXPORT_HEADER,
                        services.export_rows(mailing_list))


# --- Staff: campaigns -------------------------------------------------------------------------

def campaign_form(campaign: Campaign | None = None) -> CampaignForm:
    form = CampaignForm(obj=campaign)
    form.themes.choices = [(t.id, t.name) for t in db.session.scalars(select(Theme).order_by(Theme.position))]
    lists = db.session.scalars(select(MailingList).where(MailingList.kind == ListKind.CAMPAIGN.value)
                               .order_by(MailingList.slug))
    form.list_id.choices = [(0, _("Create a new list for this campaign"))] + [(l.id, l.name) for l in lists]
    if campaign is not None and request.method == "GET":
        form.languages.data = campaign.language_codes
        form.themes.data = [t.id for t in campaign.themes]
        form.list_id.data = campaign.list_id or 0
        form.deadline.data = campaign.deadline.date() if campaign.deadline else None
    return form


def campaign_data(form: CampaignForm) -> dict:
    deadline = form.deadline.data
    return {
        "title": form.title.data, "slug": form.slug.data, "summary": form.summary.data,
        "statement": form.statement.data, "goal": form.goal.data, "list_id": form.list_id.data,
        "languages": ",".join(form.languages.data),
        # The deadline day lasts until its end, in UTC.
        "deadline": datetime.combine(deadline, time.max, tzinfo=timezone.utc) if deadline else None,
    }


@bp.route("/staff/campaigns")
@staff_required
def staff_campaigns():
    items = services.campaigns_for_directory()
    return render_template("advocacy/staff/campaigns.html", campaigns=items,
                           progress={c.id: services.campaign_progress(c) for c in items})


@bp.route("/staff/campaigns/new", methods=["GET", "POST"])
@bp.route("/staff/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@staff_required
def staff_edit_campaign(campaign_id=None):
    campaign = services.get_campaign(campaign_id) if campaign_id else None
    form = campaign_form(campaign)
    if form.validate_on_submit():
        try:
            saved = services.save_campaign(campaign or Campaign(), campaign_data(form), form.themes.data)
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The campaign is saved."), "success")
            return redirect(url_for("advocacy.staff_campaign", campaign_id=saved.id))
    return render_template("advocacy/staff/campaign_form.html", form=form, campaign=campaign), \
        400 if form.errors or form.form_errors else 200


@bp.route("/staff/campaigns/<int:campaign_id>")
@staff_required
def staff_campaign(campaign_id):
    campaign = services.get_campaign(campaign_id)
    signatures = db.session.scalars(select(Signature).where(Signature.campaign_id == campaign.id)
                                    .order_by(Signature.created_at.desc()).limit(200)).all()
    endorsements = db.session.scalars(select(Endorsement).where(Endorsement.campaign_id == campaign.id)
                                      .order_by(Endorsement.country, Endorsement.organization_name)).all()
    return render_template("advocacy/staff/campaign.html", campaign=campaign,
                           progress=services.campaign_progress(campaign), signatures=signatures,
                           endorsements=endorsements)


@bp.route("/staff/campaigns/<int:campaign_id>/close", methods=["POST"])
@staff_required
def staff_close_campaign(campaign_id):
    services.close_campaign(services.get_campaign(campaign_id))
    db.session.commit()
    flash(_("The campaign is closed."), "info")
    return redirect(url_for("advocacy.staff_campaign", campaign_id=campaign_id))


@bp.route("/staff/campaigns/<int:campaign_id>/endorsements/<int:endorsement_id>/verify", methods=["POST"])
@staff_required
def staff_verify_endorsement(campaign_id, endorsement_id):
    verified = request.form.get("verified") == "1"
    endorsement = services.set_verified(services.get_campaign(campaign_id), endorsement_id, verified)
    db.session.commit()
    flash(_("%(name)s is marked as verified.", name=endorsement.organization_name) if verified
          else _("%(name)s is no longer marked as verified.", name=endorsement.organization_name), "info")
    return redirect(url_for("advocacy.staff_campaign", campaign_id=campaign_id))


@bp.route("/staff/campaigns/<int:campaign_id>/signatures.csv")
@staff_required
def staff_export_signatures(campaign_id):
    campaign = services.get_campaign(campaign_id)
    return csv_response(f"{campaign.slug}-signatures.csv", services.SIGNATURE_HEADER,
                        services.signature_rows(campaign))


@bp.route("/staff/campaigns/<int:campaign_id>/endorsements.csv")
@staff_required
def staff_export_endorsements(campaign_id):
    campaign = services.get_campaign(campaign_id)
    return csv_response(f"{campaign.slug}-endorsements.csv", services.ENDORSEMENT_HEADER,
                        services.endorsement_rows(campaign))


# --- Other domains' signals -------------------------------------------------------------------

@account_deleting.connect
def _forget_user(user):
    services.forget_user(user)


@account_data.connect
def _user_data(user):
    return "advocacy", services.user_data(user)


@group_sections.connect
def _group_list_section(group):
    mailing_list, subscription, may_join = services.group_list_for_page(group, signed_in())
    if mailing_list is None:
        return None
    return Markup(render_template("advocacy/_group_section.html", mailing_list=mailing_list,
                                  subscription=subscription, may_join=may_join))
