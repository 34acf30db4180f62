"""The demo journal, "Migration and Development": one published issue of five articles, and
submissions waiting at several stages (new, in review with an overdue review, revisions asked,
copyediting, declined without review). Everything goes through the journal's own services."""

import random
from datetime import timedelta

from sqlalchemy import select

from network.auth.models import Role, User
from network.dbtypes import utcnow
from network.extensions import db
from network.journal import decisions, issues, production, reviews, submissions
from network.journal.models import EditorRole, Journal, JournalEditor, JournalPage, Section
from network.journal.submissions import AuthorInput, SubmissionInput, Upload
from network.library.demo import pdf_bytes

ABOUT = (
    "*Migration and Development* publishes research on how migration shapes the places people "
    "leave and the places they reach: remittances, diasporas, return, labour markets and "
    "policy. Articles are peer reviewed double-blind and published open access under CC BY 4.0."
)
ABOUT_ES = (
    "*Migración y Desarrollo* publica investigación sobre cómo la migración transforma los "
    "lugares de origen y de destino: remesas, diásporas, retorno, mercados de trabajo y "
    "políticas. Los artículos se evalúan por pares en doble ciego y se publican en acceso "
    "abierto bajo CC BY 4.0."
)
ABOUT_FR = (
    "*Migration et développement* publie des recherches sur la façon dont la migration "
    "transforme les lieux de départ et d'arrivée : transferts de fonds, diasporas, retour, "
    "marchés du travail et politiques. Les articles sont évalués en double aveugle et publiés "
    "en libre accès sous CC BY 4.0."
)
GUIDELINES = (
    "## Before you submit\n\n"
    "- Articles: 6,000–9,000 words; research notes: up to 4,000; book reviews: up to 1,500.\n"
    "- Send the manuscript as PDF, DOCX or ODT, and a version without your names for the "
    "reviewers.\n"
    "- Give the title and abstract in the language of the manuscript; versions in English, "
    "Spanish or French are welcome.\n"
    "- Cite in author–date style and list references at the end."
)
GUIDELINES_ES = (
    "## Antes de enviar\n\n"
    "- Artículos: 6.000–9.000 palabras; notas de investigación: hasta 4.000; reseñas: hasta "
    "1.500.\n"
    "- Envíe el manuscrito en PDF, DOCX u ODT, y una versión sin sus nombres para la "
    "evaluación.\n"
    "- Dé el título y el resumen en el idioma del manuscrito; se agradecen versiones en "
    "inglés, español o francés.\n"
    "- Cite en estilo autor–fecha y liste las referencias al final."
)
SECTIONS = [
    ("Articles", "Artículos", "Articles"),
    ("Research notes", "Notas de investigación", "Notes de recherche"),
    ("Book reviews", "Reseñas", "Comptes rendus"),
]
# The first issue's articles: (en, es, fr) titles, pages
ISSUE_ARTICLES = [
    (
        "Collective remittances and public works in Zacatecas",
        "Remesas colectivas y obra pública en Zacatecas",
        "Transferts collectifs et travaux publics à Zacatecas",
        ("1", "24"),
    ),
    (
        "Hometown associations and school building in Ghana's Volta region",
        "Asociaciones de oriundos y construcción de escuelas en la región del Volta, Ghana",
        "Associations de ressortissants et construction d'écoles dans la région de la Volta",
        ("25", "48"),
    ),
    (
        "Malian migrant associations and access to water in Kayes",
        "Asociaciones de migrantes malienses y acceso al agua en Kayes",
        "Les associations de migrants maliens et l'accès à l'eau à Kayes",
        ("49", "70"),
    ),
    (
        "The cost of sending money to Central Asia after digital transfers",
        "El costo de enviar dinero a Asia Central tras las transferencias digitales",
        "Le coût des envois d'argent vers l'Asie centrale à l'ère des transferts numériques",
        ("71", "90"),
    ),
    (
        "Migrant women and leadership in hometown associations",
        "Mujeres migrantes y liderazgo en asociaciones de oriundos",
        "Femmes migrantes et leadership dans les associations de ressortissants",
        ("91", "108"),
    ),
]
ABSTRACT = (
    "Drawing on interviews, household surveys and municipal budgets, this article shows how "
    "migrants' collective contributions change what local governments provide, and where "
    "these efforts meet their limits."
)
ABSTRACT_ES = (
    "A partir de entrevistas, encuestas de hogares y presupuestos municipales, el artículo "
    "muestra cómo los aportes colectivos de los migrantes cambian lo que ofrecen los gobiernos "
    "locales, y dónde encuentran sus límites."
)
ABSTRACT_FR = (
    "À partir d'entretiens, d'enquêtes auprès des ménages et de budgets municipaux, l'article "
    "montre comment les contributions collectives des migrants changent ce qu'offrent les "
    "collectivités locales, et où ces efforts trouvent leurs limites."
)
# Submissions still on their way: title, language, where it stands
WAITING = [
    ("Return migration and small business in Dakar", "en", "submitted"),
    ("Redes de apoyo a migrantes en tránsito en Tegucigalpa", "es", "in_review"),
    ("Diaspora bonds: what Ethiopia's experience teaches", "en", "revisions"),
    ("Transferts de fonds et scolarisation des filles au Burkina Faso", "fr", "copyediting"),
    ("A theory of everything about migration", "en", "desk_rejected"),
]


def seed_journal(rng: random.Random) -> None:
    chief = db.session.scalar(select(User).where(User.email == "staff@puente.example"))
    section_editor = db.session.scalar(select(User).where(User.email == "organizer@puente.example"))
    members = list(
        db.session.scalars(select(User).where(User.role == Role.MEMBER.value).order_by(User.id))
    )
    if chief is None or section_editor is None or len(members) < 12:
        return
    journal = _journal(chief, section_editor)
    _published_issue(journal, chief, members[4:9])
    for (title, language, stage), author in zip(WAITING, members[9:14], strict=False):
        _waiting(journal, chief, author, title, language, stage, members)
    db.session.flush()


def _journal(chief: User, section_editor: User) -> Journal:
    journal = Journal(
        slug="migration-and-development",
        name="Migration and Development",
        original_language="en",
        description="A peer-reviewed, open-access journal of the network, in three languages.",
        abbreviation="MD",
        publisher="Puente Network",
        issn_online="0317-8471",
        doi_prefix="10.5555",
        doi_pattern="{journal}.{year}.{article}",
    )
    journal.set_version("name", "es", "Migración y Desarrollo")
    journal.set_version("name", "fr", "Migration et développement")
    journal.set_version(
        "description", "es", "Revista de la red, con evaluación por pares y en acceso abierto."
    )
    journal.set_version(
        "description", "fr", "La revue du réseau, évaluée par les pairs et en libre accès."
    )
    for position, (en, es, fr) in enumerate(SECTIONS):
        section = Section(name=en, position=position, original_language="en")
        section.set_version("name", "es", es)
        section.set_version("name", "fr", fr)
        journal.sections.append(section)
    journal.editors.append(JournalEditor(user=chief, role=EditorRole.CHIEF.value))
    journal.editors.append(
        JournalEditor(
            user=section_editor, role=EditorRole.SECTION.value, section=journal.sections[1]
        )
    )
    db.session.add(journal)
    db.session.flush()
    about = JournalPage(journal=journal, kind="about", body=ABOUT, original_language="en")
    about.set_version("body", "es", ABOUT_ES)
    about.set_version("body", "fr", ABOUT_FR)
    guidelines = JournalPage(
        journal=journal, kind="guidelines", body=GUIDELINES, original_language="en"
    )
    guidelines.set_version("body", "es", GUIDELINES_ES)
    db.session.add_all([about, guidelines])
    return journal


def _submit(journal, author, texts, language, section=None, coauthor=None):
    manuscript = Upload(pdf_bytes(2), "manuscript.pdf")
    data = SubmissionInput(
        section_id=(section or journal.sections[0]).id,
        language=language,
        texts=texts,
        manuscript=manuscript,
        anonymized=Upload(pdf_bytes(2), "anonymized.pdf"),
        keywords="remittances, development, diaspora",
        coauthors=[AuthorInput(coauthor.name, coauthor.email, "Universidad")] if coauthor else [],
        affiliation="Universidad Nacional",
        declares_original=True,
        consents_license=True,
        conflicts="None.",
    )
    submission = submissions.submit(journal, author, data)
    db.session.flush()
    return submission


def _decide(submission, kind, chief):
    decisions.send(decisions.draft(submission, kind, chief), chief)
    db.session.flush()


def _review(submission, chief, reviewer, recommendation, comment):
    review = reviews.invite(submission, chief, email=reviewer.email, name=reviewer.name)
    db.session.flush()
    reviews.accept(review)
    reviews.submit(
        review,
        recommendation=recommendation,
        for_author=comment,
        for_editor="The argument holds; the fieldwork is solid.",
    )
    db.session.flush()
    return review


def _produce(submission, chief, author):
    """From accepted to production, with the authors' approvals, proofs and a PDF galley."""
    production.start_copyediting(submission, chief, pdf_bytes(3), "copyedited.pdf")
    submissions.approve_copyedit(submission, author)
    production.send_to_production(submission, chief)
    production.add_proof(submission, chief, pdf_bytes(3), "proofs.pdf")
    production.add_galley(submission, chief, pdf_bytes(3), "article.pdf", "pdf")
    submissions.approve_proofs(submission, author)
    db.session.flush()


def _published_issue(journal, chief, authors) -> None:
    year = utcnow().year
    issue = issues.create_issue(
        journal,
        chief,
        issues.IssueInput(volume=1, number=1, year=year, title="Remittances and local development"),
    )
    issue.set_version("title", "es", "Remesas y desarrollo local")
    issue.set_version("title", "fr", "Transferts de fonds et développement local")
    db.session.flush()
    for position, ((en, es, fr, pages), author) in enumerate(
        zip(ISSUE_ARTICLES, authors, strict=True)
    ):
        texts = {"en": (en, ABSTRACT), "es": (es, ABSTRACT_ES), "fr": (fr, ABSTRACT_FR)}
        submission = _submit(journal, author, texts, "en")
        _decide(submission, "accept", chief)
        _produce(submission, chief, author)
        production.schedule(submission, issue, chief, position + 1, *pages)
        db.session.flush()
    issues.publish_issue(issue, chief)


def _waiting(journal, chief, author, title, language, stage, members) -> None:
    others = [m for m in members if m.id != author.id]
    submission = _submit(
        journal, author, {language: (title, ABSTRACT)}, language, coauthor=others[0]
    )
    if stage == "submitted":
        return
    if stage == "desk_rejected":
        _decide(submission, "desk_reject", chief)
        return
    if stage == "in_review":
        _review(submission, chief, others[1], "minor", "Clarify how the sample was drawn.")
        late = reviews.invite(submission, chief, email="reviewer@uni.example", name="Ruth Okello")
        late.due_at = utcnow() - timedelta(days=5)  # an overdue review, first on the dashboard
        return
    if stage == "revisions":
        _review(submission, chief, others[1], "major", "The comparison needs a second country.")
        _review(submission, chief, others[2], "minor", "Shorten the literature review.")
        _decide(submission, "major", chief)
        return
    _decide(submission, "accept", chief)
    production.start_copyediting(submission, chief, pdf_bytes(3), "copyedited.pdf")
