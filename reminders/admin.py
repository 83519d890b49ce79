from django.contrib import admin

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "recipient", "due_at", "status", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "dedupe_key", "recipient__email", "project__title"]
    list_select_related = ["project", "recipient"]
    raw_id_fields = ["project", "recipient"]
    readonly_fields = ["claimed_by", "claimed_until", "sent_at", "created_at", "updated_at"]
