from tests.factories import CharterFactory

from .matrix import FACILITATORS_DO, FACILITATORS_SEE, LOGIN, MEMBERS_SEE, Row, World, expect


def ready_charter(w: World) -> dict:
    charter = CharterFactory(project=w.project, version=1)
    return {"slug": w.project.slug, "version": charter.version}


def latest_charter(w: World) -> dict:
    return {"slug": ready_charter(w)["slug"]}


DOWNLOAD = expect(LOGIN, 404, 200, 200, 200)

ROWS = [
    Row("charter-index", MEMBERS_SEE),
    Row("charter-generate", FACILITATORS_DO, method="post"),
    Row("charter-preview", FACILITATORS_SEE),
    Row("charter-pdf", DOWNLOAD, kwargs=latest_charter),
    Row("charter-version-pdf", DOWNLOAD, kwargs=ready_charter),
]
