"""Sign-off is true: a correction of wording keeps agreements; a change makes a new version,
members who had agreed are told by email and asked again, and the page and the charter say
exactly who agreed to which version."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agreements.actions import (
    do_add_ground_rule,
    do_agree_to_ground_rules,
    do_delete_ground_rule,
    do_move_ground_rule,
    do_update_ground_rule,
)
from agreements.charter import signoff_section
from charter.render import render_charter_pdf
from projects.actions import do_change_role
from projects.models import AuditEvent, Membership, Project, Role
from reminders.models import Reminder
from reminders.sweep import send_due_reminders
from tests.factories import CharterFactory, MembershipFactory, UserFactory

from ..charter.test_charter import pdf_text, section_text


def url(name: str, project: Project, *args) -> str:
    return reverse(name, args=[project.slug, *args])


def membership(user) -> Membership:
    return Membership.objects.get(user=user)


def agree(user, project: Project):
    return do_agree_to_ground_rules(membership=membership(user), version=None)


def notices():
    return Reminder.objects.filter(kind=Reminder.Kind.GROUND_RULES_CHANGED)


@pytest.fixture
def rule(project, facilitator):
    return do_add_ground_rule(project=project, text="Be kind.", by=facilitator)


@pytest.fixture
def group(project, facilitator, participant, observer, rule):
    """Who is asked to agree, each in a different state, and an observer who once agreed."""
    people = {
        "facilitator": facilitator,
        "participant": participant,
        "co-facilitator": MembershipFactory(
            project=project, role=Role.FACILITATOR, user=UserFactory(name="Cleo Facilitator")
        ).user,
        "quiet": MembershipFactory(
            project=project, user=UserFactory(name="Quinn Quiet"), reminders_enabled=False
        ).user,
        "newcomer": MembershipFactory(project=project, user=UserFactory(name="Nia New")).user,
        "observer": observer,
    }
    for who in ["facilitator", "participant", "co-facilitator", "quiet"]:
        agree(people[who], project)
    # Agreed as a participant, and is an observer now: no longer asked.
    Membership.objects.filter(user=observer).update(role=Role.PARTICIPANT)
    agree(observer, project)
    Membership.objects.filter(user=observer).update(role=Role.OBSERVER)
    return people


def edit(client, project, rule, text: str, kind: str | None):
    data = {"text": text} if kind is None else {"text": text, "kind": kind}
    return client.post(url("agreements-ground-rule-update", project, rule.pk), data)


def test_a_correction_keeps_every_agreement_and_is_on_the_timeline(as_user, project, rule, group):
    response = edit(as_user(group["facilitator"]), project, rule, "Be kind!", "correction")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.ground_rules_version == 1
    rule.refresh_from_db()
    assert rule.text == "Be kind!"
    page = as_user(group["participant"]).get(url("agreements-ground-rules", project))
    text = page.content.decode()
    assert "You agreed to these ground rules on" in text
    assert "Since then the facilitators corrected the wording" in text
    assert "Corrected “Be kind.” to read “Be kind!”" in text
    assert "I agree to these ground rules" not in text
    timeline = as_user(group["facilitator"]).get(url("projects-events", project)).content
    assert (
        "Corrected the wording of a ground rule, keeping agreements to version 1, from "
        "“Be kind.” to “Be kind!”"
    ) in timeline.decode()
    assert signoff_section(project)["not_agreed"] == 1  # only the newcomer, as before
    assert not notices().exists()
    send_due_reminders()
    assert mail.outbox == []


def test_a_change_resets_agreements_and_queues_one_email_per_member_who_had_agreed(
    as_user, project, rule, group
):
    response = edit(as_user(group["facilitator"]), project, rule, "Be kind, always.", "change")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.ground_rules_version == 2
    assert signoff_section(project)["not_agreed"] == 5
    # Queued, not sent inside the request: to everyone asked who had agreed, including a member
    # who turned reminders off, but not to whoever made the change, the newcomer who never
    # agreed, or the observer.
    assert mail.outbox == []
    assert {n.recipient for n in notices().pending()} == {
        group["participant"],
        group["co-facilitator"],
        group["quiet"],
    }
    result = send_due_reminders()
    assert result.sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        group[who].email for who in ["participant", "co-facilitator", "quiet"]
    )
    link = settings.SITE_URL + url("agreements-ground-rules", project)
    for message in mail.outbox:
        assert message.subject == (
            f"The ground rules of {project.title} have changed since you agreed to them"
        )
        assert "Read what changed and agree again: " + link in message.body
        assert "even if you turned reminders off" in message.body
        assert "Stop these reminders" not in message.body and "List-Unsubscribe" not in (
            message.extra_headers
        )
        assert f'href="{link}"' in message.alternatives[0][0]
    assert send_due_reminders().sent == 0, "once"


def test_the_page_tells_a_member_who_agreed_earlier_what_changed(as_user, project, rule, group):
    client = as_user(group["facilitator"])
    edit(client, project, rule, "Be kind, always.", "change")
    client.post(url("agreements-ground-rule-create", project), {"text": "Listen."})
    page = as_user(group["participant"]).get(url("agreements-ground-rules", project))
    text = page.content.decode()
    assert "The ground rules have changed since you agreed. Please read them and agree again." in (
        text
    )
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"You agreed to version 1 on {today}. They are now version 3." in text
    changes = text.split('id="changes-since-you-agreed"')[1].split("</ul>")[0]
    assert "Changed “Be kind.” to “Be kind, always.”" in changes
    assert changes.index("Changed") < changes.index("Added “Listen.”")
    rules = text.split('id="ground-rules"')[1].split("</ol>")[0]
    assert "Be kind, always. <span" in rules and "Changed since you agreed" in rules
    assert "New since you agreed" in rules
    row = text.split('id="agreements"')[1]
    assert re.search(r"Agreed to an earlier version</span> <span class=\"meta\">version 1, on", row)


def test_agreeing_again_calls_off_the_notice(as_user, project, rule, group):
    edit(as_user(group["facilitator"]), project, rule, "Be kind, always.", "change")
    as_user(group["participant"]).post(
        url("agreements-ground-rules-agree", project), {"version": 2}
    )
    send_due_reminders()
    assert group["participant"].email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 2


def test_adding_moving_and_removing_are_changes_and_members_get_one_email_for_them(
    project, rule, group
):
    by = group["facilitator"]
    other = do_add_ground_rule(project=project, text="Listen.", by=by)
    do_move_ground_rule(rule=other, direction="up", by=by)
    do_delete_ground_rule(rule=rule, by=by)
    project.refresh_from_db()
    assert project.ground_rules_version == 4
    # The notice of each version replaces the one not yet sent.
    assert notices().pending().count() == 3
    send_due_reminders()
    assert len(mail.outbox) == 3
    edits = list(project.ground_rule_edits.order_by("id").values_list("kind", "version"))
    assert edits == [("added", 1), ("added", 2), ("moved", 3), ("removed", 4)]


def test_a_member_who_becomes_an_observer_is_not_emailed(project, rule, group):
    do_update_ground_rule(rule=rule, text="Be kind, always.", by=group["facilitator"])
    do_change_role(membership=membership(group["participant"]), role=Role.OBSERVER, perspective="")
    send_due_reminders()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [group["co-facilitator"].email, group["quiet"].email]
    )


def test_an_edit_must_say_whether_it_is_a_correction_or_a_change(
    as_user, facilitator, project, rule
):
    client = as_user(facilitator)
    page = client.get(url("agreements-ground-rule-update", project, rule.pk)).content.decode()
    assert "Is this a correction or a change?" in page
    assert "(needed when you change the wording)" in page
    assert "(optional)" not in page
    response = edit(client, project, rule, "Be kind, always.", None)
    assert response.status_code == 422
    text = response.content.decode()
    assert "Choose whether this corrects the wording or changes the rule." in text
    assert 'value="Be kind, always."' in text
    rule.refresh_from_db()
    project.refresh_from_db()
    assert (rule.text, project.ground_rules_version) == ("Be kind.", 1)
    assert edit(client, project, rule, "Be kind.", None).status_code == 302, "nothing to say"
    assert AuditEvent.objects.filter(summary__contains="Be kind, always").count() == 0


# The charter's sign-off.


def signoff_text(client, project) -> str:
    page = client.get(url("charter-preview", project)).content.decode()
    section = page.split('id="sign-off"')[1].split("</section>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_signoff_when_everyone_asked_has_agreed(as_user, facilitator, participant, project, rule):
    agree(facilitator, project)
    agree(participant, project)
    text = signoff_text(as_user(facilitator), project)
    assert "2 of the 2 members asked to agree have agreed to the current ground rules" in text
    assert "Every member asked to agree has agreed to the current ground rules." in text
    assert "not agreed" not in text


def test_signoff_when_some_have_agreed_names_who_agreed_to_which_version(
    as_user, project, rule, group
):
    do_update_ground_rule(rule=rule, text="Be kind, always.", by=group["facilitator"])
    agree(group["co-facilitator"], project)
    text = signoff_text(as_user(group["facilitator"]), project)
    assert (
        "1 of the 5 members asked to agree has agreed to the current ground rules (version 2)."
        in (text)
    )
    assert "4 of the 5 members asked to agree have not agreed to the current ground rules yet." in (
        text
    )
    assert "Of them, 3 agreed only to earlier versions and 1 to none." in text
    assert "Every member" not in text
    current = text.split("Members who agreed only")[0].split("Members who have agreed")[1]
    assert "Cleo Facilitator Facilitator" in current
    earlier = text.split("Members who agreed only to an earlier version, not to version 2")[1]
    assert re.search(r"Quinn Quiet Participant \d+ \w+ \d{4} 1", earlier)
    assert "Members who have not agreed to any version yet Nia New (Participant)" in text
    assert group["observer"].name not in text, "observers are not asked"


def test_signoff_when_nobody_has_agreed(as_user, facilitator, participant, project, rule):
    text = signoff_text(as_user(facilitator), project)
    assert "Nobody has agreed to the current ground rules (version 1) yet." in text
    assert "2 of the 2 members asked to agree have not agreed" in text
    assert "None of them has agreed to any version." in text
    assert "Every member" not in text


def test_the_charter_pdf_shows_corrections_and_who_agreed_only_to_an_earlier_version(
    project, rule, group
):
    by = group["facilitator"]
    do_update_ground_rule(rule=rule, text="Be kind!", correction=True, by=by)
    _, text = pdf_text(render_charter_pdf(CharterFactory(project=project, version=1)))
    rules = section_text(text, "Ground rules", "Communication plan")
    assert "The wording of version 1 was corrected once, without changing what the rules mean" in (
        rules
    )
    assert "“Be kind.” now reads “Be kind!” (corrected on" in rules
    signoff = section_text(text, "Sign-off", "Page")
    assert (
        "4 of the 5 members asked to agree have agreed to the current ground rules (version 1)."
        in (signoff)
    )

    do_add_ground_rule(project=project, text="Listen.", by=by)
    project.refresh_from_db()
    _, text = pdf_text(render_charter_pdf(CharterFactory(project=project, version=2)))
    assert "was corrected" not in section_text(text, "Ground rules", "Communication plan")
    signoff = section_text(text, "Sign-off", "Page")
    assert "Nobody has agreed to the current ground rules (version 2) yet." in signoff
    assert "5 of the 5 members asked to agree have not agreed" in signoff
    assert "Of them, 4 agreed only to earlier versions and 1 to none." in signoff
    assert "Quinn Quiet Participant" in signoff.split("not to version 2")[1]
    assert "Every member" not in signoff


def test_edits_are_in_the_project_export_and_in_the_download_of_who_made_them(
    as_user, facilitator, project, rule
):
    do_update_ground_rule(rule=rule, text="Be kind!", correction=True, by=facilitator)
    client = as_user(facilitator)
    edits = client.get(url("projects-export", project)).json()["ground_rules"]["edits"]
    assert [(e["kind"], e["version"], e["old_text"], e["text"]) for e in edits] == [
        ("added", 1, "", "Be kind."),
        ("corrected", 1, "Be kind.", "Be kind!"),
    ]
    mine = client.get(reverse("account-data")).json()["ground_rule_edits_you_made"]
    assert sorted((e["kind"], e["text"]) for e in mine) == [
        ("added", "Be kind."),
        ("corrected", "Be kind!"),
    ]


def test_a_member_far_behind_sees_the_latest_fifty_changes_and_is_told_so(
    as_user, participant, project, rule
):
    agree(participant, project)
    for n in range(51):
        do_add_ground_rule(project=project, text=f"Rule {n}.")
    text = as_user(participant).get(url("agreements-ground-rules", project)).content.decode()
    changes = text.split('id="changes-since-you-agreed"')[1].split("</ul>")[0]
    assert changes.count("<li>") == 50
    assert "Added “Rule 0.”" not in changes and "Added “Rule 50.”" in changes
    assert "These are the latest 50 changes; the rules below are as they are now." in text
