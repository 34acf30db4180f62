"""Settings pages: a new journal (staff), a journal's details, sections and editors-in-chief
(its editors-in-chief and staff)."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network.journal import bp, settings
from network.journal.access import is_chief
from network.journal.settings_forms import (
    EditorForm,
    NewJournalForm,
    NewSectionForm,
    SectionForm,
    SettingsForm,
)
from network.permissions import staff_required
from network.web import attempt, confirmation, confirmed


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new_journal():
    form = NewJournalForm()
    if request.method == "GET":
        form.language.data = current_user.language
    if form.validate_on_submit():
        outcome = attempt(
            settings.create_journal,
            current_user,
            name=form.name.data,
            slug=form.slug.data,
            language=form.language.data,
            chief=form.chief_email.user,
            done=lambda journal: _("The journal %(name)s is created.", name=journal.name),
            field=form.slug,
        )
        if outcome.ok:
            return redirect(url_for("journal.settings", slug=outcome.value.slug))
    status = 400 if form.errors else 200
    return render_template("journal/settings/new.html", form=form), status


@bp.route("/<slug>/editorial/settings", methods=["GET", "POST"], endpoint="settings")
@login_required
def settings_page(slug):
    journal = settings.journal_for_chief(slug, current_user)
    form = SettingsForm.of(journal)
    status = 200
    if form.validate_on_submit():
        outcome = attempt(
            settings.save_settings,
            journal,
            current_user,
            form.to_settings(),
            done=_("The journal's settings are saved."),
        )
        if outcome.ok:
            return redirect(url_for("journal.settings", slug=journal.slug))
        status = outcome.status
    return render_template(
        "journal/settings/settings.html",
        journal=journal,
        form=form,
        pages={kind: settings.page(journal, kind) for kind in settings.PAGE_KINDS},
    ), 400 if form.errors else status


# --- Sections -------------------------------------------------------------------------------


@bp.route("/<slug>/editorial/sections", methods=["GET", "POST"])
@login_required
def sections(slug):
    journal = settings.journal_for_chief(slug, current_user)
    form = NewSectionForm()
    if form.validate_on_submit():
        outcome = attempt(
            settings.add_section,
            journal,
            current_user,
            form.name.data,
            field=form.name,
            done=lambda section: _("The section %(name)s is added.", name=section.name),
        )
        if outcome.ok:
            return redirect(url_for("journal.sections", slug=slug))
    return render_template(
        "journal/settings/sections.html",
        journal=journal,
        form=form,
        ordered=sorted(journal.sections, key=lambda s: (s.position, s.id)),
        section_editors=settings.section_editors,
    ), 400 if form.errors else 200


@bp.post("/<slug>/editorial/sections/<int:section_id>/<any(up, down):direction>")
@login_required
def move_section(slug, section_id, direction):
    journal = settings.journal_for_chief(slug, current_user)
    attempt(settings.move_section, journal, section_id, -1 if direction == "up" else 1)
    return redirect(url_for("journal.sections", slug=slug))


@bp.route("/<slug>/editorial/sections/<int:section_id>", methods=["GET", "POST"])
@login_required
def section(slug, section_id):
    journal = settings.journal_for_chief(slug, current_user)
    found = settings.journal_section(journal, section_id)
    form = SectionForm(obj=found)
    if form.validate_on_submit():
        outcome = attempt(
            settings.save_section,
            found,
            current_user,
            name=form.name.data,
            open=form.open.data,
            field=form.name,
            done=_("The section is saved."),
        )
        if outcome.ok:
            return redirect(url_for("journal.sections", slug=slug))
    return _section_page(found, form, EditorForm(prefix="editor"))


@bp.post("/<slug>/editorial/sections/<int:section_id>/editors")
@login_required
def add_section_editor(slug, section_id):
    journal = settings.journal_for_chief(slug, current_user)
    found = settings.journal_section(journal, section_id)
    editor_form = EditorForm(prefix="editor")
    if editor_form.validate_on_submit():
        outcome = attempt(
            settings.add_section_editor,
            found,
            current_user,
            editor_form.email.user,
            field=editor_form.email,
            done=lambda editor: _(
                "%(name)s now edits the section %(section)s.",
                name=editor.user.name,
                section=found.name,
            ),
        )
        if outcome.ok:
            return redirect(url_for("journal.section", slug=slug, section_id=section_id))
    return _section_page(found, SectionForm(obj=found, formdata=None), editor_form)


def _section_page(found, form, editor_form):
    editor_form.submit.label.text = _("Add a section editor")
    status = 400 if form.errors or editor_form.errors else 200
    return render_template(
        "journal/settings/section.html",
        journal=found.journal,
        section=found,
        form=form,
        editor_form=editor_form,
        editors=settings.section_editors(found),
    ), status


@bp.post("/<slug>/editorial/sections/<int:section_id>/editors/<int:editor_id>/remove")
@login_required
def remove_section_editor(slug, section_id, editor_id):
    journal = settings.journal_for_chief(slug, current_user)
    found = settings.journal_section(journal, section_id)
    back = url_for("journal.section", slug=slug, section_id=section_id)
    if not confirmed():
        return confirmation(
            _("Remove this section editor?"),
            _("Remove the section editor"),
            text=_("The submissions given to them stay theirs until another editor takes them."),
            back=back,
        )
    attempt(
        settings.remove_section_editor,
        found,
        current_user,
        editor_id,
        done=_("The section editor is removed."),
    )
    return redirect(back)


# --- Editors-in-chief -----------------------------------------------------------------------


@bp.route("/<slug>/editorial/editors", methods=["GET", "POST"])
@login_required
def editors(slug):
    journal = settings.journal_for_chief(slug, current_user)
    form = EditorForm()
    form.submit.label.text = _("Add an editor-in-chief")
    if form.validate_on_submit():
        outcome = attempt(
            settings.add_chief,
            journal,
            current_user,
            form.email.user,
            field=form.email,
            done=lambda editor: _("%(name)s is now an editor-in-chief.", name=editor.user.name),
        )
        if outcome.ok:
            return redirect(url_for("journal.editors", slug=slug))
    return render_template(
        "journal/settings/editors.html",
        journal=journal,
        form=form,
        chiefs=settings.chiefs(journal),
        sections=sorted(journal.sections, key=lambda s: (s.position, s.id)),
        section_editors=settings.section_editors,
    ), 400 if form.errors else 200


@bp.post("/<slug>/editorial/editors/<int:editor_id>/remove")
@login_required
def remove_chief(slug, editor_id):
    journal = settings.journal_for_chief(slug, current_user)
    back = url_for("journal.editors", slug=slug)
    if not confirmed():
        return confirmation(
            _("Remove this editor-in-chief?"),
            _("Remove the editor-in-chief"),
            text=_("They no longer see the journal's submissions unless they edit a section."),
            back=back,
        )
    attempt(
        settings.remove_chief,
        journal,
        current_user,
        editor_id,
        done=_("The editor-in-chief is removed."),
    )
    if is_chief(journal, current_user):
        return redirect(back)
    return redirect(url_for("journal.home", slug=slug))
