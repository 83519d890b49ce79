from django.core.files.base import ContentFile

from reporting.actions import do_create_assessment
from reporting.content import get_report
from reporting.models import ReportFile

from .matrix import FACILITATORS_DO, FACILITATORS_SEE, LOGIN, MEMBERS_SEE, Row, World, expect

RESPONDERS_SEE = expect(LOGIN, 404, 403, 200, 200)
RESPONDERS_DO = expect(LOGIN, 404, 403, 302, 302)


def an_assessment(w: World) -> dict:
    assessment = do_create_assessment(project=w.project, title="At the start", stage="start")
    return {"slug": w.project.slug, "assessment_id": assessment.pk}


def a_standard(w: World) -> dict:
    return {**an_assessment(w), "standard": "impact"}


def an_improvement(w: World) -> dict:
    kwargs = a_standard(w)
    entry = w.project.assessments.get(pk=kwargs["assessment_id"]).entries.get(standard="impact")
    entry.to_improve = "Write down what changed after each workshop"
    entry.save()
    return kwargs


def a_ready_pdf(w: World) -> dict:
    file = ReportFile.objects.create(
        report=get_report(w.project), status=ReportFile.Status.READY, content_hash="x"
    )
    file.pdf.save("report.pdf", ContentFile(b"%PDF-1.7 test"))
    return {"slug": w.project.slug}


def a_format(extension: str):
    return lambda w: {"slug": w.project.slug, "extension": extension}


def an_item(w: World) -> dict:
    return {"slug": w.project.slug, "item": "methods"}


ROWS = [
    Row("reporting-index", MEMBERS_SEE),
    Row("reporting-assessment-create", FACILITATORS_SEE),
    Row(
        "reporting-assessment-create",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {"title": "At the start", "stage": "start"},
    ),
    Row("reporting-assessments-csv", MEMBERS_SEE),
    Row("reporting-assessment", MEMBERS_SEE, kwargs=an_assessment),
    Row("reporting-my-view", RESPONDERS_SEE, kwargs=an_assessment),
    Row(
        "reporting-my-view",
        RESPONDERS_DO,
        method="post",
        kwargs=an_assessment,
        data=lambda w: {"impact_rating": "2", "impact_comment": "We do not hear back."},
    ),
    Row("reporting-assessment-close", FACILITATORS_SEE, kwargs=an_assessment),
    Row("reporting-assessment-close", FACILITATORS_DO, method="post", kwargs=an_assessment),
    Row("reporting-assessment-delete", FACILITATORS_SEE, kwargs=an_assessment),
    Row("reporting-assessment-delete", FACILITATORS_DO, method="post", kwargs=an_assessment),
    Row("reporting-standard-update", FACILITATORS_SEE, kwargs=a_standard),
    Row(
        "reporting-standard-update",
        FACILITATORS_DO,
        method="post",
        kwargs=a_standard,
        data=lambda w: {"rating": "3", "going_well": "Notes after every meeting"},
    ),
    Row("reporting-make-goal", FACILITATORS_DO, method="post", kwargs=an_improvement),
    Row("reporting-report", MEMBERS_SEE),
    Row("reporting-report-draft", FACILITATORS_DO, method="post"),
    Row(
        "reporting-report-form", FACILITATORS_DO, method="post", data=lambda w: {"long_form": "on"}
    ),
    Row("reporting-report-pdf-create", FACILITATORS_DO, method="post"),
    Row("reporting-report-pdf", MEMBERS_SEE, kwargs=a_ready_pdf),
    Row("reporting-report-download", MEMBERS_SEE, kwargs=a_format("docx")),
    Row("reporting-report-download", MEMBERS_SEE, kwargs=a_format("md")),
    Row("reporting-report-item-update", FACILITATORS_SEE, kwargs=an_item),
    Row(
        "reporting-report-item-update",
        FACILITATORS_DO,
        method="post",
        kwargs=an_item,
        data=lambda w: {
            "text": "Residents and officers planned the work together.",
            "based_on": "0",
        },
    ),
]
