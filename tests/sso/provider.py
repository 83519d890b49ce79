"""Run the test OpenID Connect provider: ``python -m tests.sso.provider PORT``.

Configured by the environment (``PROVIDER_DB``, ``PROVIDER_KEY``, ``PROVIDER_FAULT``,
``PROVIDER_REDIRECT_URI``, ``PROVIDER_CLIENT_ID``, ``PROVIDER_CLIENT_SECRET``); it makes its
database, one person (sam / sam-password, sam@northbridge.example) and one client, then serves.
"""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso.provider_settings"

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

PERSON = {"username": "sam", "password": "sam-password", "email": "sam@northbridge.example"}


def main(port: int) -> None:
    call_command("migrate", verbosity=0)
    get_user_model().objects.create_user(**PERSON, first_name="Sam Okoro")
    Application.objects.create(
        name="Coproduce",
        client_id=os.environ["PROVIDER_CLIENT_ID"],
        client_secret=os.environ["PROVIDER_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["PROVIDER_REDIRECT_URI"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    print("ready", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
