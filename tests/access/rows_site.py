from .matrix import EVERYONE, LOGIN, SIGNED_IN, Row, expect

ROWS = [
    Row("home", EVERYONE, kwargs=lambda w: {}),
    Row("healthz", EVERYONE, kwargs=lambda w: {}),
    Row("signup", expect(200, 302, 302, 302, 302), kwargs=lambda w: {}),
    Row(
        "signup-confirm",
        expect(302, 302, 302, 302, 302),
        kwargs=lambda w: {"token": "not-a-real-token"},
        note="always a redirect to a token-free page, so the token never reaches the logs",
    ),
    Row(
        "signup-finish",
        expect(404, 404, 404, 404, 404),
        kwargs=lambda w: {},
        note="without a sign-up link opened in this browser there is nothing to finish",
    ),
    Row("signup-finish", expect(404, 404, 404, 404, 404), method="post", kwargs=lambda w: {}),
    Row("login", EVERYONE, kwargs=lambda w: {}),
    Row("logout", expect(302, 302, 302, 302, 302), method="post", kwargs=lambda w: {}),
    Row("password_change", SIGNED_IN, kwargs=lambda w: {}),
    Row("password_change_done", SIGNED_IN, kwargs=lambda w: {}),
    Row("password_reset", EVERYONE, kwargs=lambda w: {}),
    Row("password_reset_done", EVERYONE, kwargs=lambda w: {}),
    Row(
        "password_reset_confirm",
        EVERYONE,
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
        note="an invalid link shows a page saying so",
    ),
    Row("password_reset_complete", EVERYONE, kwargs=lambda w: {}),
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
    Row(
        "account-preferences",
        expect(LOGIN, 302, 302, 302, 302),
        method="post",
        kwargs=lambda w: {},
        data=lambda w: {"language": "", "easy_read": ""},
        note="each person changes only their own language and reading level",
    ),
    Row(
        "language-set",
        expect(302, 302, 302, 302, 302),
        method="post",
        kwargs=lambda w: {},
        data=lambda w: {"language": "cy"},
        note="anyone may switch the language; a signed-in person keeps it on their account",
    ),
]
