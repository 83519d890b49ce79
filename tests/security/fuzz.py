"""Property-based checks that a form never answers 500 and never half-saves."""

from django.db import transaction
from hypothesis import strategies as st

# Anything a person could type or paste: every Unicode category except lone surrogates,
# which no browser can send.
typed_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=400)
huge_text = st.text(alphabet="xé😀\n\r\t<>&\"'", min_size=1000, max_size=20_000)
any_text = st.one_of(typed_text, huge_text, st.sampled_from(["", " ", "\x00", "0", "-1", "9" * 40]))


class Rollback(Exception):
    pass


def post_in_savepoint(client, url: str, data: dict, count_rows) -> None:
    """POST data; assert no 500 and that rows change only on success; then undo everything."""
    try:
        with transaction.atomic():
            before = count_rows()
            response = client.post(url, data)
            assert response.status_code < 500, (response.status_code, data)
            if response.status_code not in (200, 302):
                assert count_rows() == before, "a refused form must save nothing"
            raise Rollback
    except Rollback:
        pass
