"""Demo mailing lists and a sign-on campaign with signers and endorsers from many countries."""

import random
from datetime import timedelta

from sqlalchemy import select

from network.advocacy.models import Campaign, Endorsement, Signature
from network.dbtypes import utcnow
from network.extensions import db
from network.lists.demo import NEWS_SLUG, demo_list
from network.lists.models import ConsentSource, ListKind, ListVisibility, MailingList, Subscription
from network.lists.subscriptions import subscriber_for
from network.themes.queries import all_themes

# (given names, family names, countries, language) per region
PEOPLE = [
    (
        ["María", "José", "Lucía", "Carlos", "Ana", "Diego", "Valentina", "Jorge"],
        ["García", "Rodríguez", "Quispe", "Mamani", "Hernández", "Flores", "Gómez", "Rojas"],
        ["MX", "GT", "HN", "SV", "CO", "PE", "BO", "EC", "AR", "CL", "VE", "ES"],
        "es",
    ),
    (
        ["Aïssatou", "Moussa", "Fatou", "Mamadou", "Amina", "Jean", "Claire", "Yacine"],
        ["Diallo", "Traoré", "Ndiaye", "Keïta", "Benali", "Martin", "Haddad", "Camara"],
        ["SN", "ML", "CI", "GN", "MA", "DZ", "TN", "HT", "FR", "BE", "CM", "CD"],
        "fr",
    ),
    (
        ["Grace", "Kwame", "Priya", "Olena", "Daniel", "Ayesha", "Rahel", "Nguyen"],
        ["Mensah", "Osei", "Raman", "Kovalenko", "Wanjiru", "Siddiqui", "Tesfaye", "Lan"],
        ["GH", "NG", "KE", "ET", "IN", "PK", "BD", "PH", "UA", "GB", "US", "CA", "ZA", "NP"],
        "en",
    ),
]

ORGANIZATIONS = [
    ("Red Regional de Organizaciones Civiles para las Migraciones", "MX", "network"),
    ("Asociación de Migrantes Guatemaltecos Unidos", "GT", "migrant_association"),
    ("Centro de Estudios Migratorios del Sur", "AR", "research"),
    ("Colectivo Ecuatoriano en Madrid", "ES", "migrant_association"),
    ("Servicio Jesuita a Migrantes Perú", "PE", "faith"),
    ("Association des Travailleurs Maliens de France", "FR", "migrant_association"),
    ("Observatoire Sénégalais des Migrations", "SN", "research"),
    ("Collectif Haïtien pour les Droits des Migrants", "HT", "ngo"),
    ("Réseau Marocain des Associations de la Diaspora", "MA", "network"),
    ("Ghana Diaspora Development Forum", "GH", "migrant_association"),
    ("Migrant Forum in Asia Partner Network", "PH", "network"),
    ("Nepal Returnee Migrant Workers Union", "NP", "union"),
    ("Kenya Institute for Migration Research", "KE", "research"),
    ("Bangladeshi Workers Solidarity Centre", "BD", "union"),
    ("Ukrainian Diaspora Help Network", "UA", "ngo"),
    ("Global Remittance Fairness Foundation", "GB", "foundation"),
    ("Centre for Refugee and Migrant Rights South Africa", "ZA", "ngo"),
    ("Punjab Overseas Families Association", "IN", "migrant_association"),
]

STATEMENT = """The Global Forum on Migration and Development meets this year while millions of people
move because of conflict, climate change and the lack of decent work. We, migrant associations,
diaspora groups, trade unions, researchers and civil-society organizations, call on the states
taking part to:

1. **Open regular and safe pathways** for work, study and family reunification, and end
   detention of children for reasons of migration.
2. **Lower the cost of remittances** below 3% and protect the savings migrants send home.
3. **Recognize skills and diplomas** earned abroad, and guarantee fair recruitment with no fees
   charged to workers.
4. **Include migrants and their organizations** in every decision that affects them, in
   countries of origin, transit and destination.

Migration is part of development. Rights are not negotiable.
"""


def seed_advocacy(rng: random.Random) -> None:
    news = db.session.scalar(select(MailingList).where(MailingList.slug == NEWS_SLUG))
    campaign_list = demo_list(
        "campaign-gfmd-2026",
        ListKind.CAMPAIGN,
        "Global Forum statement updates",
        "Novedades de la declaración al Foro Mundial",
        "Nouvelles de la déclaration au Forum mondial",
        "",
        ListVisibility.HIDDEN,
    )
    campaign = Campaign(
        slug="gfmd-2026-statement",
        goal=1500,
        languages="en,es,fr",
        mailing_list=campaign_list,
        title="Civil society statement to the Global Forum on Migration and Development 2026",
        summary="Migrant associations, diaspora groups and NGOs ask the Forum's states for safe "
        "pathways, cheaper remittances and a seat at the table.",
        statement=STATEMENT,
        deadline=utcnow() + timedelta(days=45),
        themes=all_themes()[:3],
    )
    db.session.add(campaign)
    db.session.flush()
    _signatures(rng, campaign, news)
    _endorsements(rng, campaign)
    db.session.flush()


def _signatures(rng: random.Random, campaign: Campaign, news: MailingList) -> None:
    now = utcnow()
    for index in range(180):
        given, family, countries, language = PEOPLE[index % len(PEOPLE)]
        name = f"{rng.choice(given)} {rng.choice(family)}"
        email = f"signer{index + 1:03d}@demo.puente.example"
        signed = now - timedelta(hours=rng.randint(1, 24 * 30))
        confirmed = rng.random() < 0.9
        signature = Signature(
            campaign_id=campaign.id,
            name=name,
            email=email,
            country=rng.choice(countries),
            organization_name=rng.choice(ORGANIZATIONS)[0] if rng.random() < 0.25 else "",
            listed=rng.random() < 0.7,
            opt_in=rng.random() < 0.4,
            language=language,
            created_at=signed,
            state="confirmed" if confirmed else "pending",
            confirmed_at=signed + timedelta(minutes=7) if confirmed else None,
            confirm_token=None if confirmed else f"demo-pending-{index:03d}",
        )
        db.session.add(signature)
        if confirmed and signature.opt_in:
            subscriber = subscriber_for(email, name, language)
            db.session.add(
                Subscription(
                    subscriber_id=subscriber.id,
                    list_id=campaign.list_id,
                    state="active",
                    consent_source=ConsentSource.CAMPAIGN.value,
                    consent_page=f"/advocacy/campaigns/{campaign.slug}",
                    consent_at=signed,
                    confirmed_at=signature.confirmed_at,
                )
            )
            if rng.random() < 0.3:
                db.session.add(
                    Subscription(
                        subscriber_id=subscriber.id,
                        list_id=news.id,
                        state="active",
                        consent_source=ConsentSource.FORM.value,
                        consent_page=f"/advocacy/lists/{news.slug}",
                        consent_at=signed,
                        confirmed_at=signed + timedelta(hours=1),
                    )
                )


def _endorsements(rng: random.Random, campaign: Campaign) -> None:
    now = utcnow()
    for index, (name, country, kind) in enumerate(ORGANIZATIONS):
        created = now - timedelta(days=rng.randint(1, 30))
        db.session.add(
            Endorsement(
                campaign_id=campaign.id,
                organization_name=name,
                country=country,
                kind=kind,
                contact_name=f"Contact {index + 1}",
                contact_email=f"endorser{index + 1:02d}@demo.puente.example",
                language="es"
                if country in ("MX", "GT", "AR", "ES", "PE")
                else "fr"
                if country in ("FR", "SN", "HT", "MA")
                else "en",
                state="confirmed",
                confirm_token=None,
                created_at=created,
                confirmed_at=created + timedelta(hours=2),
                verified_by_staff=rng.random() < 0.6,
            )
        )
