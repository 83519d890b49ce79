"""The test provider's pages: log in, and django-oauth-toolkit's OpenID Connect endpoints, with
the fault asked for (``PROVIDER_FAULT``) written into what it publishes."""

import json

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.urls import include, path
from jwcrypto import jwk
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import ConnectDiscoveryInfoView, JwksInfoView


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        return {"email": user.email, "email_verified": True, "name": user.first_name}


def discovery(request):
    """The provider's description; with a wrong issuer, one other than its tokens carry."""
    response = ConnectDiscoveryInfoView.as_view()(request)
    if settings.FAULT == "wrong-issuer":
        document = json.loads(response.content)
        document["issuer"] = document["issuer"].rstrip("/") + "/somewhere-else"
        response.content = json.dumps(document).encode()
    return response


def jwks(request):
    """The provider's keys; with a bad signature, another key under the signing key's name."""
    response = JwksInfoView.as_view()(request)
    if settings.FAULT == "bad-signature":
        document = json.loads(response.content)
        other = json.loads(jwk.JWK.generate(kty="RSA", size=2048).export_public())
        for key in document["keys"]:
            key.update(n=other["n"], e=other["e"])
        response.content = json.dumps(document).encode()
    return response


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("o/.well-known/openid-configuration", discovery),
    path("o/.well-known/jwks.json", jwks),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
