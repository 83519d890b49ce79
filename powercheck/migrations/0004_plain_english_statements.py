"""The checklist's headings and hardest statements in plain English: the same meaning, in
words that score at least 60 for reading ease (Farr's headings stay in the source)."""

from django.db import migrations

# (section order, statement order or None for the heading): (old, new)
REWORDED = {
    (1, None): ("Who is involved in co-production?", "Who takes part?"),
    (2, None): ("Social interaction", "How we talk and work together"),
    (3, None): (
        "Working within and across institutional structures",
        "How the organisations work with the group",
    ),
    (4, None): (
        "What changes do people make because of co-production?",
        "What changes because we work together?",
    ),
    (1, 1): (
        "Everyone affected by the project is represented in the group, including people with lived experience.",
        "The group includes everyone the project affects, and people with lived experience.",
    ),
    (1, 4): (
        "Practical barriers to taking part (time, cost, travel, access, language, caring) are removed.",
        "Things that make it hard to take part are removed: time, cost, travel, access, language and caring.",
    ),
    (2, 1): (
        "Lived, professional and academic knowledge are valued equally.",
        "What people know from life counts as much as what they know from work or study.",
    ),
    (2, 5): (
        "Chairing and facilitating meetings is shared, not always done by the same people.",
        "Different people take turns to run meetings, not always the same ones.",
    ),
    (3, 2): (
        "The organisations involved act on the group’s decisions.",
        "The organisations in the project do what the group decides.",
    ),
    (3, 4): (
        "Community members get the same information as staff, at the same time.",
        "Community members get the same papers as staff, at the same time.",
    ),
    (3, 5): (
        "Organisational processes (payment, ethics, contracts) adapt to community members, not only the other way round.",
        "The organisations change their rules (for pay, ethics and contracts) to suit community members, not only the other way round.",
    ),
    (4, 1): (
        "Participants gain skills, confidence or opportunities by taking part.",
        "People gain skills, confidence or new chances by taking part.",
    ),
    (4, 3): (
        "Participants hear what happened as a result of their input.",
        "People are told what changed because of what they said.",
    ),
    (4, 4): (
        "Benefits from the project are shared fairly with the community.",
        "What the project gains is shared fairly with the community.",
    ),
}


def reword(apps, schema_editor, *, forwards=True):
    Section = apps.get_model("powercheck", "Section")
    Question = apps.get_model("powercheck", "Question")
    for (section_order, order), (old, new) in REWORDED.items():
        before, after = (old, new) if forwards else (new, old)
        if order is None:
            Section.objects.filter(
                checklist__slug="farr-2018", order=section_order, title=before
            ).update(title=after)
        else:
            Question.objects.filter(
                section__checklist__slug="farr-2018",
                section__order=section_order,
                project=None,
                order=order,
                text=before,
            ).update(text=after)


def back(apps, schema_editor):
    reword(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("powercheck", "0003_anonymous_round_reminders")]

    operations = [migrations.RunPython(reword, back)]
