"""Demo newsletters: two sent to the public list (in the archive) and a draft for members."""

import random
from datetime import timedelta

from sqlalchemy import select, update

from network.auth.models import User
from network.dbtypes import utcnow
from network.extensions import db
from network.lists.models import MailingList
from network.newsletters import services
from network.newsletters.models import Delivery, DeliveryState, Newsletter, NewsletterVersion

SENT = [
    (
        40,
        "Migration and development: news for {{ name }}",
        """Dear {{ name }},

This month the network met in **Dakar** for its seminar on remittances and local development:
72 researchers and members of migrant associations from 19 countries.

- The [seminar report](https://example.org/puente/dakar-report) is online.
- The working group on labour migration opened its call for case studies from Central America.
- Thank you to the 1,200 people who signed our statement to the Global Forum.

See you next month!""",
        {
            "es": (
                "Migración y desarrollo: noticias para {{ name }}",
                """Estimada/o {{ name }}:

Este mes la red se reunió en **Dakar** para su seminario sobre remesas y desarrollo local:
72 personas investigadoras y de asociaciones de migrantes de 19 países.

- El [informe del seminario](https://example.org/puente/dakar-informe) ya está en línea.
- El grupo de trabajo sobre migración laboral abrió su convocatoria de estudios de caso de Centroamérica.
- Gracias a las 1200 personas que firmaron nuestra declaración al Foro Mundial.""",
            ),
            "fr": (
                "Migration et développement : les nouvelles pour {{ name }}",
                """Chère, cher {{ name }},

Ce mois-ci, le réseau s'est réuni à **Dakar** pour son séminaire sur les transferts de fonds et
le développement local : 72 chercheurs et membres d'associations de migrants de 19 pays.

- Le [rapport du séminaire](https://example.org/puente/dakar-rapport) est en ligne.
- Merci aux 1 200 personnes qui ont signé notre déclaration au Forum mondial.""",
            ),
        },
    ),
    (
        12,
        "Call for abstracts: migration, climate and mobility",
        """Hello {{ name }},

Our annual conference will take place in **Quito** next year. We welcome abstracts on climate-related
mobility, diaspora investment and the rights of migrant workers, in Spanish, English or French.

[Read the call and submit an abstract](https://example.org/puente/call-2027) before the end of next month.""",
        {},
    ),
]


def seed_newsletters(rng: random.Random) -> None:
    author = db.session.scalar(select(User).where(User.email == "staff@puente.example"))
    news = db.session.scalar(select(MailingList).where(MailingList.slug == "network-news"))
    forum = db.session.scalar(select(MailingList).where(MailingList.slug == "members-forum"))
    for days_ago, subject, body, versions in SENT:
        sent_at = utcnow() - timedelta(days=days_ago, hours=rng.randint(0, 8))
        newsletter = _newsletter(author, [news], subject, body, versions)
        newsletter.status = services.SCHEDULED
        newsletter.scheduled_at = sent_at
        services.start_scheduled(newsletter.id, sent_at)
        db.session.execute(
            update(Delivery)
            .where(Delivery.newsletter_id == newsletter.id)
            .values(
                state=DeliveryState.SENT.value, attempts=1, sent_at=sent_at + timedelta(minutes=3)
            )
        )
        newsletter.status, newsletter.finished_at = services.SENT, sent_at + timedelta(minutes=4)
    _newsletter(
        author,
        [forum],
        "Members' assembly: agenda and proxies",
        "Dear {{ name }},\n\nThe members' assembly meets online on the first Tuesday of "
        "next month. The draft agenda and the proxy form follow.",
        {},
    )
    db.session.flush()


def _newsletter(author, lists, subject, body, versions) -> Newsletter:
    newsletter = Newsletter(
        subject=subject,
        preheader="",
        body=body,
        sender_name="Puente Secretariat",
        language="en",
        lists=lists,
        created_by_id=author.id if author else None,
        versions=[
            NewsletterVersion(language=code, subject=s, body=b) for code, (s, b) in versions.items()
        ],
    )
    db.session.add(newsletter)
    db.session.flush()
    return newsletter
