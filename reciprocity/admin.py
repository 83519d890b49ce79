"""Read-only lists of payment records: they change only through reciprocity.actions, so that
every amount and approval is on the timeline."""

from django.contrib import admin

from .models import Claim, Contributor, Policy, Rate, TimeEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["project", "currency", "pay_within_days", "source_title"]


@admin.register(Rate)
class RateAdmin(ReadOnlyAdmin):
    list_display = ["project", "activity", "unit", "amount", "effective_from"]
    list_filter = ["activity"]


@admin.register(Contributor)
class ContributorAdmin(ReadOnlyAdmin):
    list_display = ["project", "user", "choice", "not_eligible"]


@admin.register(TimeEntry)
class TimeEntryAdmin(ReadOnlyAdmin):
    list_display = ["project", "user", "date", "activity", "hours", "status", "amount"]
    list_filter = ["status"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["project", "user", "description", "amount", "status", "pay_by"]
    list_filter = ["status"]
    exclude = ["receipt"]
