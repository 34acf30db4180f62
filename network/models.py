"""Every model module, imported once so metadata (create_all, migrations) sees all tables."""

from network.advocacy import models as advocacy_models  # noqa: F401
from network.auth import models as auth_models  # noqa: F401
from network.conferences import models as conferences_models  # noqa: F401
from network.events import models as events_models  # noqa: F401
from network.groups import models as groups_models  # noqa: F401
from network.journal import models as journal_models  # noqa: F401
from network.library import models as library_models  # noqa: F401
from network.lists import models as lists_models  # noqa: F401
from network.members import models as members_models  # noqa: F401
from network.membership import models as membership_models  # noqa: F401
from network.newsletters import models as newsletters_models  # noqa: F401
from network.search import models as search_models  # noqa: F401
from network.themes import models as themes_models  # noqa: F401
