"""The words shown for lists' kinds, visibilities, subscription states and consent sources."""

from flask_babel import lazy_gettext as _l

from network.lists.models import ConsentSource, ListKind, ListVisibility, SubscriptionState

LIST_KINDS = {
    ListKind.PUBLIC.value: _l("Public: anyone subscribes"),
    ListKind.MEMBERS.value: _l("Members only"),
    ListKind.GROUP.value: _l("Working group: follows the group's membership"),
    ListKind.CAMPAIGN.value: _l("Campaign list"),
}
LIST_VISIBILITIES = {
    ListVisibility.PUBLIC.value: _l("Shown to everyone"),
    ListVisibility.MEMBERS.value: _l("Shown to signed-in members"),
    ListVisibility.HIDDEN.value: _l("Not shown in the directory"),
}
SUBSCRIPTION_STATES = {
    SubscriptionState.ACTIVE.value: _l("Subscribed"),
    SubscriptionState.PENDING.value: _l("Waiting for confirmation"),
    SubscriptionState.UNSUBSCRIBED.value: _l("Unsubscribed"),
}
CONSENT_SOURCES = {
    ConsentSource.FORM.value: _l("Sign-up form"),
    ConsentSource.MEMBER.value: _l("Member's own click"),
    ConsentSource.IMPORT.value: _l("Import"),
    ConsentSource.GROUP.value: _l("Working group membership"),
    ConsentSource.CAMPAIGN.value: _l("Campaign signature"),
    ConsentSource.PREFERENCES.value: _l("Preference centre"),
}
