from django.contrib import admin

from .models import ImpactEntry


@admin.register(ImpactEntry)
class ImpactEntryAdmin(admin.ModelAdmin):
    # Contributions are left out: an anonymous comment's source must not be looked up.
    list_display = ["what_changed", "project", "changed_on"]
    search_fields = ["what_changed", "for_whom"]
    fields = ["project", "what_changed", "for_whom", "changed_on", "evidence", "link"]
    readonly_fields = ["project"]
