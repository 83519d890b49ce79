"""The default checklist: Farr's (2018) four headings, with statements in our own words."""

from django.db import migrations

CITATION = (
    "Farr, M. (2018) ‘Power dynamics and collaborative mechanisms in co-production and "
    "co-design processes’, Critical Social Policy, 38(4), pp. 623–644. "
    "doi:10.1177/0261018317747444"
)

CHECKLIST = {
    "slug": "farr-2018",
    "title": "Power dynamics check, after Farr (2018)",
    "citation": CITATION,
}

SECTIONS = [
    {
        "title": "Who is involved in co-production?",
        "statements": [
            "Everyone affected by the project is represented in the group, including people with lived experience.",
            "We reach beyond the usual suspects to people who are seldom heard.",
            "Community members help decide who else is invited to take part.",
            "Practical barriers to taking part (time, cost, travel, access, language, caring) are removed.",
            "People are paid or recognised fairly for the time they give.",
        ],
        "suggested_actions": [
            "Ask community members who is missing from the group, and invite them together.",
            "Agree a payment and expenses policy for community members before the next meeting.",
            "Ask each member what makes taking part hard, and remove one barrier each month.",
        ],
    },
    {
        "title": "Social interaction",
        "statements": [
            "Lived, professional and academic knowledge are valued equally.",
            "Everyone gets a fair chance to speak, and quieter voices are invited in.",
            "People can disagree without fear of what will happen.",
            "Jargon is avoided, or explained when it is used.",
            "Chairing and facilitating meetings is shared, not always done by the same people.",
        ],
        "suggested_actions": [
            "Take turns chairing meetings, with community members chairing at least every other one.",
            "Keep a jargon list at every meeting and explain any word on it.",
            "Start each meeting with a round where everyone speaks once before open discussion.",
        ],
    },
    {
        "title": "Working within and across institutional structures",
        "statements": [
            "It is clear which decisions the group makes and which are made elsewhere.",
            "The organisations involved act on the group’s decisions.",
            "Budgets, timelines and rules are open to discussion by the whole group.",
            "Community members get the same information as staff, at the same time.",
            "Organisational processes (payment, ethics, contracts) adapt to community members, not only the other way round.",
        ],
        "suggested_actions": [
            "Write down which decisions the group makes and which are made elsewhere, and share it.",
            "Share the project budget and timeline with the whole group and review them together.",
            "Send community members every paper staff receive, at the same time.",
        ],
    },
    {
        "title": "What changes do people make because of co-production?",
        "statements": [
            "Participants gain skills, confidence or opportunities by taking part.",
            "Services, policies or research change because of the group’s work.",
            "Participants hear what happened as a result of their input.",
            "Benefits from the project are shared fairly with the community.",
            "The group reflects together on power and acts on what it finds.",
        ],
        "suggested_actions": [
            "Send everyone a short “you said, we did” update after each decision.",
            "Agree with community members how the project’s benefits will be shared.",
            "Repeat this check in three months and discuss the results together.",
        ],
    },
]


def load_checklist(apps, schema_editor):
    Checklist = apps.get_model("powercheck", "Checklist")
    Section = apps.get_model("powercheck", "Section")
    Question = apps.get_model("powercheck", "Question")
    checklist, _ = Checklist.objects.update_or_create(
        slug=CHECKLIST["slug"], defaults={k: v for k, v in CHECKLIST.items() if k != "slug"}
    )
    for order, data in enumerate(SECTIONS, start=1):
        section, _ = Section.objects.update_or_create(
            checklist=checklist,
            order=order,
            defaults={
                "title": data["title"],
                "citation": CITATION,
                "suggested_actions": data["suggested_actions"],
            },
        )
        for q_order, text in enumerate(data["statements"], start=1):
            Question.objects.update_or_create(
                section=section,
                project=None,
                order=q_order,
                defaults={"text": text, "citation": CITATION},
            )


def remove_checklist(apps, schema_editor):
    apps.get_model("powercheck", "Checklist").objects.filter(slug=CHECKLIST["slug"]).delete()


class Migration(migrations.Migration):
    dependencies = [("powercheck", "0001_power_check")]

    operations = [migrations.RunPython(load_checklist, remove_checklist)]
