from django.urls import path

from . import bulk_views, import_views, invitation_views, views

project = "projects/<slug:slug>/stakeholders/"

urlpatterns = [
    path(project, views.stakeholder_list, name="stakeholders-list"),
    path(project + "add/", views.stakeholder_create, name="stakeholders-create"),
    path(project + "grid/", views.stakeholder_grid, name="stakeholders-grid"),
    path(project + "invite/", bulk_views.stakeholder_bulk_invite, name="stakeholders-bulk-invite"),
    path(project + "export.csv", import_views.stakeholder_export, name="stakeholders-export"),
    path(
        project + "export.xlsx",
        import_views.stakeholder_export_xlsx,
        name="stakeholders-export-xlsx",
    ),
    path(project + "import/", import_views.stakeholder_import, name="stakeholders-import"),
    path(
        project + "import/template.<str:kind>",
        import_views.stakeholder_import_template,
        name="stakeholders-import-template",
    ),
    path(
        project + "import/<str:key>/",
        import_views.stakeholder_import_preview,
        name="stakeholders-import-preview",
    ),
    path(project + "<int:stakeholder_id>/", views.stakeholder_detail, name="stakeholders-detail"),
    path(
        project + "<int:stakeholder_id>/edit/",
        views.stakeholder_update,
        name="stakeholders-update",
    ),
    path(
        project + "<int:stakeholder_id>/delete/",
        views.stakeholder_delete,
        name="stakeholders-delete",
    ),
    path(
        project + "<int:stakeholder_id>/invite/",
        views.stakeholder_invite,
        name="stakeholders-invite",
    ),
    path(
        project + "invitations/<int:invitation_id>/resend/",
        views.invitation_resend,
        name="stakeholders-invitation-resend",
    ),
    path(
        project + "invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="stakeholders-invitation-revoke",
    ),
    # The token-free pages first, so that "respond" or "waiting" is never taken for a token.
    path("invitations/respond/", invitation_views.invitation_respond, name="invitations-respond"),
    path(
        "invitations/respond/decline/",
        invitation_views.invitation_decline,
        name="invitations-decline",
    ),
    path("invitations/waiting/", invitation_views.invitation_waiting, name="invitations-waiting"),
    path("invitations/<str:token>/", invitation_views.invitation_open, name="invitations-open"),
]
