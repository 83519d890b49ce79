from django.contrib import admin

from .models import AuditEvent, Goal, Membership, Project


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "start_date", "end_date", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "organisation"]
    readonly_fields = ["created_at", "updated_at", "version"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline, GoalInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role", "perspective", "joined_at"]
    list_filter = ["role", "perspective"]
    search_fields = ["user__email", "user__name", "project__title"]
    list_select_related = ["user", "project"]
    autocomplete_fields = ["user", "project"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The timeline is a record: staff may read it, never change it."""

    list_display = ["created_at", "project", "actor", "verb", "summary"]
    list_filter = ["verb"]
    search_fields = ["summary", "project__title"]
    list_select_related = ["project", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
