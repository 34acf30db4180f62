from sqlalchemy import select

from network.extensions import db
from network.themes.models import Theme
from network.themes.services import seed_themes as add_seeded_themes

# (slug, language written in, description, {language: version})
DESCRIPTIONS = [
    (
        "remittances",
        "es",
        "Lo que los migrantes envían a casa: costos, canales, uso de las remesas y su efecto "
        "en los hogares y las comunidades de origen.",
        {
            "en": "What migrants send home: costs, channels, how remittances are used and what "
            "they change for households and home communities.",
            "fr": "Ce que les migrants envoient chez eux\u00a0: coûts, canaux, usage des envois "
            "de fonds et leurs effets sur les ménages et les communautés d’origine.",
        },
    ),
    (
        "labor-migration",
        "en",
        "Recruitment, rights at work and the recognition of skills of migrant workers, from "
        "seasonal farm work to health professionals.",
        {
            "es": "Reclutamiento, derechos laborales y reconocimiento de las competencias de "
            "los trabajadores migrantes, del trabajo agrícola temporal a los profesionales de "
            "la salud.",
        },
    ),
    (
        "gender",
        "fr",
        "Comment la migration diffère pour les femmes et les hommes\u00a0: travail domestique, "
        "soins, violences et autonomie.",
        {},
    ),
]


def seed_themes(rng) -> None:
    add_seeded_themes()
    themes = {t.slug: t for t in db.session.scalars(select(Theme))}
    for slug, language, description, versions in DESCRIPTIONS:
        theme = themes.get(slug)
        if theme is None or theme.description:
            continue
        theme.original_language, theme.description = language, description
        for code, text in versions.items():
            theme.set_version("description", code, text)
