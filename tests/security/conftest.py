from tests.faults.conftest import app_server  # noqa: F401  (gunicorn serving the app)
