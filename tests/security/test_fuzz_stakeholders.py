"""Arbitrary input into the stakeholder map, the CSV import and invitations."""

import csv
import io
from urllib.parse import quote

import pytest
from django import forms
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.message import sanitize_address
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from projects.models import Membership, Role
from stakeholders.actions import do_invite_stakeholder
from stakeholders.csvfile import HEADERS, header_key, parse_csv, unescape_formula
from stakeholders.forms import ImportForm
from stakeholders.import_views import IMPORT_SESSION_PREFIX
from stakeholders.invitation_views import INVITATION_SESSION_KEY
from stakeholders.models import Category, Invitation, Involvement, Stakeholder
from tests.factories import StakeholderFactory

from .fuzz import (
    FUZZ,
    AnyMoment,
    a_date,
    any_text,
    choices,
    count_attempts_from_zero,
    huge_text,
    mostly,
    post_in_savepoint,
    texts,
    undone,
    url_parts,
)

FIELDS = [*HEADERS[:-2], "consent_recorded_at", "named_consent_at"]
scale = choices(["1", "2", "3", "4", "5"])
emails = st.one_of(st.just(""), mostly(st.emails()))
stakeholder_data = st.fixed_dictionaries(
    {
        "name": texts,
        "organisation": texts,
        "email": emails,
        "category": choices(Category.values),
        "power": scale,
        "interest": scale,
        "current_involvement": choices(Involvement.values),
        "intended_involvement": choices(Involvement.values),
        "access_needs": texts,
        "notes": texts,
    },
    optional={
        "is_organisation": choices(["on"]),
        "seldom_heard": choices(["on"]),
        "consent_recorded": choices(["on"]),
        "agreed_to_be_named": choices(["on"]),
    },
)


def map_rows() -> list[tuple]:
    return list(Stakeholder.objects.order_by("pk").values_list(*FIELDS))


def ticked(data: dict, name: str) -> bool:
    """How a checkbox reads: anything posted but nothing, "" or "false" (any case) ticks it."""
    return data.get(name, "").lower() not in ("", "false")


def as_saved(data: dict) -> tuple:
    """The row a valid stakeholder form saves: text stripped, the address in lower case, and
    an address that can be put on an email (as the SMTP backend does before sending)."""
    if data["email"].strip():
        sanitize_address(data["email"].strip().lower(), "utf-8")
    return (
        data["name"].strip(),
        data["organisation"].strip(),
        ticked(data, "is_organisation"),
        data["email"].strip().lower(),
        data["category"],
        int(data["power"]),
        int(data["interest"]),
        ticked(data, "seldom_heard"),
        data["current_involvement"],
        data["intended_involvement"],
        data["access_needs"].strip(),
        data["notes"].strip(),
        AnyMoment() if ticked(data, "consent_recorded") else None,
        AnyMoment() if ticked(data, "agreed_to_be_named") else None,
    )


@FUZZ
@given(data=stakeholder_data)
def test_stakeholder_form(as_user, facilitator, project, data):
    post_in_savepoint(
        as_user(facilitator),
        reverse("stakeholders-create", args=[project.slug]),
        data,
        map_rows,
        saved=lambda d: [as_saved(d)],
    )


@pytest.fixture
def stakeholder(project):
    return StakeholderFactory(project=project, name="Asha Patel", category=Category.CARER)


@FUZZ
@given(data=stakeholder_data)
def test_stakeholder_edit_form(as_user, facilitator, project, stakeholder, data):
    post_in_savepoint(
        as_user(facilitator),
        reverse("stakeholders-update", args=[project.slug, stakeholder.pk]),
        data,
        map_rows,
        saved=lambda d: [as_saved(d)],
    )


@FUZZ
@given(category=mostly(st.sampled_from(Category.values)), page=any_text)
def test_map_filter_and_pages_with_any_query(
    as_user, facilitator, project, stakeholder, category, page
):
    client = as_user(facilitator)
    grid = client.get(reverse("stakeholders-grid", args=[project.slug]), {"category": category})
    assert grid.status_code == 200
    shown = [entry.pk for entry in grid.context["stakeholders"]]
    if category in Category.values:
        assert shown == ([stakeholder.pk] if category == Category.CARER else [])
    else:
        assert shown == [stakeholder.pk]
    listing = client.get(reverse("stakeholders-list", args=[project.slug]), {"page": page})
    assert listing.status_code == 200


# The CSV import -------------------------------------------------------------------------


def is_valid_email(address: str) -> bool:
    try:
        forms.EmailField(max_length=254).clean(address)
    except ValidationError:
        return False
    return True


FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "'=1+1", "'+already escaped", "\t=1"]
line = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60)
# Each column filled in as the import page documents it, with formulas among the text.
GOOD = {
    "name": st.one_of(line.filter(str.strip), st.sampled_from(FORMULAS)),
    "organisation": st.one_of(line, st.sampled_from(FORMULAS)),
    "email": st.one_of(st.just(""), st.emails().filter(is_valid_email)),
    "category": st.sampled_from([*Category.values, *[str(c.label) for c in Category]]),
    "power": st.sampled_from(["1", "2", "3", "4", "5", ""]),
    "interest": st.sampled_from(["1", "2", "3", "4", "5", " 2 "]),
    "is_organisation": st.sampled_from(["yes", "no", "", "TRUE", "y"]),
    "seldom_heard": st.sampled_from(["yes", "no", "", "TRUE", "y"]),
    "current_involvement": st.sampled_from(["", *Involvement.values, "Co-design", "CONSULT"]),
    "intended_involvement": st.sampled_from(["", *Involvement.values, "co-produce"]),
    "access_needs": st.one_of(line, huge_text),
    "notes": st.one_of(line, st.sampled_from(FORMULAS)),
    "consent_recorded": st.one_of(
        st.sampled_from(["", "yes", "no", "Y", "2024-02-29", "2025-02-30", "2025-1-1"]),
        st.sampled_from(["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"]),
        a_date.map(str),
        st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    ),
}
GOOD["agreed_to_be_named"] = GOOD["consent_recorded"]


@st.composite
def csv_files(draw) -> bytes:
    """A spreadsheet saved as CSV: any columns, in any order, spelt any way, any encoding;
    half the time every cell is filled in right, otherwise any cell may hold anything."""
    headers = draw(st.lists(mostly(st.sampled_from(HEADERS)), min_size=1, max_size=14))
    if draw(mostly(st.just(True), st.just(False))):
        headers = ["name", "category", *headers]
    spelt = [draw(st.sampled_from([h, h.upper(), h.replace("_", " "), f" {h}-"])) for h in headers]
    clean = draw(st.booleans())
    columns = [GOOD.get(h, any_text) if clean else mostly(GOOD.get(h, any_text)) for h in headers]
    rows = [[draw(column) for column in columns] for _ in range(draw(st.integers(1, 6)))]
    out = io.StringIO()
    ending = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    csv.writer(out, lineterminator=ending).writerows([spelt, *rows])
    encoding = draw(
        mostly(st.sampled_from(["utf-8", "utf-8-sig"]), st.sampled_from(["utf-16", "cp1252"]))
    )
    return out.getvalue().encode(encoding, errors="replace")


def upload(client, project, raw: bytes):
    return client.post(
        reverse("stakeholders-import", args=[project.slug]),
        {"file": SimpleUploadedFile("map.csv", raw, content_type="text/csv")},
    )


def imported_names(raw: bytes) -> list[str]:
    """The names in a valid file's data rows, as the map shows them: with a spreadsheet's
    formula escape taken off and spaces trimmed, read in the encoding the file was saved in
    (UTF-16 by its byte-order mark, else UTF-8, else Windows-1252). A column named twice is
    read the first time (the preview lists the second as left out)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
    reader = csv.reader(io.StringIO(text, newline=""))
    headers = [header_key(h) for h in next(reader)]
    rows = [
        dict(reversed(list(zip(headers, values, strict=False))))
        for values in reader
        if any(v.strip() for v in values)
    ]

    # A row repeating an earlier one of the file (same email, or same name and organisation,
    # capitals and runs of spaces aside) is skipped, as the preview says.
    def same(text: str) -> str:
        return " ".join(text.split()).casefold()

    seen, kept = set(), []
    for row in rows:
        name = unescape_formula(row.get("name", "")).strip()
        email = row.get("email", "").strip().lower()
        keys = {("name", same(name), same(unescape_formula(row.get("organisation", ""))))}
        if email:
            keys.add(("email", email))
        if not keys & seen:
            kept.append(name)
            seen |= keys
    return sorted(kept)


def check_import(client, project, raw: bytes) -> None:
    """Upload, preview and confirm: all rows or none, never a 500, and the same file again
    from the export."""
    response = upload(client, project, raw)
    assert response.status_code in (302, 422), response.status_code
    if response.status_code == 422:
        assert not Stakeholder.objects.exists(), "a refused file must save nothing"
        assert not any(
            key.startswith(IMPORT_SESSION_PREFIX) for key, _value in client.session.items()
        )
        return
    assert not Stakeholder.objects.exists(), "nothing is saved before the preview is confirmed"
    assert client.get(response["Location"]).status_code == 200
    confirmed = client.post(response["Location"])
    assert confirmed["Location"] == reverse("stakeholders-list", args=[project.slug])
    assert sorted(Stakeholder.objects.values_list("name", flat=True)) == imported_names(raw)
    assert client.get(confirmed["Location"]).status_code == 200
    export = client.get(reverse("stakeholders-export", args=[project.slug]))
    exported = parse_csv(export.content)
    assert not exported.errors
    assert len(exported.rows) == Stakeholder.objects.count()


@FUZZ
@given(raw=mostly(csv_files(), st.binary(max_size=2000)))
# Once 500s: a date that does not exist, and a time whose UTC is in the year 10000 (saved,
# then every page listing the map failed to read it back).
@example(raw=b"name,category,consent_recorded\nA,carer,2025-02-30\n")
@example(raw=b"name,category,consent_recorded\nA,carer,9999-12-31T23:59:59-12:00\n")
def test_csv_import_is_all_or_nothing(as_user, facilitator, project, raw):
    client = as_user(facilitator)
    with undone():
        check_import(client, project, raw)


@FUZZ
@given(
    good=st.lists(st.sampled_from(["Asha Patel", "=cmd|' /C calc'!A0", "Zoë"]), max_size=5),
    bad=any_text.filter(lambda p: p.strip() not in ("", "1", "2", "3", "4", "5")),
    where=st.integers(0, 5),
)
def test_one_bad_row_saves_nothing(as_user, facilitator, project, good, bad, where):
    rows = [[name, "carer", "3"] for name in good]
    rows.insert(min(where, len(rows)), ["Bad Power", "carer", bad])
    out = io.StringIO()
    csv.writer(out).writerows([["name", "category", "power"], *rows])
    raw = out.getvalue().encode()
    with undone():
        response = upload(as_user(facilitator), project, raw)
        assert response.status_code == 422
        assert not Stakeholder.objects.exists()


def test_formulas_are_kept_as_text_and_escaped_again_on_export(as_user, facilitator, project):
    client = as_user(facilitator)
    raw = b"name,category\r\n=cmd|' /C calc'!A0,carer\r\n'+44 20 7946 0000,carer\r\n"
    response = upload(client, project, raw)
    client.post(response["Location"])
    assert sorted(Stakeholder.objects.values_list("name", flat=True)) == [
        "+44 20 7946 0000",
        "=cmd|' /C calc'!A0",
    ]
    export = client.get(reverse("stakeholders-export", args=[project.slug])).content.decode()
    assert "'=cmd|' /C calc'!A0" in export and "'+44 20 7946 0000" in export


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,category\n" + b"A,carer\n" * (ImportForm.MAX_BYTES // 8), "larger than 5 MB"),
        # Excel's "Unicode text" is read (UTF-16); with no rows there is nothing to add.
        (
            b"\xff\xfe" + "name,category\n".encode("utf-16-le"),
            "The file has headers but no stakeholders.",
        ),
        (b"name,category\nA\x00B,carer\n", "Null characters are not allowed."),
        (b"name,category,consent_recorded\nA,carer,2025-02-30\n", "Write a date such as"),
        (
            b"name,category,consent_recorded\nA,carer,9999-12-31T23:59:59-12:00\n",
            "consent_recorded: Enter a date between 1900 and 2999.",
        ),
    ],
)
def test_huge_and_strange_files_are_refused_whole(as_user, facilitator, project, content, message):
    response = upload(as_user(facilitator), project, content)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Stakeholder.objects.exists()


def test_too_many_rows_are_refused_whole(as_user, facilitator, project, monkeypatch):
    monkeypatch.setattr("stakeholders.csvfile.MAX_ROWS", 3)
    response = upload(as_user(facilitator), project, b"name,category\n" + b"A,carer\n" * 4)
    assert response.status_code == 422
    assert "Import at most 3 rows at a time." in response.content.decode()
    assert not Stakeholder.objects.exists()


@FUZZ
@given(key=url_parts)
def test_import_preview_with_any_key(as_user, facilitator, project, key):
    client = as_user(facilitator)
    url = f"/projects/{project.slug}/stakeholders/import/{quote(key, safe='')}/"
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("stakeholders-import", args=[project.slug])
    assert not Stakeholder.objects.exists()


# Invitations ------------------------------------------------------------------------------


@FUZZ
@given(
    role=choices([value for value, _label in Invitation.ROLES]),
    email=st.emails().filter(is_valid_email),
)
def test_invitation_form(as_user, facilitator, project, stakeholder, monkeypatch, role, email):
    count_attempts_from_zero(monkeypatch)
    Stakeholder.objects.filter(pk=stakeholder.pk).update(email=email)
    sent = len(mail.outbox)

    def saved(data):
        # The invitation went to the map's address, in a form a mail server takes.
        assert [sanitize_address(to, "utf-8") for to in mail.outbox[-1].to]
        assert mail.outbox[-1].to == [email] and len(mail.outbox) == sent + 1
        return [(stakeholder.pk, data["role"])]

    response = post_in_savepoint(
        as_user(facilitator),
        reverse("stakeholders-invite", args=[project.slug, stakeholder.pk]),
        {"role": role},
        lambda: list(Invitation.objects.values_list("stakeholder", "role")),
        saved=saved,
    )
    assert response.status_code != 429


@pytest.fixture
def invitation(facilitator, project, stakeholder):
    return do_invite_stakeholder(
        stakeholder=stakeholder, role=Role.PARTICIPANT, invited_by=facilitator
    )


@FUZZ
@given(token=url_parts, answer=choices(["accept", "decline"]), signed_in=st.booleans())
def test_invitation_links_with_any_token(
    client, outsider, invitation, monkeypatch, token, answer, signed_in
):
    count_attempts_from_zero(monkeypatch)
    if signed_in:
        client.force_login(outsider)
    opened = client.get(f"/invitations/{quote(token, safe='')}/")
    assert opened.status_code == 302 and opened["Location"] == reverse("invitations-respond")
    assert client.session[INVITATION_SESSION_KEY] is None
    for response in [
        client.get(opened["Location"]),
        client.post(opened["Location"], {"answer": answer}),
    ]:
        assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open
    assert not Membership.objects.filter(user=outsider).exists()
    client.logout()


@FUZZ
@given(answer=any_text.filter(lambda a: a not in ("accept", "decline")), signed_in=st.booleans())
def test_answering_a_real_invitation_with_anything(
    client, outsider, invitation, monkeypatch, answer, signed_in
):
    """Only "accept" (signed in) or "decline" change anything; other answers show the page again."""
    count_attempts_from_zero(monkeypatch)
    if signed_in:
        client.force_login(outsider)
    session = client.session
    session[INVITATION_SESSION_KEY] = invitation.pk
    session.save()
    response = client.post(reverse("invitations-respond"), {"answer": answer})
    assert response.status_code == 302 and response["Location"] == reverse("invitations-respond")
    invitation.refresh_from_db()
    assert invitation.is_open
    client.logout()
