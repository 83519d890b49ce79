"""Searching, filtering and sorting the list of stakeholders, held in the page's address.

What a filter or a sort may use follows ``visibility.MapView``: members other than the
facilitators never filter or sort by what they may not see. Seldom heard and consent are
facilitators' working notes, so only facilitators get those filters; power, interest and
quadrant filter only among the stakeholders whose place the member may see, and only
facilitators sort by them (an order would give away where the others sit).
"""

import django_filters
from django import forms
from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import HIGH, RATED, Category, Invitation, Stakeholder
from .visibility import MapView

QUADRANT_CHOICES = [
    ("manage_closely", _("Manage closely")),
    ("keep_satisfied", _("Keep satisfied")),
    ("keep_informed", _("Keep informed")),
    ("monitor", _("Monitor")),
    ("not_rated", _("Not rated yet")),
]
QUADRANT_FILTERS = {
    "manage_closely": Q(power__gte=HIGH, interest__gte=HIGH),
    "keep_satisfied": Q(power__gte=HIGH, interest__lt=HIGH),
    "keep_informed": Q(power__lt=HIGH, interest__gte=HIGH),
    "monitor": Q(power__lt=HIGH, interest__lt=HIGH),
    "not_rated": ~RATED,
}
INVITATION_CHOICES = [
    ("none", _("Not invited")),
    *Invitation.Status.choices,
]
SCALE = [(n, str(n)) for n in range(1, 6)]


def with_invitation_status(stakeholders: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
    """Each stakeholder's latest invitation's status (``Invitation.status``, worked out by the
    database), "none" if never invited, as ``invitation_status``."""
    latest = (
        Invitation.objects.filter(stakeholder=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .annotate(
            derived=Case(
                When(accepted_at__isnull=False, then=Value(Invitation.Status.ACCEPTED)),
                When(declined_at__isnull=False, then=Value(Invitation.Status.DECLINED)),
                When(revoked_at__isnull=False, then=Value(Invitation.Status.REVOKED)),
                When(expires_at__lte=timezone.now(), then=Value(Invitation.Status.EXPIRED)),
                default=Value(Invitation.Status.SENT),
                output_field=CharField(),
            )
        )
        .values("derived")[:1]
    )
    return stakeholders.annotate(
        invitation_status=Coalesce(Subquery(latest), Value("none"), output_field=CharField())
    )


class Ordering(django_filters.OrderingFilter):
    """Sorts with the unrated (no power or interest) last, whichever way."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        field = F(value.lstrip("-"))
        return field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)


class SharedFilter(django_filters.FilterSet):
    """What every member may filter and sort the list by."""

    @property
    def form(self):
        """The filter's fields with ids of their own ("filter-category"): the add form on the
        same page has a category too, and two elements with one id leave a label pointing at
        the wrong one."""
        form = super().form
        form.auto_id = "filter-%s"
        return form

    q = django_filters.CharFilter(label=_("Search by name or organisation"), method="search")
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("Every category")
    )
    quadrant = django_filters.ChoiceFilter(
        label=_("Where on the grid"),
        choices=QUADRANT_CHOICES,
        empty_label=_("Anywhere"),
        method="in_quadrant",
    )
    invitation = django_filters.ChoiceFilter(
        label=_("Invitation"),
        choices=INVITATION_CHOICES,
        empty_label=_("Any"),
        field_name="invitation_status",
    )
    power = django_filters.TypedChoiceFilter(
        choices=SCALE, coerce=int, method="placed_at", widget=forms.HiddenInput
    )
    interest = django_filters.TypedChoiceFilter(
        choices=SCALE, coerce=int, method="placed_at", widget=forms.HiddenInput
    )
    sort = Ordering(
        label=_("Sort by"),
        fields=[
            ("name", "name"),
            ("organisation", "organisation"),
            ("category", "category"),
            ("invitation_status", "invitation"),
        ],
        field_labels={
            "name": _("Name"),
            "organisation": _("Organisation"),
            "category": _("Category"),
            "invitation_status": _("Invitation"),
        },
        empty_label=_("Name"),
    )

    class Meta:
        model = Stakeholder
        fields = ["q", "category", "quadrant", "invitation", "power", "interest"]

    def __init__(self, *args, view: MapView, **kwargs) -> None:
        self.view = view
        super().__init__(*args, **kwargs)

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(Q(name__icontains=word) | Q(organisation__icontains=word))
        return queryset

    def in_quadrant(self, queryset, name, value):
        # Only among those whose place this member may see: the rest never match.
        return queryset.filter(self.view.placed).filter(QUADRANT_FILTERS[value])

    def placed_at(self, queryset, name, value):
        return queryset.filter(self.view.placed).filter(**{name: value})

    @property
    def qs(self):
        stakeholders = super().qs
        return stakeholders.order_by(*stakeholders.query.order_by, "name", "pk")


class FacilitatorFilter(SharedFilter):
    """Facilitators see everyone, and so may filter and sort by everything on the map."""

    seldom_heard = django_filters.BooleanFilter(
        label=_("Seldom heard"),
        widget=forms.Select(choices=[("", _("Either")), ("true", _("Yes")), ("false", _("No"))]),
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consent"),
        empty_label=_("Any"),
        choices=[
            ("recorded", _("Agreed to be on the map")),
            ("not_recorded", _("Consent not recorded")),
            ("named", _("Agreed to be named")),
            ("not_named", _("Not agreed to be named")),
        ],
        method="by_consent",
    )
    sort = Ordering(
        label=_("Sort by"),
        fields=[
            ("name", "name"),
            ("organisation", "organisation"),
            ("category", "category"),
            ("power", "power"),
            ("interest", "interest"),
            ("seldom_heard", "seldom_heard"),
            ("named_consent_at", "named"),
            ("invitation_status", "invitation"),
        ],
        field_labels={
            "name": _("Name"),
            "organisation": _("Organisation"),
            "category": _("Category"),
            "power": _("Power"),
            "interest": _("Interest"),
            "seldom_heard": _("Seldom heard"),
            "named_consent_at": _("Named to members"),
            "invitation_status": _("Invitation"),
        },
        empty_label=_("Name"),
    )

    class Meta(SharedFilter.Meta):
        fields = [*SharedFilter.Meta.fields, "seldom_heard", "consent"]

    def by_consent(self, queryset, name, value):
        return queryset.filter(
            {
                "recorded": Q(consent_recorded_at__isnull=False),
                "not_recorded": Q(consent_recorded_at__isnull=True),
                "named": Q(named_consent_at__isnull=False),
                "not_named": Q(named_consent_at__isnull=True),
            }[value]
        )


def filter_stakeholders(data, stakeholders: QuerySet[Stakeholder], view: MapView):
    """The filter this member may use, over the stakeholders they may see by name."""
    kind = FacilitatorFilter if view.everyone else SharedFilter
    return kind(data, queryset=with_invitation_status(stakeholders), view=view)
