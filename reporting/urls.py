from django.urls import path

from . import report_views, views

# Included under /projects/<slug>/reporting/.
assessment = "assessments/<int:assessment_id>/"
urlpatterns = [
    path("", views.index, name="reporting-index"),
    path("assessments/new/", views.assessment_create, name="reporting-assessment-create"),
    path("assessments.csv", views.assessments_download, name="reporting-assessments-csv"),
    path(assessment, views.assessment, name="reporting-assessment"),
    path(assessment + "my-view/", views.my_view, name="reporting-my-view"),
    path(assessment + "close/", views.assessment_close, name="reporting-assessment-close"),
    path(assessment + "delete/", views.assessment_delete, name="reporting-assessment-delete"),
    path(
        assessment + "<slug:standard>/edit/",
        views.standard_update,
        name="reporting-standard-update",
    ),
    path(assessment + "<slug:standard>/goal/", views.make_goal, name="reporting-make-goal"),
    path("report/", report_views.report, name="reporting-report"),
    path("report/draft/", report_views.report_draft, name="reporting-report-draft"),
    path("report/form/", report_views.report_form, name="reporting-report-form"),
    path("report/pdf/", report_views.report_pdf_create, name="reporting-report-pdf-create"),
    path("report.pdf", report_views.report_pdf, name="reporting-report-pdf"),
    path(
        "report.<slug:extension>",
        report_views.report_download,
        name="reporting-report-download",
    ),
    path(
        "report/<slug:item>/edit/",
        report_views.report_item_update,
        name="reporting-report-item-update",
    ),
]
