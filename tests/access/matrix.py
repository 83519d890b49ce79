"""What each role gets from each view (docs/design.md, "Roles and rights").

Every URL name in the project needs a row here (``test_every_url_has_a_row``).
A row's ``kwargs`` and ``data`` are callables that get the ``World`` and may
create whatever the view needs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOGIN = "login"
ROLES = ["anonymous", "outsider", "observer", "participant", "facilitator"]


@dataclass
class World:
    project: Any
    users: dict[str, Any]


def slug(w: World) -> dict:
    return {"slug": w.project.slug}


def expect(anonymous, outsider, observer, participant, facilitator) -> dict:
    return dict(zip(ROLES, [anonymous, outsider, observer, participant, facilitator], strict=True))


# Who may see a project page, and who may change things in it.
MEMBERS_SEE = expect(LOGIN, 404, 200, 200, 200)
FACILITATORS_DO = expect(LOGIN, 404, 403, 403, 302)
FACILITATORS_SEE = expect(LOGIN, 404, 403, 403, 200)
RESPONDERS_DO = expect(LOGIN, 404, 403, 302, 302)
EVERYONE = expect(200, 200, 200, 200, 200)
SIGNED_IN = expect(LOGIN, 200, 200, 200, 200)


@dataclass
class Row:
    name: str
    expected: dict
    method: str = "get"
    kwargs: Callable[[World], dict] = slug
    data: Callable[[World], dict] = field(default=lambda w: {})
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}"
