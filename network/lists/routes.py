"""Routes of the mailing lists: directory, subscribing, confirming, unsubscribing, the preference
centre and the staff's list pages."""

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from network.csvexport import csv_response
from network.extensions import csrf, limiter
from network.groups.queries import choices as group_choices
from network.i18n import current_language
from network.lists import bp, group_lists, imports, staff, subscriptions
from network.lists.account import forget_subscriber, subscription_data
from network.lists.forms import ImportForm, ListForm, PreferencesForm, SearchForm, SubscribeForm
from network.lists.labels import CONSENT_SOURCES, LIST_KINDS, LIST_VISIBILITIES, SUBSCRIPTION_STATES
from network.lists.models import MailingList
from network.params import page_arg
from network.permissions import staff_required
from network.signals import account_data, account_deleting, group_sections
from network.web import attempt


def public_form_limit():
    return current_app.config["ADVOCACY_FORM_LIMIT"]


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
    subscription = subscriptions.subscription_from_token(token)
    if request.method == "POST" and attempt(subscriptions.unsubscribe, subscription).ok:
        return render_template("lists/unsubscribed.html", subscription=subscription)
    return render_template("lists/unsubscribe.html", subscription=subscription)


@bp.route("/preferences/<secret>", methods=["GET", "POST"])
def preferences(secret):
    subscriber = subscriptions.subscriber_by_secret(secret)
    mine = subscriptions.subscriptions_of(subscriber)
    form = PreferencesForm()
    form.lists.choices = [(s.list_id, s.mailing_list.name) for s in mine]
    if request.method == "GET":
        form.lists.data = [s.list_id for s in mine if s.state == subscriptions.ACTIVE]
        form.language.data = subscriber.language
    elif (
        form.validate_on_submit()
        and attempt(
            subscriptions.update_preferences,
            subscriber,
            set(form.lists.data or []),
            form.language.data,
            done=_("Your choices are saved."),
        ).ok
    ):
        return redirect(url_for("lists.preferences", secret=secret))
    return render_template(
        "lists/preferences.html", form=form, subscriber=subscriber, subscriptions=mine
    ), 400 if form.errors else 200


@bp.route("/preferences/<secret>/opt-out", methods=["POST"])
def opt_out(secret):
    subscriber = subscriptions.subscriber_by_secret(secret)
    attempt(
        subscriptions.opt_out,
        subscriber,
        done=_(
            "You are unsubscribed from everything. We will not send you list mail again "
            "unless you subscribe yourself."
        ),
    )
    return redirect(url_for("lists.preferences", secret=secret))


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    # Mail scanners open links, so the GET only shows a button.
    mailing_list = subscriptions.pending_subscription(token).mailing_list
    if request.method == "POST":
        outcome = attempt(
            subscriptions.confirm_subscription,
            token,
            done=lambda subscription: _(
                "Thank you, your subscription to %(list)s is confirmed.",
                list=subscription.mailing_list.name,
            ),
        )
        if outcome.ok:
            return redirect(url_for("lists.preferences", secret=outcome.value.subscriber.secret))
    return render_template("lists/confirm.html", mailing_list=mailing_list)


# --- Lists ------------------------------------------------------------------------------------


@bp.route("/lists")
def lists():
    user = signed_in()
    mine = subscriptions.member_subscriptions(user) if user else {}
    return render_template("lists/lists.html", lists=subscriptions.visible_lists(user), mine=mine)


def render_list_page(mailing_list: MailingList, form=None, status=200):
    user = signed_in()
    subscription = subscriptions.member_subscriptions(user).get(mailing_list.id) if user else None
    return render_template(
        "lists/list.html",
        mailing_list=mailing_list,
        subscription=subscription,
        may_join=subscriptions.may_join(user, mailing_list),
        form=form or SubscribeForm(),
    ), status


@bp.route("/lists/<slug>")
def list_page(slug):
    return render_list_page(subscriptions.list_for_page(slug, signed_in()))


@bp.route("/lists/<slug>/subscribe", methods=["POST"])
@public_form_limited
def subscribe(slug):
    mailing_list = subscriptions.list_for_page(slug, signed_in())
    form = SubscribeForm()
    if not form.validate_on_submit():
        return render_list_page(mailing_list, form, 400)
    if not form.is_bot:
        outcome = attempt(
            subscriptions.request_subscription,
            form.email.data,
            form.name.data,
            current_language(),
            mailing_list,
            page=url_for("lists.list_page", slug=slug),
        )
        if not outcome.ok:
            return render_list_page(mailing_list, form, outcome.status)
    return render_template("lists/check_inbox.html", email=form.email.data)


def back_to(slug: str) -> str:
    """Join and leave buttons sit on the list page and on the account page."""
    if request.form.get("back") == "account":
        return url_for("auth.account")
    return url_for("lists.list_page", slug=slug)


@bp.route("/lists/<slug>/join", methods=["POST"])
@login_required
def join(slug):
    mailing_list = subscriptions.list_for_page(slug, current_user)
    attempt(
        subscriptions.subscribe_member,
        current_user,
        mailing_list,
        page=url_for("lists.list_page", slug=slug),
        done=_("You are subscribed to %(list)s.", list=mailing_list.name),
    )
    return redirect(back_to(slug))


@bp.route("/lists/<slug>/leave", methods=["POST"])
@login_required
def leave(slug):
    mailing_list = subscriptions.list_for_page(slug, current_user)
    attempt(
        subscriptions.unsubscribe_member,
        current_user,
        mailing_list,
        done=_("You are unsubscribed from %(list)s.", list=mailing_list.name),
    )
    return redirect(back_to(slug))


@bp.app_context_processor
def account_lists():
    def account_mailing_lists():
        """(list, subscription) pairs a signed-in member may join or has joined."""
        mine = subscriptions.member_subscriptions(current_user)
        return [
            (entry, mine.get(entry.id))
            for entry in subscriptions.visible_lists(current_user)
            if entry.id in mine or subscriptions.may_join(current_user, entry)
        ]

    return {
        "account_mailing_lists": account_mailing_lists,
        "list_labels": {"subscription": SUBSCRIPTION_STATES, "consent": CONSENT_SOURCES},
    }


# --- Staff ------------------------------------------------------------------------------------


def list_form(mailing_list: MailingList | None = None) -> ListForm:
    form = ListForm(obj=mailing_list)
    form.group_id.choices = [(0, _("None"))] + group_choices()
    if mailing_list is not None and request.method == "GET":
        form.group_id.data = mailing_list.group_id or 0
    return form


@bp.route("/staff/lists")
@staff_required
def staff_lists():
    return render_template(
        "lists/staff/lists.html",
        lists=staff.all_lists(),
        counts=subscriptions.counts_by_state(),
        kinds=LIST_KINDS,
        visibilities=LIST_VISIBILITIES,
    )


@bp.route("/staff/lists/new", methods=["GET", "POST"])
@bp.route("/staff/lists/<int:list_id>/edit", methods=["GET", "POST"])
@staff_required
def staff_edit_list(list_id=None):
    mailing_list = subscriptions.get_list(list_id) if list_id else None
    form = list_form(mailing_list)
    if not form.validate_on_submit():
        return render_template(
            "lists/staff/list_form.html", form=form, mailing_list=mailing_list
        ), 400 if form.errors else 200
    outcome = attempt(
        staff.save_list,
        mailing_list or MailingList(),
        form.data_for_model(),
        done=_("The list is saved."),
    )
    if outcome.ok:
        return redirect(url_for("lists.staff_list", list_id=outcome.value.id))
    return render_template(
        "lists/staff/list_form.html", form=form, mailing_list=mailing_list
    ), outcome.status


@bp.route("/staff/lists/<int:list_id>")
@staff_required
def staff_list(list_id):
    mailing_list = subscriptions.get_list(list_id)
    search = SearchForm(request.args)
    search.validate()
    page = staff.search_subscriptions(
        mailing_list, search.q.data or "", search.state.data or "", page_arg()
    )
    return render_template(
        "lists/staff/list.html",
        mailing_list=mailing_list,
        search=search,
        page=page,
        counts=subscriptions.counts_by_state([list_id]).get(list_id, {}),
        import_form=ImportForm(),
    )


@bp.route("/staff/lists/<int:list_id>/import", methods=["POST"])
@staff_required
def staff_import(list_id):
    mailing_list = subscriptions.get_list(list_id)
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        report = attempt(
            imports.import_subscribers,
            mailing_list,
            form.file.data.read(),
            form.consent_note.data,
            form.dry_run.data,
            field=form.file,
        ).value
    status = 400 if form.errors or (report and not report.valid) else 200
    return render_template(
        "lists/staff/import.html", mailing_list=mailing_list, form=form, report=report
    ), status


@bp.route("/staff/lists/import-template.csv")
@staff_required
def staff_import_template():
    return csv_response("subscribers-template.csv", imports.TEMPLATE_HEADER, imports.TEMPLATE_ROWS)


@bp.route("/staff/lists/<int:list_id>/export.csv")
@staff_required
def staff_export(list_id):
    mailing_list = subscriptions.get_list(list_id)
    return csv_response(
        f"{mailing_list.slug}-subscribers.csv", staff.EXPORT_HEADER, staff.export_rows(mailing_list)
    )


# --- Other domains' signals -------------------------------------------------------------------


@group_sections.connect
def _group_list_section(group):
    mailing_list, subscription, may_join = group_lists.group_list_for_page(group, signed_in())
    if mailing_list is None:
        return None
    return Markup(
        render_template(
            "lists/_group_section.html",
            mailing_list=mailing_list,
            subscription=subscription,
            may_join=may_join,
        )
    )


@account_deleting.connect
def _forget_subscriber(user):
    forget_subscriber(user)


@account_data.connect
def _subscription_data(user):
    return "lists", subscription_data(user)
