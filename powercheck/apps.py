from django.apps import AppConfig


def get_open_round_ids(ids: set[int]) -> set[int]:
    """Which of these rounds still take answers (for the reminder sweep)."""
    from .models import Round

    return set(
        Round.objects.filter(pk__in=ids, status=Round.Status.OPEN).values_list("pk", flat=True)
    )


class PowercheckConfig(AppConfig):
    name = "powercheck"
    verbose_name = "Power dynamics check"

    def ready(self) -> None:
        from projects.calendar import EVENT_SOURCES
        from projects.reminders import EVENT_CHECKS

        from .calendar import get_round_dates

        if get_round_dates not in EVENT_SOURCES:
            EVENT_SOURCES.append(get_round_dates)
        # Nobody is reminded to answer a round that closed while a sweep held the reminder.
        EVENT_CHECKS["round"] = get_open_round_ids
