from django.contrib import admin

from .models import Charter


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ["project", "version", "status", "created_at", "rendered_at", "attempts"]
    list_filter = ["status"]
    search_fields = ["project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "requested_by"]
    readonly_fields = ["content_hash", "created_at", "updated_at", "rendered_at", "attempts"]
