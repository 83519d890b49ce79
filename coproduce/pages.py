"""The shared page kit: how a view answers with a form that may carry errors or conflicts."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

# A download holding people's data (exports, personal data, charters): no browser cache or
# proxy in between may keep a copy.
private_download = cache_control(private=True, no_store=True)


def render_form(request: HttpRequest, template: str, context: dict, form) -> HttpResponse:
    """Render a page whose form may carry errors: 422 without htmx, 200 for an htmx swap."""
    status = 422 if form.errors and not request.htmx else 200
    return render(request, template, context, status=status)


def saved_unless_conflict(form, instance, save: Callable[[], object]) -> bool:
    """Call ``save``; on an edit conflict keep what was typed and say so on the form.

    ``instance`` is re-read, so the page can show the other person's version, and the form
    takes their version number, so saving again knowingly replaces it.
    """
    try:
        save()
    except ValidationError as conflict:
        instance.refresh_from_db()
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = instance.version
        form.add_error(None, conflict)
        return False
    return True
