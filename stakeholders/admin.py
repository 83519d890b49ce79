from django.contrib import admin

from .models import Import, Invitation, Stakeholder


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "category", "power", "interest", "project"]
    list_filter = ["category", "seldom_heard"]
    search_fields = ["name", "organisation", "email", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "user"]
    # Access needs are sensitive: kept out of the admin's lists and search.
    exclude = ["access_needs"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["stakeholder", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["stakeholder"]
    raw_id_fields = ["stakeholder", "invited_by", "accepted_by"]
    # Invitations change only through stakeholders.actions; the admin may look, not touch.
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Import)
class ImportAdmin(admin.ModelAdmin):
    """Which imports were confirmed; a record, read-only."""

    list_display = ["created_at", "project", "count", "imported_by"]
    list_select_related = ["project", "imported_by"]
    readonly_fields = [f.name for f in Import._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
