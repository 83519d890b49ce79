from django.contrib import admin

from .models import CommunicationItem, DecisionRule, GroundRule


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
