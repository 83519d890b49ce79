"""PostgreSQL going away under a running app: clean 503s, no hangs, recovery without restart."""

from .conftest import database_url, session_cookie


def test_requests_fail_fast_while_the_database_is_down_and_recover(
    postgres_proxy, app_server, facilitator, project
):
    server = app_server(DATABASE_URL=database_url(postgres_proxy.port), CONN_MAX_AGE="60")
    cookie = session_cookie(facilitator)
    status, _, body = server.get(f"/projects/{project.slug}/", headers=cookie)
    assert status == 200 and project.title in body

    postgres_proxy.stop()
    for path in [f"/projects/{project.slug}/", "/healthz/"]:
        status, seconds, body = server.get(path, headers=cookie)
        assert status == 503, body
        assert seconds < 5
    assert "briefly unavailable" in server.get(f"/projects/{project.slug}/", headers=cookie)[2]

    postgres_proxy.start()
    status, _, body = server.get(f"/projects/{project.slug}/", headers=cookie)
    assert status == 200 and project.title in body
    assert server.process.poll() is None, "the app must recover without a restart"
