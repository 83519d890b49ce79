"""Admin: partners and who signs for them; answers are read-only (they change only through
``partners.actions``, which keeps the charter and the reminders in step)."""

from django.contrib import admin

from .models import Answer, Partner, Signatory, SigningRequest


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    raw_id_fields = ["user", "stakeholder", "added_by"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "project"]
    list_filter = ["kind"]
    search_fields = ["name", "project__title"]
    raw_id_fields = ["project", "stakeholders", "members"]
    inlines = [SignatoryInline]


@admin.register(SigningRequest)
class SigningRequestAdmin(admin.ModelAdmin):
    list_display = ["project", "charter", "sent_at"]
    readonly_fields = ["project", "charter", "sent_at", "sent_by"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["signatory", "charter", "decision", "answered_at"]
    list_filter = ["decision"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
