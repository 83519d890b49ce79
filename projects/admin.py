from django.contrib import admin

from .models import Goal, Membership, Project, Reminder


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
