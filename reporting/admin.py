"""Read-only lists of self-assessments and report versions. Members' own views are not here:
listing them one by one would tie a person to their ratings, which the page shows only as
averages (``comparison``)."""

from django.contrib import admin

from .models import Assessment, ReportFile, ReportVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "stage", "due_on", "closed_at"]
    list_filter = ["stage"]


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ["report", "item", "number", "drafted", "by", "created_at"]


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnlyAdmin):
    list_display = ["report", "status", "created_at", "rendered_at"]
