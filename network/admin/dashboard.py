"""What waits for staff, asked of each domain: applications, abstracts, library items,
journal submissions and reviews, endorsements and signatures, newsletters under way. Two statements a block, whatever waits."""

from typing import NamedTuple

from network.advocacy.endorsements import (
    campaigns_with_endorsements_to_verify,
    endorsements_to_verify,
)
from network.advocacy.signatures import unconfirmed_signatures
from network.conferences.queries import abstracts_awaiting_decision, conferences_awaiting_decision
from network.journal.queries import (
    awaiting_decision_count,
    journals_with_work,
    overdue_review_count,
)
from network.library.queries import oldest_submitted, submitted_count
from network.membership.queries import application_count, oldest_applications
from network.newsletters.archive import in_flight, in_flight_count

SHOWN = 5


class Block(NamedTuple):
    count: int
    oldest: list


def waiting() -> dict:
    signature_count, signatures_since = unconfirmed_signatures()
    return {
        "applications": Block(application_count(), oldest_applications(SHOWN)),
        "abstracts": Block(abstracts_awaiting_decision(), conferences_awaiting_decision(SHOWN)),
        "items": Block(submitted_count(), oldest_submitted(SHOWN)),
        "journals": Block(awaiting_decision_count(), journals_with_work(SHOWN)),
        "overdue_reviews": overdue_review_count(),
        "endorsements": Block(
            endorsements_to_verify(), campaigns_with_endorsements_to_verify(SHOWN)
        ),
        "signature_count": signature_count,
        "signatures_since": signatures_since,
        "newsletters": Block(in_flight_count(), in_flight(SHOWN)),
    }
