"""Property-based checks that a form never answers 500 and never half-saves."""

import datetime
import operator
import os
import uuid
from collections.abc import Callable
from contextlib import contextmanager

from django.contrib import messages
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# A modest number of examples per form keeps the suite quick; FUZZ_EXAMPLES=1000 searches harder.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Anything a person could type or paste: every Unicode category except lone surrogates,
# which no browser can send.
typed_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=400)
# Built by repeating a short piece: drawing 20,000 characters one by one would be slow.
huge_text = st.builds(
    operator.mul,
    st.text(alphabet="xé😀\n\r\t<>&\"'", min_size=1, max_size=10),
    st.integers(100, 2000),
)
any_text = st.one_of(typed_text, huge_text, st.sampled_from(["", " ", "\x00", "0", "-1", "9" * 40]))
# Numbers at and past the edges of every database integer type, and things that only look like one.
edge_numbers = st.sampled_from(
    [
        *["32767", "32768", "2147483647", "2147483648", "-2147483649", "9223372036854775808"],
        *["1e3", "0x10", "٥١", "+67", " 67 ", "67.0", "67.5"],
    ]
)
numbers = st.one_of(any_text, edge_numbers, st.integers().map(str))


def mostly(valid: st.SearchStrategy, anything: st.SearchStrategy = any_text) -> st.SearchStrategy:
    """Usually what the page itself would send, now and then anything at all: so that most
    examples get past the first field and reach the rest of the form, the action and the
    database."""
    return st.integers(0, 3).flatmap(lambda n: anything if n == 3 else valid)


# A short line someone typed, now and then anything at all.
texts = mostly(
    st.text(
        alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
        min_size=1,
        max_size=100,
    ).filter(str.strip)
)
# Any date Python knows, often near today or at the ends of its range (year 1 and 9999),
# where date arithmetic overflows; now and then text that is not a date at all.
_today = datetime.date.today()
a_date = st.one_of(
    st.dates(),
    st.dates(
        min_value=_today - datetime.timedelta(days=400),
        max_value=_today + datetime.timedelta(days=400),
    ),
    st.dates(max_value=datetime.date(1, 1, 31)),
    st.dates(min_value=datetime.date(9999, 12, 1)),
)
dates = mostly(a_date.map(str))
# A version number read with the page (rows start at 1), now and then any number or text.
versions = mostly(st.just("1"), numbers)
# One part of a URL's path, as someone might edit it in the address bar.
url_parts = any_text.filter(lambda t: t and "/" not in t)


def choices(values) -> st.SearchStrategy:
    """One of a field's choices, now and then anything at all."""
    return mostly(st.sampled_from(list(values)))


def count_attempts_from_zero(monkeypatch) -> None:
    """Rate limits are kept in the cache, which no savepoint undoes: give each example its own."""
    monkeypatch.setattr("coproduce.ratelimit.PREFIX", f"ratelimit-fuzz-{uuid.uuid4().hex}")


class Rollback(Exception):
    pass


@contextmanager
def undone():
    """Run the block in a savepoint that is always rolled back, so examples do not add up."""
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


class AnyMoment:
    """Equal to any date and time: for a timestamp the app sets itself, such as "now"."""

    def __eq__(self, other) -> bool:
        return isinstance(other, datetime.datetime)

    def __repr__(self) -> str:
        return "<any moment>"


def refused(response) -> bool:
    """Whether the app said no: an error status, a redirect with an error message, or a
    page whose form shows errors (Django's own login and password pages answer 200)."""
    if response.status_code >= 400:
        return True
    # Only the messages this request added: earlier ones wait in the cookie until a page shows them.
    added = messages.get_messages(response.wsgi_request)._queued_messages
    if any(m.level == messages.ERROR for m in added):
        return True
    form = response.context and response.context.get("form")
    return bool(response.status_code == 200 and form is not None and form.errors)


def post_in_savepoint(
    client, url: str, data: dict, read_rows: Callable, *, saved: Callable | None = None, **extra
):
    """POST data, check what it did, then undo everything; return the response.

    Never a 500. Refused, ``read_rows()`` is unchanged. Accepted, ``read_rows()`` equals
    ``saved(data)`` when given: exactly what was posted, after the form's documented
    normalisation.
    """
    with undone():
        before = read_rows()
        response = client.post(url, data, **extra)
        assert response.status_code < 500, (response.status_code, data)
        after = read_rows()
        if refused(response):
            assert after == before, "a refused form must save nothing"
        elif saved is not None:
            assert after == saved(data), "what was saved must be exactly what was posted"
    return response
