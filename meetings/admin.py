from django.contrib import admin

from .models import Action, AgendaItem, Meeting


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["title", "status", "minutes", "order"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    # Replies are left out: what people need to take part is for the facilitators only.
    list_display = ["title", "project", "starts_at", "minutes_status"]
    list_filter = ["minutes_status"]
    search_fields = ["title", "project__title"]
    fields = ["project", "title", "starts_at", "ends_at", "place", "link", "minutes_status"]
    readonly_fields = ["project"]
    inlines = [AgendaInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["text", "project", "due", "done_at"]
    search_fields = ["text"]
    raw_id_fields = ["project", "meeting", "owner"]
