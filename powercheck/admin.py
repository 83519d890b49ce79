"""Admin for the checklist, and read-only lists of rounds and answers.

Responses and answers are never edited here (rounds and responses change only through
``powercheck.actions``). Those of anonymous rounds are not in the admin at all: listing,
filtering or opening them one by one (by member, by response, by id) would tie a person to
their answers, or one person's answers together. An anonymous round is seen as its results
page shows it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Answer, Checklist, Question, Response, Round, Section


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "text", "project", "citation"]
    raw_id_fields = ["project"]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "checklist", "order"]
    list_select_related = ["checklist"]
    inlines = [QuestionInline]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "opens_at", "closes_at", "status", "anonymous"]
    list_filter = ["status", "anonymous"]
    list_select_related = ["project"]
    search_fields = ["title", "project__title"]


def respondent(response: Response) -> str:
    return str(response.member.user) if response.member else str(_("Former member"))


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["id", "round", "who", "perspective", "submitted_at"]
    list_filter = ["perspective"]
    list_select_related = ["round", "member__user"]
    fields = ["round", "who", "perspective", "submitted_at", "helped", "hindered"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(round__anonymous=False)

    @admin.display(description=_("respondent"))
    def who(self, response: Response) -> str:
        return respondent(response)


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["id", "round", "question", "score", "comment"]
    list_select_related = ["response__round", "question"]
    fields = ["round", "question", "score", "comment"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(response__round__anonymous=False)

    @admin.display(description=_("round"))
    def round(self, answer: Answer) -> Round:
        return answer.response.round
