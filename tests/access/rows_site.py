from .matrix import EVERYONE, LOGIN, SIGNED_IN, Row, expect

ROWS = [
    Row("home", EVERYONE, kwargs=lambda w: {}),
    Row("healthz", EVERYONE, kwargs=lambda w: {}),
    # Accounts (django-allauth). Pages for someone logged in send everyone else to log in;
    # pages for logging in send someone logged in on to their projects.
    Row("account_login", expect(200, 302, 302, 302, 302), kwargs=lambda w: {}),
    Row(
        "account_login",
        expect(200, 302, 302, 302, 302),
        method="post",
        kwargs=lambda w: {},
        data=lambda w: {"login": "nobody@example.org", "password": "wrong"},
        note="a wrong password is refused with the form again",
    ),
    Row("account_signup", expect(200, 302, 302, 302, 302), kwargs=lambda w: {}),
    Row("account_request_login_code", expect(200, 302, 302, 302, 302), kwargs=lambda w: {}),
    Row(
        "account_confirm_login_code",
        expect(LOGIN, 302, 302, 302, 302),
        kwargs=lambda w: {},
        note="without a code asked for in this browser there is nothing to confirm",
    ),
    Row(
        "account_email_verification_sent",
        expect(LOGIN, 302, 302, 302, 302),
        kwargs=lambda w: {},
        note="without a sign-up in this browser there is no code to enter",
    ),
    Row("account_logout", expect(302, 200, 200, 200, 200), kwargs=lambda w: {}),
    Row("account_logout", expect(302, 302, 302, 302, 302), method="post", kwargs=lambda w: {}),
    Row("account_inactive", EVERYONE, kwargs=lambda w: {}),
    Row("account_reauthenticate", SIGNED_IN, kwargs=lambda w: {}),
    Row("account_change_password", SIGNED_IN, kwargs=lambda w: {}),
    Row("account_set_password", expect(LOGIN, 302, 302, 302, 302), kwargs=lambda w: {}),
    Row("account_email", SIGNED_IN, kwargs=lambda w: {}),
    Row("account_reset_password", EVERYONE, kwargs=lambda w: {}),
    Row("account_reset_password_done", EVERYONE, kwargs=lambda w: {}),
    Row(
        "account_reset_password_from_key",
        EVERYONE,
        kwargs=lambda w: {"uidb36": "1", "key": "not-a-real-key"},
        note="an invalid link shows a page saying so",
    ),
    Row("account_reset_password_from_key_done", EVERYONE, kwargs=lambda w: {}),
    Row("mfa_index", SIGNED_IN, kwargs=lambda w: {}),
    Row(
        "mfa_activate_totp",
        expect(LOGIN, 302, 302, 302, 302),
        kwargs=lambda w: {},
        note="asks to confirm who they are first (reauthenticate)",
    ),
    Row("mfa_deactivate_totp", expect(LOGIN, 404, 404, 404, 404), kwargs=lambda w: {}),
    Row(
        "mfa_generate_recovery_codes",
        expect(LOGIN, 302, 302, 302, 302),
        kwargs=lambda w: {},
        note="asks to confirm who they are first (reauthenticate)",
    ),
    Row("mfa_view_recovery_codes", expect(LOGIN, 404, 404, 404, 404), kwargs=lambda w: {}),
    Row("mfa_download_recovery_codes", expect(LOGIN, 404, 404, 404, 404), kwargs=lambda w: {}),
    Row("mfa_reauthenticate", expect(LOGIN, 302, 302, 302, 302), kwargs=lambda w: {}),
    Row(
        "mfa_authenticate",
        expect(LOGIN, 302, 302, 302, 302),
        kwargs=lambda w: {},
        note="only halfway through logging in to an account with two-factor",
    ),
    Row("socialaccount_connections", SIGNED_IN, kwargs=lambda w: {}),
    Row("socialaccount_login_cancelled", EVERYONE, kwargs=lambda w: {}),
    Row("socialaccount_login_error", expect(401, 401, 401, 401, 401), kwargs=lambda w: {}),
    Row(
        "socialaccount_signup",
        expect(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        kwargs=lambda w: {},
        note="only halfway through signing up with an organisation's account",
    ),
    Row(
        "openid_connect_login",
        expect(404, 404, 404, 404, 404),
        kwargs=lambda w: {"provider_id": "sso"},
        note="single sign-on is off unless OIDC_SERVER_URL is set (tests/coproduce/test_sso.py)",
    ),
    Row(
        "openid_connect_callback",
        expect(404, 404, 404, 404, 404),
        kwargs=lambda w: {"provider_id": "sso"},
    ),
]

ROWS += [
    Row("account", SIGNED_IN, kwargs=lambda w: {}),
    Row("account-data", SIGNED_IN, kwargs=lambda w: {}),
    Row("account-delete", SIGNED_IN, kwargs=lambda w: {}),
    Row(
        "account-delete",
        expect(LOGIN, 422, 422, 422, 422),
        method="post",
        kwargs=lambda w: {},
        data=lambda w: {"confirm": ""},
        note="an empty confirmation is refused; deleting is tested in tests/coproduce",
    ),
]
