"""Signals that let one domain react to another without importing it.

account_deleting(user): before a user row is removed. Receivers anonymize or end what they own
    (registrations, signatures, subscriptions) in the same transaction.
account_data(user) -> (section_name, json_ready_data): what a domain holds about a person, for
    the "download my data" export.
group_sections(group) -> Markup: extra sections on a working group's page (its events, its list).
profile_sections(profile) -> Markup: extra rows of a person's profile (their working groups).
group_choices() -> [(id, name)]: the working groups the member directory can filter people by.
group_member_ids(group_id) -> Select of user ids: that group's active members, for the directory.
"""

from blinker import Namespace

_signals = Namespace()
account_deleting = _signals.signal("account-deleting")
account_data = _signals.signal("account-data")
group_sections = _signals.signal("group-sections")
profile_sections = _signals.signal("profile-sections")
group_choices = _signals.signal("group-choices")
group_member_ids = _signals.signal("group-member-ids")
