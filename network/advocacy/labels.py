"""The words shown for signature states and for the kinds of endorsing organizations."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from network.advocacy.models import SignatureState
from network.members.models import ORGANIZATION_KINDS as MEMBER_ORGANIZATION_KINDS

SIGNATURE_STATES = {
    SignatureState.PENDING.value: _l("Waiting for confirmation"),
    SignatureState.CONFIRMED.value: _lp("signature", "Confirmed"),
}
# The members' directory's kinds, which an endorsement copies from a member organization,
# and the kinds only endorsers from outside the network use.
OTHER_KIND = "other"
ORGANIZATION_KINDS = {
    **MEMBER_ORGANIZATION_KINDS,
    "union": _l("Trade union"),
    "faith": _l("Faith-based organization"),
    "network": _l("Network or coalition"),
    OTHER_KIND: _l("Other"),
}
