"""Demo library: some thirty items in English, Spanish and French by demo members, in their
working groups and themes, with seminar slides for past events."""

import io
import random

from pypdf import PdfWriter
from sqlalchemy import select

from network.auth.models import Role, User
from network.dbtypes import utcnow
from network.events.models import Event
from network.extensions import db
from network.groups.models import WorkingGroup
from network.library import files, items
from network.library.items import AuthorInput, ItemInput
from network.library.models import ItemState
from network.members.models import Organization
from network.themes.models import Theme

# kind, language, title, abstract, (other language, title) or None, countries, corridor
ITEMS = [
    (
        "working_paper",
        "en",
        "Remittances and household resilience in Central America",
        "How remittance flows cushioned households in Honduras and Guatemala after the 2020 hurricanes.",
        ("es", "Remesas y resiliencia de los hogares en Centroamérica"),
        ["HN", "GT"],
        ("HN", "US"),
    ),
    (
        "working_paper",
        "es",
        "Remesas y desarrollo local en los Andes",
        "Un análisis del uso productivo de las remesas en municipios rurales de Perú y Bolivia.",
        ("en", "Remittances and local development in the Andes"),
        ["PE", "BO"],
        ("PE", "ES"),
    ),
    (
        "working_paper",
        "fr",
        "Migrations climatiques au Sahel : trajectoires et politiques",
        "Les déplacements liés à la sécheresse au Niger, au Mali et au Burkina Faso, et les réponses publiques.",
        ("en", "Climate migration in the Sahel: paths and policies"),
        ["NE", "ML", "BF"],
        None,
    ),
    (
        "policy_brief",
        "en",
        "Lowering the cost of sending money home",
        "Five measures that would bring remittance fees below the 3% SDG target.",
        None,
        [],
        None,
    ),
    (
        "policy_brief",
        "es",
        "Regularización migratoria: lecciones de Colombia",
        "El Estatuto Temporal de Protección para migrantes venezolanos y sus efectos en el empleo formal.",
        ("en", "Migrant regularization: lessons from Colombia"),
        ["CO", "VE"],
        ("VE", "CO"),
    ),
    (
        "policy_brief",
        "fr",
        "Protéger les travailleurs saisonniers agricoles",
        "Recommandations pour les contrats saisonniers entre le Maroc et l'Espagne.",
        None,
        ["MA", "ES"],
        ("MA", "ES"),
    ),
    (
        "report",
        "en",
        "Labour migration from Central Asia to Russia: 2024 update",
        "Flows, wages and returns among workers from Uzbekistan, Tajikistan and Kyrgyzstan.",
        None,
        ["UZ", "TJ", "KG"],
        ("UZ", "RU"),
    ),
    (
        "report",
        "es",
        "Informe anual sobre movilidad humana en América Latina",
        "Datos y tendencias de la movilidad intrarregional en 2024.",
        ("fr", "Rapport annuel sur la mobilité humaine en Amérique latine"),
        ["MX", "CO", "PE", "CL"],
        None,
    ),
    (
        "report",
        "fr",
        "Diasporas et investissement en Afrique de l'Ouest",
        "Le rôle des associations de la diaspora dans le financement des infrastructures locales.",
        None,
        ["SN", "ML"],
        ("SN", "FR"),
    ),
    (
        "journal_article",
        "en",
        "Diaspora bonds: evidence from Ethiopia and Nigeria",
        "We compare two diaspora bond issues and what made one succeed.",
        None,
        ["ET", "NG"],
        None,
    ),
    (
        "journal_article",
        "es",
        "Trabajo doméstico migrante y cuidados en España",
        "Condiciones laborales de las trabajadoras del hogar latinoamericanas en Madrid.",
        None,
        ["ES"],
        ("EC", "ES"),
    ),
    (
        "journal_article",
        "fr",
        "Retour et réintégration des migrants guinéens",
        "Une enquête auprès de 400 migrants revenus de Libye.",
        None,
        ["GN", "LY"],
        ("GN", "LY"),
    ),
    (
        "data_brief",
        "en",
        "Remittances to South Asia in numbers",
        "Quarterly inflows to India, Pakistan, Bangladesh and Nepal, 2019–2024.",
        None,
        ["IN", "PK", "BD", "NP"],
        None,
    ),
    (
        "data_brief",
        "es",
        "Cifras de la migración venezolana",
        "Población venezolana en los países de la región, por país de acogida.",
        None,
        ["VE"],
        ("VE", "PE"),
    ),
    (
        "data_brief",
        "fr",
        "Chiffres clés des transferts vers le Maghreb",
        "Envois de fonds vers le Maroc, l'Algérie et la Tunisie.",
        None,
        ["MA", "DZ", "TN"],
        None,
    ),
    (
        "dataset",
        "en",
        "Remittance price survey, 60 corridors",
        "Fees and exchange margins collected each quarter.",
        None,
        [],
        None,
    ),
    (
        "dataset",
        "es",
        "Encuesta de hogares receptores de remesas en Honduras",
        "Microdatos anonimizados de 2 000 hogares.",
        None,
        ["HN"],
        ("HN", "US"),
    ),
    (
        "book",
        "en",
        "Bridges: migration and development in the 21st century",
        "An edited volume from the network's first five years.",
        None,
        [],
        None,
    ),
    (
        "chapter",
        "es",
        "Las remesas colectivas y la obra pública",
        "Capítulo sobre el programa 3x1 y sus sucesores.",
        None,
        ["MX"],
        ("MX", "US"),
    ),
    (
        "chapter",
        "fr",
        "Les femmes dans les migrations de travail",
        "Chapitre sur la féminisation des migrations vers les pays du Golfe.",
        None,
        ["PH", "SA"],
        ("PH", "SA"),
    ),
    (
        "working_paper",
        "en",
        "Skills recognition for refugees in Europe",
        "How Germany, Sweden and Portugal recognize foreign qualifications.",
        ("fr", "Reconnaissance des compétences des réfugiés en Europe"),
        ["DE", "SE", "PT"],
        ("SY", "DE"),
    ),
    (
        "working_paper",
        "es",
        "Migración de retorno y emprendimiento en México",
        "Los migrantes que regresan abren negocios: evidencia de tres estados.",
        None,
        ["MX"],
        ("US", "MX"),
    ),
    (
        "working_paper",
        "fr",
        "Mobilité étudiante entre l'Afrique et la France",
        "Évolution des visas étudiants et des parcours après les diplômes.",
        None,
        ["FR", "CI"],
        ("CI", "FR"),
    ),
    (
        "policy_brief",
        "en",
        "Digital remittances and financial inclusion",
        "Mobile money can bring unbanked recipients into the financial system.",
        ("es", "Remesas digitales e inclusión financiera"),
        ["KE", "PH"],
        None,
    ),
    (
        "report",
        "en",
        "Ukraine displacement: two years on",
        "Where people displaced from Ukraine live and work in 2024.",
        None,
        ["UA", "PL", "DE"],
        ("UA", "PL"),
    ),
    (
        "policy_brief",
        "fr",
        "Gouvernance des migrations en Méditerranée",
        "Propositions pour une coopération entre les deux rives.",
        None,
        ["TN", "IT"],
        ("TN", "IT"),
    ),
    (
        "journal_article",
        "en",
        "Irregular migration data: methods and pitfalls",
        "A review of estimation methods for irregular migrant populations.",
        None,
        [],
        None,
    ),
    (
        "data_brief",
        "es",
        "Remesas hacia Centroamérica 2024",
        "Récord de ingresos por remesas en Guatemala, El Salvador y Honduras.",
        None,
        ["GT", "SV", "HN"],
        ("GT", "US"),
    ),
]
# Drafts and items waiting for review, so the review queue has something to show.
PENDING = {26: ItemState.SUBMITTED.value, 27: ItemState.DRAFT.value}


def pdf_bytes(pages: int = 2, password: str | None = None) -> bytes:
    """A real PDF of blank pages, encrypted when a password is given."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def seed_library(rng: random.Random) -> None:
    staff = db.session.scalar(select(User).where(User.role == Role.STAFF.value).order_by(User.id))
    members = db.session.scalars(
        select(User).where(User.role == Role.MEMBER.value).order_by(User.id)
    ).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.position)).all()
    groups = db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.id)).all()
    organizations = db.session.scalars(select(Organization).order_by(Organization.id)).all()
    past_events = db.session.scalars(
        select(Event).where(Event.starts_at < utcnow()).order_by(Event.starts_at)
    ).all()
    if staff is None or not members:
        return
    for index, (kind, lang, title, abstract, other, countries, corridor) in enumerate(ITEMS):
        texts = {lang: (title, abstract)}
        if other:
            texts[other[0]] = (other[1], "")
        authors = [AuthorInput(user_id=m.id) for m in rng.sample(members, rng.choice([1, 2, 3]))]
        if index % 4 == 0:
            authors.append(
                AuthorInput(
                    name="Laura Chen",
                    affiliation="University of Toronto",
                    orcid="0000-0002-1825-0097",
                )
            )
        data = ItemInput(
            kind=kind,
            texts=texts,
            original_language=lang,
            date_year=rng.choice([2022, 2023, 2024, 2025]),
            date_month=rng.choice([None, rng.randint(1, 12)]),
            authors=authors,
            series={
                "working_paper": "Puente Working Paper",
                "policy_brief": "Puente Policy Brief",
            }.get(kind, ""),
            number=str(index + 1) if kind in ("working_paper", "policy_brief") else "",
            doi=f"10.5555/puente.{2024}.{index + 1}" if index % 3 == 0 else "",
            keywords=", ".join(
                rng.sample(
                    [
                        "remittances",
                        "labour",
                        "climate",
                        "diaspora",
                        "refugees",
                        "data",
                        "gender",
                        "return",
                    ],
                    3,
                )
            ),
            group_id=rng.choice(groups).id if groups else None,
            theme_ids=[t.id for t in rng.sample(themes, min(2, len(themes)))],
            organization_ids=[rng.choice(organizations).id]
            if organizations and index % 3 == 1
            else [],
            countries=countries,
            corridors=[corridor] if corridor else [],
            journal_title="Migration and Development" if kind == "journal_article" else "",
            external_url="https://data.example.org/puente" if kind == "dataset" else "",
        )
        item = items.create_item(staff, data)
        item.submitted_by_id = authors[0].user_id
        if kind != "dataset":
            files.attach(item, pdf_bytes(), f"puente-{index + 1}.pdf")
        _state(item, PENDING.get(index, ItemState.PUBLISHED.value), rng)
    for index, event in enumerate(past_events[:3]):
        _slides(staff, event, rng.choice(members), index)
    db.session.commit()


def _state(item, state: str, rng: random.Random) -> None:
    item.state = state
    if state == ItemState.PUBLISHED.value:
        item.published_at = utcnow()
        item.download_count = rng.randint(0, 250)


def _slides(staff, event, speaker, index: int) -> None:
    data = ItemInput(
        kind="presentation",
        texts={"en": (f"Slides: {event.title}", "The slides presented at the seminar.")},
        date_year=event.starts_at.year,
        date_month=event.starts_at.month,
        date_day=event.starts_at.day,
        authors=[AuthorInput(user_id=speaker.id)],
        event_id=event.id,
    )
    item = items.create_item(staff, data)
    files.attach(item, pdf_bytes(3), f"slides-{index + 1}.pdf")
    item.state, item.published_at = ItemState.PUBLISHED.value, utcnow()
