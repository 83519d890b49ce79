from django.contrib import admin

from .models import (
    AuditEvent,
    Charter,
    CommunicationItem,
    DecisionRule,
    Goal,
    GroundRule,
    Membership,
    Project,
    Reminder,
)


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


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "recipient", "due_at", "status", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "dedupe_key", "recipient__email", "project__title"]
    list_select_related = ["project", "recipient"]
    raw_id_fields = ["project", "recipient"]
    readonly_fields = ["claimed_by", "claimed_until", "sent_at", "created_at", "updated_at"]


@admin.register(DecisionRule)
class DecisionRuleAdmin(admin.ModelAdmin):
    list_display = ["area", "project", "who", "method", "order"]
    list_filter = ["method", "who"]
    search_fields = ["area", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]


@admin.register(GroundRule)
class GroundRuleAdmin(admin.ModelAdmin):
    list_display = ["text", "project", "order", "created_at"]
    search_fields = ["text", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "added_by"]


@admin.register(CommunicationItem)
class CommunicationItemAdmin(admin.ModelAdmin):
    list_display = ["purpose", "audience", "project", "channel", "frequency", "next_due", "closed"]
    list_filter = ["channel", "frequency", "closed"]
    search_fields = ["purpose", "audience", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "owner"]


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ["project", "version", "status", "created_at", "rendered_at", "attempts"]
    list_filter = ["status"]
    search_fields = ["project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "requested_by"]
    readonly_fields = ["content_hash", "created_at", "updated_at", "rendered_at", "attempts"]


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
