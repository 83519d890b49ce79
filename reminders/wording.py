"""What each kind of reminder email says beyond its title: the notices' wording, the label
of its time, the sentence before its title, and which kinds show no time."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from .models import Reminder


@dataclass(frozen=True)
class Notice:
    """What a notice's email says after its title, and what its link says."""

    body: str
    link_label: str


# Notices tell a member that something they agreed to has changed (``Reminder.is_notice``).
NOTICES = {
    Reminder.Kind.GROUND_RULES_CHANGED: Notice(
        gettext_lazy(
            "You agreed to an earlier version. Please read what changed and, if you agree, "
            "agree to the ground rules as they are now."
        ),
        gettext_lazy("Read what changed and agree again:"),
    ),
}

# Each label reads with its value: "Open: until the end of …", "Due: Wednesday …".
WHEN_LABELS = {
    Reminder.Kind.ROUND_CLOSING: gettext_lazy("Open"),
    Reminder.Kind.COMMUNICATION_DUE: gettext_lazy("Due"),
    Reminder.Kind.INVITATION_CHASER: gettext_lazy("Your invitation works until"),
    Reminder.Kind.PROPOSAL_CLOSING: gettext_lazy("Open"),
    Reminder.Kind.PROPOSAL_DECIDED: gettext_lazy("Decided"),
    Reminder.Kind.MEETING: gettext_lazy("When"),
    Reminder.Kind.ACTION_DUE: gettext_lazy("Due"),
    # A version sent to partners to sign: reminded once, a week on, and asked within two.
    Reminder.Kind.SIGNATURE: gettext_lazy("Please answer by"),
    Reminder.Kind.CLAIM: gettext_lazy("The payment policy promises to pay it by"),
    Reminder.Kind.ASSESSMENT_DUE: gettext_lazy("To be done by"),
    Reminder.Kind.INVITATION_ANSWERED: gettext_lazy("Answered"),
}
# Kinds that tell of something that has happened: the email says when it did (when the
# reminder was made), its subject is its title, and its event is only how long it is worth
# sending.
HAPPENED = {Reminder.Kind.INVITATION_ANSWERED}

# What the email says before the title, for kinds that are not "This is a reminder:". The
# meeting's title carries its place and online link (meetings/reminders.py).
LEADS = {
    Reminder.Kind.MEETING: gettext_lazy("A meeting you are invited to is coming up:"),
    Reminder.Kind.ACTION_DUE: gettext_lazy("An action you agreed to take is due:"),
    Reminder.Kind.DIGEST: gettext_lazy("What changed in the project, and what is coming up:"),
}
# Kinds whose email has no time to show (a digest is about the week gone, not an event).
WITHOUT_WHEN = {Reminder.Kind.DIGEST}
