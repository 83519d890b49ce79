from django.contrib import admin

from .models import Decision, Proposal

# Responses are left out: where a rule or the project keeps them private, the admin does too.


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "status", "closes_at", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = [
        *("project", "proposed_by", "rule", "goal", "ground_rule", "decision_rule"),
        *("communication_item", "stakeholder"),
    ]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "project", "area", "method", "result", "decided_at"]
    list_filter = ["result", "method"]
    search_fields = ["text", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "proposal", "rule", "decided_by"]
