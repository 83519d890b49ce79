from django.apps import AppConfig


class PowercheckConfig(AppConfig):
    name = "powercheck"
    verbose_name = "Power dynamics check"

    def ready(self) -> None:
        from projects.calendar import EVENT_SOURCES

        from .calendar import get_round_dates

        if get_round_dates not in EVENT_SOURCES:
            EVENT_SOURCES.append(get_round_dates)
