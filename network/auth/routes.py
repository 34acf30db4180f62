import hmac
import json

from flask import Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from network.auth import bp, services
from network.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    PreferencesForm,
    ResetPasswordForm,
    SignupForm,
)
from network.auth.models import User
from network.auth.tasks import send_reset_link
from network.extensions import limiter, login_manager
from network.i18n import current_language
from network.security import safe_next
from network.tasks import enqueue
from network.web import attempt


@login_manager.user_loader
def load_user(user_id: str):
    ident, _sep, token = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = services.session_user(int(ident))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def account_key() -> str:
    """Limits per account: keyed on the address typed in, known or not."""
    return "account:" + request.form.get("email", "").strip().lower()


def ip_limit():
    return current_app.config["AUTH_IP_LIMIT"]


def account_limit():
    return current_app.config["AUTH_ACCOUNT_LIMIT"]


def limited(view):
    """Per account on each form, and per IP across all sign-in, sign-up and reset forms."""
    view = limiter.limit(account_limit, key_func=account_key, methods=["POST"])(view)
    return limiter.shared_limit(ip_limit, scope="auth-ip", methods=["POST"])(view)


@bp.route("/signup", methods=["GET", "POST"])
@limited
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = SignupForm()
    if form.validate_on_submit():
        if attempt(
            services.sign_up,
            form.name.data,
            form.email.data,
            form.password.data,
            current_language(),
            form.chosen_timezone(),
            field=form.password,
        ).ok:
            return render_template("auth/check_inbox.html", email=form.email.data)
    return form_page("auth/signup.html", form)


def form_page(template: str, form):
    """The form again: after a POST that failed, with a 400, as every other form answers."""
    return render_template(template, form=form), 400 if request.method == "POST" else 200


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify_email(token):
    # Mail scanners open links, so the GET only shows a button.
    if request.method == "POST":
        outcome = attempt(services.verify_email, token)
        if outcome.ok and outcome.value is not None:
            user = outcome.value
            sign_in(
                user,
                greeting=_("Your email address is confirmed. Welcome, %(name)s.", name=user.name),
            )
            return redirect(url_for("main.index"))
        if outcome.ok:
            flash(_("Your email address is already confirmed. You can sign in."), "info")
        return redirect(url_for("auth.login"))
    return render_template(
        "confirm.html", title=_("Confirm your email address"), button=_("Confirm my email address")
    )


@bp.route("/login", methods=["GET", "POST"])
@limited
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Invalid email or password."), "danger")
        elif not user.is_verified:
            attempt(
                services.send_verification,
                user,
                done=_("Please confirm your email address first. We have sent you a new link."),
            )
        else:
            sign_in(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("main.index")))
    return form_page("auth/login.html", form)


def sign_in(user: User, remember: bool = False, greeting: str | None = None) -> None:
    """A fresh session for user (keeping the language chosen before), greeted once: welcome
    the first time, welcome back after."""
    if greeting is None and user.last_login_at is not None:
        greeting = _("Welcome back, %(name)s.", name=user.name)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user, remember=remember)
    attempt(services.record_login, user, done=greeting or _("Welcome, %(name)s.", name=user.name))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    attempt(services.end_sessions, current_user, done=_("You are signed out."))
    logout_user()
    return redirect(url_for("main.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limited
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Looked up in the worker: the answer takes as long whether or not the address is known.
        enqueue(send_reset_link, form.email.data)
        return render_template("auth/check_inbox.html", email=form.email.data, reset=True)
    return form_page("auth/forgot_password.html", form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(ip_limit, methods=["POST"])
def reset_password(token):
    user = services.user_for_reset(token)
    form = ResetPasswordForm()
    if (
        form.validate_on_submit()
        and attempt(
            services.set_password,
            user,
            form.password.data,
            field=form.password,
            done=_("Your password has been changed. Sign in with the new one."),
        ).ok
    ):
        logout_user()
        return redirect(url_for("auth.login"))
    return form_page("auth/reset_password.html", form)


@bp.route("/account")
@login_required
def account():
    return render_account()


def render_account(**forms):
    forms.setdefault("preferences", PreferencesForm(prefix="pref", obj=current_user))
    forms.setdefault("password_form", ChangePasswordForm(prefix="pw", formdata=None))
    forms.setdefault("email_form", ChangeEmailForm(prefix="em", formdata=None))
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render_template("auth/account.html", **forms), status


@bp.route("/account/preferences", methods=["POST"])
@login_required
def preferences():
    form = PreferencesForm(prefix="pref")
    if not form.validate_on_submit():
        return render_account(preferences=form)
    # Said after the change, so in the language just chosen.
    attempt(
        services.update_preferences,
        current_user,
        form.language.data,
        form.timezone.data,
        done=lambda _none: _("Your preferences are saved."),
    )
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["POST"])
@login_required
@limiter.limit(ip_limit)
def change_password():
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        if attempt(
            services.change_password,
            current_user,
            form.current.data,
            form.password.data,
            field=form.current,
            done=_("Your password has been changed. Other sessions were signed out."),
        ).ok:
            login_user(current_user._get_current_object())
            return redirect(url_for("auth.account"))
    return render_account(password_form=form)


@bp.route("/account/email", methods=["POST"])
@login_required
@limiter.limit(ip_limit)
def change_email():
    form = ChangeEmailForm(prefix="em")
    if form.validate_on_submit():
        if attempt(
            services.request_email_change,
            current_user,
            form.password.data,
            form.email.data,
            field=form.email,
            done=_(
                "We have sent a confirmation link to %(email)s. Your address changes "
                "when you follow it.",
                email=form.email.data,
            ),
        ).ok:
            return redirect(url_for("auth.account"))
    return render_account(email_form=form)


@bp.route("/account/email/<token>", methods=["GET", "POST"])
def confirm_email_change(token):
    if request.method == "POST":
        signed_in_id = current_user.get_id() and current_user.id
        outcome = attempt(
            services.confirm_email_change,
            token,
            done=_("Your email address has been changed. Other sessions were signed out."),
        )
        if not outcome.ok:
            return _confirm_email_page(), outcome.status
        if signed_in_id == outcome.value.id:
            login_user(outcome.value)  # this browser keeps its session; the others were ended
        return redirect(url_for("main.index"))
    return _confirm_email_page()


def _confirm_email_page():
    return render_template(
        "confirm.html",
        title=_("Confirm your new email address"),
        button=_("Confirm my new email address"),
    )


@bp.route("/account/data")
@login_required
def my_data():
    body = json.dumps(services.account_export(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per 15 minutes", methods=["POST"])
def delete_account():
    form = DeleteAccountForm()
    if (
        form.validate_on_submit()
        and attempt(
            services.delete_account,
            current_user._get_current_object(),
            form.password.data,
            field=form.password,
            done=_("Your account and your data have been deleted."),
        ).ok
    ):
        logout_user()
        return redirect(url_for("main.index"))
    return render_template("auth/delete_account.html", form=form), 400 if form.errors else 200
