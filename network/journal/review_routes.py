"""The reviewers' pages, reached through the signed link of their invitation (no account
needed) or, for members, from the list of their invitations.

Mail scanners open links, so a GET only shows the invitation and its buttons; accepting,
declining and sending a review are POSTs."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network.errors import NotFound
from network.extensions import limiter
from network.journal import bp, files, reviews
from network.journal.editorial_forms import ReviewForm
from network.journal.models import ReviewState
from network.web import attempt

# Like the other pages that mailed links open without an account.
token_limited = limiter.limit("30 per 10 minutes", methods=["POST"])


@bp.get("/reviews")
@login_required
def reviews_mine():
    return render_template(
        "journal/review/mine.html",
        invitations=reviews.invitations_of(current_user),
        token=reviews.review_token,
        outstanding=reviews.OUTSTANDING,
    )


def _page(review, token, form=None, status=200):
    submission = review.submission
    editable = reviews.can_edit(review)
    if form is None and editable:
        form = ReviewForm()
        if review.state == ReviewState.COMPLETED.value:
            form.recommendation.data = review.recommendation
            form.for_author.data = review.for_author
            form.for_editor.data = review.for_editor
    return render_template(
        "journal/review/review.html",
        review=review,
        submission=submission,
        journal=submission.journal,
        text=submission.text_in(review.language),
        token=token,
        form=form if editable else None,
        round_open=reviews.round_open(review),
        has_file=_has_file(review),
        show_authors=not submission.journal.double_blind,
    ), status


def _has_file(review) -> bool:
    try:
        reviews.review_file(review)
    except NotFound:
        return False
    return True


@bp.route("/reviews/<token>", methods=["GET", "POST"])
@token_limited
def review_page(token: str):
    review = reviews.review_by_token(token, current_user)
    if request.method == "GET":
        return _page(review, token)
    form = ReviewForm()
    if not reviews.can_edit(review):
        return _page(review, token, status=409)
    if not form.validate_on_submit():
        return _page(review, token, form, 400)
    outcome = attempt(
        reviews.submit,
        review,
        recommendation=form.recommendation.data,
        for_author=form.for_author.data,
        for_editor=form.for_editor.data or "",
        done=_("Thank you: your review is sent to the editor."),
    )
    if outcome.ok:
        return redirect(url_for("journal.review_page", token=token))
    return _page(review, token, form, outcome.status)


@bp.post("/reviews/<token>/accept")
@token_limited
def review_accept(token: str):
    review = reviews.review_by_token(token, current_user)
    attempt(reviews.accept, review, done=_("Thank you for agreeing to review."))
    return redirect(url_for("journal.review_page", token=token))


@bp.post("/reviews/<token>/decline")
@token_limited
def review_decline(token: str):
    review = reviews.review_by_token(token, current_user)
    attempt(
        reviews.decline, review, done=_("You declined this invitation. Thank you for answering.")
    )
    return redirect(url_for("journal.review_page", token=token))


@bp.get("/reviews/<token>/file")
def review_file(token: str):
    review = reviews.review_by_token(token, current_user)
    return files.send(reviews.review_file(review))
