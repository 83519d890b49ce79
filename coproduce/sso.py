"""Single sign-on through an organisation's OpenID Connect provider (allauth's generic one).

allauth's own views, with one difference: the ID token's signature is always checked, even
when the token came straight from the provider's token endpoint (which the specification
allows to skip over TLS): behind a proxy, or with a misconfigured provider address, that
connection may not be what it seems, and checking costs one cached key lookup.
"""

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest, HttpResponse


class SignedTokenAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        """The ID token's claims, refused unless signed with the provider's published key,
        issued by the provider, for us, and not expired."""
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Send the person to their organisation's provider (404 when single sign-on is off)."""
    try:
        return OAuth2LoginView.adapter_view(SignedTokenAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("Single sign-on is not set up.") from None


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Where the provider sends the person back, with a code for their identity."""
    try:
        return OAuth2CallbackView.adapter_view(SignedTokenAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("Single sign-on is not set up.") from None
