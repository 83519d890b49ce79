from django.apps import AppConfig


def get_open_invitation_ids(ids: set[int]) -> set[int]:
    """Which of these invitations can still be answered (for the reminder sweep)."""
    from .models import Invitation

    return set(Invitation.objects.still_open().filter(pk__in=ids).values_list("pk", flat=True))


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = "Stakeholders"

    def ready(self) -> None:
        from projects.reminders import EVENT_CHECKS

        # A chaser is never sent for an invitation answered, revoked or replaced, even one
        # whose cancellation landed while a sweep was already holding it.
        EVENT_CHECKS["invitation"] = get_open_invitation_ids
