from django.apps import AppConfig


class PowercheckConfig(AppConfig):
    name = "powercheck"
    verbose_name = "Power dynamics check"
