"""What other domains may ask about people's profiles."""

from sqlalchemy import Select, select

from network.members.models import Corridor, PersonProfile, person_theme


def profile_user_ids(
    *,
    kind: str | None = None,
    country: str | None = None,
    theme_id: int | None = None,
    corridor_origin: str | None = None,
    corridor_destination: str | None = None,
) -> Select | None:
    """Accounts whose profile matches every field given, to use inside a WHERE; None when
    no field is given (nothing to narrow)."""
    conditions = []
    if kind:
        conditions.append(PersonProfile.kind == kind)
    if country:
        conditions.append(PersonProfile.country == country)
    if theme_id:
        conditions.append(
            PersonProfile.id.in_(
                select(person_theme.c.person_id).where(person_theme.c.theme_id == theme_id)
            )
        )
    corridor = []
    if corridor_origin:
        corridor.append(Corridor.origin == corridor_origin)
    if corridor_destination:
        corridor.append(Corridor.destination == corridor_destination)
    if corridor:
        conditions.append(PersonProfile.id.in_(select(Corridor.person_id).where(*corridor)))
    return select(PersonProfile.user_id).where(*conditions) if conditions else None
